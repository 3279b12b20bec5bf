import { elsewhereOnClasspath, importPath, isClasspath } from '../springResources';
import type { PropertiesFile, PropertyEntry } from './parse';
import { isKeyValueFile } from './yaml';

/**
 * Spring Boot's `spring.config.import` (2.4+): more configuration files read as part of the one that
 * names them, each after it (its keys win over the declaring file's), in the order they are named (a
 * later one wins), each followed by the files it imports in turn. A file named with an extension is
 * also read in its profile-specific forms for the active profiles (`dubbo.yml` then `dubbo-dr.yml`),
 * as Spring Boot reads `application.yml` and `application-dr.yml`.
 *
 * Locations are found in the workspace as Spring finds resources (springResources.ts), with
 * `optional:` taken off. Not followed: a location with a `${placeholder}`, a folder (ending in `/`), a
 * wildcard, an extension hint (`[.yaml]`), a file that is not `.properties`, `.yml` or `.yaml`, and
 * the other sources (`configserver:`, `nacos:`, `configtree:`, ...), whose keys the workspace does
 * not hold: they, and a file the workspace lacks that Spring must find to start (no `optional:`), are
 * the reading's unknown sources (`unknownSources`), as are the remote configuration servers Spring
 * Cloud, Nacos and Apollo read at start-up when a key names one (`REMOTE_CONFIG_KEYS`).
 */

const CONFIG_IMPORT_KEY = 'spring.config.import';

/** One location named by `spring.config.import`. */
export interface ConfigImport {
  entry: PropertyEntry;
  /** As written, `optional:` included. */
  location: string;
  /** Where the location starts and ends in the entry's value. */
  start: number;
  end: number;
  /** Whether Spring starts without it (`optional:`). */
  optional: boolean;
  /** The workspace path Spring would read, when the location is one followed here. */
  path?: string;
}

/** Whether an entry sets `spring.config.import` (as one value, or as a list item: `spring.config.import[0]`). */
function isImportKey(key: string): boolean {
  return key === CONFIG_IMPORT_KEY || (key.startsWith(`${CONFIG_IMPORT_KEY}[`) && /^\[\d+\]$/.test(key.slice(CONFIG_IMPORT_KEY.length)));
}

/**
 * The locations a reading of a file imports, in the order written (a comma-separated value is
 * several locations, as Spring splits it). `file` is the declaring file's workspace path, `root` the
 * workspace root on disk.
 */
export function configImports(file: string, props: PropertiesFile, root: string): ConfigImport[] {
  const out: ConfigImport[] = [];
  for (const entry of props.entries) {
    if (!isImportKey(entry.key)) continue;
    let at = 0;
    for (const part of entry.value.split(',')) {
      const from = at;
      at += part.length + 1;
      const location = part.trim();
      if (location === '') continue;
      const optional = location.startsWith('optional:');
      const rest = optional ? location.slice('optional:'.length).trim() : location;
      const start = from + part.indexOf(location);
      const one: ConfigImport = { entry, location, start, end: start + location.length, optional };
      if (!/[*?[]/.test(rest) && !rest.endsWith('/')) {
        const path = importPath(file, rest, root);
        if (path !== undefined && path !== '' && isKeyValueFile(path)) one.path = path;
      }
      out.push(one);
    }
  }
  return out;
}

/**
 * An import as Spring reads it: a `classpath:` file the declaring module (`file`'s) lacks is the one
 * another module's resources folder holds, when the workspace (`files`) has one
 * (`elsewhereOnClasspath`); Spring finds it there when the module depends on that one.
 */
export function onClasspath(i: ConfigImport, file: string, exists: (path: string) => boolean, files: () => readonly string[]): ConfigImport {
  if (i.path === undefined || exists(i.path) || !isClasspath(withoutOptional(i.location))) return i;
  const other = elsewhereOnClasspath(i.path, file, files());
  return other === undefined ? i : { ...i, path: other };
}

function withoutOptional(location: string): string {
  return location.startsWith('optional:') ? location.slice('optional:'.length) : location;
}

/**
 * A file's `spring.config.import` locations (in any of its documents) that name a workspace path
 * without `optional:` which is not there (`exists`): Spring Boot would not start, and the file's
 * findings change when one appears. A `classpath:` file another module's resources folder holds
 * (among `files`, the workspace's) is not missing (`elsewhereOnClasspath`).
 */
export function missingConfigImports(
  file: string,
  props: PropertiesFile,
  root: string,
  exists: (path: string) => boolean,
  files: readonly string[],
): (ConfigImport & { path: string })[] {
  return nowhereElse(classpathMisses(file, props, root, exists), file, files);
}

/** The misses of `file` but the `classpath:` ones another module holds (`elsewhereOnClasspath`). */
function nowhereElse<T extends ConfigImport & { path: string }>(misses: T[], file: string, files: readonly string[]): T[] {
  return misses.filter((i) => !(isClasspath(i.location) && elsewhereOnClasspath(i.path, file, files)));
}

/** The locations of missingConfigImports before the other modules are looked in. */
function classpathMisses(file: string, props: PropertiesFile, root: string, exists: (path: string) => boolean): (ConfigImport & { path: string })[] {
  return notThere(everyImport(file, props, root), exists).filter((i) => !i.optional);
}

/** The imports of every document of a file. */
function everyImport(file: string, props: PropertiesFile, root: string): ConfigImport[] {
  return configImports(file, props.documents ? { ...props, entries: props.documents.flat() } : props, root);
}

/** The imports naming a workspace path that is not there. */
function notThere(imports: ConfigImport[], exists: (path: string) => boolean): (ConfigImport & { path: string })[] {
  return imports.filter((i): i is ConfigImport & { path: string } => i.path !== undefined && !exists(i.path));
}

/**
 * For the engine: the paths of missingConfigImports (the file's findings change when one appears), and
 * whether one of the locations is a `classpath:` file its own module lacks, looked for in the other
 * modules (they change when files are created or deleted anywhere).
 */
export function configImportLookups(
  file: string,
  props: PropertiesFile,
  root: string,
  exists: (path: string) => boolean,
  files: readonly string[],
): { paths: string[]; elsewhere: boolean } {
  const absent = notThere(everyImport(file, props, root), exists);
  return {
    paths: nowhereElse(absent.filter((i) => !i.optional), file, files).map((i) => i.path),
    elsewhere: absent.some((i) => isClasspath(withoutOptional(i.location))),
  };
}

/**
 * The workspace files the imports of a reading of a file (`configImports`) make Spring read after it,
 * in reading order: each imported file that exists, then its profile-specific forms for `profiles` (in
 * order, the later winning) that exist. Only these imports, not the ones they make in turn.
 */
export function importedFiles(imports: readonly ConfigImport[], profiles: readonly string[], exists: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const i of imports) {
    if (i.path === undefined) continue;
    if (exists(i.path)) out.push(i.path);
    const dot = i.path.lastIndexOf('.');
    for (const p of profiles) {
      const variant = `${i.path.slice(0, dot)}-${p}${i.path.slice(dot)}`;
      if (exists(variant)) out.push(variant);
    }
  }
  return out;
}

