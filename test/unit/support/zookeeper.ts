import { defaultAnalyzers } from '../../../src/core/analyzers';
import type { Diagnostic } from '../../../src/core/types';
import { providerYaml, springXml } from './dubbo';
import { lintFiles } from './lint';

/** Lints with every analyzer, as the CLI does. */
export function lintAll(files: Record<string, string>, opts: { locale?: string } = {}): Diagnostic[] {
  return lintFiles(files, { ...opts, analyzers: [...defaultAnalyzers] });
}


/** The seed's two regions; the registry runs on the hosts given, with zoo.cfg listing `servers`. */
export function zkFiles(registryHosts: string[], servers: string[], extra = ''): Record<string, string> {
  let yaml = providerYaml();
  for (const h of ['zk-1', 'app-1', 'app-2']) {
    const services = h === 'zk-1' ? [] : ['svc', 'web'];
    const list = [...services, ...(registryHosts.includes(h) ? ['registry'] : [])];
    yaml = yaml.replace(new RegExp(`( {6}${h}:\\n(?: {8}.*\\n)*? {8}services: )\\[[^\\]]*\\]`), `$1[${list.join(', ')}]`);
  }
  yaml = yaml.replace('  registry:\n    kind: zookeeper\n    port: 2181\n', '  registry:\n    kind: zookeeper\n    port: 2181\n    config: [zk/zoo.cfg]\n');
  const cfg = ['tickTime=2000', 'clientPort=2181', ...servers.map((s, i) => `server.${i + 1}=${s}:2888:3888`), ...(extra ? [extra] : [])].join('\n') + '\n';
  const xml = springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>');
  return { 'dubbo-topology.yaml': yaml, 'zk/zoo.cfg': cfg, 'svc.xml': xml, 'web.xml': xml, 'svc.properties': '', 'web.properties': '' };
}


/** The dynamic configuration file the static zoo.cfg of `zkDynamicFiles` names (ZooKeeper 3.5+). */
export const ZK_DYNAMIC = 'zk/zoo.cfg.dynamic.100000000';

/**
 * An ensemble of three members, zk-1 and zk-2 in 华东1 and zk-3 in 华东2, named by their external
 * IPs in a dynamic configuration file: the registry lists `config` (by default zk/zoo.cfg, which names
 * the dynamic file, and the dynamic file itself); `files` adds or replaces files.
 */
export function zkDynamicFiles(opts: { static?: string[]; config?: string[]; files?: Record<string, string> } = {}): Record<string, string> {
  const config = opts.config ?? ['zk/zoo.cfg', ZK_DYNAMIC];
  const host = (id: string, internal: string, external: string) => `      ${id}:\n        internal: ${internal}\n        external: ${external}\n        services: [registry]\n`;
  const yaml = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
${host('zk-1', '192.168.27.10', '139.159.250.7')}${host('zk-2', '192.168.27.11', '139.159.250.8')}  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
${host('zk-3', '172.16.8.10', '139.159.250.207')}services:
  registry:
    kind: zookeeper
    port: 2181
    config: [${config.join(', ')}]
`;
  const statics = ['dynamicConfigFile=/opt/zookeeper/conf/zoo.cfg.dynamic.100000000', ...(opts.static ?? [])];
  const dynamic = ['139.159.250.7', '139.159.250.8', '139.159.250.207'].map((ip, i) => `server.${i + 1}=${ip}:2888:3888:participant;2181`);
  return { 'dubbo-topology.yaml': yaml, 'zk/zoo.cfg': `${statics.join('\n')}\n`, [ZK_DYNAMIC]: `${dynamic.join('\n')}\n`, ...opts.files };
}
