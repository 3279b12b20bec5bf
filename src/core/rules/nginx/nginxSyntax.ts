import { readCondition, type ConditionFault } from '../../nginx/conditions';
import { Ctx, UNKNOWN, variantIn, type DirectiveInfo } from '../../nginx/directives';
import { treeFacts } from '../../nginx/facts';
import { locationKind } from '../../nginx/locations';
import { valueOffset } from '../../nginx/model';
import { udpIncompatible } from '../../nginx/listen';
import { addressParts, passAddress } from '../../nginx/urls';
import { ALONE_VALUE, ONCE_PER_BLOCK, TAKES_NEXT_LINE } from '../../nginx/duplicates.generated';
import { KEYWORD_VALUES } from '../../nginx/keywords.generated';
import { NO_BACKUP_METHODS } from '../../nginx/model';
import { compiledPatterns, pcreMessage, pcreProblem, type PcreProblem } from '../../nginx/regex';
import { walkDirectives, type NginxArg, type NginxDirective } from '../../nginx/parser';
import type { Finding, Fix, Range } from '../../types';
import type { RuleMeta } from '../meta';
import { terminatorLineRange, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-syntax',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A lexical or structural error that makes `nginx -t` fail, at the line nginx reports.',
    'zh-cn': '会使 `nginx -t` 失败的词法或结构错误，位于 nginx 报告的行。',
  },
  messages: {
    nginx: { en: '{message}', 'zh-cn': 'nginx 语法错误：{message}' },
    unterminatedQuote: {
      en: '{message}: the quote opened on line {line} is never closed',
      'zh-cn': 'nginx 语法错误：{message}——第 {line} 行的引号没有闭合',
    },
    unclosedBlock: {
      en: '{message}: the block "{name}" opened on line {line} is never closed',
      'zh-cn': 'nginx 语法错误：{message}——第 {line} 行的 "{name}" 块没有闭合',
    },
    quoteOpened: { en: 'the quote opens here', 'zh-cn': '引号从这里开始' },
    blockOpened: { en: 'the block opens here', 'zh-cn': '块从这里开始' },
    notTerminated: {
      en: 'directive "{name}" is not terminated by ";"',
      'zh-cn': '指令 "{name}" 没有以 ";" 结束',
    },
    missingSemicolon: {
      en: '{message}: "{name}" on line {line} has no ";", so the "{next}" on line {nextLine} is read as one of its arguments',
      'zh-cn': 'nginx 语法错误：{message}——第 {line} 行的 "{name}" 缺少 ";"，第 {nextLine} 行的 "{next}" 被当成了它的参数',
    },
    missingSemicolonTaken: {
      en: '"{name}" on line {line} has no ";": nginx takes "{next}" on line {nextLine}, and the rest of that line, as more arguments of "{name}" and never runs it as a directive. "nginx -t" passes, so nothing warns of it.',
      'zh-cn': '第 {line} 行的 "{name}" 缺少 ";"：nginx 把第 {nextLine} 行的 "{next}" 及该行其余内容当成 "{name}" 的更多参数，而不会把它当作指令执行。"nginx -t" 能通过，因此不会有任何提示。',
    },
    noOpening: { en: 'directive "{name}" has no opening "{"', 'zh-cn': '指令 "{name}" 缺少开始的 "{"' },
    bom: {
      en: 'unknown directive "\ufeff{word}": the file begins with a UTF-8 byte order mark (BOM, bytes EF BB BF), invisible in most editors, which nginx reads as part of the first word. Save the file as UTF-8 without BOM.',
      'zh-cn': 'unknown directive "\ufeff{word}"：文件以 UTF-8 字节顺序标记（BOM，字节 EF BB BF）开头，多数编辑器中不可见，nginx 会把它当作第一个词的一部分。请以不带 BOM 的 UTF-8 保存该文件。',
    },
    arity: {
      en: 'invalid number of arguments in "{name}" directive: it takes {expected}, not {count}',
      'zh-cn': '"{name}" 指令的参数个数不对：应为 {expected} 个，实际 {count} 个',
    },
    includeMissing: {
      en: 'open() "{path}" failed (2: No such file or directory): {target} is not in the workspace',
      'zh-cn': 'open() "{path}" 失败（文件不存在）：工作区中没有 {target}',
    },
    includeCycle: { en: 'include cycle: {loop}', 'zh-cn': 'include 形成循环：{loop}' },
    includeDirectory: {
      en: 'pread() "{path}" failed (21: Is a directory): the pattern matches the folder {target}, which nginx reads as a file. Narrow the pattern ("*.conf") or move the folder out.',
      'zh-cn': 'pread() "{path}" 失败（是一个目录）：该模式匹配到了目录 {target}，nginx 会把它当作文件读取。请收窄模式（"*.conf"），或把该目录移出。',
    },
    insertSemicolon: { en: 'Insert ";" after "{arg}"', 'zh-cn': '在 "{arg}" 后插入 ";"' },
    noServers: {
      en: 'no servers are inside upstream: upstream "{name}" has no "server" line, and nginx refuses an upstream with nothing to send requests to',
      'zh-cn': 'no servers are inside upstream：upstream "{name}" 没有任何 "server" 行，nginx 不接受一个无处转发请求的 upstream',
    },
    upstreamOpened: { en: 'the upstream opens here', 'zh-cn': 'upstream 从这里开始' },
    backupOnly: {
      en: 'no servers in upstream "{name}": every server of it is "backup", and nginx needs at least one primary server, which backup servers stand in for only when it fails. Remove "backup" from the servers that should take the traffic.',
      'zh-cn': 'no servers in upstream "{name}"：它的每台 server 都标了 "backup"，而 nginx 至少需要一台主服务器，备用服务器只在主服务器故障时顶替。请去掉应当承接流量的服务器上的 "backup"。',
    },
    duplicateUpstream: {
      en: 'duplicate upstream "{name}": upstream "{first}" is already defined at {where}, and nginx compares upstream names without case. Rename one of them, or merge their servers into one upstream.',
      'zh-cn': 'duplicate upstream "{name}"：{where} 已经定义了 upstream "{first}"，而 nginx 比较 upstream 名称时不区分大小写。请重命名其中一个，或把它们的服务器合并到同一个 upstream。',
    },
    definedHere: { en: 'upstream "{name}" is defined here first', 'zh-cn': 'upstream "{name}" 首先在这里定义' },
    duplicate: {
      en: '"{name}" directive is duplicate: it is set already on line {line}, in the same block, and nginx takes it once per block. Keep one of them.',
      'zh-cn': '"{name}" directive is duplicate：同一块的第 {line} 行已经设置过它，而 nginx 每个块只接受一次。请只保留其中一条。',
    },
    duplicateAlone: {
      en: '"{name}" directive is duplicate: "{name} {value}" stands alone, and "{name}" is set already on line {line} in the same block. Keep "{name} {value}" alone, or remove it.',
      'zh-cn': '"{name}" directive is duplicate：“{name} {value}” 必须单独使用，而同一块的第 {line} 行已经设置了 "{name}"。请只保留 “{name} {value}”，或者删除它。',
    },
    aliasNamed: {
      en: 'the "alias" directive cannot be used inside the named location: "{location}" is reached by name, with no URI prefix for "alias" to replace. Use "root", or a prefix location.',
      'zh-cn': 'the "alias" directive cannot be used inside the named location：“{location}” 按名称进入，没有可供 "alias" 替换的 URI 前缀。请改用 "root"，或使用前缀 location。',
    },
    duplicateZone: {
      en: '"{name}" directive is duplicate: zone "{zone}" is limited already on line {line}, in the same block. Keep one of them.',
      'zh-cn': '"{name}" directive is duplicate：同一块的第 {line} 行已经对区域 "{zone}" 做了限制。请只保留其中一条。',
    },
    duplicateBesideAlone: {
      en: '"{name}" directive is duplicate: "{name} {value}" on line {line} stands alone, so no other "{name}" may be in the same block. Keep "{name} {value}" alone, or remove it.',
      'zh-cn': '"{name}" directive is duplicate：第 {line} 行的 “{name} {value}” 必须单独使用，同一块中不能再有其他 "{name}"。请只保留 “{name} {value}”，或者删除它。',
    },
    setFirst: { en: '"{name}" is set here first', 'zh-cn': '"{name}" 首先在这里设置' },
    invalidCondition: { en: 'invalid condition "{text}": {why}', 'zh-cn': 'invalid condition "{text}"：{why}' },
    unexpectedInCondition: { en: 'unexpected "{text}" in condition: {why}', 'zh-cn': 'unexpected "{text}" in condition：{why}' },
    conditionOpen: {
      en: 'the condition of "if" goes in parentheses, and this argument does not begin with "(": if ($x) { … }',
      'zh-cn': '"if" 的条件要写在括号中，而这个参数不以 "(" 开头：if ($x) { … }',
    },
    conditionClose: {
      en: 'the condition of "if" goes in parentheses, and its last argument does not end with ")"',
      'zh-cn': '"if" 的条件要写在括号中，而它的最后一个参数不以 ")" 结尾',
    },
    conditionEmpty: { en: 'the parentheses hold no condition', 'zh-cn': '括号中没有条件' },
    conditionParts: {
      en: 'a condition is a variable alone, or a variable, an operator and one value (quote a value that holds spaces)',
      'zh-cn': '条件只能是单独一个变量，或者变量、运算符和一个值（含空格的值要加引号）',
    },
    conditionOperator: {
      en: 'nginx compares with "=" and "!=", and matches regular expressions with "~", "~*", "!~" and "!~*"',
      'zh-cn': 'nginx 用 "=" 和 "!=" 比较，用 "~"、"~*"、"!~" 和 "!~*" 匹配正则表达式',
    },
    conditionFileOp: {
      en: 'nginx tests files with -f, -d, -e and -x, and their opposites !-f, !-d, !-e and !-x',
      'zh-cn': 'nginx 用 -f、-d、-e、-x 及其反义 !-f、!-d、!-e、!-x 检查文件',
    },
    conditionFileParts: {
      en: 'a file test takes exactly one operand: (-f $request_filename)',
      'zh-cn': '文件检查只接受一个操作数：(-f $request_filename)',
    },
    conditionStart: {
      en: 'a condition begins with a variable ($name) or a file test (-f, -d, -e, -x, or !-f, !-d, !-e, !-x)',
      'zh-cn': '条件以变量（$name）或文件检查（-f、-d、-e、-x，或 !-f、!-d、!-e、!-x）开头',
    },
    useEquals: { en: 'Replace "{text}" with "="', 'zh-cn': '把 "{text}" 替换为 "="' },
    duplicateLocation: {
      en: 'duplicate location "{name}": "{first}" is in the same block already ({where}), and nginx takes one {kind} location per URI in a block. Merge the two.',
      'zh-cn': 'duplicate location "{name}"：同一块中已经有 "{first}"（{where}），而 nginx 在一个块中对同一 URI 只接受一个{kind} location。请把两者合并。',
    },
    kindExact: { en: 'exact (=)', 'zh-cn': '精确匹配（=）' },
    kindPrefix: { en: 'prefix (plain or ^~)', 'zh-cn': '前缀匹配（不带修饰符或 ^~）' },
    locationFirst: { en: '"{first}" is defined here first', 'zh-cn': '"{first}" 首先在这里定义' },
    passUri: {
      en: '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block: {why}',
      'zh-cn': '"proxy_pass" cannot have URI part in location given by regular expression, or inside named location, or inside "if" statement, or inside "limit_except" block：{why}',
    },
    passUriRegex: {
      en: '"{location}" is a regular expression, so no matched prefix is there for "{uri}" to replace. Pass the address alone and change the URI with "rewrite … break", or build it from captures ("…/api/$1").',
      'zh-cn': '"{location}" 是正则表达式，没有可供 "{uri}" 替换的匹配前缀。请只写地址，用 "rewrite … break" 修改 URI，或用捕获组拼出 URI（"…/api/$1"）。',
    },
    passUriNamed: {
      en: '"{location}" is a named location, with no prefix for "{uri}" to replace. Pass the address alone (the request URI goes as it is), or rewrite the URI first.',
      'zh-cn': '"{location}" 是命名 location，没有可供 "{uri}" 替换的前缀。请只写地址（请求 URI 原样传递），或先改写 URI。',
    },
    passUriBlock: {
      en: 'inside "{block}" there is no location prefix for "{uri}" to replace. Pass the address alone, and set the URI with "rewrite … break" before the "{block}" or in it.',
      'zh-cn': '在 "{block}" 中没有可供 "{uri}" 替换的 location 前缀。请只写地址，并在 "{block}" 之前或其中用 "rewrite … break" 设置 URI。',
    },
    removeUri: { en: 'Remove the URI part "{uri}"', 'zh-cn': '删除 URI 部分 "{uri}"' },
    noCertificate: {
      en: 'no "ssl_certificate" is defined for the "listen ... ssl" directive: this server is the default for {address}, which a "listen ... ssl" ({listen}) serves over TLS, and neither it nor its "http" block sets "ssl_certificate". Add "ssl_certificate" and "ssl_certificate_key" to it (certbot adds them once it has a certificate), or "ssl_reject_handshake on" to a default server that only turns unknown names away.',
      'zh-cn': 'no "ssl_certificate" is defined for the "listen ... ssl" directive：该 server 是 {address} 的默认 server，而 "listen ... ssl"（{listen}）让该地址使用 TLS，它和它所在的 "http" 块都没有设置 "ssl_certificate"。请为它加上 "ssl_certificate" 和 "ssl_certificate_key"（certbot 取得证书后会加上），或者为只用来拒绝未知域名的默认 server 加上 "ssl_reject_handshake on"。',
    },
    sslListen: { en: 'TLS on {address} is asked for here', 'zh-cn': '这里要求 {address} 使用 TLS' },
    streamNoCertificate: {
      en: 'no "ssl_certificate" is defined for the "listen ... ssl" directive: this stream server accepts TLS on {address}, and neither it nor its "stream" block sets "ssl_certificate" (nginx names the server\'s last "listen ... ssl"). Add "ssl_certificate" and "ssl_certificate_key" to the server, or to the "stream" block for all its servers.',
      'zh-cn': 'no "ssl_certificate" is defined for the "listen ... ssl" directive：该 stream server 在 {address} 上接受 TLS，但它和它所在的 "stream" 块都没有设置 "ssl_certificate"（nginx 指出的是该 server 最后一个 "listen ... ssl"）。请为该 server 加上 "ssl_certificate" 和 "ssl_certificate_key"，或者加在 "stream" 块中供其中所有 server 使用。',
    },
    streamNoKey: {
      en: 'no "ssl_certificate_key" is defined for the "listen ... ssl" directive: this stream server accepts TLS on {address} with the certificate set at {certificate}, but neither it nor its "stream" block sets "ssl_certificate_key". Add "ssl_certificate_key" naming the certificate\'s secret key (the certificate\'s own file when the key is in it).',
      'zh-cn': 'no "ssl_certificate_key" is defined for the "listen ... ssl" directive：该 stream server 在 {address} 上使用 {certificate} 设置的证书接受 TLS，但它和它所在的 "stream" 块都没有设置 "ssl_certificate_key"。请加上 "ssl_certificate_key"，指向该证书的私钥（私钥与证书在同一文件中时，就写该证书文件）。',
    },
    udpIncompatible: {
      en: '"listen" directive "{param}" parameter is incompatible with "udp": it belongs to TCP connections, and a "udp" listen has none. Remove it, or listen for TCP on this address with another "listen" without "udp".',
      'zh-cn': '"listen" directive "{param}" parameter is incompatible with "udp"：该参数只用于 TCP 连接，而 "udp" 监听没有连接。请删除它，或者用另一条不带 "udp" 的 "listen" 在该地址上监听 TCP。',
    },
    streamFewerKeys: {
      en: 'no "ssl_certificate_key" is defined for certificate "{path}" and the "listen ... ssl" directive: this stream server accepts TLS on {address} with {count} certificates but {keys} "ssl_certificate_key" (its own, else its "stream" block\'s); nginx pairs them in order, and the last certificate, set at {certificate}, has no key. Add its "ssl_certificate_key" after it.',
      'zh-cn': 'no "ssl_certificate_key" is defined for certificate "{path}" and the "listen ... ssl" directive：该 stream server 在 {address} 上接受 TLS，有 {count} 个证书，却只有 {keys} 个 "ssl_certificate_key"（它自己的，否则是其 "stream" 块的）；nginx 按顺序把它们配对，{certificate} 设置的最后一个证书没有私钥。请在它之后加上对应的 "ssl_certificate_key"。',
    },
    httpNoKey: {
      en: 'no "ssl_certificate_key" is defined for certificate "{path}": {why} nginx refuses a certificate with no key in any server, whether it listens with "ssl" or not, and names no line for it.',
      'zh-cn': 'no "ssl_certificate_key" is defined for certificate "{path}"：{why}无论 server 是否以 "ssl" 监听，nginx 都拒绝没有私钥的证书，并且不指出行号。',
    },
    httpNoKeyNone: {
      en: 'a server uses this certificate, and neither it nor its "http" block sets "ssl_certificate_key". Add "ssl_certificate_key" naming the certificate\'s secret key (the certificate\'s own file when the key is in it), or remove the certificate.',
      'zh-cn': '有 server 使用该证书，但它和它所在的 "http" 块都没有设置 "ssl_certificate_key"。请加上 "ssl_certificate_key"，指向该证书的私钥（私钥与证书在同一文件中时，就写该证书文件），或者删除该证书。',
    },
    httpNoKeyFewer: {
      en: 'a server has {count} certificates but {keys} "ssl_certificate_key" (its own, else its "http" block\'s); nginx pairs them in order, and this last certificate has no key. Add its "ssl_certificate_key" after it.',
      'zh-cn': '有 server 有 {count} 个证书，却只有 {keys} 个 "ssl_certificate_key"（它自己的，否则是其 "http" 块的）；nginx 按顺序把它们配对，这最后一个证书没有私钥。请在它之后加上对应的 "ssl_certificate_key"。',
    },
    serverNoKey: { en: 'the server with no key for it', 'zh-cn': '没有对应私钥的 server' },
    streamServerNoCertificate: { en: 'the stream server with no certificate', 'zh-cn': '没有证书的 stream server' },
    certificateNoKey: { en: 'the certificate with no key', 'zh-cn': '没有私钥的证书' },
    useCaseless: { en: 'Write "~*" (a case-insensitive match)', 'zh-cn': '改为 "~*"（不区分大小写的匹配）' },
    regex: { en: '{message}: {why}', 'zh-cn': 'nginx 正则表达式错误：{message}——{why}' },
    regex_missingParen: {
      en: 'a "(" of the pattern is never closed. Close the group, or escape the parenthesis ("\\(") to match it.',
      'zh-cn': '模式中的 "(" 没有闭合。请闭合该分组，或者转义括号（"\\("）来匹配它本身。',
    },
    regex_unmatchedParen: {
      en: 'this ")" closes no group. Remove it, or escape it ("\\)") to match a parenthesis.',
      'zh-cn': '这个 ")" 没有对应的分组。请删除它，或者转义（"\\)"）来匹配括号本身。',
    },
    regex_missingBracket: {
      en: 'a "[" of the pattern is never closed by "]". Close the class, or escape the bracket ("\\[") to match it.',
      'zh-cn': '模式中的 "[" 没有用 "]" 闭合。请闭合字符类，或者转义方括号（"\\["）来匹配它本身。',
    },
    regex_nothingToRepeat: {
      en: '"*", "+", "?" and "{n}" repeat the item before them, and here there is none. Escape the character ("\\*") to match it; "~*" (case-insensitive) is written as one word ("location ~* \\.php$").',
      'zh-cn': '"*"、"+"、"?" 和 "{n}" 重复的是它们前面的项，而这里前面什么也没有。要匹配该字符本身请转义（"\\*"）；不区分大小写的 "~*" 要连写成一个词（"location ~* \\.php$"）。',
    },
    regex_countOrder: { en: 'in "{n,m}" the smaller count comes first.', 'zh-cn': '"{n,m}" 中较小的次数要写在前面。' },
    regex_countTooBig: { en: 'a count in "{}" is at most 65535.', 'zh-cn': '"{}" 中的次数最大为 65535。' },
    regex_rangeOrder: {
      en: 'a range in "[]" goes from the lower character to the higher one ("[a-z]").',
      'zh-cn': '"[]" 中的范围要从较小的字符到较大的字符（"[a-z]"）。',
    },
    regex_rangeInvalid: {
      en: 'a class such as "\\w" or "[:digit:]" cannot start or end a range. To match "-" itself, put it last in the brackets or escape it ("\\-"). Older nginx builds with PCRE 8 took the "-" as itself; PCRE2 (nginx 1.21.5 and later) refuses it.',
      'zh-cn': '"\\w" 或 "[:digit:]" 这样的字符类不能作为范围的起点或终点。要匹配 "-" 本身，请把它放在方括号内的最后，或者转义（"\\-"）。使用 PCRE 8 的旧版 nginx 会把 "-" 当作普通字符；PCRE2（nginx 1.21.5 及以后）则拒绝它。',
    },
    regex_posixName: {
      en: 'the POSIX classes are alpha, digit, alnum, upper, lower, space, punct, print, graph, cntrl, xdigit, blank, word and ascii.',
      'zh-cn': 'POSIX 字符类只有 alpha、digit、alnum、upper、lower、space、punct、print、graph、cntrl、xdigit、blank、word 和 ascii。',
    },
    regex_posixOutside: {
      en: 'a POSIX class works only inside brackets: "[[:digit:]]", not "[:digit:]".',
      'zh-cn': 'POSIX 字符类只能写在方括号内："[[:digit:]]"，而不是 "[:digit:]"。',
    },
    regex_collating: {
      en: 'PCRE2 has no collating elements ("[.x.]", "[=x=]"). Write the characters themselves.',
      'zh-cn': 'PCRE2 不支持排序元素（"[.x.]"、"[=x=]"）。请直接写出这些字符。',
    },
    regex_duplicateName: {
      en: 'two groups of the pattern have this name. Rename one of them.',
      'zh-cn': '模式中有两个分组使用了这个名称。请重命名其中一个。',
    },
    regex_commentParen: {
      en: 'the comment "(?#" is never closed by ")".',
      'zh-cn': '注释 "(?#" 没有用 ")" 结束。',
    },
  },
};

