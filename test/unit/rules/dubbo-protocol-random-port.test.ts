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
  const body =
    '  <!-- dubbo-topology-disable-next-line dubbo-protocol-random-port -->\n  <dubbo:protocol name="dubbo"\n      port="-1"/>\n  <dubbo:protocol name="tri"/>\n  <dubbo:provider\n      port="-1"/>';
  const files = { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': '', 'svc.properties': '', 'web.properties': '' };
  const ds = ofRule(lintDubbo(files), RULE);
  assert.deepEqual(ds.map((d) => d.range.start.line), [files['svc.xml'].split('\n').indexOf('  <dubbo:provider') + 1]);
});

/** A provider service whose only config is `svc.xml` with this body (the consumer has none). */
function single(body: string, yaml = providerYaml()): Record<string, string> {
  return { 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(body), 'web.xml': '', 'svc.properties': '', 'web.properties': '' };
}

test('dubbo-protocol-random-port: a provider\'s port="-1" is not reported when the protocol has its own port, which Dubbo binds first', () => {
  for (const port of ['port="20880"', 'port="${p:20881}"', 'port="-1"']) {
    const files = single(`  <dubbo:protocol name="dubbo" ${port}/>\n  <dubbo:provider port="-1"/>`);
    const ds = ofRule(lintDubbo(files), RULE);
    // Only the protocol's own -1 is random; the provider's is never read.
    assert.deepEqual(ds.map((d) => at(d)), port === 'port="-1"' ? [spanOf(files['svc.xml'], '<dubbo:protocol', '-1')] : [], port);
  }
});

test('dubbo-protocol-random-port: a provider\'s port="-1" is reported when a protocol has no port, or port 0, or when no protocol is declared', () => {
  for (const protocol of ['<dubbo:protocol name="tri"/>', '<dubbo:protocol name="tri" port="0"/>', '<dubbo:protocol name="dubbo" port="20880"/>\n  <dubbo:protocol name="tri"/>']) {
    const files = single(`  ${protocol}\n  <dubbo:provider timeout="3000"\n      port="-1"/>`);
    const [d, ...rest] = ofRule(lintDubbo(files), RULE);
    assert.equal(rest.length, 0, protocol);
    assert.equal(at(d), spanOf(files['svc.xml'], 'port="-1"', '-1'), protocol);
    // The random port is the protocol's: Dubbo scans up from tri's default.
    assert.match(d.message, /^port="-1" makes Dubbo pick a free port at start-up, scanning up from 50051/, protocol);
  }
  const none = single('  <dubbo:application name="svc"/>\n  <dubbo:provider port="-1"/>');
  assert.match(ofRule(lintDubbo(none), RULE)[0].message, /scanning up from 20880/);
});

