import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'ip-invalid',
  severity: 'error',
  area: 'address',
  description: {
    en: 'Not a valid IPv4/IPv6 address or CIDR block, or a LAN CIDR with host bits set; an octet with a leading zero (a warning where nginx or Java read it as decimal).',
    'zh-cn': '不是合法的 IPv4/IPv6 地址或 CIDR 网段，或 LAN 的 CIDR 设置了主机位；以 0 开头的段（nginx 或 Java 按十进制读取时为警告）。',
  },
  messages: {
    invalid: { en: '"{text}" is not a valid IP address{why}.', 'zh-cn': '"{text}" 不是合法的 IP 地址{why}。' },
    invalidCidr: { en: '"{text}" is not a valid CIDR block (address/prefix length).', 'zh-cn': '"{text}" 不是合法的 CIDR 网段（地址/前缀长度）。' },
    hostBits: {
      en: '"{text}" has host bits set: the network of that prefix is {network}.',
      'zh-cn': '"{text}" 设置了主机位：该前缀对应的网段是 {network}。',
    },
    octet: { en: ' (octet {octet} is over 255)', 'zh-cn': '（第 {index} 段 {octet} 超过 255）' },
    leadingZero: { en: ' (octet {octet} starts with 0, which some tools read as octal)', 'zh-cn': '（第 {index} 段 {octet} 以 0 开头，有些工具会按八进制读取）' },
    leadingZeroOctal: {
      en: ' (octet {octet} starts with 0: exportfs reads it as octal, so this is {octal})',
      'zh-cn': '（第 {index} 段 {octet} 以 0 开头：exportfs 按八进制读取，即 {octal}）',
    },
    leadingZeroNoOctal: {
      en: ' (octet {octet} starts with 0 but is not an octal number: exportfs cannot read it)',
      'zh-cn': '（第 {index} 段 {octet} 以 0 开头，却不是八进制数：exportfs 无法读取）',
    },
    leadingZeroDecimal: {
      en: '"{text}" has an octet with a leading zero ({octet}): {reader} reads it as decimal, {address}, but curl and exportfs read it as octal, {octal}. Write {address}.',
      'zh-cn': '"{text}" 的第 {index} 段 {octet} 以 0 开头：{reader} 按十进制读取，即 {address}；curl 和 exportfs 则按八进制读取，即 {octal}。请写成 {address}。',
    },
    leadingZeroNotOctal: {
      en: '"{text}" has an octet with a leading zero ({octet}): {reader} reads it as decimal, {address}, but curl and exportfs read such an octet as octal, and {octet} is not an octal number. Write {address}.',
      'zh-cn': '"{text}" 的第 {index} 段 {octet} 以 0 开头：{reader} 按十进制读取，即 {address}；curl 和 exportfs 则按八进制读取，而 {octet} 不是八进制数。请写成 {address}。',
    },
    letter: {
      en: ' (octet {octet} holds the letter {letter}, most likely a mistyped {digit})',
      'zh-cn': '（第 {index} 段 {octet} 含字母 {letter}，多半是把 {digit} 打错了）',
    },
    prefixLength: {
      en: ' (a host address takes no prefix length: the LAN goes in lan:, so drop "{prefix}")',
      'zh-cn': '（主机地址不带前缀长度：网段写在 lan: 中，请去掉 "{prefix}"）',
    },
    replace: { en: 'Replace with {value}', 'zh-cn': '替换为 {value}' },
    didYouMean: { en: 'Replace with {value} ({host}, {role})', 'zh-cn': '替换为 {value}（{host}，{role}）' },
    internal: { en: 'internal', 'zh-cn': '内网' },
    external: { en: 'external', 'zh-cn': '外网' },
  },
};
