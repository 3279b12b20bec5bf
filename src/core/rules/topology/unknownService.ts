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
    joined: {
      en: 'Unknown service "{id}": "{sep}" does not separate list items in YAML, so this is one id. Separate the ids with ", " (ASCII comma): {list}.',
      'zh-cn': '未知服务 "{id}"：YAML 不把“{sep}”当作列表分隔符，因此这是一个 id。请用半角逗号 ", " 分隔各个 id：{list}。',
    },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
    notRegistry: {
      en: 'registry: names the registry {service} registers with (a zookeeper service, or one of kind other for another registry such as Nacos), but "{id}" is of kind {kind}.{suggestion}',
      'zh-cn': 'registry: 应写 {service} 注册所用的注册中心（zookeeper 服务，或 kind 为 other 的其他注册中心，如 Nacos），而 "{id}" 的 kind 是 {kind}。{suggestion}',
    },
  },
};

export function check(t: Topology): Finding[] {
  const refs: Located<string>[] = [];
  for (const h of t.hosts) refs.push(...h.services);
  for (const s of t.services) {
    refs.push(...(s.uses ?? []));
    if (s.registry) refs.push(s.registry);
  }
  const out = unknownRefs(t, refs, new Set(t.serviceById.keys()), meta.id);
  // A registry that is a service of a kind no registry is: the only ZooKeeper service, if there is one, as the fix.
  const zookeepers = t.services.filter((x) => x.kind === 'zookeeper').map((x) => x.id);
  for (const s of t.services) {
    const ref = s.registry;
    const target = ref && t.serviceById.get(ref.value);
    if (!ref || !target || target.kind === 'zookeeper' || target.kind === 'other') continue;
    const only = zookeepers.length === 1 ? zookeepers[0] : undefined;
    out.push({
      rule: meta.id,
      file: t.file,
      range: ref.range,
      message: { id: 'notRegistry', data: { service: s.id, id: ref.value, kind: target.kind, suggestion: only ? { id: 'suggestion', data: { value: only } } : '' } },
      fixes: only ? [{ title: { id: 'replace', data: { value: only } }, safe: false, edits: [{ file: t.file, range: ref.range, newText: only }] }] : [],
    });
  }
  return out;
}

/** Shared by unknown-service and unknown-host: one finding per reference, with a did-you-mean fix. */
export function unknownRefs(t: Topology, refs: Located<string>[], known: Set<string>, rule: string): Finding[] {
  const out: Finding[] = [];
  for (const ref of refs) {
    if (known.has(ref.value)) continue;
    // Ids typed with a Chinese comma between them: YAML reads `[api，order]` as the one id "api，order".
    const sep = /[，、]/.exec(ref.value)?.[0];
    const parts = sep ? ref.value.split(/[，、]/).map((p) => p.trim()) : [];
    if (sep && parts.every((p) => known.has(p))) {
      out.push({ rule, file: t.file, range: ref.range, message: { id: 'joined', data: { id: ref.value, sep, list: parts.join(', ') } } });
      continue;
    }
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
