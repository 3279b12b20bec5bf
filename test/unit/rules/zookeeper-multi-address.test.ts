import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { lintAll, zkDynamicFiles, zkFiles, ZK_DYNAMIC } from '../support/zookeeper';

const RULE = 'zookeeper-multi-address';

test('zookeeper-multi-address: each server line of several addresses, on its key, whatever zoo.cfg sets', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102', '172.16.8.102:2888:3888 | 139.159.250.208:2888:3888|10.0.0.3']);
  const ds = ofRule(lintAll(fs), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)} ${d.severity}`), ['zk/zoo.cfg 2:0-2:8 warning', 'zk/zoo.cfg 4:0-4:8 warning']);
  assert.equal(
    ds[0].message,
    'server.1 lists 2 addresses: ZooKeeper takes several addresses in a server line only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, ' +
      'and otherwise does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid 1"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. ' +
      'Start each member with -Dzookeeper.multiAddress.enabled=true (SERVER_JVMFLAGS, which zkServer.sh passes to the JVM); where that is done, switch this rule off.',
  );
  assert.match(ds[1].message, /^server\.3 lists 3 addresses:/);
  assert.deepEqual(ds[0].fixes, [], 'the JVM flags are not in these files: no quick fix');
  // Written in zoo.cfg, the setting changes nothing for the server lines.
  const set = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102'], 'multiAddress.enabled=true');
  assert.equal(ofRule(lintAll(set), RULE).length, 1);
});

test('zookeeper-multi-address: single-address lines pass; a \'|\' counts as ZooKeeper splits the line', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  assert.deepEqual(ofRule(lintAll(fs), RULE), []);
  // Java's split drops the empty parts at the end, not those before: a trailing '|' leaves one address,
  // a leading one makes two, and ZooKeeper refuses the line.
  const cfg = fs['zk/zoo.cfg'];
  assert.deepEqual(ofRule(lintAll({ ...fs, 'zk/zoo.cfg': cfg.replace('server.2=172.16.8.102:2888:3888', 'server.2=172.16.8.102:2888:3888|;2181') }), RULE), []);
  const [d, ...rest] = ofRule(lintAll({ ...fs, 'zk/zoo.cfg': cfg.replace('server.2=172.16.8.102:2888:3888', 'server.2=|172.16.8.102:2888:3888') }), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^server\.2 lists 2 addresses:/);
});

test('zookeeper-multi-address: in a dynamic configuration file too', () => {
  const base = zkDynamicFiles({ static: ['quorumListenOnAllIPs=true'] });
  const fs = { ...base, [ZK_DYNAMIC]: base[ZK_DYNAMIC].replace('server.1=139.159.250.7:2888:3888:participant', 'server.1=192.168.27.10:2888:3888|139.159.250.7:2888:3888:participant') };
  assert.deepEqual(ofRule(lintAll(fs), RULE).map((d) => `${d.file} ${at(d)}`), [`${ZK_DYNAMIC} 0:0-0:8`]);
});

test('zookeeper-multi-address: in Chinese', () => {
  const [d] = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102']), { locale: 'zh-cn' }), RULE);
  assert.equal(
    d.message,
    'server.1 列出了 2 个地址：只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时，ZooKeeper 才接受一条 server 行中的多个地址，否则无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid 1"）。' +
      '在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请以 -Dzookeeper.multiAddress.enabled=true 启动每个成员（SERVER_JVMFLAGS，zkServer.sh 会把它传给 JVM）；已经这样做了的，请关闭这条规则。',
  );
});
