/**
 * The condition of `if` as the rewrite module reads it (`ngx_http_rewrite_if_condition`): the first
 * argument opens with `(`, the last closes with `)` (each may be a token of its own), and between them
 * a variable alone, a variable, an operator and one value, or a file test and one operand.
 */
import type { NginxArg } from './parser';

/** Why nginx refuses a condition. */
export type ConditionFault =
  /** The first argument does not begin with `(`. */
  | 'open'
  /** The last argument does not end with `)`. */
  | 'close'
  /** Nothing between the parentheses. */
  | 'empty'
  /** A variable followed by other than an operator and one value. */
  | 'parts'
  /** An operator nginx does not know (`==`). */
  | 'operator'
  /** A file test nginx does not know (`-z`). */
  | 'fileOp'
  /** A file test without exactly one operand. */
  | 'fileParts'
  /** Neither a variable nor a file test first. */
  | 'start';

export interface ConditionReading {
  /**
   * What nginx refuses: `invalid condition "text"`, or `unexpected "text" in condition` for an
   * operator, with the text as nginx quotes it (without the parenthesis it took off) and the index of
   * the argument it comes from.
   */
  fault?: { kind: ConditionFault; unexpected: boolean; text: string; arg: number };
  /** The variable tested, without `$` (nginx reads the whole token as its name), and its argument. */
  variable?: { name: string; arg: number };
  /**
   * The operand nginx compiles as text with variables (after `=`, `!=` or a file test, which nginx
   * ends with a NUL), and its argument.
   */
  value?: { text: string; arg: number };
  /** The regular expression after `~`, `~*`, `!~` or `!~*` (without the `)` nginx cut off), and its argument. */
  regex?: { text: string; arg: number };
}

const REGEX_OPERATORS: ReadonlySet<string> = new Set(['~', '~*', '!~', '!~*']);
const FILE_TESTS = 'fdex';

/** Reads the arguments of an `if` (at least one) as nginx does. */
export function readCondition(args: readonly NginxArg[]): ConditionReading {
  const v = args.map((a) => a.value);
  if (v.length === 0) return {};
  const fault = (kind: ConditionFault, arg: number, unexpected = false): ConditionReading => ({ fault: { kind, unexpected, text: v[arg], arg } });
  if (!v[0].startsWith('(')) return fault('open', 0);
  let cur = 0;
  if (v[0].length === 1) cur = 1;
  else v[0] = v[0].slice(1);
  let last = v.length - 1;
  if (!v[last].endsWith(')')) return fault('close', last);
  // A `)` of its own is dropped; one glued to the operand is cut off it.
  if (v[last].length === 1) last--;
  else v[last] = v[last].slice(0, -1);
  const p = v[cur];
  if (p.length > 1 && p[0] === '$') {
    if (cur !== last && cur + 2 !== last) return fault('parts', cur);
    const variable = { name: p.slice(1), arg: cur };
    if (cur === last) return { variable };
    const op = v[cur + 1];
    if (op === '=' || op === '!=') return { variable, value: { text: v[last], arg: last } };
    if (REGEX_OPERATORS.has(op)) return { variable, regex: { text: v[last], arg: last } };
    return { ...fault('operator', cur + 1, true), variable };
  }
  if ((p.length === 2 && p[0] === '-') || (p.length === 3 && p[0] === '!' && p[1] === '-')) {
    if (cur + 1 !== last) return fault('fileParts', cur);
    // nginx compiles the operand before it looks at the test, with the NUL that ends a file name.
    const value = { text: `${v[last]}\0`, arg: last };
    return FILE_TESTS.includes(p[p.length - 1]) ? { value } : { ...fault('fileOp', cur), value };
  }
  return fault(p === ')' ? 'empty' : 'start', cur);
}
