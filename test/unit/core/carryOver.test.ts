import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rangesCarriedOver } from '../../../src/core/topology/carryOver';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { exampleDir } from '../support/context';

const example = readFileSync(join(exampleDir, TOPOLOGY_FILE), 'utf8');
const topology = (text: string) => parseTopology(TOPOLOGY_FILE, text).topology;

test('rangesCarriedOver: each place of the model paired with the same place after lines above it were added', () => {
  const from = topology(example);
  const to = topology(`# header\n\n${example}`);
  const pairs = rangesCarriedOver(from, to)!;
  assert.ok(pairs.size > 100, `${pairs.size} places`);
  for (const [a, b] of pairs) {
    assert.equal(b.start.line, a.start.line + 2);
    assert.equal(b.start.character, a.start.character);
  }
  const host = from.hostById.get('app-2')!;
  assert.equal(pairs.get(host.keyRange), to.hostById.get('app-2')!.keyRange);
  assert.equal(pairs.get(host.external!.range), to.hostById.get('app-2')!.external!.range);
  assert.equal(pairs.get(from.serviceById.get('order')!.fields.kind.value), to.serviceById.get('order')!.fields.kind.value);
});

test('rangesCarriedOver: a line changed within keeps the places on other lines, and those after it on the line', () => {
  const from = topology(example);
  const to = topology(example.replace('ssh: { user: deploy }', 'ssh: { user: deploy, port: 2222 }'));
  const pairs = rangesCarriedOver(from, to)!;
  for (const [a, b] of pairs) assert.equal(b.start.line, a.start.line);
});

test('rangesCarriedOver: none when places change their order or which of them share a line', () => {
  const from = topology(example);
  // Two keys of a host written the other way round.
  const swapped = example.replace('        internal: 192.168.27.102\n        external: 139.159.250.8\n', '        external: 139.159.250.8\n        internal: 192.168.27.102\n');
  assert.notEqual(swapped, example);
  assert.equal(rangesCarriedOver(from, topology(swapped)), undefined);
  // A host's block written as one flow mapping: its places now share a line.
  const block = '      app-1:\n        internal: 192.168.27.102\n        external: 139.159.250.8\n        ssh: { user: deploy }\n        services: [order, driver]\n';
  assert.ok(example.includes(block));
  const joined = example.replace(block, '      app-1: { internal: 192.168.27.102, external: 139.159.250.8, ssh: { user: deploy }, services: [order, driver] }\n');
  assert.equal(rangesCarriedOver(from, topology(joined)), undefined);
});