const CONDITION_WHY: Record<ConditionFault, string> = {
  open: 'conditionOpen',
  close: 'conditionClose',
  empty: 'conditionEmpty',
  parts: 'conditionParts',
  operator: 'conditionOperator',
  fileOp: 'conditionFileOp',
  fileParts: 'conditionFileParts',
  start: 'conditionStart',
};

/** Whether an offset is on the line nginx reports for a directive (its terminator's). */
function onTerminatorLine(c: NginxCheck, d: NginxDirective, offset: number): boolean {
  const lines = c.config.lines;
  return lines.positionAt(offset).line === lines.positionAt(d.terminatorOffset ?? d.end).line;
}

/** The range of an argument when it stands on the line nginx reports, else that line. */
function argOnLine(c: NginxCheck, d: NginxDirective, arg: NginxArg): Range {
  return onTerminatorLine(c, d, arg.start) ? arg.range : terminatorLineRange(c, d);
}

/**
 * A URI part in a `proxy_pass` where no location prefix is there for it to replace: in a regular
 * expression or named location, in `if`, in `limit_except` (`ngx_http_proxy_pass`). An address with
 * a variable is read per request: nginx does not judge it when it loads the configuration.
 */
function passUriProblem(c: NginxCheck, d: NginxDirective, block: NginxDirective | undefined): Finding | undefined {
  if (!block) return undefined;
  const arg = d.args[0];
  const pass = passAddress('proxy_pass', arg.value, 'http');
  const at = pass ? addressParts(pass.address, 'pass')?.uri : undefined;
  if (!pass || at === undefined || at >= pass.address.length) return undefined;
  const uri = pass.address.slice(at);
  let why: Finding['message'];
  if (block.name === 'if' || block.name === 'limit_except') why = { id: 'passUriBlock', data: { block: block.name, uri } };
  else if (block.name === 'location') {
    const kind = locationKind(block)?.kind;
    if (kind !== 'regex' && kind !== 'named') return undefined;
    why = { id: kind === 'regex' ? 'passUriRegex' : 'passUriNamed', data: { location: locationText(block), uri } };
  } else return undefined;
  const base = valueOffset(arg);
  const uriRange = base === undefined ? undefined : c.config.lines.rangeOf(base + pass.at + at, base + pass.at + pass.address.length);
  // The fix takes the ":" that opens the URI of a UNIX socket along.
  const unix = /^unix:/i.test(pass.address) ? 1 : 0;
  const removal = base === undefined ? undefined : c.config.lines.rangeOf(base + pass.at + at - unix, base + pass.at + pass.address.length);
  return {
    rule: meta.id,
    file: c.file,
    range: onTerminatorLine(c, d, arg.start) ? (uriRange ?? arg.range) : terminatorLineRange(c, d),
    message: { id: 'passUri', data: { why } },
    fixes: removal ? [{ title: { id: 'removeUri', data: { uri } }, safe: false, edits: [{ file: c.file, range: removal, newText: '' }] }] : [],
  };
}

