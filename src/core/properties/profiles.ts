import type { PropertiesFile, PropertyEntry } from './parse';
import type { Vantage } from '../analyzer';

/**
 * The Spring profiles the deploy activates for a vantage host's service, replacing the
 * `spring.profiles.active` of its files (a system property or environment variable outranks them):
 * the host's `properties:` in the topology, else its region's (both passed as -D), else a
 * `-Dspring.profiles.active=` in the service's `deploy.env` JAVA_TOOL_OPTIONS (read by the JVM itself,
 * before the topology's -D), else `SPRING_PROFILES_ACTIVE` there (as Spring reads environment
 * variables). JAVA_OPTS is not read: only launch scripts that choose to pass it on do. Undefined
 * when none of them says.
 */
export function activeProfiles(v: Vantage): string[] | undefined {
  const value = givenOutside(v, 'spring.profiles.active');
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
}

/**
 * The value the deploy gives a Spring key for a vantage host's service, from outside its files, read
 * as for `activeProfiles`: the host's or region's `properties:` (-D), else the service's `deploy.env`
 * (a `-D` in JAVA_TOOL_OPTIONS, else the variable Spring binds the key from: as a placeholder reads it,
 * or with its dashes dropped, `SPRING_CONFIG_ADDITIONALLOCATION`). Undefined when none gives it, or
 * for an nginx service.
 */
export function givenOutside(v: Vantage, key: string): string | undefined {
  const s = v.service;
  if (!s || s.kind === 'nginx') return undefined;
  let value = (v.host.properties.get(key) ?? v.host.region.properties.get(key))?.value;
  const env = s.deploy?.env;
  if (value === undefined && env) {
    if (env.JAVA_TOOL_OPTIONS) value = systemPropertyIn(env.JAVA_TOOL_OPTIONS, key);
    if (value === undefined) {
      const uniform = key.replace(/-/g, '').replace(/\./g, '_').toUpperCase();
      const name = envNameOf(key, env) ?? (Object.hasOwn(env, uniform) ? uniform : undefined);
      if (name !== undefined) value = env[name];
    }
  }
  return value;
}

/**
 * Where the deploy tells Spring Boot to read configuration files from besides (or instead of) the
 * ones in the workspace: `spring.config.location` and `spring.config.additional-location` given to
 * the service from outside its files (`givenOutside`; set in a file they have no effect), each as
 * `key=value`. The files there are on the host: the workspace does not hold their keys.
 */
export function outsideConfigLocations(v: Vantage): string[] {
  const out: string[] = [];
  for (const key of ['spring.config.location', 'spring.config.additional-location']) {
    const value = givenOutside(v, key)?.trim();
    if (value) out.push(`${key}=${value}`);
  }
  return out;
}

/**
 * The value of the last `-Dkey=value` among JVM options as the JVM splits JAVA_TOOL_OPTIONS: at
 * blanks, a run in single or double quotes kept whole (the quotes dropped).
 */
