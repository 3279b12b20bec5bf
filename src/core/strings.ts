/**
 * Short strings shared by every parse: directive names, `on`, `off`, ports, weights and the like
 * repeat in every config, and a workspace keeps thousands of parsed files. A direct-mapped table
 * (one slot per hash of the characters, the last string seen wins the slot) hands back the string
 * read earlier instead of a new copy, so the copies die young and the garbage collector never moves
 * them. A string kept in the table is a copy, never a view into the text it was read from, so the
 * table keeps no file text alive.
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
    // V8 copies a slice of up to 12 characters; a longer one is a view into `text`.
    const s = length <= 12 ? text.slice(from, to) : Array.from(text.slice(from, to)).join('');
    this.slots[slot] = s;
    return s;
  }
}

/** Whether `s` is written in `text` from `from` to `to`. */
export function sameChars(s: string, text: string, from: number, to: number): boolean {
  if (s.length !== to - from) return false;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== text.charCodeAt(from + k)) return false;
  return true;
}
