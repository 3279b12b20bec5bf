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
 *
 * The files on a host are bytes in whatever encoding their authors used (UTF-8, Latin-1, GBK …).
 * The `…Bytes` functions edit them without decoding: each byte is one character of the text the
 * functions above see (Latin-1 maps bytes 0–255 to characters 0–255 and back), and only the block's
 * own lines, encoded as UTF-8, are new bytes.
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
    // Trailing blanks only (space, tab …): a byte such as A0 ends a UTF-8 character in `…Bytes` text.
    const t = l.text.replace(/[ \t\v\f\r]+$/, '');
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
  // An existing block keeps the line break it was written with (the file's own may look different
  // when the file ended with a lone CR before the block was added).
  const eol = f ? text.slice(f.lines[f.begin].end, f.lines[f.begin].next) : lineBreakOf(text);
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
  if (last.next === last.end && f.begin > 0) {
    // The block ends the file without a line break: take away the one upsertBlock put before it,
    // the file's own (LF or CRLF), or LF when the file had none; never more than that line's break
    // (a file that ended with a lone CR keeps it).
    const prev = f.lines[f.begin - 1];
    const head = text.slice(0, first.start);
    const added = head.indexOf('\n') === head.length - 1 ? 1 : lineBreakOf(text).length;
    from = first.start - Math.min(added, prev.next - prev.end);
  }
  const out = text.slice(0, from) + text.slice(last.next);
  return { ok: true, text: out, changed: true };
}

/** 0-based lines of the block for `id` (markers included), for excluding them from other checks. */
export function blockLineRange(text: string, id: string): { first: number; last: number } | undefined {
  const f = locate(text, id);
  if (!f || 'error' in f) return undefined;
  return { first: f.begin, last: f.end };
}

export type BlockBytesResult =
  | { ok: true; bytes: Buffer; changed: boolean }
  | { ok: false; error: BlockError; /** 0-based line of the offending marker */ line: number };

/** A Unicode string as the one-character-per-byte text of its UTF-8 encoding. */
function utf8AsByteText(s: string): string {
  return Buffer.from(s, 'utf8').toString('latin1');
}

function toBytes(r: BlockResult): BlockBytesResult {
  return r.ok ? { ok: true, bytes: Buffer.from(r.text, 'latin1'), changed: r.changed } : r;
}

/** `upsertBlock` on a file's bytes: bytes outside the block are kept whatever their encoding. */
export function upsertBlockBytes(file: Buffer, id: string, body: readonly string[]): BlockBytesResult {
  return toBytes(upsertBlock(file.toString('latin1'), utf8AsByteText(id), body.map(utf8AsByteText)));
}

/** `removeBlock` on a file's bytes: the file from before the block was added, byte for byte. */
export function removeBlockBytes(file: Buffer, id: string): BlockBytesResult {
  return toBytes(removeBlock(file.toString('latin1'), utf8AsByteText(id)));
}
