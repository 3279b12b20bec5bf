/**
 * Short strings shared by every parse: directive names, `on`, `off`, ports, weights and the like
 * repeat in every config, and a workspace keeps thousands of parsed files. A direct-mapped table
 * (one slot per hash of the characters, the last string seen wins the slot) hands back the string
 * read earlier instead of a new copy, so the copies die young and the garbage collector never moves
 * them. A string kept in the table is detached from the text it was read from (see detachedSlice),
 * so the table keeps no file text alive.
 */
export class StringTable {
  private readonly slots: (string | undefined)[];
  private readonly mask: number;

  /** `slots`: a power of two. */
  constructor(
    slots: number,
    readonly maxLength = 12,
  ) {
    this.slots = new Array<string | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /** `text.slice(from, to)`, the same string object as an earlier equal one when at most `maxLength` long. */
  slice(text: string, from: number, to: number): string {
    const length = to - from;
    if (length > this.maxLength || length <= 0) return text.slice(from, to);
    let h = length;
    for (let k = from; k < to; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
    const slot = (h ^ (h >>> 15)) & this.mask;
    const hit = this.slots[slot];
    if (hit !== undefined && sameChars(hit, text, from, to)) return hit;
    const s = detachedSlice(text, from, to);
    this.slots[slot] = s;
    return s;
  }
}

/** Whether `s` is written in `text` from `from` to `to`. */
export function sameChars(s: string, text: string, from: number, to: number): boolean {
  return s.length === to - from && text.startsWith(s, from);
}

/**
 * `text.slice(from, to)` as a string of its own: V8 copies a slice of up to 12 characters, but a
 * longer one is a view that keeps all of `text` alive for as long as the slice is kept.
 */
export function detachedSlice(text: string, from: number, to: number): string {
  return to - from <= 12 ? text.slice(from, to) : Array.from(text.slice(from, to)).join('');
}

/** Runs compared natively before going character by character (see `commonPrefix`). */
const RUNS = [1024, 32];

/** The length of the longest common prefix of `a` and `b`. */
export function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  // Long runs first, compared as strings (natively), then the last few characters one by one.
  for (const run of RUNS) while (i + run <= n && a.slice(i, i + run) === b.slice(i, i + run)) i += run;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the longest common suffix of `a` and `b`, at most `limit`. */
export function commonSuffix(a: string, b: string, limit: number): number {
  const n = Math.min(a.length, b.length, limit);
  const ea = a.length;
  const eb = b.length;
  let i = 0;
  for (const run of RUNS) while (i + run <= n && a.slice(ea - i - run, ea - i) === b.slice(eb - i - run, eb - i)) i += run;
  while (i < n && a.charCodeAt(ea - 1 - i) === b.charCodeAt(eb - 1 - i)) i++;
  return i;
}
