import { nearest } from '../../ip';
import type { Located, Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'unknown-service',
  severity: 'error',
  area: 'topology',
  description: { en: 'A reference to a service id that does not exist.', 'zh-cn': '引用了不存在的服务 id。' },
  messages: {
    unknown: { en: 'Unknown service "{id}".{suggestion}', 'zh-cn': '未知服务 "{id}"。{suggestion}' },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  },
};

export function check(t: Topology): Finding[] {
  const refs: Located<string>[] = [];
  for (const h of t.hosts) refs.push(...h.services);
  for (const s of t.services) {
    refs.push(...(s.uses ?? []));
    if (s.registry) refs.push(s.registry);
  }
  return unknownRefs(t, refs, new Set(t.serviceById.keys()), meta.id);
}

/** Shared by unknown-service and unknown-host: one finding per reference, with a did-you-mean fix. */
export function unknownRefs(t: Topology, refs: Located<string>[], known: Set<string>, rule: string): Finding[] {
  const out: Finding[] = [];
  for (const ref of refs) {
    if (known.has(ref.value)) continue;
    const near = nearest(ref.value, known, Math.max(2, Math.floor(ref.value.length / 3)));
    out.push({
      rule,
      file: t.file,
      range: ref.range,
      message: { id: 'unknown', data: { id: ref.value, suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } },
      fixes: near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file: t.file, range: ref.range, newText: near }] }] : [],
    });
  }
  return out;
}
