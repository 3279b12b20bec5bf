import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, planSafeFixes } from '../../../src/core/fixes';
import type { Diagnostic } from '../../../src/core/types';
import { lintDubbo, springXml } from '../support/dubbo';

/**
 * What `lint --fix` promises: a safe fix removes the finding it is offered for. Each workspace is
 * linted, the safe fixes applied together (as one pass of `--fix`), and linted again.
 */
function assertSafeFixesFix(files: Record<string, string>): Diagnostic[] {
  const before = lintDubbo(files);
  const plan = planSafeFixes(before, (f) => files[f]);
  assert.ok(plan.fixes > 0, 'some safe fix to apply');
  const fixed = { ...files };
  for (const [file, edits] of plan.edits) {
    const r = applyEdits(fixed[file], edits);
    assert.notEqual(r.text, fixed[file], `the edits of ${file} change it`);
    fixed[file] = r.text;
  }
  const after = lintDubbo(fixed);
  for (const d of before) {
    if (!d.fixes[0]?.safe || plan.deferred.includes(d)) continue;
    const same = after.filter((x) => x.rule === d.rule && x.file === d.file && (x.message === d.message || JSON.stringify(x.range) === JSON.stringify(d.range)));
    assert.deepEqual(same.map((x) => `${x.file}:${x.range.start.line + 1} ${x.rule} ${x.message}`), [], `"${d.fixes[0].title}" fixes ${d.rule} on ${d.file}:${d.range.start.line + 1}`);
  }
  return after;
}

const hostPropertyWorkspace = {
  'dubbo-topology.yaml': `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [registry] }
  r2:
    name: R2
    lan: [10.0.1.0/24]
    properties:
      zk: zookeeper://1.1.1.1:2181
    hosts:
      b1:
        internal: 10.0.1.1
        external: 2.2.2.1
        services: [cons]
        properties:
          zk: zookeeper://10.0.0.1:2181
services:
  registry: { kind: zookeeper, port: 2181 }
  cons: { kind: dubbo-consumer, config: [c.xml] }
`,
  'c.xml': springXml('  <dubbo:application name="c"/>\n  <dubbo:registry address="${zk}"/>'),
};

test('safe fixes: a host property that overrides its region\'s', () => {
  const after = assertSafeFixesFix(hostPropertyWorkspace);
  assert.deepEqual(after.filter((d) => d.severity === 'error').map((d) => d.rule), []);
});

test('safe fixes: consumers and providers with placeholders from the topology and properties files, and literal addresses', () => {
  const files = {
    'dubbo-topology.yaml': `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    properties:
      zk: zookeeper://10.0.0.1:2181
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [registry, cons] }
      a2: { internal: 10.0.0.2, external: 1.1.1.2, services: [prov, prov2] }
  r2:
    name: R2
    lan: [10.0.1.0/24]
    properties:
      zk: zookeeper://1.1.1.1:2181
    hosts:
      b1:
        internal: 10.0.1.1
        external: 2.2.2.1
        services: [cons]
        properties:
          zk: zookeeper://10.0.0.1:2181
      b2: { internal: 10.0.1.2, external: 2.2.2.2, services: [prov, prov2] }
services:
  registry: { kind: zookeeper, port: 2181 }
  cons:
    kind: dubbo-consumer
    port: 8080
    registry: registry
    config: [cons.xml]
    properties: [c1.properties, c2.properties]
  prov:
    kind: dubbo-provider
    port: 20990
    registry: registry
    config: [prov.xml]
    properties: [p.properties]
  prov2:
    kind: dubbo-provider
    registry: registry
    config: [prov2.xml]
`,
    'cons.xml': springXml(
      [
        '    <dubbo:application name="cons"/>',
        '    <dubbo:registry address="${zk}"/>',
        '    <dubbo:protocol name="dubbo" port="${dubbo.port}"/>',
        '    <dubbo:reference id="a" interface="com.A" check="false" timeout="6s" retries="x" loadbalance="roundrobinx" cluster="failfast"/>',
        '    <dubbo:reference id="b" interface="com.B" timeuot="100" key="${x.key}" version="${nokey}" group="${withdef:g1}"/>',
      ].join('\n'),
    ),
    'c1.properties': 'dubbo.port=1\nx.key=a\nx.key=b\n',
    'c2.properties': 'dubbo.port=2\n',
    'prov.xml': springXml(
      [
        '    <dubbo:application name="prov"/>',
        '    <dubbo:registry address="${reg}"/>',
        '    <dubbo:protocol name="dubbo" port="-1" host="10.0.0.2" threadpool="fixedx"/>',
        '    <dubbo:service interface="com.A" ref="x" retries="2"/>',
      ].join('\n'),
    ),
    'p.properties': 'reg=zookeeper://10.0.0.1:2181\n',
    'prov2.xml': springXml(
      ['    <dubbo:application name="prov2"/>', '    <dubbo:registry address="zookeeper://1.1.1.1:2181"/>', '    <dubbo:service interface="com.B" ref="y"/>'].join('\n'),
    ),
  };
  const after = assertSafeFixesFix(files);
  assert.deepEqual(after.filter((d) => d.rule === 'dubbo-registry-unreachable'), []);
});

test('safe fixes: a registry and a monitor reached by the external IP of a host in their own region, literally and through a placeholder', () => {
  const files = {
    'dubbo-topology.yaml': `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [registry] }
      a2: { internal: 10.0.0.2, external: 1.1.1.2, services: [p1] }
services:
  registry: { kind: zookeeper, port: 2181 }
  p1: { kind: dubbo-provider, port: 20880, config: [p1.xml], properties: [p.properties] }
`,
    'p.properties': 'zk=zookeeper://1.1.1.1:2181\n',
    'p1.xml': springXml(
      [
        '    <dubbo:application name="p1"/>',
        '    <dubbo:registry address="zookeeper://1.1.1.1:2181"/>',
        '    <dubbo:registry address="${zk}"/>',
        '    <dubbo:monitor address="1.1.1.1:7070"/>',
        '    <dubbo:protocol name="dubbo" port="20880" host="1.1.1.2"/>',
        '    <dubbo:service interface="com.P1" ref="x"/>',
      ].join('\n'),
    ),
  };
  assert.deepEqual(assertSafeFixesFix(files).map((d) => `${d.file}:${d.range.start.line + 1} ${d.rule}`), []);
});
