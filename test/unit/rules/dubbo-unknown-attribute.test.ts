import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-unknown-attribute';

function files(svc: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': svc, 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' };
}

test('dubbo-unknown-attribute: a typo, on the name, did-you-mean renames it', () => {
  const fs = files(springXml('  <dubbo:provider timeout="3000" retires="0"/>'));
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'retires', 'retires'));
  assert.equal(
    d.message,
    '<dubbo:provider> has no attribute "retires" in the apache namespace; schema validation rejects it when Spring loads the file. Did you mean "retries"?',
  );
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /<dubbo:provider timeout="3000" retries="0"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-unknown-attribute: camelCase spelling of a kebab-case attribute', () => {
  const fs = files(springXml('  <dubbo:application name="a" qosPort="22222"/>'));
  assert.equal(ofRule(lintDubbo(fs), RULE)[0].fixes[0].title, 'Rename to "qos-port"');
});

test('dubbo-unknown-attribute: per namespace — qos-port only exists in the apache namespace', () => {
  const fs = files(springXml('  <dubbo:application name="a" qos-port="22222"/>', { ns: 'alibaba' }));
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.match(d.message, /It exists only in the apache namespace \(http:\/\/dubbo\.apache\.org\/schema\/dubbo\)\.$/);
  assert.deepEqual(ofRule(lintDubbo(files(springXml('  <dubbo:application name="a" qos-port="22222"/>'))), RULE), []);
});

test('dubbo-unknown-attribute: attributes of other namespaces, the seed, and attributes of every release pass', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  const ok = springXml(
    [
      '  <dubbo:service interface="a.B" ref="b" xmlns:p="urn:p" p:x="1" provider="p" token="true" warmup="1000"/>',
      '  <dubbo:provider dispather="all" wait="1000" export-background="true"/>',
      '  <dubbo:method name="m" connections="2" retry="true" reliable="false"/>',
      '  <dubbo:application name="a" shutwait="1000" compiler="jdk" logger="slf4j"/>',
      '  <dubbo:metrics port="9090" protocol="prometheus" enable-jvm-metrics="true"/>',
    ].join('\n'),
  );
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
  const old = springXml('  <dubbo:application name="a" shutwait="1000"/>\n  <dubbo:metrics port="1" protocol="p"/>', { ns: 'alibaba' });
  assert.deepEqual(ofRule(lintDubbo(files(old)), RULE), []);
});
