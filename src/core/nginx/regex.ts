/**
 * The regular expressions nginx compiles while it reads its configuration (with PCRE2 since nginx
 * 1.21.5; `pcre2_compile() failed: …` in `nginx -t`), and the mistakes in them PCRE2 refuses that a
 * left-to-right reading can tell for certain: unbalanced parentheses, an unclosed character class, a
 * quantifier with nothing to repeat, `{}` counts out of order or too big, ranges out of order or
 * between classes, unknown POSIX class names, an unclosed `(?#` comment. Anything this reading does
 * not know for certain (extended mode, unfamiliar `(?` forms, verbs) is left alone: no finding.
 */
import { readCondition } from './conditions';
import type { NginxArg, NginxDirective } from './parser';

/** What PCRE2 says, in its own words (pcre2_error.c). */
export type PcreErrorId =
  | 'missingParen'
  | 'unmatchedParen'
  | 'missingBracket'
  | 'nothingToRepeat'
  | 'countOrder'
  | 'countTooBig'
  | 'rangeOrder'
  | 'rangeInvalid'
  | 'posixName'
  | 'posixOutside'
  | 'collating'
  | 'duplicateName'
  | 'commentParen';

export const PCRE_MESSAGES: Record<PcreErrorId, string> = {
  missingParen: 'missing closing parenthesis',
  unmatchedParen: 'unmatched closing parenthesis',
  missingBracket: 'missing terminating ] for character class',
  nothingToRepeat: 'quantifier does not follow a repeatable item',
  countOrder: 'numbers out of order in {} quantifier',
  countTooBig: 'number too big in {} quantifier',
  rangeOrder: 'range out of order in character class',
  rangeInvalid: 'invalid range in character class',
  posixName: 'unknown POSIX class name',
  posixOutside: 'POSIX named classes are supported only within a class',
  collating: 'POSIX collating elements are not supported',
  duplicateName: 'two named subpatterns have the same name (PCRE2_DUPNAMES not set)',
  commentParen: 'missing ) after (?# comment',
};

export interface PcreProblem {
  id: PcreErrorId;
  /** Where PCRE2 puts its error offset, in the pattern (its length when at the end). */
  offset: number;
}

/** The whole message `nginx -t` prints (before `in file:line`). */
export function pcreMessage(pattern: string, p: PcreProblem): string {
  const at = p.offset < pattern.length ? ` at "${pattern.slice(p.offset)}"` : '';
  return `pcre2_compile() failed: ${PCRE_MESSAGES[p.id]} in "${pattern}"${at}`;
}

const POSIX = new Set(['alpha', 'digit', 'alnum', 'upper', 'lower', 'space', 'punct', 'print', 'graph', 'cntrl', 'xdigit', 'blank', 'word', 'ascii']);

/** Largest count PCRE2 takes in `{n,m}` (MAX_REPEAT_COUNT). */
const MAX_COUNT = 65535;

/** Escapes that stand for a class of characters: not a range's end. */
const CLASS_ESCAPES = 'dDwWsShHvVpPRXN';
/** Escapes that match a position, not a character: nothing to repeat. */
const ASSERTION_ESCAPES = 'bBAzZGK';
/** Letters of an option setting, `(?i)`, `(?-s:…)`. */
const OPTION_LETTERS = 'imnsJU';

/**
 * Where `[:name:]` (or `[.x.]`, `[=x=]`) read from the `[` at `i` ends (after its `]`), or -1 when it
 * is not one: PCRE2's own test (a `]` before the closing `:]` ends the attempt).
 */
function posixEnd(p: string, i: number): number {
  const t = p[i + 1];
  if (t !== ':' && t !== '.' && t !== '=') return -1;
  for (let j = i + 2; j < p.length; j++) {
    if (p[j] === '\\' && (p[j + 1] === ']' || p[j + 1] === '\\')) j++;
    else if ((p[j] === '[' && p[j + 1] === t) || p[j] === ']') return -1;
    else if (p[j] === t && p[j + 1] === ']') return j + 2;
  }
  return -1;
}

