import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { API_XML, applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-consumer-check-false';
const ON = { ruleOverrides: { [RULE]: 'info' as const } };

test('dubbo-consumer-check-false: off by default; when enabled, on the seed\'s check="false", with a removal fix', () => {
  const ex = exampleFiles();
  assert.deepEqual(ofRule(lintDubbo(ex), RULE), []);
  const d = ofRule(lintDubbo(ex, ON), RULE).find((x) => x.file === API_XML)!;
  assert.equal(d.severity, 'info');
  assert.equal(at(d), spanOf(ex[API_XML], '<dubbo:consumer', 'false'));
  assert.match(d.message, /^check="false" lets <dubbo:consumer> start without any provider/);
  assert.equal(d.fixes[0].safe, false);
  const fixed = applyFix(ex, d.fixes[0]);
  assert.match(fixed[API_XML], /<dubbo:consumer timeout="60000" retries="0"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed, ON), RULE).filter((x) => x.file === API_XML), []);
});

test('dubbo-consumer-check-false: on <dubbo:reference>; check="true" and a registry\'s check="false" pass', () => {
  const files = (body: string) => ({ 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': '', 'svc.properties': '', 'web.properties': '' });
  assert.equal(ofRule(lintDubbo(files('  <dubbo:reference id="a" interface="a.B" check="false"/>'), ON), RULE).length, 1);
  assert.deepEqual(ofRule(lintDubbo(files('  <dubbo:reference id="a" interface="a.B" check="true"/>\n  <dubbo:registry address="N/A" check="false"/>'), ON), RULE), []);
});
