import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import type { Diagnostic } from '../../../src/core/types';
import { lintFiles, TWO_REGIONS } from './lint';

/** The seed's share on the two-region topology: api-1 (华东1) serves, api-2 (华东2) mounts. */
export function shareYaml(opts: { options?: string; exportsFile?: string | null; clients?: string; path?: string } = {}): string {
  const lines = [
    'shares:',
    '  upload:',
    '    server: api-1',
    `    path: ${opts.path ?? '/home/wwwroot/upload'}`,
    `    clients: ${opts.clients ?? '[api-2]'}`,
    '    mount: /home/wwwroot/upload',
    `    options: ${opts.options ?? '[rw, sync]'}`,
  ];
  if (opts.exportsFile !== null) lines.push(`    exportsFile: ${opts.exportsFile ?? 'nfs/exports'}`);
  return TWO_REGIONS + lines.join('\n') + '\n';
}

/** Lints an exports file: as the share's exportsFile (default) or as a file no share lists. */
export function lintExports(
  exportsText: string,
  opts: { listed?: boolean; yaml?: string; locale?: string; file?: string } = {},
): Diagnostic[] {
  const file = opts.file ?? 'nfs/exports';
  const yaml = opts.yaml ?? (opts.listed === false ? TWO_REGIONS : shareYaml({ exportsFile: file }));
  return lintFiles({ 'dubbo-topology.yaml': yaml, [file]: exportsText }, { analyzers: [exportsAnalyzer], locale: opts.locale });
}

/** The line of the topology text (0-based) that contains `needle`. */
export function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle));
}
