import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintAll, zkFiles } from '../support/zookeeper';

const RULE = 'zookeeper-quorum-listen';

test('zookeeper-quorum-listen: a member named by its own external IP, without quorumListenOnAllIPs', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208']);
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)} ${d.severity}`), ['zk/zoo.cfg 2:9-2:22 warning', 'zk/zoo.cfg 3:9-3:24 warning']);
  assert.equal(
    ds[1].message,
    'server.2 gives app-2 its external IP 139.159.250.208: ZooKeeper on app-2 listens for its peers on that address, and where the cloud maps the external IP to the host (NAT, as elastic IPs do) no interface has it: the member cannot bind it and ZooKeeper there exits (code 14, unable to bind the quorum port). Set quorumListenOnAllIPs=true: members then listen on every interface and still reach each other at these addresses.',
  );
  const [fix] = ds[0].fixes;
  assert.equal(fix.title, 'Set quorumListenOnAllIPs=true');
  assert.equal(fix.safe, false);
  const fixed = applyEdits(fs['zk/zoo.cfg'], fix.edits).text;
  assert.equal(fixed, 'tickTime=2000\nclientPort=2181\nserver.1=139.159.250.7:2888:3888\nserver.2=139.159.250.208:2888:3888\nquorumListenOnAllIPs=true\n');
  assert.deepEqual(ofRule(lintAll({ ...fs, 'zk/zoo.cfg': fixed }), RULE), []);
  // Written false: the fix sets it.
  const off = zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=false');
  const [d] = ofRule(lintAll(off), RULE);
  assert.equal(applyEdits(off['zk/zoo.cfg'], d.fixes[0].edits).text.split('\n').at(-2), 'quorumListenOnAllIPs=true');
  // No newline at the end of the file: the setting goes on a line of its own.
  const bare = { ...fs, 'zk/zoo.cfg': fs['zk/zoo.cfg'].trimEnd() };
  const [b] = ofRule(lintAll(bare), RULE);
  assert.match(applyEdits(bare['zk/zoo.cfg'], b.fixes[0].edits).text, /:3888\nquorumListenOnAllIPs=true$/);
});

test('zookeeper-quorum-listen: internal IPs, another host\'s external IP, or the setting on pass', () => {
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102'])), RULE), []);
  // app-1's external IP, but app-1 runs no member: nothing binds it.
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '139.159.250.8'])), RULE), []);
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true')), RULE), []);
});

test('zookeeper-quorum-listen: in Chinese', () => {
  const [d] = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '192.168.27.101']), { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^server\.1 为 zk-1 指定了它自己的外网 IP 139\.159\.250\.7/);
  assert.equal(d.fixes[0].title, '设置 quorumListenOnAllIPs=true');
});
