import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { at, ofRule } from '../support/lint';
import { MemoryWorkspace } from '../support/context';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { registryAddresses } from '../../../src/core/diagram/observed';
import { parseSpringYaml } from '../../../src/core/properties/yaml';
import { applyFix, DUBBO_ANALYZERS, dubboContext, lineOf, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

/**
 * Services configured the Spring Boot way: no Dubbo XML, `dubbo.*` keys in their properties files.
 * The topology is the seed's: the registry zk-1 in 华东1, provider svc and consumer web in both regions.
 */
function bootYaml(opts: Parameters<typeof providerYaml>[0] = {}): string {
  return providerYaml(opts).replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '');
}

const SVC = [
  'spring.application.name=svc',
  'dubbo.application.name=svc',
  'dubbo.registry.address=zookeeper://192.168.27.101:2181',
  'dubbo.protocol.name=dubbo',
  'dubbo.protocol.port=-1',
  'dubbo.provider.timeout=6s',
  'dubbo.provider.threadpool=cachd',
  'dubbo.application.qos-enabel=false',
  '',
].join('\n');
const WEB = ['dubbo.application.name=web', 'dubbo.registry.address=zookeeper://192.168.27.101:2181', 'dubbo.consumer.check=false', ''].join('\n');

function files(svc = SVC, web = WEB): Record<string, string> {
  return { 'dubbo-topology.yaml': bootYaml(), 'svc.properties': svc, 'web.properties': web };
}

test('spring boot: the dubbo.* keys of a service without Dubbo XML are judged by the Dubbo rules, on the keys', () => {
  const f = files();
  const ds = lintDubbo(f, { ruleOverrides: { 'dubbo-consumer-check-false': 'info' } });
  const got = ds.filter((d) => d.rule.startsWith('dubbo-') && d.file !== 'dubbo-topology.yaml').map((d) => `${d.rule} ${d.file} ${at(d)}`);
  assert.deepEqual(got.sort(), [
    // The registry is zk-1's internal IP: app-2 in 华东2 cannot reach it.
    `dubbo-consumer-check-false web.properties ${spanOf(f['web.properties'], 'check', 'false')}`,
    `dubbo-invalid-value svc.properties ${spanOf(f['svc.properties'], 'timeout', '6s')}`,
    `dubbo-protocol-random-port svc.properties ${spanOf(f['svc.properties'], 'port=', '-1')}`,
    `dubbo-registers-internal-ip svc.properties ${spanOf(f['svc.properties'], 'dubbo.protocol.name', 'dubbo.protocol')}`,
    `dubbo-registry-unreachable svc.properties ${spanOf(f['svc.properties'], 'registry', '192.168.27.101')}`,
    `dubbo-registry-unreachable web.properties ${spanOf(f['web.properties'], 'registry', '192.168.27.101')}`,
    `dubbo-unknown-attribute svc.properties ${spanOf(f['svc.properties'], 'qos-enabel', 'qos-enabel')}`,
    `dubbo-unknown-extension svc.properties ${spanOf(f['svc.properties'], 'cachd', 'cachd')}`,
  ].sort());
  const byRule = (r: string, file = 'svc.properties') => ds.find((d) => d.rule === r && d.file === file)!;
  // Messages speak of keys, as the file writes them.
  assert.match(byRule('dubbo-protocol-random-port').message, /^dubbo\.protocol\.port=-1 makes Dubbo pick a free port/);
  assert.match(byRule('dubbo-invalid-value').message, /^dubbo\.provider\.timeout=6s is not a whole number of milliseconds; Spring fails to bind it/);
  assert.match(byRule('dubbo-unknown-attribute').message, /^dubbo\.application\.qos-enabel: ApplicationConfig has no property "qos-enabel" in Dubbo 2\.7 or 3\.x, so the key binds to nothing/);
  // No generic address finding on a key the Dubbo rules judged.
  assert.deepEqual(ofRule(ds, 'cross-region-internal-ip'), []);
});

test('spring boot: the fixes edit the keys, and applied they leave the rules quiet', () => {
  let f = files();
  const ds = lintDubbo(f);
  const fix = (rule: string) => ds.find((d) => d.rule === rule && d.file === 'svc.properties')!.fixes[0];
  assert.equal(fix('dubbo-protocol-random-port').title, 'Use port 20880 (service svc in the topology)');
  assert.equal(fix('dubbo-invalid-value').title, 'Write 6000');
  assert.equal(fix('dubbo-unknown-attribute').title, 'Rename to "qos-enable"');
  assert.equal(fix('dubbo-unknown-extension').title, 'Replace with "cached"');
  for (const r of ['dubbo-protocol-random-port', 'dubbo-invalid-value', 'dubbo-unknown-attribute', 'dubbo-unknown-extension']) f = applyFix(f, fix(r));
  assert.equal(
    f['svc.properties'],
    SVC.replace('port=-1', 'port=20880').replace('=6s', '=6000').replace('qos-enabel', 'qos-enable').replace('cachd', 'cached'),
  );
  const after = lintDubbo(f);
  for (const r of ['dubbo-protocol-random-port', 'dubbo-invalid-value', 'dubbo-unknown-attribute', 'dubbo-unknown-extension']) {
    assert.deepEqual(ofRule(after, r), [], r);
  }
});

