import { nearest } from '../../ip';
import { readCondition } from '../../nginx/conditions';
import { FREE, type Context } from '../../nginx/directives';
import { walkWithContext } from '../../nginx/tree';
import { valueOffset } from '../../nginx/model';
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
    en: 'A variable no nginx module and no set, map, geo or split_clients of the configuration declares, or a "$" nginx cannot read as a variable.',
    'zh-cn': '没有任何 nginx 模块、也没有配置中的 set、map、geo 或 split_clients 声明的变量，或 nginx 无法读作变量的 "$"。',
  },
  messages: {
    unknown: {
      en: 'unknown "{name}" variable: no nginx module and no set, map, geo or split_clients of this configuration declares ${written}, so nginx refuses to start, with a message that names no file or line.{suggestion}',
      'zh-cn': 'unknown "{name}" variable：没有任何 nginx 模块、也没有本配置中的 set、map、geo 或 split_clients 声明 ${written}，nginx 因此无法启动，且报错不给出文件和行号。{suggestion}',
    },
    suggestion: { en: ' Did you mean ${value}?', 'zh-cn': '是否应为 ${value}？' },
    replace: { en: 'Replace with ${value}', 'zh-cn': '替换为 ${value}' },
    wholeWord: {
      en: ' "if" takes the whole word after "$" for the name: write spaces between the variable, the operator and the value ({fixed}).',
      'zh-cn': '"if" 把 "$" 之后的整个词当作变量名：请在变量、运算符和值之间加空格（{fixed}）。',
    },
    wholeWordOnly: {
      en: ' "if" takes the whole word after "$" for the name.',
      'zh-cn': '"if" 把 "$" 之后的整个词当作变量名。',
    },
    invalidName: {
      en: 'invalid variable name: nginx reads every "$" in the value of "{directive}" as the start of a variable, and no name (letters, digits, "_") follows this one. nginx has no escape for "$": to write one, declare a variable that holds it ({example}) and write {use}.',
      'zh-cn': 'invalid variable name：nginx 把 "{directive}" 的值中的每个 "$" 都当作变量的开头，而这个 "$" 之后没有变量名（字母、数字或 "_"）。nginx 没有 "$" 的转义写法：要写出 "$"，先声明一个保存它的变量（{example}），再写 {use}。',
    },
    missingBracket: {
      en: 'the closing bracket in "{name}" variable is missing: after "${" nginx reads the name up to the first character that is not a letter, digit or "_", and expects "}" there; {why}',
      'zh-cn': 'the closing bracket in "{name}" variable is missing：nginx 在 "${" 之后读取变量名，直到第一个不是字母、数字或 "_" 的字符，并要求那里是 "}"；{why}',
    },
    bracketEnd: { en: 'the value ends first. Write {fixed}.', 'zh-cn': '而值先结束了。请写成 {fixed}。' },
    bracketChar: { en: '"{char}" comes first, and no name holds it.', 'zh-cn': '而先出现的是 "{char}"，变量名中不能有它。' },
    bracketNoName: { en: 'no name follows "${".', 'zh-cn': '而 "${" 之后没有变量名。' },
  },
};

/**
 * The arguments nginx compiles as text with variables when it loads the configuration, by directive
 * (each checked with `nginx -t`: a "$" that begins no name there is refused): their positions, or
 * all of them. An argument that starts with "~" is a regular expression wherever it stands.
 */
