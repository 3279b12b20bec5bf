import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { parsePropertiesFile } from '../../../src/core/properties/yaml';
import { configImports, withImports } from '../../../src/core/properties/imports';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { memoryWorkspace, tempWorkspace } from '../support/context';
import { ofRule } from '../support/lint';
import { DUBBO_ANALYZERS, dubboContext, lineOf, lintDubbo, springXml } from '../support/dubbo';

/**
 * Spring Boot's `spring.config.import`: the files a service's key-value files import are read after
 * them on its hosts. Two regions: 杭州 (hz: the registry zk1, app1) and 上海 (sh: app2); the provider
 * `order` runs on app1 and app2 and lists its Dubbo XML and its application.properties.
 */
const RES = 'order/src/main/resources';
const XML = `${RES}/dubbo-provider.xml`;
const APP = `${RES}/application.properties`;
const REGISTRY = `${RES}/registry.properties`;

function topology(opts: { sh?: string; springBoot?: boolean } = {}): string {
  const sh = opts.sh === undefined ? '' : `    properties: { spring.profiles.active: "${opts.sh}" }\n`;
  return `version: 1
regions:
  hz:
    name: 杭州
    lan: [10.10.0.0/16]
    hosts:
      zk1: { internal: 10.10.1.11, external: 47.96.1.11, services: [zk] }
      app1: { internal: 10.10.2.21, external: 47.96.2.21, services: [order] }
  sh:
    name: 上海
    lan: [10.20.0.0/16]
${sh}    hosts:
      app2: { internal: 10.20.2.21, external: 106.14.2.21, services: [order] }
services:
  zk: { kind: zookeeper, port: 2181 }
  order:
    kind: dubbo-provider
    port: 20880
    registry: zk
    registerAs: external
    config: [${opts.springBoot ? APP : `${XML}, ${APP}`}]
`;
}

const PROVIDER = springXml('  <dubbo:application name="order"/>\n  <dubbo:registry address="zookeeper://${zk.host}:2181"/>\n  <dubbo:protocol name="dubbo" port="20880"/>');

function files(app: string, more: Record<string, string> = {}, opts: Parameters<typeof topology>[0] = {}): Record<string, string> {
  return { 'dubbo-topology.yaml': topology(opts), [XML]: PROVIDER, [APP]: app, ...more };
}

const on = (f: Record<string, string>, host: string, key = 'zk.host') => {
  const ctx = dubboContext(f);
  const r = ctx.resolve(key, { host: ctx.topology.hostById.get(host)!, service: ctx.topology.serviceById.get('order')! });
  return r && `${r.value} ${r.file}`;
};
const order = (f: Record<string, string>, host: string) => {
  const ctx = dubboContext(f);
  return ctx.readOrder({ host: ctx.topology.hostById.get(host)!, service: ctx.topology.serviceById.get('order')! });
};
const hostsIn = (message: string) => ['app1', 'app2'].filter((h) => message.includes(h)).join(',');

test('config import: the locations of spring.config.import, as Spring splits and resolves them', () => {
  const text = [
    'spring.config.import=optional:classpath:registry.properties, file:conf/mq.yml ,db.yaml',
    'other=1',
  ].join('\n');
  const got = configImports(APP, parsePropertiesFile(APP, text), '/memory');
  assert.deepEqual(
    got.map((i) => `${i.location}|${i.optional}|${i.path}`),
    [`optional:classpath:registry.properties|true|${REGISTRY}`, 'file:conf/mq.yml|false|conf/mq.yml', `db.yaml|false|${RES}/db.yaml`],
  );
  // A YAML list, one location per item.
  const yaml = 'spring:\n  config:\n    import:\n      - classpath:/config/a.yml\n      - optional:../shared/b.properties\n';
  assert.deepEqual(
    configImports(`${RES}/application.yml`, parsePropertiesFile(`${RES}/application.yml`, yaml), '/memory').map((i) => i.path),
    [`${RES}/config/a.yml`, 'order/src/main/shared/b.properties'],
  );
  // Not followed: other sources, placeholders, folders, wildcards, extension hints, files that hold no keys.
  const none = 'spring.config.import=nacos:order.properties,configserver:,optional:configtree:/etc/config/,${CONF}/x.yml,conf/,conf/*/,conf/app[.yaml],beans.xml';
  const skipped = configImports(APP, parsePropertiesFile(APP, none), '/memory');
  assert.equal(skipped.length, 8);
  assert.deepEqual(skipped.filter((i) => i.path !== undefined), []);
});

