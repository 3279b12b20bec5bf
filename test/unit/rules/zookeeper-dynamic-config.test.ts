import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFix } from '../support/dubbo';
import { at, ofRule } from '../support/lint';
import { lintAll, zkDynamicFiles, ZK_DYNAMIC } from '../support/zookeeper';

const RULE = 'zookeeper-dynamic-config';

test('zookeeper-dynamic-config: a setting in a dynamic configuration file, which ZooKeeper refuses to start with; the fix moves it to the static file', () => {
  const base = zkDynamicFiles({ static: ['sslQuorum=true'] });
  // What an earlier quick fix of zookeeper-quorum-listen wrote: the setting after the server lines.
  const fs: Record<string, string> = { ...base, [ZK_DYNAMIC]: `${base[ZK_DYNAMIC]}quorumListenOnAllIPs=true\n` };
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)} ${d.severity}`), [`${ZK_DYNAMIC} 3:0-3:20 error`]);
  assert.equal(
    ds[0].message,
    'quorumListenOnAllIPs is set in a dynamic configuration file, where ZooKeeper takes only server, group and weight lines: it does not start ("Unrecognised parameter: quorumListenOnAllIPs"). ' +
      'Move the line to zk/zoo.cfg, the static configuration of this dynamic file.',
  );
  const [fix] = ds[0].fixes;
  assert.equal(fix.title, 'Move quorumListenOnAllIPs=true to zk/zoo.cfg');
  assert.equal(fix.safe, false);
  const fixed = applyFix(fs, fix);
  assert.equal(fixed[ZK_DYNAMIC], base[ZK_DYNAMIC]);
  assert.equal(fixed['zk/zoo.cfg'], 'dynamicConfigFile=/opt/zookeeper/conf/zoo.cfg.dynamic.100000000\nsslQuorum=true\nquorumListenOnAllIPs=true\n');
  const after = lintAll(fixed);
  assert.deepEqual(ofRule(after, RULE), []);
  assert.deepEqual(ofRule(after, 'zookeeper-quorum-listen'), []);
  // Already set alike in the static file: the fix only deletes the line. Set otherwise: which one is
  // meant is the reader's call, no fix.
  const same = { ...fs, 'zk/zoo.cfg': `${base['zk/zoo.cfg']}quorumListenOnAllIPs=TRUE\n` };
  const [s] = ofRule(lintAll(same), RULE);
  assert.equal(s.fixes[0].title, 'Remove this line');
  assert.equal(applyFix(same, s.fixes[0])[ZK_DYNAMIC], base[ZK_DYNAMIC]);
  const other = { ...fs, 'zk/zoo.cfg': `${base['zk/zoo.cfg']}quorumListenOnAllIPs=false\n` };
  assert.deepEqual(ofRule(lintAll(other), RULE)[0].fixes, []);
  // No static file listed: reported, no fix.
  const alone = ofRule(lintAll({ ...fs, 'dubbo-topology.yaml': fs['dubbo-topology.yaml'].replace('config: [zk/zoo.cfg, ', 'config: [') }), RULE);
  assert.equal(alone.length, 1);
  assert.deepEqual(alone[0].fixes, []);
  assert.match(alone[0].message, /Move the line to the static configuration whose dynamicConfigFile names this file \(the topology lists it under no config:/);
});

test('zookeeper-dynamic-config: version written inside a dynamic file', () => {
  const base = zkDynamicFiles();
  const fs: Record<string, string> = { ...base, [ZK_DYNAMIC]: `version=100000000\n${base[ZK_DYNAMIC]}` };
  const [d, ...rest] = ofRule(lintAll(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(at(d), '0:0-0:7');
  assert.equal(
    d.message,
    'version is written inside a dynamic configuration file: ZooKeeper takes the version from the file name (zoo.cfg.dynamic.100000000) and does not start with one inside ("dynamic file shouldn\'t have version inside"). Remove the line.',
  );
  assert.equal(applyFix(fs, d.fixes[0])[ZK_DYNAMIC], base[ZK_DYNAMIC]);
});

test('zookeeper-dynamic-config: server lines in a static file that names a dynamic one', () => {
  const base = zkDynamicFiles({ static: ['quorumListenOnAllIPs=true', 'sslQuorum=true'] });
  const fs: Record<string, string> = { ...base, 'zk/zoo.cfg': `${base['zk/zoo.cfg']}server.1=139.159.250.7:2888:3888\ngroup.1=1:2:3\n` };
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), ['zk/zoo.cfg 3:0-3:8', 'zk/zoo.cfg 4:0-4:7']);
  assert.equal(
    ds[0].message,
    'server.1 is in a static configuration file that names a dynamic one (dynamicConfigFile=/opt/zookeeper/conf/zoo.cfg.dynamic.100000000): ZooKeeper does not start ("parameter: server.1 must be in a separate dynamic config file"). ' +
      'Keep the server, group and weight lines in the dynamic file only.',
  );
  assert.deepEqual(ds[0].fixes, []);
  // Without dynamicConfigFile the server lines belong in zoo.cfg.
  const plain = { ...fs, 'zk/zoo.cfg': fs['zk/zoo.cfg'].replace(/^dynamicConfigFile=.*\n/, '') };
  assert.deepEqual(ofRule(lintAll(plain), RULE), []);
});

test('zookeeper-dynamic-config: a valid pair, and files that are not dynamic, pass', () => {
  assert.deepEqual(ofRule(lintAll(zkDynamicFiles({ static: ['quorumListenOnAllIPs=true', 'tickTime=2000'] })), RULE), []);
  // A zoo.cfg not named as a dynamic file and named by none keeps its settings.
  const fs = zkDynamicFiles({ config: ['zk/zoo.cfg', 'zk/zoo.dynamic.cfg'], files: { 'zk/zoo.dynamic.cfg': 'tickTime=2000\nserver.1=139.159.250.7:2888:3888\n' } });
  assert.deepEqual(ofRule(lintAll(fs), RULE), []);
});

test('zookeeper-dynamic-config: in Chinese', () => {
  const base = zkDynamicFiles();
  const [d] = ofRule(lintAll({ ...base, [ZK_DYNAMIC]: `${base[ZK_DYNAMIC]}sslQuorum=true\n` }, { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^sslQuorum 写在动态配置文件中，而 ZooKeeper 在其中只接受 server、group 和 weight 行：它无法启动（"Unrecognised parameter: sslQuorum"）。请把这一行移到 zk\/zoo\.cfg（此动态配置文件对应的静态配置）。$/);
  assert.equal(d.fixes[0].title, '把 sslQuorum=true 移到 zk/zoo.cfg');
});

test('zookeeper-dynamic-config: several static files naming the dynamic one are listed as the language lists them', () => {
  const base = zkDynamicFiles();
  const fs = zkDynamicFiles({
    config: ['zk/zoo.cfg', 'zk/zoo-b.cfg', ZK_DYNAMIC],
    files: { 'zk/zoo-b.cfg': base['zk/zoo.cfg'], [ZK_DYNAMIC]: `${base[ZK_DYNAMIC]}sslQuorum=true\n` },
  });
  const [en] = ofRule(lintAll(fs), RULE);
  assert.equal(en.fixes[0].title, 'Move sslQuorum=true to zk/zoo.cfg, zk/zoo-b.cfg');
  const [zh] = ofRule(lintAll(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /请把这一行移到 zk\/zoo\.cfg、zk\/zoo-b\.cfg（此动态配置文件对应的静态配置）。$/);
  assert.equal(zh.fixes[0].title, '把 sslQuorum=true 移到 zk/zoo.cfg、zk/zoo-b.cfg');
});
