import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZooConfig } from '../../../src/core/zookeeper/config';
import { zookeeperAnalyzer } from '../../../src/core/zookeeper/analyzer';
import { applyEdits } from '../../../src/core/fixes';
import { at } from '../support/lint';
import { addressHints } from '../../../src/core/navigation';
import { dubboContext } from '../support/dubbo';
import { lintAll, zkFiles } from '../support/zookeeper';

test('zoo.cfg: server lines as ZooKeeper 3.5+ reads them (ports, role, client part, IPv6, several addresses)', () => {
  const text = [
    '# ensemble',
    'tickTime=2000',
    'server.1=192.168.27.101:2888:3888',
    'server.2 = 139.159.250.208:2888:3888:observer;0.0.0.0:2181',
    'server.3=[fd00::3]:2888:3888:participant',
    'server.4=10.0.0.4:2888:3888|10.1.0.4:2889:3889',
    'server.x=not-a-member',
    'quorumListenOnAllIPs=TRUE',
  ].join('\n');
  const c = parseZooConfig(text);
  assert.deepEqual(
    c.servers.map((s) => [s.id, s.role, s.addresses.map((a) => `${a.host} ${a.quorumPort}/${a.electionPort} @${a.range ? `${a.range.start.line}:${a.range.start.character}-${a.range.end.character}` : '-'}`)]),
    [
      ['1', 'participant', ['192.168.27.101 2888/3888 @2:9-23']],
      ['2', 'observer', ['139.159.250.208 2888/3888 @3:11-26']],
      ['3', 'participant', ['fd00::3 2888/3888 @4:10-17']],
      ['4', 'participant', ['10.0.0.4 2888/3888 @5:9-17', '10.1.0.4 2889/3889 @5:28-36']],
    ],
  );
  assert.equal(c.quorumListenOnAllIPs, true);
  assert.deepEqual(c.lastEntryEnd, { line: 7, character: 25 });
  // A value written with an escape cannot be mapped back to the file: read, but without a range.
  const escaped = parseZooConfig('server.1=192.168.27.101\\:2888:3888\n');
  assert.equal(escaped.servers[0].addresses[0].range, undefined);
  assert.equal(c.dynamicConfigFile, undefined);
  assert.equal(c.dynamicKeysOnly, false);
  // ZooKeeper 3.5+: the static file names the dynamic one, which holds the server lines only.
  const st = parseZooConfig('dataDir=/var/lib/zookeeper\ndynamicConfigFile = /opt/zookeeper/conf/zoo.cfg.dynamic.100000000 \n');
  assert.deepEqual([st.dynamicConfigFile, st.dynamicKeysOnly, st.servers.length], ['/opt/zookeeper/conf/zoo.cfg.dynamic.100000000', false, 0]);
  const dyn = parseZooConfig('server.1=10.0.0.1:2888:3888:participant;2181\ngroup.1=1\nweight.1=1\n');
  assert.deepEqual([dyn.dynamicConfigFile, dyn.dynamicKeysOnly], [undefined, true]);
  assert.equal(parseZooConfig('').dynamicKeysOnly, false);
  // Nothing throws on odd input.
  for (const odd of ['', 'server.1=', 'server.1=[::1', 'server.1=:::', 'server.1=|;|', '\u0000server.1=a']) parseZooConfig(odd);
});

