import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, ofRule } from '../support/lint';
import { lintAll, zkDynamicFiles, zkFiles, ZK_DYNAMIC } from '../support/zookeeper';

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

test('zookeeper-quorum-listen: a line of several addresses (3.6+) is reported only when the member can bind none of them', () => {
  // zk-1's and app-2's own lines also list their internal IPs: ZooKeeper listens on those and only logs
  // the failed bind of the external one.
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '139.159.250.208:2888:3888|172.16.8.102'])), RULE), []);
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['0.0.0.0:2888:3888|139.159.250.7', '172.16.8.102'])), RULE), []);
  // Its own external IP and another host's: nothing to bind, ZooKeeper exits; reported on its external IP as before.
  const ds = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.8:2888:3888|139.159.250.7', '172.16.8.102'])), RULE);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message.slice(0, 49)}`), ['2:33-2:46 server.1 gives zk-1 its external IP 139.159.250.7']);
});

test('zookeeper-quorum-listen: in Chinese', () => {
  const [d] = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '192.168.27.101']), { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^server\.1 为 zk-1 指定了它自己的外网 IP 139\.159\.250\.7/);
  assert.equal(d.fixes[0].title, '设置 quorumListenOnAllIPs=true');
});

test('zookeeper-quorum-listen: a dynamic configuration file takes the setting from the static zoo.cfg that names it', () => {
  // ZooKeeper 3.5+: zk/zoo.cfg names the dynamic file (dynamicConfigFile=, an absolute path on the
  // server) and holds the settings; the dynamic file holds only the server lines.
  assert.deepEqual(ofRule(lintAll(zkDynamicFiles({ static: ['quorumListenOnAllIPs=true', 'sslQuorum=true'] })), RULE), []);

  const fs = zkDynamicFiles({ static: ['sslQuorum=true'] });
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), [`${ZK_DYNAMIC} 0:9-0:22`, `${ZK_DYNAMIC} 1:9-1:22`, `${ZK_DYNAMIC} 2:9-2:24`]);
  assert.equal(
    ds[2].message,
    'server.3 gives zk-3 its external IP 139.159.250.207: ZooKeeper on zk-3 listens for its peers on that address, and where the cloud maps the external IP to the host (NAT, as elastic IPs do) no interface has it: the member cannot bind it and ZooKeeper there exits (code 14, unable to bind the quorum port). ' +
      'Set quorumListenOnAllIPs=true in zk/zoo.cfg, the static configuration of this dynamic file: members then listen on every interface and still reach each other at these addresses. ' +
      'Not in the dynamic file itself: ZooKeeper takes only server, group and weight lines there and refuses to start on any other key.',
  );
  // The fix edits the static file, never the dynamic one (ZooKeeper: "Unrecognised parameter").
  const [fix] = ds[0].fixes;
  assert.equal(fix.title, 'Set quorumListenOnAllIPs=true in zk/zoo.cfg');
  assert.equal(fix.safe, false);
  assert.deepEqual(fix.edits.map((e) => e.file), ['zk/zoo.cfg']);
  const fixed = applyEdits(fs['zk/zoo.cfg'], fix.edits).text;
  assert.equal(fixed, 'dynamicConfigFile=/opt/zookeeper/conf/zoo.cfg.dynamic.100000000\nsslQuorum=true\nquorumListenOnAllIPs=true\n');
  assert.deepEqual(ofRule(lintAll({ ...fs, 'zk/zoo.cfg': fixed }), RULE), []);
  // Written false in the static file: the fix sets it there.
  const off = zkDynamicFiles({ static: ['quorumListenOnAllIPs=false'] });
  const [d] = ofRule(lintAll(off), RULE);
  assert.deepEqual(d.fixes[0].edits.map((e) => e.file), ['zk/zoo.cfg']);
  assert.equal(applyEdits(off['zk/zoo.cfg'], d.fixes[0].edits).text.split('\n')[1], 'quorumListenOnAllIPs=true');
  // A dynamic file has no settings of its own: a stray one there does not count.
  const stray = zkDynamicFiles({ files: { [ZK_DYNAMIC]: `${fs[ZK_DYNAMIC]}quorumListenOnAllIPs=true\n` } });
  assert.ok(ofRule(lintAll(stray), RULE).every((x) => x.fixes.every((f) => f.edits.every((e) => e.file === 'zk/zoo.cfg'))));
});

