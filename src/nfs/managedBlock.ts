/**
 * Managed blocks in line-oriented system files (/etc/exports, /etc/fstab):
 *
 *     # BEGIN dubbo-topology share <id>
 *     …lines owned by the share…
 *     # END dubbo-topology share <id>
 *
 * Pure text functions. Every other byte of the file is kept as it was; writing the same block twice
 * changes nothing; removing a block restores the text from before it was added, byte for byte
 * (including a missing final newline). Problems are returned, never thrown.
 */

export function beginMarker(id: string): string {
  return `# BEGIN dubbo-topology share ${id}`;
}

export function endMarker(id: string): string {
  return `# END dubbo-topology share ${id}`;
}

export type BlockError = 'unterminated' | 'duplicate' | 'endWithoutBegin' | 'badId';

export type BlockResult =
  | { ok: true; text: string; changed: boolean }
  | { ok: false; error: BlockError; /** 0-based line of the offending marker */ line: number };

interface Line {
  start: number;
  /** Offset after the line's text, before its terminator. */
  end: number;
  /** Offset after the terminator (== end on the last line without one). */
  next: number;
  text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let i = 0;
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    const end = j > i && text[j - 1] === '\r' ? j - 1 : j;
    const next = j < text.length ? j + 1 : j;
    out.push({ start: i, end, next, text: text.slice(i, end) });
    i = next;
  }
  return out;
}

/** The file's line break: CRLF when its first line break is one, else LF. */
export function lineBreakOf(text: string): string {
  const j = text.indexOf('\n');
  return j > 0 && text[j - 1] === '\r' ? '\r\n' : '\n';
}

interface Found {
  begin: number;
  end: number;
  lines: Line[];
}

function locate(text: string, id: string): Found | undefined | { error: BlockError; line: number } {
  if (!id || /[\r\n]/.test(id)) return { error: 'badId', line: 0 };
  const lines = splitLines(text);
  const b = beginMarker(id);
  const e = endMarker(id);
  const begins: number[] = [];
  const ends: number[] = [];
  lines.forEach((l, i) => {
    const t = l.text.trimEnd();
    if (t === b) begins.push(i);
    else if (t === e) ends.push(i);
  });
  if (begins.length > 1) return { error: 'duplicate', line: begins[1] };
  if (ends.length > 1) return { error: 'duplicate', line: ends[1] };
  if (begins.length === 0 && ends.length === 0) return undefined;
  if (begins.length === 0) return { error: 'endWithoutBegin', line: ends[0] };
  if (ends.length === 0 || ends[0] < begins[0]) return { error: ends.length === 0 ? 'unterminated' : 'endWithoutBegin', line: ends.length === 0 ? begins[0] : ends[0] };
  return { begin: begins[0], end: ends[0], lines };
}

/** The lines between the markers, or undefined when the file has no block for `id`. */
export function readBlock(text: string, id: string): string[] | undefined {
  const f = locate(text, id);
  if (!f || 'error' in f) return undefined;
  return f.lines.slice(f.begin + 1, f.end).map((l) => l.text);
}

/** Writes the block for `id` with `body` lines: replaced in place when present, else appended. */
export function upsertBlock(text: string, id: string, body: readonly string[]): BlockResult {
  const f = locate(text, id);
  if (f && 'error' in f) return { ok: false, error: f.error, line: f.line };
  const eol = lineBreakOf(text);
  const block = [beginMarker(id), ...body, endMarker(id)].join(eol);
  if (!f) {
    let out: string;
    if (text.length === 0) out = block + eol;
    else if (text.endsWith('\n')) out = text + block + eol;
    // No final newline: keep it that way, so removal can give the original text back.
    else out = text + eol + block;
    return { ok: true, text: out, changed: true };
  }
  const first = f.lines[f.begin];
  const last = f.lines[f.end];
  const terminated = last.next > last.end;
  const replacement = block + (terminated ? text.slice(last.end, last.next) : '');
  const out = text.slice(0, first.start) + replacement + text.slice(last.next);
  return { ok: true, text: out, changed: out !== text };
}

/** Removes the block for `id` (and the line break added before it when it ends the file). */
export function removeBlock(text: string, id: string): BlockResult {
  const f = locate(text, id);
  if (!f) return { ok: true, text, changed: false };
  if ('error' in f) return { ok: false, error: f.error, line: f.line };
  const first = f.lines[f.begin];
  const last = f.lines[f.end];
  let from = first.start;
  if (last.next === last.end && f.begin > 0) from = f.lines[f.begin - 1].end;
  const out = text.slice(0, from) + text.slice(last.next);
  return { ok: true, text: out, changed: true };
}

/** 0-based lines of the block for `id` (markers included), for excluding them from other checks. */
export function blockLineRange(text: string, id: string): { first: number; last: number } | undefined {
  const f = locate(text, id);
  if (!f || 'error' in f) return undefined;
  return { first: f.begin, last: f.end };
}
