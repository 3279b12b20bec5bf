import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { MemoryWorkspace, tempWorkspace } from '../support/context';
import { at, ofRule } from '../support/lint';
import { applyFix, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'spring-config-import-missing';
const RES = 'svc/src/main/resources';
const APP = `${RES}/application.properties`;
const YML = `${RES}/application.yml`;

/** The two-region workspace; svc lists a Spring Boot properties file (and a YAML one) besides its XML. */
function files(app: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'dubbo-topology.yaml': providerYaml().replace('config: [svc.xml]', `config: [svc.xml, ${APP}, ${YML}]`),
    'svc.xml': springXml('  <dubbo:application name="svc"/>'),
    'web.xml': springXml('  <dubbo:application name="web"/>'),
    'svc.properties': '',
    'web.properties': '',
    [APP]: app,
    [YML]: 'server:\n  port: 8080\n',
    ...extra,
  };
}

test('spring-config-import-missing: a location without optional: naming a file the workspace lacks', () => {
  const app = 'spring.config.import=classpath:dubbo-comon.properties, optional:extra.properties, file:ops/dubbo.yml\n';
  const fs = files(app, { [`${RES}/dubbo-common.properties`]: 'a=1\n' });
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => [d.file, at(d), d.severity]),
    [
      [APP, spanOf(app, 'classpath:dubbo-comon.properties'), 'info'],
      [APP, spanOf(app, 'file:ops/dubbo.yml'), 'info'],
    ],
  );
  assert.equal(
    ds[0].message,
    'classpath:dubbo-comon.properties is read as svc/src/main/resources/dubbo-comon.properties, which is not in the workspace. ' +
      'Spring Boot stops at start-up when an imported location without optional: is not found (ConfigDataResourceNotFoundException), ' +
      'unless another module or a jar on the classpath provides it.',
  );
  assert.match(ds[1].message, /^file:ops\/dubbo\.yml is read as ops\/dubbo\.yml,/);
  const [zh] = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^classpath:dubbo-comon\.properties 对应 svc\/src\/main\/resources\/dubbo-comon\.properties，工作区中没有这个文件。/);
});

test('spring-config-import-missing: in YAML, and in a list item', () => {
  const yml = 'spring:\n  config:\n    import:\n      - classpath:registry.yml\n';
  const fs = files('spring.config.import[0]=classpath:nope.properties\n', { [YML]: yml });
  assert.deepEqual(
    ofRule(lintDubbo(fs), RULE).map((d) => [d.file, at(d)]),
    [
      [APP, spanOf(fs[APP], 'classpath:nope.properties')],
      [YML, spanOf(yml, 'classpath:registry.yml')],
    ],
  );
});

test('spring-config-import-missing: the fixes: the nearest file name of that folder, or optional:', () => {
  const app = 'spring.config.import=classpath:dubbo-comon.properties\n';
  const fs = files(app, { [`${RES}/dubbo-common.properties`]: 'a=1\n' });
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe]), [['Change to dubbo-common.properties', false], ['Mark it optional: (start without it)', false]]);
  assert.equal(applyFix(fs, d.fixes[0])[APP], 'spring.config.import=classpath:dubbo-common.properties\n');
  assert.equal(applyFix(fs, d.fixes[1])[APP], 'spring.config.import=optional:classpath:dubbo-comon.properties\n');
  assert.deepEqual(ofRule(lintDubbo(applyFix(fs, d.fixes[0])), RULE), []);
  assert.deepEqual(ofRule(lintDubbo(applyFix(fs, d.fixes[1])), RULE), []);
});

test('spring-config-import-missing: not for a file that is there, optional:, folders, wildcards, placeholders or other sources', () => {
  const app =
    'spring.config.import=classpath:dubbo-common.properties, optional:classpath:gone.properties, classpath:conf/, ' +
    'classpath:conf/*/x.properties, ${env}/x.properties, configserver:http://cfg:8888, nacos:dubbo.properties\n';
  assert.deepEqual(ofRule(lintDubbo(files(app, { [`${RES}/dubbo-common.properties`]: 'a=1\n' })), RULE), []);
  // A value written with an escape does not map back to its characters: not placed, not reported.
  assert.deepEqual(ofRule(lintDubbo(files('spring.config.import=classpath:x\\u002Eproperties\n')), RULE), []);
});

/** Buffers read but not listed, as an editor's unsaved new file. */
class BufferWorkspace extends MemoryWorkspace {
  readonly buffers = new Map<string, string>();
  override read(file: string): string | undefined {
    return this.buffers.get(file) ?? super.read(file);
  }
}

test('spring-config-import-missing: a cached run drops the finding once the file appears, and makes it again when it goes', () => {
  const ws = new BufferWorkspace(new Map(Object.entries(files('spring.config.import=extra.properties\n'))));
  const cache = new LintCache();
  const run = () => ofRule(lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!.diagnostics, RULE).length;
  assert.equal(run(), 1);
  ws.buffers.set(`${RES}/extra.properties`, 'a=1\n');
  assert.equal(run(), 0, 'an unsaved buffer');
  ws.buffers.clear();
  assert.equal(run(), 1, 'the buffer closed');
  ws.contents.set(`${RES}/extra.properties`, 'a=1\n');
  assert.equal(run(), 0, 'created on disk');
});

test('spring-config-import-missing: a classpath: file another module holds is not missing; a relative one is not looked for there', () => {
  const shared = 'common/src/main/resources/dubbo-shared.properties';
  const app = 'spring.config.import=classpath:dubbo-shared.properties, dubbo-shared.properties\n';
  const fs = files(app, { [shared]: 'a=1\n' });
  assert.deepEqual(
    ofRule(lintDubbo(fs), RULE).map((d) => d.message.split(',')[0]),
    ['dubbo-shared.properties is read as svc/src/main/resources/dubbo-shared.properties'],
  );
  const { [shared]: _gone, ...without } = fs;
  assert.equal(ofRule(lintDubbo(without), RULE).length, 2);
});

test('spring-config-import-missing: a cached run judges such an import again when files are created or deleted in other modules', () => {
  const shared = 'common/src/main/resources/dubbo-shared.properties';
  const dir = tempWorkspace(files('spring.config.import=classpath:dubbo-shared.properties\n', { [shared]: 'a=1\n' }));
  try {
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const run = () => ofRule(lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!.diagnostics, RULE).length;
    assert.equal(run(), 0, 'in the other module');
    assert.equal(run(), 0);
    assert.ok(cache.lastRun.reused > 0, 'the run before reused findings');
    rmSync(join(dir, shared));
    ws.invalidate(shared, true);
    assert.equal(run(), 1, 'deleted from the other module');
    writeFileSync(join(dir, shared), 'a=1\n');
    ws.invalidate(shared, true);
    assert.equal(run(), 0, 'back');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
