import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-retries-nonidempotent';
const ON = { ruleOverrides: { [RULE]: 'hint' as const } };

function files(body: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': '', 'svc.properties': '', 'web.properties': '' };
}

test('dubbo-retries-nonidempotent: off by default; a writing method retried by the default failover', () => {
  const fs = files('  <dubbo:reference id="o" interface="a.OrderService">\n    <dubbo:method name="createOrder" timeout="3000"/>\n  </dubbo:reference>');
  assert.deepEqual(ofRule(lintDubbo(fs), RULE), []);
  const [d] = ofRule(lintDubbo(fs, ON), RULE);
  assert.equal(d.severity, 'hint');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'createOrder', 'createOrder'));
  assert.equal(d.message, "Method createOrder looks like it changes data, yet a failed or timed-out call is retried 2 more time(s) (Dubbo's default): the provider may run it twice.");
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /<dubbo:method name="createOrder" retries="0" timeout="3000"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed, ON), RULE), []);
});

test('dubbo-retries-nonidempotent: retries inherited from the reference; on the method\'s own retries', () => {
  const fs = files('  <dubbo:reference id="o" interface="a.B" retries="3">\n    <dubbo:method name="pay"/>\n    <dubbo:method name="refund" retries="1"/>\n  </dubbo:reference>');
  const ds = ofRule(lintDubbo(fs, ON), RULE);
  assert.deepEqual(ds.map((d) => d.message.match(/retried (\d) more time\(s\) \(([^)]*)\)/)!.slice(1).join(' ')), ['3 retries of <dubbo:reference>', '1 retries on this method']);
  assert.equal(at(ds[1]), spanOf(fs['svc.xml'], 'refund', '1'));
});

test('dubbo-retries-nonidempotent: reads, retries="0", a defaults element with 0 and failfast pass', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles(), ON), RULE), []);
  const ok = [
    '  <dubbo:consumer retries="0"/>',
    '  <dubbo:reference id="a" interface="a.B"><dubbo:method name="getOrder"/><dubbo:method name="createOrder"/></dubbo:reference>',
    '  <dubbo:reference id="b" interface="a.C" cluster="failfast" retries="2"><dubbo:method name="deleteUser"/></dubbo:reference>',
  ].join('\n');
  assert.deepEqual(ofRule(lintDubbo(files(ok), ON), RULE), []);
});
