import { nearest } from '../../ip';
import type { NginxArg, NginxDirective } from '../../nginx/parser';
import { builtinNames, declarationsOf, familyOf, isBuiltin, variableKey, type Family } from '../../nginx/variables';
import type { Finding, Fix } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-unknown-variable',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A variable no nginx module and no set, map, geo or split_clients of the configuration declares.',
    'zh-cn': '没有任何 nginx 模块、也没有配置中的 set、map、geo 或 split_clients 声明的变量。',
  },
  messages: {
    unknown: {
      en: 'unknown "{name}" variable: no nginx module and no set, map, geo or split_clients of this configuration declares ${written}, so nginx refuses to start, with a message that names no file or line.{suggestion}',
      'zh-cn': 'unknown "{name}" variable：没有任何 nginx 模块、也没有本配置中的 set、map、geo 或 split_clients 声明 ${written}，nginx 因此无法启动，且报错不给出文件和行号。{suggestion}',
    },
    suggestion: { en: ' Did you mean ${value}?', 'zh-cn': '是否应为 ${value}？' },
    replace: { en: 'Replace with ${value}', 'zh-cn': '替换为 ${value}' },
  },
};

const REGEX_OPERATORS = new Set(['~', '~*', '!~', '!~*']);

/** The arguments of a directive that nginx reads as text with variables (not regexes, not declarations). */
function valueArgs(d: NginxDirective): readonly NginxArg[] {
  const a = d.args;
  switch (d.name) {
    case 'location':
    case 'server_name':
    case 'perl_set':
    case 'js_set':
    case 'perl':
      return [];
    case 'rewrite':
      return a.slice(1, 2);
    case 'set':
    case 'auth_request_set':
    case 'auth_jwt_claim_set':
    case 'auth_jwt_header_set':
      return a.slice(1);
    case 'map':
      return a.slice(0, 1);
    case 'split_clients':
      return a.slice(0, 1);
    case 'geo':
      return a.length > 1 ? a.slice(0, 1) : [];
    case 'if': {
      // After a regular expression operator comes the expression, not text.
      const op = a.findIndex((x) => REGEX_OPERATORS.has(x.value));
      return op < 0 ? a : a.slice(0, op);
    }
    default:
      return a;
  }
}

function isNameStart(ch: number): boolean {
  return (ch >= 97 && ch <= 122) || (ch >= 65 && ch <= 90) || ch === 95;
}

function isNameChar(ch: number): boolean {
  return isNameStart(ch) || (ch >= 48 && ch <= 57);
}

/** Built-in or not, by family and name: the same few names recur in every file. */
const builtinMemo = { http: new Map<string, boolean>(), stream: new Map<string, boolean>() };

export function check(c: NginxCheck): Finding[] {
  // Judged only inside trees made of what nginx ships: a third-party module may declare variables.
  if (c.trees.length === 0 || c.trees.some((t) => t.root.stray)) return [];
  const { names: declared, foreign } = declarationsOf(c.trees, c.nw.cache, c.file, c.context, c.uses);
  if (foreign) return [];
  const out: Finding[] = [];
  const text = c.text;
  const uses = c.uses;
  for (let u = 0; u < uses.length; u++) {
    const use = uses[u];
    if (use.opaque || !use.info) continue;
    const family = familyOf(use.ctx);
    if (!family) continue;
    const args = valueArgs(use.d);
    for (let k = 0; k < args.length; k++) {
      const arg = args[k];
      // `~…` is a regular expression wherever it stands (proxy_redirect, proxy_cookie_path, ...).
      if (!arg.value.includes('$') || arg.value.startsWith('~')) continue;
      // `$name` or `${name}` in the text as written; `$1` (a capture) and a `$` ending a regex are not names.
      for (let i = arg.start; i < arg.end; i++) {
        if (text.charCodeAt(i) !== 36) continue;
        const braced = text.charCodeAt(i + 1) === 123;
        const from = braced ? i + 2 : i + 1;
        let j = from;
        if (!isNameStart(text.charCodeAt(j))) continue;
        while (j < arg.end && isNameChar(text.charCodeAt(j))) j++;
        i = j - 1;
        if (braced && text.charCodeAt(j) !== 125) continue;
        // nginx lowers the names it is asked for: `$Host` is `$host`.
        const name = variableKey(text.slice(from, j));
        const memo = builtinMemo[family];
        let builtin = memo.get(name);
        if (builtin === undefined) memo.set(name, (builtin = isBuiltin(name, family)));
        if (builtin || declared.has(name)) continue;
        out.push(finding(c, from, text.slice(from, j), name, family, declared));
      }
    }
  }
  return out;
}

/**
 * The finding for an unknown name written `written` at `at` (`name` lowered, as nginx names it in its
 * message), with the closest known or declared variable as a fix.
 */
function finding(c: NginxCheck, at: number, written: string, name: string, family: Family, declared: ReadonlySet<string>): Finding {
  const range = c.config.lines.rangeOf(at, at + written.length);
  const near = nearest(name, [...builtinNames(family), ...declared], 2);
  const fixes: Fix[] = near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file: c.file, range, newText: near }] }] : [];
  return {
    rule: meta.id,
    file: c.file,
    range,
    message: { id: 'unknown', data: { name, written, suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } },
    fixes,
  };
}