test('spring boot: a provider registering its internal IP gets a fix that adds dubbo.protocol.host', () => {
  // One provider host in 华东1, a consumer in 华东2; the registry is reached by its external IP.
  const yaml = bootYaml({ providerHosts: 'svc', app2Services: 'web' });
  const svc = 'dubbo.registry.address=zookeeper://139.159.250.7:2181\ndubbo.protocol.name=dubbo\ndubbo.protocol.port=20880\n';
  const web = 'dubbo.registry.address=zookeeper://139.159.250.7:2181\n';
  const f = { 'dubbo-topology.yaml': yaml, 'svc.properties': svc, 'web.properties': web };
  const [d, ...rest] = ofRule(lintDubbo(f), 'dubbo-registers-internal-ip');
  assert.equal(rest.length, 0);
  assert.match(d.message, /192\.168\.27\.102 \(app-1\) is unreachable from app-2 \(华东2\)/);
  assert.deepEqual(
    d.fixes.map((x) => x.title),
    [
      "Set registerAs: external for svc in the topology (deploy sets DUBBO_IP_TO_REGISTRY to each host's external IP)",
      'Set dubbo.protocol.host=139.159.250.8 (the external IP of app-1, the only host of svc)',
    ],
  );
  const fixed = applyFix(f, d.fixes[1]);
  assert.equal(fixed['svc.properties'], svc.replace('port=20880\n', 'port=20880\ndubbo.protocol.host=139.159.250.8\n'));
  assert.deepEqual(ofRule(lintDubbo(fixed), 'dubbo-registers-internal-ip'), []);
  // The topology fix works as well.
  assert.deepEqual(ofRule(lintDubbo(applyFix(f, d.fixes[0])), 'dubbo-registers-internal-ip'), []);
});

test('spring boot: removing check=false removes the key line; a suppression comment before the key silences it', () => {
  const f = files();
  const on = { 'dubbo-consumer-check-false': 'info' } as const;
  const [d] = ofRule(lintDubbo(f, { ruleOverrides: on }), 'dubbo-consumer-check-false');
  const fixed = applyFix(f, d.fixes[0]);
  assert.equal(fixed['web.properties'], WEB.replace('dubbo.consumer.check=false\n', ''));
  const suppressed = files(SVC, WEB.replace('dubbo.consumer.check', '# dubbo-topology-disable-next-line dubbo-consumer-check-false\ndubbo.consumer.check'));
  assert.deepEqual(ofRule(lintDubbo(suppressed, { ruleOverrides: on }), 'dubbo-consumer-check-false'), []);
});

test('spring boot: properties values bind as Spring converts them (yes is a boolean), not as the XSD validates XML', () => {
  const f = files('dubbo.registry.address=zookeeper://139.159.250.7:2181\ndubbo.registry.simplified=yes\ndubbo.registry.check=maybe\n');
  const ds = ofRule(lintDubbo(f), 'dubbo-invalid-value');
  assert.deepEqual(ds.map((d) => d.message), ['dubbo.registry.check=maybe is not true or false; Spring fails to bind it and the application does not start.']);
  // The same in XML: the XSD allows only true, false, 1 and 0 for simplified.
  const xml = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181" simplified="yes"/>'),
    'web.xml': springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>'),
    'svc.properties': '',
    'web.properties': '',
  };
  assert.match(ofRule(lintDubbo(xml), 'dubbo-invalid-value')[0].message, /^simplified="yes" is not true, false, 1 or 0/);
});

test("spring boot: a config file's own keys fill its placeholders, under config: as under properties:; random.* has a value", () => {
  const svc = ['spring:', '  application:', '    name: svc', 'dubbo:', '  application:', '    name: ${spring.application.name}', '  registry:', '    address: zookeeper://139.159.250.7:2181', '  protocol:', '    port: ${random.int[20880,20980]}', '    host: ${dubbo.hots}', ''].join('\n');
  for (const list of ['config', 'properties']) {
    const yaml = bootYaml().replace('properties: [svc.properties]', `${list}: [svc.yml]`);
    const ds = ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.yml': svc, 'web.properties': WEB }), 'dubbo-placeholder-unresolved');
    assert.deepEqual(ds.map((d) => `${d.file} ${d.message.split(' has ')[0]}`), ['svc.yml ${dubbo.hots}'], list);
  }
  // random.* is Spring Boot's: in Spring XML it is still reported.
  const xml = lintDubbo({
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="${random.int}"/>'),
    'web.xml': springXml(''),
    'svc.properties': '',
    'web.properties': '',
  });
  assert.deepEqual(ofRule(xml, 'dubbo-placeholder-unresolved').map((d) => d.message.split(' has ')[0]), ['${random.int}']);
});

test('spring boot: a properties file listed under config: is a Dubbo config too', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'config: [svc.properties]');
  const ds = lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.properties': SVC, 'web.properties': WEB });
  assert.equal(ofRule(ds, 'dubbo-protocol-random-port').length, 1);
  assert.equal(ofRule(ds, 'dubbo-registers-internal-ip')[0].file, 'svc.properties');
});