const COMPILED: ReadonlyMap<string, readonly number[] | 'all'> = new Map<string, readonly number[] | 'all'>([
  ['return', 'all'],
  ['set', [1]],
  ['rewrite', [1]],
  ['add_header', [1]],
  ['add_trailer', [1]],
  ['proxy_set_header', [1]],
  ['grpc_set_header', [1]],
  ['fastcgi_param', [1]],
  ['uwsgi_param', [1]],
  ['scgi_param', [1]],
  ['proxy_pass', [0]],
  ['grpc_pass', [0]],
  ['fastcgi_pass', [0]],
  ['uwsgi_pass', [0]],
  ['scgi_pass', [0]],
  ['root', [0]],
  ['alias', [0]],
  ['try_files', 'all'],
  ['index', 'all'],
  ['error_page', 'all'],
  ['access_log', [0]],
  ['auth_request_set', [1]],
  ['proxy_cache_key', [0]],
  ['fastcgi_cache_key', [0]],
  ['uwsgi_cache_key', [0]],
  ['scgi_cache_key', [0]],
  ['proxy_no_cache', 'all'],
  ['fastcgi_no_cache', 'all'],
  ['uwsgi_no_cache', 'all'],
  ['scgi_no_cache', 'all'],
  ['proxy_cache_bypass', 'all'],
  ['fastcgi_cache_bypass', 'all'],
  ['uwsgi_cache_bypass', 'all'],
  ['scgi_cache_bypass', 'all'],
  ['sub_filter', [0, 1]],
  ['proxy_redirect', 'all'],
  ['proxy_cookie_path', 'all'],
  ['proxy_cookie_domain', 'all'],
  ['secure_link', [0]],
  ['secure_link_md5', [0]],
  ['auth_basic', [0]],
  ['auth_basic_user_file', [0]],
  ['proxy_method', [0]],
  ['proxy_bind', [0]],
  ['proxy_set_body', [0]],
  ['proxy_ssl_name', [0]],
  ['map', [0]],
  ['split_clients', [0]],
  ['limit_req_zone', [0]],
  ['limit_conn_zone', [0]],
]);

/** A "$" nginx cannot read as a variable (`ngx_http_script_compile`), at its offset in the text. */
function scriptFault(text: string): { at: number; end: number; bracket?: string } | undefined {
  const n = text.length;
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(i) !== 36) continue;
    const at = i++;
    if (i === n) return { at, end: n };
    const c = text.charCodeAt(i);
    // $1 to $9: a capture of a regular expression.
    if (c >= 49 && c <= 57) continue;
    const braced = c === 123;
    if (braced && ++i === n) return { at, end: n };
    const from = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    if (braced && text.charCodeAt(i) !== 125) return { at, end: i, bracket: text.slice(from, i) };
    if (i === from) return { at, end: braced ? i + 1 : i };
    // Back on the last character read: the loop steps past it.
    if (!braced) i--;
  }
  return undefined;
}

/**
 * The values of a directive nginx compiles, as [argument, text, offset of the text in the argument's
 * value] (the operand of an `if` without its parenthesis, the condition of `access_log … if=`).
 */
function compiledValues(d: NginxDirective): [NginxArg, string, number][] {
  if (d.name === 'if') {
    const value = readCondition(d.args).value;
    return value ? [[d.args[value.arg], value.text, 0]] : [];
  }
  const which = COMPILED.get(d.name);
  if (!which) return [];
  const out: [NginxArg, string, number][] = [];
  d.args.forEach((a, i) => {
    if ((which === 'all' || which.includes(i)) && a.value.includes('$') && !a.value.startsWith('~')) out.push([a, a.value, 0]);
    else if (d.name === 'access_log' && i > 0 && a.value.startsWith('if=')) out.push([a, a.value.slice(3), 3]);
  });
  return out;
}

/** Entries of a `map` body that are no value: parameters of the block, and includes of more entries. */
const MAP_KEYWORDS = new Set(['hostnames', 'volatile', 'include']);

/**
 * The values of the `map` entries among the uses (`key value;`), with the family of the map: nginx
 * compiles a value as text with variables (`ngx_http_map`), unlike the values of geo and split_clients.
 */
function mapValues(c: NginxCheck): { d: NginxDirective; arg: NginxArg; family: Family | undefined }[] {
  const out: { d: NginxDirective; arg: NginxArg; family: Family | undefined }[] = [];
  // A file of entries included into a map: its top level is the map's body (looked up when needed).
  let included: { family: Family | undefined } | null | undefined = c.context === FREE ? undefined : null;
  let map: NginxDirective | undefined;
  let family: Family | undefined;
  for (const { d, ctx, parents, opaque } of c.uses) {
    if (d.name === 'map' && d.block) {
      map = d;
      family = familyOf(ctx);
      continue;
    }
    if (ctx !== FREE || opaque || d.args.length !== 1 || MAP_KEYWORDS.has(d.name) || !d.args[0].value.includes('$')) continue;
    const parent = parents[parents.length - 1];
    if (map && parent === map) out.push({ d, arg: d.args[0], family });
    else if (parents.length === 0 && included !== null) {
      included ??= includingMap(c) ?? null;
      if (included) out.push({ d, arg: d.args[0], family: included.family });
    }
  }
  return out;
}

