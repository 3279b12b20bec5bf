import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'ip-invalid',
  severity: 'error',
  area: 'address',
  description: { en: 'Not a valid IPv4/IPv6 address.', 'zh-cn': '不是合法的 IPv4/IPv6 地址。' },
  messages: {
    invalid: { en: '"{text}" is not a valid IP address{why}.', 'zh-cn': '"{text}" 不是合法的 IP 地址{why}。' },
    invalidCidr: { en: '"{text}" is not a valid CIDR block (address/prefix length).', 'zh-cn': '"{text}" 不是合法的 CIDR 网段（地址/前缀长度）。' },
    octet: { en: ' (octet {octet} is over 255)', 'zh-cn': '（第 {index} 段 {octet} 超过 255）' },
    didYouMean: { en: 'Replace with {value} ({host}, {role})', 'zh-cn': '替换为 {value}（{host}，{role}）' },
  },
};