/** The condition of an `if` nginx refuses (`invalid condition "$x"`, `unexpected "==" in condition`). */
function conditionProblem(c: NginxCheck, d: NginxDirective): Finding | undefined {
  const fault = readCondition(d.args).fault;
  if (!fault) return undefined;
  const arg = d.args[fault.arg];
  const range = argOnLine(c, d, arg);
  const fixes: Fix[] =
    fault.kind === 'operator' && arg.value === '==' && !arg.quote
      ? [{ title: { id: 'useEquals', data: { text: arg.value } }, safe: true, edits: [{ file: c.file, range: arg.range, newText: '=' }] }]
      : [];
  return {
    rule: meta.id,
    file: c.file,
    range,
    message: { id: fault.unexpected ? 'unexpectedInCondition' : 'invalidCondition', data: { text: fault.text, why: { id: CONDITION_WHY[fault.kind] } } },
    fixes,
  };
}


/**
 * `location ~ *\.php$`: the `*` meant `~*`, a case-insensitive match. Not safe: the intent is a guess
 * (`.*\.php$` is another reading).
 */
function caselessFix(c: NginxCheck, d: NginxDirective, arg: NginxArg, problem: PcreProblem): Fix[] {
  const op = d.args[0];
  if (d.name !== 'location' || d.args.length !== 2 || op.value !== '~' || arg !== d.args[1]) return [];
  if (problem.id !== 'nothingToRepeat' || problem.offset !== 0 || arg.quote || arg.value.length < 2 || arg.value[0] !== '*') return [];
  const range = c.config.lines.rangeOf(op.start, arg.start + 1);
  return [{ title: { id: 'useCaseless' }, safe: false, edits: [{ file: c.file, range, newText: '~* ' }] }];
}

