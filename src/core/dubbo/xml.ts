import { LineIndex } from '../text';
import { detachedSlice, sameChars } from '../strings';
import { localize } from '../l10n';
import type { MessageTemplate } from '../rules/meta';
import type { MessageRef, Range } from '../types';

/**
 * XML for the Dubbo analyzers: a single-pass scanner that builds the element tree with exact offsets
 * of every tag, attribute name and value, resolves namespaces per element scope, and reports the first
 * well-formedness error where `xmllint` would. Never throws.
 */

export const DUBBO_NS_APACHE = 'http://dubbo.apache.org/schema/dubbo';
export const DUBBO_NS_ALIBABA = 'http://code.alibabatech.com/schema/dubbo';
export const DUBBO_NAMESPACES: readonly string[] = [DUBBO_NS_APACHE, DUBBO_NS_ALIBABA];

/** The Dubbo namespace constants for equal URIs: later comparisons with them are identity checks. */
function knownNamespace(uri: string): string {
  return uri === DUBBO_NS_APACHE ? DUBBO_NS_APACHE : uri === DUBBO_NS_ALIBABA ? DUBBO_NS_ALIBABA : uri;
}

export function isDubboNamespace(uri: string | undefined): boolean {
  return uri === DUBBO_NS_APACHE || uri === DUBBO_NS_ALIBABA;
}

export interface XmlAttribute {
  /** Qualified name as written (`xmlns:dubbo`, `port`). */
  name: string;
  prefix?: string;
  local: string;
  /** Namespace of a prefixed attribute (unprefixed attributes have none). */
  ns?: string;
  /** Value with entity and character references decoded. */
  value: string;
  /** Value as written between the quotes. */
  raw: string;
  /** Whether the value holds `${` (where a Spring placeholder may start), read with the value. */
  placeholder: boolean;
  nameStart: number;
  nameEnd: number;
  /** Offsets of the value inside the quotes. */
  valueStart: number;
  valueEnd: number;
  /** Read from properties or YAML: the whole key that set it (`dubbo.protocol.port`). */
  key?: string;
  /**
   * Read from properties or YAML where the value is not written as it reads (continuation lines,
   * escapes, block scalars): the file offset of each character of the value and of its end.
   */
  valueMap?: readonly number[];
}

export interface XmlElement {
  name: string;
  prefix?: string;
  local: string;
  ns?: string;
  /** Offset of `<`. */
  start: number;
  nameStart: number;
  nameEnd: number;
  /** Offset just after the `>` of the start tag (or the text length when the tag is unterminated). */
  tagEnd: number;
  selfClosing: boolean;
  /** Offset just after the end tag (or the start tag when self-closing); undefined when never closed. */
  end?: number;
  attrs: XmlAttribute[];
  children: XmlElement[];
  parent?: XmlElement;
  /** Namespace bindings in scope: prefix (`''` for the default namespace) → URI. */
  scope: ReadonlyMap<string, string>;
  /** Read from properties or YAML: the key of the element as its first key writes it (`dubbo.protocol`). */
  key?: string;
}

export interface XmlSyntaxError {
  /** The message in English (`id` and `data` localize it: `XML_ERRORS`). */
  message: string;
  offset: number;
  id: XmlErrorId;
  data: Record<string, string | number | MessageRef>;
}

