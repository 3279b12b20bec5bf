import { LineIndex } from './text';
import type { TextEdit } from './types';

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
