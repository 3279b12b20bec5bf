import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportsAnalyzer, isExportsFileName } from '../../../src/core/nfs/analyzer';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';
import { contextFor, memoryWorkspace } from '../support/context';
import { shareYaml } from '../support/nfs';

const EXPORTS = '/home/wwwroot/upload 139.159.250.207(rw,no_root_squash) 172.16.8.0/24(ro)\n';

function ctxWith(exportsText = EXPORTS, yaml = shareYaml()) {
  return contextFor(memoryWorkspace({ 'dubbo-topology.yaml': yaml, 'nfs/exports': exportsText, 'etc/site.exports': '/x *(ro)\n', 'notes/exports.txt': '' }));
}

test('files: the share\'s exportsFile, files named exports or *.exports, and the topology when it has shares', () => {
  assert.deepEqual(exportsAnalyzer.files(ctxWith()), ['dubbo-topology.yaml', 'etc/site.exports', 'nfs/exports']);
  const noShares = contextFor(memoryWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS }));
  assert.deepEqual(exportsAnalyzer.files(noShares), []);
  assert.equal(isExportsFileName('a/b/exports'), true);
  assert.equal(isExportsFileName('.exports'), false);
  assert.equal(isExportsFileName('exports.bak'), false);
});

test('hover on a client address: the host, its region, and how the server sees it (en and zh-cn)', () => {
  const ctx = ctxWith();
  const h = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 25 }, ctx, 'en')!;
  assert.deepEqual(h.range, { start: { line: 0, character: 21 }, end: { line: 0, character: 36 } });
  assert.match(h.markdown, /\*\*api-2\*\* \(华东2\), external IP/);
  assert.match(h.markdown, /From server \*\*api-1\*\* \(华东1\): reached over the public network/);
  assert.match(h.markdown, /In effect: \*\*rw\*\*, sync, \*\*no_root_squash\*\*/);
  const zh = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 25 }, ctx, 'zh-cn')!;
  assert.match(zh.markdown, /\*\*api-2\*\*（华东2），外网 IP/);
  assert.match(zh.markdown, /从服务器 \*\*api-1\*\*（华东1）看：经公网访问/);
  // In Chinese the options in effect are listed with 、 after a full-width colon.
  assert.match(zh.markdown, /\n\n生效的选项：\*\*rw\*\*、sync、\*\*no_root_squash\*\*/);
});

test('hover on an option: meaning and default; on a network: the hosts inside; on the path: the share', () => {
  const ctx = ctxWith();
  const opt = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 45 }, ctx, 'en')!;
  assert.match(opt.markdown, /^\*\*no_root_squash\*\* — Client root acts as root/);
  assert.match(opt.markdown, /Default: `root_squash`/);
  const zh = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 38 }, ctx, 'zh-cn')!;
  assert.equal(zh.markdown, '**rw** — 客户端可读可写。\n\n默认：`ro`');
  const net = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 60 }, ctx, 'en')!;
  assert.match(net.markdown, /Network 172\.16\.8\.0\/24/);
  assert.match(net.markdown, /Topology hosts inside: api-2 \(华东2\)/);
  const path = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 3 }, ctx, 'en')!;
  assert.match(path.markdown, /Share \*\*upload\*\*: server api-1, clients api-2 as 139\.159\.250\.207, mounted at `\/home\/wwwroot\/upload`/);
  assert.equal(exportsAnalyzer.hover!('dubbo-topology.yaml', shareYaml(), { line: 0, character: 0 }, ctx, 'en'), undefined);
});

