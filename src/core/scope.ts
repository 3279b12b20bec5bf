import type { Workspace } from './analyzer';
import { TOPOLOGY_FILE } from './topology/parse';

/**
 * Which files of a workspace its topology looks for on its own. A folder below the root that holds
 * its own dubbo-topology.yaml is another system's: the files below it (at any depth) are judged by
 * that topology, so they are not taken here as files no service lists (an nginx config under an
 * `nginx/` folder, an XML binding the Dubbo namespace, a `.properties` file setting `dubbo.*` keys,
 * an exports file).
 *
 * A file the topology lists there (a service's `config:` or `properties:`, a share's `exportsFile`)
 * is still examined, and so are the nginx includes reached from a listed config: the analyzers take
 * those from the topology, not from this selection. The workspace's file list itself stays whole,
 * since include patterns, the nearest name for a missing listed file and Go to Definition look at
 * every file.
 */

const SUFFIX = `/${TOPOLOGY_FILE}`;

/**
 * The folders below the root holding a dubbo-topology.yaml (the root's own is not one), the
 * outermost only, sorted, from a sorted workspace file list.
 */
export function nestedTopologyFolders(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const f of files) if (f.endsWith(SUFFIX)) found.push(f.slice(0, -SUFFIX.length));
  if (found.length === 0) return found;
  found.sort();
  const out: string[] = [];
  for (const d of found) if (!out.some((o) => d.startsWith(`${o}/`))) out.push(d);
  return out;
}

interface Scope {
  /** The nested topology folders, each with a trailing `/`. */
  prefixes: string[];
  /** The file list without their files: the list itself when there are none. */
  own: readonly string[];
}

/** Kept per file list: the workspace hands back the same list until a file is created or deleted. */
const scopes = new WeakMap<readonly string[], Scope>();

function scopeOf(files: readonly string[]): Scope {
  let s = scopes.get(files);
  if (!s) {
    const prefixes = nestedTopologyFolders(files).map((d) => `${d}/`);
    const own = prefixes.length === 0 ? files : files.filter((f) => !prefixes.some((p) => f.startsWith(p)));
    scopes.set(files, (s = { prefixes, own }));
  }
  return s;
}

/**
 * The files of the workspace that are not another system's (see the module comment), sorted: the
 * same list while the workspace's list is the same, and the workspace's list itself when no folder
 * below the root holds a topology. Not to be changed.
 */
export function ownFiles(ws: Workspace): readonly string[] {
  return scopeOf(ws.files()).own;
}

const NONE = (): boolean => false;

/**
 * Whether a workspace-relative file lies below a folder holding another dubbo-topology.yaml, as the
 * workspace file list `files` tells (for any path, such as an unsaved new file not in the list).
 */
export function inNestedTopology(files: readonly string[]): (file: string) => boolean {
  const { prefixes } = scopeOf(files);
  return prefixes.length === 0 ? NONE : (file) => prefixes.some((p) => file.startsWith(p));
}
