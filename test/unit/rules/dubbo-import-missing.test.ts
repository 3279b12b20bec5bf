import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { MemoryWorkspace, tempWorkspace } from '../support/context';
import { at, ofRule } from '../support/lint';
import { applyFix, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-import-missing';

/** The two-region workspace; svc's config (under a Maven resources folder) imports `imports`. */
function files(imports: string[], extra: Record<string, string> = {}): Record<string, string> {
  const svc = 'svc/src/main/resources/svc.xml';
  const body = ['  <dubbo:application name="svc"/>', ...imports.map((r) => `  <import resource="${r}"/>`)].join('\n');
  return {
    'dubbo-topology.yaml': providerYaml().replace('config: [svc.xml]', `config: [${svc}]`),
    [svc]: springXml(body),
    'web.xml': springXml('  <dubbo:application name="web"/>'),
    'svc.properties': '',
    'web.properties': '',
    ...extra,
  };
}
const SVC = 'svc/src/main/resources/svc.xml';
const COMMON = 'svc/src/main/resources/dubbo-common.xml';
const BEANS = '<beans xmlns="http://www.springframework.org/schema/beans"/>\n';

test('dubbo-import-missing: a relative, classpath: or file: location naming a file the workspace lacks', () => {
  const fs = files(['classpath:dubbo-comon.xml', 'conf/extra.xml', 'file:ops/dubbo.xml'], { [COMMON]: BEANS });
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => [d.file, at(d), d.severity]),
    [
      [SVC, spanOf(fs[SVC], 'classpath:dubbo-comon.xml'), 'info'],
      [SVC, spanOf(fs[SVC], 'conf/extra.xml'), 'info'],
      [SVC, spanOf(fs[SVC], 'file:ops/dubbo.xml'), 'info'],
    ],
  );
  assert.equal(
    ds[0].message,
    'classpath:dubbo-comon.xml is read as svc/src/main/resources/dubbo-comon.xml, which is not in the workspace. ' +
      'Spring opens every imported resource when the context starts and stops if one cannot be opened ("Failed to import bean definitions"), ' +
      'unless another module or a jar on the classpath provides it.',
  );
  // Relative to the importing file; file: from the workspace root.
  assert.match(ds[1].message, / is read as svc\/src\/main\/resources\/conf\/extra\.xml,/);
  assert.match(ds[2].message, / is read as ops\/dubbo\.xml,/);
  const [zh] = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^classpath:dubbo-comon\.xml 对应 svc\/src\/main\/resources\/dubbo-comon\.xml，工作区中没有这个文件。/);
});

test('dubbo-import-missing: a slip in the file name: the nearest file of that folder, as an unsafe fix that ends it', () => {
  const fs = files(['classpath:dubbo-comon.xml', 'conf/extra.xml'], { [COMMON]: BEANS });
  const [typo, other] = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(typo.fixes.map((f) => [f.title, f.safe]), [['Change to dubbo-common.xml', false]]);
  assert.deepEqual(other.fixes, [], 'nothing near extra.xml in conf/');
  const fixed = applyFix(fs, typo.fixes[0]);
  assert.match(fixed[SVC], /<import resource="classpath:dubbo-common\.xml"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE).map((d) => at(d)), [spanOf(fixed[SVC], 'conf/extra.xml')]);
});

test('dubbo-import-missing: not for a file that is there, classpath*:, patterns, placeholders or other URLs', () => {
  const fs = files(
    ['classpath:dubbo-common.xml', '/dubbo-common.xml', 'classpath*:plugins/dubbo.xml', 'classpath:conf/*.xml', '${env}/dubbo.xml', 'http://example.com/dubbo.xml', 'file:/etc/dubbo.xml'],
    { [COMMON]: BEANS },
  );
  assert.deepEqual(ofRule(lintDubbo(fs), RULE), []);
});

/** Buffers read but not listed, as an editor's unsaved new file. */
class BufferWorkspace extends MemoryWorkspace {
  readonly buffers = new Map<string, string>();
  override read(file: string): string | undefined {
    return this.buffers.get(file) ?? super.read(file);
  }
}

test('dubbo-import-missing: a cached run drops the finding once the file appears, as an unsaved buffer or on disk, and makes it again when it goes', () => {
  const ws = new BufferWorkspace(new Map(Object.entries(files(['extra.xml']))));
  const cache = new LintCache();
  const run = () => ofRule(lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!.diagnostics, RULE).length;
  assert.equal(run(), 1);
  ws.buffers.set('svc/src/main/resources/extra.xml', BEANS);
  assert.equal(run(), 0, 'an unsaved buffer');
  ws.buffers.clear();
  assert.equal(run(), 1, 'the buffer closed');
  ws.contents.set('svc/src/main/resources/extra.xml', BEANS);
  assert.equal(run(), 0, 'created on disk');
});

test('dubbo-import-missing: a classpath: file another module holds is not missing (its jar may be on the classpath); other locations are not looked for there', () => {
  const shared = 'common/src/main/resources/dubbo-shared.xml';
  const fs = files(['classpath:dubbo-shared.xml', 'classpath:/dubbo-shared.xml', 'dubbo-shared.xml', 'file:svc/src/main/resources/dubbo-shared.xml'], { [shared]: BEANS });
  assert.deepEqual(
    ofRule(lintDubbo(fs), RULE).map((d) => at(d)),
    [spanOf(fs[SVC], 'resource="dubbo-shared.xml"', 'dubbo-shared.xml'), spanOf(fs[SVC], 'file:svc/src/main/resources/dubbo-shared.xml')],
  );
  // Without the other module's file, every one is missing.
  const { [shared]: _gone, ...without } = fs;
  assert.equal(ofRule(lintDubbo(without), RULE).length, 4);
});

test('dubbo-import-missing: a cached run judges such an import again when files are created or deleted in other modules', () => {
  const shared = 'common/src/main/resources/dubbo-shared.xml';
  const other = 'lib/src/main/resources/dubbo-shared.xml';
  const dir = tempWorkspace(files(['classpath:dubbo-shared.xml'], { [shared]: BEANS }));
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
    mkdirSync(dirname(join(dir, other)), { recursive: true });
    writeFileSync(join(dir, other), BEANS);
    ws.invalidate(other, true);
    assert.equal(run(), 0, 'created in a module of its own');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
