import { nearest, parseIp, splitHostPort } from '../../ip';
import { nameList } from '../../l10n';
import { accessValue, maskLength, type AccessRefusal } from '../../nginx/access';
import { Ctx, isKnown, UNKNOWN, variantIn, variants, type DirectiveInfo, type ValueKind } from '../../nginx/directives';
import { KEYWORD_VALUES, type KeywordValues } from '../../nginx/keywords.generated';
import { knownListenParam, listenParamInCase } from '../../nginx/listen';
import type { NginxArg, NginxDirective } from '../../nginx/parser';
import { NO_BACKUP_METHODS, upstreamKey, valueOffset } from '../../nginx/model';
import { addressParts, invalidPort, passAddress, type AddressUse } from '../../nginx/urls';
import { parseSize, parseTime, parseTimeEither } from '../../nginx/values';
import type { Finding, Fix, MessageRef, Range } from '../../types';
import type { RuleMeta } from '../meta';
import { argRemoval, type NginxCheck } from './context';
import { swallowedDirective } from './nginxSyntax';

export const meta: RuleMeta = {
  id: 'nginx-invalid-value',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A time, size, number, rate, port or on/off value nginx cannot parse (`500x`, `200mb`, `listen 70000`, a variable where nginx takes a fixed value), a word nginx does not take where it takes only fixed words (`proxy_http_version 2.0`, `gzip_proxied always`), an address of allow or deny it cannot read, or a parameter of an upstream server or of listen it refuses.',
    'zh-cn': 'nginx 无法解析的时间、大小、数字、速率、端口或 on/off 值（如 `500x`、`200mb`、`listen 70000`，或在只接受固定值处使用变量），只接受固定几个词的指令中 nginx 不认识的词（如 `proxy_http_version 2.0`、`gzip_proxied always`），allow 或 deny 中 nginx 读不懂的地址，或 nginx 不接受的 upstream server 参数或 listen 参数。',
  },
  messages: {
    flag: {
      en: 'invalid value "{value}" in "{name}" directive, it must be "on" or "off"',
      'zh-cn': '"{name}" 指令的值 "{value}" 无效，只能是 "on" 或 "off"',
    },
    time: {
      en: '"{name}" directive invalid value: "{value}" is not a time. Write a number with units ms, s, m, h, d, w, M, y, largest first (30s, 1m30s, 500ms); a bare number means seconds{note}.',
      'zh-cn': '"{name}" 指令的值无效："{value}" 不是时间。请写数字加单位 ms、s、m、h、d、w、M、y，大单位在前（如 30s、1m30s、500ms）；不带单位表示秒{note}。',
    },
    noteMs: { en: '; this directive counts in milliseconds, so y and M are refused', 'zh-cn': '；该指令以毫秒计，不接受 y 和 M' },
    noteSec: { en: '; this directive counts in seconds, so ms is refused', 'zh-cn': '；该指令以秒计，不接受 ms' },
    size: {
      en: '"{name}" directive invalid value: "{value}" is not a size. Write digits with an optional k or m{g} suffix (200m, 16k), with no "b".',
      'zh-cn': '"{name}" 指令的值无效："{value}" 不是大小。请写数字，可带 k 或 m{g} 后缀（如 200m、16k），不要加 "b"。',
    },
    orG: { en: ' or g', 'zh-cn': ' 或 g' },
    number: {
      en: '"{name}" directive invalid value: "{value}" is not a number (units are not accepted here).',
      'zh-cn': '"{name}" 指令的值无效："{value}" 不是数字（这里不接受单位）。',
    },
    param: {
      en: 'invalid value "{value}" for "{param}=" in "{name}" directive: expected a {kind}.',
      'zh-cn': '"{name}" 指令中 "{param}=" 的值 "{value}" 无效：应为{kind}。',
    },
    kindTime: { en: 'time (30s, 10m)', 'zh-cn': '时间（如 30s、10m）' },
    kindSize: { en: 'size (10m, 512k)', 'zh-cn': '大小（如 10m、512k）' },
    kindRate: { en: 'request rate above 0 (10r/s, 30r/m)', 'zh-cn': '大于 0 的请求速率（如 10r/s、30r/m）' },
    kindNumber: { en: 'whole number', 'zh-cn': '整数' },
    variable: {
      en: '"{name}" directive invalid value: "{value}" holds a variable, but nginx reads this value once, when it loads the configuration, and does not expand variables in it. Write a fixed {kind} (it can differ per server or location, not per request).',
      'zh-cn': '"{name}" 指令的值无效："{value}" 含有变量，但 nginx 只在加载配置时读取一次该值，不展开其中的变量。请写固定的{kind}（可按 server 或 location 分别设置，不能按请求变化）。',
    },
    paramVariable: {
      en: 'invalid value "{value}" for "{param}=" in "{name}" directive: nginx does not expand variables in this parameter; write a fixed {kind}.',
      'zh-cn': '"{name}" 指令中 "{param}=" 的值 "{value}" 无效：nginx 不展开此参数中的变量，请写固定的{kind}。',
    },
    serverParam: {
      en: 'invalid parameter "{text}": {why}',
      'zh-cn': '无效参数 "{text}"：{why}',
    },
    weight: { en: 'weight must be a whole number of at least 1', 'zh-cn': 'weight 必须是不小于 1 的整数' },
    count: { en: '{param} must be a whole number (0 or more)', 'zh-cn': '{param} 必须是非负整数' },
    failTimeout: { en: 'fail_timeout takes a time in seconds (10s, 1m)', 'zh-cn': 'fail_timeout 取以秒计的时间（如 10s、1m）' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
    keyword: {
      en: '{refusal}: "{name}" takes {words}, not "{value}".{hint}',
      'zh-cn': '{refusal}："{name}" 只接受 {words}，不接受 "{value}"。{hint}',
    },
    keywordEach: {
      en: '{refusal}: "{name}" takes one or more of {words}, not "{value}".{hint}',
      'zh-cn': '{refusal}："{name}" 接受 {words} 中的一个或多个，不接受 "{value}"。{hint}',
    },
    wordsOr: { en: '{comma} or {last}', 'zh-cn': '{dun} 或 {last}' },
    wordsAnd: { en: '{comma} and {last}', 'zh-cn': '{dun} 和 {last}' },
    didYouMean: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    keywordCase: {
      en: ' nginx compares these words with case: write "{value}".',
      'zh-cn': 'nginx 比较这些词时区分大小写：请写 "{value}"。',
    },
    access: {
      en: 'invalid parameter "{value}": "{name}" takes an IPv4 or IPv6 address, a network in CIDR notation (192.168.1.0/24, 2001:db8::/32), "unix:" or "all".{hint}',
      'zh-cn': 'invalid parameter "{value}"："{name}" 只接受 IPv4 或 IPv6 地址、CIDR 表示的网络（如 192.168.1.0/24、2001:db8::/32）、"unix:" 或 "all"。{hint}',
    },
    accessAll: { en: ' nginx compares "all" with case: write "all".', 'zh-cn': 'nginx 比较 "all" 时区分大小写：请写 "all"。' },
    accessAny: { en: ' Every address is "all".', 'zh-cn': '表示所有地址的词是 "all"。' },
    accessUnix: {
      en: ' "unix:" stands alone, for every client of a UNIX-domain socket; it takes no path.',
      'zh-cn': '"unix:" 单独使用，表示 UNIX 域套接字的所有客户端，后面不跟路径。',
    },
    accessMask: { en: ' Write the netmask as a prefix length: "{value}".', 'zh-cn': '请把子网掩码写成前缀长度："{value}"。' },
    accessPrefix: {
      en: ' The prefix length after "/" is a number up to 32 for an IPv4 address and up to 128 for IPv6.',
      'zh-cn': '"/" 之后的前缀长度是数字，IPv4 地址最大 32，IPv6 最大 128。',
    },
    accessBrackets: { en: ' Write an IPv6 address without brackets: "{value}".', 'zh-cn': 'IPv6 地址不加方括号：请写 "{value}"。' },
    accessHost: {
      en: ' nginx does not look host names up here: write the address.',
      'zh-cn': 'nginx 在这里不解析主机名：请写地址。',
    },
    useridMark: {
      en: '"userid_mark" directive value must be "off" or a single letter, digit or "=": "{value}" is neither. The mark is the one character nginx writes into the cookie to mark it; "off" writes none.',
      'zh-cn': '"userid_mark" directive value must be "off" or a single letter, digit or "="："{value}" 两者都不是。标记是 nginx 写入 cookie 用来标识它的单个字符；"off" 表示不写标记。',
    },
    backupUnsupported: {
      en: 'balancing method does not support parameter "backup": "{method}" (line {line}) chooses the server itself, so an upstream using it has no backup servers. Remove "backup", or balance with round robin or least_conn.',
      'zh-cn': 'balancing method does not support parameter "backup"："{method}"（第 {line} 行）自行选择服务器，使用它的 upstream 没有备用服务器。请删除 "backup"，或改用轮询或 least_conn。',
    },
    removeBackup: { en: 'Remove "backup"', 'zh-cn': '删除 "backup"' },
    commercial: {
      en: '{param} is a parameter of the commercial subscription (NGINX Plus); open-source nginx does not know it and refuses the server line',
      'zh-cn': '{param} 是商业订阅（NGINX Plus）才有的参数，开源 nginx 不认识它，会拒绝这一 server 行',
    },
    unknownParam: {
      en: 'nginx knows no "{param}=" parameter of an upstream server (it takes {known})',
      'zh-cn': 'nginx 的 upstream server 没有 "{param}=" 参数（可用的有 {known}）',
    },
    removeParam: { en: 'Remove "{text}"', 'zh-cn': '删除 "{text}"' },
    resolveNoZone: {
      en: 'resolving names at run time requires upstream "{name}" to be in shared memory: with "resolve", nginx looks {host} up again while it runs and keeps the addresses in the upstream\'s shared memory zone, but upstream "{name}" has no "zone" directive, so nginx -t fails. Add "zone {name} 64k;" to the upstream (and a "resolver" in http or in the upstream), or remove "resolve".',
      'zh-cn': 'resolving names at run time requires upstream "{name}" to be in shared memory：带 "resolve" 时，nginx 在运行期间会重新解析 {host}，并把地址保存在该 upstream 的共享内存区中，但 upstream "{name}" 没有 "zone" 指令，因此 nginx -t 失败。请在该 upstream 中加上 "zone {name} 64k;"（并在 http 或该 upstream 中设置 "resolver"），或删除 "resolve"。',
    },
    hostNotFound: {
      en: '{text}: "{directive}" takes its address as written, with no variables, so nginx looks up a host named "{address}", which cannot exist. Fill in the placeholder the template left, or write a host name or an address.',
      'zh-cn': '{text}："{directive}" 按原样读取地址，不支持变量，因此 nginx 会去解析名为 "{address}" 的主机，而这样的主机不可能存在。请填入模板留下的占位符，或写上主机名或地址。',
    },
    listenPort: {
      en: 'invalid port in "{address}" of the "listen" directive: {why}.',
      'zh-cn': 'invalid port in "{address}" of the "listen" directive：{why}。',
    },
    upstreamPort: {
      en: 'invalid port in upstream "{address}": {why}.',
      'zh-cn': 'invalid port in upstream "{address}"：{why}。',
    },
    noPort: {
      en: 'no port in upstream "{address}": {name} has no default port and no upstream block is named "{address}". Write the port the backend listens on ("{address}:port"), or name an upstream block.',
      'zh-cn': 'no port in upstream "{address}"：{name} 没有默认端口，也没有名为 "{address}" 的 upstream 块。请写上后端监听的端口（"{address}:端口"），或指向一个 upstream 块。',
    },
    noPortStream: {
      en: 'no port in upstream "{address}": proxy_pass in a stream server has no default port and no upstream block of stream is named "{address}". Write the port the backend listens on ("{address}:port"), or name an upstream block.',
      'zh-cn': 'no port in upstream "{address}"：stream server 中的 proxy_pass 没有默认端口，stream 中也没有名为 "{address}" 的 upstream 块。请写上后端监听的端口（"{address}:端口"），或指向一个 upstream 块。',
    },
    noPortStreamServer: {
      en: 'no port in upstream "{address}": a server of a stream upstream has no default port. Write the port the backend listens on ("{address}:port").',
      'zh-cn': 'no port in upstream "{address}"：stream 的 upstream 中的 server 没有默认端口。请写上后端监听的端口（"{address}:端口"）。',
    },
    portRange: {
      en: 'a port is a whole number from 1 to 65535, and "{port}" is not',
      'zh-cn': '端口是 1 到 65535 之间的整数，"{port}" 不是',
    },
    portEmpty: {
      en: 'nothing follows the ":" that announces the port',
      'zh-cn': '表示端口的 ":" 之后什么也没有',
    },
    listenParam: {
      en: 'invalid parameter "{param}": "listen" in an http server takes no such parameter{note}.',
      'zh-cn': 'invalid parameter "{param}"：http server 中的 "listen" 没有这个参数{note}。',
    },
    streamListenParam: {
      en: 'the invalid "{param}" parameter: "listen" in a stream server takes no such parameter{note}.',
      'zh-cn': 'the invalid "{param}" parameter：stream server 中的 "listen" 没有这个参数{note}。',
    },
    noteCase: {
      en: ' (nginx compares parameters with case: write "{known}")',
      'zh-cn': '（nginx 比较参数时区分大小写：请写 "{known}"）',
    },
    noteUdp: {
      en: ' ("udp" belongs to "listen" in a stream server; HTTP/3 over UDP is "quic")',
      'zh-cn': '（"udp" 属于 stream server 中的 "listen"；基于 UDP 的 HTTP/3 用 "quic"）',
    },
    noteSpdy: {
      en: ' (SPDY gave way to HTTP/2: write "http2")',
      'zh-cn': '（SPDY 已由 HTTP/2 取代：请写 "http2"）',
    },
    noteHttpOnly: {
      en: ' ("{param}" belongs to "listen" in an http server)',
      'zh-cn': '（"{param}" 属于 http server 中的 "listen"）',
    },
  },
};

