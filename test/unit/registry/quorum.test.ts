/**
 * What dubbo-registry-quorum rests on, checked against a real ZooKeeper 3.8 ensemble on loopback: a
 * member left without a majority of the ensemble stops serving; members that are a majority go on.
 * The regions of the rule are the members stopped together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pollUntil, startZooKeeperEnsemble, zooKeeperMode, zooKeeperSkipReason, type LocalZooKeeper } from '../../support/zookeeper';
import { lintDubbo, providerYaml, springXml } from '../support/dubbo';
import { ofRule } from '../support/lint';

const SERVING = new Set(['leader', 'follower']);

const modes = (ms: LocalZooKeeper[]) => Promise.all(ms.map(zooKeeperMode));
const allServing = async (ms: LocalZooKeeper[]) => {
  const m = await modes(ms);
  return m.every((x) => SERVING.has(x)) && m.filter((x) => x === 'leader').length === 1;
};

test('real ZooKeeper: 1 + 1, the member left after the other region goes down stops serving', { skip: zooKeeperSkipReason(), timeout: 240_000 }, async () => {
  const [a, b] = await startZooKeeperEnsemble(2);
  try {
    await pollUntil('both members serve', () => allServing([a, b]), () => modes([a, b]));
    await b.stop();
    await pollUntil('the member left stops serving', async () => (await zooKeeperMode(a)) === 'not serving', () => zooKeeperMode(a));
  } finally {
    await a.stop();
    await b.stop();
  }
  // The rule reports that layout (one member in each region, addressed as one ensemble).
  const yaml = providerYaml().replace('services: [svc, web]\nservices:', 'services: [svc, web, registry]\nservices:');
  const xml = springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181?backup=139.159.250.208:2181"/>');
  const fs = { 'dubbo-topology.yaml': yaml, 'svc.xml': xml, 'web.xml': xml, 'svc.properties': '', 'web.properties': '' };
  assert.equal(ofRule(lintDubbo(fs), 'dubbo-registry-quorum').length, 1);
});

test('real ZooKeeper: 2 + 1, losing the region with one member leaves a serving majority; losing the one with two does not', { skip: zooKeeperSkipReason(), timeout: 240_000 }, async () => {
  const [a, b, c] = await startZooKeeperEnsemble(3);
  try {
    await pollUntil('the three members serve', () => allServing([a, b, c]), () => modes([a, b, c]));
    // The region holding c alone goes down: a and b are two of three, and go on (electing a leader if c was it).
    await c.stop();
    await pollUntil('a and b serve on', () => allServing([a, b]), () => modes([a, b]));
    // The region holding a and b goes down instead (here: b after c): a alone is no majority.
    await b.stop();
    await pollUntil('a stops serving', async () => (await zooKeeperMode(a)) === 'not serving', () => zooKeeperMode(a));
  } finally {
    for (const m of [a, b, c]) await m.stop();
  }
});
