import type { Locale } from '../types';

/** The commented starter written by "Create Topology File": valid, and lint-clean. */
export function starterTopology(locale: Locale): string {
  const zh = locale === 'zh-cn';
  const c = (en: string, cn: string) => `# ${zh ? cn : en}`;
  return [
    c('Dubbo Topology file, format version 1.', 'Dubbo Topology 拓扑文件，格式版本 1。'),
    c('Regions talk to each other only over the public network; hosts inside a region use the LAN.', '地域之间只能走公网；同一地域内的主机走局域网。'),
    'version: 1',
    'regions:',
    '  east-1:',
    `    name: ${zh ? '华东1' : 'East 1'}`,
    `    ${c('the LAN of this region (one or more CIDRs)', '本地域的局域网（一个或多个 CIDR）')}`,
    '    lan: [192.168.1.0/24]',
    '    hosts:',
    '      app-1:',
    '        internal: 192.168.1.10',
    `        ${c('the address other regions reach this host by', '其他地域访问本主机所用的地址')}`,
    '        external: 203.0.113.10',
    '        ssh: { user: deploy }',
    '        services: [registry, order]',
    'services:',
    '  registry:',
    '    kind: zookeeper',
    '    port: 2181',
    '  order:',
    '    kind: dubbo-provider',
    '    port: 20880',
    `    ${c('internal (Dubbo default) or external: which address the provider registers', 'internal（Dubbo 默认）或 external：提供者注册哪个地址')}`,
    '    registerAs: internal',
    '    registry: registry',
    `    ${c('config: [order/src/main/resources/applicationContext.xml]', 'config: [order/src/main/resources/applicationContext.xml]')}`,
    '',
  ].join('\n');
}
