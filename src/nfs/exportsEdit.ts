/**
 * The share's managed block in /etc/exports: one line `path client(options) …` between the
 * `# BEGIN/END dubbo-topology share <id>` markers. Pure functions on text, and on the file's bytes
 * for the commands that rewrite it (see managedBlock.ts).
 */
import { normalizeExportPath, parseExports } from '../core/nfs/exports';
import { exportOptionsWithDefaults } from '../core/nfs/options';
import {
  blockLineRange,
  readBlock,
  removeBlock,
  removeBlockBytes,
  upsertBlock,
  upsertBlockBytes,
  type BlockBytesResult,
  type BlockResult,
} from './managedBlock';

export interface ExportSpec {
  shareId: string;
  /** Exported directory on the server (absolute). */
  path: string;
  /** Client addresses as the server sees them. */
  clients: readonly string[];
  /** The share's export options; safe defaults fill the families it leaves open. */
  options: readonly string[];
}

/** exports(5) path escaping: whitespace, `"`, `\`, `#` and control characters as `\ooo`. */
export function escapeExportPath(path: string): string {
  let out = '';
  for (const ch of path) {
    const c = ch.charCodeAt(0);
    if (c < 0x20 || c === 0x7f || ch === ' ' || ch === '"' || ch === '\\' || ch === '#') out += '\\' + c.toString(8).padStart(3, '0');
    else out += ch;
  }
  return out;
}

/** The line written for the share. */
export function exportLine(spec: ExportSpec): string {
  const opts = exportOptionsWithDefaults(spec.options).join(',');
  return [escapeExportPath(spec.path), ...spec.clients.map((c) => `${c}(${opts})`)].join(' ');
}

export function upsertExport(text: string, spec: ExportSpec): BlockResult {
  return upsertBlock(text, spec.shareId, [exportLine(spec)]);
}

export function removeExport(text: string, shareId: string): BlockResult {
  return removeBlock(text, shareId);
}

/** `upsertExport` on the file's bytes: every byte outside the block is kept, whatever its encoding. */
export function upsertExportBytes(file: Buffer, spec: ExportSpec): BlockBytesResult {
  return upsertBlockBytes(file, spec.shareId, [exportLine(spec)]);
}

export function removeExportBytes(file: Buffer, shareId: string): BlockBytesResult {
  return removeBlockBytes(file, shareId);
}

export function readExportBlock(text: string, shareId: string): string[] | undefined {
  return readBlock(text, shareId);
}

/** 1-based lines outside the share's block that export the same path (a hand-written entry). */
export function otherEntriesForPath(text: string, path: string, shareId: string): number[] {
  const own = blockLineRange(text, shareId);
  const p = normalizeExportPath(path);
  return parseExports(text)
    .entries.filter((e) => normalizeExportPath(e.path) === p)
    .map((e) => e.pathRange.start.line)
    .filter((l) => !own || l < own.first || l > own.last)
    .map((l) => l + 1);
}

/** True when the file still exports something (non-comment entries) once the share's block is gone. */
export function hasOtherExports(text: string, shareId: string): boolean {
  const r = removeBlock(text, shareId);
  return parseExports(r.ok ? r.text : text).entries.length > 0;
}