test('zoo.cfg of a registry in the topology: every member must reach every server line; the fix is the external IP', () => {
  // Members zk-1 (华东1) and app-2 (华东2), written with their internal IPs.
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  const ds = lintAll(fs).filter((d) => d.file === 'zk/zoo.cfg');
  assert.deepEqual(
    ds.map((d) => `${d.rule} ${at(d)} ${d.message}`),
    [
      'cross-region-internal-ip 2:9-2:23 192.168.27.101 is the internal IP of zk-1 in 华东1; it is unreachable from app-2 (华东2). Other regions reach zk-1 by its external IP 139.159.250.7.',
      'cross-region-internal-ip 3:9-3:21 172.16.8.102 is the internal IP of app-2 in 华东2; it is unreachable from zk-1 (华东1). Other regions reach app-2 by its external IP 139.159.250.208.',
    ],
  );
  const fixed = applyEdits(fs['zk/zoo.cfg'], ds.flatMap((d) => d.fixes[0].edits)).text;
  assert.match(fixed, /server\.1=139\.159\.250\.7:2888:3888\nserver\.2=139\.159\.250\.208:2888:3888/);
  // Fixed, the members name each other by external IPs: the next findings are the listen address and
  // the quorum's traffic crossing the internet in plain text.
  const after = lintAll({ ...fs, 'zk/zoo.cfg': fixed }).filter((d) => d.file === 'zk/zoo.cfg');
  assert.deepEqual([...new Set(after.map((d) => d.rule))], ['zookeeper-quorum-listen', 'zookeeper-quorum-plaintext-public']);
});

test('zoo.cfg: a hover on a server address names its host and says which members reach it', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '139.159.250.208']);
  const h = zookeeperAnalyzer.hover!('zk/zoo.cfg', fs['zk/zoo.cfg'], { line: 2, character: 12 }, dubboContext(fs), 'en')!;
  assert.equal(h.markdown, '**192.168.27.101** — internal IP of **zk-1** (华东1)\n\n| From | Reachable |\n|---|---|\n| zk-1 (华东1) | ✓ over the LAN |\n| app-2 (华东2) | ✗ unreachable (another region\'s internal IP) |');
  assert.equal(zookeeperAnalyzer.hover!('zk/zoo.cfg', fs['zk/zoo.cfg'], { line: 0, character: 2 }, dubboContext(fs), 'en'), undefined);
});

test('zoo.cfg: files of services that are not zookeeper are not read as ZooKeeper configs', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  const yaml = fs['dubbo-topology.yaml'].replace('    kind: zookeeper\n    port: 2181\n    config: [zk/zoo.cfg]\n', '    kind: zookeeper\n    port: 2181\n');
  assert.deepEqual(lintAll({ ...fs, 'dubbo-topology.yaml': yaml }).filter((d) => d.file === 'zk/zoo.cfg'), []);
});

test('zoo.cfg: completion in a server line offers the members\' addresses, labelled, replacing the address part only', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  const ctx = dubboContext(fs);
  const text = `${fs['zk/zoo.cfg']}server.3=10.9:2888:3888\n`;
  const line = text.split('\n').findIndex((l) => l.startsWith('server.3='));
  const items = zookeeperAnalyzer.complete!('zk/zoo.cfg', text, { line, character: 'server.3=10.9'.length }, ctx, 'en');
  assert.deepEqual(
    items.map((c) => `${c.label} ${c.detail}`),
    ['192.168.27.101 zk-1 · 华东1 · internal', '139.159.250.7 zk-1 · 华东1 · external', '172.16.8.102 app-2 · 华东2 · internal', '139.159.250.208 app-2 · 华东2 · external'],
  );
  assert.deepEqual(items[0].range, { start: { line, character: 9 }, end: { line, character: 13 } });
  // Not in the ports, the client part, or another key.
  assert.deepEqual(zookeeperAnalyzer.complete!('zk/zoo.cfg', text, { line, character: 'server.3=10.9:28'.length }, ctx, 'en'), []);
  assert.deepEqual(zookeeperAnalyzer.complete!('zk/zoo.cfg', text, { line: 0, character: 9 }, ctx, 'en'), []);
});

test('zoo.cfg: the inlay hint of a server address follows its ports, not the first of them', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  const ctx = dubboContext(fs);
  const text = fs['zk/zoo.cfg'];
  const hints = addressHints(ctx, 'zk/zoo.cfg', text, 'en');
  const lines = text.split('\n');
  assert.deepEqual(
    hints.map((h) => `${lines[h.position.line].slice(0, h.position.character)} ← ${h.label}`),
    ['server.1=192.168.27.101:2888:3888 ← zk-1 · 华东1 internal', 'server.2=172.16.8.102:2888:3888 ← app-2 · 华东2 internal'],
  );
});