/** The modules whose directive of a name nginx takes once per block (duplicates.generated.ts). */
const ONCE = modulesByName(ONCE_PER_BLOCK);
/** Directives whose arguments nginx extends with a next line's words when a `;` is missing: name → modules. */
const TAKES_NEXT = modulesByName(TAKES_NEXT_LINE);

/** "<module> <name>" entries (the module may hold spaces: "Core functionality") as name → modules. */
function modulesByName(entries: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const entry of entries) {
    const at = entry.lastIndexOf(' ');
    const name = entry.slice(at + 1);
    let modules = out.get(name);
    if (!modules) out.set(name, (modules = new Set()));
    modules.add(entry.slice(0, at));
  }
  return out;
}
/** Directives nginx repeats in a block but for one value, which must stand alone: name → module → value. */
const ALONE = new Map<string, Map<string, string>>();
for (const entry of ALONE_VALUE) {
  const [module, name, value] = entry.split(' ');
  let modules = ALONE.get(name);
  if (!modules) ALONE.set(name, (modules = new Map()));
  modules.set(module, value);
}

/** The zone a `limit_req` (`zone=name`) or `limit_conn` (`name n`) limits, as written. */
function limitZone(d: NginxDirective, module: string): string | undefined {
  if (d.name === 'limit_req' && module === 'ngx_http_limit_req_module') {
    const z = d.args.find((a) => a.value.startsWith('zone='));
    return z && !z.value.includes('$') ? z.value.slice(5) : undefined;
  }
  if (d.name === 'limit_conn' && (module === 'ngx_http_limit_conn_module' || module === 'ngx_stream_limit_conn_module')) {
    const z = d.args[0]?.value;
    return z && !z.includes('$') ? z : undefined;
  }
  return undefined;
}