test('config import: each file is followed by what it imports, a cycle ends where it comes back', () => {
  const imports: Record<string, string[]> = { a: ['b', 'c'], b: ['d', 'a'], c: ['b'], e: [] };
  assert.deepEqual(
    withImports(['a', 'e'], (f) => imports[f] ?? []),
    ['a', 'b', 'd', 'c', 'e'],
  );
  // A file listed itself keeps its listed place.
  assert.deepEqual(withImports(['a', 'd'], (f) => imports[f] ?? []), ['a', 'b', 'c', 'd']);
});

test('config import: the imported file is read after the importing one, its keys winning, and fills placeholders', () => {
  const f = files('spring.config.import=classpath:registry.properties\nzk.host=10.10.1.11\n', { [REGISTRY]: 'zk.host=47.96.1.11\n' });
  assert.deepEqual(order(f, 'app1'), [APP, REGISTRY]);
  assert.equal(on(f, 'app1'), `47.96.1.11 ${REGISTRY}`);
  // Without the import, the file is not read.
  const without = files('zk.host=10.10.1.11\n', { [REGISTRY]: 'zk.host=47.96.1.11\n' });
  assert.equal(on(without, 'app1'), `10.10.1.11 ${APP}`);
  assert.deepEqual(dubboContext(without).vantage(REGISTRY), []);
});

