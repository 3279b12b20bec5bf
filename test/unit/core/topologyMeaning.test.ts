import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topologyMeaning } from '../../../src/core/topology/meaning';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { exampleDir } from '../support/context';

const example = readFileSync(join(exampleDir, TOPOLOGY_FILE), 'utf8');
const meaning = (text: string) => topologyMeaning(parseTopology(TOPOLOGY_FILE, text).topology);
const ORDER_CONFIG = '    config: [order/src/main/resources/applicationContext.xml]\n';
const withDeploy = example.replace(ORDER_CONFIG, '    config: [order/src/main/resources/applicationContext.xml]\n    deploy:\n      artifact: order/target/order-*.jar\n      dir: /opt/order\n      restart: systemctl restart order\n      env: { JAVA_OPTS: -Xmx1g }\n');

test('topologyMeaning: the same for comments, blank lines, layout and the rules section', () => {
  const m = meaning(example);
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
    assert.equal(meaning(text), m, what);
  }
  // Of a deploy block, only the environment it gives the service.
  assert.notEqual(withDeploy, example);
  const d = meaning(withDeploy);
  assert.equal(meaning(withDeploy.replace('dir: /opt/order', 'dir: /srv/order').replace('restart: systemctl restart order', 'restart: { unit: order.service }')), d);
  assert.notEqual(meaning(withDeploy.replace('-Xmx1g', '-Xmx2g')), d, 'its environment');
  assert.notEqual(d, m, 'a deploy block with an environment');
});

test('topologyMeaning: different for any value a file may be judged by', () => {
  const m = meaning(example);
  const different: [string, string, string][] = [
    ['an external IP', '139.159.250.208', '139.159.250.209'],
    ['a LAN', '192.168.27.0/24', '192.168.28.0/24'],
    ['a service port', 'port: 20880', 'port: 20882'],
    ['a config list', 'config: [nginx/nginx.conf]', 'config: [nginx/nginx.conf, nginx/other.conf]'],
    ['a region name', 'name: 华东2', 'name: 华东3'],
    ['a registry', 'registry: registry\n', ''],
  ];
  const seen = new Set([m]);
  for (const [what, a, b] of different) {
    assert.ok(example.includes(a), what);
    const n = meaning(example.replace(a, b));
    assert.ok(!seen.has(n), what);
    seen.add(n);
  }
});