function duplicateFinding(c: NginxCheck, d: NginxDirective, first: NginxDirective, message: Finding['message']): Finding {
  return {
    rule: meta.id,
    file: c.file,
    range: terminatorLineRange(c, d),
    message,
    related: [{ file: c.file, range: first.nameToken.range, message: { id: 'setFirst', data: { name: d.name } } }],
  };
}

function expected(min: number, max: number): string {
  if (max === Infinity) return `${min}+`;
  return min === max ? String(min) : `${min}-${max}`;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) return true;
  return false;
}

/** Flags of `rewrite` that are also directive names. */
const REWRITE_FLAGS = new Set(['break', 'last', 'redirect', 'permanent']);

/**
 * An argument that begins a new line and is itself a directive allowed here: the `;` before it is
 * missing. When nginx would accept the directive as written (`arityOk`), only a line that reads as a
 * whole directive counts: `server_name a.test` + `root /srv;` does, but not a parameter that happens
 * to share a directive's name on a line of its own (`listen 443 ssl` + `http2;`, `access_log … ` +
 * `gzip flush=5m;`, `rewrite … ` + `break;`).
 */
export function swallowedDirective(c: NginxCheck, d: NginxDirective, ctx: number, arityOk: boolean): { arg: NginxArg; prev: NginxArg } | undefined {
  // Asked of every directive: offsets only, the name token is made for a finding.
  const args = d.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const prevEnd = i === 0 ? d.nameEnd : args[i - 1].end;
    if (!hasLineBreak(c.text, prevEnd, a.start) || a.quote) continue;
    const info = variantIn(a.value, ctx);
    if (!info) continue;
    if (arityOk && !readsAsDirective(c, args, i, info, d.name)) continue;
    return { arg: a, prev: i === 0 ? d.nameToken : args[i - 1] };
  }
  return undefined;
}

