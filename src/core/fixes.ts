import { LineIndex } from './text';
import type { Diagnostic, Finding, Fix, TextEdit } from './types';

/**
 * Applies edits to one file's text. Edits are applied from the end so earlier offsets stay valid;
 * overlapping edits after the first are skipped (returned in `skipped`); an edit identical to one
 * already applied is dropped. Line breaks in new text follow the file's: in a file whose lines end
 * in CRLF, an inserted `\n` is written as `\r\n`.
 */
export function applyEdits(text: string, edits: TextEdit[]): { text: string; applied: TextEdit[]; skipped: TextEdit[] } {
  const idx = new LineIndex(text);
  const crlf = usesCrlf(text);
  const withOffsets = edits
    .map((e) => ({ e, start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end) }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const applied: typeof withOffsets = [];
  const skipped: TextEdit[] = [];
  let lastEnd = -1;
  for (const x of withOffsets) {
    // The same edit offered by several findings (e.g. one topology property fixing three configs) applies once.
    if (applied.some((p) => p.start === x.start && p.end === x.end && p.e.newText === x.e.newText)) continue;
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
    out = out.slice(0, start) + (crlf ? toCrlf(e.newText) : e.newText) + out.slice(end);
  }
  return { text: out, applied: applied.map((a) => a.e), skipped };
}

/** Whether a text's lines end in CRLF (as its first line break does). */
function usesCrlf(text: string): boolean {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 13;
}

function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

/** The safe fixes a run can apply together, and those left for a later run. */
export interface FixPlan {
  /** The edits to make, by file (each edit once). */
  edits: Map<string, TextEdit[]>;
  /** How many diagnostics' fixes the edits make. */
  fixes: number;
  /**
   * Diagnostics whose safe fix was left out, whole: one of its edits overlaps an edit of a fix taken
   * before it, or inserts other text at the same place (two fixes each adding a `properties:` block
   * to the same region), or its file cannot be read. Fixing again after the others are applied
   * (`lint --fix` does) finds them on the new text.
   */
  deferred: Diagnostic[];
}

/**
 * The fixes `lint --fix` and Fix All make: the first fix of each diagnostic when it is safe, taken
 * whole or not at all, in the diagnostics' order. An edit identical to one already taken (the same
 * topology property fixing several configs) is made once. With `file`, only fixes whose every edit
 * stays in that file (what fixing one editor document may change). `textOf` gives the texts the
 * diagnostics were computed on.
 */
export function planSafeFixes(diagnostics: readonly Diagnostic[], textOf: (file: string) => string | undefined, file?: string): FixPlan {
  const taken = new Map<string, { start: number; end: number; newText: string }[]>();
  const indexes = new Map<string, LineIndex | null>();
  const indexOf = (f: string): LineIndex | undefined => {
    let idx = indexes.get(f);
    if (idx === undefined) {
      const text = textOf(f);
      indexes.set(f, (idx = text === undefined ? null : new LineIndex(text)));
    }
    return idx ?? undefined;
  };
  const edits = new Map<string, TextEdit[]>();
  const deferred: Diagnostic[] = [];
  let fixes = 0;
  for (const d of diagnostics) {
    const fix = d.fixes[0];
    if (!fix?.safe || fix.edits.length === 0) continue;
    if (file !== undefined && (d.file !== file || fix.edits.some((e) => e.file !== file))) continue;
    const fresh: { e: TextEdit; at: { start: number; end: number; newText: string } }[] = [];
    let ok = true;
    for (const e of fix.edits) {
      const idx = indexOf(e.file);
      if (!idx) {
        ok = false;
        break;
      }
      const at = { start: idx.offsetAt(e.range.start), end: idx.offsetAt(e.range.end), newText: e.newText };
      const before = taken.get(e.file) ?? [];
      if (before.some((t) => t.start === at.start && t.end === at.end && t.newText === at.newText)) continue;
      if (before.some((t) => t.start === at.start || (at.start < t.end && t.start < at.end))) {
        ok = false;
        break;
      }
      fresh.push({ e, at });
    }
    if (!ok) {
      deferred.push(d);
      continue;
    }
    fixes++;
    for (const { e, at } of fresh) {
      const list = taken.get(e.file);
      if (list) list.push(at);
      else taken.set(e.file, [at]);
      const out = edits.get(e.file);
      if (out) out.push(e);
      else edits.set(e.file, [e]);
    }
  }
  return { edits, fixes, deferred };
}

/**
 * The findings with only the fixes that change something: an edit writing the text already in its
 * range is left out, and a fix left with no edit is not offered (a `safe` fix that changes nothing
 * would leave its finding for `--fix` to report again). `read` gives the texts the findings were
 * computed on. Returns `findings` itself when every fix changes something (cached findings stay the
 * same objects). `indexes` keeps the files' line indexes between calls on the same texts (a lint
 * run's files: many files' fixes edit the topology).
 */
export function withoutIdleFixes(
  findings: Finding[],
  read: (file: string) => string | undefined,
  indexes: Map<string, LineIndex | null> = new Map(),
): Finding[] {
  let out: Finding[] | undefined;
  const idle = (e: TextEdit): boolean => {
    let idx = indexes.get(e.file);
    if (idx === undefined) {
      const text = read(e.file);
      indexes.set(e.file, (idx = text === undefined ? null : new LineIndex(text)));
    }
    if (!idx) return false;
    const start = idx.offsetAt(e.range.start);
    const end = idx.offsetAt(e.range.end);
    return end - start === e.newText.length && idx.text.slice(start, end) === e.newText;
  };
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i];
    if (!f.fixes || f.fixes.length === 0) continue;
    let fixes: Fix[] | undefined;
    for (let j = 0; j < f.fixes.length; j++) {
      const fix = f.fixes[j];
      const kept = fix.edits.some(idle) ? fix.edits.filter((e) => !idle(e)) : fix.edits;
      if (kept !== fix.edits && !fixes) fixes = f.fixes.slice(0, j);
      if (fixes && kept.length > 0) fixes.push(kept === fix.edits ? fix : { ...fix, edits: kept });
    }
    if (!fixes) continue;
    out ??= findings.slice();
    out[i] = { ...f, fixes };
  }
  return out ?? findings;
}
