import type { Position, Range } from './types';

/** Maps string offsets (UTF-16 code units) to 0-based line/character positions and back. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // The common case: `\n` only, found natively.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the CR and LF of a line break is taken as the end of the line.
    return { line: lo, character: Math.min(o, this.lineEnd(lo)) - this.starts[lo] };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.starts.length) return this.text.length;
    if (p.line < 0) return 0;
    return Math.min(this.starts[p.line] + p.character, this.lineEnd(p.line));
  }

  rangeOf(start: number, end: number): Range {
    const s = this.positionAt(start);
    // Most ranges end on the line they start on: no second search then.
    const next = this.starts[s.line + 1];
    if (end >= start && (next === undefined || end < next)) {
      const o = Math.max(0, Math.min(end, this.text.length));
      return { start: s, end: { line: s.line, character: Math.min(o, this.lineEnd(s.line)) - this.starts[s.line] } };
    }
    return { start: s, end: this.positionAt(end) };
  }

  /** Offset of the end of a line, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 < this.starts.length) {
      let e = this.starts[line + 1] - 1;
      if (e > this.starts[line] && this.text.charCodeAt(e) === 10 && this.text.charCodeAt(e - 1) === 13) e--;
      return e;
    }
    return this.text.length;
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }
}

/** Whether `a` comes before `b` or is the same position. */
export function positionAtOrBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Whether `inner` (a range or a position) lies inside `outer`, its ends included. */
export function rangeContains(outer: Range, inner: Range | Position): boolean {
  const r = 'start' in inner ? inner : { start: inner, end: inner };
  return positionAtOrBefore(outer.start, r.start) && positionAtOrBefore(r.end, outer.end);
}

/**
 * What was made from each file's text, kept while the text is the same, and what was made from the
 * text before it (an edit undone, a stray character deleted, gives that text back): at most `size`
 * files, the least recently made dropped first. `make` gets what was made from the file's last text, to
 * build on.
 */
export class TextCache<T> {
  private readonly entries = new Map<string, { text: string; value: T; before?: { text: string; value: T } }>();

  constructor(private readonly size: number) {}

  get(file: string, text: string, make: (last: T | undefined) => T): T {
    const hit = this.entries.get(file);
    if (hit && hit.text === text) return hit.value;
    const value = hit?.before?.text === text ? hit.before.value : make(hit?.value);
    if (hit) this.entries.delete(file);
    else if (this.entries.size >= this.size) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(file, { text, value, before: hit && { text: hit.text, value: hit.value } });
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