/** Whether `args[i]` and the arguments after it on its line make a valid use of the directive `info`. */
function readsAsDirective(c: NginxCheck, args: readonly NginxArg[], i: number, info: DirectiveInfo, owner: string): boolean {
  if (owner === 'rewrite' && REWRITE_FLAGS.has(args[i].value)) return false;
  let n = 0;
  for (let k = i + 1; k < args.length && !hasLineBreak(c.text, args[k - 1].end, args[k].start); k++) n++;
  if (n < info.minArgs || n > info.maxArgs) return false;
  return !info.flag || /^(on|off)$/i.test(args[i + 1]?.value ?? '');
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const lines = c.config.lines;
  const line1 = (offset: number) => lines.positionAt(offset).line + 1;

  // A byte order mark (left out of the text) glues itself to the first word: nginx stops there.
  if (c.ctx.ws.hasBom?.(c.file)) {
    const word = /^[^\s;{}]*/.exec(c.text)![0];
    out.push({ rule: meta.id, file: c.file, range: lines.rangeOf(0, word.length), message: { id: 'bom', data: { word } } });
  }

  // Like nginx, only the first lexical error: after it the structure is a guess.
  const first = [...c.config.errors].sort((a, b) => a.offset - b.offset).slice(0, 1);
  // Where the first lexical error is reported (dropped when nginx stops earlier, on a block it refuses).
  let lexical: { finding: Finding; offset: number } | undefined;
  for (const e of first) {
    const base = { rule: meta.id, file: c.file, range: e.range };
    if (e.related?.kind === 'quote') {
      out.push({
        ...base,
        message: { id: 'unterminatedQuote', data: { message: e.message, line: line1(e.related.offset) } },
        related: [{ file: c.file, range: e.related.range, message: { id: 'quoteOpened' } }],
      });
    } else if (e.related?.kind === 'block') {
      let name = '';
      walkDirectives(c.config.nodes, (d) => {
        if (d.terminatorOffset === e.related!.offset) name = d.name;
      });
      out.push({
        ...base,
        message: { id: 'unclosedBlock', data: { message: e.message, name, line: line1(e.related.offset) } },
        related: [{ file: c.file, range: e.related.range, message: { id: 'blockOpened' } }],
      });
    } else {
      out.push({ ...base, message: { id: 'nginx', data: { message: e.message } } });
    }
    lexical = { finding: out[out.length - 1], offset: e.offset };
  }

  // What nginx takes once per block, by block (undefined: the file's top level): directives by name,
  // limits by zone, values that stand alone.
  let once: Map<NginxDirective | undefined, Map<string, NginxDirective>> | undefined;
  const seenIn = (block: NginxDirective | undefined): Map<string, NginxDirective> => {
    once ??= new Map();
    let names = once.get(block);
    if (!names) once.set(block, (names = new Map()));
    return names;
  };
  for (const use of c.uses) {
    const { d, info } = use;
    if (use.opaque || !info || d.terminatorOffset === undefined) continue;
    const terminator = d.terminator;
    // The range is computed only for a directive that gets a finding.
    if (terminator === ';' && info.block) {
      out.push({ rule: meta.id, file: c.file, range: terminatorLineRange(c, d), message: { id: 'noOpening', data: { name: d.name } } });
      continue;
    }
    const arityBad = d.args.length < info.minArgs || d.args.length > info.maxArgs;
    const swallowed = swallowedDirective(c, d, use.ctx, !arityBad && terminator === ';');
    if (swallowed) {
      // What nginx itself says here, when it is known without running the directive's handler.
      // A directive of fixed words refuses the next line's first one (`proxy_next_upstream error` + `proxy_pass …;`).
      const words = !arityBad && terminator === ';' ? KEYWORD_VALUES[`${info.module} ${d.name}`] : undefined;
      const message =
        arityBad && terminator === ';'
          ? `invalid number of arguments in "${d.name}" directive`
          : words?.every
            ? words.refusal.split('{value}').join(swallowed.arg.value)
            : `directive "${d.name}" is not terminated by ";"`;
      // nginx takes the words as more arguments and passes (`gzip_types text/plain` + `access_log off;`).
      const taken = !arityBad && terminator === ';' && TAKES_NEXT.get(d.name)?.has(info.module) === true;
      const fix: Fix = {
        title: { id: 'insertSemicolon', data: { arg: swallowed.prev.raw } },
        safe: false,
        edits: [{ file: c.file, range: lines.rangeOf(swallowed.prev.end, swallowed.prev.end), newText: ';' }],
      };
      out.push({
        rule: meta.id,
        file: c.file,
        range: terminatorLineRange(c, d),
        message: {
          id: taken ? 'missingSemicolonTaken' : 'missingSemicolon',
          data: { message, name: d.name, line: line1(d.nameToken.start), next: swallowed.arg.value, nextLine: line1(swallowed.arg.start) },
        },
        fixes: [fix],
        ...(taken ? { severity: 'warning' as const } : {}),
      });
      continue;
    }
    if (terminator === '{' && !info.block) {
      out.push({ rule: meta.id, file: c.file, range: terminatorLineRange(c, d), message: { id: 'notTerminated', data: { name: d.name } } });
      // nginx stops here, before a lexical error in the block it refuses (`server_name {{ domain }};`).
      if (lexical && d.terminatorOffset < lexical.offset) {
        out.splice(out.indexOf(lexical.finding), 1);
        lexical = undefined;
      }
      continue;
    }
    if (arityBad) {
      out.push({
        rule: meta.id,
        file: c.file,
        range: terminatorLineRange(c, d),
        message: { id: 'arity', data: { name: d.name, expected: expected(info.minArgs, info.maxArgs), count: d.args.length } },
      });
      continue;
    }
    if (d.name === 'proxy_pass' && info.module === 'ngx_http_proxy_module') {
      const problem = passUriProblem(c, d, use.parents[use.parents.length - 1]);
      if (problem) out.push(problem);
    }
    if (d.name === 'alias' && info.module === 'ngx_http_core_module') {
      const block = use.parents[use.parents.length - 1];
      if (block?.name === 'location' && locationKind(block)?.kind === 'named') {
        out.push({ rule: meta.id, file: c.file, range: terminatorLineRange(c, d), message: { id: 'aliasNamed', data: { location: locationText(block) } } });
      }
    }
    // A stream listen: `udp` with TCP's parameters. A server in a file nothing includes is taken for an http one.
    if (d.name === 'listen' && (use.ctx === Ctx.streamServer || (use.ctx === Ctx.httpServer && c.context === UNKNOWN))) {
      const bad = udpIncompatible(d);
      if (bad) out.push({ rule: meta.id, file: c.file, range: bad.arg.range, message: { id: 'udpIncompatible', data: { param: bad.name } } });
    }
    if (d.name === 'if' && info.module === 'ngx_http_rewrite_module') {
      const problem = conditionProblem(c, d);
      if (problem) out.push(problem);
    }
    for (const r of compiledPatterns(d)) {
      const problem = pcreProblem(r.pattern);
      if (problem) {
        const message = { id: 'regex', data: { message: pcreMessage(r.pattern, problem), why: { id: `regex_${problem.id}` } } };
        out.push({ rule: meta.id, file: c.file, range: r.arg.range, message, fixes: caselessFix(c, d, r.arg, problem) });
      }
    }
    // One limit per zone in a block (`limit_req zone=z` twice, `limit_conn c` twice).
    const zone = limitZone(d, info.module);
    if (zone !== undefined) {
      const names = seenIn(use.parents[use.parents.length - 1]);
      const key = `${d.name} zone=${zone}`;
      const first = names.get(key);
      if (!first) names.set(key, d);
      else out.push(duplicateFinding(c, d, first, { id: 'duplicateZone', data: { name: d.name, zone, line: line1(first.start) } }));
    }
    // nginx counts the arguments before the directive's handler refuses a second one.
    const alone = ALONE.get(d.name)?.get(info.module);
    if (alone !== undefined || ONCE.get(d.name)?.has(info.module)) {
      const names = seenIn(use.parents[use.parents.length - 1]);
      const first = names.get(d.name);
      // Of a directive with a value that stands alone, the first use with that value is kept too.
      const aloneKey = `${d.name} ${alone}`;
      if (!first) {
        names.set(d.name, d);
        if (alone !== undefined && d.args[0]?.value === alone) names.set(aloneKey, d);
      } else if (alone === undefined) {
        out.push(duplicateFinding(c, d, first, { id: 'duplicate', data: { name: d.name, line: line1(first.start) } }));
      } else if (d.args[0]?.value === alone) {
        // nginx 1.22 words it otherwise for http2_push ("off" parameter cannot be used with URI).
        out.push(duplicateFinding(c, d, first, { id: 'duplicateAlone', data: { name: d.name, value: alone, line: line1(first.start) } }));
      } else {
        const lone = names.get(aloneKey);
        if (lone) out.push(duplicateFinding(c, d, lone, { id: 'duplicateBesideAlone', data: { name: d.name, value: alone, line: line1(lone.start) } }));
      }
    }
  }

  out.push(...upstreamProblems(c));
  out.push(...duplicateLocations(c));
  out.push(...missingCertificates(c));

  for (const p of c.includeProblems) {
    const base = { rule: meta.id, file: c.file, range: p.arg.range };
    if (p.kind === 'missing') {
      out.push({ ...base, message: { id: 'includeMissing', data: { path: p.path, target: p.target } } });
    } else if (p.kind === 'directory') {
      out.push({ ...base, message: { id: 'includeDirectory', data: { path: p.path, target: p.target } } });
    } else {
      out.push({ ...base, message: { id: 'includeCycle', data: { loop: (p.loop ?? []).join(' → ') } } });
    }
  }
  return out;
}

