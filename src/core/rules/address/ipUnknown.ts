import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'ip-unknown',
  severity: 'info',
  area: 'address',
  description: { en: 'An address that matches no host in the topology.', 'zh-cn': '该地址不属于拓扑中的任何主机。' },
  messages: {
    unknown: { en: '{address} matches no host or LAN in the topology.', 'zh-cn': '{address} 不属于拓扑中的任何主机或局域网。' },
    inLan: {
      en: '{address} is inside the LAN of {region} but matches no host in the topology.',
      'zh-cn': '{address} 位于 {region} 的局域网内，但不属于拓扑中的任何主机。',
    },
  },
};
