import type { Vantage } from '../../analyzer';
import { readIp } from '../../ip';
import { parseAddressList } from '../../dubbo/address';
import type { DubboFile } from '../../dubbo/fileContext';
import type { ResolvedValue } from '../../dubbo/placeholders';
import { attr, type XmlAttribute, type XmlElement } from '../../dubbo/xml';
import type { Host } from '../../topology/model';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Finding, RelatedInfo } from '../../types';
import type { RuleMeta } from '../meta';
import { addDefinition, addressRange } from './addressSpot';

export const meta: RuleMeta = {
  id: 'dubbo-registry-plaintext-public',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: 'A ZooKeeper or Nacos registry reached across the public network without TLS.',
    'zh-cn': '经公网访问 ZooKeeper 或 Nacos 注册中心，而未启用 TLS。',
  },
  messages: {
    plaintext: {
      en: 'Registry address {address} is {where}, reached across the public network from {hosts}, and ZooKeeper\'s client protocol is not encrypted. Whoever is on the path can read every registered provider and register addresses of their own, which consumers then call. Turn on ZooKeeper TLS (secureClientPort on the servers; zookeeper.client.secure=true with its key and trust stores on these hosts, as -D: properties in the topology), or reach the registry through a tunnel (VPN, WireGuard).',
      'zh-cn': '注册中心地址 {address} 是{where}：{hosts} 经公网访问它，而 ZooKeeper 客户端协议不加密。途中任何人都能读取所有已注册的提供者，并注册自己的地址让消费者去调用。请启用 ZooKeeper TLS（服务端配置 secureClientPort；在这些主机上设置 zookeeper.client.secure=true 及密钥库、信任库，即拓扑 properties 中的 -D），或经隧道（VPN、WireGuard）访问注册中心。',
    },
    plaintextNacos: {
      en: 'Registry address {address} is {where}, reached across the public network from {hosts}, and the Nacos client talks to the server unencrypted unless TLS is turned on. Whoever is on the path can read every registered provider and register addresses of their own, which consumers then call. Turn on TLS for client connections on the Nacos servers (Nacos 2.2 and later) and nacos.remote.client.rpc.tls.enable=true on these hosts (nacos-client 2.2.1 and later; as a -D: property in the topology), or reach the registry through a tunnel (VPN, WireGuard).',
      'zh-cn': '注册中心地址 {address} 是{where}：{hosts} 经公网访问它，而 Nacos 客户端在未开启 TLS 时与服务端之间不加密通信。途中任何人都能读取所有已注册的提供者，并注册自己的地址让消费者去调用。请在 Nacos 服务端（2.2 及以上）为客户端连接开启 TLS，并在这些主机上设置 nacos.remote.client.rpc.tls.enable=true（nacos-client 2.2.1 及以上；即拓扑 properties 中的 -D），或经隧道（VPN、WireGuard）访问注册中心。',
    },
    externalOf: { en: 'the external IP of {host} ({region})', 'zh-cn': ' {host}（{region}）的外网 IP' },
    publicAddress: { en: 'a public address', 'zh-cn': '一个公网地址' },
  },
};

/** The registry types judged, each with the -D that turns on TLS in its Java client (Dubbo's registry client reads it as any client of it does). */
const SECURE = {
  zookeeper: 'zookeeper.client.secure',
  nacos: 'nacos.remote.client.rpc.tls.enable',
} as const;

type RegistryKind = keyof typeof SECURE;

function kindOf(scheme: string): RegistryKind | undefined {
  return scheme === 'zookeeper' || scheme === 'nacos' ? scheme : undefined;
}

/** Whether a host's registry client runs TLS: the property of the host, else of its region, in the topology. */
function secure(h: Host, kind: RegistryKind): boolean {
  const p = h.properties.get(SECURE[kind]) ?? h.region.properties.get(SECURE[kind]);
  return p?.value.trim().toLowerCase() === 'true';
}

interface Crossing {
  rv: ResolvedValue;
  /** Offsets of the member's host in the resolved text. */
  start: number;
  end: number;
  text: string;
  kind: RegistryKind;
  target?: Host;
  hosts: Host[];
}

/** The first ZooKeeper or Nacos member reached across the public network, per resolution, with the hosts that do. */
function crossingsOf(f: DubboFile, el: XmlElement, a: XmlAttribute): Crossing[] {
  const topo = f.ctx.topology;
  const defaultScheme = attr(el, 'protocol')?.value.trim().toLowerCase() || 'dubbo';
  const out: Crossing[] = [];
  for (const { rv, vantage } of f.values(a)) {
    if (rv.unresolved.length > 0) continue;
    let crossing: Crossing | undefined;
    for (const entry of parseAddressList(rv.text)) {
      const kind = entry.na ? undefined : kindOf(entry.scheme?.toLowerCase() ?? defaultScheme);
      if (!kind) continue;
      const plain = vantage.filter((v: Vantage) => !secure(v.host, kind));
      for (const m of entry.members) {
        const ip = readIp(m.host);
        if (!ip) continue;
        for (const v of plain) {
          const j = judgeFrom(topo, v.host, ip);
          if (!j.reachable || !j.crossesPublic) continue;
          if (!crossing) crossing = { rv, start: m.hostStart, end: m.hostEnd, text: m.host, kind, target: j.host, hosts: [] };
          if (crossing.start === m.hostStart && !crossing.hosts.includes(v.host)) crossing.hosts.push(v.host);
        }
      }
    }
    if (crossing) out.push(crossing);
  }
  return out;
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  if (f.vantage.length === 0) return out;
  for (const { el } of f.elements) {
    if (el.local !== 'registry') continue;
    const a = attr(el, 'address');
    if (!a) continue;
    const found = crossingsOf(f, el, a);
    if (found.length > 0) out.push(report(f, el, a, found));
  }
  return out;
}

// Apart from the search above, which runs for every registry of every config.
function report(f: DubboFile, el: XmlElement, a: XmlAttribute, found: Crossing[]): Finding {
  const topo = f.ctx.topology;
  const first = found[0];
  const range = addressRange(f, a, first.rv, first.start, first.end);
  // The hosts that cross to the address named: per-region values may send other hosts elsewhere.
  const same = found.filter((x) => x.text === first.text);
  const hosts = [...new Set(same.flatMap((x) => x.hosts))];
  const related: RelatedInfo[] = [];
  for (const x of same) addDefinition(related, x.rv, x.start, x.end);
  if (first.target) {
    related.push({ file: topo.file, range: first.target.keyRange, message: { id: 'common/topologyHost', data: { host: first.target.id, region: first.target.region.name } } });
  }
  const where = first.target ? { id: 'externalOf', data: { host: first.target.id, region: first.target.region.name } } : { id: 'publicAddress' };
  const id = first.kind === 'nacos' ? 'plaintextNacos' : 'plaintext';
  return f.finding(meta.id, el, range, { id, data: { address: first.text, where, hosts: describeHosts(hosts) } }, { related });
}
