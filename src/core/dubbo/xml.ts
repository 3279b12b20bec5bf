import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../text';
import type { Range } from '../types';

/**
 * XML for the Dubbo analyzers: fast-xml-parser checks well-formedness (XMLValidator gives the line
 * and column of the first error) and builds the element tree with each element's start offset
 * (`captureMetaData`); attribute names, values and their exact offsets come from scanning each start
 * tag from that offset. Namespaces are resolved per element scope. Never throws.
 */

export const DUBBO_NS_APACHE = 'http://dubbo.apache.org/schema/dubbo';
export const DUBBO_NS_ALIBABA = 'http://code.alibabatech.com/schema/dubbo';
export const DUBBO_NAMESPACES: readonly string[] = [DUBBO_NS_APACHE, DUBBO_NS_ALIBABA];

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

const META = XMLParser.getMetaDataSymbol() as unknown as symbol;
const parser = new XMLParser({
  preserveOrder: true,
  captureMetaData: true,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  trimValues: false,
  jPath: false,
});

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map([['xml', XML_NS]]);

export function parseXml(text: string): XmlDocument {
  const index = new LineIndex(text);
  const doc: XmlDocument = { text, index, roots: [], elements: [] };
  let valid: ReturnType<typeof XMLValidator.validate>;
  try {
    valid = XMLValidator.validate(text);
  } catch (e) {
    valid = { err: { code: 'InvalidXml', msg: e instanceof Error ? e.message : String(e), line: 1, col: 1 } };
  }
  let tree: unknown[] | undefined;
  let failure: string | undefined;
  try {
    tree = parser.parse(text) as unknown[];
  } catch (e) {
    tree = undefined;
    failure = e instanceof Error ? e.message : String(e);
  }
  if (tree) buildTree(tree, doc);
  if (valid === true && !tree) {
    // Well-formed, yet the parser could not build it (e.g. elements nested thousands deep).
    doc.error = { message: `The document could not be read: ${failure ?? 'unknown error'}.`, offset: 0 };
  } else if (valid !== true) {
    doc.error = locateError(text, index, doc, valid.err);
    if (!tree) {
      // The parser gave up: keep the elements written before the error.
      try {
        buildTree(parser.parse(text.slice(0, doc.error.offset)) as unknown[], doc);
      } catch {
        // Nothing usable before the error either.
      }
    }
  } else if (doc.roots.length > 1) {
    doc.error = { message: `Extra content: a second root element <${doc.roots[1].name}> (only one is allowed)`, offset: doc.roots[1].start };
  }
  return doc;
}

function buildTree(tree: unknown[], doc: XmlDocument): void {
  try {
    build(tree, undefined, EMPTY_SCOPE, doc);
  } catch {
    // A tree the scanner cannot follow: keep what was built.
  }
}

interface ValidatorError {
  code: string;
  msg: string;
  line: number;
  col?: number;
}

function locateError(text: string, index: LineIndex, doc: XmlDocument, err: ValidatorError): XmlSyntaxError {
  // Constructs left open at the end of the file are reported where they start.
  const open = unterminated(text);
  if (open) return open;
  if (err.code === 'InvalidXml' && /^Invalid '\[/.test(err.msg)) {
    const unclosed = doc.elements.filter((e) => !e.selfClosing && e.end === undefined);
    const last = unclosed[unclosed.length - 1];
    if (last) return { message: `Unclosed tag '${last.name}'.`, offset: last.start };
  }
  if (text.trim() === '') return { message: err.msg, offset: 0 };
  const line = Math.max(0, (err.line ?? 1) - 1);
  const character = Math.max(0, (err.col ?? 1) - 1);
  return { message: err.msg, offset: index.offsetAt({ line, character }) };
}

function unterminated(text: string): XmlSyntaxError | undefined {
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<!--', lt)) {
      const end = text.indexOf('-->', lt + 4);
      if (end < 0) return { message: 'Comment is not closed (missing -->).', offset: lt };
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', lt)) {
      const end = text.indexOf(']]>', lt + 9);
      if (end < 0) return { message: 'CDATA section is not closed (missing ]]>).', offset: lt };
      i = end + 3;
    } else if (text.startsWith('<?', lt)) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return { message: 'Processing instruction is not closed (missing ?>).', offset: lt };
      i = end + 2;
    } else if (text.startsWith('<!', lt)) {
      const end = skipDeclaration(text, lt);
      if (end < 0) return { message: 'Declaration is not closed (missing >).', offset: lt };
      i = end;
    } else {
      const end = tagClose(text, lt + 1);
      if (end < 0) return { message: 'Tag is not closed (missing >).', offset: lt };
      i = end + 1;
    }
  }
  return undefined;
}

function skipDeclaration(text: string, at: number): number {
  let depth = 0;
  let quote = '';
  for (let i = at + 2; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

/** Offset of the `>` ending a tag that starts before `from`, honouring quotes; -1 when none before the next `<`. */
function tagClose(text: string, from: number): number {
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (text[i] === quote) quote = '';
    } else if (c === 34 || c === 39) quote = text[i];
    else if (c === 62) return i;
    else if (c === 60) return -1;
  }
  return -1;
}

type Node = Record<string | symbol, unknown>;

function build(nodes: unknown[], parent: XmlElement | undefined, scope: ReadonlyMap<string, string>, doc: XmlDocument): void {
  for (const raw of nodes) {
    const node = raw as Node;
    const meta = node[META] as { startIndex?: number; endIndex?: number } | undefined;
    if (!meta || meta.startIndex === undefined) continue;
    const key = Object.keys(node).find((k) => k !== ':@');
    if (key === undefined || key.startsWith('?') || key.startsWith('#')) continue;
    const el = scanStartTag(doc.text, meta.startIndex, parent, scope);
    if (!el) continue;
    if (meta.endIndex !== undefined) el.end = el.selfClosing ? el.tagEnd : meta.endIndex;
    doc.elements.push(el);
    if (parent) parent.children.push(el);
    else doc.roots.push(el);
    const children = node[key];
    if (Array.isArray(children) && !el.selfClosing) build(children, el, el.scope, doc);
  }
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