/** Well-formedness errors, one id each, in English and Chinese. `{found}` may hold the `eof` part. */
export const XML_ERRORS = {
  tagEof: { en: 'Tag is not closed (missing >): {what} reaches the end of the file.', 'zh-cn': '标签未闭合（缺少 >）：{what} 一直到文件末尾都没有结束。' },
  unclosedElement: { en: "Unclosed tag '{name}': the file ends before </{name}>.", 'zh-cn': "标签 '{name}' 未闭合：文件在 </{name}> 之前就结束了。" },
  empty: { en: 'The document is empty: it needs a root element.', 'zh-cn': '文档为空：需要一个根元素。' },
  noRoot: { en: 'No root element: the document holds no element.', 'zh-cn': '没有根元素：文档中没有任何元素。' },
  badCharRef: { en: 'Malformed character reference {ref}: expected &#digits; or &#xhex;.', 'zh-cn': '字符引用 {ref} 格式错误：应为 &#数字; 或 &#x十六进制;。' },
  charRefNotAllowed: { en: 'Character reference {ref} is not an allowed XML character.', 'zh-cn': '字符引用 {ref} 不是允许的 XML 字符。' },
  bareAmp: { en: "'&' must be written &amp; (or start a reference such as &lt;).", 'zh-cn': "'&' 必须写作 &amp;（或作为 &lt; 这类引用的开头）。" },
  refNoSemicolon: { en: "Entity reference '{ref}' is missing its ';'.", 'zh-cn': "实体引用 '{ref}' 缺少结尾的 ';'。" },
  undefinedEntity: { en: "Undefined entity '&{name};'.", 'zh-cn': "未定义的实体 '&{name};'。" },
  textAfterRoot: { en: 'Extra content after the root element: only comments and whitespace may follow it.', 'zh-cn': '根元素之后有多余内容：其后只能有注释和空白。' },
  textBeforeRoot: { en: 'Text before the root element: the document must start with markup.', 'zh-cn': '根元素之前有文本：文档必须以标记开头。' },
  cdataEndInText: { en: "']]>' is only allowed to end a CDATA section (write ]]&gt;).", 'zh-cn': "']]>' 只能用于结束 CDATA 段（请写作 ]]&gt;）。" },
  endTagNoGt: { en: "Expected '>' to end the end tag </{name}>, found {found}.", 'zh-cn': "结束标签 </{name}> 应以 '>' 结尾，却遇到{found}。" },
  endTagAfterRoot: { en: 'Extra content: an end tag </{name}> after the root element.', 'zh-cn': '多余内容：根元素之后出现结束标签 </{name}>。' },
  endTagBeforeRoot: { en: 'Unexpected end tag </{name}> before the root element.', 'zh-cn': '根元素之前出现意外的结束标签 </{name}>。' },
  mismatchedEndTag: { en: "Expected closing tag '{open}' (opened on line {line}) instead of </{name}>.", 'zh-cn': "此处应为结束标签 '{open}'（第 {line} 行打开），而不是 </{name}>。" },
  commentEof: { en: 'Comment is not closed (missing -->).', 'zh-cn': '注释未闭合（缺少 -->）。' },
  doubleHyphen: { en: "'--' is not allowed inside a comment.", 'zh-cn': "注释中不允许出现 '--'。" },
  cdataOutside: { en: 'A CDATA section is only allowed inside an element.', 'zh-cn': 'CDATA 段只能出现在元素内部。' },
  cdataEof: { en: 'CDATA section is not closed (missing ]]>).', 'zh-cn': 'CDATA 段未闭合（缺少 ]]>）。' },
  doctypeTwice: { en: 'A DOCTYPE is allowed only once, before the root element.', 'zh-cn': 'DOCTYPE 只能出现一次，且必须在根元素之前。' },
  badBang: { en: "'<!' starts a comment (<!--), a CDATA section (<![CDATA[) or a DOCTYPE, not {found}.", 'zh-cn': "'<!' 只能开始注释（<!--）、CDATA 段（<![CDATA[）或 DOCTYPE，而不是{found}。" },
  piNoName: { en: 'Processing instruction without a name (<?name …?>).', 'zh-cn': '处理指令缺少名称（<?name …?>）。' },
  declNotAtStart: { en: 'The XML declaration is allowed only at the very start of the file.', 'zh-cn': 'XML 声明只能位于文件的最开头。' },
  piReserved: { en: "Processing instruction name '{target}' is reserved.", 'zh-cn': "处理指令名称 '{target}' 是保留的。" },
  piEof: { en: 'Processing instruction is not closed (missing ?>).', 'zh-cn': '处理指令未闭合（缺少 ?>）。' },
  piNoSpace: { en: "Expected whitespace after the processing instruction name '{target}'.", 'zh-cn': "处理指令名称 '{target}' 之后应有空白。" },
  secondRoot: { en: 'Extra content: a second root element <{name}> (only one is allowed)', 'zh-cn': '多余内容：第二个根元素 <{name}>（只允许一个）' },
  contentAfterRoot: { en: 'Extra content after the root element.', 'zh-cn': '根元素之后有多余内容。' },
  ltNoName: { en: "'<' must start a tag name (or be written &lt;), found {found}.", 'zh-cn': "'<' 之后必须是标签名（否则请写作 &lt;），却遇到{found}。" },
  tooDeep: { en: 'The document could not be read: elements are nested deeper than {depth} levels.', 'zh-cn': '无法读取文档：元素嵌套超过 {depth} 层。' },
  slashNoGt: { en: "Expected '>' after '/' to end the tag <{name}>.", 'zh-cn': "标签 <{name}> 中 '/' 之后应为 '>'。" },
  tagThenLt: { en: "Tag is not closed (missing >): <{name}> is followed by '<'.", 'zh-cn': "标签未闭合（缺少 >）：<{name}> 之后紧跟着 '<'。" },
  unexpectedInTag: { en: 'Unexpected {found} in the tag <{name}>: expected an attribute name, > or />.', 'zh-cn': '标签 <{name}> 中出现意外的{found}：应为属性名、> 或 />。' },
  attrNoSpace: { en: "Attribute '{attr}' must be separated from what precedes it by whitespace.", 'zh-cn': "属性 '{attr}' 与前面的内容之间必须有空白。" },
  attrNoValue: { en: "Attribute '{attr}' without value: expected {attr}=\"…\".", 'zh-cn': "属性 '{attr}' 没有值：应为 {attr}=\"…\"。" },
  attrUnquoted: { en: "The value of attribute '{attr}' must be in quotes (\"…\" or '…').", 'zh-cn': "属性 '{attr}' 的值必须加引号（\"…\" 或 '…'）。" },
  ltInAttr: { en: "'<' is not allowed in the value of attribute '{attr}' (write &lt;).", 'zh-cn': "属性 '{attr}' 的值中不允许出现 '<'（请写作 &lt;）。" },
  attrRepeated: { en: "Attribute '{attr}' is repeated.", 'zh-cn': "属性 '{attr}' 重复。" },
  declVersion: { en: 'Malformed XML declaration: it must start with version="1.0".', 'zh-cn': 'XML 声明格式错误：必须以 version="1.0" 开头。' },
  declSpace: { en: "Malformed XML declaration: whitespace is required before '{name}'.", 'zh-cn': "XML 声明格式错误：'{name}' 之前需要空白。" },
  declEq: { en: "Malformed XML declaration: expected '=' after '{name}'.", 'zh-cn': "XML 声明格式错误：'{name}' 之后应为 '='。" },
  declQuotes: { en: "Malformed XML declaration: the value of '{name}' must be in quotes.", 'zh-cn': "XML 声明格式错误：'{name}' 的值必须加引号。" },
  declInvalid: { en: 'Malformed XML declaration: invalid {name} {value}.', 'zh-cn': 'XML 声明格式错误：无效的 {name} {value}。' },
  encoding: { en: 'Unsupported encoding {value}.', 'zh-cn': '不支持的编码 {value}。' },
  declEof: { en: 'The XML declaration is not closed (missing ?>).', 'zh-cn': 'XML 声明未闭合（缺少 ?>）。' },
  declEnd: { en: "Malformed XML declaration: expected '?>'.", 'zh-cn': "XML 声明格式错误：应为 '?>'。" },
  declMalformed: { en: 'Malformed XML declaration.', 'zh-cn': 'XML 声明格式错误。' },
  declarationEof: { en: 'Declaration is not closed (missing >).', 'zh-cn': '声明未闭合（缺少 >）。' },
  doctypeName: { en: 'Malformed DOCTYPE: expected whitespace and the root element name after <!DOCTYPE.', 'zh-cn': 'DOCTYPE 格式错误：<!DOCTYPE 之后应为空白和根元素名。' },
  doctypePublicId: { en: 'Malformed DOCTYPE: expected whitespace and the quoted public identifier.', 'zh-cn': 'DOCTYPE 格式错误：应为空白和加引号的公共标识符。' },
  doctypeSystemId: { en: 'Malformed DOCTYPE: expected whitespace and the quoted system identifier.', 'zh-cn': 'DOCTYPE 格式错误：应为空白和加引号的系统标识符。' },
  doctypePubidChar: { en: 'Malformed DOCTYPE: invalid character in the public identifier.', 'zh-cn': 'DOCTYPE 格式错误：公共标识符中有无效字符。' },
  doctypeGt: { en: "Malformed DOCTYPE: expected '>', found {found}.", 'zh-cn': "DOCTYPE 格式错误：应为 '>'，却遇到{found}。" },
  illegalChar: { en: 'Character U+{code} is not allowed in XML.', 'zh-cn': 'XML 中不允许出现字符 U+{code}。' },
} satisfies Record<string, MessageTemplate>;

