import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { exampleFiles, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-registry-single-region';

test('dubbo-registry-single-region: the seed\'s only ZooKeeper in 华东1, once, on the registry service', () => {
  const ex = exampleFiles();
  const ds = ofRule(lintDubbo(ex), RULE);
  assert.equal(ds.length, 1);
  const line = ex['dubbo-topology.yaml'].split('\n').indexOf('  registry:');
  assert.equal(ds[0].file, 'dubbo-topology.yaml');
  assert.equal(at(ds[0]), `${line}:2-${line}:10`);
  assert.equal(ds[0].severity, 'warning');
  assert.equal(
    ds[0].message,
    'Registry registry runs only in 华东1 (api-1) but serves hosts in 华东1, 华东2: if 华东1 goes down, the other regions lose service discovery with it. Run ZooKeeper members in more than one region.',
  );
  assert.deepEqual(ds[0].related.map((r) => r.message), ['host api-2 (华东2) in the topology', 'host app-2 (华东2) in the topology']);
  const [zh] = ofRule(lintDubbo(ex, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^注册中心 registry 只部署在 华东1（api-1），却为 华东1、华东2 的主机服务：/);
});

test('dubbo-registry-single-region: members in two regions, or users in the registry\'s region only, pass', () => {
  const files = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>'),
    'web.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>'),
    'svc.properties': ZK,
    'web.properties': ZK,
  };
  assert.equal(ofRule(lintDubbo(files), RULE).length, 1);
  const twoRegions = { ...files, 'dubbo-topology.yaml': files['dubbo-topology.yaml'].replace('services: [svc, web]\nservices:', 'services: [svc, web, registry]\nservices:') };
  assert.ok(twoRegions['dubbo-topology.yaml'] !== files['dubbo-topology.yaml']);
  assert.deepEqual(ofRule(lintDubbo(twoRegions), RULE), []);
  // In Chinese, the registry's hosts are listed with 、.
  const twoMembers = { ...files, 'dubbo-topology.yaml': providerYaml({ providerHosts: 'svc, web, registry' }) };
  const [zh] = ofRule(lintDubbo(twoMembers, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^注册中心 registry 只部署在 华东1（zk-1、app-1），却为 华东1、华东2 的主机服务/);
  const oneRegion = { ...files, 'dubbo-topology.yaml': providerYaml({ app2Services: '' }) };
  assert.deepEqual(ofRule(lintDubbo(oneRegion), RULE), []);
});

test('dubbo-registry-single-region: a registry per region, both listed (two <dubbo:registry>, or one address with |), passes — every region keeps one', () => {
  const yaml = providerYaml({ extraServices: '  registry2: { kind: zookeeper, port: 2182 }\n' }).replace(
    '        internal: 172.16.8.102\n        external: 139.159.250.208\n        services: [svc, web]\n',
    '        internal: 172.16.8.102\n        external: 139.159.250.208\n        services: [svc, web, registry2]\n',
  );
  assert.match(yaml, /services: \[svc, web, registry2\]/);
  const lint = (registries: string) =>
    ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(registries), 'web.xml': springXml(registries), 'svc.properties': '', 'web.properties': '' }), RULE);
  const both = 'zookeeper://139.159.250.7:2181|zookeeper://139.159.250.208:2182';
  assert.deepEqual(lint(`  <dubbo:registry address="${both}"/>`), []);
  assert.deepEqual(lint('  <dubbo:registry id="a" address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:registry id="b" address="zookeeper://139.159.250.208:2182"/>'), []);
  // Only the first listed: 华东2 depends on 华东1's registry alone.
  const [d, ...rest] = lint('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>');
  assert.equal(rest.length, 0);
  assert.match(d.message, /^Registry registry runs only in 华东1 \(zk-1\) but serves hosts in 华东1, 华东2/);
});

/** A registry on a1 in R1, and hosts b1 in R2 and c1 in R3, each running the services given. */
function threeRegions(services: string, hosts: { a1?: string; b1?: string; c1?: string }): string {
  return `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [registry${hosts.a1 ? `, ${hosts.a1}` : ''}] }
  r2:
    name: R2
    lan: [10.0.1.0/24]
    hosts:
      b1: { internal: 10.0.1.1, external: 2.2.2.1, services: [${hosts.b1 ?? ''}] }
  r3:
    name: R3
    lan: [10.0.2.0/24]
    hosts:
      c1: { internal: 10.0.2.1, external: 3.3.3.1, services: [${hosts.c1 ?? ''}] }
services:
  registry: { kind: zookeeper, port: 2181 }
${services}`;
}

test('dubbo-registry-single-region: only the hosts using the registry count — users all in another region are one region', () => {
  const xml = springXml('  <dubbo:application name="c"/>\n  <dubbo:registry address="zookeeper://1.1.1.1:2181"/>');
  const cons = '  cons: { kind: dubbo-consumer, config: [c.xml] }\n';
  // The only user is on b1 (R2): the registry's own host in R1 is no user.
  assert.deepEqual(ofRule(lintDubbo({ 'dubbo-topology.yaml': threeRegions(cons, { b1: 'cons' }), 'c.xml': xml }), RULE), []);
  // Users in R2 and R3: the regions named are theirs.
  const [d, ...rest] = ofRule(lintDubbo({ 'dubbo-topology.yaml': threeRegions(cons, { b1: 'cons', c1: 'cons' }), 'c.xml': xml }), RULE);
  assert.equal(rest.length, 0);
  assert.equal(
    d.message,
    'Registry registry runs only in R1 (a1) but serves hosts in R2, R3: if R1 goes down, the other regions lose service discovery with it. Run ZooKeeper members in more than one region.',
  );
  assert.deepEqual(d.related.map((r) => r.message), ['host b1 (R2) in the topology', 'host c1 (R3) in the topology']);
});

test('dubbo-registry-single-region: users known from registry: in the topology alone, with no config file', () => {
  const prov = '  prov: { kind: dubbo-provider, port: 20880, registry: registry, registerAs: external }\n';
  const files = { 'dubbo-topology.yaml': threeRegions(prov, { a1: 'prov', b1: 'prov' }) };
  const [d, ...rest] = ofRule(lintDubbo(files), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'dubbo-topology.yaml');
  assert.equal(at(d), spanOf(files['dubbo-topology.yaml'], '  registry: {', 'registry'));
  assert.match(d.message, /^Registry registry runs only in R1 \(a1\) but serves hosts in R1, R2: /);
  assert.deepEqual(d.related.map((r) => r.message), ['host b1 (R2) in the topology']);
  // Set off, as any rule; users in the registry's region alone pass.
  assert.deepEqual(ofRule(lintDubbo(files, { ruleOverrides: { [RULE]: 'off' } }), RULE), []);
  assert.deepEqual(ofRule(lintDubbo({ 'dubbo-topology.yaml': threeRegions(prov, { a1: 'prov' }) }), RULE), []);
});
