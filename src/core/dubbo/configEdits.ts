import type { Range } from '../types';
import { attrRange, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Edits that add or remove a Dubbo attribute, in the form the configuration is written in: an
 * attribute of the XML tag, a line of a properties file (`dubbo.protocol.host=…`), or a key of a
 * Spring Boot YAML block mapping. Undefined where no such edit is safe to write (a YAML flow mapping).
 */

/** The attribute of an element written last in the file. */
function lastWritten(el: XmlElement): XmlAttribute | undefined {
  let last: XmlAttribute | undefined;
  for (const a of el.attrs) if (a.nameStart >= el.nameEnd && (!last || a.valueEnd > last.valueEnd)) last = a;
  return last;
}

/**
 * Where the key holding an attribute name starts (`consumer.` of `consumer.check: false`), when that
 * key is the first thing on its line (a properties line, a YAML block mapping key); else undefined.
 */
function keyStart(doc: XmlDocument, nameStart: number): number | undefined {
  let i = nameStart;
  while (i > 0 && /[^\s:={},[\]#"']/.test(doc.text[i - 1])) i--;
  const p = doc.index.positionAt(i);
  return doc.index.lineText(p.line).slice(0, p.character).trim() === '' ? i : undefined;
}

function eolOf(doc: XmlDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Adds `name=value` to an element that does not have it. */
export function attributeInsertion(doc: XmlDocument, el: XmlElement, name: string, value: string): { range: Range; newText: string } | undefined {
  if (doc.format === 'properties' || doc.format === 'yaml') {
    // A line below the element's last key, written as that key is (indentation, the parts of the
    // key before the attribute) with the new attribute's name.
    const last = lastWritten(el);
    if (!last) return undefined;
    const start = keyStart(doc, last.nameStart);
    if (start === undefined) return undefined;
    const indent = doc.index.lineText(doc.index.positionAt(start).line).slice(0, doc.index.positionAt(start).character);
    const end = doc.index.positionAt(last.valueEnd);
    const at = { line: end.line, character: doc.index.lineText(end.line).length };
    const sep = doc.format === 'yaml' ? ': ' : '=';
    return { range: { start: at, end: at }, newText: `${eolOf(doc)}${indent}${doc.text.slice(start, last.nameStart)}${name}${sep}${value}` };
  }
  const last = el.attrs[el.attrs.length - 1];
  const at = last ? attrRange(doc, last).end : doc.index.positionAt(el.nameEnd);
  return { range: { start: at, end: at }, newText: ` ${name}="${value}"` };
}

/** The range that removes an attribute: with the whitespace before it in XML, its whole line(s) in properties and YAML. */
export function attributeDeletion(doc: XmlDocument, a: XmlAttribute): Range | undefined {
  if (doc.format === 'properties' || doc.format === 'yaml') {
    const { text, index } = doc;
    // Only a key on a line of its own (a YAML flow mapping is left alone).
    if (keyStart(doc, a.nameStart) === undefined) return undefined;
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