/** The value of a one-character escape inside a class, or undefined when it is not one character. */
function escapedChar(p: string, i: number): { code: number; next: number } | undefined {
  const c = p[i];
  if (c === undefined) return undefined;
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, f: 12, e: 27, a: 7, b: 8 };
  if (simple[c] !== undefined) return { code: simple[c], next: i + 1 };
  if (c === 'x') {
    if (p[i + 1] === '{') {
      const close = p.indexOf('}', i + 2);
      if (close < 0 || !/^[0-9a-fA-F]+$/.test(p.slice(i + 2, close))) return undefined;
      return { code: parseInt(p.slice(i + 2, close), 16), next: close + 1 };
    }
    const m = /^[0-9a-fA-F]{0,2}/.exec(p.slice(i + 1))![0];
    return { code: m ? parseInt(m, 16) : 0, next: i + 1 + m.length };
  }
  if (/[0-7]/.test(c)) {
    const m = /^[0-7]{1,3}/.exec(p.slice(i))![0];
    return { code: parseInt(m, 8), next: i + m.length };
  }
  if (/[A-Za-z0-9]/.test(c)) return undefined;
  return { code: c.charCodeAt(0), next: i + 1 };
}

/** One member of a class: a character (its code), or a class (`\\d`, `[:alpha:]`). */
type Member = { code: number; start: number; end: number } | { cls: true; start: number; end: number };

/** Reads the class member at `j` (not `]`); undefined when this reading does not know it. */
function readMember(p: string, j: number): Member | PcreProblem | undefined {
  const c = p[j];
  const posix = c === '[' ? posixEnd(p, j) : -1;
  if (posix >= 0) {
    if (p[j + 1] !== ':') return { id: 'collating', offset: j };
    const neg = p[j + 2] === '^' ? 1 : 0;
    const name = p.slice(j + 2 + neg, posix - 2);
    if (!POSIX.has(name)) return /^[a-z]+$/.test(name) ? { id: 'posixName', offset: j + 2 + neg } : undefined;
    return { cls: true, start: j, end: posix };
  }
  if (c !== '\\') return { code: c.charCodeAt(0), start: j, end: j + 1 };
  const e = p[j + 1];
  if (e === undefined || e === 'Q' || e === 'E') return undefined;
  if (CLASS_ESCAPES.includes(e)) {
    if (e !== 'p' && e !== 'P') return { cls: true, start: j, end: j + 2 };
    if (p[j + 2] !== '{') return { cls: true, start: j, end: j + 3 };
    const close = p.indexOf('}', j + 3);
    return close < 0 ? undefined : { cls: true, start: j, end: close + 1 };
  }
  const v = escapedChar(p, j + 1);
  return v && { code: v.code, start: j, end: v.next };
}

/**
 * Reads a character class from its `[` at `i`; returns where it ends (after `]`), a problem, or
 * undefined when it holds something this reading does not know.
 */
function readClass(p: string, i: number): { end: number } | PcreProblem | undefined {
  let j = i + 1;
  if (p[j] === '^') j++;
  // A `]` first is a literal.
  let first = true;
  while (j < p.length) {
    if (p[j] === ']' && !first) return { end: j + 1 };
    first = false;
    const m = readMember(p, j);
    if (!m || 'id' in m) return m;
    j = m.end;
    // A `-` before `]` (or at the end) is a literal; else it makes a range.
    if (p[j] !== '-' || p[j + 1] === ']' || j + 1 >= p.length) continue;
    // A class cannot start a range (`[\w-.]`): at the `-`.
    if ('cls' in m) return { id: 'rangeInvalid', offset: j };
    const to = readMember(p, j + 1);
    if (!to || 'id' in to) return to;
    // Nor end one (`[a-\d]`): after the class.
    if ('cls' in to) return { id: 'rangeInvalid', offset: p[to.start] === '[' ? to.start + 1 : to.end };
    // nginx compiles without UTF: beyond ASCII, the characters are bytes of UTF-8 in the pattern.
    if (to.code < m.code && m.code < 0x80) return { id: 'rangeOrder', offset: to.end - 1 };
    j = to.end;
  }
  return { id: 'missingBracket', offset: p.length };
}

/** Reads `{n}`, `{n,}` or `{n,m}` at `i`; undefined when the brace is a literal. */
function readCount(p: string, i: number): { end: number; problem?: PcreProblem } | undefined {
  const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(p.slice(i));
  if (!m) return undefined;
  const end = i + m[0].length;
  const min = Number(m[1]);
  const max = m[3] ? Number(m[3]) : undefined;
  if (min > MAX_COUNT || (max !== undefined && max > MAX_COUNT)) return { end, problem: { id: 'countTooBig', offset: end - 1 } };
  if (max !== undefined && max < min) return { end, problem: { id: 'countOrder', offset: end - 1 } };
  return { end };
}