test('spring boot: with Dubbo XML, the dubbo.* keys only fill placeholders: one finding, on the XML attribute', () => {
  const f = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="${dubbo.registry.address}"/>\n  <dubbo:protocol name="dubbo" port="${dubbo.protocol.port}"/>'),
    'web.xml': springXml('  <dubbo:registry address="${dubbo.registry.address}"/>'),
    'svc.properties': 'dubbo.registry.address=zookeeper://192.168.27.101:2181\ndubbo.protocol.port=-1\n',
    'web.properties': 'dubbo.registry.address=zookeeper://192.168.27.101:2181\n',
  };
  const ds = lintDubbo(f);
  assert.deepEqual(
    ofRule(ds, 'dubbo-protocol-random-port').map((d) => d.file),
    ['svc.xml'],
  );
  assert.deepEqual(
    ofRule(ds, 'dubbo-registry-unreachable').map((d) => d.file),
    ['svc.xml', 'web.xml'],
  );
  assert.deepEqual(ds.filter((d) => d.file.endsWith('.properties')), []);
});

test('spring boot: in the editor, a consumer moving to another registry re-judges the provider\'s keys', () => {
  // The provider registers its internal IP; while web uses another registry, nobody is harmed.
  const yaml = bootYaml({ providerHosts: 'svc', app2Services: 'web', extraServices: '  other: { kind: zookeeper, port: 2182 }\n' }).replace(
    'services: [registry]',
    'services: [registry, other]',
  );
  const svc = 'dubbo.registry.address=zookeeper://139.159.250.7:2181\ndubbo.protocol.port=20880\n';
  const contents = new Map(Object.entries({ 'dubbo-topology.yaml': yaml, 'svc.properties': svc, 'web.properties': 'dubbo.registry.address=zookeeper://139.159.250.7:2182\n' }));
  const ws = new MemoryWorkspace(contents);
  const cache = new LintCache();
  const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics;
  assert.deepEqual(ofRule(lint(), 'dubbo-registers-internal-ip'), []);
  contents.set('web.properties', 'dubbo.registry.address=zookeeper://139.159.250.7:2181\n');
  assert.deepEqual(ofRule(lint(), 'dubbo-registers-internal-ip').map((d) => d.file), ['svc.properties']);
});

test('spring boot: hovers on a dubbo.* key document the element and the attribute it sets', () => {
  const f = files();
  const ctx = dubboContext(f);
  const text = f['svc.properties'];
  const line = lineOf(text, 'dubbo.protocol.port');
  const onAttr = propertiesAnalyzer.hover!('svc.properties', text, { line, character: 'dubbo.protocol.p'.length }, ctx, 'en')!;
  assert.equal(at({ range: onAttr.range } as never), `${line}:15-${line}:19`);
  assert.match(onAttr.markdown, /^\*\*port\*\* — `<dubbo:protocol>`/);
  const onTag = propertiesAnalyzer.hover!('svc.properties', text, { line, character: 8 }, ctx, 'zh-cn')!;
  assert.equal(at({ range: onTag.range } as never), `${line}:0-${line}:14`);
  assert.match(onTag.markdown, /^\*\*<dubbo:protocol>\*\*/);
  // A key that is no Dubbo attribute has no such hover.
  assert.equal(propertiesAnalyzer.hover!('svc.properties', text, { line: lineOf(text, 'qos-enabel'), character: 20 }, ctx, 'en'), undefined);
});

test('spring boot: completion offers dubbo.<tag>. keys, the attributes not yet set, and the values an attribute takes', () => {
  const f = files('dubbo.protocol.name=dubbo\ndubbo.\n');
  const ctx = dubboContext(f);
  const labels = (text: string, line: number, character: number) =>
    propertiesAnalyzer.complete!('svc.properties', text, { line, character }, ctx, 'en').map((e) => e.label);
  const tags = labels(f['svc.properties'], 1, 6);
  assert.ok(tags.includes('dubbo.registry.') && tags.includes('dubbo.config-center.'), tags.join(' '));
  const attrs = labels('dubbo.protocol.name=dubbo\ndubbo.protocol.\n', 1, 15);
  assert.ok(attrs.includes('dubbo.protocol.port') && attrs.includes('dubbo.protocol.threadpool'), attrs.join(' '));
  assert.ok(!attrs.includes('dubbo.protocol.name'), 'a key already set is not offered again');
  const values = labels('dubbo.protocol.threadpool=\n', 0, 26);
  assert.deepEqual(values.slice(0, 5), ['fixed', 'cached', 'limited', 'eager', 'virtual']);
  // A service with Dubbo XML is configured there: its properties get no dubbo.* keys offered.
  const xmlCtx = dubboContext({ 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml('  <dubbo:protocol port="20880"/>'), 'web.xml': '', 'svc.properties': 'dubbo.\n', 'web.properties': '' });
  assert.deepEqual(propertiesAnalyzer.complete!('svc.properties', 'dubbo.\n', { line: 0, character: 6 }, xmlCtx, 'en').filter((e) => e.label.startsWith('dubbo.')), []);
});

const SVC_YAML = [
  'spring:',
  '  application:',
  '    name: svc',
  'dubbo:',
  '  registry:',
  '    address: zookeeper://139.159.250.7:2181',
  '  protocol:',
  '    name: dubbo',
  '    port: -1',
  '  provider:',
  '    timeout: 6s',
  '',
].join('\n');