/**
 * The map whose body includes this file (by its first inclusion in one of the trees), with the
 * family of its variables; undefined when the file is included elsewhere (a geo, types or
 * split_clients body, whose values are no variables).
 */
function includingMap(c: NginxCheck): { family: Family | undefined } | undefined {
  for (const tree of c.trees) {
    const chain = tree.files.get(c.file)?.chain;
    const last = chain?.[chain.length - 1];
    const from = last && c.nw.cache.get(last.file);
    const fromContext = last && tree.files.get(last.file)?.context;
    if (!last || !from || fromContext === undefined) continue;
    let found: { family: Family | undefined } | undefined;
    const mapContext = new Map<NginxDirective, Context>();
    walkWithContext(from.nodes, fromContext, (d, ctx, parents) => {
      if (d.name === 'map') mapContext.set(d, ctx);
      const parent = parents[parents.length - 1];
      if (d === last.directive && parent?.name === 'map') found = { family: familyOf(mapContext.get(parent) ?? 0) };
    });
    if (found) return found;
  }
  return undefined;
}

/** Variables written as nginx cannot read them: a "$" with no name, a "${" with no "}". */
function syntaxProblems(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  // Each directive's compiled values, with the directive the message names (a map entry: "map").
  const compiled: [string, [NginxArg, string, number][]][] = [];
  for (const { d, info, opaque } of c.uses) {
    if (opaque || !info || d.args.length < info.minArgs || d.args.length > info.maxArgs) continue;
    if (d.name === 'if' && info.module !== 'ngx_http_rewrite_module') continue;
    // A fault is at a "$": most directives have none (and are not copied for nothing on every keystroke).
    if (!d.args.some((a) => a.value.includes('$'))) continue;
    compiled.push([d.name, compiledValues(d)]);
  }
  for (const { arg } of mapValues(c)) compiled.push(['map', [[arg, arg.value, 0]]]);
  for (const [directive, values] of compiled) {
    for (const [arg, text, shift] of values) {
      const fault = scriptFault(text);
      if (!fault) continue;
      // Where the text stands in the file, when the argument is written as it reads.
      const base = valueOffset(arg);
      const range = base === undefined ? arg.range : c.config.lines.rangeOf(base + shift + fault.at, base + shift + fault.end);
      const message: Finding['message'] =
        fault.bracket === undefined
          ? { id: 'invalidName', data: { directive, example: 'geo $dollar { default "$"; }', use: '${dollar}' } }
          : {
              id: 'missingBracket',
              data: {
                name: fault.bracket,
                // The NUL nginx puts after the file name of a file test is no character written.
                why:
                  fault.bracket === ''
                    ? { id: 'bracketNoName' }
                    : fault.end >= text.replace(/\0$/, '').length
                    ? { id: 'bracketEnd', data: { fixed: `\${${fault.bracket}}` } }
                    : { id: 'bracketChar', data: { char: text[fault.end] } },
              },
            };
      out.push({ rule: meta.id, file: c.file, range, message });
      break;
    }
  }
  return out;
}

/**
 * Directives whose arguments nginx takes as written, `$` included: paths, zone and cookie names,
 * MIME types, cipher lists, header names (each checked with `nginx -t`, which passes
 * `error_log /var/log/${APP}.log;` and fails only where the text is used: a file, a host).
 * A configuration template not yet rendered (`envsubst`) is full of them.
 */