/**
 * The first error PCRE2 reports for a pattern nginx compiles, when this reading can tell it;
 * undefined for a pattern it accepts or one this reading leaves alone.
 */
export function pcreProblem(p: string): PcreProblem | undefined {
  // Duplicate names are allowed with the J option: left alone then.
  if (/\(\?[\^a-zA-Z-]*J/.test(p)) return undefined;
  let depth = 0;
  const names = new Set<string>();
  // Whether the last item can take a quantifier, and whether a quantifier was just read (then one
  // `+` or `?` may follow it: possessive, lazy).
  let repeatable = false;
  let quantified = false;
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const e = p[i + 1];
      if (e === undefined) return undefined;
      if (e === 'Q') {
        const close = p.indexOf('\\E', i + 2);
        const end = close < 0 ? p.length : close;
        if (end > i + 2) repeatable = true;
        quantified = false;
        i = close < 0 ? p.length : close + 2;
        continue;
      }
      if (e === 'E') {
        i += 2;
        continue;
      }
      // Escapes with a braced or bracketed argument: `\x{41}`, `\p{Han}`, `\k<name>`, `\g{1}`.
      let end = i + 2;
      if ('xopPkgN'.includes(e) && (p[i + 2] === '{' || ((e === 'k' || e === 'g') && (p[i + 2] === '<' || p[i + 2] === "'")))) {
        const closer = p[i + 2] === '{' ? '}' : p[i + 2] === '<' ? '>' : "'";
        const close = p.indexOf(closer, i + 3);
        if (close < 0) return undefined;
        end = close + 1;
      } else if (e === 'p' || e === 'P') end = i + 3;
      repeatable = !ASSERTION_ESCAPES.includes(e);
      quantified = false;
      i = end;
      continue;
    }
    if (c === '[') {
      if (posixEnd(p, i) >= 0) return { id: p[i + 1] === ':' ? 'posixOutside' : 'collating', offset: i };
      const r = readClass(p, i);
      if (!r) return undefined;
      if ('id' in r) return r;
      repeatable = true;
      quantified = false;
      i = r.end;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let end = i + 1;
      if (c === '{') {
        const r = readCount(p, i);
        if (!r) {
          // A literal brace.
          repeatable = true;
          quantified = false;
          i++;
          continue;
        }
        if (r.problem) return r.problem;
        end = r.end;
      }
      if (quantified && (c === '+' || c === '?')) {
        // Possessive or lazy: nothing more may follow.
        quantified = false;
        repeatable = false;
        i++;
        continue;
      }
      if (!repeatable) return { id: 'nothingToRepeat', offset: end - 1 };
      quantified = true;
      repeatable = false;
      i = end;
      continue;
    }
    quantified = false;
    if (c === '(') {
      if (p[i + 1] === '*') {
        // A verb (`(*UTF)`, `(*ACCEPT)`) or an alphabetic assertion (`(*pla:`): left alone; `(*)`
        // is a group whose first item is the quantifier.
        if (p[i + 2] !== ')') return undefined;
        depth++;
        repeatable = false;
        i++;
        continue;
      }
      if (p[i + 1] !== '?') {
        depth++;
        repeatable = false;
        i++;
        continue;
      }
      const k = p[i + 2];
      if (k === '#') {
        const close = p.indexOf(')', i + 3);
        if (close < 0) return { id: 'commentParen', offset: p.length };
        i = close + 1;
        continue;
      }
      if (k === ':' || k === '=' || k === '!' || k === '>' || k === '|' || k === '*') {
        depth++;
        repeatable = false;
        i += 3;
        continue;
      }
      if (k === '<' && (p[i + 3] === '=' || p[i + 3] === '!' || p[i + 3] === '*')) {
        depth++;
        repeatable = false;
        i += 4;
        continue;
      }
      const named = /^\(\?(?:P?<|')([A-Za-z_][A-Za-z0-9_]*)([>'])/.exec(p.slice(i));
      if (named) {
        if ((p[i + 2] === "'") !== (named[2] === "'")) return undefined;
        if (names.has(named[1])) return { id: 'duplicateName', offset: i + named[0].length };
        names.add(named[1]);
        depth++;
        repeatable = false;
        i += named[0].length;
        continue;
      }
      // A reference or recursion standing for a group: `(?1)`, `(?-1)`, `(?R)`, `(?&name)`, `(?P=name)`, `(?P>name)`.
      const call = /^\(\?(?:[+-]?\d+|R|&[A-Za-z_]\w*|P[=>][A-Za-z_]\w*)\)/.exec(p.slice(i));
      if (call) {
        repeatable = true;
        i += call[0].length;
        continue;
      }
      // An option setting: `(?i)`, `(?-i)`, `(?^)`, or a group with options `(?i:`.
      const opts = /^\(\?(\^?)([A-Za-z]*)(?:-([A-Za-z]*))?([):])/.exec(p.slice(i));
      if (opts && [...`${opts[2]}${opts[3] ?? ''}`].every((l) => OPTION_LETTERS.includes(l))) {
        i += opts[0].length;
        // An option setting leaves nothing to repeat.
        repeatable = false;
        if (opts[4] === ':') {
          depth++;
          repeatable = false;
        }
        continue;
      }
      // Extended mode, conditions, callouts and newer forms: left alone.
      return undefined;
    }
    if (c === ')') {
      if (depth === 0) return { id: 'unmatchedParen', offset: i };
      depth--;
      repeatable = true;
      i++;
      continue;
    }
    if (c === '|') {
      repeatable = false;
      i++;
      continue;
    }
    repeatable = c !== '^' && c !== '$';
    i++;
  }
  if (depth > 0) return { id: 'missingParen', offset: p.length };
  return undefined;
}

