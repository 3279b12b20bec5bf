import { nearest } from '../../ip';
import { endTagNameRange, nameRange, type DubboFile } from '../../dubbo/fileContext';
import { alibabaSchema, apacheSchema, looseName, type NamespaceSchema } from '../../dubbo/schema';
import type { XmlElement } from '../../dubbo/xml';
import type { Finding, Fix, MessageRef, TextEdit } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-unknown-element',
  severity: 'error',
  area: 'dubbo',
  description: {
    en: 'An element that no Dubbo release declares in its namespace.',
    'zh-cn': '该命名空间下任何 Dubbo 版本都没有声明的元素。',
  },
  messages: {
    unknown: {
      en: '<{element}> is not a Dubbo element in the {namespace} namespace ({uri}); Spring rejects the file at start-up.{hint}',
      'zh-cn': '<{element}> 不是 {namespace} 命名空间（{uri}）中的 Dubbo 元素，Spring 启动时会拒绝该文件。{hint}',
    },
    didYouMeanHint: { en: ' Did you mean <{value}>?', 'zh-cn': '是否应为 <{value}>？' },
    otherNamespaceHint: {
      en: ' <{local}> exists only in the {other} namespace ({otherUri}).',
      'zh-cn': '<{local}> 只存在于 {other} 命名空间（{otherUri}）中。',
    },
    rename: { en: 'Rename to <{value}>', 'zh-cn': '改为 <{value}>' },
  },
};

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const { el, schema, info } = elements[i];
    if (!info) out.push(unknown(f, el, schema));
  }
  return out;
}

/** The finding on an element the catalog does not know, with a likely name. */
function unknown(f: DubboFile, el: XmlElement, schema: NamespaceSchema): Finding {
  const other = schema === apacheSchema ? alibabaSchema : apacheSchema;
  const names = [...schema.elements.keys()];
  const loose = names.find((n) => looseName(n) === looseName(el.local));
  const guess = loose ?? nearest(el.local, names, 2);
  const fixes: Fix[] = [];
  let hint: string | MessageRef = '';
  if (guess) {
    const value = el.prefix ? `${el.prefix}:${guess}` : guess;
    const edits: TextEdit[] = [{ file: f.file, range: nameRange(f, el), newText: value }];
    const end = endTagNameRange(f.doc, el);
    if (end) edits.push({ file: f.file, range: end, newText: value });
    fixes.push({ title: { id: 'rename', data: { value } }, safe: true, edits });
    hint = { id: 'didYouMeanHint', data: { value } };
  } else if (other.elements.has(el.local)) {
    hint = { id: 'otherNamespaceHint', data: { local: el.local, other: other.label, otherUri: other.uri } };
  }
  return f.finding(
    meta.id,
    el,
    nameRange(f, el),
    {
      id: 'unknown',
      data: { element: el.name, namespace: schema.label, uri: schema.uri, hint },
    },
    { fixes },
  );
}
