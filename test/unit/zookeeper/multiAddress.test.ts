/**
 * Server lines with several addresses (`server.1=<a>:2888:3888|<b>:2888:3888`, ZooKeeper 3.6+): the
 * addresses are alternatives, and a member that reaches one of them reaches the member the line names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { parseZooConfig } from '../../../src/core/zookeeper/config';
import { at } from '../support/lint';
import { lintAll, zkFiles } from '../support/zookeeper';

const ADDRESS_RULES = new Set(['cross-region-internal-ip', 'same-region-external-ip', 'ip-unknown', 'ip-invalid']);

/** The address findings of the registry's zoo.cfg. */
function addressFindings(fs: Record<string, string>, opts: { locale?: string } = {}) {
  return lintAll(fs, opts).filter((d) => d.file === 'zk/zoo.cfg' && ADDRESS_RULES.has(d.rule));
}

test('zoo.cfg: where the addresses of a server line are written, ports and role included, without the client part', () => {
  const c = parseZooConfig(
    [
      'server.1=192.168.27.101:2888:3888|139.159.250.7:2888:3888:participant;2181',
      'server.2 = 172.16.8.102:2888:3888 | 139.159.250.208:2888:3888 ',
      'server.3=[fd00::3]:2888:3888',
      'server.4=192.168.27.101\\:2888:3888',
      'server.5=;2181',
    ].join('\n'),
  );
  const span = (r: { start: { line: number; character: number }; end: { character: number } } | undefined) => (r ? `${r.start.line}:${r.start.character}-${r.end.character}` : '-');
  assert.deepEqual(
    c.servers.map((s) => `${s.id} ${span(s.addressesRange)}`),
    ['1 0:9-69', '2 1:11-61', '3 2:9-28', '4 -', '5 -'],
  );
});

test('zoo.cfg: a line listing a member\'s internal and external IP suits both regions — no address finding', () => {
  // Members zk-1 (华东1) and app-2 (华东2): each line lists the member's internal IP (for its own region) and its external IP (for the other).
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102:2888:3888|139.159.250.208']);
  assert.match(fs['zk/zoo.cfg'], /^server\.1=192\.168\.27\.101:2888:3888\|139\.159\.250\.7:2888:3888$/m);
  assert.deepEqual(addressFindings(fs), []);
  // The order of the alternatives does not matter.
  assert.deepEqual(addressFindings(zkFiles(['zk-1', 'app-2'], ['139.159.250.7:2888:3888|192.168.27.101', '139.159.250.208:2888:3888|172.16.8.102'])), []);
  // Each alone is still judged as before: the internal IPs are out of the other region's reach.
  assert.deepEqual(addressFindings(zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102'])).map((d) => d.rule), ['cross-region-internal-ip', 'cross-region-internal-ip']);
});

test('zoo.cfg: a line none of whose addresses a member reaches — one finding on its addresses; the fix adds the external IP', () => {
  // server.1 lists zk-1's internal IP and another address of 华东1's LAN: app-2 (华东2) reaches neither.
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|192.168.27.50', '172.16.8.102:2888:3888|139.159.250.208']);
  const ds = addressFindings(fs);
  assert.deepEqual(
    ds.map((d) => `${d.rule} ${at(d)} ${d.severity} ${d.message}`),
    [
      'cross-region-internal-ip 2:9-2:57 error None of the addresses of server.1 (192.168.27.101, 192.168.27.50) is reachable from app-2 (华东2): each is an internal address of another region (华东1). Other regions reach zk-1 by its external IP 139.159.250.7.',
    ],
  );
  const [fix] = ds[0].fixes;
  assert.equal(fix.title, 'Add the external IP of zk-1 (139.159.250.7) as one more address');
  assert.equal(fix.safe, true);
  const fixed = applyEdits(fs['zk/zoo.cfg'], fix.edits).text;
  assert.match(fixed, /^server\.1=192\.168\.27\.101:2888:3888\|192\.168\.27\.50:2888:3888\|139\.159\.250\.7:2888:3888$/m);
  assert.deepEqual(addressFindings({ ...fs, 'zk/zoo.cfg': fixed }), []);
  // With a client part and ports of their own, the address goes before the client part, with the ports of the member's internal IP.
  const client = { ...fs, 'zk/zoo.cfg': fs['zk/zoo.cfg'].replace('server.1=192.168.27.101:2888:3888|192.168.27.50:2888:3888', 'server.1=192.168.27.50:2888:3888 | 192.168.27.101:2889:3889:participant;2181') };
  const [c] = addressFindings(client);
  assert.equal(at(c), '2:9-2:71');
  assert.match(applyEdits(client['zk/zoo.cfg'], c.fixes[0].edits).text, /^server\.1=192\.168\.27\.50:2888:3888 \| 192\.168\.27\.101:2889:3889:participant\|139\.159\.250\.7:2889:3889;2181$/m);
  // No host of the topology has any of the addresses: reported, without a fix.
  const lan = { ...fs, 'zk/zoo.cfg': fs['zk/zoo.cfg'].replace('192.168.27.101:2888:3888|', '192.168.27.60:2888:3888|') };
  const [l, ...rest] = addressFindings(lan);
  assert.equal(rest.length, 0);
  assert.equal(l.message, 'None of the addresses of server.1 (192.168.27.60, 192.168.27.50) is reachable from app-2 (华东2): each is an internal address of another region (华东1). List the member\'s external IP as one more address, and add its host to the topology.');
  assert.deepEqual(l.fixes, []);
});

test('zoo.cfg: the addresses of a multi-address line are still checked one by one for what they are (ip-invalid, ip-unknown)', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102:2888:3888|139.159.250.2080', '10.77.0.1:2888:3888|139.159.250.8']);
  assert.deepEqual(addressFindings(fs).map((d) => `${d.rule} ${at(d)}`), ['ip-invalid 3:32-3:48', 'ip-unknown 4:9-4:18']);
});

test('zoo.cfg: a line none of whose addresses a member reaches, in Chinese', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|192.168.27.50', '172.16.8.102:2888:3888|139.159.250.208']);
  const [d] = addressFindings(fs, { locale: 'zh-cn' });
  assert.equal(d.message, 'server.1 的地址（192.168.27.101、192.168.27.50）app-2（华东2）一个都无法访问：它们都是其他地域（华东1）的内网地址。其他地域应通过外网 IP 139.159.250.7 访问 zk-1。');
  assert.equal(d.fixes[0].title, '添加 zk-1 的外网 IP（139.159.250.7）作为另一个地址');
});
