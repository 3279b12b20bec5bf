import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import { at, lintFiles, ofRule } from '../support/lint';
import { lineOf, lintExports, shareYaml } from '../support/nfs';

test('nfs-no-root-squash: the seed line, on the option; the fix writes root_squash and nothing else', () => {
  const text = '/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash)\n';
  const [d, ...rest] = ofRule(lintExports(text), 'nfs-no-root-squash');
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '0:45-0:59');
  assert.match(d.message, /^no_root_squash lets root on 139\.159\.250\.207 act as root on \/home\/wwwroot\/upload/);
  assert.equal(d.fixes[0].title, 'Replace with root_squash');
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, '/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash)\n');
});

test('nfs-no-root-squash: in line defaults, reported once for all clients it reaches; overridden clients do not count', () => {
  const ds = ofRule(lintExports('/srv -no_root_squash a b c(root_squash)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash');
  assert.equal(ds.length, 1);
  assert.equal(at(ds[0]), '0:6-0:20');
  assert.match(ds[0].message, /root on a, b act/);
  const [zh] = ofRule(lintExports('/srv -no_root_squash a b c(root_squash)\n', { listed: false, file: 'x.exports', locale: 'zh-cn' }), 'nfs-no-root-squash');
  assert.match(zh.message, /^no_root_squash 使 a、b 上的 root/);
});

test('nfs-no-root-squash: in the share options of the topology', () => {
  const yaml = shareYaml({ options: '[rw, sync, no_root_squash]' });
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer] }), 'nfs-no-root-squash');
  const line = lineOf(yaml, 'options:');
  assert.deepEqual(ds.map(at), [`${line}:24-${line}:38`]);
  assert.equal(ds[0].fixes[0].edits[0].newText, 'root_squash');
  assert.equal(ds[0].file, 'dubbo-topology.yaml');
  assert.equal(
    ds[0].message,
    'Share upload asks for no_root_squash: the setup command would export /home/wwwroot/upload with root on the clients acting as root on the server. Use root_squash.',
  );
});

test('nfs-no-root-squash: root_squash, the default, and an overridden default pass', () => {
  assert.deepEqual(ofRule(lintExports('/a h(rw,root_squash)\n/b h\n/c h(no_root_squash,root_squash)\n'), 'nfs-no-root-squash'), []);
});

test('nfs-no-root-squash: a sec= block keeps its no_root_squash when a later block squashes', () => {
  const text = '/home/wwwroot/upload 139.159.250.207(rw,sec=krb5p,no_root_squash,sec=sys,root_squash)\n';
  const [d, ...rest] = ofRule(lintExports(text), 'nfs-no-root-squash');
  assert.equal(rest.length, 0);
  assert.equal(text.slice(d.range.start.character, d.range.end.character), 'no_root_squash');
  // Without sec= blocks, the last written wins as before.
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(rw,no_root_squash,root_squash)\n'), 'nfs-no-root-squash'), []);
});

test('nfs-no-root-squash: with all_squash every uid is mapped to anonuid, root included, so no_root_squash changes nothing', () => {
  const text = '/srv/data 10.0.0.0/24(rw,sync,all_squash,no_root_squash,anonuid=1000,anongid=1000)\n';
  assert.deepEqual(ofRule(lintExports(text, { listed: false, file: 'etc/exports' }), 'nfs-no-root-squash'), []);
  // In the line defaults too; a client that undoes all_squash is reported.
  const ds = ofRule(lintExports('/srv -all_squash,no_root_squash a b(no_all_squash)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash');
  assert.deepEqual(ds.map((d) => [at(d), d.message.slice(0, 30)]), [['0:17-0:31', 'no_root_squash lets root on b ']]);
  // A sec= block without all_squash keeps its no_root_squash.
  const blocks = ofRule(lintExports('/srv h(sec=krb5p,no_root_squash,sec=sys,all_squash)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash');
  assert.equal(blocks.length, 1);
  // In the share options of the topology.
  const yaml = shareYaml({ options: '[rw, sync, all_squash, no_root_squash, anonuid=1000]' });
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer] }), 'nfs-no-root-squash'), []);
});

