import { LineIndex } from './text';
import type { Diagnostic, TextEdit } from './types';

/**
 * Applies edits to one file's text. Edits are applied from the end so earlier offsets stay valid;
 * overlapping edits after the first are skipped (returned in `skipped`); an edit identical to one
 * already applied is dropped.
 */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const idx = new LineIndex(text);
  const withOffsets = edits
    .map((e) => ({ e, start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: typeof withOffsets = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  for (const x of withOffsets) {
    // The same edit offered by several findings (e.g. one topology property fixing three configs) applies once.
    const prev = applied[applied.length - 1];
    if (prev && prev.start === x.start && prev.end === x.end && prev.e.newText === x.e.newText) continue;
    if (x.start < lastEnd) {
      skipped.push(x.e);
      continue;
    }
    applied.push(x);
    lastEnd = Math.max(lastEnd, x.end);
  }
  let out = text;
  for (let i = applied.length - 1; i >= 0; i--) {
    const { start, end, e } = applied[i];
    out = out.slice(0, start) + e.newText + out.slice(end);
  }
  return { text: out, applied: applied.map((a) => a.e), skipped };
}

/**
 * The edits `lint --fix` makes: the first fix of each diagnostic when it is safe, by file (before
 * overlaps are resolved: `applyEdits` does that against the text). With `file`, only fixes whose
 * every edit stays in that file (what fixing one editor document may change).
 */
export function safeFixEdits(diagnostics: readonly Diagnostic[], file?: string): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const d of diagnostics) {
    const fix = d.fixes[0];
    if (!fix?.safe || fix.edits.length === 0) continue;
    if (file !== undefined && (d.file !== file || fix.edits.some((e) => e.file !== file))) continue;
    for (const e of fix.edits) {
      const list = byFile.get(e.file);
      if (list) list.push(e);
      else byFile.set(e.file, [e]);
    }
  }
  return byFile;
}
