import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'same-region-external-ip',
  severity: 'warning',
  area: 'address',
  description: { en: 'An external IP used inside its own region.', 'zh-cn': '在同一地域内使用了外网 IP。' },
  messages: {
    detour: { en: '{address} is the external IP of {target}, in the same region ({region}) as every host using it: traffic leaves the LAN and comes back over the public network. Use its internal IP {internal}.', 'zh-cn': '{address} 是 {target} 的外网 IP，与使用它的所有主机同在 {region}：流量会绕经公网。请使用其内网 IP {internal}。' },
    spans: { en: '{address} is the external IP of {target} ({region}). Hosts in {region} would reach it by its internal IP, other regions need the external one: one literal cannot suit both. Define it per region with a ${placeholder} and `properties:` in the topology.', 'zh-cn': '{address} 是 {target}（{region}）的外网 IP。{region} 内的主机应走内网 IP，其他地域需要外网 IP：一个固定值无法兼顾。请改用 ${占位符} 并在拓扑中按地域设置 `properties:`。' },
    spansNginx: {
      en: "{address} is the external IP of {target} ({region}). Hosts in {region} would reach it by its internal IP, other regions need the external one: one literal cannot suit both, and nginx has no placeholders. Give each region its own nginx configuration: move this address into an include file per region (the internal IP in {region}'s, the external IP in the others'), and list each region's main file in `config:` of a service that runs only in that region.",
      'zh-cn': '{address} 是 {target}（{region}）的外网 IP。{region} 内的主机应走内网 IP，其他地域需要外网 IP：一个固定值无法兼顾，而 nginx 不支持占位符。请为每个地域准备各自的 nginx 配置：把这个地址移到按地域区分的 include 文件中（{region} 的用内网 IP，其他地域的用外网 IP），并把各地域的主配置文件列在只运行于该地域的服务的 `config:` 中。',
    },
    useInternal: { en: 'Use the internal IP of {target} ({value})', 'zh-cn': '改用 {target} 的内网 IP（{value}）' },
  },
};
