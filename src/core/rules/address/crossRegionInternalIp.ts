import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'cross-region-internal-ip',
  severity: 'error',
  area: 'address',
  description: { en: "An address that is another region's internal IP, seen from a vantage host.", 'zh-cn': '从视角主机看，该地址是另一地域的内网 IP。' },
  messages: {
    unreachable: { en: '{address} is the internal IP of {target} in {targetRegion}; it is unreachable from {hosts}. Other regions reach {target} by its external IP{external}.', 'zh-cn': '{address} 是 {targetRegion} 中 {target} 的内网 IP，{hosts} 无法访问。其他地域应通过外网 IP{external} 访问 {target}。' },
    inOtherLan: {
      en: '{address} lies in the LAN of {region} ({lan}), where no host of the topology has it; it is unreachable from {hosts}. Reach the host by its external IP, and add it to the topology.',
      'zh-cn': '{address} 位于 {region} 的局域网（{lan}）内，拓扑中没有主机使用该地址；{hosts} 无法访问。请通过外网 IP 访问该主机，并把它加入拓扑。',
    },
    noneReachable: {
      en: 'None of the addresses of server.{id} ({addresses}) is reachable from {hosts}: each is an internal address of another region ({regions}). Other regions reach {target} by its external IP{external}.',
      'zh-cn': 'server.{id} 的地址（{addresses}）{hosts} 一个都无法访问：它们都是其他地域（{regions}）的内网地址。其他地域应通过外网 IP{external} 访问 {target}。',
    },
    noneReachableNoHost: {
      en: "None of the addresses of server.{id} ({addresses}) is reachable from {hosts}: each is an internal address of another region ({regions}). List the member's external IP as one more address, and add its host to the topology.",
      'zh-cn': 'server.{id} 的地址（{addresses}）{hosts} 一个都无法访问：它们都是其他地域（{regions}）的内网地址。请在这一行中再列出该成员的外网 IP，并把它的主机加入拓扑。',
    },
    addAlternative: { en: 'Add the external IP of {target} ({value}) as one more address', 'zh-cn': '添加 {target} 的外网 IP（{value}）作为另一个地址' },
    useExternal: { en: 'Use the external IP of {target} ({value})', 'zh-cn': '改用 {target} 的外网 IP（{value}）' },
    noExternal: { en: ' — but it has none in the topology', 'zh-cn': '——但拓扑中未定义' },
  },
};