/** The directives that pass a request on to an address nginx reads when it loads the configuration. */
const PASS_NAMES: ReadonlySet<string> = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/**
 * Parameters of an upstream `server` in open-source nginx, by family (the nginx documentation;
 * `ngx_http_upstream_server`, `ngx_stream_upstream_server`): any other `name=value` is refused with
 * `invalid parameter`. `resolve` and `service=` are open source since 1.27.3, `route=` and `drain`
 * since 1.29.6 (http only).
 */
const SERVER_PARAMS: Record<'http' | 'stream', ReadonlySet<string>> = {
  http: new Set(['weight', 'max_conns', 'max_fails', 'fail_timeout', 'service', 'route']),
  stream: new Set(['weight', 'max_conns', 'max_fails', 'fail_timeout', 'service']),
};

/** Parameters the documentation lists as part of the commercial subscription only. */
const COMMERCIAL_PARAMS: ReadonlySet<string> = new Set(['slow_start']);

/** Whether a `server` address is a host name nginx would look up (not an IP address, not a socket). */
function isHostName(address: string): boolean {
  if (address.startsWith('unix:') || address.includes('$')) return false;
  const { host } = splitHostPort(address);
  return host !== '' && parseIp(host) === undefined;
}

/** Whether an upstream block says `zone`, or may (an included file could). */
function mayHaveZone(upstream: NginxDirective): boolean {
  return (upstream.block ?? []).some((n) => n.kind === 'directive' && (n.name === 'zone' || n.name === 'include'));
}