test('dubbo-protocol-random-port: the provider of a service and the protocols it names decide whose port counts', () => {
  const protocols = '  <dubbo:protocol id="fixed" name="dubbo" port="20880"/>\n  <dubbo:protocol id="open" name="tri"/>\n';
  const cases: [string, boolean][] = [
    // A provider that is no default serves only the services nested in it or naming it.
    ['<dubbo:provider id="p2" default="false" port="-1">\n    <dubbo:service interface="a.B" protocol="fixed"/>\n  </dubbo:provider>', false],
    ['<dubbo:provider id="p2" default="false" port="-1">\n    <dubbo:service interface="a.B" protocol="open"/>\n  </dubbo:provider>', true],
    // Without protocol=, a service exports through the default protocols: "open" has no port.
    ['<dubbo:provider id="p2" default="false" port="-1">\n    <dubbo:service interface="a.B"/>\n  </dubbo:provider>', true],
    ['<dubbo:provider id="p2" default="false" port="-1"/>\n  <dubbo:service interface="a.B" provider="p2" protocol="fixed"/>', false],
    ['<dubbo:provider id="p2" default="false" port="-1"/>\n  <dubbo:service interface="a.B" provider="p2" protocol="open"/>', true],
    // The provider's own protocol= applies to its services that name none.
    ['<dubbo:provider id="p2" default="false" port="-1" protocol="fixed"/>\n  <dubbo:service interface="a.B" provider="p2"/>', false],
    // No service uses it at all.
    ['<dubbo:provider id="p2" default="false" port="-1"/>\n  <dubbo:service interface="a.B" protocol="open"/>', false],
    // A default provider also serves services declared elsewhere (annotations), through the default protocols.
    ['<dubbo:provider port="-1"/>\n  <dubbo:service interface="a.B" protocol="fixed"/>', true],
    ['<dubbo:provider port="-1"/>\n  <dubbo:service interface="a.B" protocol="fixed"/>', false],
  ];
  cases.forEach(([body, reported], i) => {
    // The last case: the open protocol is no default one.
    const decl = i === cases.length - 1 ? protocols.replace('<dubbo:protocol id="fixed"', '<dubbo:protocol default="true" id="fixed"') : protocols;
    const files = single(`${decl}  ${body}`);
    const ds = ofRule(lintDubbo(files), RULE);
    assert.deepEqual(ds.map((d) => at(d)), reported ? [spanOf(files['svc.xml'], 'port="-1"', '-1')] : [], body);
  });
});

test('dubbo-protocol-random-port: a bind port from DUBBO_PORT_TO_BIND (or <PROTOCOL>_DUBBO_PORT_TO_BIND) comes before any port in the config', () => {
  for (const variable of ['DUBBO_PORT_TO_BIND', 'DUBBO_DUBBO_PORT_TO_BIND']) {
    const yaml = providerYaml({ provider: `    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      env: { ${variable}: "20880" }\n` });
    assert.deepEqual(ofRule(lintDubbo(single('  <dubbo:protocol name="dubbo" port="-1"/>', yaml)), RULE), [], variable);
    assert.deepEqual(ofRule(lintDubbo(single('  <dubbo:protocol name="dubbo"/>\n  <dubbo:provider port="-1"/>', yaml)), RULE), [], variable);
  }
  // As a -D option: a host's or region's properties. A region setting it leaves the other region's hosts random.
  const byRegion = (yaml: string, lan: string) => yaml.replace(`    lan: [${lan}]\n`, `    lan: [${lan}]\n    properties: { DUBBO_PORT_TO_BIND: "20880" }\n`);
  const one = byRegion(providerYaml(), '192.168.27.0/24');
  assert.equal(ofRule(lintDubbo(single('  <dubbo:protocol name="dubbo" port="-1"/>', one)), RULE).length, 1);
  assert.deepEqual(ofRule(lintDubbo(single('  <dubbo:protocol name="dubbo" port="-1"/>', byRegion(one, '172.16.8.0/24'))), RULE), []);
  // Another protocol's variable does not count.
  const tri = providerYaml({ provider: '    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      env: { TRI_DUBBO_PORT_TO_BIND: "50051" }\n' });
  assert.equal(ofRule(lintDubbo(single('  <dubbo:protocol name="dubbo" port="-1"/>', tri)), RULE).length, 1);
});

test('dubbo-protocol-random-port: in a Spring Boot service\'s properties, dubbo.provider.port=-1 counts only without dubbo.protocol.port', () => {
  const yaml = providerYaml().replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '');
  const lint = (svc: string) => ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.properties': svc, 'web.properties': '' }), RULE);
  const base = 'dubbo.application.name=svc\ndubbo.protocol.name=dubbo\n';
  assert.deepEqual(lint(`${base}dubbo.protocol.port=20880\ndubbo.provider.port=-1\n`), []);
  const [d, ...rest] = lint(`${base}dubbo.provider.port=-1\n`);
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'svc.properties');
  assert.match(d.message, /^dubbo\.provider\.port=-1 makes Dubbo pick a free port/);
});
