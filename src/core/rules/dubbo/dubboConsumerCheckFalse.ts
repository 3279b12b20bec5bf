import type { DubboFile } from '../../dubbo/fileContext';
import { attributeDeletion } from '../../dubbo/configEdits';
import { attr, attrValueRange } from '../../dubbo/xml';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-consumer-check-false',
  severity: 'off',
  offSeverity: 'info',
  area: 'dubbo',
  description: {
    en: '`check="false"` hides missing providers at start-up.',
    'zh-cn': '`check="false"` 会在启动时掩盖提供者缺失的问题。',
  },
  messages: {
    hides: {
      en: 'check="false" lets <{element}> start without any provider: a provider that is missing or registered at an unreachable address shows up only at the first call.',
      'zh-cn': 'check="false" 使 <{element}> 在没有任何提供者时也能启动：提供者缺失或注册了不可达的地址，要到第一次调用时才会暴露。',
    },
    remove: { en: 'Remove check="false" (check at start-up)', 'zh-cn': '删除 check="false"（启动时检查）' },
  },
};

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i].el;
    if (el.local !== 'consumer' && el.local !== 'reference') continue;
    const a = attr(el, 'check');
    if (!a || a.value.trim().toLowerCase() !== 'false') continue;
    const deletion = attributeDeletion(f.doc, a);
    out.push(
      f.finding(meta.id, el, attrValueRange(f.doc, a), { id: 'hides', data: { element: el.name } }, {
        fixes: deletion ? [{ title: { id: 'remove' }, safe: false, edits: [{ file: f.file, range: deletion, newText: '' }] }] : [],
      }),
    );
  }
  return out;
}
