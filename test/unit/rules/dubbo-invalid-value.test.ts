import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-invalid-value';

function files(body: string, props = ''): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': props, 'web.properties': '' };
}

test('dubbo-invalid-value: timeout="6s" — typed by meaning (the XSD says string); the fix writes milliseconds', () => {
  const fs = files('  <dubbo:provider timeout="6s" retries="0"/>');
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'timeout', '6s'));
  assert.equal(d.message, 'timeout="6s" is not a whole number of milliseconds; Dubbo fails to start when it converts it.');
  assert.equal(d.fixes[0].title, 'Write 6000');
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /timeout="6000"/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-invalid-value: retries="x", check="y", port over 65535, xsd:booleans', () => {
  const fs = files('  <dubbo:consumer retries="x" check="y"/>\n  <dubbo:protocol name="dubbo" port="70000" keepalive="yes"/>\n  <dubbo:parameter key="k" value="v" hide="True"/>');
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => d.message),
    [
      'retries="x" is not a whole number; Dubbo fails to start when it converts it.',
      'check="y" is not true or false; Dubbo fails to start when it converts it.',
      'port="70000" is not a number between -1 and 65535; Dubbo fails to start when it converts it.',
      'keepalive="yes" is not true, false, 1 or 0 (the XSD checks it as written); Dubbo fails to start when it converts it.',
      'hide="True" is not true, false, 1 or 0 (the XSD checks it as written); Dubbo fails to start when it converts it.',
    ],
  );
  assert.equal(ds[1].fixes[0].title, 'Write true');
  assert.equal(ds[3].fixes[0].title, 'Write true');
  assert.equal(ds[4].fixes[0].title, 'Write true');
  assert.deepEqual(ds[0].fixes, []);
});

test('dubbo-invalid-value: what Spring converts passes — yes/on/1 booleans where the XSD says string, and SpEL', () => {
  const ok =
    '  <dubbo:provider register="yes" dynamic="1" export="On" timeout="#{30 * 1000}"/>\n  <dubbo:consumer check="no" lazy="OFF" sticky="0"/>';
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
});

test('dubbo-invalid-value: a value from a placeholder — on the attribute, the fix edits the properties line', () => {
  const fs = files('  <dubbo:reference id="r" interface="a.B" timeout="${rpc.timeout}"/>', 'rpc.timeout=3s\n');
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.equal(at(d), spanOf(fs['svc.xml'], 'timeout=', '${rpc.timeout}'));
  assert.match(d.message, /^timeout="3s" is not a whole number of milliseconds; .* \(the value of \$\{rpc\.timeout\} on app-1 \(华东1\), app-2 \(华东2\)\)$/);
  assert.deepEqual(d.fixes[0].edits, [{ file: 'svc.properties', range: { start: { line: 0, character: 12 }, end: { line: 0, character: 14 } }, newText: '3000' }]);
});

test('dubbo-invalid-value: the seed and good values pass (reconnect, -1 delay, booleans in any case)', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  const ok = '  <dubbo:reference id="r" interface="a.B" reconnect="false" timeout="${t:3000}" check="FALSE"/>\n  <dubbo:service interface="a.B" ref="b" delay="-1" weight="100"/>\n  <dubbo:parameter key="k" value="v" hide="1"/>';
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
});