export function systemPropertyIn(options: string, key: string): string | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let quote = '';
  for (const c of options) {
    if (quote) {
      if (c === quote) quote = '';
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  const prefix = `-D${key}=`;
  let value: string | undefined;
  for (const w of words) if (w.startsWith(prefix)) value = w.slice(prefix.length);
  return value;
}

/**
 * The environment variable a placeholder key reads, as Spring's SystemEnvironmentPropertySource finds
 * it: the key itself, then with `.` and `-` as `_`, then either in upper case (`zk.address` →
 * `ZK_ADDRESS`).
 */
export function envNameOf(key: string, env: Readonly<Record<string, string>>): string | undefined {
  const underscored = key.replace(/[.-]/g, '_');
  for (const name of [key, underscored, key.toUpperCase(), underscored.toUpperCase()]) if (Object.hasOwn(env, name)) return name;
  return undefined;
}

/**
 * A list-valued key of a file (`spring.profiles.active`): its comma-separated value, or in YAML its
 * items (`key[0]`, `key[1]`, ...). Undefined when the file does not set it.
 */
function listOf(props: { byKey: ReadonlyMap<string, PropertyEntry> }, key: string): string[] | undefined {
  const whole = props.byKey.get(key);
  let items: string[] | undefined;
  if (whole) items = whole.value.split(',');
  else
    for (let i = 0; props.byKey.has(`${key}[${i}]`); i++) (items ??= []).push(...props.byKey.get(`${key}[${i}]`)!.value.split(','));
  return items?.map((p) => p.trim()).filter(Boolean);
}

/** A key that limits its Spring Boot document to a profile or platform (`spring.config.activate.on-profile`). */
export function isActivationKey(key: string): boolean {
  return key.startsWith('spring.config.activate.') || key === 'spring.profiles';
}

const GROUP = 'spring.profiles.group.';

/** The keys of a file's documents that no profile or platform limits (all of a file without such). */
function plainKeys(props: PropertiesFile): ReadonlyMap<string, PropertyEntry> {
  const docs = (props.own ?? props).documents;
  if (!docs) return props.byKey;
  const out = new Map<string, PropertyEntry>();
  for (const doc of docs) if (!doc.some((e) => isActivationKey(e.key))) for (const e of doc) out.set(e.key, e);
  return out;
}

/**
 * The profile groups a file defines (Spring Boot 2.4+): `spring.profiles.group.prod=proddb,prodmq`,
 * or in YAML a list under `spring.profiles.group.prod`. Added to `into`, where a group already there
 * (from a file that outranks this one: Spring binds each group from its highest source) is kept.
 */
export function profileGroupsOf(props: { byKey: ReadonlyMap<string, PropertyEntry> }, into = new Map<string, string[]>()): Map<string, string[]> {
  for (const key of props.byKey.keys()) {
    if (!key.startsWith(GROUP)) continue;
    // A YAML list's items (`...group.prod[0]`) are read together, at the first.
    const name = key.slice(GROUP.length).replace(/\[\d+\]$/, '');
    if (name === '' || into.has(name)) continue;
    const members = listOf(props, `${GROUP}${name}`);
    if (members) into.set(name, members);
  }
  return into;
}

/**
 * Profiles with their groups' members, as Spring Boot expands them: each profile followed by the
 * members of its group (and theirs, depth first), each profile once.
 */
export function expandProfiles(profiles: Iterable<string>, groups: ReadonlyMap<string, readonly string[]>): string[] {
  const out = new Set<string>();
  const visit = (p: string): void => {
    if (out.has(p)) return;
    out.add(p);
    for (const m of groups.get(p) ?? []) visit(m);
  };
  for (const p of profiles) visit(p);
  return [...out];
}

/**
 * The Spring profiles active on a host, as Spring Boot decides them from the service's files read
 * in `order` (lowest precedence first, profile-specific files left out): `outside` (what the deploy
 * sets, see `activeProfiles`) replaces the `spring.profiles.active` of the files (the last file
 * setting it wins); the `spring.profiles.include` of every file adds its profiles before those; the
 * files' `spring.profiles.group.*` add each group's members after its name (see `expandProfiles`).
 * `documents`: the profiles to read the files' profile documents with (undefined: nothing sets any,
 * each file reads its own); `profiles`: the active ones, Spring's `default` (and its group) when
 * there is none.
 */
export function springProfiles(
  outside: readonly string[] | undefined,
  order: readonly string[],
  read: (file: string) => PropertiesFile | undefined,
): { documents?: string[]; profiles: string[] } {
  let active = outside ? [...outside] : undefined;
  const include: string[] = [];
  const groups = new Map<string, string[]>();
  for (let i = order.length - 1; i >= 0; i--) {
    const props = read(order[i]);
    if (props) profileGroupsOf({ byKey: plainKeys(props) }, groups);
  }
  for (const f of order) {
    const props = read(f);
    if (!props) continue;
    if (!outside) active = listOf(props, 'spring.profiles.active') ?? active;
    include.push(...(listOf(props, 'spring.profiles.include') ?? []));
  }
  if (active === undefined && include.length === 0) {
    const profiles = expandProfiles(['default'], groups);
    return profiles.length > 1 ? { documents: profiles, profiles } : { profiles };
  }
  const documents = expandProfiles([...include, ...(active ?? [])], groups);
  return { documents, profiles: documents.length > 0 ? documents : expandProfiles(['default'], groups) };
}