export type XmlErrorId = keyof typeof XML_ERRORS;

/**
 * Namespace errors: a name whose prefix no `xmlns:prefix` in scope declares. The document stays
 * well-formed (`xmllint --noout` reports "namespace error : Namespace prefix … is not defined" and
 * exits 0), but a namespace-aware parser such as Spring's (Xerces) stops there: "The prefix … is not
 * bound", and the file does not load.
 */
export const XML_NAMESPACE_ERRORS = {
  undeclaredPrefix: {
    en: 'Namespace prefix "{prefix}" of <{name}> is not declared: neither this element nor an enclosing one has xmlns:{prefix}. xmllint reports a namespace error and Spring\'s parser stops here, so the file does not load.',
    'zh-cn': '<{name}> 的命名空间前缀 "{prefix}" 未声明：该元素及其外层元素上都没有 xmlns:{prefix}。xmllint 会报告命名空间错误，Spring 的解析器会在此失败，文件无法加载。',
  },
  undeclaredAttributePrefix: {
    en: 'Namespace prefix "{prefix}" of attribute {name} on <{element}> is not declared: neither this element nor an enclosing one has xmlns:{prefix}. xmllint reports a namespace error and Spring\'s parser stops here, so the file does not load.',
    'zh-cn': '<{element}> 上属性 {name} 的命名空间前缀 "{prefix}" 未声明：该元素及其外层元素上都没有 xmlns:{prefix}。xmllint 会报告命名空间错误，Spring 的解析器会在此失败，文件无法加载。',
  },
} satisfies Record<string, MessageTemplate>;

export type XmlNamespaceErrorId = keyof typeof XML_NAMESPACE_ERRORS;

export interface XmlNamespaceError {
  id: XmlNamespaceErrorId;
  data: { prefix: string; name: string; element?: string };
  /** The message in English. */
  message: string;
  /** The name whose prefix is undeclared (the element's or the attribute's). */
  start: number;
  end: number;
  /** Just after its start tag: where a parser reading in order (libxml2, Xerces) reports it. */
  tagEnd: number;
}

/** Parts of messages: what was found where a character was expected. */
export const XML_MESSAGE_PARTS: Record<string, MessageTemplate> = {
  eof: { en: 'the end of the file', 'zh-cn': '文件末尾' },
};

const lookupXmlMessage = (id: string): MessageTemplate | undefined => (XML_ERRORS as Record<string, MessageTemplate>)[id] ?? XML_MESSAGE_PARTS[id];

function failure(id: XmlErrorId, data: XmlSyntaxError['data'], offset: number, at = offset): Failure {
  return { id, data, message: localize({ id, data }, 'en', lookupXmlMessage), offset, at };
}

export interface XmlDocument {
  text: string;
  index: LineIndex;
  roots: XmlElement[];
  /** Every element in document order. */
  elements: XmlElement[];
  /** The attributes whose value holds `${` (`placeholder`) with their elements, in document order. */
  placeholders: { el: XmlElement; a: XmlAttribute }[];
  error?: XmlSyntaxError;
  /** Names with an undeclared namespace prefix, in document order (none when absent). */
  namespaceErrors?: XmlNamespaceError[];
  /**
   * `properties` / `yaml`: the Dubbo configuration of a properties file (`dubbo.protocol.port=…`) or
   * a Spring Boot YAML file, read as the elements it configures (see propertiesConfig.ts); offsets
   * are in that file. Else XML.
   */
  format?: 'properties' | 'yaml';
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);

/** Deepest nesting read, as libxml2 (and so `xmllint`) reads without its "huge" option. */
const MAX_DEPTH = 256;

/** Characters XML 1.0 allows nowhere: C0 controls other than tab, LF and CR; U+FFFE; U+FFFF. */
// eslint-disable-next-line no-control-regex
const ILLEGAL_CHAR = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

const PREDEFINED = new Set(['lt', 'gt', 'amp', 'quot', 'apos']);

/** ASCII name characters: 1 may start a name, 2 may only continue one. */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 1;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}

function isWideNameStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    // High surrogates of U+10000–U+EFFFF.
    (c >= 0xd800 && c <= 0xdb7f) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameStartCode(c: number): boolean {
  return c < 128 ? ASCII_NAME[c] === 1 : isWideNameStart(c);
}

