import type { Vantage } from '../../analyzer';
import { parseIp } from '../../ip';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Host, Topology } from '../../topology/model';
import type { Finding, MessageRef, RelatedInfo } from '../../types';
import type { ZkConfig } from '../../zookeeper/config';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'zookeeper-quorum-plaintext-public',
  severity: 'warning',
  area: 'zookeeper',
  description: {
    en: 'Ensemble members that reach a peer across the public network, without `sslQuorum=true`.',
    'zh-cn': '集群成员经公网连接其他成员，却没有设置 `sslQuorum=true`。',
  },
  messages: {
    plaintext: {
      en: 'server.{id} {address} is {where}, reached across the public network from {hosts}, and the quorum traffic is not encrypted: every write to the registry and the leader election cross the internet in plain text, and whoever is on the path can read them or pose as a member. Set sslQuorum=true with the quorum key and trust stores (ssl.quorum.keyStore.*, ssl.quorum.trustStore.*), or connect the regions through a tunnel (VPN, WireGuard).',
      'zh-cn': 'server.{id} 的 {address} 是{where}，{hosts} 经公网连接它，而集群内部通信不加密：对注册中心的每次写入和选举都以明文经过互联网，途中任何人都能读取，或冒充成员。请设置 sslQuorum=true 并配置 quorum 密钥库与信任库（ssl.quorum.keyStore.*、ssl.quorum.trustStore.*），或让地域之间经隧道（VPN、WireGuard）连接。',
    },
    externalOf: { en: 'the external IP of {host} ({region})', 'zh-cn': ' {host}（{region}）的外网 IP' },
    publicAddress: { en: 'a public address', 'zh-cn': '一个公网地址' },
  },
};

/** The `server.<id>` addresses that members other than the one they name reach across the public network. */
export function check(file: string, config: ZkConfig, vantage: readonly Vantage[], topology: Topology): Finding[] {
  if (config.sslQuorum || vantage.length === 0) return [];
  const out: Finding[] = [];
  for (const s of config.servers) {
    for (const a of s.addresses) {
      const ip = parseIp(a.host);
      if (!ip || !a.range) continue;
      let target: Host | undefined;
      let publicAddress = false;
      const hosts: Host[] = [];
      for (const v of vantage) {
        const j = judgeFrom(topology, v.host, ip);
        if (!j.reachable || !j.crossesPublic || j.host === v.host || hosts.includes(v.host)) continue;
        hosts.push(v.host);
        if (j.host) target = j.host;
        else publicAddress = true;
      }
      if (hosts.length === 0) continue;
      const where: MessageRef = target && !publicAddress ? { id: 'externalOf', data: { host: target.id, region: target.region.name } } : { id: 'publicAddress' };
      const related: RelatedInfo[] = target ? [{ file: topology.file, range: target.keyRange, message: { id: 'common/topologyHost', data: { host: target.id, region: target.region.name } } }] : [];
      out.push({ rule: meta.id, file, range: a.range, message: { id: 'plaintext', data: { id: s.id, address: a.host, where, hosts: describeHosts(hosts) } }, fixes: [], related });
    }
  }
  return out;
}