const LITERAL: ReadonlySet<string> = new Set([
  'error_log',
  'client_body_temp_path',
  'proxy_temp_path',
  'fastcgi_temp_path',
  'uwsgi_temp_path',
  'scgi_temp_path',
  'proxy_cache_path',
  'fastcgi_cache_path',
  'uwsgi_cache_path',
  'scgi_cache_path',
  'ssl_session_cache',
  'ssl_dhparam',
  'ssl_ecdh_curve',
  'ssl_ciphers',
  'proxy_ssl_ciphers',
  'grpc_ssl_ciphers',
  'ssl_session_ticket_key',
  'ssl_stapling_file',
  'default_type',
  'upstream',
  'real_ip_header',
  'secure_link_secret',
  'userid_name',
  'userid_domain',
  'valid_referers',
  'gzip_types',
  'ssi_types',
  'sub_filter_types',
  'charset_types',
  'addition_types',
  'proxy_hide_header',
  'fastcgi_hide_header',
  'uwsgi_hide_header',
  'scgi_hide_header',
  'grpc_hide_header',
  'proxy_pass_header',
  'fastcgi_pass_header',
  'uwsgi_pass_header',
  'scgi_pass_header',
  'grpc_pass_header',
  // Addresses: nginx looks the text up as a host (nginx-invalid-value reports it) or refuses it.
  'server',
  'listen',
  'resolver',
  'set_real_ip_from',
  'allow',
  'deny',
]);

/** Directives whose first argument is a name taken as written, and the rest text with variables. */
const NAMED_FIRST: ReadonlySet<string> = new Set([
  'log_format',
  'proxy_set_header',
  'grpc_set_header',
  'add_header',
  'add_trailer',
  'fastcgi_param',
  'uwsgi_param',
  'scgi_param',
]);

/** The arguments of a directive that nginx reads as text with variables (not regexes, not declarations). */
function valueArgs(d: NginxDirective): readonly NginxArg[] {
  const a = d.args;
  if (LITERAL.has(d.name)) return [];
  if (NAMED_FIRST.has(d.name)) return a.slice(1);
  switch (d.name) {
    // The key is compiled; `zone=` names the zone as written.
    case 'limit_req_zone':
    case 'limit_conn_zone':
      return a.slice(0, 1);
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
      // The variable tested is read whole (below); a regular expression is no text.
      const value = readCondition(a).value;
      return value ? [a[value.arg]] : [];
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
  const out = syntaxProblems(c);
  // Judged only inside trees made of what nginx ships: a third-party module may declare variables.
  if (c.trees.length === 0 || c.trees.some((t) => t.root.stray)) return out;
  const { names: declared, foreign } = declarationsOf(c.trees, c.nw.cache, c.file, c.context, c.uses);
  if (foreign) return out;
  const uses = c.uses;
  for (let u = 0; u < uses.length; u++) {
    const use = uses[u];
    if (use.opaque || !use.info) continue;
    const family = familyOf(use.ctx);
    if (!family) continue;
    // The variable an `if` tests: nginx takes the whole word after "$" for its name (`$x=a` is "x=a").
    if (use.d.name === 'if') {
      const variable = readCondition(use.d.args).variable;
      if (variable) {
        const name = variableKey(variable.name);
        if (!isBuiltin(name, family) && !declared.has(name)) {
          const arg = use.d.args[variable.arg];
          const base = valueOffset(arg);
          const from = base === undefined ? -1 : base + arg.value.indexOf('$') + 1;
          const glued = /^(\w*)(!=|=|!~\*|!~|~\*|~)(.+)$/.exec(variable.name);
          if (/^\w+$/.test(variable.name)) out.push(from < 0 ? { ...finding(c, arg.start, variable.name, name, family, declared), range: arg.range, fixes: [] } : finding(c, from, variable.name, name, family, declared));
          else {
            // A name no declaration can have: an operator or a value glued to the variable.
            const suggestion: Finding['message'] = glued ? { id: 'wholeWord', data: { fixed: `$${glued[1]} ${glued[2]} ${glued[3]}` } } : { id: 'wholeWordOnly' };
            const range = from < 0 ? arg.range : c.config.lines.rangeOf(from, from + variable.name.length);
            out.push({ rule: meta.id, file: c.file, range, message: { id: 'unknown', data: { name, written: variable.name, suggestion } } });
          }
        }
      }
    }
    unknownNames(c, valueArgs(use.d), family, declared, out);
  }
  for (const { arg, family } of mapValues(c)) if (family) unknownNames(c, [arg], family, declared, out);
  return out;
}

/** Reports the `$name` and `${name}` in the arguments as written that nothing declares. */
function unknownNames(c: NginxCheck, args: readonly NginxArg[], family: Family, declared: ReadonlySet<string>, out: Finding[]): void {
  const text = c.text;
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