test('config import: a placeholder defined only in an imported file is resolved, and the address judged from the hosts reading it', () => {
  const f = files('spring.config.import=optional:classpath:registry.properties\n', { [REGISTRY]: 'zk.host=10.10.1.11\n' });
  const ds = lintDubbo(f);
  assert.deepEqual(ofRule(ds, 'dubbo-placeholder-unresolved'), []);
  // 10.10.1.11 is 杭州's LAN: app2 in 上海 cannot reach it; the value sits in the imported file.
  const unreachable = ofRule(ds, 'dubbo-registry-unreachable');
  assert.deepEqual(unreachable.map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`), [`${XML} ${lineOf(PROVIDER, 'registry')} app2`]);
  assert.deepEqual(unreachable[0].related.map((r) => `${r.file} ${r.range.start.line}`)[0], `${REGISTRY} 0`);
  assert.deepEqual(dubboContext(f).vantage(REGISTRY).map((v) => `${v.host.id} ${v.service?.id}`), ['app1 order', 'app2 order']);
  // Before: the key had no value on any host.
  const missing = files('spring.config.import=optional:classpath:registry.properties\n');
  assert.deepEqual(ofRule(lintDubbo(missing), 'dubbo-placeholder-unresolved').map((d) => hostsIn(d.message)), ['app1,app2']);
});

test('config import: a Spring Boot service configured by the dubbo.* keys of an imported YAML', () => {
  const dubboYml = `${RES}/dubbo.yml`;
  const yml = 'dubbo:\n  application:\n    name: order\n  registry:\n    address: zookeeper://10.10.1.11:2181\n  protocol:\n    port: -1\n';
  const f = files('spring.config.import=dubbo.yml\n', { [dubboYml]: yml }, { springBoot: true });
  const ds = lintDubbo(f);
  assert.deepEqual(
    ofRule(ds, 'dubbo-registry-unreachable').map((d) => `${d.file} ${d.range.start.line} ${hostsIn(d.message)}`),
    [`${dubboYml} ${lineOf(yml, 'address')} app2`],
  );
  assert.deepEqual(ofRule(ds, 'dubbo-protocol-random-port').map((d) => `${d.file} ${d.range.start.line}`), [`${dubboYml} ${lineOf(yml, 'port')}`]);
});

test('config import: profile-specific forms of an imported file, and an import in a profile document, on the hosts of that profile', () => {
  const more = { [REGISTRY]: 'zk.host=10.10.1.11\n', [`${RES}/registry-dr.properties`]: 'zk.host=47.96.1.11\n' };
  const f = files('spring.config.import=classpath:registry.properties\n', more, { sh: 'dr' });
  assert.deepEqual(order(f, 'app1'), [APP, REGISTRY]);
  assert.deepEqual(order(f, 'app2'), [APP, REGISTRY, `${RES}/registry-dr.properties`]);
  assert.equal(on(f, 'app2'), `47.96.1.11 ${RES}/registry-dr.properties`);
  assert.deepEqual(ofRule(lintDubbo(f), 'dubbo-registry-unreachable'), []);
  // The import only in the dr document: app1 does not read the file, app2 does.
  const inDoc = 'zk.host=10.10.1.11\n#---\nspring.config.activate.on-profile=dr\nspring.config.import=classpath:dr.properties\n';
  const g = files(inDoc, { [`${RES}/dr.properties`]: 'zk.host=47.96.1.11\n' }, { sh: 'dr' });
  assert.deepEqual(order(g, 'app1'), [APP]);
  assert.deepEqual(order(g, 'app2'), [APP, `${RES}/dr.properties`]);
  assert.deepEqual(dubboContext(g).vantage(`${RES}/dr.properties`).map((v) => v.host.id), ['app2']);
  assert.deepEqual(ofRule(lintDubbo(g), 'dubbo-registry-unreachable'), []);
});

test('config import: with a cache, a change of the imported file judges the config using its keys again', () => {
  const f = files('spring.config.import=classpath:registry.properties\n', { [REGISTRY]: 'zk.host=47.96.1.11\n' });
  const ws = memoryWorkspace(f);
  const cache = new LintCache();
  const first = lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache });
  assert.deepEqual(ofRule(first!.diagnostics, 'dubbo-registry-unreachable'), []);
  ws.contents.set(REGISTRY, 'zk.host=10.10.1.11\n');
  const second = lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache });
  assert.deepEqual(ofRule(second!.diagnostics, 'dubbo-registry-unreachable').map((d) => `${d.file} ${hostsIn(d.message)}`), [`${XML} app2`]);
});

test('config import: renaming a key renames its definition in an imported file', () => {
  const f = files('spring.config.import=classpath:registry.properties\n', { [REGISTRY]: 'zk.host=47.96.1.11\n' });
  const line = lineOf(PROVIDER, 'registry');
  const pos = { line, character: PROVIDER.split('\n')[line].indexOf('zk.host') + 2 };
  const r = dubboAnalyzer.rename!(XML, PROVIDER, pos, 'registry.host', dubboContext(f), 'en')!;
  assert.ok('edits' in r, JSON.stringify(r));
  assert.deepEqual(
    r.edits.map((e) => `${e.file} ${e.range.start.line} ${e.newText}`).sort(),
    [`${XML} ${line} registry.host`, `${REGISTRY} 0 registry.host`],
  );
});

test('config import: hover and Go to Definition on a location say what Spring Boot reads there', () => {
  const app = 'app.name=order\nspring.config.import=optional:classpath:registry.properties, nacos:order.yml,classpath:gone.yml\n';
  const more = { [REGISTRY]: 'zk.host=10.10.1.11\n', [`${RES}/registry-dr.properties`]: 'zk.host=47.96.1.11\n' };
  const f = files(app, more, { sh: 'dr' });
  const ctx = dubboContext(f);
  const at = (needle: string) => ({ line: 1, character: app.split('\n')[1].indexOf(needle) + 3 });
  const h = propertiesAnalyzer.hover!(APP, app, at('optional:'), ctx, 'en')!;
  assert.match(h.markdown, /Spring Boot reads `order\/src\/main\/resources\/registry\.properties` after this file/);
  assert.match(h.markdown, /Where a profile is active, also:\n\n- order\/src\/main\/resources\/registry-dr\.properties/);
  const line1 = app.split('\n')[1];
  assert.deepEqual(h.range, { start: { line: 1, character: line1.indexOf('optional:') }, end: { line: 1, character: line1.indexOf(',') } });
  const d = propertiesAnalyzer.definition!(APP, app, at('optional:'), ctx)!;
  assert.deepEqual(d.targets.map((x) => x.file), [REGISTRY, `${RES}/registry-dr.properties`]);
  // Another source, and a file the workspace does not have.
  assert.match(propertiesAnalyzer.hover!(APP, app, at('nacos:'), ctx, 'en')!.markdown, /reads `nacos:order\.yml` only when the service starts/);
  assert.match(propertiesAnalyzer.hover!(APP, app, at('classpath:gone'), ctx, 'zh-cn')!.markdown, /工作区中没有 `order\/src\/main\/resources\/gone\.yml`/);
  assert.equal(propertiesAnalyzer.definition!(APP, app, at('nacos:'), ctx), undefined);
  // The key itself keeps its own hover.
  assert.doesNotMatch(propertiesAnalyzer.hover!(APP, app, { line: 1, character: 3 }, ctx, 'en')?.markdown ?? '', /reads `/);
});

