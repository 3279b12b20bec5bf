import type { Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'share-server-no-route',
  severity: 'warning',
  area: 'topology',
  description: {
    en: 'A share client in another region while the server has no external IP.',
    'zh-cn': '共享的客户端在其他地域，而服务器没有外网 IP。',
  },
  messages: {
    noRoute: {
      en: 'Client {client} ({clientRegion}) cannot reach NFS server {server} ({serverRegion}): the server has no external IP in the topology.',
      'zh-cn': '客户端 {client}（{clientRegion}）无法访问 NFS 服务器 {server}（{serverRegion}）：拓扑中该服务器没有外网 IP。',
    },
  },
};

export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const s of t.shares) {
    const server = s.server && t.hostById.get(s.server.value);
    if (!server || server.external?.ip) continue;
    for (const c of s.clients) {
      const client = t.hostById.get(c.value);
      if (client && client.region !== server.region) {
        out.push({
          rule: meta.id,
          file: t.file,
          range: c.range,
          message: { id: 'noRoute', data: { client: client.id, clientRegion: client.region.name, server: server.id, serverRegion: server.region.name } },
        });
      }
    }
  }
  return out;
}
