import { nameList } from '../../l10n';
import { inLan } from '../../topology/reach';
import type { Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'internal-ip-outside-lan',
  severity: 'warning',
  area: 'topology',
  description: { en: "An internal IP outside its region's `lan`.", 'zh-cn': '内网 IP 不在所属地域的 `lan` 网段内。' },
  messages: {
    outside: { en: 'Internal IP {ip} of {host} is outside the LAN of {region} ({lan}).', 'zh-cn': '{host} 的内网 IP {ip} 不在 {region} 的局域网（{lan}）内。' },
  },
};

export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const h of t.hosts) {
    const ip = h.internal?.ip;
    if (!ip || !h.internal) continue;
    if (h.region.lan.every((l) => !l.cidr)) continue; // invalid or missing LAN is reported elsewhere
    if (!inLan(h.region, ip)) {
      out.push({
        rule: meta.id,
        file: t.file,
        range: h.internal.range,
        message: { id: 'outside', data: { ip: ip.text, host: h.id, region: h.region.name, lan: nameList(h.region.lan.map((l) => l.text)) } },
      });
    }
  }
  return out;
}
