import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import { at, lintFiles, ofRule } from '../support/lint';
import { lineOf, lintExports, shareYaml } from '../support/nfs';

test('nfs-async: async on a client, info, with an unsafe fix to sync', () => {
  const [d] = ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(rw,async)\n'), 'nfs-async');
  assert.equal(d.severity, 'info');
  assert.equal(at(d), '0:40-0:45');
  assert.match(d.message, /^async answers writes to \/home\/wwwroot\/upload before they reach disk/);
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with sync', false, 'sync']]);
});

test('nfs-async: in the share options of the topology, in Chinese', () => {
  const yaml = shareYaml({ options: '[rw, async]' });
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer], locale: 'zh-cn' }), 'nfs-async');
  const line = lineOf(yaml, 'options:');
  assert.deepEqual(ds.map(at), [`${line}:18-${line}:23`]);
  assert.equal(ds[0].message, '共享 upload 要求 async：写入在落到服务器磁盘前就被确认。');
});

test('nfs-async: sync, and async overridden by sync, pass', () => {
  assert.deepEqual(ofRule(lintExports('/a h(rw,sync)\n/b -async h(sync)\n/c h\n'), 'nfs-async'), []);
});
