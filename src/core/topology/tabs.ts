import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { YAML_OPTIONS } from './fastYaml';

/**
 * A topology indented with tabs, read as the editor that wrote it shows it. YAML forbids tabs in
 * indentation, and the library, reading such a line as if it were not indented, hangs its keys on
 * the root: one tab gave "unknown key" and "duplicate key" errors on every line below it. Here the
 * leading tabs are expanded to tab stops, for each usual width, and the reading with the fewest
 * problems wins (any width reads a file indented with tabs only the same way); the tree's ranges
 * point back into the text as written.
 */
export interface TabReading {
  doc: Document;
  /** The library's errors on the expanded text, other than the tabs, at offsets of the text as written. */
  errors: { pos: [number, number]; code: string; message: string }[];
  /** The leading whitespace (start, end) of each line whose indentation holds a tab, and its replacement. */
  lines: { start: number; end: number; spaces: string }[];
  width: number;
}

const WIDTHS = [8, 4, 2];

/** `score` counts the problems of a reading (the schema check's findings); lower wins, ties go to the wider tab. */
export function readTabIndented(text: string, score: (doc: Document) => number): TabReading | undefined {
  let best: { reading: TabReading; score: number; back: (o: number) => number } | undefined;
  for (const width of WIDTHS) {
    const x = expand(text, width);
    if (x.lines.length === 0) return undefined;
    const doc = parseDocument(x.text, YAML_OPTIONS);
    const errors = doc.errors.map((e) => ({ pos: [x.back(e.pos[0]), x.back(e.pos[1])] as [number, number], code: e.code, message: e.message }));
    const s = errors.length * 1000 + score(doc);
    if (!best || s < best.score) {
      best = { reading: { doc, errors, lines: x.lines, width }, score: s, back: x.back };
    }
  }
  if (best) remap(best.reading.doc, best.back);
  return best?.reading;
}

/** The text with the tabs of each line's indentation expanded to stops `width` apart, and a map back. */
function expand(text: string, width: number): { text: string; lines: TabReading['lines']; back: (o: number) => number } {
  const parts: string[] = [];
  const lines: TabReading['lines'] = [];
  // Offsets where the expanded text and the original diverge: expanded start → original start.
  const from: number[] = [];
  const to: number[] = [];
  let delta = 0;
  let i = 0;
  while (i <= text.length) {
    let j = i;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    const ws = text.slice(i, j);
    if (ws.includes('\t')) {
      let col = 0;
      for (const c of ws) col = c === '\t' ? (Math.floor(col / width) + 1) * width : col + 1;
      const spaces = ' '.repeat(col);
      parts.push(spaces);
      lines.push({ start: i, end: j, spaces });
      // Inside the new indentation every offset maps to the start of the old one; after it, shifted.
      from.push(i + delta);
      to.push(i);
      delta += col - ws.length;
      from.push(j + delta);
      to.push(j);
    } else parts.push(ws);
    const nl = text.indexOf('\n', j);
    const end = nl < 0 ? text.length : nl + 1;
    parts.push(text.slice(j, end));
    if (nl < 0) break;
    i = end;
  }
  const back = (o: number): number => {
    let lo = 0;
    let hi = from.length - 1;
    if (hi < 0 || o < from[0]) return o;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (from[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An even entry opens an expanded indentation, an odd one the text after it.
    return lo % 2 === 0 ? to[lo] : to[lo] + (o - from[lo]);
  };
  return { text: parts.join(''), lines, back };
}

/** Every node's range, from offsets of the expanded text to offsets of the text as written. */
function remap(doc: Document, back: (o: number) => number): void {
  const todo: unknown[] = [doc.contents];
  while (todo.length > 0) {
    const n = todo.pop();
    if (isMap(n) || isSeq(n) || isScalar(n) || isAlias(n)) {
      const r = n.range;
      if (r) n.range = [back(r[0]), back(r[1]), back(r[2])];
    }
    if (isMap(n)) for (const p of n.items) todo.push(p.key, p.value);
    else if (isSeq(n)) for (const it of n.items) todo.push(it);
  }
}