test('zookeeper-quorum-listen: the static file of a dynamic one, by the path ending dynamicConfigFile names, else the only pair', () => {
  // A copy per member: each static file names the same server path; the one in the same folder is its own.
  const dir = (d: string, extra: string[]) => ({
    [`${d}/zoo.cfg`]: ['dynamicConfigFile=C:\\\\zookeeper\\\\conf\\\\zoo.cfg.dynamic.100000000', ...extra].join('\n') + '\n',
    [`${d}/zoo.cfg.dynamic.100000000`]: zkDynamicFiles()[ZK_DYNAMIC],
  });
  const fs = zkDynamicFiles({
    config: ['a/zoo.cfg', 'a/zoo.cfg.dynamic.100000000', 'b/zoo.cfg', 'b/zoo.cfg.dynamic.100000000'],
    files: { ...dir('a', ['quorumListenOnAllIPs=true']), ...dir('b', []) },
  });
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual([...new Set(ds.map((d) => d.file))], ['b/zoo.cfg.dynamic.100000000']);
  assert.deepEqual(ds[0].fixes[0].edits.map((e) => e.file), ['b/zoo.cfg']);
  // After a reconfiguration the server's file is zoo.cfg.dynamic.200000000; the workspace keeps its
  // copy under the old name: one static file and one dynamic file in the service are a pair.
  const renamed = zkDynamicFiles({ static: ['quorumListenOnAllIPs=true'] });
  renamed['zk/zoo.cfg'] = renamed['zk/zoo.cfg'].replace('.100000000', '.200000000');
  assert.deepEqual(ofRule(lintAll(renamed), RULE), []);
});

test('zookeeper-quorum-listen: a dynamic file whose static file the topology does not list: reported, with no fix', () => {
  const fs = zkDynamicFiles({ config: [ZK_DYNAMIC] });
  const ds = ofRule(lintAll(fs), RULE);
  assert.equal(ds.length, 3);
  assert.deepEqual(ds.flatMap((d) => d.fixes), []);
  assert.match(ds[0].message, /Set quorumListenOnAllIPs=true in the static configuration whose dynamicConfigFile names this file \(the topology lists it under no config:; list it there too, so that its settings are read\):/);
  const [zh] = ofRule(lintAll(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /请在其 dynamicConfigFile 指向此文件的静态配置（拓扑的 config: 中没有列出它；请一并列出，以便读取其中的设置）中设置 quorumListenOnAllIPs=true：/);
});

test('zookeeper-quorum-listen: several static files naming the dynamic one are listed as the language lists them', () => {
  const base = zkDynamicFiles();
  const fs = zkDynamicFiles({ config: ['zk/zoo.cfg', 'zk/zoo-b.cfg', ZK_DYNAMIC], files: { 'zk/zoo-b.cfg': base['zk/zoo.cfg'] } });
  const [en] = ofRule(lintAll(fs), RULE);
  assert.match(en.message, / Set quorumListenOnAllIPs=true in zk\/zoo\.cfg, zk\/zoo-b\.cfg, the static configurations of this dynamic file: /);
  const [zh] = ofRule(lintAll(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /请在 zk\/zoo\.cfg、zk\/zoo-b\.cfg（此动态配置文件对应的静态配置）中设置 quorumListenOnAllIPs=true：/);
  // The fix sets it in each of them, and its title names them alike.
  assert.equal(en.fixes[0].title, 'Set quorumListenOnAllIPs=true in zk/zoo.cfg, zk/zoo-b.cfg');
  assert.deepEqual(en.fixes[0].edits.map((e) => e.file), ['zk/zoo.cfg', 'zk/zoo-b.cfg']);
  assert.equal(zh.fixes[0].title, '在 zk/zoo.cfg、zk/zoo-b.cfg 中设置 quorumListenOnAllIPs=true');
});