/**
 * `order` (a service's listed key-value files, lowest precedence first) with the files each imports
 * right after it, at any depth; a file already in the order, or imported before, keeps its first place
 * (an import cycle ends where it comes back).
 */
export function withImports(order: readonly string[], importsOf: (file: string) => readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set(order);
  const visit = (file: string): void => {
    out.push(file);
    for (const f of importsOf(file)) {
      if (seen.has(f)) continue;
      seen.add(f);
      visit(f);
    }
  };
  for (const f of order) visit(f);
  return out;
}

/**
 * Keys that make a service read more keys at start-up from a configuration server the workspace cannot
 * see, when set (to anything but `false`): Spring Cloud Alibaba's Nacos config, Spring Cloud Config,
 * the Nacos Spring Boot starter, and Apollo's bootstrap (only when `true`).
 */
const REMOTE_CONFIG_KEYS: Record<string, 'set' | 'true'> = {
  'spring.cloud.nacos.config.server-addr': 'set',
  'spring.cloud.config.uri': 'set',
  'nacos.config.server-addr': 'set',
  'apollo.bootstrap.enabled': 'true',
};

/** Keys that turn such a server off again. */
const REMOTE_CONFIG_OFF: Record<string, string> = {
  'spring.cloud.nacos.config.server-addr': 'spring.cloud.nacos.config.enabled',
  'spring.cloud.config.uri': 'spring.cloud.config.enabled',
};

/**
 * The imports of a reading of a file (`configImports`) whose keys the workspace does not hold, each as
 * written (`nacos:order.yml`): other sources and locations not followed, and files missing from the
 * workspace without `optional:` (Spring does not start without them, so they are there on the host).
 */
export function unknownImports(imports: readonly ConfigImport[], exists: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const i of imports) {
    if (i.path === undefined || (!i.optional && !exists(i.path))) out.push(i.location);
  }
  return out;
}

/**
 * The configuration servers a service reads keys from at start-up, by the keys naming them
 * (`value(key)`: the value the service reads, the last file setting it winning), each as
 * `key=value`.
 */
export function remoteConfigServers(value: (key: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const [key, when] of Object.entries(REMOTE_CONFIG_KEYS)) {
    const v = value(key)?.trim();
    if (v === undefined || v === '') continue;
    const lower = v.toLowerCase();
    if (when === 'true' ? lower !== 'true' : lower === 'false') continue;
    const off = REMOTE_CONFIG_OFF[key];
    if (off !== undefined && value(off)?.trim().toLowerCase() === 'false') continue;
    out.push(`${key}=${v}`);
  }
  return out;
}