test('config import: a key no workspace file sets is not reported unresolved on hosts that read another source, and the hover names it', () => {
  const unresolved = (f: Record<string, string>) => ofRule(lintDubbo(f), 'dubbo-placeholder-unresolved').map((d) => hostsIn(d.message));
  // Nothing sets zk.host: reported on both hosts.
  assert.deepEqual(unresolved(files('app.name=order\n')), ['app1,app2']);
  // A Nacos import (optional or not), a file only the hosts have (no optional:), a location Spring resolves at start-up.
  for (const location of ['optional:nacos:order.yml', 'nacos:order.yml', 'file:/etc/order/override.properties', 'classpath:${ENV}.properties']) {
    assert.deepEqual(unresolved(files(`spring.config.import=${location}\n`)), [], location);
  }
  // An optional file the workspace lacks may be missing on the hosts too: still reported.
  assert.deepEqual(unresolved(files('spring.config.import=optional:classpath:local.properties\n')), ['app1,app2']);
  // A configuration server named by its keys, in a bootstrap file listed under properties:.
  const boot = (props: string) => ({ ...files('app.name=order\n'), 'dubbo-topology.yaml': `${topology()}    properties: [${RES}/bootstrap.properties]\n`, [`${RES}/bootstrap.properties`]: props });
  assert.deepEqual(unresolved(boot('spring.cloud.nacos.config.server-addr=10.10.1.30:8848\n')), []);
  assert.deepEqual(unresolved(boot('spring.cloud.nacos.config.server-addr=10.10.1.30:8848\nspring.cloud.nacos.config.enabled=false\n')), ['app1,app2']);
  assert.deepEqual(unresolved(boot('apollo.bootstrap.enabled=true\n')), []);
  assert.deepEqual(unresolved(boot('apollo.bootstrap.enabled=false\n')), ['app1,app2']);
  // Only the hosts whose profile imports the other source.
  const inDoc = 'app.name=order\n#---\nspring.config.activate.on-profile=dr\nspring.config.import=optional:nacos:order-dr.yml\n';
  const f = files(inDoc, {}, { sh: 'dr' });
  assert.deepEqual(unresolved(f), ['app1']);
  const ctx = dubboContext(f);
  const h = dubboAnalyzer.hover!(XML, PROVIDER, { line: lineOf(PROVIDER, 'registry'), character: PROVIDER.split('\n')[lineOf(PROVIDER, 'registry')].indexOf('zk.host') }, ctx, 'en')!;
  assert.match(h.markdown, /app1.*✗ no value/);
  assert.match(h.markdown, /app2.*not in the workspace; may be set by `optional:nacos:order-dr\.yml` when the service starts/);
});

test('config import: a classpath: file the importing module lacks is read from the module that holds it, on the hosts reading the importer', () => {
  // A module of its own holding the registry settings (a shared jar's resources).
  const shared = 'common/src/main/resources/registry.properties';
  const app = 'spring.config.import=optional:classpath:registry.properties\n';
  const f = files(app, { [shared]: 'zk.host=10.10.1.11\n' });
  assert.deepEqual(order(f, 'app2'), [APP, shared]);
  assert.equal(on(f, 'app2'), `10.10.1.11 ${shared}`);
  const ds = lintDubbo(f);
  assert.deepEqual(ofRule(ds, 'dubbo-placeholder-unresolved'), []);
  assert.deepEqual(ofRule(ds, 'dubbo-registry-unreachable').map((d) => `${d.file} ${hostsIn(d.message)} ${d.related[0]?.file}`), [`${XML} app2 ${shared}`]);
  assert.deepEqual(dubboContext(f).vantage(shared).map((v) => `${v.host.id} ${v.service?.id}`), ['app1 order', 'app2 order']);
  // Hover and Go to Definition name that file.
  const ctx = dubboContext(f);
  const at = { line: 0, character: app.indexOf('classpath:') + 3 };
  assert.match(propertiesAnalyzer.hover!(APP, app, at, ctx, 'en')!.markdown, /Spring Boot reads `common\/src\/main\/resources\/registry\.properties` after this file/);
  assert.deepEqual(propertiesAnalyzer.definition!(APP, app, at, ctx)!.targets.map((x) => x.file), [shared]);
  // The module's own file comes first on its classpath.
  const own = files(app, { [shared]: 'zk.host=10.10.1.11\n', [REGISTRY]: 'zk.host=47.96.1.11\n' });
  assert.deepEqual(order(own, 'app2'), [APP, REGISTRY]);
  assert.deepEqual(dubboContext(own).vantage(shared), []);
  // Only classpath: locations are looked for in the other modules.
  assert.deepEqual(order(files('spring.config.import=optional:registry.properties\n', { [shared]: 'zk.host=10.10.1.11\n' }), 'app2'), [APP]);
});

