import type { Vantage } from '../../analyzer';
import { nearest } from '../../ip';
import type { DubboFile } from '../../dubbo/fileContext';
import { findPlaceholders, runtimeValue } from '../../dubbo/placeholders';
import { attrValueOffset, attrValueRange } from '../../dubbo/xml';
import type { Host } from '../../topology/model';
import { describeHosts } from '../../topology/reach';
import type { Finding, Fix } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-placeholder-unresolved',
  severity: 'error',
  area: 'dubbo',
  description: {
    en: '`${key}` with no value for some vantage host and no default.',
    'zh-cn': '`${key}` 在某些主机上没有取值，也没有默认值。',
  },
  messages: {
    unresolved: {
      en: '{placeholder} has no value on {hosts} (not in the host or region properties of the topology, nor in the service\'s properties files or deploy.env) and no default; the text stays as is and Dubbo fails on it.',
      'zh-cn': '{placeholder} 在 {hosts} 上没有取值（拓扑的主机/地域 properties、服务的 properties 文件和 deploy.env 中都没有），也没有默认值；该文本会原样保留，Dubbo 会因此出错。',
    },
    rename: { en: 'Use the defined key "{value}"', 'zh-cn': '改用已定义的键 "{value}"' },
  },
};

function knownKeys(f: DubboFile, vs: readonly Vantage[]): Set<string> {
  const keys = new Set<string>();
  for (const v of vs) {
    for (const k of v.host.properties.keys()) keys.add(k);
    for (const k of v.host.region.properties.keys()) keys.add(k);
    for (const p of f.ctx.readOrder(v)) for (const k of f.ctx.properties(p, v)?.byKey.keys() ?? []) keys.add(k);
  }
  return keys;
}

export function check(f: DubboFile): Finding[] {
  if (f.vantage.length === 0) return [];
  const out: Finding[] = [];
  for (const { el, a } of f.placeholders) {
    const missing = new Map<string, Host[]>();
    for (const { rv, vantage } of f.values(a)) {
      if (rv.unresolved.length === 0) continue;
      // A host whose service reads keys the workspace does not hold (a Nacos import, a config server) may get it there.
      const hosts = vantage.filter((v) => f.ctx.unknownSources(v).length === 0).map((v) => v.host);
      if (hosts.length === 0) continue;
      for (const key of new Set(rv.unresolved)) {
        // The JVM sets these on every host (Spring reads system properties too), Spring Boot random.*.
        if (runtimeValue(key, f.file)) continue;
        const list = missing.get(key) ?? [];
        list.push(...hosts);
        missing.set(key, list);
      }
    }
    if (missing.size === 0) continue;
    const refs = findPlaceholders(a.value);
    for (const [key, hosts] of missing) {
      const ref = refs.find((r) => r.key === key);
      const range = ref ? f.doc.index.rangeOf(attrValueOffset(a, ref.start), attrValueOffset(a, ref.end)) : attrValueRange(f.doc, a);
      const fixes: Fix[] = [];
      const guess = ref ? nearest(key, knownKeys(f, f.vantage), 3) : undefined;
      if (guess && ref) {
        fixes.push({
          title: { id: 'rename', data: { value: guess } },
          safe: false,
          edits: [{ file: f.file, range: f.doc.index.rangeOf(attrValueOffset(a, ref.keyStart), attrValueOffset(a, ref.keyEnd)), newText: guess }],
        });
      }
      out.push(
        f.finding(meta.id, el, range, { id: 'unresolved', data: { placeholder: `\${${key}}`, hosts: describeHosts([...new Set(hosts)]) } }, { fixes }),
      );
    }
  }
  return out;
}