test('spring boot yaml: application.yml is read like application.properties: findings on the nested keys, fixes that keep the YAML', () => {
  const yaml = bootYaml({ providerHosts: 'svc', app2Services: 'web' }).replace('properties: [svc.properties]', 'properties: [src/main/resources/application.yml]');
  const f: Record<string, string> = { 'dubbo-topology.yaml': yaml, 'src/main/resources/application.yml': SVC_YAML, 'web.properties': 'dubbo.registry.address=zookeeper://139.159.250.7:2181\n' };
  const file = 'src/main/resources/application.yml';
  const ds = lintDubbo(f).filter((d) => d.file === file);
  assert.deepEqual(ds.map((d) => `${d.rule} ${at(d)}`).sort(), [
    `dubbo-invalid-value ${spanOf(SVC_YAML, 'timeout', '6s')}`,
    `dubbo-protocol-random-port ${spanOf(SVC_YAML, 'port:', '-1')}`,
    // svc registers app-1's internal IP; web on app-2 in 华东2 cannot reach it.
    `dubbo-registers-internal-ip ${spanOf(SVC_YAML, 'protocol:', 'protocol')}`,
    // app-1 reaches the registry at its external IP, over the internet, though both are in 华东1.
    `dubbo-registry-plaintext-public ${spanOf(SVC_YAML, 'address:', '139.159.250.7')}`,
    `same-region-external-ip ${spanOf(SVC_YAML, 'address:', '139.159.250.7')}`,
  ].sort());
  const byRule = (r: string) => ds.find((d) => d.rule === r)!;
  assert.match(byRule('dubbo-protocol-random-port').message, /^dubbo\.protocol\.port: -1 makes Dubbo pick a free port/);
  const literal = byRule('dubbo-registers-internal-ip').fixes.find((x) => x.title.startsWith('Set dubbo.protocol.host'))!;
  assert.equal(literal.title, 'Set dubbo.protocol.host: 139.159.250.8 (the external IP of app-1, the only host of svc)');
  // Applied from the end of the file back: each fix's range is of the text it was computed on.
  let fixed = applyFix(f, byRule('dubbo-invalid-value').fixes[0]);
  fixed = applyFix(fixed, literal);
  fixed = applyFix(fixed, byRule('dubbo-protocol-random-port').fixes[0]);
  assert.equal(fixed[file], SVC_YAML.replace('    port: -1', '    port: 20880\n    host: 139.159.250.8').replace('6s', '6000'));
  // What is left: the traffic across the public network, in plain text — to the registry (by its
  // external IP from its own region), and from web on app-2 to svc.
  assert.deepEqual(lintDubbo(fixed).filter((d) => d.file === file).map((d) => `${d.rule} ${at(d)}`).sort(), [
    `dubbo-registry-plaintext-public ${spanOf(SVC_YAML, 'address:', '139.159.250.7')}`,
    `dubbo-rpc-plaintext-public ${spanOf(fixed[file], 'protocol:', 'protocol')}`,
    `same-region-external-ip ${spanOf(SVC_YAML, 'address:', '139.159.250.7')}`,
  ]);
});

test('spring boot yaml: profile documents are left out, and placeholders resolve from the YAML', () => {
  const yaml = providerYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const f = {
    'dubbo-topology.yaml': yaml,
    'svc.xml': springXml('  <dubbo:registry address="${zk.address}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>'),
    'web.xml': springXml('  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>'),
    // The default document names the registry's internal IP; only a test profile names the external one.
    'svc.yml': 'zk:\n  address: zookeeper://192.168.27.101:2181\n---\nspring.config.activate.on-profile: test\nzk.address: zookeeper://139.159.250.7:2181\n',
    'web.properties': '',
  };
  const [d, ...rest] = ofRule(lintDubbo(f), 'dubbo-registry-unreachable');
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'svc.xml');
  assert.deepEqual(d.related.map((r) => `${r.file}:${r.range.start.line}`).slice(0, 1), ['svc.yml:1']);
});

test('spring boot: the diagram draws the registry a service names in its dubbo.* keys, pointing at the key', () => {
  const edges = registryAddresses(dubboContext(files())).filter((e) => e.service === 'svc');
  assert.deepEqual(
    edges.map((e) => `${e.host} ${e.address}:${e.port} ${e.file}:${e.range.start.line}:${e.range.start.character}`),
    ['app-1 192.168.27.101:2181 svc.properties:2:23', 'app-2 192.168.27.101:2181 svc.properties:2:23'],
  );
});

test('spring boot yaml: a hover on a nested dubbo key documents the attribute it sets', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const f = { 'dubbo-topology.yaml': yaml, 'svc.yml': SVC_YAML, 'web.properties': WEB };
  const line = lineOf(SVC_YAML, '    port:');
  const h = propertiesAnalyzer.hover!('svc.yml', SVC_YAML, { line, character: 6 }, dubboContext(f), 'en')!;
  assert.equal(at({ range: h.range } as never), `${line}:4-${line}:8`);
  assert.match(h.markdown, /^\*\*port\*\* — `<dubbo:protocol>`/);
});

