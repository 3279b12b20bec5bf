import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { lineOf, lintExports, shareYaml } from '../support/nfs';
import { lintFiles } from '../support/lint';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';

test('exports-syntax: unknown option with a did-you-mean fix, at the option', () => {
  const ds = ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(rw,no_subtre_check)\n'), 'exports-syntax');
  assert.equal(ds.length, 1);
  const [d] = ds;
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '0:40-0:55');
  assert.equal(d.message, 'Unknown export option "no_subtre_check": exportfs rejects the whole entry.');
  assert.equal(d.fixes[0].title, 'Replace with "no_subtree_check"');
  assert.equal(d.fixes[0].safe, false);
  assert.deepEqual(d.fixes[0].edits, [{ file: 'nfs/exports', range: d.range, newText: 'no_subtree_check' }]);
});

test('exports-syntax: a missing ")" gets a safe fix at the end of the word; a bracketed IPv6 loses its brackets', () => {
  const ds = ofRule(lintExports('/srv a(rw\n/srv [2001:db8::1](ro)\n', { listed: false, file: 'etc/exports' }), 'exports-syntax');
  assert.deepEqual(
    ds.map((d) => [at(d), d.fixes[0]?.safe, d.fixes[0]?.edits[0].newText, `${d.fixes[0]?.edits[0].range.start.line}:${d.fixes[0]?.edits[0].range.start.character}`]),
    [
      ['0:6-0:9', true, ')', '0:9'],
      ['1:5-1:18', true, '2001:db8::1', '1:5'],
    ],
  );
});

test('exports-syntax: messages in Simplified Chinese', () => {
  const [d] = ofRule(lintExports('/srv a(rw,,ro)\n', { locale: 'zh-cn' }), 'exports-syntax');
  assert.equal(d.message, '选项列表中有空选项（连续逗号或开头逗号）。');
  assert.equal(at(d), '0:10-0:11');
});

test('exports-syntax: the values an option takes, said in the message\'s language', () => {
  const text = '/srv a(anonuid=x) b(sec=krb9) c(fsid=z/y) d(reexport=auto)\n';
  const en = ofRule(lintExports(text), 'exports-syntax').map((d) => d.message);
  assert.deepEqual(en, [
    'Invalid value "x" for anonuid: expected a number.',
    'Invalid value "krb9" for sec: expected sys, krb5, krb5i, krb5p (colon-separated).',
    'Invalid value "z/y" for fsid: expected a number, root or a UUID.',
    'Invalid value "auto" for reexport: expected auto-fsidnum, predefined-fsidnum, none.',
  ]);
  const zh = ofRule(lintExports(text, { locale: 'zh-cn' }), 'exports-syntax').map((d) => d.message);
  assert.deepEqual(zh, [
    'anonuid 的取值 "x" 无效：应为一个数字。',
    'sec 的取值 "krb9" 无效：应为以下一项或多项（以冒号分隔）：sys、krb5、krb5i、krb5p。',
    'fsid 的取值 "z/y" 无效：应为数字、root 或 UUID。',
    'reexport 的取值 "auto" 无效：应为以下之一：auto-fsidnum、predefined-fsidnum、none。',
  ]);
});

test('exports-syntax: an unknown option in the share\'s own options in the topology', () => {
  const yaml = shareYaml({ options: '[rw, sinc, sec=krb9]', exportsFile: null });
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer] }), 'exports-syntax');
  const line = lineOf(yaml, 'options:');
  assert.deepEqual(ds.map(at), [`${line}:18-${line}:22`, `${line}:24-${line}:32`]);
  assert.equal(ds[0].message, 'Invalid export option "sinc" in share upload: the setup command would write an entry exportfs rejects.');
  const good = shareYaml({ options: '[rw, sync, sec=krb5p, anonuid=1000, no_subtree_check]', exportsFile: null });
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': good }, { analyzers: [exportsAnalyzer] }), 'exports-syntax'), []);
});

test('exports-syntax: a well-formed file passes', () => {
  const text = '# shared uploads\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check) \\\n  @ops(ro) 10.1.0.0/16(ro,sec=krb5p)\n';
  assert.deepEqual(ofRule(lintExports(text), 'exports-syntax'), []);
});
