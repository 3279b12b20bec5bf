import type { DubboFile } from '../../dubbo/fileContext';
import { isProvider } from '../../dubbo/model';
import { locate, originOf } from '../../dubbo/placeholders';
import { writtenSetting } from '../../dubbo/propertiesConfig';
import { protocolDefaultPorts } from '../../dubbo/schema';
import { attr, attrValueRange, type XmlElement } from '../../dubbo/xml';
import type { Service, Topology } from '../../topology/model';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-protocol-random-port',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: '`port` negative (`-1`): a random port. A missing port is the fixed default, not random.',
    'zh-cn': '`port` 为负数（`-1`）：随机端口。不写端口时使用固定的默认端口，并非随机。',
  },
  messages: {
    random: {
      en: '{setting} makes Dubbo pick a free port at start-up, scanning up from {base}: it can differ between hosts and restarts, so firewall rules, security groups and direct URLs cannot rely on it.',
      'zh-cn': '{setting} 会让 Dubbo 在启动时从 {base} 起向上寻找空闲端口：不同主机、每次重启都可能不同，防火墙、安全组和直连 URL 都无法依赖它。',
    },
    useServicePort: { en: 'Use port {port} (service {service} in the topology)', 'zh-cn': '使用端口 {port}（拓扑中服务 {service} 的端口）' },
    useDefaultPort: { en: 'Use port {port} (the default of protocol {protocol})', 'zh-cn': '使用端口 {port}（{protocol} 协议的默认端口）' },
  },
};

/** A negative port: Dubbo picks a random one. */
const NEGATIVE = /^\s*-\d+\s*$/;

function protocolName(el: XmlElement): string {
  return (el.local === 'protocol' ? attr(el, 'name')?.value.trim() : undefined) || 'dubbo';
}

/** Ports other services use on the hosts of `s`. */
function portsInUse(t: Topology, s: Service): Set<number> {
  const used = new Set<number>();
  for (const other of t.services) {
    if (other === s || !other.hosts.some((h) => s.hosts.includes(h))) continue;
    if (other.port !== undefined) used.add(other.port);
    for (const p of Object.values(other.ports)) used.add(p);
  }
  return used;
}

/** The fixed port to suggest: the service's port in the topology, else the protocol default. */
export function suggestedPort(f: DubboFile, el: XmlElement): { port: number; title: MessageRef } {
  const proto = protocolName(el);
  const base = protocolDefaultPorts[proto] || 20880;
  const services = [...new Set(f.vantage.map((v) => v.service).filter((s): s is Service => s !== undefined))];
  const s = services[0];
  if (s) {
    const own = s.ports[proto] ?? (isProvider(s) ? s.port : undefined);
    if (own !== undefined && own > 0) return { port: own, title: { id: 'useServicePort', data: { port: own, service: s.id } } };
    const used = portsInUse(f.ctx.topology, s);
    let port = base;
    while (used.has(port)) port++;
    return { port, title: { id: 'useDefaultPort', data: { port, protocol: proto } } };
  }
  return { port: base, title: { id: 'useDefaultPort', data: { port: base, protocol: proto } } };
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i].el;
    if (el.local !== 'protocol' && el.local !== 'provider') continue;
    const a = attr(el, 'port');
    if (!a) continue;
    // A literal port reads the same from every host: nothing to resolve unless it is negative.
    if (!a.placeholder && !NEGATIVE.test(a.value)) continue;
    for (const { rv } of f.values(a)) {
      if (rv.unresolved.length > 0 || !NEGATIVE.test(rv.text)) continue;
      const { port, title } = suggestedPort(f, el);
      const spot = locate(rv, 0, rv.text.length);
      const fixes: Fix[] = spot ? [{ title, safe: true, edits: [{ ...spot, newText: String(port) }] }] : [];
      const origin = originOf(rv, 0, rv.text.length);
      const base = protocolDefaultPorts[protocolName(el)] || 20880;
      out.push(
        f.finding(meta.id, el, attrValueRange(f.doc, a), { id: 'random', data: { setting: writtenSetting(f.doc, a, rv.text.trim()), base } }, { fixes, related: origin ? [origin] : undefined }),
      );
      break;
    }
  }
  return out;
}