test('placeholders in properties and YAML values: an inlay hint with the value, and Go to Definition to where it is set', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [base.properties, svc.yml]');
  const svc = 'dubbo:\n  registry:\n    address: ${zk.address}\n';
  const f = { 'dubbo-topology.yaml': yaml, 'base.properties': 'zk.address=zookeeper://139.159.250.7:2181\n', 'svc.yml': svc, 'web.properties': WEB };
  const ctx = dubboContext(f);
  const hints = propertiesAnalyzer.hints!('svc.yml', svc, ctx, 'en');
  assert.deepEqual(
    hints.map((h) => [h.position, h.label]),
    [[{ line: 2, character: svc.split('\n')[2].length }, '= zookeeper://139.159.250.7:2181']],
  );
  const def = propertiesAnalyzer.definition!('svc.yml', svc, { line: 2, character: 16 }, ctx)!;
  assert.equal(at({ range: def.range } as never), `2:13-2:26`);
  assert.deepEqual(def.targets.map((t) => `${t.file}:${t.range.start.line}:${t.range.start.character}`), ['base.properties:0:11']);
  // Off a placeholder: nothing.
  assert.equal(propertiesAnalyzer.definition!('svc.yml', svc, { line: 1, character: 3 }, ctx), undefined);
  // The same in a properties file.
  const props = 'dubbo.registry.address=${zk.address}\n';
  assert.deepEqual(propertiesAnalyzer.hints!('svc.properties', props, dubboContext({ ...f, 'dubbo-topology.yaml': bootYaml().replace('properties: [svc.properties]', 'properties: [base.properties, svc.properties]'), 'svc.properties': props }), 'en').map((h) => h.label), ['= zookeeper://139.159.250.7:2181']);
});

test('spring boot yaml: completion offers the tags under dubbo:, the attributes under a tag not yet written, and values', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'svc.yml': SVC_YAML, 'web.properties': WEB });
  const labels = (text: string, line: number, character: number) => propertiesAnalyzer.complete!('svc.yml', text, { line, character }, ctx, 'en').map((e) => e.label);
  assert.ok(labels('dubbo:\n  \n', 1, 2).includes('config-center'));
  const attrs = labels('dubbo:\n  protocol:\n    name: dubbo\n    # a comment\n    \n    port: 20880\n', 4, 4);
  assert.ok(attrs.includes('threadpool') && attrs.includes('host'), attrs.join(' '));
  assert.ok(!attrs.includes('name') && !attrs.includes('port'), 'keys already written in the mapping are not offered');
  // Plural form, keyed by id.
  assert.ok(labels('dubbo:\n  registries:\n    east:\n      \n', 3, 6).includes('address'));
  // After a key: its values.
  assert.deepEqual(labels('dubbo:\n  provider:\n    threadpool: \n', 2, 16).slice(0, 2), ['fixed', 'cached']);
  assert.deepEqual(labels('dubbo:\n  protocols:\n    p1:\n      threadpool: \n', 3, 18).slice(0, 2), ['fixed', 'cached']);
  // Outside dubbo: nothing of Dubbo.
  assert.deepEqual(labels('spring:\n  \n', 1, 2), []);
});

test('spring boot: a hover on a key that is only a bean property names its config class and the key Dubbo reads', () => {
  const svc = ['dubbo.application.name=svc', 'dubbo.application.metadata-service-port=20885', 'dubbo.configCenters.cc1.port=8848', 'dubbo.application.qos-enabel=false', ''].join('\n');
  const f = files(svc);
  const ctx = dubboContext(f);
  const hover = (line: number, character: number, locale: 'en' | 'zh-cn') => propertiesAnalyzer.hover!('svc.properties', svc, { line, character }, ctx, locale);
  const line = lineOf(svc, 'metadata-service-port');
  const en = hover(line, 'dubbo.application.m'.length, 'en')!;
  assert.equal(at({ range: en.range } as never), spanOf(svc, 'metadata-service-port', 'metadata-service-port'));
  assert.match(en.markdown, /^\*\*metadata-service-port\*\* — bean property of `ApplicationConfig`\n/);
  assert.ok(en.markdown.includes('`dubbo.application.metadata-service-port`'), en.markdown);
  assert.ok(en.markdown.includes('`<dubbo:application>`'), en.markdown);
  const zh = hover(line, 'dubbo.application.m'.length, 'zh-cn')!;
  assert.match(zh.markdown, /^\*\*metadata-service-port\*\* — `ApplicationConfig` 的 bean 属性\n/);
  assert.ok(zh.markdown.includes('`dubbo.application.metadata-service-port`'), zh.markdown);
  // In a group keyed by id, its prefix as written.
  const plural = hover(lineOf(svc, 'cc1.port'), 'dubbo.configCenters.cc1.p'.length, 'en')!;
  assert.match(plural.markdown, /^\*\*port\*\* — bean property of `ConfigCenterConfig`\n/);
  assert.ok(plural.markdown.includes('`dubbo.configCenters.cc1.port`'), plural.markdown);
  // On the prefix: the element's docs, as for any key.
  assert.match(hover(line, 8, 'en')!.markdown, /^\*\*<dubbo:application>\*\*/);
  // A key that is neither an XSD attribute nor a bean property still has no hover.
  assert.equal(hover(lineOf(svc, 'qos-enabel'), 20, 'en'), undefined);
});

test('spring boot yaml: a hover on a nested key that is only a bean property names its config class', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const svc = 'dubbo:\n  application:\n    name: svc\n    metadataServicePort: 20885\n';
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'svc.yml': svc, 'web.properties': WEB });
  const h = propertiesAnalyzer.hover!('svc.yml', svc, { line: 3, character: 6 }, ctx, 'en')!;
  assert.equal(at({ range: h.range } as never), '3:4-3:23');
  assert.match(h.markdown, /^\*\*metadata-service-port\*\* — bean property of `ApplicationConfig`\n/);
  assert.ok(h.markdown.includes('`dubbo.application.metadata-service-port`'), h.markdown);
});

