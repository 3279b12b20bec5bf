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

