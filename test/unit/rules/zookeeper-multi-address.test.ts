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
    'server.1 lists 2 addresses, which ZooKeeper takes only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, but the deploy starts zk-1, app-2 without it: ' +
      'there ZooKeeper does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid 1"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. ' +
      'Set zookeeper.multiAddress.enabled: "true" in the properties: of their region or host in dubbo-topology.yaml (the deploy passes them to the JVM as -D), ' +
      "or -Dzookeeper.multiAddress.enabled=true in SERVER_JVMFLAGS of the service's deploy.env.",
  );
  assert.match(ds[1].message, /^server\.3 lists 3 addresses,/);
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
  assert.match(d.message, /^server\.2 lists 2 addresses,/);
});

test('zookeeper-multi-address: in a dynamic configuration file too', () => {
  const base = zkDynamicFiles({ static: ['quorumListenOnAllIPs=true'] });
  const fs = { ...base, [ZK_DYNAMIC]: base[ZK_DYNAMIC].replace('server.1=139.159.250.7:2888:3888:participant', 'server.1=192.168.27.10:2888:3888|139.159.250.7:2888:3888:participant') };
  assert.deepEqual(ofRule(lintAll(fs), RULE).map((d) => `${d.file} ${at(d)}`), [`${ZK_DYNAMIC} 0:0-0:8`]);
});

test('zookeeper-multi-address: with no member known, the flag is asked of every member', () => {
  const [d, ...rest] = ofRule(lintAll(zkFiles([], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102'])), RULE);
  assert.equal(rest.length, 0);
  assert.equal(
    d.message,
    'server.1 lists 2 addresses: ZooKeeper takes several addresses in a server line only when its JVM runs with the system property zookeeper.multiAddress.enabled=true, ' +
      'and otherwise does not start ("Multiple address feature is disabled, but multiple addresses were specified for sid 1"). multiAddress.enabled=true in zoo.cfg does not turn it on for the server lines. ' +
      'Start each member with -Dzookeeper.multiAddress.enabled=true (SERVER_JVMFLAGS, which zkServer.sh passes to the JVM); where that is done, switch this rule off.',
  );
});

test('zookeeper-multi-address: in Chinese', () => {
  const [d] = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102']), { locale: 'zh-cn' }), RULE);
  assert.equal(
    d.message,
    'server.1 列出了 2 个地址，只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时 ZooKeeper 才接受，但部署启动 zk-1、app-2 时没有这个参数：ZooKeeper 在那里无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid 1"）。' +
      '在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请在 dubbo-topology.yaml 中它们所在区域或主机的 properties: 里写 zookeeper.multiAddress.enabled: "true"（部署会以 -D 传给 JVM），或在该服务 deploy.env 的 SERVER_JVMFLAGS 中加上 -Dzookeeper.multiAddress.enabled=true。',
  );
  const [none] = ofRule(lintAll(zkFiles([], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102']), { locale: 'zh-cn' }), RULE);
  assert.equal(
    none.message,
    'server.1 列出了 2 个地址：只有当 JVM 以系统属性 zookeeper.multiAddress.enabled=true 运行时，ZooKeeper 才接受一条 server 行中的多个地址，否则无法启动（"Multiple address feature is disabled, but multiple addresses were specified for sid 1"）。' +
      '在 zoo.cfg 中写 multiAddress.enabled=true 并不能为 server 行开启这一功能。请以 -Dzookeeper.multiAddress.enabled=true 启动每个成员（SERVER_JVMFLAGS，zkServer.sh 会把它传给 JVM）；已经这样做了的，请关闭这条规则。',
  );
});

/** zkFiles with `properties:` added to a region (`    name: 华东1` / `华东2`) or a host, and the registry's deploy env. */
function withFlags(opts: { regions?: Record<string, string>; hosts?: Record<string, string>; env?: string }): Record<string, string> {
  const fs = zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '172.16.8.102:2888:3888|139.159.250.208']);
  let yaml = fs['dubbo-topology.yaml'];
  for (const [name, value] of Object.entries(opts.regions ?? {})) yaml = yaml.replace(`    name: ${name}\n`, `    name: ${name}\n    properties: { zookeeper.multiAddress.enabled: "${value}" }\n`);
  for (const [host, value] of Object.entries(opts.hosts ?? {})) yaml = yaml.replace(`      ${host}:\n`, `      ${host}:\n        properties: { zookeeper.multiAddress.enabled: "${value}" }\n`);
  if (opts.env) yaml = yaml.replace('    config: [zk/zoo.cfg]\n', `    config: [zk/zoo.cfg]\n    deploy:\n      dir: /opt/zookeeper\n      restart: bin/zkServer.sh restart\n      env: { ${opts.env} }\n`);
  return { ...fs, 'dubbo-topology.yaml': yaml };
}

test('zookeeper-multi-address: quiet when the topology gives every member the flag, as the deploy passes it', () => {
  // Region properties reach each member's JVM as -D (JAVA_TOOL_OPTIONS).
  assert.deepEqual(ofRule(lintAll(withFlags({ regions: { 华东1: 'true', 华东2: 'TRUE' } })), RULE), []);
  // zkServer.sh puts SERVER_JVMFLAGS, then JVMFLAGS, on the java command line.
  assert.deepEqual(ofRule(lintAll(withFlags({ env: 'SERVER_JVMFLAGS: "-Xmx1g -Dzookeeper.multiAddress.enabled=true"' })), RULE), []);
  assert.deepEqual(ofRule(lintAll(withFlags({ env: 'JAVA_TOOL_OPTIONS: "-Dzookeeper.multiAddress.enabled=true"' })), RULE), []);
});

test('zookeeper-multi-address: names the members the flag does not reach', () => {
  const only1 = ofRule(lintAll(withFlags({ regions: { 华东1: 'true' } })), RULE);
  assert.deepEqual(only1.map((d) => at(d)), ['2:0-2:8', '3:0-3:8']);
  assert.match(only1[0].message, /^server\.1 lists 2 addresses, .* but the deploy starts app-2 without it: /);
  // A host's own setting wins over its region's; on the command line JVMFLAGS comes last and wins.
  assert.match(ofRule(lintAll(withFlags({ regions: { 华东1: 'true', 华东2: 'true' }, hosts: { 'zk-1': 'false' } })), RULE)[0].message, / the deploy starts zk-1 without it: /);
  const cmd = ofRule(lintAll(withFlags({ env: 'SERVER_JVMFLAGS: "-Dzookeeper.multiAddress.enabled=true", JVMFLAGS: "-Dzookeeper.multiAddress.enabled=false"' })), RULE);
  assert.match(cmd[0].message, / the deploy starts zk-1, app-2 without it: /);
  // The command line wins over JAVA_TOOL_OPTIONS, where the topology's properties go.
  assert.equal(ofRule(lintAll(withFlags({ regions: { 华东1: 'true', 华东2: 'true' }, env: 'SERVER_JVMFLAGS: "-Dzookeeper.multiAddress.enabled=no"' })), RULE).length, 2);
});
