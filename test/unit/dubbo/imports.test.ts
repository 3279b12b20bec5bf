import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { memoryWorkspace, tempWorkspace } from '../support/context';
import { ofRule } from '../support/lint';
import { DUBBO_ANALYZERS, dubboContext, lineOf, lintDubbo, springXml } from '../support/dubbo';

/**
 * Spring `<import resource="…"/>`: the imported file is part of the importing service's
 * configuration. The provider `order` runs on app1 (杭州, with the registry zk1) and app2 (上海) and
 * lists only its applicationContext.xml.
 */
const RES = 'order/src/main/resources';
const CONTEXT = `${RES}/applicationContext.xml`;
const DUBBO = `${RES}/spring-dubbo.xml`;

const TOPOLOGY = `version: 1
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
    hosts:
      app2: { internal: 10.20.2.21, external: 106.14.2.21, services: [order] }
services:
  zk: { kind: zookeeper, port: 2181 }
  order:
    kind: dubbo-provider
    port: 20880
    registry: zk
    registerAs: external
    config: [${CONTEXT}]
    properties: [${RES}/config.properties]
`;

function beans(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<beans xmlns="http://www.springframework.org/schema/beans">\n${body}\n</beans>\n`;
}

const REGISTRY = springXml('  <dubbo:application name="order"/>\n  <dubbo:registry address="${zk.address:${ZK_ADDR:zookeeper://10.10.1.11:2181}}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>');

function files(resource: string, more: Record<string, string> = {}, dubboFile = DUBBO): Record<string, string> {
  return {
    'dubbo-topology.yaml': TOPOLOGY,
    [CONTEXT]: beans(`  <import resource="${resource}"/>`),
    [`${RES}/config.properties`]: 'app.name=order\n',
    [dubboFile]: REGISTRY,
    ...more,
  };
}

const unreachable = (f: Record<string, string>) => ofRule(lintDubbo(f), 'dubbo-registry-unreachable').map((d) => `${d.file} ${d.range.start.line} ${['app1', 'app2'].filter((h) => d.message.includes(h)).join(',')}`);

test('imports: a classpath: import is judged from the hosts of the importing service, its placeholders resolved for it', () => {
  const f = files('classpath:spring-dubbo.xml');
  assert.deepEqual(unreachable(f), [`${DUBBO} ${lineOf(REGISTRY, 'registry')} app2`]);
  const ctx = dubboContext(f);
  assert.deepEqual(ctx.vantage(DUBBO).map((v) => `${v.host.id} ${v.service?.id}`), ['app1 order', 'app2 order']);
  // The importing service's properties give the placeholder its value.
  const fixed = { ...f, [`${RES}/config.properties`]: 'zk.address=zookeeper://47.96.1.11:2181\n' };
  assert.deepEqual(unreachable(fixed), []);
  // The registry the imported file declares is the service's: the registry is not named twice.
  assert.deepEqual(ofRule(lintDubbo(fixed), 'dubbo-placeholder-unresolved'), []);
});

test('imports: classpath*:, a path relative to the importing file (a leading / too), file: and Ant-style patterns', () => {
  assert.deepEqual(unreachable(files('classpath*:/spring/dubbo.xml', {}, `${RES}/spring/dubbo.xml`)), [`${RES}/spring/dubbo.xml 4 app2`]);
  assert.deepEqual(unreachable(files('spring/dubbo.xml', {}, `${RES}/spring/dubbo.xml`)), [`${RES}/spring/dubbo.xml 4 app2`]);
  assert.deepEqual(unreachable(files('/spring/dubbo.xml', {}, `${RES}/spring/dubbo.xml`)), [`${RES}/spring/dubbo.xml 4 app2`]);
  assert.deepEqual(unreachable(files('../resources/./spring-dubbo.xml')), [`${DUBBO} 4 app2`]);
  assert.deepEqual(unreachable(files(`file:/memory/${DUBBO}`)), [`${DUBBO} 4 app2`]);
  assert.deepEqual(unreachable(files(`file:${DUBBO}`)), [`${DUBBO} 4 app2`]);
  assert.deepEqual(unreachable(files('classpath:spring/**/dubbo-*.xml', {}, `${RES}/spring/rpc/dubbo-provider.xml`)), [`${RES}/spring/rpc/dubbo-provider.xml 4 app2`]);
  // A location Spring resolves when the service starts, or a URL: not followed.
  assert.deepEqual(unreachable(files('classpath:${dubbo.file}')), []);
  assert.deepEqual(unreachable(files('http://example.com/spring-dubbo.xml')), []);
});

test('imports: imports of imports are followed, a cycle ends, and an import naming no file is only dubbo-import-missing', () => {
  const f = files('classpath:spring-rpc.xml', {
    [`${RES}/spring-rpc.xml`]: beans('  <import resource="spring-dubbo.xml"/>\n  <import resource="applicationContext.xml"/>'),
  });
  assert.deepEqual(unreachable(f), [`${DUBBO} 4 app2`]);
  const missing = files('classpath:spring-nothere.xml');
  const ds = lintDubbo(missing).filter((d) => d.file === CONTEXT);
  assert.deepEqual(ds.map((d) => [d.rule, d.severity]), [['dubbo-import-missing', 'info']]);
  // The file no import reaches is one no service lists: no host judges it.
  assert.deepEqual(unreachable(missing), []);
});

test('imports: hover and Go to Definition on the resource name the file, or say that none is found', () => {
  const f = files('classpath:spring-dubbo.xml');
  const ctx = dubboContext(f);
  const at = { line: 2, character: 25 };
  assert.deepEqual(dubboAnalyzer.definition!(CONTEXT, f[CONTEXT], at, ctx)!.targets.map((t) => t.file), [DUBBO]);
  assert.match(dubboAnalyzer.hover!(CONTEXT, f[CONTEXT], at, ctx, 'en')!.markdown, new RegExp(DUBBO.replace(/[./]/g, '\\$&')));
  const missing = files('classpath:spring-nothere.xml');
  const mctx = dubboContext(missing);
  const hover = dubboAnalyzer.hover!(CONTEXT, missing[CONTEXT], at, mctx, 'en')!.markdown;
  assert.match(hover, /order\/src\/main\/resources\/spring-nothere\.xml/);
  assert.match(hover, /not checked/);
  assert.match(dubboAnalyzer.hover!(CONTEXT, missing[CONTEXT], at, mctx, 'zh-cn')!.markdown, /不/);
  assert.equal(dubboAnalyzer.definition!(CONTEXT, missing[CONTEXT], at, mctx), undefined);
});

test('imports: the editor re-judges the imported file when the importing one or the service properties change', () => {
  const ws = memoryWorkspace(files('classpath:spring-dubbo.xml'));
  const cache = new LintCache();
  const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics.filter((d) => d.rule === 'dubbo-registry-unreachable').map((d) => d.file);
  assert.deepEqual(lint(), [DUBBO]);
  ws.contents.set(`${RES}/config.properties`, 'zk.address=zookeeper://47.96.1.11:2181\n');
  assert.deepEqual(lint(), []);
  ws.contents.set(`${RES}/config.properties`, 'app.name=order\n');
  assert.deepEqual(lint(), [DUBBO]);
  ws.contents.set(CONTEXT, beans('  <!-- no import -->'));
  assert.deepEqual(lint(), []);
  ws.contents.set(CONTEXT, beans('  <import resource="classpath:spring-dubbo.xml"/>'));
  assert.deepEqual(lint(), [DUBBO]);
});

/** A module of its own holding a Spring XML (a shared jar's resources). */
const SHARED = 'common/src/main/resources/dubbo-shared.xml';
/** The same name in the importing module. */
const OWN = `${RES}/dubbo-shared.xml`;

test('imports: a classpath: file the importing module lacks is read from the module that holds it, judged from the importing service', () => {
  const f = files('classpath:dubbo-shared.xml', {}, SHARED);
  assert.deepEqual(unreachable(f), [`${SHARED} 4 app2`]);
  const ctx = dubboContext(f);
  assert.deepEqual(ctx.vantage(SHARED).map((v) => `${v.host.id} ${v.service?.id}`), ['app1 order', 'app2 order']);
  // The importing service's properties still give its placeholder a value.
  assert.deepEqual(unreachable({ ...f, [`${RES}/config.properties`]: 'zk.address=zookeeper://47.96.1.11:2181\n' }), []);
  // Go to Definition on the resource opens that file; nothing is reported missing.
  assert.deepEqual(dubboAnalyzer.definition!(CONTEXT, f[CONTEXT], { line: 2, character: 25 }, ctx)!.targets.map((t) => t.file), [SHARED]);
  assert.deepEqual(ofRule(lintDubbo(f), 'dubbo-import-missing'), []);
  // The module's own file comes first on its classpath: the other one is then read by nobody.
  const own = { ...f, [OWN]: REGISTRY.replace('10.10.1.11', '47.96.1.11') };
  assert.deepEqual(unreachable(own), []);
  assert.deepEqual(dubboContext(own).vantage(SHARED), []);
  // Only classpath: locations are looked for in the other modules.
  assert.deepEqual(unreachable(files('dubbo-shared.xml', {}, SHARED)), []);
});

test('imports: a cached run moves the judging of such a file when the importing module gets a file of that name, and back', () => {
  const dir = tempWorkspace(files('classpath:dubbo-shared.xml', {}, SHARED));
  try {
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics.filter((d) => d.rule === 'dubbo-registry-unreachable').map((d) => d.file);
    assert.deepEqual(lint(), [SHARED]);
    assert.deepEqual(lint(), [SHARED]);
    assert.ok(cache.lastRun.reused > 0, 'the run before reused findings');
    mkdirSync(dirname(join(dir, OWN)), { recursive: true });
    writeFileSync(join(dir, OWN), REGISTRY);
    ws.invalidate(OWN, true);
    assert.deepEqual(lint(), [OWN], 'the own module now holds it');
    rmSync(join(dir, OWN));
    ws.invalidate(OWN, true);
    assert.deepEqual(lint(), [SHARED], 'read from the other module again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('imports: a cached run stops judging such a file from the importing service once its module has its own, when another service lists it', () => {
  // `audit` on zk1 (杭州, next to the registry) lists the shared file itself.
  const topology = TOPOLOGY.replace('services: [zk] }', 'services: [zk, audit] }').replace(
    '  zk: { kind: zookeeper, port: 2181 }',
    `  zk: { kind: zookeeper, port: 2181 }\n  audit: { kind: dubbo-provider, port: 20881, registry: zk, config: [${SHARED}] }`,
  );
  const dir = tempWorkspace({ ...files('classpath:dubbo-shared.xml', {}, SHARED), 'dubbo-topology.yaml': topology });
  try {
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const lint = () => lintWorkspace(ws, { analyzers: DUBBO_ANALYZERS, cache })!.diagnostics.filter((d) => d.rule === 'dubbo-registry-unreachable').map((d) => d.file);
    assert.deepEqual(lint(), [SHARED], 'judged from app2 too');
    assert.deepEqual(lint(), [SHARED]);
    writeFileSync(join(dir, OWN), REGISTRY);
    ws.invalidate(OWN, true);
    assert.deepEqual(lint(), [OWN], 'the shared file is judged from zk1 alone');
    rmSync(join(dir, OWN));
    ws.invalidate(OWN, true);
    assert.deepEqual(lint(), [SHARED]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