function isNameCode(c: number): boolean {
  if (c < 128) return ASCII_NAME[c] !== 0;
  return isWideNameStart(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040) || (c >= 0xdc00 && c <= 0xdfff);
}

/** End of the XML Name starting at `from` (`from` itself when none starts there). */
function nameEnd(text: string, from: number): number {
  const n = text.length;
  if (from >= n || !isNameStartCode(text.charCodeAt(from))) return from;
  let j = from + 1;
  while (j < n && isNameCode(text.charCodeAt(j))) j++;
  return j;
}

/** A qualified name and its parts. */
interface QName {
  name: string;
  prefix: string | undefined;
  local: string;
}

// Element and attribute names repeat in every config: each is read once into a small direct-mapped
// table (by a hash of its characters, taken while the name is scanned) and shared by every
// occurrence, so a parsed document keeps no name string of its own.
const NAME_SLOTS = 1024;
const names: (QName | undefined)[] = new Array<QName | undefined>(NAME_SLOTS).fill(undefined);

/** The hash of the last name `hashedNameEnd` read. */
let nameHash = 0;

/** `nameEnd`, hashing the name's characters as it reads them (into `nameHash`). */
function hashedNameEnd(text: string, from: number): number {
  const n = text.length;
  if (from >= n) return from;
  let c = text.charCodeAt(from);
  if (!isNameStartCode(c)) return from;
  let h = c;
  let j = from + 1;
  while (j < n) {
    c = text.charCodeAt(j);
    if (!isNameCode(c)) break;
    h = (Math.imul(h, 31) + c) | 0;
    j++;
  }
  nameHash = h ^ (h >>> 15);
  return j;
}

