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