test('config import: a cached run reads such a file once another module gets it, and stops when it goes', () => {
  const shared = 'common/src/main/resources/registry.properties';
  const dir = tempWorkspace(files('spring.config.import=optional:classpath:registry.properties\n'));
  try {
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const unresolved = () => ofRule(lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics, 'dubbo-placeholder-unresolved').map((d) => hostsIn(d.message));
    assert.deepEqual(unresolved(), ['app1,app2']);
    assert.deepEqual(unresolved(), ['app1,app2']);
    assert.ok(cache.lastRun.reused > 0, 'the run before reused findings');
    mkdirSync(dirname(join(dir, shared)), { recursive: true });
    writeFileSync(join(dir, shared), 'zk.host=47.96.1.11\n');
    ws.invalidate(shared, true);
    assert.deepEqual(unresolved(), [], 'read from the other module');
    rmSync(join(dir, shared));
    ws.invalidate(shared, true);
    assert.deepEqual(unresolved(), ['app1,app2'], 'gone again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('config locations: spring.config.location or additional-location given from outside the files is a source the workspace does not hold, per host', () => {
  const unresolved = (f: Record<string, string>) => ofRule(lintDubbo(f), 'dubbo-placeholder-unresolved').map((d) => hostsIn(d.message));
  // Nothing sets zk.host: reported on both hosts, as before.
  assert.deepEqual(unresolved(files('app.name=order\n')), ['app1,app2']);
  // app2's region passes -Dspring.config.additional-location: its files there may set it.
  const region = (key: string) => ({
    ...files('app.name=order\n'),
    'dubbo-topology.yaml': topology().replace('    lan: [10.20.0.0/16]\n', `    lan: [10.20.0.0/16]\n    properties: { ${key}: "file:/etc/order/" }\n`),
  });
  assert.deepEqual(unresolved(region('spring.config.additional-location')), ['app1']);
  assert.deepEqual(unresolved(region('spring.config.location')), ['app1']);
  // Set in a file it changes nothing (Spring reads it before the files).
  assert.deepEqual(unresolved(files('spring.config.additional-location=file:/etc/order/\n')), ['app1,app2']);
  // In the service's deploy.env, as Spring binds it (dashes dropped, or as underscores), or as a -D in JAVA_TOOL_OPTIONS: every host of the service.
  const deploy = (env: string) => ({
    ...files('app.name=order\n'),
    'dubbo-topology.yaml': `${topology()}    deploy:\n      artifact: order.jar\n      dir: /opt/order\n      restart: systemctl restart order\n      env: { ${env} }\n`,
  });
  for (const env of ['SPRING_CONFIG_ADDITIONALLOCATION: "file:/etc/order/"', 'SPRING_CONFIG_ADDITIONAL_LOCATION: "file:/etc/order/"', 'SPRING_CONFIG_LOCATION: "file:/etc/order/"', 'JAVA_TOOL_OPTIONS: "-Dspring.config.location=file:/etc/order/"']) {
    assert.deepEqual(unresolved(deploy(env)), [], env);
  }
  assert.deepEqual(unresolved(deploy('JAVA_OPTS: "-Dspring.config.location=file:/etc/order/"')), ['app1,app2'], 'JAVA_OPTS is not read');
  // The hover names it on that host.
  const f = region('spring.config.additional-location');
  const line = lineOf(PROVIDER, 'registry');
  const h = dubboAnalyzer.hover!(XML, PROVIDER, { line, character: PROVIDER.split('\n')[line].indexOf('zk.host') }, dubboContext(f), 'en')!;
  assert.match(h.markdown, /app1.*✗ no value/);
  assert.match(h.markdown, /app2.*not in the workspace; may be set by `spring\.config\.additional-location=file:\/etc\/order\/` when the service starts/);
});