test('spring boot: completion offers the bean properties after the XSD attributes, once each, with the same range', () => {
  const svc = 'dubbo.application.name=svc\ndubbo.application.enable-file-cache=false\ndubbo.application.\n';
  const ctx = dubboContext(files(svc));
  const complete = (text: string, line: number, character: number, locale: 'en' | 'zh-cn' = 'en') =>
    propertiesAnalyzer.complete!('svc.properties', text, { line, character }, ctx, locale);
  const entries = complete(svc, 2, 18);
  const labels = entries.map((e) => e.label);
  assert.equal(new Set(labels).size, labels.length, 'no key offered twice');
  const bean = entries.find((e) => e.label === 'dubbo.application.metadata-service-port')!;
  assert.ok(bean, labels.join(' '));
  const schema = entries.find((e) => e.label === 'dubbo.application.qos-port')!;
  assert.deepEqual(bean.range, schema.range);
  assert.equal(bean.insertText, 'dubbo.application.metadata-service-port=');
  assert.equal(bean.kind, 'attribute');
  assert.equal(bean.detail, 'bean property of ApplicationConfig');
  assert.match(bean.documentation!, /^\*\*metadata-service-port\*\* — bean property of `ApplicationConfig`/);
  assert.ok(labels.indexOf('dubbo.application.qos-port') < labels.indexOf('dubbo.application.metadata-service-port'), 'the XSD attributes first');
  // Set already: not offered again; `id` is the group's name, not a key to set.
  assert.ok(!labels.includes('dubbo.application.enable-file-cache') && !labels.includes('dubbo.application.id'), labels.join(' '));
  // The protocol's `keep-alive` is the XSD's `keepalive`: offered once, under the XSD's name.
  const protocol = complete('dubbo.protocol.\n', 0, 15).map((e) => e.label);
  assert.ok(protocol.includes('dubbo.protocol.keepalive') && !protocol.includes('dubbo.protocol.keep-alive'), protocol.join(' '));
  assert.equal(complete(svc, 2, 18, 'zh-cn').find((e) => e.label === 'dubbo.application.metadata-service-port')?.detail, 'ApplicationConfig 的 bean 属性');
});

test('spring boot: completion after dubbo.<tags>.<id>. offers that element\'s keys as after dubbo.<tag>., not those set for that id', () => {
  const svc = 'dubbo.protocols.p1.name=dubbo\ndubbo.protocols.p2.port=20881\ndubbo.protocols.p1.\n';
  const ctx = dubboContext(files(svc));
  const complete = (text: string, line: number, character: number) => propertiesAnalyzer.complete!('svc.properties', text, { line, character }, ctx, 'en');
  const entries = complete(svc, 2, 19);
  const labels = entries.map((e) => e.label);
  // The same names as the singular form, in the same order (XSD attributes, then bean properties).
  const singular = complete('dubbo.protocol.\n', 0, 15).map((e) => e.label.replace('dubbo.protocol.', 'dubbo.protocols.p1.'));
  assert.deepEqual(labels, singular.filter((l) => l !== 'dubbo.protocols.p1.name'));
  assert.ok(labels.includes('dubbo.protocols.p1.port') && labels.includes('dubbo.protocols.p1.keepalive'), labels.join(' '));
  assert.ok(!labels.includes('dubbo.protocols.p1.name'), 'set for p1 already');
  assert.ok(!labels.includes('dubbo.protocols.p1.id'), 'the id is the key\'s own part');
  const port = entries.find((e) => e.label === 'dubbo.protocols.p1.port')!;
  assert.equal(port.insertText, 'dubbo.protocols.p1.port=');
  // As in the singular form, each item replaces the key typed so far, bean properties alike.
  assert.equal(at({ range: port.range } as never), '2:0-2:19');
  assert.ok(entries.every((e) => at({ range: e.range } as never) === '2:0-2:19'));
  // Typed partly: the same keys, the range still the whole key typed so far.
  const typed = complete('dubbo.protocols.p1.po\n', 0, 21);
  assert.ok(typed.some((e) => e.label === 'dubbo.protocols.p1.port'));
  assert.equal(at({ range: typed[0].range } as never), '0:0-0:21');
  // Another id has its own keys: p2's port does not hide p1's, p1's name does not hide p2's.
  const p2 = complete(svc.replace('dubbo.protocols.p1.\n', 'dubbo.protocols.p2.\n'), 2, 19).map((e) => e.label);
  assert.ok(p2.includes('dubbo.protocols.p2.name') && !p2.includes('dubbo.protocols.p2.port'), p2.join(' '));
  // Loosely written plurals are the same tag; an id with a dash is an id.
  const centers = complete('dubbo.configCenters.c-1.\n', 0, 24).map((e) => e.label);
  assert.ok(centers.includes('dubbo.configCenters.c-1.address'), centers.join(' '));
  const registries = complete('dubbo.registries.east.\n', 0, 22).map((e) => e.label);
  assert.ok(registries.includes('dubbo.registries.east.address'), registries.join(' '));
  // Before the id (the user's to choose), under a tag without a plural, or below an attribute: nothing.
  assert.deepEqual(complete('dubbo.protocols.\n', 0, 16).filter((e) => e.label.startsWith('dubbo.')), []);
  assert.deepEqual(complete('dubbo.applications.a1.\n', 0, 22).filter((e) => e.label.startsWith('dubbo.')), []);
  assert.deepEqual(complete('dubbo.protocol.parameters.\n', 0, 26).filter((e) => e.label.startsWith('dubbo.')), []);
  assert.deepEqual(complete('dubbo.protocols.p1.parameters.\n', 0, 30).filter((e) => e.label.startsWith('dubbo.')), []);
});

