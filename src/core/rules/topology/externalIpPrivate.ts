import { addressScope } from '../../ip';
import type { Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'external-ip-private',
  severity: 'warning',
  area: 'topology',
  description: {
    en: 'A private, loopback or link-local address given as `external`.',
    'zh-cn': '`external` 填写了私有、回环或链路本地地址。',
  },
  messages: {
    private: {
      en: 'External IP {ip} of {host} is a {scope} address: other regions cannot reach it over the public network.',
      'zh-cn': '{host} 的外网 IP {ip} 是{scope}地址：其他地域无法通过公网访问。',
    },
    scope_private: { en: 'private', 'zh-cn': '私有' },
    'scope_loopback': { en: 'loopback', 'zh-cn': '回环' },
    'scope_link-local': { en: 'link-local', 'zh-cn': '链路本地' },
    scope_unspecified: { en: 'unspecified', 'zh-cn': '未指定' },
  },
};

export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const h of t.hosts) {
    const ip = h.external?.ip;
    if (!ip || !h.external) continue;
    const scope = addressScope(ip);
    if (scope !== 'public') {
      out.push({
        rule: meta.id,
        file: t.file,
        range: h.external.range,
        message: { id: 'private', data: { ip: ip.text, host: h.id, scope: { id: `scope_${scope}` } } },
      });
    }
  }
  return out;
}
