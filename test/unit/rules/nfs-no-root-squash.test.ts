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
