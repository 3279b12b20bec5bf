import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { activeProfiles, systemPropertyIn } from '../../../src/core/properties/profiles';
import { at, ofRule } from '../support/lint';
import { memoryWorkspace } from '../support/context';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { DUBBO_ANALYZERS, dubboContext, lineOf, lintDubbo, providerYaml, springXml } from '../support/dubbo';

/**
 * Spring profiles the deploy activates per host: the topology's region or host `properties:`
 * (`spring.profiles.active`, passed as -D) or the service's `deploy.env`. The seed's two regions:
 * 华东1 (app-1, the registry zk-1) and 华东2 (app-2), svc and web on both app hosts.
 */

/** providerYaml with properties for the region 华东2 (the DR region). */
function withRegion2(yaml: string, props: string): string {
  return yaml.replace('    name: 华东2\n', `    name: 华东2\n    properties: { ${props} }\n`);
}

/** The services configured by their properties files alone (Spring Boot), svc by `svc.yml`. */
function bootYaml(opts: Parameters<typeof providerYaml>[0] = {}): string {
  return providerYaml(opts).replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '').replace('properties: [svc.properties]', 'properties: [svc.yml]');
}

const WEB = 'dubbo.application.name=web\ndubbo.registry.address=zookeeper://139.159.250.7:2181\n';

// A plain value no config uses: its addresses are judged from the hosts reading it. By default a
// report endpoint on app-1 (192.168.27.102, 华东1); the DR profile sends it to zk-1 (192.168.27.101,
// 华东1) and a cache on app-2 (172.16.8.102, 华东2).
const PLAIN_YML = [
  'report:',
  '  endpoint: 192.168.27.102:8080',
  '---',
  'spring.config.activate.on-profile: dr',
  'report.endpoint: 192.168.27.101:8080',
  'cache.host: 172.16.8.102',
  '',
].join('\n');

function plainFiles(topology: string): Record<string, string> {
  return { 'dubbo-topology.yaml': topology, 'svc.xml': springXml(''), 'web.xml': springXml(''), 'svc.yml': PLAIN_YML, 'web.properties': '' };
}

const plainTopology = () => providerYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');

test('profiles by region: the DR document is judged from the DR hosts only, and what it overrides is not judged there', () => {
  const ds = ofRule(lintDubbo(plainFiles(withRegion2(plainTopology(), 'spring.profiles.active: dr'))), 'cross-region-internal-ip').filter((d) => d.file === 'svc.yml');
  // The DR endpoint, an internal IP of 华东1, seen from app-2 in 华东2; the cache host (华东2) is not
  // judged from app-1, which does not read the DR document; the default endpoint not from app-2.
  assert.deepEqual(ds.map((d) => `${at(d)}`), [`${lineOf(PLAIN_YML, 'report.endpoint')}:17-${lineOf(PLAIN_YML, 'report.endpoint')}:31`]);
  assert.match(ds[0].message, /unreachable from app-2/);
  assert.doesNotMatch(ds[0].message, /from app-1/);
});

test('profiles: without them in the topology the file is read as before (its own profiles)', () => {
  const ds = ofRule(lintDubbo(plainFiles(plainTopology())), 'cross-region-internal-ip').filter((d) => d.file === 'svc.yml');
  // Only the default document: its endpoint (华东1) judged from app-2 too.
  assert.deepEqual(ds.map((d) => d.range.start.line), [1]);
  assert.match(ds[0].message, /unreachable from app-2/);
});

test('profiles: the service deploy.env SPRING_PROFILES_ACTIVE, and a host or region property over it', () => {
  const env = (yaml: string) => yaml.replace('  web:\n', '    deploy: { env: { SPRING_PROFILES_ACTIVE: dr } }\n  web:\n');
  // Every host reads the DR document: the cache host is judged from app-1 as well.
  let ds = ofRule(lintDubbo(plainFiles(env(plainTopology()))), 'cross-region-internal-ip').filter((d) => d.file === 'svc.yml');
  assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(PLAIN_YML, 'report.endpoint'), lineOf(PLAIN_YML, 'cache.host')]);
  assert.match(ds[1].message, /unreachable from app-1/);
  // The region's system property outranks the environment: 华东2 reads the default documents alone.
  ds = ofRule(lintDubbo(plainFiles(withRegion2(env(plainTopology()), 'spring.profiles.active: default'))), 'cross-region-internal-ip').filter((d) => d.file === 'svc.yml');
  const from = (d: { message: string }) => ['app-1', 'app-2'].filter((h) => d.message.includes(`from ${h}`)).join(',');
  assert.deepEqual(ds.map((d) => `${d.range.start.line} ${from(d)}`), [
    `${lineOf(PLAIN_YML, 'endpoint:')} app-2`,
    `${lineOf(PLAIN_YML, 'cache.host')} app-1`,
  ]);
});

