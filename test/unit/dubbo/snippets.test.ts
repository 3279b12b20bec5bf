import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/context';
import { lintDubbo, providerYaml, springXml } from '../support/dubbo';

/** A snippet body with every tab stop replaced by its default (first choice), as VS Code inserts it. */
function expand(body: string[]): string {
  return body
    .join('\n')
    .replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '');
}

test('snippets: provider, consumer, registry with backups, registries per region, fixed-port protocol — each expands to a config with no Dubbo finding', () => {
  const snippets = JSON.parse(readFileSync(join(repoRoot, 'snippets', 'dubbo-xml.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[]; description: string }>;
  assert.deepEqual(Object.keys(snippets), ['Dubbo provider', 'Dubbo consumer', 'Dubbo registry with backup addresses', 'Dubbo registries, one per region', 'Dubbo protocol with a fixed port']);
  // The registry's external IP stands in for the snippets' host names: the hosts' ZooKeeper clients run
  // TLS, or the registry traffic crossing the internet would be reported (dubbo-registry-plaintext-public).
  const secureYaml = providerYaml()
    .replace('    lan: [192.168.27.0/24]\n', '    lan: [192.168.27.0/24]\n    properties: { zookeeper.client.secure: "true" }\n')
    .replace('    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties: { zookeeper.client.secure: "true" }\n');
  for (const [name, s] of Object.entries(snippets)) {
    assert.match(s.description, / \/ .*[\u4e00-\u9fff]/, `${name}: English and Chinese description`);
    const xml = springXml(expand(s.body).replace(/registry-host|zk\d-host|region\d-zk/g, '139.159.250.7'));
    const ds = lintDubbo({ 'dubbo-topology.yaml': secureYaml, 'svc.xml': xml, 'web.xml': '', 'svc.properties': '', 'web.properties': '' }).filter(
      (d) => d.file === 'svc.xml' && d.severity !== 'hint' && d.severity !== 'info',
    );
    assert.deepEqual(ds.map((d) => `${d.rule}: ${d.message}`), [], name);
  }
  assert.match(expand(snippets['Dubbo registry with backup addresses'].body), /\?backup=zk2-host:2181,zk3-host:2181/);
  assert.match(expand(snippets['Dubbo protocol with a fixed port'].body), /port="20880"/);
  assert.match(expand(snippets['Dubbo registries, one per region'].body), /address="zookeeper:\/\/region1-zk:2181\|zookeeper:\/\/region2-zk:2181"/);
});
