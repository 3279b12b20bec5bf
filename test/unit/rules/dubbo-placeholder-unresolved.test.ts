import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-placeholder-unresolved';

function files(body: string, yaml = providerYaml(), props = ZK): Record<string, string> {
  return { 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': props, 'web.properties': '' };
}

test('dubbo-placeholder-unresolved: a key with no value anywhere, on the ${…} itself', () => {
  const fs = files('  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="${dubbo.port}"/>');
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'port=', '${dubbo.port}'));
  assert.match(d.message, /^\$\{dubbo\.port\} has no value on app-1 \(华东1\), app-2 \(华东2\)/);
});

test('dubbo-placeholder-unresolved: defined for one region only — names the hosts without a value', () => {
  const yaml = providerYaml().replace('    lan: [192.168.27.0/24]\n', '    lan: [192.168.27.0/24]\n    properties: { dubbo.protocol.host: 139.159.250.8 }\n');
  const fs = files('  <dubbo:protocol name="dubbo" host="${dubbo.protocol.host}"/>', yaml);
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.match(d.message, /^\$\{dubbo\.protocol\.host\} has no value on app-2 \(华东2\) /);
});

test('dubbo-placeholder-unresolved: a close key that is defined is offered as a fix', () => {
  const fs = files('  <dubbo:registry address="${zookeeper.hots}"/>');
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.equal(d.fixes[0].title, 'Use the defined key "zookeeper.host"');
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /address="\$\{zookeeper\.host\}"/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-placeholder-unresolved: defaults, values from properties and the topology, and unlisted files pass', () => {
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:protocol name="dubbo" port="${dubbo.port:20880}" host="${h:}"/>')), RULE), []);
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:registry address="${zookeeper.host}"/>')), RULE), []);
  const yaml = providerYaml().replace('      app-2:\n        internal: 172.16.8.102\n', '      app-2:\n        internal: 172.16.8.102\n        properties: { p: "20881" }\n').replace('    lan: [192.168.27.0/24]\n', '    lan: [192.168.27.0/24]\n    properties: { p: "20880" }\n');
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:protocol name="dubbo" port="${p}"/>', yaml)), RULE), []);
  const unlisted = { ...files(''), 'other.xml': springXml('  <dubbo:protocol port="${nowhere}"/>') };
  assert.deepEqual(ofRule(lintDubbo(unlisted), RULE), []);
});

test('dubbo-placeholder-unresolved: system properties the JVM always sets (user.home, java.io.tmpdir) have a value', () => {
  const fs = files('  <dubbo:registry address="${zookeeper.host}" file="${user.home}/.dubbo/registry.cache"/>\n  <dubbo:protocol name="dubbo" port="20880" host="${user.hom}"/>');
  const ds = ofRule(lintDubbo(fs), RULE);
  // A mistyped one is still reported.
  assert.deepEqual(
    ds.map((d) => d.message.split(' has ')[0]),
    ['${user.hom}'],
  );
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:registry address="${zookeeper.host}" file="${java.io.tmpdir}/${user.name}.cache"/>')), RULE), []);
});

test('dubbo-placeholder-unresolved: Tomcat\'s catalina.base and catalina.home have a value; a mistyped one has none', () => {
  const fs = files('  <dubbo:registry address="${zookeeper.host}" file="${catalina.base}/dubbo/registry.cache"/>\n  <dubbo:protocol name="dubbo" port="20880" host="${catalina.bas}"/>');
  assert.deepEqual(ofRule(lintDubbo(fs), RULE).map((d) => d.message.split(' has ')[0]), ['${catalina.bas}']);
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:registry address="${zookeeper.host}" file="${catalina.home}/work/${user.name}.cache"/>')), RULE), []);
});
