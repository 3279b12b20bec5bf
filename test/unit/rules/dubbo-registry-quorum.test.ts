import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { lintDubbo, providerYaml, springXml } from '../support/dubbo';
import { lintAll, zkFiles } from '../support/zookeeper';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { MemoryWorkspace } from '../support/context';

const RULE = 'dubbo-registry-quorum';

/** The seed's two regions with the registry on `registryHosts` (zk-1, app-1 in 华东1; app-2 in 华东2), svc and web in both. */
function files(registryHosts: string[], address: string, extraRegion = ''): Record<string, string> {
  let yaml = providerYaml();
  for (const h of ['zk-1', 'app-1', 'app-2']) {
    const services = h === 'zk-1' ? ['registry'] : ['svc', 'web'];
    const list = [...services.filter((s) => s !== 'registry'), ...(registryHosts.includes(h) ? ['registry'] : [])];
    yaml = yaml.replace(new RegExp(`(      ${h}:\\n(?: {8}.*\\n)*? {8}services: )\\[[^\\]]*\\]`), `$1[${list.join(', ')}]`);
  }
  if (extraRegion) yaml = yaml.replace('services:\n  svc:', `${extraRegion}services:\n  svc:`);
  const xml = springXml(`  <dubbo:registry address="${address}"/>`);
  return { 'dubbo-topology.yaml': yaml, 'svc.xml': xml, 'web.xml': xml, 'svc.properties': '', 'web.properties': '' };
}

const ZK1 = '139.159.250.7';
const APP1 = '139.159.250.8';
const APP2 = '139.159.250.208';

test('dubbo-registry-quorum: an ensemble split 1 + 1 between the regions stops in both when either goes down', () => {
  const fs = files(['zk-1', 'app-2'], `zookeeper://${ZK1}:2181?backup=${APP2}:2181`);
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.equal(ds.length, 1);
  const [d] = ds;
  assert.equal(d.file, 'dubbo-topology.yaml');
  const line = fs['dubbo-topology.yaml'].split('\n').indexOf('  registry:');
  assert.equal(at(d), `${line}:2-${line}:10`);
  assert.equal(d.severity, 'warning');
  assert.equal(
    d.message,
    'Registry registry is one ZooKeeper ensemble split evenly between 华东1, 华东2 (2 voting members): if either region goes down, the rest are no majority and the ensemble stops serving everywhere. Add a tie-breaking member in a third region, or run a registry per region and list both, separated by |.',
  );
  assert.deepEqual(d.related.map((r) => r.message), ['host zk-1 (华东1) in the topology', 'host app-2 (华东2) in the topology']);
  const [zh] = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^注册中心 registry 是在 华东1、华东2 之间平分的同一个 ZooKeeper 集群（2 个投票成员）/);
  // The same members written as a comma list.
  assert.equal(ofRule(lintDubbo(files(['zk-1', 'app-2'], `${ZK1}:2181,${APP2}:2181`)), RULE).length, 1);
});

test('dubbo-registry-quorum: 2 + 1, the region with the majority takes the other region\'s registry down with it', () => {
  const [d, ...rest] = ofRule(lintDubbo(files(['zk-1', 'app-1', 'app-2'], `zookeeper://${ZK1}:2181?backup=${APP1}:2181,${APP2}:2181`)), RULE);
  assert.equal(rest.length, 0);
  assert.equal(
    d.message,
    'Registry registry is one ZooKeeper ensemble across 华东1, 华东2, but 华东1 holds 2 of its 3 voting members: if 华东1 goes down, the rest are no majority and stop serving, so the hosts in 华东2 lose service discovery with it. Spread the members so that no region holds half (for example a tie-breaking member in a third region), or run a registry per region and list both, separated by |.',
  );
  const [zh] = ofRule(lintDubbo(files(['zk-1', 'app-1', 'app-2'], `zookeeper://${ZK1}:2181?backup=${APP1}:2181,${APP2}:2181`), { locale: 'zh-cn' }), RULE);
  // Chinese lists regions with the enumeration comma (、), as it lists hosts.
  assert.match(zh.message, /^注册中心 registry 是跨 华东1、华东2 的同一个 ZooKeeper 集群，但 华东1 拥有其 3 个投票成员中的 2 个/);
});

