// Reading the syntax strings of @nginx/reference-lib (markdown: `keyword`, *`placeholder`*, [optional],
// `|` between alternatives, `...` for repetition), shared by the scripts that read them.

/** Splits a syntax string into top-level items: whitespace outside brackets and backticks. */
export function items(s) {
  const out = [];
  let cur = '';
  let depth = 0;
  let tick = false;
  for (const ch of s) {
    if (ch === '`') tick = !tick;
    if (!tick && ch === '[') depth++;
    if (!tick && ch === ']') depth--;
    if (!tick && depth === 0 && /\s/.test(ch)) {
      if (cur) out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

/** Whole-item optional group `[ ... ]` → its inner text, else undefined. */
export function groupInner(item) {
  if (!item.startsWith('[') || !item.endsWith(']')) return undefined;
  let depth = 0;
  let tick = false;
  for (let i = 0; i < item.length; i++) {
    const ch = item[i];
    if (ch === '`') tick = !tick;
    if (tick) continue;
    if (ch === '[') depth++;
    if (ch === ']') {
      depth--;
      if (depth === 0 && i !== item.length - 1) return undefined; // `[a]b` is one glued item
    }
  }
  return item.slice(1, -1);
}
