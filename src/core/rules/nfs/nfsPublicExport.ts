import { addressScope, cidrContains } from '../../ip';
import { isEncrypted } from '../../nfs/exports';
import type { Host } from '../../topology/model';
import { judgeFrom } from '../../topology/reach';
import type { Finding, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';
import { clientHosts, type ExportsCheck, type TopologyShareCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-public-export',
  severity: 'warning',
  area: 'nfs',
  description: {
    en: 'An NFS client reached over the public network (NFS is unencrypted).',
    'zh-cn': '经公网访问的 NFS 客户端（NFS 不加密）。',
  },
  messages: {
    public: {
      en: '{address}{who} reaches {path} over the public network: NFS with sec={sec} is not encrypted, so file contents and user ids cross the internet in clear text. Carry it through a WireGuard or SSH tunnel, or require sec=krb5p.',
      'zh-cn': '{address}{who} 经公网访问 {path}：sec={sec} 的 NFS 不加密，文件内容和用户 ID 以明文穿越互联网。请经 WireGuard 或 SSH 隧道传输，或要求 sec=krb5p。',
    },
    who: { en: ' ({host}, {region})', 'zh-cn': '（{host}，{region}）' },
    shareClient: {
      en: 'Share {share}: client {client} ({clientRegion}) mounts from {server} ({serverRegion}) over the public network, and NFS is not encrypted. Use a WireGuard or SSH tunnel, or add sec=krb5p to options.',
      'zh-cn': '共享 {share}：客户端 {client}（{clientRegion}）经公网挂载 {server}（{serverRegion}）的共享，而 NFS 不加密。请使用 WireGuard 或 SSH 隧道，或在 options 中加入 sec=krb5p。',
    },
  },
};

export function check(c: ExportsCheck): Finding[] {
  const out: Finding[] = [];
  const topo = c.ctx.topology;
  for (const e of c.parsed.entries) {
    for (const client of e.clients) {
      const ip = client.address;
      if (!ip || client.kind === 'cidr' || client.implicit || c.invalid.has(client) || isEncrypted(client)) continue;
      let owner: Host | undefined;
      let isPublic = false;
      if (c.vantage.length > 0) {
        for (const v of c.vantage) {
          const j = judgeFrom(topo, v.host, ip);
          if (j.crossesPublic) {
            isPublic = true;
            owner ??= j.host;
          }
        }
      } else {
        owner = topo.hosts.find((h) => h.external?.ip?.text === ip.text);
        // An address in a region's declared LAN is that LAN's, even in a public range.
        const inLan = topo.regions.some((r) => r.lan.some((l) => l.cidr && cidrContains(l.cidr, ip)));
        isPublic = owner !== undefined || (addressScope(ip) === 'public' && !inLan);
      }
      if (!isPublic) continue;
      const who: MessageRef | string = owner ? { id: 'who', data: { host: owner.id, region: owner.region.name } } : '';
      out.push({
        rule: meta.id,
        file: c.file,
        range: client.hostRange,
        message: { id: 'public', data: { address: client.host, who, path: e.path, sec: client.sec.join(':') } },
      });
    }
  }
  return out;
}

/** A share without an `exportsFile`: its clients in other regions mount over the public network. */
export function checkTopology(c: TopologyShareCheck): Finding[] {
  const out: Finding[] = [];
  const topo = c.ctx.topology;
  for (const share of topo.shares) {
    if (share.exportsFile || !share.server) continue;
    const server = topo.hostById.get(share.server.value);
    if (!server || !server.external?.ip) continue;
    if (isEncrypted(optionsSecurity(share.options))) continue;
    const hosts = clientHosts(c.ctx, share);
    for (const loc of share.clients) {
      const h = hosts.find((x) => x.id === loc.value);
      if (!h || h.region === server.region) continue;
      out.push({
        rule: meta.id,
        file: topo.file,
        range: loc.range,
        message: {
          id: 'shareClient',
          data: { share: share.id, client: h.id, clientRegion: h.region.name, server: server.id, serverRegion: server.region.name },
        },
      });
    }
  }
  return out;
}

/** The flavours a share's `options:` allow (every `sec=` block's: a client may use any) and its `xprtsec=`. */
export function optionsSecurity(options: readonly string[]): { sec: string[]; xprtsec: string[] } {
  let sec: string[] | undefined;
  let xprtsec: string[] = [];
  for (const o of options) {
    if (o.startsWith('sec=')) sec = [...new Set([...(sec ?? []), ...o.slice(4).split(':')])];
    else if (o.startsWith('xprtsec=')) xprtsec = o.slice(8).split(':');
  }
  return { sec: sec ?? ['sys'], xprtsec };
}