test('activeProfiles: host over region over deploy.env (JAVA_TOOL_OPTIONS -D, then SPRING_PROFILES_ACTIVE); JAVA_OPTS is not read', () => {
  const yaml = withRegion2(plainTopology(), 'spring.profiles.active: "dr, metrics"').replace(
    '        external: 139.159.250.8\n',
    '        external: 139.159.250.8\n        properties: { spring.profiles.active: blue }\n',
  );
  const ctx = dubboContext({ ...plainFiles(yaml) });
  const svc = ctx.topology.serviceById.get('svc')!;
  const host = (id: string) => ctx.topology.hostById.get(id)!;
  assert.deepEqual(activeProfiles({ host: host('app-1'), service: svc }), ['blue']);
  assert.deepEqual(activeProfiles({ host: host('app-2'), service: svc }), ['dr', 'metrics']);
  const bare = dubboContext(plainFiles(plainTopology()));
  const s2 = bare.topology.serviceById.get('svc')!;
  const h1 = bare.topology.hostById.get('app-1')!;
  assert.equal(activeProfiles({ host: h1, service: s2 }), undefined);
  const withEnv = (env: Record<string, string>) => activeProfiles({ host: h1, service: { ...s2, deploy: { ...s2.deploy!, env } } as typeof s2 });
  assert.deepEqual(withEnv({ SPRING_PROFILES_ACTIVE: 'dr' }), ['dr']);
  assert.deepEqual(withEnv({ spring_profiles_active: 'dr' }), ['dr']);
  assert.deepEqual(withEnv({ JAVA_TOOL_OPTIONS: '-Xmx1g -Dspring.profiles.active=east', SPRING_PROFILES_ACTIVE: 'dr' }), ['east']);
  assert.equal(withEnv({ JAVA_OPTS: '-Dspring.profiles.active=east' }), undefined);
  assert.equal(systemPropertyIn('"-Dspring.profiles.active=a b" -Dx=1 -Dspring.profiles.active=c', 'spring.profiles.active'), 'c');
  assert.equal(systemPropertyIn('-Dx=1 \'-Dspring.profiles.active=a b\'', 'spring.profiles.active'), 'a b');
});

test('profiles: the topology replaces the file own spring.profiles.active; its spring.profiles.include still adds', () => {
  const yml = [
    'spring.profiles.active: east',
    'spring.profiles.include: audit',
    '---',
    'spring.config.activate.on-profile: east',
    'cache.host: 192.168.27.102',
    '---',
    'spring.config.activate.on-profile: audit',
    'audit.host: 192.168.27.102',
    '',
  ].join('\n');
  const f = { ...plainFiles(withRegion2(plainTopology(), 'spring.profiles.active: dr')), 'svc.yml': yml };
  const ds = ofRule(lintDubbo(f), 'cross-region-internal-ip').filter((d) => d.file === 'svc.yml');
  // app-2 reads dr and audit, not east: of these addresses of 华东1, only audit's is judged from there.
  assert.deepEqual(ds.map((d) => `${d.range.start.line}`), [`${lineOf(yml, 'audit.host')}`]);
  assert.match(ds[0].message, /unreachable from app-2/);
});

// The core scenario: a Spring Boot provider whose DR profile names the registry by its external IP.
const SVC_YML = [
  'dubbo:',
  '  application.name: svc',
  '  registry.address: zookeeper://192.168.27.101:2181',
  '  protocol.port: 20880',
  '---',
  'spring.config.activate.on-profile: dr',
  'dubbo.registry.address: zookeeper://139.159.250.7:2181',
  '',
].join('\n');

