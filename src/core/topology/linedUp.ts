import type { MessageRef } from '../types';

/** A syntax error as parse.ts handles it before it is a finding. */
export interface IndentProblem {
  pos: [number, number];
  code?: string;
  message: string | MessageRef;
}

export interface LinedUp {
  errors: IndentProblem[];
  /**
   * The keys YAML hung on a mapping further out than the one they are written in (a host named
   * `external`, `ssh` or `services`): where each starts (`key`, an offset), its lines with the lines
   * under it (`lines`, 0-based, end excluded), and the key it is written under (`owner`, the offset
   * where that starts) when the layout tells. They belong there, or nowhere.
   */
  strays: { key: number; lines: [number, number]; owner?: number }[];
}

/** The library's wording of a key not lined up with the keys of the mapping it is read into. */
const NOT_LINED_UP = /^All mapping items must start at the same column/;

interface Line {
  start: number;
  indent: number;
  /** No content: blank, or a comment only. */
  blank: boolean;
  /** The key of a block mapping this line starts, [start, end) in the text (the key, without its ":"), if it starts one. */
  key?: [number, number];
  /** The key has no value on its line: what it holds is on the lines below. */
  opens: boolean;
}

/** A key as a block mapping's line starts it: quoted, or plain text that does not start with an indicator. */
const KEY = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"[\]{}?&*!|>%@`,-][^#]*?|-[^\s#][^#]*?):(?=\s|$)/;

function isRepeat(e: IndentProblem): boolean {
  return e.code === 'DUPLICATE_KEY' || (typeof e.message === 'object' && e.message.id === 'duplicateKey');
}