/**
 * Default servers of an address some `listen … ssl` marks ssl, with no certificate of their own or
 * of their `http` block (`no "ssl_certificate" is defined for the "listen ... ssl" directive`, which
 * nginx gives at the server's line), and stream servers with a `listen … ssl` and no certificate or
 * no key of their own or of their `stream` block (nginx 1.22 gives it at the server's last such
 * listen), read across every file of the trees.
 */
function missingCertificates(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<NginxDirective>();
  for (const tree of c.trees) {
    for (const x of treeFacts(tree, c.nw.cache).certificates) {
      if (x.family === 'http' && x.missing === 'key') {
        // nginx names no place: on the certificate it names.
        const cert = x.certificate!;
        if (cert.file !== c.file || seen.has(cert.d)) continue;
        seen.add(cert.d);
        const count = x.keys ? { id: 'httpNoKeyFewer', data: { count: x.certificates!, keys: x.keys } } : { id: 'httpNoKeyNone' };
        out.push({
          rule: meta.id,
          file: c.file,
          range: cert.d.range,
          message: { id: 'httpNoKey', data: { path: cert.d.args[0]?.value ?? '', why: count } },
          related: [{ file: x.file, range: x.server.nameToken.range, message: { id: 'serverNoKey' } }],
        });
        continue;
      }
      if (x.family === 'stream') {
        // nginx 1.22 names the listen.
        const listen = x.listen!;
        if (x.listenFile !== c.file || seen.has(listen)) continue;
        seen.add(listen);
        const cert = x.certificate ? `${x.certificate.file}:${x.certificate.d.range.start.line + 1}` : '';
        out.push({
          rule: meta.id,
          file: c.file,
          range: listen.range,
          message:
            x.missing === 'key'
              ? x.keys
                ? { id: 'streamFewerKeys', data: { path: x.certificate!.d.args[0]?.value ?? '', address: x.address, count: x.certificates!, keys: x.keys, certificate: cert } }
                : { id: 'streamNoKey', data: { address: x.address, certificate: cert } }
              : { id: 'streamNoCertificate', data: { address: x.address } },
          related:
            x.missing === 'key'
              ? [{ file: x.certificate!.file, range: x.certificate!.d.range, message: { id: 'certificateNoKey' } }]
              : [{ file: x.file, range: x.server.nameToken.range, message: { id: 'streamServerNoCertificate' } }],
        });
        continue;
      }
      if (x.file !== c.file || seen.has(x.server)) continue;
      seen.add(x.server);
      out.push({
        rule: meta.id,
        file: c.file,
        range: x.server.nameToken.range,
        message: { id: 'noCertificate', data: { address: x.address, listen: `${x.listenFile}:${x.listen!.range.start.line + 1}` } },
        related: [{ file: x.listenFile!, range: x.listen!.range, message: { id: 'sslListen', data: { address: x.address } } }],
      });
    }
  }
  return out;
}

