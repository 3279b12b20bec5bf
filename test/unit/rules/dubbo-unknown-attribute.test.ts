import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-unknown-attribute';

function files(svc: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': svc, 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' };
}

test('dubbo-unknown-attribute: a typo, on the name, did-you-mean renames it', () => {
  const fs = files(springXml('  <dubbo:provider timeout="3000" retires="0"/>'));
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'retires', 'retires'));
  assert.equal(
    d.message,
    '<dubbo:provider> has no attribute "retires" in the apache namespace; schema validation rejects it when Spring loads the file. Did you mean "retries"?',
  );
  const fixed = applyFix(fs, d.fixes[0]);
  assert.match(fixed['svc.xml'], /<dubbo:provider timeout="3000" retries="0"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-unknown-attribute: camelCase spelling of a kebab-case attribute', () => {
  const fs = files(springXml('  <dubbo:application name="a" qosPort="22222"/>'));
  assert.equal(ofRule(lintDubbo(fs), RULE)[0].fixes[0].title, 'Rename to "qos-port"');
});

test('dubbo-unknown-attribute: per namespace — qos-port only exists in the apache namespace', () => {
  const fs = files(springXml('  <dubbo:application name="a" qos-port="22222"/>', { ns: 'alibaba' }));
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.match(d.message, /It exists only in the apache namespace \(http:\/\/dubbo\.apache\.org\/schema\/dubbo\)\.$/);
  assert.deepEqual(ofRule(lintDubbo(files(springXml('  <dubbo:application name="a" qos-port="22222"/>'))), RULE), []);
});

test('dubbo-unknown-attribute: attributes of other namespaces, the seed, and attributes of every release pass', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  const ok = springXml(
    [
      '  <dubbo:service interface="a.B" ref="b" xmlns:p="urn:p" p:x="1" provider="p" token="true" warmup="1000"/>',
      '  <dubbo:provider dispather="all" wait="1000" export-background="true"/>',
      '  <dubbo:method name="m" connections="2" retry="true" reliable="false"/>',
      '  <dubbo:application name="a" shutwait="1000" compiler="jdk" logger="slf4j"/>',
      '  <dubbo:metrics port="9090" protocol="prometheus" enable-jvm-metrics="true"/>',
    ].join('\n'),
  );
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
  const old = springXml('  <dubbo:application name="a" shutwait="1000"/>\n  <dubbo:metrics port="1" protocol="p"/>', { ns: 'alibaba' });
  assert.deepEqual(ofRule(lintDubbo(files(old)), RULE), []);
});

/** A Spring Boot service: `svc` configured by its properties or YAML file alone (no Dubbo XML). */
function boot(file: 'svc.properties' | 'svc.yml', text: string): Record<string, string> {
  const yaml = providerYaml().replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '').replace('properties: [svc.properties]', `properties: [${file}]`);
  return { 'dubbo-topology.yaml': yaml, [file]: text, 'web.properties': '' };
}

test('dubbo-unknown-attribute: keys bind to the bean properties of the config class, also those with no XML attribute', () => {
  const props = [
    'dubbo.application.name=svc',
    'dubbo.application.metadata-service-port=20885',
    'dubbo.application.enable-file-cache=false',
    'dubbo.application.startup-probe=spring',
    'dubbo.application.liveness-probe=spring',
    'dubbo.application.readiness-probe=spring',
    // Relaxed binding: camelCase and underscores name the same property.
    'dubbo.application.metadataServiceProtocol=tri',
    'dubbo.application.only_use_metadata_v2=true',
    'dubbo.protocol.name=dubbo',
    'dubbo.protocol.port=20880',
    'dubbo.protocol.keep-alive=true',
    'dubbo.provider.auth=true',
    // AbstractInterfaceConfig#setSingleton (3.x).
    'dubbo.provider.singleton=false',
    'dubbo.consumer.singleton=false',
    'dubbo.consumer.threadname=client',
    'dubbo.config-center.port=2181',
    'dubbo.metrics.use-global-registry=false',
    'dubbo.metrics.export-service-port=22223',
    'dubbo.ssl.ca-address=127.0.0.1:30060',
    'dubbo.registries.east.zone=east-1',
    '',
  ].join('\n');
  assert.deepEqual(ofRule(lintDubbo(boot('svc.properties', props)), RULE), []);
  const yml = ['dubbo:', '  application:', '    name: svc', '    metadata-service-port: 20885', '    enableFileCache: false', '    startup-probe: spring', ''].join('\n');
  assert.deepEqual(ofRule(lintDubbo(boot('svc.yml', yml)), RULE), []);
});

test('dubbo-unknown-attribute: a key no config class has is still reported, with did-you-mean among the bean properties', () => {
  const props = 'dubbo.application.nmae=svc\ndubbo.application.metadata-service-prot=20885\ndubbo.protocol.port=20880\n';
  const fs = boot('svc.properties', props);
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(ds.map((d) => at(d)), [spanOf(props, 'nmae', 'nmae'), spanOf(props, 'metadata-service-prot', 'metadata-service-prot')]);
  assert.equal(
    ds[0].message,
    'dubbo.application.nmae: ApplicationConfig has no property "nmae" in Dubbo 2.7 or 3.x, so the key binds to nothing: Spring and Dubbo ignore it without a word, and it configures nothing. Did you mean "name"?',
  );
  assert.equal(ds[1].fixes[0].title, 'Rename to "metadata-service-port"');
  const zh = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.equal(
    zh[0].message,
    'dubbo.application.nmae：Dubbo 2.7 和 3.x 的 ApplicationConfig 都没有属性 "nmae"，这个键不会绑定到任何配置：Spring 和 Dubbo 会静默忽略它，它不起任何作用。是否应为 "name"？',
  );
  const fixed = applyFix(applyFix(fs, ds[0].fixes[0]), ds[1].fixes[0]);
  assert.equal(fixed['svc.properties'], 'dubbo.application.name=svc\ndubbo.application.metadata-service-port=20885\ndubbo.protocol.port=20880\n');
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-unknown-attribute: in XML the XSD still decides — a bean property with no attribute is rejected there', () => {
  const fs = files(springXml('  <dubbo:application name="a" metadata-service-port="20885"/>'));
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(at(d), spanOf(fs['svc.xml'], 'metadata-service-port', 'metadata-service-port'));
  assert.match(d.message, /^<dubbo:application> has no attribute "metadata-service-port" in the apache namespace; schema validation rejects it/);
});
