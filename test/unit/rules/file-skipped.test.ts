import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Analyzer } from '../../../src/core/analyzer';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { tempWorkspace } from '../support/context';
import { exampleFiles, ORDER_PROPS } from '../support/dubbo';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

const TOPO = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [api.xml] }');
const XML = '<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n  <dubbo:application name="api"/>\n</beans>\n';

test('file-skipped: a listed file over the size limit, with its size and the limit', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'api.xml': XML + `<!--${'x'.repeat(3 * 1024 * 1024)}-->\n` });
  try {
    const r = lintWorkspace(new NodeWorkspace(dir, new Map(), 2 * 1024 * 1024), { analyzers: defaultAnalyzers })!;
    const ds = ofRule(r.diagnostics, 'file-skipped');
    assert.deepEqual(ds.map((d) => [d.file, at(d), d.severity]), [['api.xml', '0:0-0:0', 'warning']]);
    assert.equal(ds[0].message, 'Not analyzed: this file is 3.0 MB, over the 2.0 MB limit (setting dubboTopology.lint.maxFileSizeKb).');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: a binary file and an analyzer failure, in Simplified Chinese too', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO });
  writeFileSync(join(dir, 'api.xml'), Buffer.from([0x3c, 0x62, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x3e]));
  writeFileSync(join(dir, 'a.conf'), 'fine\n');
  const broken: Analyzer = {
    name: 'broken',
    files: () => ['a.conf'],
    analyze: () => {
      throw new RangeError('Maximum call stack size exceeded');
    },
  };
  try {
    const r = lintWorkspace(new NodeWorkspace(dir), { analyzers: [...defaultAnalyzers, broken], onAnalyzerError: () => undefined })!;
    const ds = ofRule(r.diagnostics, 'file-skipped');
    assert.deepEqual(ds.map((d) => [d.file, d.message]), [
      ['a.conf', 'Not analyzed: the broken analysis failed on this file (Maximum call stack size exceeded).'],
      ['api.xml', 'Not analyzed: this file holds NUL bytes and looks binary, not a text configuration.'],
    ]);
    const zh = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers, locale: 'zh-cn' })!;
    assert.equal(ofRule(zh.diagnostics, 'file-skipped')[0].message, '未分析：文件包含 NUL 字节，看起来是二进制文件而不是文本配置。');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: a file under the limit is analyzed and not reported', () => {
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'api.xml': XML });
  try {
    const r = lintWorkspace(new NodeWorkspace(dir, new Map(), 1024), { analyzers: defaultAnalyzers })!;
    assert.deepEqual(ofRule(r.diagnostics, 'file-skipped'), []);
    assert.ok(r.files.includes('api.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: an analyzer that fails to list its files is reported on the topology', () => {
  const failing: Analyzer = {
    name: 'listing',
    files: () => {
      throw new Error('cannot list');
    },
    analyze: () => [],
  };
  const dir = tempWorkspace({ 'dubbo-topology.yaml': TOPO, 'api.xml': XML });
  try {
    const r = lintWorkspace(new NodeWorkspace(dir), { analyzers: [failing, ...defaultAnalyzers], onAnalyzerError: () => undefined })!;
    const ds = ofRule(r.diagnostics, 'file-skipped');
    assert.deepEqual(ds.map((d) => [d.file, at(d), d.message]), [
      ['dubbo-topology.yaml', '0:0-0:0', 'The listing analysis failed before it could list its files, so none was analyzed (cannot list).'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: a listed file that does not exist, on its name in the topology, with the closest file as a fix', () => {
  const topo = TOPO.replace('config: [api.xml]', 'config: [apl.xml]');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': topo, 'api.xml': XML, 'nginx.conf': 'events {}\n' });
  try {
    const r = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!;
    const [d, ...rest] = ofRule(r.diagnostics, 'file-skipped');
    assert.equal(rest.length, 0);
    const line = topo.split('\n').findIndex((l) => l.includes('apl.xml'));
    const column = topo.split('\n')[line].indexOf('apl.xml');
    assert.deepEqual([d.file, at(d), d.severity], ['dubbo-topology.yaml', `${line}:${column}-${line}:${column + 7}`, 'warning']);
    assert.equal(d.message, 'Not analyzed: apl.xml does not exist in the workspace. Did you mean "api.xml"?');
    assert.equal(d.fixes[0].title, 'Replace with "api.xml"');
    assert.deepEqual(d.fixes[0].edits[0].newText, 'api.xml');
    const zh = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers, locale: 'zh-cn' })!;
    assert.equal(ofRule(zh.diagnostics, 'file-skipped')[0].message, '未分析：工作区中不存在 apl.xml。是否应为 "api.xml"？');
    // Once the file exists, nothing is reported and it is analyzed.
    writeFileSync(join(dir, 'apl.xml'), XML);
    const after = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!;
    assert.deepEqual(ofRule(after.diagnostics, 'file-skipped'), []);
    assert.ok(after.files.includes('apl.xml'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: a missing file with no close name gets no fix', () => {
  const topo = TOPO.replace('config: [api.xml]', 'config: [services/api/context.xml]');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': topo, 'api.xml': XML });
  try {
    const [d] = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, 'file-skipped');
    assert.equal(d.message, 'Not analyzed: services/api/context.xml does not exist in the workspace.');
    assert.deepEqual(d.fixes, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file-skipped: the file another service lists, or one in another service\'s folder, is not offered for a missing file', () => {
  // order's config.properties renamed away: driver's, one folder name off, is another service's file.
  const files = exampleFiles();
  const text = files[ORDER_PROPS];
  delete files[ORDER_PROPS];
  const missing = (fs: Record<string, string>) =>
    ofRule(lintFiles(fs), 'file-skipped').map((d) => [d.message, d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText])]);
  assert.deepEqual(missing(files), [[`Not analyzed: ${ORDER_PROPS} does not exist in the workspace.`, []]]);
  // Not listed by any service, but in a folder more than a slip away: no suggestion either.
  assert.deepEqual(missing({ ...files, 'driver/src/main/resources/config.properties': text, 'web/src/main/resources/config.properties': text }), [
    [`Not analyzed: ${ORDER_PROPS} does not exist in the workspace.`, []],
  ]);
  // The same file misspelt on disk, in its folder; or its folder misspelt in the topology.
  for (const [onDisk, listed] of [
    ['order/src/main/resources/conifg.properties', ORDER_PROPS],
    [ORDER_PROPS, 'order/src/main/resource/config.properties'],
    [ORDER_PROPS, 'ordr/src/main/resources/config.properties'],
  ]) {
    const fs = { ...files, [onDisk]: text, 'dubbo-topology.yaml': files['dubbo-topology.yaml'].replace(`properties: [${ORDER_PROPS}]`, `properties: [${listed}]`) };
    assert.deepEqual(missing(fs), [[`Not analyzed: ${listed} does not exist in the workspace. Did you mean "${onDisk}"?`, [[`Replace with "${onDisk}"`, false, onDisk]]]], onDisk);
  }
  // Two files as close: no telling which.
  assert.deepEqual(missing({ ...files, 'order/src/main/resources/config1.properties': text, 'order/src/main/resources/config2.properties': text }), [
    [`Not analyzed: ${ORDER_PROPS} does not exist in the workspace.`, []],
  ]);
});

test('file-skipped: a folder listed as a file is named a folder, not a missing file', () => {
  const topo = TOPO.replace('config: [api.xml]', 'config: [api/conf]');
  const dir = tempWorkspace({ 'dubbo-topology.yaml': topo, 'api/conf/api.xml': XML, 'api/conf/dubbo.properties': '' });
  try {
    const [d, ...rest] = ofRule(lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers })!.diagnostics, 'file-skipped');
    assert.equal(rest.length, 0);
    assert.equal(d.file, 'dubbo-topology.yaml');
    assert.equal(d.message, 'Not analyzed: api/conf is a folder. List the configuration files in it one by one (api/conf/api.xml, …).');
    assert.deepEqual(d.fixes, []);
    const zh = lintWorkspace(new NodeWorkspace(dir), { analyzers: defaultAnalyzers, locale: 'zh-cn' })!;
    assert.equal(ofRule(zh.diagnostics, 'file-skipped')[0].message, '未分析：api/conf 是一个目录。请逐个列出其中的配置文件（api/conf/api.xml 等）。');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
