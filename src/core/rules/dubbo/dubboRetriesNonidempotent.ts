import type { DubboFile } from '../../dubbo/fileContext';
import { attr, attrRange, attrValueRange, type XmlElement } from '../../dubbo/xml';
import type { Finding, MessageRef, TextEdit } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-retries-nonidempotent',
  severity: 'off',
  offSeverity: 'hint',
  area: 'dubbo',
  description: {
    en: 'Retries on a method that may not be idempotent.',
    'zh-cn': '对可能非幂等的方法进行重试。',
  },
  messages: {
    retried: {
      en: 'Method {method} looks like it changes data, yet a failed or timed-out call is retried {retries} more time(s) ({source}): the provider may run it twice.',
      'zh-cn': '方法 {method} 看起来会修改数据，但调用失败或超时后会再重试 {retries} 次（{source}）：提供者可能执行两次。',
    },
    'source.method': { en: 'retries on this method', 'zh-cn': '该方法的 retries' },
    'source.element': { en: 'retries of <{element}>', 'zh-cn': '<{element}> 的 retries' },
    'source.default': { en: "Dubbo's default", 'zh-cn': 'Dubbo 默认值' },
    noRetries: { en: 'Set retries="0" on this method', 'zh-cn': '为该方法设置 retries="0"' },
  },
};

const WRITES = /^(create|add|insert|save|update|upsert|delete|remove|del|pay|submit|send|place|cancel|transfer|charge|refund|post|put|write|modify|register|book|order|purchase|withdraw|deposit|increment|decrement|incr|decr|push|publish|notify|issue|grant|deduct|apply|confirm|approve|reject)/i;

function intOf(el: XmlElement | undefined, name: string): number | undefined {
  const v = el ? attr(el, name)?.value.trim() : undefined;
  return v !== undefined && /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

function clusterOf(el: XmlElement | undefined): string | undefined {
  return el ? attr(el, 'cluster')?.value.trim() || undefined : undefined;
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const defaults = (kind: 'provider' | 'consumer') => f.elements.find((e) => e.el.local === kind)?.el;
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i].el;
    if (el.local !== 'method') continue;
    const name = attr(el, 'name');
    if (!name || !WRITES.test(name.value.trim())) continue;
    const parent = el.parent && (el.parent.local === 'service' || el.parent.local === 'reference') ? el.parent : undefined;
    const dflt = parent ? defaults(parent.local === 'service' ? 'provider' : 'consumer') : undefined;
    const cluster = clusterOf(el) ?? clusterOf(parent) ?? clusterOf(dflt) ?? 'failover';
    if (cluster !== 'failover') continue;
    let retries: number;
    let source: MessageRef;
    const own = intOf(el, 'retries');
    if (own !== undefined) {
      retries = own;
      source = { id: 'source.method' };
    } else if (intOf(parent, 'retries') !== undefined) {
      retries = intOf(parent, 'retries')!;
      source = { id: 'source.element', data: { element: parent!.name } };
    } else if (intOf(dflt, 'retries') !== undefined) {
      retries = intOf(dflt, 'retries')!;
      source = { id: 'source.element', data: { element: dflt!.name } };
    } else {
      retries = 2;
      source = { id: 'source.default' };
    }
    if (retries <= 0) continue;
    const ra = attr(el, 'retries');
    const edit: TextEdit = ra
      ? { file: f.file, range: attrValueRange(f.doc, ra), newText: '0' }
      : { file: f.file, range: { start: attrRange(f.doc, name).end, end: attrRange(f.doc, name).end }, newText: ' retries="0"' };
    out.push(
      f.finding(meta.id, el, ra ? attrValueRange(f.doc, ra) : attrValueRange(f.doc, name), { id: 'retried', data: { method: name.value.trim(), retries, source } }, {
        fixes: [{ title: { id: 'noRetries' }, safe: true, edits: [edit] }],
      }),
    );
  }
  return out;
}