const LONG_UNITS: [RegExp, string][] = [
  [/^(\d+)\s*(msecs?|millis(econds?)?|milliseconds?)$/i, 'ms'],
  [/^(\d+)\s*(secs?|seconds?)$/i, 's'],
  [/^(\d+)\s*(mins?|minutes?)$/i, 'm'],
  [/^(\d+)\s*(hrs?|hours?)$/i, 'h'],
  [/^(\d+)\s*(days?)$/i, 'd'],
];

const PARAM_KINDS = { t: 'kindTime', s: 'kindSize', r: 'kindRate' } as const;

/** A variable as nginx writes one: `$name` or `${name}`. */
const VARIABLE = /\$(?:[A-Za-z0-9_]|\{)/;

/** The balancing directive of `upstream` written before `server`, among those that refuse `backup`. */
function balancerBefore(upstream: NginxDirective | undefined, server: NginxDirective): NginxDirective | undefined {
  for (const n of upstream?.block ?? []) {
    if (n === server) return undefined;
    if (n.kind === 'directive' && NO_BACKUP_METHODS.has(n.name)) return n;
  }
  return undefined;
}

/** A request rate as limit_req_zone reads it: a whole number above 0, per second unless `r/m` follows (`r/s` may). */
function requestRateOk(v: string): boolean {
  const m = /^(\d+)(?:r\/[sm])?$/.exec(v);
  return m !== null && Number(m[1]) > 0;
}

function timeOk(kind: ValueKind, v: string): boolean {
  if (kind === 'm') return parseTime(v, 'ms') !== undefined;
  if (kind === 'T') return parseTime(v, 's') !== undefined;
  return parseTimeEither(v) !== undefined;
}

function replaceFix(c: NginxCheck, arg: NginxArg, value: string, safe: boolean): Fix {
  return { title: { id: 'replace', data: { value } }, safe, edits: [{ file: c.file, range: arg.range, newText: value }] };
}

/** A corrected time or size when the mistake is obvious (`200mb` → `200m`, `30 seconds` → `30s`). */
function correction(kind: ValueKind, v: string): { value: string; safe: boolean } | undefined {
  if ('sozn'.includes(kind)) {
    const m = /^(\d+)([kKmMgG])[bB]$/.exec(v);
    if (m && (kind !== 's' || !/[gG]/.test(m[2]))) return { value: `${m[1]}${m[2]}`, safe: true };
    return undefined;
  }
  for (const [re, unit] of LONG_UNITS) {
    const m = re.exec(v);
    if (m) return { value: `${m[1]}${unit}`, safe: false };
  }
  return undefined;
}

/** The directives nginx takes only fixed words of (keywords.generated.ts), by "<module> <name>". */
const KEYWORDS: ReadonlyMap<string, KeywordValues> = new Map(Object.entries(KEYWORD_VALUES));
/** The same, by directive variant (asked of every directive: no key is built twice). */
const byVariant = new WeakMap<DirectiveInfo, KeywordValues | null>();

function keywordsOf(info: DirectiveInfo): KeywordValues | undefined {
  let kw = byVariant.get(info);
  if (kw === undefined) byVariant.set(info, (kw = KEYWORDS.get(`${info.module} ${info.name}`) ?? null));
  return kw ?? undefined;
}

/** Whether nginx takes `v` among the words (a word ending in `=` begins a value: `threads=pool`). */
function takesWord(kw: KeywordValues, v: string): boolean {
  const value = kw.caseless ? v.toLowerCase() : v;
  return kw.words.some((w) => {
    const word = kw.caseless ? w.toLowerCase() : w;
    return word.endsWith('=') ? value.startsWith(word) : value === word;
  });
}

const digitsOf = (s: string) => s.replace(/\D/g, '');

/**
 * The word `v` was probably meant to be: the same word in nginx's case, or one a letter or two away
 * with the same digits (`no_cache` → `no-cache`, but `2.0` is not `1.0`, nor `http_418` `http_403`).
 */
function intendedWord(kw: KeywordValues, v: string): { word: string; caseOnly: boolean } | undefined {
  const words = kw.words.filter((w) => !w.endsWith('='));
  const lower = v.toLowerCase();
  const same = words.find((w) => w.toLowerCase() === lower);
  if (same) return { word: same, caseOnly: true };
  const close = words.filter((w) => digitsOf(w) === digitsOf(v));
  const lowered = close.map((w) => w.toLowerCase());
  const found = nearest(lower, lowered, v.length >= 8 ? 2 : 1);
  return found === undefined ? undefined : { word: close[lowered.indexOf(found)], caseOnly: false };
}

/** The words, quoted, joined as each language joins a list (`"all" or "any"`). */
function wordList(kw: KeywordValues): Finding['message'] | string {
  const quoted = kw.words.map((w) => `"${w}${w.endsWith('=') ? '…' : ''}"`);
  if (quoted.length === 1) return quoted[0];
  const head = quoted.slice(0, -1);
  return { id: kw.every ? 'wordsAnd' : 'wordsOr', data: { comma: head.join(', '), dun: head.join('、'), last: quoted[quoted.length - 1] } };
}

/**
 * Whether a variant of the name other than `info` takes the word: in a file nothing includes, the
 * http variant stands for them all, and `proxy_next_upstream on` may be a stream one.
 */
function otherVariantTakes(info: DirectiveInfo, v: string): boolean {
  return variants(info.name).some((other) => {
    if (other === info) return false;
    if (other.flag) return /^(on|off)$/i.test(v);
    const kw = keywordsOf(other);
    return !kw || takesWord(kw, v);
  });
}

/**
 * Words nginx does not take where a directive takes only fixed words (`satisfy some`): the first
 * argument, or each of them where every one is such a word (`proxy_next_upstream error http_418`).
 * A value with a variable is left alone, and so is a directive whose `;` is missing (nginx-syntax's).
 */
function keywordProblems(c: NginxCheck, d: NginxDirective, info: DirectiveInfo, ctx: number): Finding[] {
  const kw = keywordsOf(info);
  if (!kw || d.args.length === 0 || swallowedDirective(c, d, ctx, d.terminator === ';')) return [];
  const out: Finding[] = [];
  const judged = kw.every ? d.args : d.args.slice(0, 1);
  for (let i = 0; i < judged.length; i++) {
    const a = judged[i];
    if (a.value.includes('$') || takesWord(kw, a.value) || (ctx === UNKNOWN && otherVariantTakes(info, a.value))) continue;
    // Where the context is unknown, a directive's name on a line of its own may follow a missing ";".
    if (ctx === UNKNOWN && !a.quote && isKnown(a.value) && c.text.lastIndexOf('\n', a.start) >= (i === 0 ? d.nameEnd : judged[i - 1].end)) break;
    const meant = intendedWord(kw, a.value);
    const hint: Finding['message'] | '' = meant ? { id: meant.caseOnly ? 'keywordCase' : 'didYouMean', data: { value: meant.word } } : '';
    out.push({
      rule: meta.id,
      file: c.file,
      range: a.range,
      message: {
        id: kw.every ? 'keywordEach' : 'keyword',
        data: { refusal: kw.refusal.split('{value}').join(a.value), name: d.name, value: a.value, words: wordList(kw), hint },
      },
      fixes: meant ? [replaceFix(c, a, meant.word, false)] : [],
    });
  }
  return out;
}

/** What an `allow` / `deny` value nginx refuses was probably meant to be, where that is plain. */
function accessHint(v: string, why: AccessRefusal): Finding['message'] | '' {
  if (v.toLowerCase() === 'all') return { id: 'accessAll' };
  if (/^(any|every|everyone|everybody|\*)$/i.test(v)) return { id: 'accessAny' };
  if (v.startsWith('unix:')) return { id: 'accessUnix' };
  const slash = v.indexOf('/');
  if (why === 'prefix') {
    const bits = maskLength(v.slice(slash + 1));
    return bits === undefined ? { id: 'accessPrefix' } : { id: 'accessMask', data: { value: `${v.slice(0, slash)}/${bits}` } };
  }
  const bracketed = /^\[([^\]]*)\](\/.*)?$/.exec(v);
  if (bracketed && accessValue(`${bracketed[1]}${bracketed[2] ?? ''}`) === undefined) return { id: 'accessBrackets', data: { value: `${bracketed[1]}${bracketed[2] ?? ''}` } };
  // A name: letters somewhere, and not only hex digits and colons (an IPv6 typo).
  if (/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.?$/.test(v) && /[g-zG-Z]/.test(v)) return { id: 'accessHost' };
  return '';
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const push = (arg: NginxArg, message: Finding['message'], fixes: Fix[] = []) =>
    out.push({ rule: meta.id, file: c.file, range: arg.range, message, fixes });

  for (const { d, info, opaque, ctx, parents } of c.uses) {
    if (opaque || !info || d.terminatorOffset === undefined) continue;
    if (d.args.length < info.minArgs || d.args.length > info.maxArgs) continue;
    if (info.flag) {
      const a = d.args[0];
      const v = a.value.toLowerCase();
      if (v !== 'on' && v !== 'off') {
        const fix = ['yes', 'true', '1', 'enable', 'enabled'].includes(v) ? 'on' : ['no', 'false', '0', 'disable', 'disabled'].includes(v) ? 'off' : undefined;
        push(a, { id: 'flag', data: { name: d.name, value: a.value } }, fix ? [replaceFix(c, a, fix, false)] : []);
      }
      continue;
    }
    const kinds = info.kinds;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i];
      const a = d.args[i];
      if (!a || kind === '.' || info.keywords.includes(a.value) || (info.variables && a.value.includes('$'))) continue;
      const v = a.value;
      const isTime = kind === 'm' || kind === 'T' || kind === 't';
      const ok = isTime ? timeOk(kind, v) : kind === 'n' ? /^\d+$/.test(v) : parseSize(v, kind !== 's') !== undefined;
      if (ok) continue;
      if (VARIABLE.test(v)) {
        const what = isTime ? 'kindTime' : kind === 'n' ? 'kindNumber' : 'kindSize';
        push(a, { id: 'variable', data: { name: d.name, value: v, kind: { id: what } } });
        continue;
      }
      const fix = correction(kind, v);
      const fixes = fix ? [replaceFix(c, a, fix.value, fix.safe)] : [];
      if (isTime) {
        const note = kind === 'm' && /[yM]/.test(v) ? { id: 'noteMs' } : kind === 'T' && /ms/.test(v) ? { id: 'noteSec' } : '';
        push(a, { id: 'time', data: { name: d.name, value: v, note } }, fixes);
      } else if (kind === 'n') push(a, { id: 'number', data: { name: d.name, value: v } }, fixes);
      else push(a, { id: 'size', data: { name: d.name, value: v, g: kind === 's' ? '' : { id: 'orG' } } }, fixes);
    }
    // `name=value` parameters with a time or size value, for directives that document some.
    if (info.params.size > 0) {
      for (const a of d.args) {
        const eq = a.value.indexOf('=');
        if (eq <= 0) continue;
        const param = a.value.slice(0, eq);
        const kind = info.params.get(param);
        if (!kind) continue;
        const v = a.value.slice(eq + 1);
        const ok = kind === 't' ? parseTimeEither(v) !== undefined : kind === 'r' ? requestRateOk(v) : parseSize(v, true) !== undefined;
        if (!ok) push(a, { id: VARIABLE.test(v) ? 'paramVariable' : 'param', data: { name: d.name, param, value: v, kind: { id: PARAM_KINDS[kind] } } });
      }
    }
    out.push(...keywordProblems(c, d, info, ctx));
    if ((d.name === 'allow' || d.name === 'deny') && (info.module === 'ngx_http_access_module' || info.module === 'ngx_stream_access_module')) {
      const a = d.args[0];
      const why = accessValue(a.value);
      if (why) push(a, { id: 'access', data: { name: d.name, value: a.value, hint: accessHint(a.value, why) } });
    } else if (d.name === 'userid_mark' && info.module === 'ngx_http_userid_module') {
      const a = d.args[0];
      if (a.value !== 'off' && !/^[A-Za-z0-9=]$/.test(a.value)) push(a, { id: 'useridMark', data: { value: a.value } });
    }
    if (d.name === 'listen' && (ctx === Ctx.httpServer || ctx === Ctx.streamServer)) {
      out.push(...listenProblems(c, d, ctx === Ctx.httpServer ? 'http' : 'stream'));
    } else if (d.name === 'server' && (ctx === Ctx.httpUpstream || ctx === Ctx.streamUpstream)) {
      const bad = portProblem(c, d.args[0], d.args[0].value, 0, 'server', 'upstreamPort');
      if (bad) out.push(bad);
      else if (placeholderHost(d.args[0].value)) push(d.args[0], hostNotFound(d.name, `upstream "${d.args[0].value}"`, d.args[0].value));
      else if (ctx === Ctx.streamUpstream && !hasPort(d.args[0].value)) push(d.args[0], { id: 'noPortStreamServer', data: { address: d.args[0].value } });
    } else if ((d.name === 'resolver' || d.name === 'set_real_ip_from') && ctx > 0) {
      // resolver: the addresses before its parameters (`valid=`, `ipv6=`, ...).
      const a = d.args.find((x) => !x.value.includes('=') && placeholderHost(x.value));
      if (a) push(a, hostNotFound(d.name, `${d.name} "${a.value}"`, a.value));
    } else if (PASS_NAMES.has(d.name) && ctx > 0) {
      const pass = passAddress(d.name, d.args[0].value, ctx === Ctx.streamServer ? 'stream' : 'http');
      const bad = pass && portProblem(c, d.args[0], pass.address, pass.at, pass.use, 'upstreamPort');
      if (bad) out.push(bad);
      else if (pass) {
        const missing = noPort(c, d, d.args[0], pass.address, pass.at, ctx === Ctx.streamServer ? 'stream' : 'http');
        if (missing) out.push(missing);
      }
    }
    if (d.name === 'server' && (ctx === Ctx.httpUpstream || ctx === Ctx.streamUpstream)) {
      const backup = d.args.find((a, i) => i > 0 && a.value === 'backup');
      const method = backup && balancerBefore(parents[parents.length - 1], d);
      if (backup && method) {
        out.push({
          rule: meta.id,
          file: c.file,
          range: backup.range,
          message: { id: 'backupUnsupported', data: { method: method.name, line: c.config.lines.positionAt(method.start).line + 1 } },
          fixes: [{ title: { id: 'removeBackup' }, safe: false, edits: [{ file: c.file, range: argRemoval(c, backup), newText: '' }] }],
        });
      }
      const family = ctx === Ctx.httpUpstream ? 'http' : 'stream';
      const upstream = parents[parents.length - 1];
      for (let i = 1; i < d.args.length; i++) {
        const a = d.args[i];
        if (a.value === 'resolve' && upstream?.name === 'upstream' && isHostName(d.args[0].value) && !mayHaveZone(upstream)) {
          push(a, { id: 'resolveNoZone', data: { name: upstream.args[0]?.value ?? '', host: splitHostPort(d.args[0].value).host } });
          continue;
        }
        const eq = a.value.indexOf('=');
        const name = eq > 0 ? a.value.slice(0, eq) : '';
        if (COMMERCIAL_PARAMS.has(name) || (name !== '' && !SERVER_PARAMS[family].has(name))) {
          const why: Finding['message'] = COMMERCIAL_PARAMS.has(name)
            ? { id: 'commercial', data: { param: name } }
            : { id: 'unknownParam', data: { param: name, known: nameList(['weight=', 'max_conns=', 'max_fails=', 'fail_timeout=', 'backup', 'down', 'resolve', 'service=', ...(family === 'http' ? ['route=', 'drain'] : [])]) } };
          const fix: Fix = { title: { id: 'removeParam', data: { text: a.value } }, safe: false, edits: [{ file: c.file, range: argRemoval(c, a), newText: '' }] };
          push(a, { id: 'serverParam', data: { text: a.value, why } }, COMMERCIAL_PARAMS.has(name) ? [fix] : []);
          continue;
        }
        const m = /^(weight|max_fails|max_conns|fail_timeout)=(.*)$/.exec(a.value);
        if (!m) continue;
        const [, param, v] = m;
        let why: Finding['message'] | undefined;
        if (param === 'weight' && !(/^\d+$/.test(v) && Number(v) >= 1)) why = { id: 'weight' };
        else if ((param === 'max_fails' || param === 'max_conns') && !/^\d+$/.test(v)) why = { id: 'count', data: { param } };
        else if (param === 'fail_timeout' && parseTime(v, 's') === undefined) why = { id: 'failTimeout' };
        if (why) push(a, { id: 'serverParam', data: { text: a.value, why } });
      }
    }
  }
  return out;
}

