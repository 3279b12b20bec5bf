import type { Vantage } from '../../analyzer';
import { parseIp } from '../../ip';
import type { Finding, Fix } from '../../types';
import type { ZkConfig } from '../../zookeeper/config';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'zookeeper-quorum-listen',
  severity: 'warning',
  area: 'zookeeper',
  description: {
    en: 'A `server.<id>` line that gives a member its own external IP, without `quorumListenOnAllIPs=true`: behind cloud NAT the member cannot listen on it.',
    'zh-cn': '`server.<id>` 行为成员指定了它自己的外网 IP，却没有 `quorumListenOnAllIPs=true`：在云平台 NAT 之后，该成员无法在此地址上监听。',
  },
  messages: {
    externalBind: {
      en: 'server.{id} gives {host} its external IP {ip}: ZooKeeper on {host} listens for its peers on that address, and where the cloud maps the external IP to the host (NAT, as elastic IPs do) no interface has it: the member cannot bind it and ZooKeeper there exits (code 14, unable to bind the quorum port). Set quorumListenOnAllIPs=true: members then listen on every interface and still reach each other at these addresses.',
      'zh-cn': 'server.{id} 为 {host} 指定了它自己的外网 IP {ip}：{host} 上的 ZooKeeper 在该地址上监听其他成员的连接；若云平台以 NAT 方式把外网 IP 映射到主机（弹性 IP 即是如此），主机的网卡上没有这个地址：该成员无法绑定，ZooKeeper 随即退出（退出码 14，无法绑定 quorum 端口）。请设置 quorumListenOnAllIPs=true：成员会在所有网卡上监听，同时仍按这些地址互相连接。',
    },
    addSetting: { en: 'Set quorumListenOnAllIPs=true', 'zh-cn': '设置 quorumListenOnAllIPs=true' },
  },
};

/** The `server.<id>` lines naming a member (a vantage host of the file) by its own external IP. */
export function check(file: string, config: ZkConfig, vantage: readonly Vantage[]): Finding[] {
  if (config.quorumListenOnAllIPs) return [];
  const out: Finding[] = [];
  let fix: Fix | undefined;
  for (const s of config.servers) {
    for (const a of s.addresses) {
      const ip = parseIp(a.host);
      const member = ip && vantage.find((v) => v.host.external?.ip?.text === ip.text)?.host;
      if (!member || !a.range) continue;
      fix ??= addSetting(file, config);
      out.push({ rule: meta.id, file, range: a.range, message: { id: 'externalBind', data: { id: s.id, host: member.id, ip: ip.text } }, fixes: [fix] });
    }
  }
  return out;
}

/** Sets `quorumListenOnAllIPs=true`: its value when the file writes one, else a line after the last entry. */
function addSetting(file: string, config: ZkConfig): Fix {
  const written = config.props.byKey.get('quorumListenOnAllIPs');
  const end = config.lastEntryEnd ?? { line: 0, character: 0 };
  const edit = written
    ? { file, range: written.valueRange, newText: 'true' }
    : { file, range: { start: end, end }, newText: config.lastEntryEnd ? '\nquorumListenOnAllIPs=true' : 'quorumListenOnAllIPs=true\n' };
  return { title: { id: 'addSetting' }, safe: false, edits: [edit] };
}
