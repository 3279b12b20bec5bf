import type { Finding } from '../../types';
import { XML_ERRORS, XML_MESSAGE_PARTS, XML_NAMESPACE_ERRORS, type XmlDocument } from '../../dubbo/xml';
import type { MessageTemplate, RuleMeta } from '../meta';

/** Each well-formedness error of the scanner, after "Malformed XML:". */
const malformed: Record<string, MessageTemplate> = {};
for (const [id, t] of Object.entries(XML_ERRORS)) malformed[id] = { en: `Malformed XML: ${t.en}`, 'zh-cn': `XML 格式错误：${t['zh-cn']}` };

export const meta: RuleMeta = {
  id: 'xml-syntax',
  severity: 'error',
  area: 'dubbo',
  description: { en: 'Malformed XML, or a namespace prefix no declaration binds.', 'zh-cn': 'XML 格式错误，或命名空间前缀未声明。' },
  messages: { ...malformed, ...XML_NAMESPACE_ERRORS, ...XML_MESSAGE_PARTS },
};

/**
 * The first well-formedness error of the file, at the line and column where it is, and every name
 * read before it whose namespace prefix is not declared, at that name.
 */
export function check(file: string, doc: XmlDocument): Finding[] {
  const out: Finding[] = [];
  for (const n of doc.namespaceErrors ?? []) {
    out.push({ rule: meta.id, file, range: doc.index.rangeOf(n.start, n.end), message: { id: n.id, data: n.data } });
  }
  const e = doc.error;
  if (!e) return out;
  const start = doc.index.positionAt(e.offset);
  const lineEnd = doc.index.lineEnd(start.line);
  const word = /^<?\/?[^\s<>/]*/.exec(doc.text.slice(e.offset, lineEnd))?.[0] ?? '';
  const end = Math.min(lineEnd, e.offset + Math.max(1, word.length));
  out.push({
    rule: meta.id,
    file,
    range: doc.index.rangeOf(e.offset, Math.max(end, Math.min(e.offset + 1, doc.text.length))),
    message: { id: e.id, data: e.data },
  });
  return out;
}