/**
 * Upstream blocks nginx refuses as a whole: one with no `server` (`no servers are inside upstream`, at
 * its closing brace), one whose servers are all `backup` (`no servers in upstream "x"`, at the
 * upstream), and a second upstream of one name in the files nginx reads (`duplicate upstream "x"`).
 */
function upstreamProblems(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, ctx, opaque } of c.uses) {
    if (opaque || d.name !== 'upstream' || !d.block || d.args.length !== 1 || (ctx !== Ctx.http && ctx !== Ctx.stream)) continue;
    // A block a lexical error cuts short is not read to its end.
    if (c.config.errors.some((e) => e.offset < d.end)) continue;
    const children = d.block.filter((n) => n.kind === 'directive');
    // An included file may hold the servers.
    if (children.some((n) => n.name === 'include')) continue;
    const name = d.args[0].value;
    const servers = children.filter((n) => n.name === 'server');
    if (servers.length === 0) {
      if (d.closeOffset === undefined) continue;
      out.push({
        rule: meta.id,
        file: c.file,
        range: c.config.lines.rangeOf(d.closeOffset, d.closeOffset + 1),
        message: { id: 'noServers', data: { name } },
        related: [{ file: c.file, range: c.config.lines.rangeOf(d.nameToken.start, d.args[0].end), message: { id: 'upstreamOpened' } }],
      });
    } else if (servers.every((n) => n.args.slice(1).some((a) => a.value === 'backup')) && !children.some((n) => NO_BACKUP_METHODS.has(n.name))) {
      // With hash, ip_hash or random nginx refuses `backup` itself first (nginx-invalid-value).
      out.push({ rule: meta.id, file: c.file, range: terminatorLineRange(c, d), message: { id: 'backupOnly', data: { name } } });
    }
  }
  const seen = new Set<number>();
  for (const tree of c.trees) {
    for (const x of treeFacts(tree, c.nw.cache).upstreams) {
      if (x.file !== c.file || seen.has(x.d.start)) continue;
      seen.add(x.d.start);
      const lines = c.nw.cache.get(x.first.file)?.lines;
      const where = `${x.first.file}:${lines ? lines.positionAt(x.first.d.start).line + 1 : 1}`;
      const first = x.first.d.args[0];
      out.push({
        rule: meta.id,
        file: c.file,
        range: terminatorLineRange(c, x.d),
        message: { id: 'duplicateUpstream', data: { name: x.d.args[0].value, first: first.value, where } },
        related: [{ file: x.first.file, range: first.range, message: { id: 'definedHere', data: { name: first.value } } }],
      });
    }
  }
  return out;
}

/** How a location is written: `location ^~ /api/`. */
function locationText(d: NginxDirective): string {
  return ['location', ...d.args.map((a) => a.raw)].join(' ');
}

/**
 * A second exact or prefix location of one URI in one block, in the files nginx reads (`duplicate
 * location "/"`, at the second, where nginx reports it once the `http` block is read).
 */
function duplicateLocations(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const tree of c.trees) {
    for (const x of treeFacts(tree, c.nw.cache).locations) {
      if (x.file !== c.file || seen.has(x.d.start)) continue;
      seen.add(x.d.start);
      const lines = c.nw.cache.get(x.first.file)?.lines;
      const where = `${x.first.file}:${lines ? lines.positionAt(x.first.d.start).line + 1 : 1}`;
      const first = locationText(x.first.d);
      out.push({
        rule: meta.id,
        file: c.file,
        range: terminatorLineRange(c, x.d),
        message: { id: 'duplicateLocation', data: { name: x.name, first, where, kind: { id: x.kind === 'exact' ? 'kindExact' : 'kindPrefix' } } },
        related: [{ file: x.first.file, range: x.first.d.nameToken.range, message: { id: 'locationFirst', data: { first } } }],
      });
    }
  }
  return out;
}