function linesOf(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const s = text.slice(start, end).replace(/\r$/, '');
    let i = 0;
    while (s[i] === ' ') i++;
    const rest = s.slice(i);
    const blank = rest.trim() === '' || rest.startsWith('#');
    const m = blank || rest.startsWith('\t') ? null : KEY.exec(rest);
    out.push({
      start,
      indent: i,
      blank,
      key: m ? [start + i, start + i + m[0].length - 1] : undefined,
      opens: m ? /^\s*(?:#.*)?$/.test(rest.slice(m[0].length)) : false,
    });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/**
 * The keys of a block mapping, where the first is indented further than the ones after it:
 *
 *     app-2:
 *         internal: 172.16.8.102
 *       external: 139.159.250.208
 *       services: [order]
 *
 * YAML takes the column of the first key for the mapping, and the keys after it, not lined up with
 * it, become keys of the mapping further out (`hosts`): hosts named `external` and `services`. The
 * library reports each of those ("All mapping items must start at the same column"), at the start of
 * its line, while the line to change is the one indented further. Which column is the odd one is
 * told by the mappings around it: the column the key's neighbours give their own keys (`api-2`'s
 * fields), else one step in from the key as far as the key is from its parent. When that is the
 * column of the last keys, every key further in is odd; when it is the first column, the library is
 * right; when neither tells and there are two columns, the one of fewer keys is odd (the first, on a
 * tie). Each odd key becomes one error on that key ("indented further than the keys after it"),
 * replacing the library's errors under the same key; otherwise the library's errors stay, on the key
 * of their line. Any other layout (a list, a line the library does not report, another error among
 * these lines) is left as the library reports it.
 */
export function linedUpKeys(text: string, errors: IndentProblem[]): LinedUp {
  const wrong = new Set(errors.filter((e) => e.code === 'BAD_INDENT' && typeof e.message === 'string' && NOT_LINED_UP.test(e.message)));
  if (wrong.size === 0) return { errors, strays: [] };
  const lines = linesOf(text);
  const starts = lines.map((l) => l.start);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  /** The nearest line above `l` with content indented less than `indent`, or -1. */
  const above = (l: number, indent: number): number => {
    for (let k = l - 1; k >= 0; k--) if (!lines[k].blank && lines[k].indent < indent) return k;
    return -1;
  };
  /** The lines of what line `l` holds: after it, up to the next line with content indented as it or less. */
  const endOf = (l: number): number => {
    let k = l + 1;
    for (let j = l + 1; j < lines.length; j++) {
      if (lines[j].blank) continue;
      if (lines[j].indent <= lines[l].indent) break;
      k = j + 1;
    }
    return k;
  };
  const content = (from: number, to: number): number[] => {
    const out: number[] = [];
    for (let j = from; j < to; j++) if (!lines[j].blank) out.push(j);
    return out;
  };

  const reported = new Map<number, IndentProblem>();
  for (const e of wrong) reported.set(lineAt(e.pos[0]), e);
  const misplaced = new Set<number>();
  for (const l of reported.keys()) for (let j = l; j < endOf(l); j++) misplaced.add(j);
  // A key hung on the mapping further out can repeat one there (two hosts' `external`): that judges the misreading.
  const repeats = new Set(errors.filter((e) => isRepeat(e) && misplaced.has(lineAt(e.pos[0]))));
  const other = (e: IndentProblem): boolean => !wrong.has(e) && !repeats.has(e);

  const dropped = new Set<IndentProblem>();
  const added: IndentProblem[] = [];
  const parents = new Set<number>();
  const owners = new Map<number, number>();
  for (const l of reported.keys()) {
    const parent = above(l, lines[l].indent);
    if (parent < 0 || parents.has(parent)) continue;
    parents.add(parent);
    const odd = columnsUnder(parent);
    if (!odd) continue;
    for (const b of odd.later) owners.set(b, lines[parent].key![0]);
    if (odd.keys.length === 0) continue;
    for (const b of odd.later) dropped.add(reported.get(b)!);
    for (const a of odd.keys) {
      const [s, e] = lines[a].key!;
      added.push({ pos: [s, e], message: { id: 'yaml', data: { detail: { id: 'yaml/BAD_INDENT/overIndented', data: { key: text.slice(s, e) } } } } });
    }
  }
  const kept = errors
    .filter((e) => !dropped.has(e) && !repeats.has(e))
    .map((e): IndentProblem => {
      if (!wrong.has(e)) return e;
      const key = lines[lineAt(e.pos[0])].key;
      return key ? { ...e, pos: [key[0], key[1]] } : e;
    });
  const out = added.length === 0 ? kept : [...kept, ...added].sort((x, y) => x.pos[0] - y.pos[0]);
  const strays = [...reported.keys()]
    .filter((l) => lines[l].key)
    .sort((x, y) => x - y)
    .map((l) => ({ key: lines[l].key![0], lines: [l, endOf(l)] as [number, number], owner: owners.get(l) }));
  return { errors: out, strays };

  /**
   * Under the key on line `parent`, keys in columns each further out than the one before (the library
   * reports the keys of every column but the first): the keys indented too far, when the columns tell
   * (see linedUpKeys; none when the library is right or nothing tells), and the lines of the later keys.
   */
  function columnsUnder(parent: number): { keys: number[]; later: number[] } | undefined {
    const p = lines[parent];
    if (!p.key || !p.opens) return undefined;
    const block = content(parent + 1, endOf(parent));
    if (block.length === 0) return undefined;
    // Each column's keys; the lines between them, further in, are what those keys hold.
    const columns: { at: number; keys: number[] }[] = [];
    for (const j of block) {
      const col = columns[columns.length - 1];
      if (!col || lines[j].indent < col.at) columns.push({ at: lines[j].indent, keys: [j] });
      else if (lines[j].indent === col.at) col.keys.push(j);
    }
    if (columns.length < 2) return undefined;
    const later = columns.slice(1).flatMap((c) => c.keys);
    if (columns.some((c) => c.keys.some((j) => !lines[j].key))) return undefined;
    // Every later key is one the library hung further out; nothing else went wrong in between.
    if (later.some((j) => !reported.has(j))) return undefined;
    const from = lines[parent].start;
    const to = block[block.length - 1] + 1 < lines.length ? lines[block[block.length - 1] + 1].start : text.length;
    if (errors.some((e) => other(e) && e.pos[0] >= from && e.pos[0] < to)) return undefined;
    const expected = neighbourColumn(parent);
    const last = columns[columns.length - 1];
    if (expected === last.at) return { keys: columns.slice(0, -1).flatMap((c) => c.keys), later };
    if (expected !== columns[0].at && columns.length === 2 && columns[0].keys.length <= last.keys.length) return { keys: columns[0].keys, later };
    return { keys: [], later };
  }

  /** The column of the keys under a key like the one on line `l`: its neighbours', else one step in. */
  function neighbourColumn(l: number): number | undefined {
    const indent = lines[l].indent;
    const up = above(l, indent);
    const end = up < 0 ? lines.length : endOf(up);
    const siblings: number[] = [];
    for (let k = l - 1; k > up; k--) if (!lines[k].blank && lines[k].indent === indent) siblings.push(k);
    for (let k = endOf(l); k < end; k++) if (!lines[k].blank && lines[k].indent === indent) siblings.push(k);
    for (const s of siblings) {
      if (!lines[s].key || !lines[s].opens || misplaced.has(s)) continue;
      const [next] = content(s + 1, endOf(s));
      if (next !== undefined && lines[next].key && !misplaced.has(next)) return lines[next].indent;
    }
    return up < 0 ? undefined : indent + (indent - lines[up].indent);
  }
}
