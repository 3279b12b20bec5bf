import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import { at, lintFiles, ofRule } from '../support/lint';
import { lineOf, lintExports, shareYaml } from '../support/nfs';

test('nfs-client-mismatch: the client written by its internal IP of another region; fix: the external IP', () => {
  const text = '/home/wwwroot/upload 172.16.8.101(rw,sync)\n';
  const ds = lintExports(text);
  const [d, ...rest] = ofRule(ds, 'nfs-client-mismatch');
  assert.equal(rest.length, 0, 'the client counts as covered once fixed: no "missing" finding too');
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '0:21-0:33');
  assert.equal(
    d.message,
    '172.16.8.101 is the internal IP of api-2 (华东2): NFS server api-1 (华东1) is in another region and sees api-2 by its external IP 139.159.250.207, so this export never matches it.',
  );
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe]), [['Replace with 139.159.250.207 (api-2)', true]]);
  assert.equal(applyEdits(text, d.fixes[0].edits).text, '/home/wwwroot/upload 139.159.250.207(rw,sync)\n');
  assert.deepEqual(ofRule(ds, 'cross-region-internal-ip'), [], 'the NFS rule speaks for this address');
});

test('nfs-client-mismatch: a share client missing from the export, with a fix adding it', () => {
  const text = '/home/wwwroot/upload 10.9.9.9(rw)\n';
  const [d] = ofRule(lintExports(text), 'nfs-client-mismatch');
  assert.equal(at(d), '0:0-0:20');
  assert.equal(
    d.message,
    'Share upload lists api-2 (华东2) as a client, but this export does not include it; server api-1 sees it as 139.159.250.207.',
  );
  assert.equal(d.fixes[0].safe, false);
  assert.equal(
    applyEdits(text, d.fixes[0].edits).text,
    '/home/wwwroot/upload 10.9.9.9(rw) 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n',
  );
});

test('nfs-client-mismatch: a topology host that is not a client; a path the exports file lacks', () => {
  const ds = ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(rw) 139.159.250.7(rw)\n'), 'nfs-client-mismatch');
  assert.deepEqual(ds, [], 'the server itself is not reported');
  const yaml = shareYaml({ clients: '[api-2]' }).replace('server: api-1', 'server: api-2');
  const other = ofRule(lintExports('/home/wwwroot/upload 172.16.8.101(rw) 139.159.250.7(rw)\n', { yaml }), 'nfs-client-mismatch');
  assert.deepEqual(other.map((d) => [at(d), d.message]), [
    ['0:38-0:51', '139.159.250.7 is host api-1 (华东1), which is not a client of share upload.'],
  ]);
  const ws = { 'dubbo-topology.yaml': shareYaml(), 'nfs/exports': '/srv/other 139.159.250.207(rw)\n' };
  const top = ofRule(lintFiles(ws, { analyzers: [exportsAnalyzer] }), 'nfs-client-mismatch').filter((d) => d.file === 'dubbo-topology.yaml');
  const line = lineOf(ws['dubbo-topology.yaml'], 'exportsFile:');
  assert.deepEqual(top.map((d) => [at(d), d.message]), [[`${line}:17-${line}:28`, 'Share upload: nfs/exports has no export of /home/wwwroot/upload.']]);
});

test('nfs-client-mismatch: the reachable address, a covering network, a trailing slash on the path, and host names pass', () => {
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload/ 139.159.250.207(rw)\n'), 'nfs-client-mismatch'), []);
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload 139.159.250.0/24(rw)\n'), 'nfs-client-mismatch'), []);
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload api-2.example(rw)\n'), 'nfs-client-mismatch'), []);
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload 139.159.257.207(rw)\n'), 'nfs-client-mismatch'), [], 'an invalid address is ip-invalid\'s');
});

/** One region `lan`, server nfs-1 and clients app-1, app-2 of share data. */
const ONE_LAN = `version: 1
regions:
  lan:
    name: lan
    lan: [10.0.1.0/24]
    hosts:
      nfs-1: { internal: 10.0.1.50 }
      app-1: { internal: 10.0.1.51 }
      app-2: { internal: 10.0.1.52 }
      app-3: { internal: 10.0.1.53 }
shares:
  data:
    server: nfs-1
    path: /srv/data
    clients: [app-1, app-2]
    options: [rw, sync]
    exportsFile: nfs/exports
`;

test('nfs-client-mismatch: one path on several lines is one export (exportfs merges them): the clients of all lines count', () => {
  const text = '/srv/data 10.0.1.51(rw,sync)\n/srv/data 10.0.1.52(rw,sync)\n';
  assert.deepEqual(ofRule(lintExports(text, { yaml: ONE_LAN }), 'nfs-client-mismatch'), []);
  // With a trailing slash on one line, and another path between them.
  const split = '/srv/data/ 10.0.1.51(rw,sync)\n/srv/other 10.0.1.53(ro)\n/srv/data 10.0.1.52(rw,sync)\n';
  assert.deepEqual(ofRule(lintExports(split, { yaml: ONE_LAN }), 'nfs-client-mismatch'), []);
});

test('nfs-client-mismatch: a client missing from every line of the path is reported once, on the first line', () => {
  const yaml = ONE_LAN.replace('clients: [app-1, app-2]', 'clients: [app-1, app-2, app-3]');
  const text = '/srv/data 10.0.1.51(rw,sync)\n/srv/data 10.0.1.52(rw,sync)\n';
  const ds = ofRule(lintExports(text, { yaml }), 'nfs-client-mismatch');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['0:0-0:9', 'Share data lists app-3 (lan) as a client, but this export does not include it; server nfs-1 sees it as 10.0.1.53.'],
  ]);
  assert.equal(applyEdits(text, ds[0].fixes[0].edits).text, '/srv/data 10.0.1.51(rw,sync) 10.0.1.53(rw,sync,root_squash,no_subtree_check)\n/srv/data 10.0.1.52(rw,sync)\n');
  // A host name on any line of the path may be the missing client: nothing to say.
  assert.deepEqual(ofRule(lintExports(`${text}/srv/data app-3.example(rw)\n`, { yaml }), 'nfs-client-mismatch'), []);
});

test('nfs-client-mismatch: the message for several missing clients, in both languages', () => {
  const text = '/srv/data 10.0.1.53(ro)\n';
  const yaml = ONE_LAN.replace('clients: [app-1, app-2]', 'clients: [app-1, app-2, app-3]');
  const [d] = ofRule(lintExports(text, { yaml }), 'nfs-client-mismatch');
  assert.equal(d.message, 'Share data lists app-1 (lan), app-2 (lan) as clients, but this export does not include them; server nfs-1 sees them as 10.0.1.51, 10.0.1.52.');
  assert.equal(d.fixes[0].title, 'Add 10.0.1.51, 10.0.1.52');
  const [zh] = ofRule(lintExports(text, { yaml, locale: 'zh-cn' }), 'nfs-client-mismatch');
  assert.equal(zh.message, '共享 data 的客户端包括 app-1（lan）、app-2（lan），但此导出没有包含它们；服务器 nfs-1 看到的地址是 10.0.1.51、10.0.1.52。');
  assert.equal(zh.fixes[0].title, '添加 10.0.1.51、10.0.1.52');
  const [one] = ofRule(lintExports('/srv/data 10.0.1.51(ro) 10.0.1.53(ro)\n', { yaml, locale: 'zh-cn' }), 'nfs-client-mismatch');
  assert.equal(one.message, '共享 data 的客户端包括 app-2（lan），但此导出没有包含它；服务器 nfs-1 看到的地址是 10.0.1.52。');
});
