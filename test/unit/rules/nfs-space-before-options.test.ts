import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintExports } from '../support/nfs';

test('nfs-space-before-options: `host (rw)` is reported on the detached list, the fix joins them', () => {
  const text = '/home/wwwroot/upload 139.159.250.207 (rw,sync)\n';
  const ds = ofRule(lintExports(text), 'nfs-space-before-options');
  assert.equal(ds.length, 1);
  const [d] = ds;
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '0:37-0:46');
  assert.equal(
    d.message,
    'The space before "(rw,sync)" exports /home/wwwroot/upload to 139.159.250.207 with default options (ro) and "(rw,sync)" to every host. Write 139.159.250.207(rw,sync).',
  );
  assert.equal(d.fixes[0].safe, true);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, '/home/wwwroot/upload 139.159.250.207(rw,sync)\n');
});

test('nfs-space-before-options: across a continuation line, the fix removes the backslash and break', () => {
  const text = '/srv host1 \\\n   (rw)\n';
  const [d] = ofRule(lintExports(text, { listed: false, file: 'etc/exports' }), 'nfs-space-before-options');
  assert.equal(at(d), '1:3-1:7');
  assert.equal(applyEdits(text, d.fixes[0].edits).text, '/srv host1(rw)\n');
});

test('nfs-space-before-options: the world-wide list is not also reported as a wildcard', () => {
  const ds = lintExports('/srv host1 (rw)\n', { listed: false, file: 'etc/exports' });
  assert.deepEqual(ofRule(ds, 'nfs-insecure-wildcard'), []);
});

test('nfs-space-before-options: attached lists, and a host after a client with options, pass', () => {
  assert.deepEqual(ofRule(lintExports('/srv a(rw) b(ro)\n/srv2 c(rw) (ro)\n', { listed: false, file: 'etc/exports' }), 'nfs-space-before-options'), []);
});
