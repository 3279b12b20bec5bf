import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { API_PROPS, API_XML, applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-registry-unreachable';

test('dubbo-registry-unreachable: the seed — on the attribute using ${zookeeper.host}, related to its definition', () => {
  const ex = exampleFiles();
  const d = ofRule(lintDubbo(ex), RULE).find((x) => x.file === API_XML)!;
  assert.equal(d.severity, 'error');
  assert.equal(at(d), spanOf(ex[API_XML], '<dubbo:registry', '${zookeeper.host}'));
  assert.equal(
    d.message,
    'Registry address 192.168.27.101 is the internal IP of api-1 in 华东1: api-2 (华东2) cannot reach it, so Dubbo there cannot register or discover services.',
  );
  assert.deepEqual(
    d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`),
    [`${API_PROPS}:1 zookeeper.host is defined here`, 'dubbo-topology.yaml:8 host api-1 (华东1) in the topology'],
  );
  // Fix 1 (safe): per-region value in the topology — 华东2 gets the external IP.
  assert.equal(d.fixes[0].safe, true);
  const perRegion = applyFix(ex, d.fixes[0]);
  assert.match(perRegion['dubbo-topology.yaml'], /name: 华东2\n {4}lan: \[172\.16\.8\.0\/24\]\n {4}properties:\n {6}zookeeper\.host: zookeeper:\/\/139\.159\.250\.7:2181\n/);
  assert.deepEqual(ofRule(lintDubbo(perRegion), RULE), [], 'one region property fixes all three configs');
  // Fix 2: the external IP in the properties line.
  assert.equal(d.fixes[1].title, 'Use the external IP of api-1 (139.159.250.7), which every host can reach');
  assert.deepEqual(d.fixes[1].edits, [{ file: API_PROPS, range: { start: { line: 1, character: 27 }, end: { line: 1, character: 41 } }, newText: '139.159.250.7' }]);
  assert.deepEqual(ofRule(lintDubbo(applyFix(ex, d.fixes[1])), RULE).filter((x) => x.file === API_XML), []);
});

test('dubbo-registry-unreachable: a literal address sits on the IP; backups that one host can reach make the cluster reachable', () => {
  const body = '  <dubbo:registry address="zookeeper://192.168.27.101:2181"/>';
  const files = { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' };
  const [d] = ofRule(lintDubbo(files), RULE);
  assert.equal(at(d), spanOf(files['svc.xml'], 'address=', '192.168.27.101'));
  assert.match(d.message, /app-2 \(华东2\) cannot reach it/);
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe]), [['Use the external IP of zk-1 (139.159.250.7), which every host can reach', true]]);
  const withBackup = springXml('  <dubbo:registry address="zookeeper://192.168.27.101:2181?backup=139.159.250.7:2181"/>');
  assert.deepEqual(ofRule(lintDubbo({ ...files, 'svc.xml': withBackup }), RULE), []);
});

test('dubbo-registry-unreachable: an address every host reaches, N/A, and a file no service lists pass', () => {
  const base = { 'dubbo-topology.yaml': providerYaml(), 'web.xml': springXml(''), 'svc.properties': ZK, 'web.properties': '' };
  assert.deepEqual(ofRule(lintDubbo({ ...base, 'svc.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>') }), RULE), []);
  assert.deepEqual(ofRule(lintDubbo({ ...base, 'svc.xml': springXml('  <dubbo:registry address="N/A"/>') }), RULE), []);
  const unlisted = springXml('  <dubbo:registry address="zookeeper://192.168.27.101:2181"/>');
  assert.deepEqual(ofRule(lintDubbo({ ...base, 'svc.xml': '', 'other.xml': unlisted }), RULE), []);
});

test('dubbo-registry-unreachable: an address no host has, inside another region\'s LAN', () => {
  const ex = exampleFiles();
  const files = { ...ex, [API_XML]: ex[API_XML].replace('${zookeeper.host}', 'zookeeper://172.16.8.99:2181') };
  const [d, ...rest] = ofRule(lintDubbo(files), RULE).filter((x) => x.file === API_XML);
  assert.equal(rest.length, 0);
  assert.equal(
    d.message,
    'Registry address 172.16.8.99 lies in the LAN of 华东2 (172.16.8.0/24), where no host of the topology has it: api-1 (华东1) cannot reach it, so Dubbo there cannot register or discover services. Reach the registry by its external IP, and add its host to the topology.',
  );
  assert.deepEqual(d.fixes, []);
});

test('dubbo-registry-unreachable: a registry per region listed with |, by internal IPs — one finding per entry, naming the hosts that cannot reach it', () => {
  const yaml = providerYaml({ extraServices: '  registry2: { kind: zookeeper, port: 2182 }\n' }).replace(
    '        external: 139.159.250.208\n        services: [svc, web]\n',
    '        external: 139.159.250.208\n        services: [svc, web, registry2]\n',
  );
  const body = '  <dubbo:registry address="zookeeper://192.168.27.101:2181|zookeeper://172.16.8.102:2182"/>';
  const ds = ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' }), RULE);
  assert.deepEqual(
    ds.map((d) => d.message),
    [
      'Registry address 192.168.27.101 is the internal IP of zk-1 in 华东1: app-2 (华东2) cannot reach it, so Dubbo there cannot register or discover services.',
      'Registry address 172.16.8.102 is the internal IP of app-2 in 华东2: app-1 (华东1) cannot reach it, so Dubbo there cannot register or discover services.',
    ],
  );
  // Dubbo registers with each entry: each finding sits on its own address, and its fix changes that one.
  assert.deepEqual(ds.map((d) => at(d)), [spanOf(springXml(body), 'address=', '192.168.27.101'), spanOf(springXml(body), '|', '172.16.8.102')]);
  assert.deepEqual(
    ds.map((d) => d.fixes.map((f) => f.edits.map((e) => e.newText).join(','))),
    [['139.159.250.7'], ['139.159.250.208']],
  );
});

test('dubbo-registry-unreachable: a .properties value continued on the next line is judged, on the address where it is written', () => {
  const props = 'dubbo.application.name=svc\ndubbo.registry.address=zookeeper://\\\n    192.168.27.101:2181|\\\n    zookeeper://139.159.250.7:2182\n';
  const files = { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(''), 'web.xml': springXml(''), 'svc.properties': props, 'web.properties': '' };
  const [d, ...rest] = ofRule(lintDubbo(files), RULE);
  assert.equal(rest.length, 0);
  assert.equal(`${d.file} ${at(d)}`, 'svc.properties 2:4-2:18');
  assert.match(d.message, /^Registry address 192\.168\.27\.101 is the internal IP of zk-1 in 华东1: app-2 \(华东2\) cannot reach it/);
  const fixed = applyFix(files, d.fixes[0]);
  assert.equal(fixed['svc.properties'], props.replace('    192.168.27.101:2181', '    139.159.250.7:2181'));
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-registry-unreachable: an application.yml block scalar (>-) or a plain value folded over lines is judged where it is written', () => {
  const yaml = providerYaml().replace('    properties: [svc.properties]', '    properties: [application.yml]');
  for (const [written, line, fixedLine] of [
    ['    address: >-\n      zookeeper://192.168.27.101:2181\n', 5, '      zookeeper://139.159.250.7:2181\n'],
    ['    address: zookeeper://139.159.250.7:2181|\n      zookeeper://192.168.27.101:2181\n', 5, '      zookeeper://139.159.250.7:2181\n'],
  ] as const) {
    const app = `dubbo:\n  application:\n    name: svc\n  registry:\n${written}`;
    const files = { 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(''), 'web.xml': springXml(''), 'application.yml': app, 'web.properties': '' };
    const [d, ...rest] = ofRule(lintDubbo(files), RULE);
    assert.equal(rest.length, 0, written);
    assert.equal(`${d.file} ${at(d)}`, `application.yml ${line}:18-${line}:32`);
    const fixed = applyFix(files, d.fixes[0]);
    assert.equal(fixed['application.yml'].split('\n')[line], fixedLine.trimEnd());
    assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
  }
});
