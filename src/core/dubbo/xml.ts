import { LineIndex } from '../text';
import type { Range } from '../types';

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
  nameStart: number;
  nameEnd: number;
  /** Offsets of the value inside the quotes. */
  valueStart: number;
  valueEnd: number;
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
}

export interface XmlSyntaxError {
  message: string;
  offset: number;
}

export interface XmlDocument {
  text: string;
  index: LineIndex;
  roots: XmlElement[];
  /** Every element in document order. */
  elements: XmlElement[];
  error?: XmlSyntaxError;
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

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}

function shown(text: string, at: number): string {
  return at >= text.length ? 'the end of the file' : JSON.stringify(String.fromCodePoint(text.codePointAt(at)!));
}

interface Failure {
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
  const doc: XmlDocument = { text, index: new LineIndex(text), roots: [], elements: [] };
  const failure = scan(text, doc);
  const bad = text.search(ILLEGAL_CHAR);
  if (bad >= 0 && (!failure || bad <= failure.at)) {
    const code = text.charCodeAt(bad).toString(16).toUpperCase().padStart(4, '0');
    doc.error = { message: `Character U+${code} is not allowed in XML.`, offset: bad };
    keepBefore(doc, bad);
  } else if (failure) {
    doc.error = { message: failure.message, offset: failure.offset };
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
  doc.roots = doc.roots.filter((e) => !dropped.has(e));
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
  cdataEnd = -2;
  // Next `<` at or after the attribute value being read.
  nextLt = -2;

  constructor(
    readonly text: string,
    readonly doc: XmlDocument,
  ) {
    this.n = text.length;
  }

  fail(message: string, offset: number, at = offset): -1 {
    this.failure = { message, offset, at };
    return -1;
  }

  unclosedTag(lt: number, what: string): -1 {
    return this.fail(`Tag is not closed (missing >): ${what} reaches the end of the file.`, lt, this.n);
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
    if (open) this.fail(`Unclosed tag '${open.name}': the file ends before </${open.name}>.`, open.start, n);
    else if (!this.rootSeen) {
      this.fail(/^[\s\ufeff]*$/.test(text) ? 'The document is empty: it needs a root element.' : 'No root element: the document holds no element.', n, n);
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
        this.fail(`Malformed character reference ${JSON.stringify(text.slice(k, Math.min(j + 1, k + 12)))}: expected &#digits; or &#xhex;.`, k);
        return false;
      }
      const code = parseInt(text.slice(digits, j), hex ? 16 : 10);
      if (isXmlChar(code)) return true;
      this.fail(`Character reference ${text.slice(k, j + 1)} is not an allowed XML character.`, k);
      return false;
    }
    const e = nameEnd(text, k + 1);
    if (e === k + 1) {
      this.fail(`'&' must be written &amp; (or start a reference such as &lt;).`, k);
      return false;
    }
    if (text.charCodeAt(e) !== 59) {
      this.fail(`Entity reference '${text.slice(k, e)}' is missing its ';'.`, k);
      return false;
    }
    const name = text.slice(k + 1, e);
    if (PREDEFINED.has(name) || this.declared?.has(name) || (this.externalDtd && !standaloneDocument(text))) return true;
    this.fail(`Undefined entity '&${name};'.`, k);
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
        this.fail(
          this.rootSeen ? 'Extra content after the root element: only comments and whitespace may follow it.' : 'Text before the root element: the document must start with markup.',
          k,
        );
        return false;
      }
      return true;
    }
    if (this.references(from, to) < 0) return false;
    if (this.cdataEnd !== -1 && this.cdataEnd < from) this.cdataEnd = text.indexOf(']]>', from);
    if (this.cdataEnd >= 0 && this.cdataEnd < to) {
      this.fail(`']]>' is only allowed to end a CDATA section (write ]]&gt;).`, this.cdataEnd);
      return false;
    }
    return true;
  }

  endTag(lt: number): number {
    const text = this.text;
    const n = this.n;
    const ns = lt + 2;
    const ne = nameEnd(text, ns);
    const name = text.slice(ns, ne);
    let j = ne;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `</${name}`);
    if (text.charCodeAt(j) !== 62) return this.fail(`Expected '>' to end the end tag </${name}>, found ${shown(text, j)}.`, j);
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      return this.fail(this.rootSeen ? `Extra content: an end tag </${name}> after the root element.` : `Unexpected end tag </${name}> before the root element.`, lt);
    }
    if (top.name !== name) {
      return this.fail(`Expected closing tag '${top.name}' (opened on line ${this.doc.index.positionAt(top.start).line + 1}) instead of </${name}>.`, lt);
    }
    top.end = j + 1;
    this.stack.pop();
    return j + 1;
  }

  /** `<!`: a comment, a CDATA section or the DOCTYPE. */
  bang(lt: number): number {
    const text = this.text;
    const n = this.n;
    if (text.startsWith('<!--', lt)) {
      const dd = text.indexOf('--', lt + 4);
      if (dd < 0 || dd + 2 >= n) return this.fail('Comment is not closed (missing -->).', lt, n);
      if (text.charCodeAt(dd + 2) !== 62) return this.fail(`'--' is not allowed inside a comment.`, dd);
      return dd + 3;
    }
    if (text.startsWith('<![CDATA[', lt)) {
      if (this.stack.length === 0) return this.fail('A CDATA section is only allowed inside an element.', lt);
      const e = text.indexOf(']]>', lt + 9);
      if (e < 0) return this.fail('CDATA section is not closed (missing ]]>).', lt, n);
      return e + 3;
    }
    if (text.startsWith('<!DOCTYPE', lt)) {
      if (this.rootSeen || this.doctypeSeen) return this.fail('A DOCTYPE is allowed only once, before the root element.', lt);
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
    return this.fail(`'<!' starts a comment (<!--), a CDATA section (<![CDATA[) or a DOCTYPE, not ${JSON.stringify(text.slice(lt, lt + 10))}.`, lt);
  }

  /** `<?target …?>` after the start. */
  instruction(lt: number): number {
    const text = this.text;
    const ts = lt + 2;
    const te = nameEnd(text, ts);
    if (te === ts) return this.fail('Processing instruction without a name (<?name …?>).', lt);
    const target = text.slice(ts, te);
    if (target.toLowerCase() === 'xml') {
      return this.fail(target === 'xml' ? 'The XML declaration is allowed only at the very start of the file.' : `Processing instruction name '${target}' is reserved.`, lt);
    }
    const close = text.indexOf('?>', te);
    if (close < 0) return this.fail('Processing instruction is not closed (missing ?>).', lt, this.n);
    if (close !== te && !isSpace(text.charCodeAt(te))) return this.fail(`Expected whitespace after the processing instruction name '${target}'.`, te);
    return close + 2;
  }

  startTag(lt: number): number {
    const text = this.text;
    const n = this.n;
    const stack = this.stack;
    const parent = stack[stack.length - 1];
    const nameStart = lt + 1;
    const nameStop = nameEnd(text, nameStart);
    if (!parent && this.rootSeen) {
      return this.fail(nameStop > nameStart ? `Extra content: a second root element <${text.slice(nameStart, nameStop)}> (only one is allowed)` : 'Extra content after the root element.', lt);
    }
    if (nameStop === nameStart) return this.fail(`'<' must start a tag name (or be written &lt;), found ${shown(text, nameStart)}.`, lt);
    if (stack.length > MAX_DEPTH) return this.fail(`The document could not be read: elements are nested deeper than ${MAX_DEPTH} levels.`, lt);
    const name = text.slice(nameStart, nameStop);
    const attrs: XmlAttribute[] = [];
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
        return this.fail(`Expected '>' after '/' to end the tag <${name}>.`, j);
      }
      if (d === 60) return this.fail(`Tag is not closed (missing >): <${name}> is followed by '<'.`, j);
      if (!isNameStartCode(d)) return this.fail(`Unexpected ${shown(text, j)} in the tag <${name}>: expected an attribute name, > or />.`, j);
      j = this.attribute(lt, name, j, j === ws, attrs);
      if (j < 0) return -1;
    }
    return this.element(lt, name, nameStart, nameStop, tagEnd, selfClosing, attrs, parent);
  }

  /** The attribute whose name starts at `an`: appended to `attrs`; returns the offset after its closing quote. */
  attribute(lt: number, name: string, an: number, noSpace: boolean, attrs: XmlAttribute[]): number {
    const text = this.text;
    const n = this.n;
    let j = nameEnd(text, an);
    const ae = j;
    const qname = text.slice(an, ae);
    if (noSpace) return this.fail(`Attribute '${qname}' must be separated from what precedes it by whitespace.`, an);
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `<${name}`);
    if (text.charCodeAt(j) !== 61) return this.fail(`Attribute '${qname}' without value: expected ${qname}="…".`, j);
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (j >= n) return this.unclosedTag(lt, `<${name}`);
    const q = text.charCodeAt(j);
    if (q !== 34 && q !== 39) return this.fail(`The value of attribute '${qname}' must be in quotes ("…" or '…').`, j);
    const valueStart = j + 1;
    const close = text.indexOf(q === 34 ? '"' : "'", valueStart);
    // The value ends at its quote; a '<' or '&' before it is checked in document order.
    if (this.nextLt !== -1 && this.nextLt < valueStart) this.nextLt = text.indexOf('<', valueStart);
    const stop = close < 0 ? n : close;
    const lessThan = this.nextLt >= 0 && this.nextLt < stop ? this.nextLt : -1;
    const refs = this.references(valueStart, lessThan >= 0 ? lessThan : stop);
    if (refs < 0) return -1;
    if (lessThan >= 0) return this.fail(`'<' is not allowed in the value of attribute '${qname}' (write &lt;).`, lessThan);
    if (close < 0) return this.unclosedTag(lt, `<${name}`);
    for (const a of attrs) if (a.name === qname) return this.fail(`Attribute '${qname}' is repeated.`, an);
    const raw = text.slice(valueStart, close);
    const colon = qname.indexOf(':');
    attrs.push({
      name: qname,
      prefix: colon > 0 ? qname.slice(0, colon) : undefined,
      local: colon > 0 ? qname.slice(colon + 1) : qname,
      // Set with the element's scope; present from the start so every attribute has one shape.
      ns: undefined,
      value: refs > 0 ? decodeEntities(raw).text : raw,
      raw,
      nameStart: an,
      nameEnd: ae,
      valueStart,
      valueEnd: close,
    });
    return close + 1;
  }

  /** Builds the element of a complete start tag: namespace scope, place in the tree. */
  element(
    lt: number,
    name: string,
    nameStart: number,
    nameStop: number,
    tagEnd: number,
    selfClosing: boolean,
    attrs: XmlAttribute[],
    parent: XmlElement | undefined,
  ): number {
    const parentScope = parent ? parent.scope : EMPTY_SCOPE;
    let scope = parentScope;
    for (const a of attrs) {
      if (a.name === 'xmlns' || a.prefix === 'xmlns') {
        if (scope === parentScope) scope = new Map(parentScope);
        (scope as Map<string, string>).set(a.name === 'xmlns' ? '' : a.local, knownNamespace(a.value));
      }
    }
    for (const a of attrs) if (a.prefix && a.prefix !== 'xmlns') a.ns = scope.get(a.prefix);
    const colon = name.indexOf(':');
    const prefix = colon > 0 ? name.slice(0, colon) : undefined;
    const el: XmlElement = {
      name,
      prefix,
      local: colon > 0 ? name.slice(colon + 1) : name,
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
  const fail = (message: string, offset: number): Failure => ({ message, offset, at: offset });
  let j = at + 5;
  let seen = 0;
  for (const name of ['version', 'encoding', 'standalone']) {
    const ws = j;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (!text.startsWith(name, j)) {
      if (name === 'version') return fail('Malformed XML declaration: it must start with version="1.0".', j);
      j = ws;
      continue;
    }
    if (j === ws) return fail(`Malformed XML declaration: whitespace is required before '${name}'.`, j);
    j += name.length;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) !== 61) return fail(`Malformed XML declaration: expected '=' after '${name}'.`, j);
    j++;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    const q = text.charCodeAt(j);
    if (q !== 34 && q !== 39) return fail(`Malformed XML declaration: the value of '${name}' must be in quotes.`, j);
    const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
    const value = close < 0 ? '' : text.slice(j + 1, close);
    if (close < 0 || !DECL_VALUES[name].test(value)) return fail(`Malformed XML declaration: invalid ${name} ${JSON.stringify(value)}.`, j);
    if (name === 'encoding' && !knownEncoding(value)) return fail(`Unsupported encoding ${JSON.stringify(value)}.`, j);
    j = close + 1;
    seen++;
  }
  while (j < n && isSpace(text.charCodeAt(j))) j++;
  if (!text.startsWith('?>', j)) {
    if (j >= n) return { message: 'The XML declaration is not closed (missing ?>).', offset: at, at: n };
    return fail(seen > 0 ? "Malformed XML declaration: expected '?>'." : 'Malformed XML declaration.', j);
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
  const open = (): Failure => ({ message: 'Declaration is not closed (missing >).', offset: at, at: n });
  const fail = (message: string, offset: number): Failure => (offset >= n ? open() : { message, offset, at: offset });
  const space = (from: number) => {
    let j = from;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    return j;
  };
  let j = space(at + 9);
  const nameStop = nameEnd(text, j);
  if (j === at + 9 || nameStop === j) return fail('Malformed DOCTYPE: expected whitespace and the root element name after <!DOCTYPE.', j);
  j = space(nameStop);
  let external = false;
  const keyword = text.startsWith('SYSTEM', j) ? 'SYSTEM' : text.startsWith('PUBLIC', j) ? 'PUBLIC' : undefined;
  if (keyword && j > nameStop) {
    j += 6;
    for (const what of keyword === 'PUBLIC' ? ['public identifier', 'system identifier'] : ['system identifier']) {
      const before = j;
      j = space(j);
      const q = text.charCodeAt(j);
      if (j === before || (q !== 34 && q !== 39)) return fail(`Malformed DOCTYPE: expected whitespace and the quoted ${what}.`, j);
      const close = text.indexOf(q === 34 ? '"' : "'", j + 1);
      if (close < 0) return open();
      if (what === 'public identifier' && !PUBID.test(text.slice(j + 1, close))) return fail('Malformed DOCTYPE: invalid character in the public identifier.', j);
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
  if (text.charCodeAt(j) !== 62) return fail(`Malformed DOCTYPE: expected '>', found ${shown(text, j)}.`, j);
  return { end: j + 1, external, subset };
}

function isNameChar(c: number): boolean {
  // Anything but whitespace, `/`, `>`, `=`, quotes and `<`.
  return !(c === 32 || c === 9 || c === 10 || c === 13 || c === 47 || c === 62 || c === 61 || c === 34 || c === 39 || c === 60);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Reads the start tag at `at` (the `<`): name, attributes and their offsets, namespace scope. */
export function scanStartTag(
  text: string,
  at: number,
  parent: XmlElement | undefined,
  parentScope: ReadonlyMap<string, string>,
): XmlElement | undefined {
  if (text.charCodeAt(at) !== 60) return undefined;
  const n = text.length;
  let i = at + 1;
  const nameStart = i;
  while (i < n && isNameChar(text.charCodeAt(i))) i++;
  const name = text.slice(nameStart, i);
  if (!name) return undefined;
  const attrs: XmlAttribute[] = [];
  let selfClosing = false;
  let tagEnd = n;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 62) {
      tagEnd = i + 1;
      break;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 62) {
      selfClosing = true;
      tagEnd = i + 2;
      break;
    }
    if (c === 60) {
      tagEnd = i;
      break;
    }
    if (!isNameChar(c)) {
      i++;
      continue;
    }
    const an = i;
    while (i < n && isNameChar(text.charCodeAt(i))) i++;
    const ae = i;
    let j = i;
    while (j < n && isSpace(text.charCodeAt(j))) j++;
    let valueStart = ae;
    let valueEnd = ae;
    let rawValue = '';
    if (text.charCodeAt(j) === 61) {
      j++;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      const q = text[j];
      if (q === '"' || q === "'") {
        const close = text.indexOf(q, j + 1);
        valueStart = j + 1;
        valueEnd = close < 0 ? n : close;
        rawValue = text.slice(valueStart, valueEnd);
        i = close < 0 ? n : close + 1;
      } else {
        valueStart = j;
        let k = j;
        while (k < n && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== 62 && text.charCodeAt(k) !== 47) k++;
        valueEnd = k;
        rawValue = text.slice(j, k);
        i = k;
      }
    }
    const qname = text.slice(an, ae);
    const colon = qname.indexOf(':');
    attrs.push({
      name: qname,
      prefix: colon > 0 ? qname.slice(0, colon) : undefined,
      local: colon > 0 ? qname.slice(colon + 1) : qname,
      value: rawValue.includes('&') ? decodeEntities(rawValue).text : rawValue,
      raw: rawValue,
      nameStart: an,
      nameEnd: ae,
      valueStart,
      valueEnd,
    });
  }
  let scope = parentScope;
  for (const a of attrs) {
    if (a.name === 'xmlns' || a.prefix === 'xmlns') {
      if (scope === parentScope) scope = new Map(parentScope);
      (scope as Map<string, string>).set(a.name === 'xmlns' ? '' : a.local, a.value);
    }
  }
  for (const a of attrs) if (a.prefix && a.prefix !== 'xmlns') a.ns = scope.get(a.prefix);
  const colon = name.indexOf(':');
  const prefix = colon > 0 ? name.slice(0, colon) : undefined;
  return {
    name,
    prefix,
    local: colon > 0 ? name.slice(colon + 1) : name,
    ns: scope.get(prefix ?? ''),
    start: at,
    nameStart,
    nameEnd: nameStart + name.length,
    tagEnd,
    selfClosing,
    attrs,
    children: [],
    parent,
    scope,
  };
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
  return e.attrs.find((a) => a.prefix === undefined && a.local === local);
}

/** True when the text declares a Dubbo namespace anywhere (cheap pre-check for workspace scans). */
export function mentionsDubboNamespace(text: string): boolean {
  return text.includes(DUBBO_NS_APACHE) || text.includes(DUBBO_NS_ALIBABA);
}
