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

/** A region whose declared LAN is a public range (130.10.0.0/16). */
const PUBLIC_LAN = `version: 1
regions:
  campus:
    name: campus
    lan: [130.10.0.0/16]
    hosts:
      nfs-1: { internal: 130.10.0.50 }
      app-1: { internal: 130.10.1.51 }
shares:
  data:
    server: nfs-1
    path: /srv/data
    clients: [app-1]
    options: [rw, sync]
    exportsFile: nfs/exports
`;

test('nfs-insecure-wildcard: a network equal to or inside a region\'s LAN is that LAN, even when the range is public', () => {
  const text = '/srv/data 130.10.0.0/16(rw,sync) 130.10.1.0/24(rw,sync) 130.10.1.0/255.255.255.0(rw,sync)\n';
  assert.deepEqual(ofRule(lintExports(text, { yaml: PUBLIC_LAN }), 'nfs-insecure-wildcard'), []);
  // Also in a file no share lists: the topology still declares the LAN.
  const unlisted = PUBLIC_LAN.replace(/shares:[\s\S]*/, '');
  assert.deepEqual(ofRule(lintExports(text, { yaml: unlisted, file: 'etc/exports' }), 'nfs-insecure-wildcard'), []);
  // A network reaching past the LAN is still a public network.
  const wider = ofRule(lintExports('/srv/data 130.10.0.0/15(rw,sync) 130.0.0.0/8(ro)\n', { yaml: PUBLIC_LAN }), 'nfs-insecure-wildcard');
  assert.deepEqual(wider.map((d) => [at(d), d.message]), [
    ['0:10-0:23', '130.10.0.0/15 is a public network: /srv/data is exported to every host in it on the internet.'],
    ['0:33-0:44', '130.0.0.0/8 is a public network: /srv/data is exported to every host in it on the internet.'],
  ]);
});

test('nfs-insecure-wildcard: a network that starts in a private or unspecified block but reaches public addresses', () => {
  const ds = ofRule(lintExports('/a 0.0.0.0/1(ro) 10.0.0.0/7(ro) 10.0.0.0/8(ro)\n', { listed: false, file: 'etc/exports' }), 'nfs-insecure-wildcard');
  assert.deepEqual(ds.map(at), ['0:3-0:12', '0:17-0:27']);
});

test('nfs-insecure-wildcard: in Chinese, the fix lists the clients\' addresses with 、', () => {
  const yaml = `version: 1
regions:
  lan:
    name: lan
    lan: [10.0.1.0/24]
    hosts:
      nfs-1: { internal: 10.0.1.50 }
      app-1: { internal: 10.0.1.51 }
      app-2: { internal: 10.0.1.52 }
shares:
  data:
    server: nfs-1
    path: /srv/data
    clients: [app-1, app-2]
    options: [rw, sync]
    exportsFile: nfs/exports
`;
  const [zh] = ofRule(lintExports('/srv/data *(rw,sync)\n', { yaml, locale: 'zh-cn' }), 'nfs-insecure-wildcard');
  assert.equal(zh.fixes[0].title, '仅导出给共享的客户端：10.0.1.51、10.0.1.52');
});
