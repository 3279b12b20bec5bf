import type { Vantage } from '../../analyzer';
import { parseIp } from '../../ip';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Host, Topology } from '../../topology/model';
import type { Finding, MessageRef, RelatedInfo } from '../../types';
import type { ZkConfig, ZkServerAddress } from '../../zookeeper/config';
import type { ZkSettingsSource } from '../../zookeeper/files';
import type { RuleMeta } from '../meta';
import { staticMessages, staticRef } from './staticSettings';

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
    plaintextDynamic: {
      en: 'server.{id} {address} is {where}, reached across the public network from {hosts}, and the quorum traffic is not encrypted: every write to the registry and the leader election cross the internet in plain text, and whoever is on the path can read them or pose as a member. Set sslQuorum=true in {static}, with the quorum key and trust stores (ssl.quorum.keyStore.*, ssl.quorum.trustStore.*), or connect the regions through a tunnel (VPN, WireGuard). Not in the dynamic file itself: ZooKeeper takes only server, group and weight lines there and refuses to start on any other key.',
      'zh-cn': 'server.{id} 的 {address} 是{where}，{hosts} 经公网连接它，而集群内部通信不加密：对注册中心的每次写入和选举都以明文经过互联网，途中任何人都能读取，或冒充成员。请在{static}中设置 sslQuorum=true 并配置 quorum 密钥库与信任库（ssl.quorum.keyStore.*、ssl.quorum.trustStore.*），或让地域之间经隧道（VPN、WireGuard）连接。不要写在动态配置文件本身：ZooKeeper 在其中只接受 server、group 和 weight 行，出现其他键就拒绝启动。',
    },
    externalOf: { en: 'the external IP of {host} ({region})', 'zh-cn': ' {host}（{region}）的外网 IP' },
    publicAddress: { en: 'a public address', 'zh-cn': '一个公网地址' },
    ...staticMessages,
  },
};

/**
 * The `server.<id>` addresses that members other than the one they name reach across the public
 * network, unless the static configuration (`source`: the file itself, or the static files of a
 * dynamic one) sets `sslQuorum=true`. Of a line of several addresses (3.6+), a member that reaches one
 * of them without crossing the public network is taken to use that one.
 */
export function check(file: string, config: ZkConfig, vantage: readonly Vantage[], topology: Topology, source: ZkSettingsSource): Finding[] {
  if ((source.statics.length > 0 && source.statics.every((s) => s.config.sslQuorum)) || vantage.length === 0) return [];
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
        if (!j.reachable || !j.crossesPublic || j.host === v.host || hosts.includes(v.host) || privateAlternative(topology, v.host, s.addresses)) continue;
        hosts.push(v.host);
        if (j.host) target = j.host;
        else publicAddress = true;
      }
      if (hosts.length === 0) continue;
      const where: MessageRef = target && !publicAddress ? { id: 'externalOf', data: { host: target.id, region: target.region.name } } : { id: 'publicAddress' };
      const related: RelatedInfo[] = target ? [{ file: topology.file, range: target.keyRange, message: { id: 'common/topologyHost', data: { host: target.id, region: target.region.name } } }] : [];
      const data = { id: s.id, address: a.host, where, hosts: describeHosts(hosts) };
      const message: MessageRef = source.dynamic ? { id: 'plaintextDynamic', data: { ...data, static: staticRef(source) } } : { id: 'plaintext', data };
      out.push({ rule: meta.id, file, range: a.range, message, fixes: [], related });
    }
  }
  return out;
}

/** Whether `from` reaches one of several addresses of a line without crossing the public network. */
function privateAlternative(topology: Topology, from: Host, addresses: readonly ZkServerAddress[]): boolean {
  if (addresses.length < 2) return false;
  return addresses.some((a) => {
    const j = judgeFrom(topology, from, a.host);
    return j.reachable && !j.crossesPublic;
  });
}
