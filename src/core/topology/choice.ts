import * as path from 'node:path';
import { TOPOLOGY_FILE } from './parse';

/**
 * Which dubbo-topology.yaml of a workspace the editor uses, and why. Editor-free: the caller finds
 * the candidates and checks whether the file the setting names exists.
 *
 * - The `dubboTopology.topologyFile` setting, when it names a file that exists: a path relative to
 *   the first workspace folder, or absolute; a path not ending in dubbo-topology.yaml is the folder
 *   holding it. In Restricted Mode (`insideOnly`) only a file inside a workspace folder: a path
 *   outside them is not looked at at all (a UNC path would make the system authenticate to a server
 *   the workspace's author chose).
 * - Otherwise the shallowest candidate: a file at the root of a workspace folder first (in folder
 *   order), then the fewest folders deep; equally deep files by path, compared segment by segment in
 *   code-unit order so that every machine makes the same choice. Files under node_modules are never
 *   chosen.
 */

/** Why a file was chosen: named by the setting, at a workspace folder's root, the shallowest one, or none found. */
export type ChoiceReason = 'setting' | 'folder-root' | 'shallowest' | 'none';

export interface TopologyChoiceInput {
  /** Workspace folder roots (absolute paths), in workspace order. */
  folders: readonly string[];
  /** Every dubbo-topology.yaml found in the workspace (absolute paths), in any order. */
  candidates: readonly string[];
  /** The `dubboTopology.topologyFile` setting as written ('' when not set). */
  setting: string;
  /** Whether the file `settingTarget(setting, folders)` names exists (ignored for an empty setting). */
  settingExists: boolean;
  /** Restricted Mode: a setting naming a file outside every workspace folder is not used. */
  insideOnly?: boolean;
}

export interface TopologyChoice {
  /** Absolute path of the chosen dubbo-topology.yaml; undefined when there is none. */
  file: string | undefined;
  reason: ChoiceReason;
  /** The other topology files of the workspace, in the order of the default choice. */
  others: string[];
  /** The file the setting names when it does not exist (the raw setting when it cannot be resolved). */
  missing?: string;
  /** The file the setting names when it lies outside the workspace folders and `insideOnly` held. */
  outside?: string;
}

/** The absolute path of the topology file the setting names, or undefined (empty, or relative with no folder open). */
export function settingTarget(setting: string, folders: readonly string[]): string | undefined {
  const s = setting.trim();
  if (!s) return undefined;
  let target: string;
  if (path.isAbsolute(s)) target = path.resolve(s);
  else if (folders.length > 0) target = path.resolve(folders[0], s);
  else return undefined;
  return path.basename(target) === TOPOLOGY_FILE ? target : path.join(target, TOPOLOGY_FILE);
}

/** Whether an absolute path lies inside one of the folders (or is one of them). */
export function insideFolders(file: string, folders: readonly string[]): boolean {
  return folders.some((root) => {
    const rel = path.relative(root, file);
    return rel === '' || !(rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel));
  });
}

interface Ranked {
  file: string;
  depth: number;
  folder: number;
  segments: string[];
}

function segmentsOf(p: string): string[] {
  return p.split(/[\\/]+/).filter((s) => s !== '');
}

/** Where a candidate sits: the workspace folder it is least deep in (first such folder), or none. */
function rank(file: string, folders: readonly string[]): Ranked {
  let best: Ranked | undefined;
  folders.forEach((root, folder) => {
    const rel = path.relative(root, file);
    if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return;
    const segments = segmentsOf(rel);
    const depth = segments.length - 1;
    if (!best || depth < best.depth) best = { file, depth, folder, segments };
  });
  if (best) return best;
  const segments = segmentsOf(file);
  return { file, depth: segments.length - 1, folder: folders.length, segments };
}

function compareSegments(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function ranked(candidates: readonly string[], folders: readonly string[]): Ranked[] {
  const unique = [...new Set(candidates.map((c) => path.resolve(c)))];
  return unique
    .map((file) => rank(file, folders))
    .filter((r) => !r.segments.slice(0, -1).includes('node_modules'))
    .sort((a, b) => a.depth - b.depth || a.folder - b.folder || compareSegments(a.segments, b.segments));
}

/** The candidates (deduplicated, node_modules left out) in the order of the default choice. */
export function orderTopologyFiles(candidates: readonly string[], folders: readonly string[]): string[] {
  return ranked(candidates, folders).map((r) => r.file);
}

/** Which topology file to use, and why (see the module comment). */
export function chooseTopology(input: TopologyChoiceInput): TopologyChoice {
  const order = ranked(input.candidates, input.folders);
  let missing: string | undefined;
  let outside: string | undefined;
  if (input.setting.trim()) {
    const target = settingTarget(input.setting, input.folders);
    if (target !== undefined && input.insideOnly && !insideFolders(target, input.folders)) outside = target;
    else if (target !== undefined && input.settingExists) {
      return { file: target, reason: 'setting', others: order.map((r) => r.file).filter((f) => f !== target) };
    } else missing = target ?? input.setting.trim();
  }
  const first = order[0];
  const choice: TopologyChoice = first
    ? { file: first.file, reason: first.depth === 0 && first.folder < input.folders.length ? 'folder-root' : 'shallowest', others: order.slice(1).map((r) => r.file) }
    : { file: undefined, reason: 'none', others: [] };
  if (missing !== undefined) choice.missing = missing;
  if (outside !== undefined) choice.outside = outside;
  return choice;
}

/** The setting value naming `file`: relative to the first workspace folder (with `/`) when inside it, else absolute. */
export function settingValueFor(file: string, folders: readonly string[]): string {
  if (folders.length === 0) return file;
  const rel = path.relative(folders[0], file);
  if (!rel || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return file;
  return rel.split(path.sep).join('/');
}
