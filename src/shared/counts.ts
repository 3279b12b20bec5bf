import type { SeverityCounts } from '../core/diagram/graph';

/**
 * A text with a number in it (`{0}`), in the forms the language needs: `one` for exactly 1, `other`
 * for every other number ("1 error", "2 errors"). Chinese writes both alike ("1 个错误").
 */
export interface CountText {
  one: string;
  other: string;
}

/** Texts of the severity counts. */
export interface SeverityCountTexts {
  errors: CountText;
  warnings: CountText;
  /** Infos and hints together. */
  infos: CountText;
}

/** `n` in the form of `t` that fits it. */
export function countText(t: CountText, n: number): string {
  return (n === 1 ? t.one : t.other).replace(/\{0\}/g, String(n));
}

/** One line per severity that has problems: errors, warnings, then infos and hints together. */
export function severityCountLines(c: SeverityCounts, s: SeverityCountTexts): string[] {
  const out: string[] = [];
  if (c.error) out.push(countText(s.errors, c.error));
  if (c.warning) out.push(countText(s.warnings, c.warning));
  if (c.info + c.hint) out.push(countText(s.infos, c.info + c.hint));
  return out;
}
