import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';
import { lineOf, lintExports, shareYaml } from '../support/nfs';

test('nfs-public-export: a client in the other region, seen from the server by its external IP', () => {
  const [d, ...rest] = ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(rw,sync)\n'), 'nfs-public-export');
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '0:21-0:36');
  assert.equal(
    d.message,
    '139.159.250.207 (api-2, 华东2) reaches /home/wwwroot/upload over the public network: NFS with sec=sys is not encrypted, so file contents and user ids cross the internet in clear text. Carry it through a WireGuard or SSH tunnel, or require sec=krb5p.',
  );
});

test('nfs-public-export: without a vantage host, a host\'s external IP or any public address still counts', () => {
  const ds = ofRule(lintExports('/srv 139.159.250.207(rw) 8.8.8.8(ro) 10.1.1.1(rw)\n', { listed: false, file: 'etc/exports' }), 'nfs-public-export');
  assert.deepEqual(ds.map(at), ['0:5-0:20', '0:25-0:32']);
});

test('nfs-public-export: the invalid seed address is left to ip-invalid', () => {
  const ds = lintExports('/home/wwwroot/upload 139.159.257.207(rw)\n');
  assert.deepEqual(ofRule(ds, 'nfs-public-export'), []);
  assert.equal(ofRule(ds, 'ip-invalid').length, 1);
});

test('nfs-public-export: a share without exportsFile whose client is in another region, on the client in the topology', () => {
  const yaml = shareYaml({ exportsFile: null });
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { analyzers: [exportsAnalyzer] }), 'nfs-public-export');
  const line = lineOf(yaml, 'clients:');
  assert.deepEqual(ds.map(at), [`${line}:14-${line}:19`]);
  assert.match(ds[0].message, /client api-2 \(华东2\) mounts from api-1 \(华东1\) over the public network/);
});

test('nfs-public-export: LAN clients, krb5p, RPC-with-TLS and networks pass', () => {
  const yaml = TWO_REGIONS.replace('services: [api, registry]', 'services: [api, registry]\n      app-1:\n        internal: 192.168.27.102\n        external: 139.159.250.8\n        services: []') +
    'shares:\n  upload:\n    server: api-1\n    path: /srv\n    clients: [app-1]\n    exportsFile: nfs/exports\n';
  const text = '/srv 192.168.27.102(rw) 139.159.250.207(rw,sec=krb5p) 139.159.250.208(rw,xprtsec=mtls) 203.0.113.0/24(ro)\n';
  assert.deepEqual(ofRule(lintExports(text, { yaml }), 'nfs-public-export'), []);
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': shareYaml({ exportsFile: null, options: '[rw, sec=krb5p]' }) }, { analyzers: [exportsAnalyzer] }), 'nfs-public-export'), []);
});

test('nfs-public-export: every sec= block counts, as a client may mount with any of its flavours', () => {
  const [d, ...rest] = ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(sec=sys,rw,sec=krb5p,ro)\n'), 'nfs-public-export');
  assert.equal(rest.length, 0);
  assert.match(d.message, /NFS with sec=sys:krb5p is not encrypted/);
  assert.deepEqual(ofRule(lintExports('/home/wwwroot/upload 139.159.250.207(sec=krb5p,rw,sec=krb5p,ro)\n'), 'nfs-public-export'), []);
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': shareYaml({ exportsFile: null, options: '[rw, sec=krb5p, sec=sys]' }) }, { analyzers: [exportsAnalyzer] }), 'nfs-public-export');
  assert.equal(ds.length, 1);
});

test('nfs-public-export: without a vantage host, an address in a region\'s declared LAN is that LAN\'s, even in a public range', () => {
  const yaml = TWO_REGIONS.replace('lan: [172.16.8.0/24]', 'lan: [172.16.8.0/24, 130.10.0.0/16]');
  const ds = ofRule(lintExports('/srv 130.10.0.5(rw) 130.11.0.5(rw)\n', { yaml, file: 'etc/exports' }), 'nfs-public-export');
  assert.deepEqual(ds.map(at), ['0:20-0:30']);
});
