import type { Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'ip-duplicate',
  severity: 'error',
  area: 'topology',
  description: {
    en: 'Two hosts share an internal IP in one region, or an external IP.',
    'zh-cn': '同一地域内两台主机内网 IP 相同，或两台主机外网 IP 相同。',
  },
  messages: {
    internal: { en: 'Internal IP {ip} of {host} is also the internal IP of {other} in {region}.', 'zh-cn': '{host} 的内网 IP {ip} 与 {region} 中 {other} 的内网 IP 相同。' },
    external: { en: 'External IP {ip} of {host} is also the external IP of {other}.', 'zh-cn': '{host} 的外网 IP {ip} 与 {other} 的外网 IP 相同。' },
  },
};

export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  const ext = new Map<string, string>();
  for (const region of t.regions) {
    const internal = new Map<string, string>();
    for (const h of region.hosts) {
      const i = h.internal?.ip?.text;
      if (i && h.internal) {
        const other = internal.get(i);
        if (other) out.push({ rule: meta.id, file: t.file, range: h.internal.range, message: { id: 'internal', data: { ip: i, host: h.id, other, region: region.name } } });
        else internal.set(i, h.id);
      }
    }
  }
  for (const h of t.hosts) {
    const e = h.external?.ip?.text;
    if (e && h.external) {
      const other = ext.get(e);
      if (other) out.push({ rule: meta.id, file: t.file, range: h.external.range, message: { id: 'external', data: { ip: e, host: h.id, other } } });
      else ext.set(e, h.id);
    }
  }
  return out;
}
