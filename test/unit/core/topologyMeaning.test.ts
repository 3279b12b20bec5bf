import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sameMeaning, topologyMeaning, type TopologyPart } from '../../../src/core/topology/meaning';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { exampleDir } from '../support/context';

const example = readFileSync(join(exampleDir, TOPOLOGY_FILE), 'utf8');
const meaning = (text: string) => topologyMeaning(parseTopology(TOPOLOGY_FILE, text).topology);
const ORDER_CONFIG = '    config: [order/src/main/resources/applicationContext.xml]\n';
const withDeploy = example.replace(
  ORDER_CONFIG,
  `${ORDER_CONFIG}    deploy:\n      artifact: order/target/order-*.jar\n      dir: /opt/order\n      restart: systemctl restart order\n      env: { JAVA_OPTS: -Xmx1g }\n`,
);
/** The parts in which two texts' meanings differ; `core` when that differs. */
function differences(a: string, b: string): string[] {
  const ma = meaning(a);
  const mb = meaning(b);
  if (ma.core !== mb.core) return ['core'];
  return (['properties', 'shares', 'env'] as TopologyPart[]).filter((p) => !sameMeaning(ma, mb, [p]));
}

test('topologyMeaning: the same for comments, blank lines, layout, the rules section, SSH and deploy settings', () => {
  const same: [string, string][] = [
    ['a comment line at the top', `# header\n${example}`],
    ['blank lines between regions', example.replace('\n  east-2:', '\n\n\n  east-2:')],
    ['a comment at the end of a line', example.replace('version: 1\n', 'version: 1   # format\n')],
    ['a rules section', `${example}rules:\n  nfs-async: off\n`],
    ['a flow list written as a block', example.replace('config: [nginx/nginx.conf]', 'config:\n      - nginx/nginx.conf')],
    ["a host's SSH", example.replace('ssh: { user: deploy }', 'ssh: { user: ops, port: 2222 }')],
  ];
  for (const [what, text] of same) {
    assert.notEqual(text, example, what);
    assert.deepEqual(differences(example, text), [], what);
    assert.ok(sameMeaning(meaning(example), meaning(text)), what);
  }
  // Of a deploy block, only the environment it gives the service counts.
  assert.deepEqual(differences(withDeploy, withDeploy.replace('dir: /opt/order', 'dir: /srv/order').replace('restart: systemctl restart order', 'restart: { unit: order.service }')), []);
});

test('topologyMeaning: different for any value a file may be judged by, in the part it belongs to', () => {
  const different: [string, string, string, string[]][] = [
    ['an external IP', '139.159.250.208', '139.159.250.209', ['core']],
    ['a LAN', '192.168.27.0/24', '192.168.28.0/24', ['core']],
    ['a service port', 'port: 20880', 'port: 20882', ['core']],
    ['a config list', 'config: [nginx/nginx.conf]', 'config: [nginx/nginx.conf, nginx/other.conf]', ['core']],
    ['a region name', 'name: 华东2', 'name: 华东3', ['core']],
    ['a registry', 'registry: registry\n', '', ['core']],
    ['a region property', '    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties: { zookeeper.host: "zookeeper://139.159.250.7:2181" }\n', ['properties']],
    ['a share option', 'options: [rw, sync, no_root_squash]', 'options: [rw, sync, root_squash]', ['shares']],
  ];
  for (const [what, a, b, parts] of different) {
    assert.ok(example.includes(a), what);
    assert.deepEqual(differences(example, example.replace(a, b)), parts, what);
  }
  assert.deepEqual(differences(withDeploy, withDeploy.replace('-Xmx1g', '-Xmx2g')), ['env']);
  assert.deepEqual(differences(example, withDeploy), ['env'], 'a deploy block with an environment');
});
