import type { Range } from '../types';
import { attrRange, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Edits that add or remove a Dubbo attribute, in the form the configuration is written in: an
 * attribute of the XML tag, or a line of a properties file (`dubbo.protocol.host=…`).
 */

/** Adds `name=value` to an element that does not have it. */
export function attributeInsertion(doc: XmlDocument, el: XmlElement, name: string, value: string): { range: Range; newText: string } {
  if (doc.format === 'properties') {
    // A new line below the element's last key, spelled with the element's own key prefix.
    const prefix = doc.text.slice(el.nameStart, el.nameEnd);
    const lastEnd = el.attrs.reduce((end, a) => Math.max(end, a.valueEnd), el.nameEnd);
    const at = doc.index.positionAt(lastEnd);
    const eol = doc.text.includes('\r\n') ? '\r\n' : '\n';
    return { range: { start: at, end: at }, newText: `${eol}${prefix}.${name}=${value}` };
  }
  const last = el.attrs[el.attrs.length - 1];
  const at = last ? attrRange(doc, last).end : doc.index.positionAt(el.nameEnd);
  return { range: { start: at, end: at }, newText: ` ${name}="${value}"` };
}

/** The range that removes an attribute: with the whitespace before it in XML, its whole line in properties. */
export function attributeDeletion(doc: XmlDocument, a: XmlAttribute): Range {
  if (doc.format === 'properties') {
    const { text, index } = doc;
    const first = index.positionAt(a.nameStart).line;
    const last = index.positionAt(a.valueEnd).line;
    let start = index.offsetAt({ line: first, character: 0 });
    if (last + 1 < index.lineCount) return index.rangeOf(start, index.offsetAt({ line: last + 1, character: 0 }));
    // The file's last line: the line break before it goes instead.
    if (start > 0) start -= text[start - 2] === '\r' ? 2 : 1;
    return index.rangeOf(start, text.length);
  }
  const r = attrRange(doc, a);
  let start = a.nameStart;
  while (start > 0 && /\s/.test(doc.text[start - 1])) start--;
  return { start: doc.index.positionAt(start), end: r.end };
}
