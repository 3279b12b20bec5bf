/**
 * nginx's measurement units, as `ngx_parse_time` / `ngx_parse_size` / `ngx_parse_offset` read
 * them (src/core/ngx_parse.c; doc "Configuration file measurement units").
 */

const MAX = Number.MAX_SAFE_INTEGER;

/** Steps in the order units must appear. */
const St = { start: 0, year: 1, month: 2, week: 3, day: 4, hour: 5, min: 6, sec: 7, msec: 8, last: 9 } as const;

/**
 * Parses a time such as `75s`, `1h 30m`, `500ms` or a bare number of seconds. Returns
 * milliseconds, or undefined when nginx would say "invalid value".
 * `resolution`: `ms` for millisecond directives (no `y`/`M`), `s` for seconds (no `ms`).
 */
export function parseTime(text: string, resolution: 'ms' | 's'): number | undefined {
  const isSec = resolution === 's';
  let step: number = isSec ? St.start : St.month;
  let valid = false;
  let value = 0;
  let total = 0;
  let p = 0;
  const n = text.length;
  while (p < n) {
    const ch = text[p];
    if (ch >= '0' && ch <= '9') {
      value = value * 10 + (ch.charCodeAt(0) - 48);
      if (value > MAX) return undefined;
      valid = true;
      p++;
      continue;
    }
    p++;
    let scale: number;
    switch (ch) {
      case 'y':
        if (step > St.start) return undefined;
        step = St.year;
        scale = 365 * 86400;
        break;
      case 'M':
        if (step >= St.month) return undefined;
        step = St.month;
        scale = 30 * 86400;
        break;
      case 'w':
        if (step >= St.week) return undefined;
        step = St.week;
        scale = 7 * 86400;
        break;
      case 'd':
        if (step >= St.day) return undefined;
        step = St.day;
        scale = 86400;
        break;
      case 'h':
        if (step >= St.hour) return undefined;
        step = St.hour;
        scale = 3600;
        break;
      case 'm':
        if (p < n && text[p] === 's') {
          if (isSec || step >= St.msec) return undefined;
          p++;
          step = St.msec;
          scale = 0.001;
          break;
        }
        if (step >= St.min) return undefined;
        step = St.min;
        scale = 60;
        break;
      case 's':
        if (step >= St.sec) return undefined;
        step = St.sec;
        scale = 1;
        break;
      case ' ':
        if (step >= St.sec) return undefined;
        step = St.last;
        scale = 1;
        break;
      default:
        return undefined;
    }
    total += value * scale * 1000;
    if (total > MAX) return undefined;
    value = 0;
    while (p < n && text[p] === ' ') p++;
  }
  if (!valid) return undefined;
  total += value * 1000;
  return total > MAX ? undefined : Math.round(total);
}

/** A time valid for some resolution: for directives whose resolution is not known. */
export function parseTimeEither(text: string): number | undefined {
  return parseTime(text, 'ms') ?? parseTime(text, 's');
}

/**
 * Parses a size: digits with an optional `k`/`K`/`m`/`M` suffix, plus `g`/`G` for offsets.
 * Returns bytes, or undefined when nginx would say "invalid value".
 */
export function parseSize(text: string, offset: boolean): number | undefined {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  if (unit === 'g' && !offset) return undefined;
  const scale = unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : unit === 'g' ? 1024 * 1024 * 1024 : 1;
  return Number(m[1]) * scale;
}

/** Formats milliseconds the way people write nginx times: `75s`, `1m30s`, `500ms`. */
export function formatTime(ms: number): string {
  if (ms % 1000 !== 0) return `${ms}ms`;
  let s = ms / 1000;
  const parts: string[] = [];
  for (const [u, k] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (s >= k) {
      parts.push(`${Math.floor(s / k)}${u}`);
      s %= k;
    }
  }
  if (s > 0 || parts.length === 0) parts.push(`${s}s`);
  return parts.join('');
}
