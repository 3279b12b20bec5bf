import type { Vantage } from '../../analyzer';
import { addressScope, parseIp } from '../../ip';
import { nameList } from '../../l10n';
import type { Host } from '../../topology/model';
import type { Finding, Fix } from '../../types';
import type { ZkConfig, ZkServerAddress } from '../../zookeeper/config';
import type { ZkSettingsSource, ZkStaticFile } from '../../zookeeper/files';
import type { RuleMeta } from '../meta';
import { staticMessages, staticRef } from './staticSettings';

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
    externalBindDynamic: {
      en: 'server.{id} gives {host} its external IP {ip}: ZooKeeper on {host} listens for its peers on that address, and where the cloud maps the external IP to the host (NAT, as elastic IPs do) no interface has it: the member cannot bind it and ZooKeeper there exits (code 14, unable to bind the quorum port). Set quorumListenOnAllIPs=true in {static}: members then listen on every interface and still reach each other at these addresses. Not in the dynamic file itself: ZooKeeper takes only server, group and weight lines there and refuses to start on any other key.',
      'zh-cn': 'server.{id} 为 {host} 指定了它自己的外网 IP {ip}：{host} 上的 ZooKeeper 在该地址上监听其他成员的连接；若云平台以 NAT 方式把外网 IP 映射到主机（弹性 IP 即是如此），主机的网卡上没有这个地址：该成员无法绑定，ZooKeeper 随即退出（退出码 14，无法绑定 quorum 端口）。请在{static}中设置 quorumListenOnAllIPs=true：成员会在所有网卡上监听，同时仍按这些地址互相连接。不要写在动态配置文件本身：ZooKeeper 在其中只接受 server、group 和 weight 行，出现其他键就拒绝启动。',
    },
    addSetting: { en: 'Set quorumListenOnAllIPs=true', 'zh-cn': '设置 quorumListenOnAllIPs=true' },
    addSettingIn: { en: 'Set quorumListenOnAllIPs=true in {file}', 'zh-cn': '在 {file} 中设置 quorumListenOnAllIPs=true' },
    ...staticMessages,
  },
};

/**
 * The `server.<id>` lines naming a member (a vantage host of the file) by its own external IP, unless
 * the static configuration (`source`: the file itself, or the static files of a dynamic one) sets
 * `quorumListenOnAllIPs=true`. A line of several addresses (3.6+) only when the member can bind none
 * of them: ZooKeeper listens on those it can bind and logs the others. A fix edits the static files
 * only: ZooKeeper refuses a dynamic file with the setting in it.
 */
export function check(file: string, config: ZkConfig, vantage: readonly Vantage[], source: ZkSettingsSource): Finding[] {
  const off = source.statics.filter((s) => !s.config.quorumListenOnAllIPs);
  if (source.statics.length > 0 && off.length === 0) return [];
  const out: Finding[] = [];
  let fixes: Fix[] | undefined;
  for (const s of config.servers) {
    for (const a of s.addresses) {
      const ip = parseIp(a.host);
      const member = ip && vantage.find((v) => v.host.external?.ip?.text === ip.text)?.host;
      if (!member || !a.range || s.addresses.some((b) => bindable(b, member))) continue;
      fixes ??= off.length > 0 ? [addSetting(off, source.dynamic)] : [];
      const data = { id: s.id, host: member.id, ip: ip.text };
      const message = source.dynamic ? { id: 'externalBindDynamic', data: { ...data, static: staticRef(source) } } : { id: 'externalBind', data };
      out.push({ rule: meta.id, file, range: a.range, message, fixes });
    }
  }
  return out;
}

/** Whether `member` can listen on `a`: its internal IP, the wildcard address or loopback. */
function bindable(a: ZkServerAddress, member: Host): boolean {
  const ip = parseIp(a.host);
  if (!ip) return false;
  const scope = addressScope(ip);
  return ip.text === member.internal?.ip?.text || scope === 'unspecified' || scope === 'loopback';
}

/** Sets `quorumListenOnAllIPs=true` in each static file: its value where one is written, else a line after the last entry. */
function addSetting(statics: readonly ZkStaticFile[], dynamic: boolean): Fix {
  const edits = statics.map(({ file, config }) => {
    const written = config.props.byKey.get('quorumListenOnAllIPs');
    const end = config.lastEntryEnd ?? { line: 0, character: 0 };
    return written
      ? { file, range: written.valueRange, newText: 'true' }
      : { file, range: { start: end, end }, newText: config.lastEntryEnd ? '\nquorumListenOnAllIPs=true' : 'quorumListenOnAllIPs=true\n' };
  });
  const title = dynamic ? { id: 'addSettingIn', data: { file: nameList(statics.map((s) => s.file)) } } : { id: 'addSetting' };
  return { title, safe: false, edits };
}