test('nfs-no-root-squash: all_squash with anonuid=0 makes every client user root; the fix gives back the default uid', () => {
  const text = '/srv/data 10.0.0.0/24(rw,sync,all_squash,anonuid=0,anongid=0)\n';
  const ds = ofRule(lintExports(text, { listed: false, file: 'etc/exports' }), 'nfs-no-root-squash');
  assert.deepEqual(ds.map(at), ['0:41-0:50']);
  assert.equal(
    ds[0].message,
    'all_squash with anonuid=0 maps every user on 10.0.0.0/24 to uid 0 on /srv/data: any user on a client acts as root on the share and can plant setuid files or rewrite anything in it. Use an unprivileged anonuid, such as 65534 (the default).',
  );
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe]), [['Replace with anonuid=65534', false]]);
  assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, '/srv/data 10.0.0.0/24(rw,sync,all_squash,anonuid=65534,anongid=0)\n');
  const [zh] = ofRule(lintExports(text, { listed: false, file: 'etc/exports', locale: 'zh-cn' }), 'nfs-no-root-squash');
  assert.match(zh.message, /^all_squash 加 anonuid=0 会把 10\.0\.0\.0\/24 上的所有用户映射为 \/srv\/data 上的 uid 0/);
  // With no_root_squash too: one finding, on anonuid=0.
  const both = ofRule(lintExports('/srv h(rw,all_squash,no_root_squash,anonuid=0)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash');
  assert.deepEqual(both.map((d) => [at(d), d.message.slice(0, 25)]), [['0:36-0:45', 'all_squash with anonuid=0']]);
});

test('nfs-no-root-squash: root_squash (written or the default) with anonuid=0 maps root to root', () => {
  const ds = ofRule(lintExports('/a h(rw,anonuid=0)\n/b -anonuid=0 h(rw,root_squash) k(no_root_squash)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash');
  assert.deepEqual(ds.map((d) => [at(d), d.message.slice(0, 40)]), [
    ['0:8-0:17', 'anonuid=0 maps root on h to uid 0 on /a:'],
    ['1:4-1:13', 'anonuid=0 maps root on h to uid 0 on /b:'],
    ['1:34-1:48', 'no_root_squash lets root on k act as roo'],
  ]);
  assert.equal(
    ds[0].message,
    'anonuid=0 maps root on h to uid 0 on /a: root_squash then changes nothing, and root on a client acts as root on the share. Use an unprivileged anonuid, such as 65534 (the default).',
  );
  // An unprivileged anonuid, and a later anonuid that overrides 0, pass.
  assert.deepEqual(ofRule(lintExports('/a h(rw,anonuid=1000)\n/b -anonuid=0 h(anonuid=65534)\n', { listed: false, file: 'x.exports' }), 'nfs-no-root-squash'), []);
});

test('nfs-no-root-squash: anonuid=0 in the share options of the topology', () => {
  const yaml = shareYaml({ options: '[rw, sync, all_squash, anonuid=0]' });
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer] }), 'nfs-no-root-squash');
  const line = lineOf(yaml, 'options:');
  assert.deepEqual(ds.map(at), [`${line}:36-${line}:45`]);
  assert.equal(
    ds[0].message,
    'Share upload asks for anonuid=0: the setup command would export /home/wwwroot/upload with the users it squashes (root, or every user with all_squash) acting as root on the server. Use an unprivileged anonuid.',
  );
  assert.equal(ds[0].fixes[0].edits[0].newText, 'anonuid=65534');
  // Root squashed by default (the setup command writes root_squash) is root again.
  assert.equal(ofRule(lintFiles({ 'dubbo-topology.yaml': shareYaml({ options: '[rw, anonuid=0]' }) }, { analyzers: [exportsAnalyzer] }), 'nfs-no-root-squash').length, 1);
  // With no_root_squash, that option is what is reported.
  const nrs = ofRule(lintFiles({ 'dubbo-topology.yaml': shareYaml({ options: '[rw, no_root_squash, anonuid=0]' }) }, { analyzers: [exportsAnalyzer] }), 'nfs-no-root-squash');
  assert.deepEqual(nrs.map((d) => d.fixes[0].edits[0].newText), ['root_squash']);
});