test('dubbo-registry-quorum: no finding for a registry per region (| or a per-region address), one region, or a third region breaking the tie', () => {
  // Two registries, one per region, listed with |: each region keeps its own.
  assert.deepEqual(ofRule(lintDubbo(files(['zk-1', 'app-2'], `zookeeper://${ZK1}:2181|zookeeper://${APP2}:2181`)), RULE), []);
  // Each configuration names one member only: nothing says the members are one ensemble.
  assert.deepEqual(ofRule(lintDubbo(files(['zk-1', 'app-2'], `zookeeper://${ZK1}:2181`)), RULE), []);
  // All members in one region: that is dubbo-registry-single-region's finding, not this one.
  const single = lintDubbo(files(['zk-1', 'app-1'], `zookeeper://${ZK1}:2181?backup=${APP1}:2181`));
  assert.deepEqual(ofRule(single, RULE), []);
  assert.equal(ofRule(single, 'dubbo-registry-single-region').length, 1);
  // 1 + 1 + 1 over three regions: any two are a majority.
  const third = '  east-3:\n    name: 华东3\n    lan: [10.3.0.0/24]\n    hosts:\n      zk-3:\n        internal: 10.3.0.10\n        external: 139.159.251.10\n        services: [registry]\n';
  const three = files(['zk-1', 'app-2'], `zookeeper://${ZK1}:2181?backup=${APP2}:2181,139.159.251.10:2181`, third);
  assert.match(three['dubbo-topology.yaml'], /zk-3:/);
  assert.deepEqual(ofRule(lintDubbo(three), RULE), []);
});

test('dubbo-registry-quorum: the voting members a zoo.cfg of the registry declares count, observers not', () => {
  // The configs name one member only, but zoo.cfg declares the ensemble: zk-1 and app-2, 1 + 1.
  const fs = zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true');
  const [d, ...rest] = ofRule(lintAll(fs), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /split evenly between 华东1, 华东2 \(2 voting members\)/);
  // Three members, the one in 华东2 an observer: 华东1 holds both voting members.
  const observer = zkFiles(['zk-1', 'app-1', 'app-2'], ['139.159.250.7', '139.159.250.8', '139.159.250.208'], 'quorumListenOnAllIPs=true');
  observer['zk/zoo.cfg'] = observer['zk/zoo.cfg'].replace('139.159.250.208:2888:3888', '139.159.250.208:2888:3888:observer');
  const [o] = ofRule(lintAll(observer), RULE);
  assert.match(o.message, /but 华东1 holds 2 of its 2 voting members: if 华东1 goes down/);
  assert.deepEqual(o.related.map((r) => r.message), ['host zk-1 (华东1) in the topology', 'host app-1 (华东1) in the topology']);
});

test('dubbo-registry-quorum: a member of a zoo.cfg line of several addresses is the host any of them names', () => {
  // server.1 lists an address no host has first, then zk-1's external IP (ZooKeeper 3.6+).
  const fs = zkFiles(['zk-1', 'app-1', 'app-2'], ['10.9.9.1:2888:3888|139.159.250.7', '139.159.250.8', '139.159.250.208'], 'quorumListenOnAllIPs=true');
  fs['zk/zoo.cfg'] = fs['zk/zoo.cfg'].replace('139.159.250.208:2888:3888', '139.159.250.208:2888:3888:observer');
  const [d] = ofRule(lintAll(fs), RULE);
  assert.match(d.message, /but 华东1 holds 2 of its 2 voting members/);
  assert.deepEqual(d.related.map((r) => r.message), ['host zk-1 (华东1) in the topology', 'host app-1 (华东1) in the topology']);
});

test('dubbo-registry-quorum: in the editor, an edit of zoo.cfg re-judges the registry', () => {
  const files = zkFiles(['zk-1', 'app-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true');
  const contents = new Map(Object.entries(files));
  const ws = new MemoryWorkspace(contents);
  const cache = new LintCache();
  const lint = () => ofRule(lintWorkspace(ws, { analyzers: [...defaultAnalyzers], cache })!.diagnostics, RULE).map((d) => d.message.split(':')[0]);
  assert.deepEqual(lint(), ['Registry registry is one ZooKeeper ensemble split evenly between 华东1, 华东2 (2 voting members)']);
  // A third voting member, app-1 in 华东1: 华东1 holds two of three.
  contents.set('zk/zoo.cfg', files['zk/zoo.cfg'].replace('quorumListenOnAllIPs=true', 'server.3=139.159.250.8:2888:3888\nquorumListenOnAllIPs=true'));
  assert.deepEqual(lint(), ['Registry registry is one ZooKeeper ensemble across 华东1, 华东2, but 华东1 holds 2 of its 3 voting members']);
});
