import type { LineIndex } from '../text';
import type { Finding } from '../types';

/**
 * Two slips of typing that YAML reads as something else, and the parser's words for which never
 * name: a full-width colon after a key (`name：华东1`, typed with a Chinese input method) and a key
 * with no space after its colon (`internal:192.168.27.101`). Either makes the key and its value one
 * piece of text, often joined with the next line into a key that "needs to be on a single line".
 *
 * Only a line that already has a topology-syntax or topology-schema finding is looked at. When it
 * holds one of these slips, its findings give way to one that names the slip, and so does a
 * "missing field" on the key the line belongs to (the field is the one mistyped). Whatever else the
 * parser reports on a line with a syntax error, the schema findings of that line, and a "missing
 * field" on its key, are dropped: they judge what the parser guessed there (a quote left open
 * swallows the lines after it). `alsoSyntaxLines` count as lines with a syntax error although its
 * finding sits elsewhere (the value above a key indented too far, read with that key).
 */
export function explainSlips(text: string, idx: LineIndex, file: string, findings: Finding[], alsoSyntaxLines: number[] = []): Finding[] {
  const syntaxLines = new Set<number>(alsoSyntaxLines);
  const lines = new Set<number>(alsoSyntaxLines);
  for (const f of findings) {
    if (f.rule === 'topology-syntax') syntaxLines.add(f.range.start.line);
    if (f.rule === 'topology-syntax' || f.rule === 'topology-schema') lines.add(f.range.start.line);
  }
  if (lines.size === 0) return findings;
  const slips = new Map<number, Finding>();
  const parents = new Set<number>();
  for (const line of lines) {
    const slip = slipOn(text, idx, file, line);
    if (slip) slips.set(line, slip);
    // A syntax error, or a slip, may have swallowed the field the key above it reports missing.
    if (!slip && !syntaxLines.has(line)) continue;
    const p = parentLine(text, idx, line);
    if (p >= 0) parents.add(p);
  }
  if (slips.size === 0 && syntaxLines.size === 0) return findings;
  const out: Finding[] = [];
  for (const f of findings) {
    const line = f.range.start.line;
    if (slips.has(line) && (f.rule === 'topology-syntax' || f.rule === 'topology-schema')) continue;
    if (f.rule === 'topology-schema' && (syntaxLines.has(line) || (parents.has(line) && f.message.id === 'missing'))) continue;
    out.push(f);
  }
  out.push(...slips.values());
  return out;
}

function lineText(text: string, idx: LineIndex, line: number): { start: number; s: string } {
  const start = idx.offsetAt({ line, character: 0 });
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  if (text[end - 1] === '\r') end--;
  return { start, s: text.slice(start, end) };
}

/** The key of a block mapping, after the indentation and any `- `: plain text with no quote, `#` or `: `. */
const KEY_THEN_FULLWIDTH = /^(\s*(?:-\s+)?)[^\s#'"{[\]}&*!|>%@`][^#'"]*?：/;
const KEY_NO_SPACE = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):([^\s:/\\#][^#]*?)\s*(?:\s#.*)?$/;

function slipOn(text: string, idx: LineIndex, file: string, line: number): Finding | undefined {
  const { start, s } = lineText(text, idx, line);
  const fw = KEY_THEN_FULLWIDTH.exec(s);
  if (fw && !/:(\s|$)/.test(fw[0])) {
    const at = start + fw[0].length - 1;
    const range = idx.rangeOf(at, at + 1);
    const newText = s[fw[0].length] === ' ' ? ':' : ': ';
    return { rule: 'topology-syntax', file, range, message: { id: 'fullWidthColon', data: {} }, fixes: [{ title: { id: 'typeColon', data: {} }, safe: false, edits: [{ file, range, newText }] }] };
  }
  const ns = KEY_NO_SPACE.exec(s);
  if (ns) {
    const [, lead, key, value] = ns;
    const from = start + lead.length;
    const range = idx.rangeOf(from, from + key.length + 1 + value.length);
    const fixed = `${key}: ${value}`;
    return {
      rule: 'topology-syntax',
      file,
      range,
      message: { id: 'noSpaceAfterColon', data: { token: `${key}:${value}`, fixed } },
      fixes: [{ title: { id: 'write', data: { fixed } }, safe: false, edits: [{ file, range, newText: fixed }] }],
    };
  }
  return undefined;
}

/** The nearest line above `line` indented less than it (its key), or -1. Blank and comment lines are skipped. */
function parentLine(text: string, idx: LineIndex, line: number): number {
  const indent = (s: string) => s.length - s.trimStart().length;
  const own = indent(lineText(text, idx, line).s);
  for (let l = line - 1; l >= 0; l--) {
    const s = lineText(text, idx, l).s;
    const t = s.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (indent(s) < own) return l;
  }
  return -1;
}
