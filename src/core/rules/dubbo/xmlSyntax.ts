import type { Finding } from '../../types';
import type { XmlDocument } from '../../dubbo/xml';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'xml-syntax',
  severity: 'error',
  area: 'dubbo',
  description: { en: 'Malformed XML.', 'zh-cn': 'XML 格式错误。' },
  messages: {
    malformed: { en: 'Malformed XML: {detail}', 'zh-cn': 'XML 格式错误：{detail}' },
  },
};

/** The first well-formedness error of the file, at the line and column where it is. */
export function check(file: string, doc: XmlDocument): Finding[] {
  const e = doc.error;
  if (!e) return [];
  const start = doc.index.positionAt(e.offset);
  const lineEnd = doc.index.lineEnd(start.line);
  const word = /^<?\/?[^\s<>/]*/.exec(doc.text.slice(e.offset, lineEnd))?.[0] ?? '';
  const end = Math.min(lineEnd, e.offset + Math.max(1, word.length));
  return [
    {
      rule: meta.id,
      file,
      range: doc.index.rangeOf(e.offset, Math.max(end, Math.min(e.offset + 1, doc.text.length))),
      message: { id: 'malformed', data: { detail: e.message } },
    },
  ];
}
