import { readIp } from '../../ip';
import { nameRange, type DubboFile } from '../../dubbo/fileContext';
import { registeredAddress, resolveAttribute } from '../../dubbo/model';
import { anyOverrides, overrideKey } from '../../dubbo/overrides';
import { resolveText } from '../../dubbo/placeholders';
import { attr, attrValueRange, type XmlElement } from '../../dubbo/xml';
import type { Host, Region, Service } from '../../topology/model';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Finding, Range, RelatedInfo } from '../../types';
import type { RuleMeta } from '../meta';
import { providersOfFile, providerTargets } from './providerTargets';

export const meta: RuleMeta = {
  id: 'dubbo-rpc-plaintext-public',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: 'Consumers call a provider across the public network over a protocol without TLS.',
    'zh-cn': '消费者经公网调用提供者，而协议未启用 TLS。',
  },
  messages: {
    plaintext: {
      en: '{service} is called across the public network without TLS: {details}. Calls, their arguments and results travel the internet unencrypted and can be read or changed on the way. Turn on TLS for the protocol (ssl-enabled="true" with the certificates of <dubbo:ssl>, Dubbo 2.7.5+), or carry the traffic between the regions through a tunnel (VPN, WireGuard).',
      'zh-cn': '{service} 经公网被调用，但未启用 TLS：{details}。调用及其参数、结果都在互联网上明文传输，途中可被读取或篡改。请为协议启用 TLS（ssl-enabled="true"，并用 <dubbo:ssl> 配置证书，Dubbo 2.7.5 及以上），或让地域之间的流量经隧道（VPN、WireGuard）传输。',
    },
    detail: {
      en: '{address} ({provider}) from {hosts}',
      'zh-cn': '{hosts} 调用 {provider} 的 {address}',
    },
  },
};

/**
 * Whether the protocol runs TLS on a provider host: `ssl-enabled` as the host reads it (a topology
 * property or `deploy.env` setting first, then the attribute). A value that cannot be resolved counts
 * as on: the rule speaks only of protocols known to be plain.
 */
function tlsOn(f: DubboFile, s: Service, h: Host, el: XmlElement): boolean {
  const protocol = el.local === 'protocol' ? el : undefined;
  const v = { host: h, service: s };
  const key = anyOverrides(f.ctx) ? overrideKey(f.ctx, protocol, 'protocol', 'ssl-enabled', v) : undefined;
  const a = protocol ? attr(protocol, 'ssl-enabled') : undefined;
  const rv = key !== undefined ? resolveText(f.ctx, v, `\${${key}}`, f.file, undefined) : a ? resolveAttribute(f.ctx, f.file, f.doc, a, v) : undefined;
  if (!rv) return false;
  return rv.unresolved.length > 0 || rv.text.trim().toLowerCase() === 'true';
}

/** Per provider host whose calls cross the public network in plain text: the address and who calls it. */
type Crossings = Map<Host, { address: string; consumers: Set<Host> }>;

function crossings(f: DubboFile, s: Service, el: XmlElement): Crossings {
  const out: Crossings = new Map();
  for (const h of s.hosts) {
    if (tlsOn(f, s, h, el)) continue;
    const reg = registeredAddress(f.ctx, s, h, f.file, f.doc, el.local === 'protocol' ? el : undefined);
    const ip = reg && readIp(reg.address);
    if (!ip) continue;
    // judgeFrom depends on the caller's region only: registries serve hundreds of consumer hosts.
    const byRegion = new Map<Region, boolean>();
    for (const r of f.model.registries(s, h, 'provider')) {
      for (const { host: c } of f.model.consumerHosts(s, r)) {
        if (c === h) continue;
        let plain = byRegion.get(c.region);
        if (plain === undefined) {
          const j = judgeFrom(f.ctx.topology, c, ip);
          byRegion.set(c.region, (plain = j.reachable && j.crossesPublic));
        }
        if (!plain) continue;
        let g = out.get(h);
        if (!g) out.set(h, (g = { address: reg.address, consumers: new Set() }));
        g.consumers.add(c);
      }
    }
  }
  return out;
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  for (const s of providersOfFile(f)) {
    for (const el of providerTargets(f, s)) {
      const found = crossings(f, s, el);
      if (found.size > 0) out.push(report(f, s, el, found));
    }
  }
  return out;
}

// Apart from the search above, which runs for every provider config.
function report(f: DubboFile, s: Service, el: XmlElement, found: Crossings): Finding {
  const topo = f.ctx.topology;
  const ssl = el.local === 'protocol' ? attr(el, 'ssl-enabled') : undefined;
  const range: Range = ssl ? attrValueRange(f.doc, ssl) : nameRange(f, el);
  const details = [...found].map(([h, g]) => ({ id: 'detail', data: { hosts: describeHosts([...g.consumers]), address: g.address, provider: h.id } }));
  const related: RelatedInfo[] = [];
  const seen = new Set<Host>();
  for (const [h, g] of found) {
    for (const x of [h, ...g.consumers]) {
      if (seen.has(x)) continue;
      seen.add(x);
      related.push({ file: topo.file, range: x.keyRange, message: { id: 'common/topologyHost', data: { host: x.id, region: x.region.name } } });
    }
  }
  return f.finding(meta.id, el, range, { id: 'plaintext', data: { service: s.id, details } }, { related });
}
