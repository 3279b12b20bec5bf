import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { API_PROPS, API_XML, applyFix, exampleFiles, lineOf, lintDubbo, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

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

/** A registry in r1, a consumer on b1 in r2; r2 and b1 define `zk` in the topology (b1's value wins). */
function hostPropertyFiles(b1Zk: string, opts: { b2?: boolean; r2Zk?: string } = {}): Record<string, string> {
  const b2 = opts.b2 ? '      b2: { internal: 10.0.1.2, external: 2.2.2.2, services: [cons] }\n' : '';
  return {
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
      zk: ${opts.r2Zk ?? 'zookeeper://1.1.1.1:2181'}
    hosts:
      b1:
        internal: 10.0.1.1
        external: 2.2.2.1
        services: [cons]
        properties:
          zk: ${b1Zk}
${b2}services:
  registry: { kind: zookeeper, port: 2181 }
  cons: { kind: dubbo-consumer, config: [c.xml] }
`,
    'c.xml': springXml('  <dubbo:application name="c"/>\n  <dubbo:registry address="${zk}"/>'),
  };
}

test('dubbo-registry-unreachable: a host property overriding its region\'s is the value its fix edits', () => {
  const files = hostPropertyFiles('zookeeper://10.0.0.1:2181');
  const [d, ...rest] = ofRule(lintDubbo(files), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /b1 \(R2\) cannot reach it/);
  const yaml = files['dubbo-topology.yaml'];
  const b1Line = lineOf(yaml, 'zk: zookeeper://10.0.0.1:2181');
  assert.equal(d.fixes[0].safe, true);
  assert.equal(d.fixes[0].title, 'Set zk in the topology for the hosts that cannot reach it (the internal IP inside R1, the external IP elsewhere)');
  assert.deepEqual(
    d.fixes[0].edits.map((e) => `${e.file}:${e.range.start.line} ${e.newText}`),
    [`dubbo-topology.yaml:${b1Line} zookeeper://1.1.1.1:2181`],
  );
  // No fix writes the text already there (the region's value is already the external IP).
  for (const fix of d.fixes) for (const e of fix.edits) assert.notEqual(yaml.split('\n')[e.range.start.line].slice(e.range.start.character, e.range.end.character), e.newText, fix.title);
  const fixed = applyFix(files, d.fixes[0]);
  assert.match(fixed['dubbo-topology.yaml'], /properties:\n {6}zk: zookeeper:\/\/1\.1\.1\.1:2181\n {4}hosts:/, 'the region keeps its value');
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-registry-unreachable: hosts of one region taking the key from their own properties and from the region\'s each get theirs fixed', () => {
  // b1 has its own unreachable value; b2 takes the region's, unreachable too.
  const files = hostPropertyFiles('zookeeper://10.0.0.1:2181', { b2: true, r2Zk: 'zookeeper://10.0.0.1:2181' });
  const [d, ...rest] = ofRule(lintDubbo(files), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /b1 \(R2\), b2 \(R2\) cannot reach it/);
  const yaml = files['dubbo-topology.yaml'];
  assert.equal(d.fixes[0].safe, true);
  assert.deepEqual(
    d.fixes[0].edits.map((e) => `${e.range.start.line} ${e.newText}`).sort(),
    [`${lineOf(yaml, 'zk:')} zookeeper://1.1.1.1:2181`, `${lineOf(yaml, 'zk:', lineOf(yaml, 'b1:'))} zookeeper://1.1.1.1:2181`].sort(),
  );
  assert.deepEqual(ofRule(lintDubbo(applyFix(files, d.fixes[0])), RULE), []);
  // b2 alone uses the region's value: when that one is reachable, only b1's own value is edited.
  const onlyB1 = hostPropertyFiles('zookeeper://10.0.0.1:2181', { b2: true });
  const [e] = ofRule(lintDubbo(onlyB1), RULE);
  assert.match(e.message, /: b1 \(R2\) cannot reach it/);
  assert.deepEqual(e.fixes[0].edits.map((x) => x.range.start.line), [lineOf(onlyB1['dubbo-topology.yaml'], 'zk: zookeeper://10.0.0.1:2181')]);
});

test('dubbo-registry-unreachable: hosts of one region resolving a nested key to different names get no per-region fix, which could suit only one', () => {
  const files = hostPropertyFiles('zookeeper://10.0.0.1:2181', { b2: true });
  const yaml = files['dubbo-topology.yaml']
    .replace('        properties:\n          zk: zookeeper://10.0.0.1:2181\n', '        properties: { env: a }\n')
    .replace('services: [cons] }\n', 'services: [cons], properties: { env: b } }\n')
    .replace('  cons: { kind: dubbo-consumer, config: [c.xml] }', '  cons: { kind: dubbo-consumer, config: [c.xml], properties: [c.properties] }');
  const nested = {
    'dubbo-topology.yaml': yaml,
    'c.xml': files['c.xml'].replace('${zk}', '${zk.${env}}'),
    'c.properties': 'zk.a=zookeeper://10.0.0.1:2181\nzk.b=zookeeper://10.0.0.1:2181\n',
  };
  const [d, ...rest] = ofRule(lintDubbo(nested), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /b1 \(R2\), b2 \(R2\) cannot reach it/);
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe]), [['Use the external IP of a1 (1.1.1.1), which every host can reach', true]]);
  assert.deepEqual(ofRule(lintDubbo(applyFix(nested, d.fixes[0])), RULE), []);
});