/** The range of `length` characters at `from` in an argument's value, or the whole argument when escapes or quotes shift them. */
function valueRange(c: NginxCheck, arg: NginxArg, from: number, length: number): Range {
  const base = valueOffset(arg);
  return base === undefined ? arg.range : c.config.lines.rangeOf(base + from, base + from + length);
}

/**
 * `invalid port in …` for an address written at `at` in an argument's value (after a scheme), as
 * nginx says it for a `listen` and for the address of an upstream `server` or a `*_pass`.
 */
function portProblem(c: NginxCheck, arg: NginxArg, address: string, at: number, use: AddressUse, id: 'listenPort' | 'upstreamPort'): Finding | undefined {
  const port = invalidPort(address, use);
  if (!port) return undefined;
  const why: Finding['message'] = port.text === '' ? { id: 'portEmpty' } : { id: 'portRange', data: { port: port.text } };
  const range = port.text === '' ? valueRange(c, arg, at + port.at - 1, 1) : valueRange(c, arg, at + port.at, port.text.length);
  return { rule: meta.id, file: c.file, range, message: { id, data: { address, why } } };
}

/** The passes of http with no default port: only proxy_pass gives one (80, 443 for https). */
const NO_DEFAULT_PORT: ReadonlySet<string> = new Set(['grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/**
 * Whether an upstream server's or a pass's address carries a port, or needs none (a `unix:` socket);
 * an address nginx cannot read at all counts as having one (other checks speak of it).
 */
function hasPort(address: string): boolean {
  if (address === '' || address.slice(0, 5).toLowerCase() === 'unix:') return true;
  if (address.startsWith('[') && !address.endsWith(']')) return true;
  const parts = addressParts(address, 'server');
  return !parts || parts.port !== undefined;
}

/**
 * `no port in upstream …` for a pass whose address carries no port where the pass has no default
 * one — FastCGI, uwsgi, SCGI, memcached and gRPC in http, `proxy_pass` in stream: nginx looks it up
 * among the upstream blocks of the family (by name, in any case, wherever they are defined) and,
 * finding none, refuses it once it has read the configuration (`ngx_http_upstream_init_round_robin`,
 * `ngx_stream_upstream_init_round_robin`).
 */
function noPort(c: NginxCheck, d: NginxDirective, arg: NginxArg, address: string, at: number, family: 'http' | 'stream'): Finding | undefined {
  if ((family === 'http' && !NO_DEFAULT_PORT.has(d.name)) || hasPort(address)) return undefined;
  if (c.upstreams.get(upstreamKey(address))?.some((u) => u.family === family)) return undefined;
  const message: MessageRef = family === 'http' ? { id: 'noPort', data: { address, name: d.name } } : { id: 'noPortStream', data: { address } };
  return { rule: meta.id, file: c.file, range: valueRange(c, arg, at, address.length), message };
}

/**
 * Whether an address nginx reads as written (an upstream `server`, `listen`, `resolver`,
 * `set_real_ip_from`) holds a `$`: no host has such a name, and nginx fails resolving it
 * (`host not found in upstream "${BACKEND}:8080"`), the mark of a template not filled in.
 */
function placeholderHost(value: string): boolean {
  return value.includes('$') && !value.startsWith('unix:');
}

function hostNotFound(directive: string, where: string, address: string): Finding['message'] {
  return { id: 'hostNotFound', data: { text: `host not found in ${where}`, directive, address: address.replace(/:\d+$/, '') } };
}

/** An invalid port of a `listen`, else its first parameter nginx does not know (what nginx says first). */
function listenProblems(c: NginxCheck, d: NginxDirective, family: 'http' | 'stream'): Finding[] {
  const bad = portProblem(c, d.args[0], d.args[0].value, 0, 'listen', 'listenPort');
  if (bad) return [bad];
  if (placeholderHost(d.args[0].value)) {
    const a = d.args[0];
    return [{ rule: meta.id, file: c.file, range: a.range, message: hostNotFound('listen', `"${a.value}" of the "listen" directive`, a.value) }];
  }
  const ctx = family === 'http' ? Ctx.httpServer : Ctx.streamServer;
  for (let i = 1; i < d.args.length; i++) {
    const a = d.args[i];
    // A directive on a line of its own after a missing ";" is nginx-syntax's.
    if (c.text.lastIndexOf('\n', a.start) >= d.args[i - 1].end && variantIn(a.value, ctx)) break;
    if (knownListenParam(a.value, family)) continue;
    const other = family === 'http' ? 'stream' : 'http';
    // In a file nothing includes, a server is taken for an http one: it may be a stream one.
    if (c.context === UNKNOWN && knownListenParam(a.value, other)) continue;
    const known = listenParamInCase(a.value, family);
    const note: Finding['message'] | '' = known
      ? { id: 'noteCase', data: { known } }
      : family === 'http' && a.value === 'udp'
        ? { id: 'noteUdp' }
        : family === 'http' && a.value === 'spdy'
          ? { id: 'noteSpdy' }
          : family === 'stream' && knownListenParam(a.value, other)
            ? { id: 'noteHttpOnly', data: { param: a.value } }
            : '';
    return [{ rule: meta.id, file: c.file, range: a.range, message: { id: family === 'http' ? 'listenParam' : 'streamListenParam', data: { param: a.value, note } } }];
  }
  return [];
}