/** A regular expression nginx compiles: the argument (or map key) it is written in, and its text. */
export interface CompiledPattern {
  arg: NginxArg;
  pattern: string;
}

/** `~re` / `~*re` as nginx reads a regex prefixed in the same word. */
function prefixed(arg: NginxArg): CompiledPattern | undefined {
  const v = arg.value;
  if (v[0] !== '~') return undefined;
  return { arg, pattern: v.slice(v[1] === '*' ? 2 : 1) };
}

/** Directives whose first argument is always a regular expression. */
const FIRST_IS_REGEX = new Set(['rewrite', 'fastcgi_split_path_info']);
/** Directives whose first argument is a regular expression when it begins with `~`. */
const FIRST_PREFIXED = new Set(['proxy_redirect', 'proxy_cookie_path', 'proxy_cookie_domain']);
/** Directives whose every argument beginning with `~` is a regular expression. */
const EVERY_PREFIXED = new Set(['server_name', 'valid_referers']);

/**
 * The regular expressions nginx compiles while reading a directive (`location ~`, `if ($x ~ …)`,
 * `rewrite`, `map` keys, `server_name ~`, …). `map` keys are the names of the directives in its block.
 */
export function compiledPatterns(d: NginxDirective): CompiledPattern[] {
  const a = d.args;
  if (a.length === 0) return [];
  switch (d.name) {
    case 'location': {
      if (a.length === 2 && (a[0].value === '~' || a[0].value === '~*')) return [{ arg: a[1], pattern: a[1].value }];
      const p = a.length === 1 ? prefixed(a[0]) : undefined;
      return p ? [p] : [];
    }
    case 'if': {
      const r = readCondition(a).regex;
      return r ? [{ arg: a[r.arg], pattern: r.text }] : [];
    }
    case 'map': {
      const out: CompiledPattern[] = [];
      for (const n of d.block ?? []) {
        if (n.kind !== 'directive') continue;
        const p = prefixed(n.nameToken);
        if (p) out.push(p);
      }
      return out;
    }
    case 'gzip_disable':
      return a.filter((x) => x.value !== 'msie6' && x.value !== 'degradation').map((x) => ({ arg: x, pattern: x.value }));
  }
  if (FIRST_IS_REGEX.has(d.name)) return [{ arg: a[0], pattern: a[0].value }];
  if (FIRST_PREFIXED.has(d.name)) {
    const p = prefixed(a[0]);
    return p ? [p] : [];
  }
  if (EVERY_PREFIXED.has(d.name)) return a.map(prefixed).filter((p): p is CompiledPattern => p !== undefined);
  return [];
}
