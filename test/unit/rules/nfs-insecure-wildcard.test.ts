import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintExports } from '../support/nfs';

test('nfs-insecure-wildcard: `*` in the share\'s exports file, fixed to the address the server sees the client by', () => {
  const text = '/home/wwwroot/upload *(rw,sync)\n';
  const [d] = ofRule(lintExports(text), 'nfs-insecure-wildcard');
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '0:21-0:22');
  assert.equal(d.message, '"*" exports /home/wwwroot/upload to every host that can reach the server.');
  assert.equal(d.fixes[0].title, "Export only to the share's clients: 139.159.250.207");
  assert.equal(d.fixes[0].safe, false);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, '/home/wwwroot/upload 139.159.250.207(rw,sync)\n');
});

test('nfs-insecure-wildcard: public networks, bare option lists and client-less lines', () => {
  const text = '/a 0.0.0.0/0(ro) 203.0.113.0/24(ro) 10.0.0.0/8(ro)\n/b (ro)\n/c\n/d *.*(ro) *.example.com(ro)\n';
  const ds = ofRule(lintExports(text, { listed: false, file: 'etc/exports' }), 'nfs-insecure-wildcard');
  assert.deepEqual(
    ds.map((d) => [at(d), d.fixes.length]),
    [
      ['0:3-0:12', 0],
      ['0:17-0:31', 0],
      ['1:3-1:7', 0],
      ['2:0-2:2', 0],
      ['3:3-3:6', 0],
    ],
  );
  assert.equal(ds[3].message, '/c names no client, so it is exported to every host.');
});

test('nfs-insecure-wildcard: specific hosts, private networks, netgroups and domain patterns pass', () => {
  const text = '/srv 139.159.250.207(rw) 192.168.0.0/16(ro) @ops(ro) *.corp.example(ro)\n';
  assert.deepEqual(ofRule(lintExports(text), 'nfs-insecure-wildcard'), []);
});
