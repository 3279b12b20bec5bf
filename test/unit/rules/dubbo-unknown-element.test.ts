import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-unknown-element';

function files(svc: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': svc, 'web.xml': springXml(''), 'svc.properties': ZK, 'web.properties': '' };
}

test('dubbo-unknown-element: a misspelt element, did-you-mean renames the start and end tags', () => {
  const fs = files(springXml('  <dubbo:registy address="${zookeeper.host}">\n    <dubbo:parameter key="a" value="b"/>\n  </dubbo:registy>'));
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), spanOf(fs['svc.xml'], '<dubbo:registy', 'dubbo:registy'));
  assert.equal(
    d.message,
    '<dubbo:registy> is not a Dubbo element in the apache namespace (http://dubbo.apache.org/schema/dubbo); Spring rejects the file at start-up. Did you mean <dubbo:registry>?',
  );
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /<dubbo:registry address="\$\{zookeeper\.host\}">\n {4}<dubbo:parameter key="a" value="b"\/>\n {2}<\/dubbo:registry>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-unknown-element: per namespace — <dubbo:triple> exists only in the apache namespace', () => {
  const fs = files(springXml('  <dubbo:tracing enabled="true"/>', { ns: 'alibaba' }));
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.match(d.message, /in the alibabatech namespace \(http:\/\/code\.alibabatech\.com\/schema\/dubbo\).*<tracing> exists only in the apache namespace/);
  assert.deepEqual(ofRule(lintDubbo(files(springXml('  <dubbo:tracing enabled="true"/>'))), RULE), []);
});

test('dubbo-unknown-element: <dubbo:annotation> is valid in both namespaces; the seed has no unknown element', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  for (const ns of ['apache', 'alibaba'] as const) {
    assert.deepEqual(ofRule(lintDubbo(files(springXml('  <dubbo:annotation package="com.soft.ts"/>', { ns }))), RULE), [], ns);
  }
});

test('dubbo-unknown-element: any prefix bound to a Dubbo namespace, the default namespace, and per-element scope', () => {
  const d = files(springXml('  <d:aplication name="x"/>', { prefix: 'd' }));
  assert.equal(ofRule(lintDubbo(d), RULE)[0].message.startsWith('<d:aplication>'), true);
  const dflt = files(springXml('  <aplication name="x"/>', { prefix: '' }));
  assert.equal(ofRule(lintDubbo(dflt), RULE).length, 1);
  // A prefix rebound to another namespace on an element is not Dubbo there.
  const scoped = files(springXml('  <dubbo:x xmlns:dubbo="urn:other"/>\n  <other:y xmlns:other="http://code.alibabatech.com/schema/dubbo"/>'));
  assert.deepEqual(ofRule(lintDubbo(scoped), RULE).map((x) => x.message.slice(0, 9)), ['<other:y>']);
});