test('profiles: the dubbo.* keys of the DR document are the configuration of the DR hosts', () => {
  const before = lintDubbo({ 'dubbo-topology.yaml': bootYaml(), 'svc.yml': SVC_YML, 'web.properties': WEB }).filter((d) => d.file === 'svc.yml');
  // Without the DR profile, app-2 reads the internal address it cannot reach.
  assert.deepEqual(ofRule(before, 'dubbo-registry-unreachable').map((d) => d.range.start.line), [2]);
  const f = { 'dubbo-topology.yaml': withRegion2(bootYaml(), 'spring.profiles.active: dr'), 'svc.yml': SVC_YML, 'web.properties': WEB };
  const ds = lintDubbo(f).filter((d) => d.file === 'svc.yml');
  assert.deepEqual(ofRule(ds, 'dubbo-registry-unreachable'), []);
  // app-2 reaches the registry over the internet, in plain text: said on the DR document's key.
  const plain = ofRule(ds, 'dubbo-registry-plaintext-public');
  assert.deepEqual(plain.map((d) => d.range.start.line), [lineOf(SVC_YML, '139.159.250.7')]);
  assert.match(plain[0].message, /app-2/);
  // Each finding once, though both readings judge the keys they share.
  const keys = ds.map((d) => `${d.rule} ${at(d)}`);
  assert.deepEqual(keys, [...new Set(keys)]);
});

test('profiles: a ${placeholder} of Dubbo XML takes the value of the document active on each host', () => {
  const yaml = withRegion2(providerYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]'), 'spring.profiles.active: dr');
  const yml = 'zk:\n  address: zookeeper://192.168.27.101:2181\n---\nspring.config.activate.on-profile: dr\nzk.address: zookeeper://139.159.250.7:2181\n';
  const f = {
    'dubbo-topology.yaml': yaml,
    'svc.xml': springXml('  <dubbo:registry address="${zk.address}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>'),
    'web.xml': springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>'),
    'svc.yml': yml,
    'web.properties': '',
  };
  assert.deepEqual(ofRule(lintDubbo(f), 'dubbo-registry-unreachable'), []);
  const ctx = dubboContext(f);
  const svc = ctx.topology.serviceById.get('svc')!;
  const on = (id: string) => ctx.resolve('zk.address', { host: ctx.topology.hostById.get(id)!, service: svc });
  assert.equal(on('app-1')?.value, 'zookeeper://192.168.27.101:2181');
  assert.equal(on('app-1')?.range?.start.line, 1);
  assert.equal(on('app-2')?.value, 'zookeeper://139.159.250.7:2181');
  assert.equal(on('app-2')?.range?.start.line, 4);
});

test('profiles: the editor cache re-judges a file when its text or the topology changes', () => {
  const ws = memoryWorkspace({ 'dubbo-topology.yaml': bootYaml(), 'svc.yml': SVC_YML, 'web.properties': WEB });
  const cache = new LintCache();
  const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics.filter((d) => d.file === 'svc.yml' && d.rule === 'dubbo-registry-unreachable');
  assert.equal(lint().length, 1);
  ws.contents.set('dubbo-topology.yaml', withRegion2(bootYaml(), 'spring.profiles.active: dr'));
  assert.equal(lint().length, 0);
  // The DR document names the internal address again: app-2 cannot reach it.
  ws.contents.set('svc.yml', SVC_YML.replace('139.159.250.7', '192.168.27.101'));
  assert.deepEqual(lint().map((d) => d.range.start.line), [lineOf(SVC_YML, 'dubbo.registry.address')]);
});

test('profiles: a hover on a line of the DR document speaks of the hosts that read it; a placeholder there gets its hint', () => {
  const yml = PLAIN_YML + '---\nspring.config.activate.on-profile: dr\nreport.url: http://${report.endpoint}/r\n';
  const f = { ...plainFiles(withRegion2(plainTopology(), 'spring.profiles.active: dr')), 'svc.yml': yml };
  const ctx = dubboContext(f);
  const line = lineOf(yml, 'cache.host');
  const h = propertiesAnalyzer.hover!('svc.yml', yml, { line, character: 14 }, ctx, 'en')!;
  assert.match(h.markdown, /app-2 \(华东2\)/);
  assert.doesNotMatch(h.markdown, /app-1 \(华东1\)/);
  const hints = propertiesAnalyzer.hints!('svc.yml', yml, ctx, 'en');
  assert.deepEqual(hints.map((x) => `${x.position.line} ${x.label}`), [`${lineOf(yml, 'report.url')} = 192.168.27.101:8080`]);
});