/** The name written in [from, to) of `text` (`hash`: its `nameHash`), split at its first colon. */
function qnameAt(text: string, from: number, to: number, hash: number): QName {
  const slot = hash & (NAME_SLOTS - 1);
  const hit = names[slot];
  if (hit !== undefined && sameChars(hit.name, text, from, to)) return hit;
  // Detached: the table must not keep the text it was read from alive.
  const name = detachedSlice(text, from, to);
  const colon = name.indexOf(':');
  const q: QName = { name, prefix: colon > 0 ? name.slice(0, colon) : undefined, local: colon > 0 ? name.slice(colon + 1) : name };
  names[slot] = q;
  return q;
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function shown(text: string, at: number): string | MessageRef {
  return at >= text.length ? { id: 'eof', data: {} } : JSON.stringify(String.fromCodePoint(text.codePointAt(at)!));
}

interface Failure {
  id: XmlErrorId;
  data: XmlSyntaxError['data'];
  message: string;
  offset: number;
  /** Where a parser reading in order notices it (the end of the file for constructs left open). */
  at: number;
}

/**
 * Reads the document in one pass: elements in document order with exact offsets, attributes with
 * decoded values, namespace scopes, and the first well-formedness error (what `xmllint --noout`
 * rejects). Elements read before the error are kept. Never throws; nesting is followed with an
 * explicit stack.
 */
export function parseXml(text: string): XmlDocument {
  const doc: XmlDocument = { text, index: new LineIndex(text), roots: [], elements: [], placeholders: [] };
  const failed = scan(text, doc);
  const bad = text.search(ILLEGAL_CHAR);
  if (bad >= 0 && (!failed || bad <= failed.at)) {
    const code = text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    const f = failure('illegalChar', { code }, bad);
    doc.error = { message: f.message, offset: bad, id: f.id, data: f.data };
    keepBefore(doc, bad);
  } else if (failed) {
    doc.error = { message: failed.message, offset: failed.offset, id: failed.id, data: failed.data };
  }
  return doc;
}

/** Drops what the scan read at or after `offset` (an error found there ends the reading). */
function keepBefore(doc: XmlDocument, offset: number): void {
  let k = doc.elements.length;
  while (k > 0 && doc.elements[k - 1].tagEnd > offset) k--;
  if (k === doc.elements.length) {
    for (const e of doc.elements) if (e.end !== undefined && e.end > offset) e.end = undefined;
    return;
  }
  const dropped = new Set(doc.elements.slice(k));
  doc.elements.length = k;
  if (doc.namespaceErrors) doc.namespaceErrors = doc.namespaceErrors.filter((e) => e.tagEnd <= offset);
  doc.roots = doc.roots.filter((e) => !dropped.has(e));
  doc.placeholders = doc.placeholders.filter((p) => !dropped.has(p.el));
  for (const e of doc.elements) {
    if (e.end !== undefined && e.end > offset) e.end = undefined;
    if (e.children.length > 0 && dropped.has(e.children[e.children.length - 1])) e.children = e.children.filter((c) => !dropped.has(c));
  }
}

function scan(text: string, doc: XmlDocument): Failure | undefined {
  const s = new Scanner(text, doc);
  s.run();
  return s.failure;
}

/**
 * The reading state. Each construct has its own method returning the offset after it, or -1 once
 * `failure` is set (small methods: optimized early, which matters for a single cold run).
 */
class Scanner {
  readonly n: number;
  readonly stack: XmlElement[] = [];
  failure: Failure | undefined = undefined;
  rootSeen = false;
  doctypeSeen = false;
  /** Entities declared in the internal DTD subset. */
  declared: Set<string> | undefined = undefined;
  /** With an external DTD (not read) or parameter entities, an unknown entity is not an error. */
  externalDtd = false;
  // Next `&` and `]]>` at or after the text or value being read (-1: none left; -2: not looked up yet).
  amp = -2;
  // Next `${` at or after the attribute value being read (-1: none left; -2: not looked up yet).
  dollar = -2;
  cdataEnd = -2;
  // Next `<` at or after the attribute value being read.
  nextLt = -2;
  /** The attributes of the start tag being read: the first `attrCount` (a scratch list, reused). */
  readonly attrs: XmlAttribute[] = [];
  attrCount = 0;

  constructor(
    readonly text: string,
    readonly doc: XmlDocument,
  ) {
    this.n = text.length;
  }

  fail(id: XmlErrorId, data: XmlSyntaxError['data'], offset: number, at = offset): -1 {
    this.failure = failure(id, data, offset, at);
    return -1;
  }

  /** Records a name whose prefix no declaration in scope binds (the reading goes on). */
  namespaceError(id: XmlNamespaceErrorId, data: XmlNamespaceError['data'], start: number, end: number, tagEnd: number): void {
    const message = localize({ id, data }, 'en', (x) => (XML_NAMESPACE_ERRORS as Record<string, MessageTemplate>)[x]);
    (this.doc.namespaceErrors ??= []).push({ id, data, message, start, end, tagEnd });
  }

  unclosedTag(lt: number, what: string): -1 {
    return this.fail('tagEof', { what }, lt, this.n);
  }

  run(): void {
    const text = this.text;
    const n = this.n;
    let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    if (text.startsWith('<?xml', i) && (i + 5 >= n || isSpace(text.charCodeAt(i + 5)) || text.charCodeAt(i + 5) === 63)) {
      const decl = xmlDeclaration(text, i);
      if (typeof decl !== 'number') {
        this.failure = decl;
        return;
      }
      i = decl;
    }
    while (i < n) {
      const lt = text.indexOf('<', i);
      const stop = lt < 0 ? n : lt;
      if (stop > i && !this.textRun(i, stop)) return;
      if (lt < 0) break;
      const c = text.charCodeAt(lt + 1);
      i = c === 47 ? this.endTag(lt) : c === 33 ? this.bang(lt) : c === 63 ? this.instruction(lt) : this.startTag(lt);
      if (i < 0) return;
    }
    const open = this.stack[this.stack.length - 1];
    if (open) this.fail('unclosedElement', { name: open.name }, open.start, n);
    else if (!this.rootSeen) {
      this.fail(/^[\s\ufeff]*$/.test(text) ? 'empty' : 'noRoot', {}, n, n);
    }
  }

  /** Checks the reference at `k` (`&`): a character reference, a predefined or declared entity. */
  reference(k: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(k + 1);
    if (c === 35) {
      let j = k + 2;
      const hex = text.charCodeAt(j) === 120;
      if (hex) j++;
      const digits = j;
      while (j < this.n) {
        const d = text.charCodeAt(j);
        if (!((d >= 48 && d <= 57) || (hex && ((d >= 97 && d <= 102) || (d >= 65 && d <= 70))))) break;
        j++;
      }
      if (j === digits || text.charCodeAt(j) !== 59) {
        this.fail('badCharRef', { ref: JSON.stringify(text.slice(k, Math.min(j + 1, k + 12))) }, k);
        return false;
      }
      const code = parseInt(text.slice(digits, j), hex ? 16 : 10);
      if (isXmlChar(code)) return true;
      this.fail('charRefNotAllowed', { ref: text.slice(k, j + 1) }, k);
      return false;
    }
    const e = nameEnd(text, k + 1);
    if (e === k + 1) {
      this.fail('bareAmp', {}, k);
      return false;
    }
    if (text.charCodeAt(e) !== 59) {
      this.fail('refNoSemicolon', { ref: text.slice(k, e) }, k);
      return false;
    }
    const name = text.slice(k + 1, e);
    if (PREDEFINED.has(name) || this.declared?.has(name) || (this.externalDtd && !standaloneDocument(text))) return true;
    this.fail('undefinedEntity', { name }, k);
    return false;
  }

  /** Checks the references from `from` up to `limit` (the `amp` cursor moves past them): how many, or -1 on an error. */
  references(from: number, limit: number): number {
    if (this.amp !== -1 && this.amp < from) this.amp = this.text.indexOf('&', from);
    let count = 0;
    while (this.amp >= 0 && this.amp < limit) {
      if (!this.reference(this.amp)) return -1;
      count++;
      this.amp = this.text.indexOf('&', this.amp + 1);
    }
    return count;
  }

  /** Character data in [from, to): whitespace only outside the root; complete references inside. */
  textRun(from: number, to: number): boolean {
    const text = this.text;
    if (this.stack.length === 0) {
      for (let k = from; k < to; k++) {
        if (isSpace(text.charCodeAt(k))) continue;
        this.fail(this.rootSeen ? 'textAfterRoot' : 'textBeforeRoot', {}, k);
        return false;
      }
      return true;
    }
    if (this.references(from, to) < 0) return false;
    if (this.cdataEnd !== -1 && this.cdataEnd < from) this.cdataEnd = text.indexOf(']]>', from);
    if (this.cdataEnd >= 0 && this.cdataEnd < to) {
      this.fail('cdataEndInText', {}, this.cdataEnd);
      return false;
    }
    return true;
  }

  endTag(lt: number): number {
    const text = this.text;
    const n = this.n;
    const ns = lt + 2;
    const ne = nameEnd(text, ns);
    let j = ne;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `</${text.slice(ns, ne)}`);
    if (text.charCodeAt(j) !== 62) return this.fail('endTagNoGt', { name: text.slice(ns, ne), found: shown(text, j) }, j);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      return this.fail(this.rootSeen ? 'endTagAfterRoot' : 'endTagBeforeRoot', { name: text.slice(ns, ne) }, lt);
    }
    if (!sameChars(top.name, text, ns, ne)) {
      return this.fail('mismatchedEndTag', { open: top.name, line: this.doc.index.positionAt(top.start).line + 1, name: text.slice(ns, ne) }, lt);
    }
    top.end = j + 1;
    // Read whole: its list of children no longer grows (kept without spare capacity).
    if (top.children.length > 0) top.children = top.children.slice();
    this.stack.pop();
    return j + 1;
  }

  /** `<!`: a comment, a CDATA section or the DOCTYPE. */
  bang(lt: number): number {
    const text = this.text;
    const n = this.n;
    if (text.startsWith('<!--', lt)) {
      const dd = text.indexOf('--', lt + 4);
      if (dd < 0 || dd + 2 >= n) return this.fail('commentEof', {}, lt, n);
      if (text.charCodeAt(dd + 2) !== 62) return this.fail('doubleHyphen', {}, dd);
      return dd + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      if (this.stack.length === 0) return this.fail('cdataOutside', {}, lt);
      const e = text.indexOf(']]>', lt + 9);
      if (e < 0) return this.fail('cdataEof', {}, lt, n);
      return e + 3;
    }
    if (text.startsWith('<!DOCTYPE', lt)) {
      if (this.rootSeen || this.doctypeSeen) return this.fail('doctypeTwice', {}, lt);
      const d = doctypeDeclaration(text, lt);
      if ('message' in d) {
        this.failure = d;
        return -1;
      }
      if (d.external) this.externalDtd = true;
      if (d.subset !== undefined) {
        for (const m of d.subset.matchAll(/<!ENTITY\s+([^\s%]+)\s/g)) (this.declared ??= new Set()).add(m[1]);
        if (/%[^\s;%]+;/.test(d.subset)) this.externalDtd = true;
      }
      this.doctypeSeen = true;
      return d.end;
    }
    return this.fail('badBang', { found: JSON.stringify(text.slice(lt, lt + 10)) }, lt);
  }

  /** `<?target …?>` after the start. */
  instruction(lt: number): number {
    const text = this.text;
    const ts = lt + 2;
    const te = nameEnd(text, ts);
    if (te === ts) return this.fail('piNoName', {}, lt);
    const target = text.slice(ts, te);
    if (target.toLowerCase() === 'xml') {
      return this.fail(target === 'xml' ? 'declNotAtStart' : 'piReserved', { target }, lt);
    }
    const close = text.indexOf('?>', te);
    if (close < 0) return this.fail('piEof', {}, lt, this.n);
    if (close !== te && !isSpace(text.charCodeAt(te))) return this.fail('piNoSpace', { target }, te);
    return close + 2;
  }

  startTag(lt: number): number {
    const text = this.text;
    const n = this.n;
    const stack = this.stack;
    const parent = stack[stack.length - 1];
    const nameStart = lt + 1;
    const nameStop = hashedNameEnd(text, nameStart);
    if (!parent && this.rootSeen) {
      return this.fail(nameStop > nameStart ? 'secondRoot' : 'contentAfterRoot', { name: text.slice(nameStart, nameStop) }, lt);
    }
    if (nameStop === nameStart) return this.fail('ltNoName', { found: shown(text, nameStart) }, lt);
    if (stack.length > MAX_DEPTH) return this.fail('tooDeep', { depth: MAX_DEPTH }, lt);
    const qname = qnameAt(text, nameStart, nameStop, nameHash);
    const name = qname.name;
    this.attrCount = 0;
    let selfClosing = false;
    let tagEnd: number;
    let j = nameStop;
    for (;;) {
      const ws = j;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (j >= n) return this.unclosedTag(lt, `<${name}`);
      const d = text.charCodeAt(j);
      if (d === 62) {
        tagEnd = j + 1;
        break;
      }
      if (d === 47) {
        if (text.charCodeAt(j + 1) === 62) {
          selfClosing = true;
          tagEnd = j + 2;
          break;
        }
        if (j + 1 >= n) return this.unclosedTag(lt, `<${name}`);
        return this.fail('slashNoGt', { name }, j);
      }
      if (d === 60) return this.fail('tagThenLt', { name }, j);
      if (!isNameStartCode(d)) return this.fail('unexpectedInTag', { found: shown(text, j), name }, j);
      j = this.attribute(lt, name, j, j === ws);
      if (j < 0) return -1;
    }
    // The element keeps a copy without spare capacity (most tags have a few attributes).
    return this.element(lt, qname, nameStart, nameStop, tagEnd, selfClosing, this.attrCount > 0 ? this.attrs.slice(0, this.attrCount) : [], parent);
  }

  /** The attribute whose name starts at `an`: appended to `attrs`; returns the offset after its closing quote. */
  attribute(lt: number, name: string, an: number, noSpace: boolean): number {
    const text = this.text;
    const n = this.n;
    let j = hashedNameEnd(text, an);
    const ae = j;
    const qn = qnameAt(text, an, ae, nameHash);
    const qname = qn.name;
    if (noSpace) return this.fail('attrNoSpace', { attr: qname }, an);
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `<${name}`);
    if (text.charCodeAt(j) !== 61) return this.fail('attrNoValue', { attr: qname }, j);
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `<${name}`);
    const q = text.charCodeAt(j);
    if (q !== 34 && q !== 39) return this.fail('attrUnquoted', { attr: qname }, j);
    const valueStart = j + 1;
    const close = text.indexOf(q === 34 ? '"' : "'", valueStart);
    // The value ends at its quote; a '<' or '&' before it is checked in document order.
    if (this.nextLt !== -1 && this.nextLt < valueStart) this.nextLt = text.indexOf('<', valueStart);
    const stop = close < 0 ? n : close;
    const lessThan = this.nextLt >= 0 && this.nextLt < stop ? this.nextLt : -1;
    const refs = this.references(valueStart, lessThan >= 0 ? lessThan : stop);
    if (refs < 0) return -1;
    if (lessThan >= 0) return this.fail('ltInAttr', { attr: qname }, lessThan);
    if (close < 0) return this.unclosedTag(lt, `<${name}`);
    const attrs = this.attrs;
    const count = this.attrCount;
    for (let k = 0; k < count; k++) if (attrs[k].name === qname) return this.fail('attrRepeated', { attr: qname }, an);
    const raw = text.slice(valueStart, close);
    const value = refs > 0 ? decodeEntities(raw).text : raw;
    if (this.dollar !== -1 && this.dollar < valueStart) this.dollar = text.indexOf('${', valueStart);
    // As written, unless references were decoded (`&#36;{`).
    const placeholder = refs > 0 ? value.includes('${') : this.dollar >= 0 && this.dollar + 2 <= close;
    attrs[count] = {
      name: qname,
      prefix: qn.prefix,
      local: qn.local,
      // Set with the element's scope; present from the start so every attribute has one shape.
      ns: undefined,
      value,
      raw,
      placeholder,
      nameStart: an,
      nameEnd: ae,
      valueStart,
      valueEnd: close,
    };
    this.attrCount = count + 1;
    return close + 1;
  }

  /** Builds the element of a complete start tag: namespace scope, place in the tree. */
  element(
    lt: number,
    qname: QName,
    nameStart: number,
    nameStop: number,
    tagEnd: number,
    selfClosing: boolean,
    attrs: XmlAttribute[],
    parent: XmlElement | undefined,
  ): number {
    const parentScope = parent ? parent.scope : EMPTY_SCOPE;
    let scope = parentScope;
    let prefixed = false;
    let placeholders = false;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k];
      if (a.placeholder) placeholders = true;
      if (a.name === 'xmlns' || a.prefix === 'xmlns') {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(a.name === 'xmlns' ? '' : a.local, knownNamespace(a.value));
      } else if (a.prefix) prefixed = true;
    }
    const prefix = qname.prefix;
    if (prefix !== undefined && !scope.has(prefix)) this.namespaceError('undeclaredPrefix', { prefix, name: qname.name }, nameStart, nameStop, tagEnd);
    if (prefixed) {
      for (let k = 0; k < attrs.length; k++) {
        const a = attrs[k];
        if (a.prefix && a.prefix !== 'xmlns') {
          a.ns = scope.get(a.prefix);
          if (a.ns === undefined) {
            this.namespaceError('undeclaredAttributePrefix', { prefix: a.prefix, name: a.name, element: qname.name }, a.nameStart, a.nameEnd, tagEnd);
          }
        }
      }
    }
    const el: XmlElement = {
      name: qname.name,
      prefix,
      local: qname.local,
      ns: scope.get(prefix ?? ''),
      start: lt,
      nameStart,
      nameEnd: nameStop,
      tagEnd,
      selfClosing,
      end: selfClosing ? tagEnd : undefined,
      attrs,
      children: [],
      parent,
      scope,
    };
    this.doc.elements.push(el);
    if (placeholders) for (let k = 0; k < attrs.length; k++) if (attrs[k].placeholder) this.doc.placeholders.push({ el, a: attrs[k] });
    if (parent) parent.children.push(el);
    else this.doc.roots.push(el);
    this.rootSeen = true;
    if (!selfClosing) this.stack.push(el);
    return tagEnd;
  }
}

