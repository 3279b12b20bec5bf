import { isAbsolute, resolve } from 'node:path';
import { cliMessages } from './core/cliMessages';
import { report } from './core/engine';
import { NodeWorkspace } from './core/nodeWorkspace';
import type { Topology } from './core/topology/model';
import { parseTopology, TOPOLOGY_FILE } from './core/topology/parse';
import type { Locale } from './core/types';

/** A usage error of a command: its message goes to stderr with exit code 2. */
export class UsageError extends Error {}

/**
 * Parses a command's arguments; a usage error is written to `err` and yields undefined (exit code 2).
 */
export function parseOrReport<T>(parse: () => T, err: (s: string) => void): T | undefined {
  try {
    return parse();
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return undefined;
    }
    throw e;
  }
}

/**
 * The topology of a workspace folder for the `registry` and `reach` commands: undefined when there
 * is none or it does not parse — said on `err` (with file:line of each syntax error), exit code 2.
 */
export function loadCliTopology(folder: string, cwd: string, locale: Locale, err: (s: string) => void): { root: string; ws: NodeWorkspace; topology: Topology } | undefined {
  const root = isAbsolute(folder) ? folder : resolve(cwd, folder);
  const ws = new NodeWorkspace(root);
  const text = ws.read(TOPOLOGY_FILE);
  if (text === undefined) {
    err(cliMessages(locale).noTopology(root));
    return undefined;
  }
  const parsed = parseTopology(TOPOLOGY_FILE, text);
  // A topology that does not parse: its errors instead of a guess at what it says.
  const broken = parsed.findings.filter((f) => f.rule === 'topology-syntax');
  if (broken.length > 0) {
    for (const d of report(broken, ws, parsed.topology, { locale })) {
      err(`${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.rule} ${d.message}`);
    }
    return undefined;
  }
  return { root, ws, topology: parsed.topology };
}
