import { nearest } from '../../ip';
import { configClass, propertyNames, validProperty } from '../../dubbo/beanProperties';
import type { DubboFile } from '../../dubbo/fileContext';
import { alibabaSchema, apacheSchema, type ElementInfo, looseName, type NamespaceSchema } from '../../dubbo/schema';
import { propertyKey } from '../../dubbo/propertiesConfig';
import { attrNameRange, type XmlAttribute, type XmlElement } from '../../dubbo/xml';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-unknown-attribute',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: 'An attribute that no Dubbo release declares for its element, or a `dubbo.*` key that no config class has (did-you-mean).',
    'zh-cn': '任何 Dubbo 版本都没有为该元素声明的属性，或任何配置类都没有的 `dubbo.*` 键（提示可能的拼写）。',
  },
  messages: {
    unknown: {
      en: '<{element}> has no attribute "{attribute}" in the {namespace} namespace; schema validation rejects it when Spring loads the file.{hint}',
      'zh-cn': '{namespace} 命名空间中的 <{element}> 没有属性 "{attribute}"，Spring 加载时的 Schema 校验会拒绝它。{hint}',
    },
    unknownKey: {
      en: '{key}: {class} has no property "{attribute}" in Dubbo 2.7 or 3.x, so the key binds to nothing: Spring and Dubbo ignore it without a word, and it configures nothing.{hint}',
      'zh-cn': '{key}：Dubbo 2.7 和 3.x 的 {class} 都没有属性 "{attribute}"，这个键不会绑定到任何配置：Spring 和 Dubbo 会静默忽略它，它不起任何作用。{hint}',
    },
    didYouMeanHint: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    otherNamespaceHint: {
      en: ' It exists only in the {other} namespace ({otherUri}).',
      'zh-cn': '它只存在于 {other} 命名空间（{otherUri}）中。',
    },
    rename: { en: 'Rename to "{value}"', 'zh-cn': '改为 "{value}"' },
  },
};

/**
 * XML attributes are judged by the XSDs. A key of properties or `application.yml` binds to a
 * property of the config bean instead (beanProperties.ts), which has some the XML element does not.
 */
export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  const keys = f.doc.format !== undefined;
  for (let i = 0; i < elements.length; i++) {
    const { el, schema, info } = elements[i];
    if (!info || !info.attributesKnown) continue;
    const attrs = el.attrs;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k];
      // Prefixed attributes belong to other namespaces (xmlns:*, xsi:*), which the XSDs allow.
      if (a.prefix !== undefined || a.name === 'xmlns') continue;
      if (keys ? validProperty(el.local, a.local) !== undefined : info.attributes.has(a.local)) continue;
      // The id of `dubbo.registries.<id>.…` is part of the key, not an attribute written.
      if (a.nameStart < el.nameEnd) continue;
      out.push(unknown(f, el, a, schema, info));
    }
  }
  return out;
}

/** The finding on an attribute the catalog does not know, with a likely name. */
function unknown(f: DubboFile, el: XmlElement, a: XmlAttribute, schema: NamespaceSchema, info: ElementInfo): Finding {
  const other = schema === apacheSchema ? alibabaSchema : apacheSchema;
  const present = new Set(el.attrs.map((x) => x.local));
  const names = f.doc.format !== undefined ? propertyNames(el.local) : [...info.attributes.keys()];
  const candidates = names.filter((n) => !present.has(n));
  const guess = candidates.find((n) => looseName(n) === looseName(a.local)) ?? nearest(a.local, candidates, 2);
  let hint: string | MessageRef = '';
  const fixes: Fix[] = [];
  if (guess) {
    hint = { id: 'didYouMeanHint', data: { value: guess } };
    fixes.push({ title: { id: 'rename', data: { value: guess } }, safe: true, edits: [{ file: f.file, range: attrNameRange(f.doc, a), newText: guess }] });
  } else if (f.doc.format === undefined && other.elements.get(el.local)?.attributes.has(a.local)) {
    hint = { id: 'otherNamespaceHint', data: { other: other.label, otherUri: other.uri } };
  }
  const message: MessageRef =
    f.doc.format !== undefined
      ? { id: 'unknownKey', data: { key: propertyKey(a), class: configClass(el.local) ?? el.name, attribute: a.name, hint } }
      : { id: 'unknown', data: { element: el.name, attribute: a.name, namespace: schema.label, hint } };
  return f.finding(meta.id, el, attrNameRange(f.doc, a), message, { fixes });
}