test('spring boot yaml: completion under a tag offers its bean properties too, not those written in the mapping', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'svc.yml': SVC_YAML, 'web.properties': WEB });
  const entries = propertiesAnalyzer.complete!('svc.yml', 'dubbo:\n  application:\n    livenessProbe: x\n    \n', { line: 3, character: 4 }, ctx, 'en');
  const labels = entries.map((e) => e.label);
  assert.equal(new Set(labels).size, labels.length, 'no key offered twice');
  const bean = entries.find((e) => e.label === 'metadata-service-port')!;
  assert.ok(bean, labels.join(' '));
  assert.equal(bean.insertText, 'metadata-service-port: ');
  assert.deepEqual(bean.range, entries.find((e) => e.label === 'qos-port')!.range);
  assert.ok(!labels.includes('liveness-probe'), 'written loosely above, so already set');
});

test('spring boot yaml: values bind as Spring converts them, unknown keys are named whole, a comment before a key silences it', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const svc = [
    'dubbo:',
    '  registry:',
    '    address: zookeeper://139.159.250.7:2181',
    '    simplified: yes',
    '    check: maybe',
    '  application:',
    '    qos-enabel: false',
    '    # dubbo-topology-disable-next-line dubbo-unknown-attribute',
    '    ownr: me',
    '',
  ].join('\n');
  const addressRules = ['dubbo-registers-internal-ip', 'dubbo-registry-plaintext-public', 'same-region-external-ip'];
  const ds = lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.yml': svc, 'web.properties': WEB }).filter((d) => d.file === 'svc.yml' && !addressRules.includes(d.rule));
  assert.deepEqual(ds.map((d) => `${d.rule} ${d.range.start.line}: ${d.message.split(/[;,]/)[0]}`), [
    'dubbo-invalid-value 4: dubbo.registry.check: maybe is not true or false',
    'dubbo-unknown-attribute 6: dubbo.application.qos-enabel: ApplicationConfig has no property "qos-enabel" in Dubbo 2.7 or 3.x',
  ]);
});

test('spring boot yaml: a null value (~, null) binds as unset, as an empty one does; "null" in quotes is text', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const svc = ['dubbo:', '  registry:', '    address: zookeeper://139.159.250.7:2181', '  consumer:', '    timeout: ~', '    check: null', '    retries: NULL', '  provider:', '    retries: "null"', ''].join('\n');
  assert.deepEqual(
    parseSpringYaml(svc).entries.map((e) => `${e.key}=${e.value}`),
    ['dubbo.registry.address=zookeeper://139.159.250.7:2181', 'dubbo.consumer.timeout=', 'dubbo.consumer.check=', 'dubbo.consumer.retries=', 'dubbo.provider.retries=null'],
  );
  const ds = ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.yml': svc, 'web.properties': WEB }), 'dubbo-invalid-value');
  assert.deepEqual(ds.map((d) => `${d.file} ${d.range.start.line}: ${d.message.split(';')[0]}`), ['svc.yml 8: dubbo.provider.retries: null is not a whole number']);
});

test("spring boot: a key set in a host's or region's topology properties (passed as -D) wins over the file", () => {
  // svc on app-1 (华东1) and app-2 (华东2) registers its internal IPs: each cannot be reached from the
  // other region's web. The topology gives each host dubbo.protocol.host = its external IP.
  const yaml = bootYaml()
    .replace('        external: 139.159.250.8\n', "        external: 139.159.250.8\n        properties: { dubbo.protocol.host: '139.159.250.8' }\n")
    .replace('        external: 139.159.250.208\n', "        external: 139.159.250.208\n        properties: { dubbo.protocol.host: '139.159.250.208', dubbo.registry.address: 'zookeeper://139.159.250.7:2181' }\n");
  const svc = 'dubbo.registry.address=zookeeper://192.168.27.101:2181\ndubbo.protocol.name=dubbo\ndubbo.protocol.port=20880\n';
  const before = lintDubbo(files(svc, WEB));
  assert.equal(ofRule(before, 'dubbo-registers-internal-ip').length, 1);
  assert.deepEqual(ofRule(before, 'dubbo-registry-unreachable').map((d) => d.file), ['svc.properties', 'web.properties']);
  const ds = lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.properties': svc, 'web.properties': WEB });
  assert.deepEqual(ofRule(ds, 'dubbo-registers-internal-ip'), []);
  // The registry address: on app-2 every service reads the topology's (external) value; app-1 reads the
  // files' internal one, which it reaches.
  assert.deepEqual(ofRule(ds, 'dubbo-registry-unreachable'), []);
});