/** True when the XML declaration says standalone="yes" (then an external DTD cannot define entities). */
function standaloneDocument(text: string): boolean {
  return /^\ufeff?<\?xml[^>]*\sstandalone\s*=\s*["']yes["']/.test(text);
}

const encodings = new Map<string, boolean>();

/**
 * An encoding name a decoder exists for (the WHATWG labels: UTF-8, GBK, GB18030, ISO-8859-1, …), also
 * once separators are dropped ("UTF-8-", "latin-1"), as iconv-based parsers such as xmllint accept.
 */
function knownEncoding(label: string): boolean {
  let known = encodings.get(label);
  if (known === undefined) {
    known = decoderExists(label) || decoderExists(label.replace(/[-_.\s]/g, ''));
    if (encodings.size >= 256) encodings.clear();
    encodings.set(label, known);
  }
  return known;
}

function decoderExists(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

const DECL_VALUES: Record<string, RegExp> = { version: /^1\.[0-9]+$/, encoding: /^[A-Za-z][\w.-]*$/, standalone: /^(?:yes|no)$/ };

/**
 * The XML declaration at `at`: `<?xml version="1.x" encoding="…" standalone="yes|no"?>`, in that
 * order, version required. Returns the offset after `?>`, or the failure where the reading stops.
 */
function xmlDeclaration(text: string, at: number): number | Failure {
  const n = text.length;
  const fail = (id: XmlErrorId, data: XmlSyntaxError['data'], offset: number): Failure => failure(id, data, offset);
  let j = at + 5;
  let seen = 0;
  for (const name of ['version', 'encoding', 'standalone']) {
    const ws = j;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (!text.startsWith(name, j)) {
      if (name === 'version') return fail('declVersion', {}, j);
      j = ws;
      continue;
    }
    if (j === ws) return fail('declSpace', { name }, j);
    j += name.length;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 61) return fail('declEq', { name }, j);
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    const q = text.charCodeAt(j);
    if (q !== 34 && q !== 39) return fail('declQuotes', { name }, j);
    const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
    const value = close < 0 ? '' : text.slice(j + 1, close);
    if (close < 0 || !DECL_VALUES[name].test(value)) return fail('declInvalid', { name, value: JSON.stringify(value) }, j);
    if (name === 'encoding' && !knownEncoding(value)) return fail('encoding', { value: JSON.stringify(value) }, j);
    j = close + 1;
    seen++;
  }
  while (j < n && isSpace(text.charCodeAt(j))) j++;
  if (!text.startsWith('?>', j)) {
    if (j >= n) return failure('declEof', {}, at, n);
    return fail(seen > 0 ? 'declEnd' : 'declMalformed', {}, j);
  }
  return j + 2;
}

const PUBID = /^[a-zA-Z0-9 \r\n\-'()+,./:=?;!*#@$_%]*$/;

interface Doctype {
  /** Offset just after the closing `>`. */
  end: number;
  /** Names an external DTD (SYSTEM or PUBLIC), which is not read. */
  external: boolean;
  /** The internal subset between `[` and `]`, when there is one. */
  subset?: string;
}

/**
 * The DOCTYPE at `at`: `<!DOCTYPE name (SYSTEM "uri" | PUBLIC "id" "uri")? ([ internal subset ])? >`.
 * The internal subset is delimited over quoted strings, comments and processing instructions; its
 * declarations are not checked.
 */
function doctypeDeclaration(text: string, at: number): Doctype | Failure {
  const n = text.length;
  const open = (): Failure => failure('declarationEof', {}, at, n);
  const fail = (id: XmlErrorId, offset: number): Failure => (offset >= n ? open() : failure(id, {}, offset));
  const space = (from: number) => {
    let j = from;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return j;
  };
  let j = space(at + 9);
  const nameStop = nameEnd(text, j);
  if (j === at + 9 || nameStop === j) return fail('doctypeName', j);
  j = space(nameStop);
  let external = false;
  const keyword = text.startsWith('SYSTEM', j) ? 'SYSTEM' : text.startsWith('PUBLIC', j) ? 'PUBLIC' : undefined;
  if (keyword && j > nameStop) {
    j += 6;
    for (const what of keyword === 'PUBLIC' ? ['public identifier', 'system identifier'] : ['system identifier']) {
      const before = j;
      j = space(j);
      const q = text.charCodeAt(j);
      if (j === before || (q !== 34 && q !== 39)) return fail(what === 'public identifier' ? 'doctypePublicId' : 'doctypeSystemId', j);
      const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0) return open();
      if (what === 'public identifier' && !PUBID.test(text.slice(j + 1, close))) return fail('doctypePubidChar', j);
      j = close + 1;
    }
    external = true;
    j = space(j);
  }
  let subset: string | undefined;
  if (text.charCodeAt(j) === 91) {
    const from = j + 1;
    let k = from;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      let close = -2;
      if (c === 34 || c === 39) close = text.indexOf(c === 34 ? '"' : "'", k + 1);
      else if (c === 60 && text.startsWith('<!--', k)) close = text.indexOf('-->', k + 4) + 2;
      else if (c === 60 && text.startsWith('<?', k)) close = text.indexOf('?>', k + 2) + 1;
      else if (c === 93) break;
      if (close === -1 || close === 1 || (close >= 0 && close < k)) return open();
      if (close >= 0) k = close;
    }
    if (k >= n) return open();
    subset = text.slice(from, k);
    j = space(k + 1);
  }
  if (j >= n) return open();
  if (text.charCodeAt(j) !== 62) return failure('doctypeGt', { found: shown(text, j) }, j);
  return { end: j + 1, external, subset };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes entity and character references. `map[i]` is the offset in the raw text of decoded
 * character i (plus one final entry for the end), so ranges found in the value map back to the file.
 */
export function decodeEntities(raw: string): { text: string; map: number[] } {
  let text = '';
  const map: number[] = [];
  let i = 0;
  while (i < raw.length) {
    if (raw[i] === '&') {
      const semi = raw.indexOf(';', i + 1);
      if (semi > i) {
        const ent = raw.slice(i + 1, semi);
        let ch: string | undefined = NAMED[ent];
        if (ch === undefined && ent.startsWith('#')) {
          const code = ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : parseInt(ent.slice(1), 10);
          if (Number.isFinite(code) && code >= 0 && code <= 0x10ffff) ch = String.fromCodePoint(code);
        }
        if (ch !== undefined) {
          for (let k = 0; k < ch.length; k++) map.push(i);
          text += ch;
          i = semi + 1;
          continue;
        }
      }
    }
    map.push(i);
    text += raw[i];
    i++;
  }
  map.push(raw.length);
  return { text, map };
}

/** Offset in the file of decoded-value offset `o` of an attribute. */
export function attrValueOffset(a: XmlAttribute, o: number): number {
  if (a.valueMap) return a.valueMap[Math.max(0, Math.min(o, a.valueMap.length - 1))];
  if (a.raw === a.value) return a.valueStart + o;
  const { map } = decodeEntities(a.raw);
  return a.valueStart + (map[Math.max(0, Math.min(o, map.length - 1))] ?? a.raw.length);
}

export function attrValueRange(doc: XmlDocument, a: XmlAttribute, start = 0, end = a.value.length): Range {
  return doc.index.rangeOf(attrValueOffset(a, start), attrValueOffset(a, end));
}

export function attrNameRange(doc: XmlDocument, a: XmlAttribute): Range {
  return doc.index.rangeOf(a.nameStart, a.nameEnd);
}

/** The whole attribute, `name="value"`. */
export function attrRange(doc: XmlDocument, a: XmlAttribute): Range {
  const end = a.valueEnd < doc.text.length && (doc.text[a.valueEnd] === '"' || doc.text[a.valueEnd] === "'") ? a.valueEnd + 1 : a.valueEnd;
  return doc.index.rangeOf(a.nameStart, end);
}

export function elementNameRange(doc: XmlDocument, e: XmlElement): Range {
  return doc.index.rangeOf(e.nameStart, e.nameEnd);
}

export function attr(e: XmlElement, local: string): XmlAttribute | undefined {
  // A plain loop: asked for thousands of times in a cold run, where a find callback is not inlined.
  const attrs = e.attrs;
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (a.prefix === undefined && a.local === local) return a;
  }
  return undefined;
}

/** True when the text declares a Dubbo namespace anywhere (cheap pre-check for workspace scans). */
export function mentionsDubboNamespace(text: string): boolean {
  return text.includes(DUBBO_NS_APACHE) || text.includes(DUBBO_NS_ALIBABA);
}
