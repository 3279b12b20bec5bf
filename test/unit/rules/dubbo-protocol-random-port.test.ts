import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { API_XML, applyFix, DRIVER_XML, exampleFiles, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-protocol-random-port';

test('dubbo-protocol-random-port: port="-1" in the seed; the fix writes the service\'s port from the topology', () => {
  const ex = exampleFiles();
  const ds = ofRule(lintDubbo(ex), RULE);
  assert.equal(ds.length, 3);
  const d = ds.find((x) => x.file === DRIVER_XML)!;
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(ex[DRIVER_XML], '<dubbo:protocol', '-1'));
  assert.match(d.message, /^port="-1" makes Dubbo pick a free port at start-up, scanning up from 20880/);
  assert.equal(d.fixes[0].title, 'Use port 20881 (service driver in the topology)');
  assert.equal(d.fixes[0].safe, true);
  const fixed = applyFix(ex, d.fixes[0]);
  assert.match(fixed[DRIVER_XML], /<dubbo:protocol name="dubbo" port="20881"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE).filter((x) => x.file === DRIVER_XML), []);
  // A consumer's `port` is its HTTP port: the dubbo default is used instead.
  const api = ds.find((x) => x.file === API_XML)!;
  assert.equal(api.fixes[0].title, 'Use port 20880 (the default of protocol dubbo)');
});

test('dubbo-protocol-random-port: a port from a placeholder is reported on the attribute; the fix edits the properties line', () => {
  const files = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="${dubbo.port}"/>'),
    'web.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>'),
    'svc.properties': `${ZK}dubbo.port=-1\n`,
    'web.properties': ZK,
  };
  const [d, ...rest] = ofRule(lintDubbo(files), RULE);
  assert.equal(rest.length, 0);
  assert.equal(at(d), spanOf(files['svc.xml'], 'port=', '${dubbo.port}'));
  assert.deepEqual(d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`), ['svc.properties:1 dubbo.port is defined here']);
  assert.deepEqual(d.fixes[0].edits, [{ file: 'svc.properties', range: { start: { line: 1, character: 11 }, end: { line: 1, character: 13 } }, newText: '20880' }]);
  assert.deepEqual(ofRule(lintDubbo(applyFix(files, d.fixes[0])), RULE), []);
});

test('dubbo-protocol-random-port: a fixed port, port="0" and no port at all are not random', () => {
  for (const attrs of ['port="20880"', 'port="0"', '', 'port="${p:20880}"']) {
    const files = {
      'dubbo-topology.yaml': providerYaml(),
      'svc.xml': springXml(`  <dubbo:protocol name="dubbo" ${attrs}/>\n  <dubbo:provider port="20881"/>`),
      'web.xml': springXml(''),
      'svc.properties': '',
      'web.properties': '',
    };
    assert.deepEqual(ofRule(lintDubbo(files), RULE), [], attrs);
  }
  const provider = springXml('  <dubbo:provider port="-2"/>');
  assert.equal(ofRule(lintDubbo({ 'dubbo-topology.yaml': providerYaml(), 'svc.xml': provider, 'web.xml': '', 'svc.properties': '', 'web.properties': '' }), RULE).length, 1);
});

test('dubbo-protocol-random-port: a disable comment before the element silences it, even when port is on a later line', () => {
  const body = '  <!-- dubbo-topology-disable-next-line dubbo-protocol-random-port -->\n  <dubbo:protocol name="dubbo"\n      port="-1"/>\n  <dubbo:provider\n      port="-1"/>';
  const files = { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': '', 'svc.properties': '', 'web.properties': '' };
  const ds = ofRule(lintDubbo(files), RULE);
  assert.deepEqual(ds.map((d) => d.range.start.line), [files['svc.xml'].split('\n').indexOf('  <dubbo:provider') + 1]);
});