test('spring boot: a DUBBO_* variable in deploy.env sets the key it stands for, over the file', () => {
  // svc on app-1 alone, configured by its properties file to register its internal IP; web in 华东2.
  const svc = 'dubbo.registry.address=zookeeper://139.159.250.7:2181\ndubbo.protocol.name=dubbo\ndubbo.protocol.port=20880\ndubbo.protocol.host=192.168.27.102\n';
  const web = 'dubbo.registry.address=zookeeper://139.159.250.7:2181\n';
  const yaml = (env: string) =>
    bootYaml({
      providerHosts: 'svc',
      app2Services: 'web',
      provider: `    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      restart: systemctl restart svc\n      env: { ${env} }\n`,
    });
  const judged = (env: string) => ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml(env), 'svc.properties': svc, 'web.properties': web }), 'dubbo-registers-internal-ip');
  assert.deepEqual(judged('JAVA_OPTS: "-Xmx1g"').map((d) => `${d.file}:${at(d)}`), [`svc.properties:${spanOf(svc, 'dubbo.protocol.host', '192.168.27.102')}`]);
  assert.deepEqual(judged('DUBBO_PROTOCOL_HOST: "139.159.250.8"'), []);
  // The hover on the key says where the value comes from on app-1, before its docs.
  const fs = { 'dubbo-topology.yaml': yaml('DUBBO_PROTOCOL_HOST: "139.159.250.8"'), 'svc.properties': svc, 'web.properties': web };
  const line = lineOf(svc, 'dubbo.protocol.host');
  const h = propertiesAnalyzer.hover!('svc.properties', svc, { line, character: 'dubbo.protocol.h'.length }, dubboContext(fs), 'en')!;
  const [section, docs] = h.markdown.split('\n\n---\n\n');
  assert.match(section, /^On these hosts Dubbo reads this setting from elsewhere first[^\n]*\n\n- on app-1 the value is `139\.159\.250\.8` \(`DUBBO_PROTOCOL_HOST`, the service's deploy\.env in the topology — dubbo-topology\.yaml:\d+\)$/);
  assert.match(docs, /^\*\*host\*\* — `<dubbo:protocol>`/);
});

test('a hover on a ${placeholder} in a properties or YAML value shows what it resolves to on each host and where that is set', () => {
  const yaml = bootYaml().replace('properties: [svc.properties]', 'properties: [base.properties, svc.yml]');
  const svc = 'dubbo:\n  registry:\n    address: ${zk.address}\n';
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'base.properties': 'zk.address=zookeeper://139.159.250.7:2181\n', 'svc.yml': svc, 'web.properties': WEB });
  const h = propertiesAnalyzer.hover!('svc.yml', svc, { line: 2, character: 16 }, ctx, 'en')!;
  assert.equal(at({ range: h.range } as never), '2:13-2:26');
  assert.match(h.markdown, /zookeeper:\/\/139\.159\.250\.7:2181/);
  assert.match(h.markdown, /base\.properties/);
});

test('spring boot yaml: the document of a profile the file activates is judged, on its own lines', () => {
  const yaml = providerYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const svc = 'spring.profiles.active: dev\ndubbo:\n  application.name: svc\n  protocol.port: 20880\n---\nspring.config.activate.on-profile: dev\ndubbo.protocol.port: -1\n---\nspring.config.activate.on-profile: prod\ndubbo.protocol.port: -1\n';
  const f = { 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(''), 'web.xml': springXml(''), 'svc.yml': svc, 'web.properties': '' };
  const ds = ofRule(lintDubbo(f), 'dubbo-protocol-random-port');
  assert.deepEqual(ds.map((d) => `${d.file}:${d.range.start.line}`), ['svc.yml:6']);
});

test('spring boot: a Spring Boot config file no service lists gets the Dubbo checks that judge a value alone; other properties files only the address syntax', () => {
  const boot = ['dubbo.protocol.port=-1', 'dubbo.registry.address=zookeeper://192.168.27.101:2181', 'dubbo.consumer.timeout=6s', 'dubbo.protocol.foo=1', 'dubbo.provider.host=10.0.0.256', ''].join('\n');
  const yml = ['dubbo:', '  protocol:', '    port: -1', ''].join('\n');
  const f = {
    'dubbo-topology.yaml': bootYaml({ providerHosts: 'web', app2Services: 'web' }).replace(/ {2}svc:\n( {4}.*\n)+/, ''),
    'web.properties': 'dubbo.application.name=web\n',
    'app/src/main/resources/application.properties': boot,
    'app/src/main/resources/application-dr.yml': yml,
    'app/src/main/resources/dubbo.properties': 'dubbo.protocol.port=-1\n',
    // Not a file Spring Boot or Dubbo reads by itself: its dubbo.* keys may be mere placeholder values.
    'app/src/main/resources/config.properties': 'dubbo.protocol.port=-1\ndubbo.consumer.timeout=6s\ndubbo.provider.host=10.0.0.256\n',
  };
  const got = lintDubbo(f)
    .filter((d) => d.file.startsWith('app/'))
    .map((d) => `${d.file.slice('app/src/main/resources/'.length)} ${d.rule} ${at(d)}`);
  const app = f['app/src/main/resources/application.properties'];
  assert.deepEqual(got.sort(), [
    `application-dr.yml dubbo-protocol-random-port 2:10-2:12`,
    `application.properties dubbo-invalid-value ${spanOf(app, 'timeout', '6s')}`,
    `application.properties dubbo-protocol-random-port ${spanOf(app, 'port=', '-1')}`,
    `application.properties dubbo-unknown-attribute ${spanOf(app, 'foo', 'foo')}`,
    `application.properties ip-invalid ${spanOf(app, 'host', '10.0.0.256')}`,
    `config.properties ip-invalid 2:20-2:30`,
    `dubbo.properties dubbo-protocol-random-port 0:20-0:22`,
  ].sort());
});