test('completion: options inside parentheses, flavours after sec=, client addresses as the server sees them, share paths', () => {
  const ctx = ctxWith();
  const opts = exportsAnalyzer.complete!('nfs/exports', '/srv h(rw,no', { line: 0, character: 12 }, ctx, 'en');
  const names = opts.map((o) => o.label);
  assert.ok(names.includes('root_squash') && names.includes('sec=') && !names.includes('auth_nlm'));
  assert.deepEqual(opts[0].range, { start: { line: 0, character: 10 }, end: { line: 0, character: 12 } });
  const sec = exportsAnalyzer.complete!('nfs/exports', '/srv h(sec=krb5:', { line: 0, character: 16 }, ctx, 'en');
  assert.deepEqual(sec.map((s) => s.label), ['sys', 'krb5', 'krb5i', 'krb5p', 'none']);
  const addr = exportsAnalyzer.complete!('nfs/exports', '/home/wwwroot/upload ', { line: 0, character: 21 }, ctx, 'en');
  assert.deepEqual(addr.map((a) => [a.label, a.insertText, a.detail]), [
    ['139.159.250.207', '139.159.250.207(${1:rw,sync,root_squash,no_subtree_check})', 'api-2 (华东2) — share upload'],
  ]);
  const paths = exportsAnalyzer.complete!('nfs/exports', '/ho', { line: 0, character: 3 }, ctx, 'en');
  assert.deepEqual(paths.map((p) => p.label), ['/home/wwwroot/upload']);
  const unlisted = exportsAnalyzer.complete!('etc/site.exports', '/x ', { line: 0, character: 3 }, ctx, 'en');
  assert.deepEqual(unlisted.map((a) => a.label), ['192.168.27.101', '139.159.250.7', '172.16.8.101', '139.159.250.207']);
  assert.deepEqual(exportsAnalyzer.complete!('nfs/exports', '/x # (', { line: 0, character: 6 }, ctx, 'en'), []);
});

test('address rules judge every client address of the exports file from the share\'s server, the other lines too', () => {
  const yaml = `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      h1: { internal: 10.0.0.1 }
      h2: { internal: 10.0.0.2 }
  r2:
    name: R2
    lan: [10.0.1.0/24]
    hosts:
      h4: { internal: 10.0.1.1, external: 8.8.8.8 }
services: {}
shares:
  s1: { server: h1, path: /x, clients: [h2], mount: /x, options: [rw], exportsFile: exports }
`;
  const text = '/x 10.0.0.2(rw) 10.0.0.7(rw)\n/y 10.0.1.1(rw) 10.0.0.8(rw) 9.9.9.9(rw)\n/x 10.0.1.1(ro)\n';
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml, exports: text }, { analyzers: [exportsAnalyzer] }).filter((d) => d.file === 'exports');
  const rules = ['ip-unknown', 'cross-region-internal-ip', 'nfs-client-mismatch'];
  assert.deepEqual(
    ds.filter((d) => rules.includes(d.rule)).map((d) => `${at(d)} ${d.rule} ${d.message}`),
    [
      '0:16-0:24 ip-unknown 10.0.0.7 is inside the LAN of R1 but matches no host in the topology.',
      '1:3-1:11 cross-region-internal-ip 10.0.1.1 is the internal IP of h4 in R2; it is unreachable from h1 (R1). Other regions reach h4 by its external IP 8.8.8.8.',
      '1:16-1:24 ip-unknown 10.0.0.8 is inside the LAN of R1 but matches no host in the topology.',
      '1:29-1:36 ip-unknown 9.9.9.9 matches no host or LAN in the topology.',
      // On a line of the share's path, nfs-client-mismatch speaks for an address the server cannot see.
      '2:3-2:11 nfs-client-mismatch 10.0.1.1 is the internal IP of h4 (R2): NFS server h1 (R1) is in another region and sees h4 by its external IP 8.8.8.8, so this export never matches it.',
    ],
  );
  const [cross] = ofRule(ds, 'cross-region-internal-ip');
  assert.deepEqual(cross.fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Use the external IP of h4 (8.8.8.8)', true, '8.8.8.8']]);
});

test('hover on the path: the share\'s clients listed as the language lists them', () => {
  const yaml = shareYaml({ clients: '[api-2, api-3]' }).replace(
    '        services: [api]\n',
    '        services: [api]\n      api-3:\n        internal: 172.16.8.102\n        external: 139.159.250.208\n        services: [api]\n',
  );
  const ctx = ctxWith(EXPORTS, yaml);
  const en = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 3 }, ctx, 'en')!;
  assert.match(en.markdown, /clients api-2 as 139\.159\.250\.207, api-3 as 139\.159\.250\.208, mounted at/);
  const zh = exportsAnalyzer.hover!('nfs/exports', EXPORTS, { line: 0, character: 3 }, ctx, 'zh-cn')!;
  assert.match(zh.markdown, /客户端 api-2（139\.159\.250\.207）、api-3（139\.159\.250\.208），挂载到/);
});
