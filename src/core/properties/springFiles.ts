/**
 * The files Spring Boot and Dubbo read by name from the classpath: Spring Boot's
 * `application.properties`, `application.yml` (`.yaml`) and their profile-specific variants
 * `application-{profile}.*`, Spring Cloud's `bootstrap.*` alike, and Dubbo's own `dubbo.properties`.
 */

/** What a file's name says of it as a Spring Boot configuration file. */
export interface SpringConfigName {
  /** `application` or `bootstrap`; `dubbo` for Dubbo's `dubbo.properties`. */
  name: 'application' | 'bootstrap' | 'dubbo';
  /** The profile of a profile-specific file (`prod` of `application-prod.yml`). */
  profile?: string;
  /** `properties` or `yaml`. */
  format: 'properties' | 'yaml';
}

const NAME = /^(application|bootstrap)(?:-([^/]+?))?\.(properties|ya?ml)$/;

/** The Spring Boot configuration file a workspace path names, if it names one. */
export function springConfigName(file: string): SpringConfigName | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1);
  if (base === 'dubbo.properties') return { name: 'dubbo', format: 'properties' };
  const m = NAME.exec(base);
  if (!m) return undefined;
  const out: SpringConfigName = { name: m[1] as 'application' | 'bootstrap', format: m[3] === 'properties' ? 'properties' : 'yaml' };
  if (m[2] !== undefined) out.profile = m[2];
  return out;
}

function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

/**
 * The order Spring Boot reads a service's key-value files in on a host where `profiles` are active
 * (in order), lowest precedence first: `files` as listed (a later one wins) without the
 * profile-specific files of profiles that are not active; and among the files of one folder and
 * name (`application`), as Spring Boot reads one location, the plain file before the
 * profile-specific ones, these in the order of their profiles (the later wins), and of the same
 * profile the YAML before the `.properties` (which wins). Each file once, at its last place.
 */
export function springReadOrder(files: readonly string[], profiles: readonly string[]): string[] {
  const kept: string[] = [];
  const seen = new Set<string>();
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i];
    if (seen.has(f)) continue;
    seen.add(f);
    const profile = springConfigName(f)?.profile;
    if (profile === undefined || profiles.includes(profile)) kept.push(f);
  }
  kept.reverse();
  const groups = new Map<string, number[]>();
  kept.forEach((f, i) => {
    const n = springConfigName(f);
    if (!n || n.name === 'dubbo') return;
    const key = `${folderOf(f)}\u0000${n.name}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });
  const rank = (f: string): number => {
    const n = springConfigName(f)!;
    return (n.profile === undefined ? 0 : 1 + profiles.lastIndexOf(n.profile)) * 2 + (n.format === 'properties' ? 1 : 0);
  };
  const out = [...kept];
  for (const places of groups.values()) {
    if (places.length < 2) continue;
    const sorted = places.map((p) => kept[p]).sort((a, b) => rank(a) - rank(b));
    places.forEach((p, k) => (out[p] = sorted[k]));
  }
  return out;
}
