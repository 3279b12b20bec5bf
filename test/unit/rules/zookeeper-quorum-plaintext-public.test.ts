import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { lintAll, zkDynamicFiles, zkFiles, ZK_DYNAMIC } from '../support/zookeeper';

const RULE = 'zookeeper-quorum-plaintext-public';

test('zookeeper-quorum-plaintext-public: an ensemble across the regions at external IPs, without sslQuorum', () => {
  const fs = zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true');
  const ds = ofRule(lintAll(fs), RULE);
  // Each address is reached across the internet by the other member; a member never counts for its own line.
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)} ${d.severity}`), ['zk/zoo.cfg 2:9-2:22 warning', 'zk/zoo.cfg 3:9-3:24 warning']);
  assert.equal(
    ds[0].message,
    'server.1 139.159.250.7 is the external IP of zk-1 (华东1), reached across the public network from app-2 (华东2), and the quorum traffic is not encrypted: ' +
      'every write to the registry and the leader election cross the internet in plain text, and whoever is on the path can read them or pose as a member. ' +
      'Set sslQuorum=true with the quorum key and trust stores (ssl.quorum.keyStore.*, ssl.quorum.trustStore.*), or connect the regions through a tunnel (VPN, WireGuard).',
  );
  assert.match(ds[1].message, /^server\.2 139\.159\.250\.208 is the external IP of app-2 \(华东2\), reached across the public network from zk-1 \(华东1\),/);
  assert.deepEqual(ds[0].related.map((r) => `${r.file} ${r.message}`), ['dubbo-topology.yaml host zk-1 (华东1) in the topology']);
  assert.deepEqual(ds[0].fixes, [], 'TLS needs key stores first: no quick fix');
});

test('zookeeper-quorum-plaintext-public: sslQuorum=true, internal IPs within a region, or unreachable ones pass', () => {
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true\nsslQuorum=true')), RULE), []);
  // Both members in 华东1, on the LAN.
  assert.deepEqual(ofRule(lintAll(zkFiles(['zk-1', 'app-1'], ['192.168.27.101', '192.168.27.102'])), RULE), []);
  // Another region's internal IP cannot be reached at all: cross-region-internal-ip says so, not this rule.
  const ds = lintAll(zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']));
  assert.deepEqual(ofRule(ds, RULE), []);
  assert.ok(ofRule(ds, 'cross-region-internal-ip').length > 0);
});

test('zookeeper-quorum-plaintext-public: a line of several addresses (3.6+) counts a member only when each address it reaches crosses the public network', () => {
  // Members zk-1 and app-1 in 华东1, app-2 in 华东2; each line lists the member's internal and external IP.
  const fs = zkFiles(['zk-1', 'app-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '192.168.27.102:2888:3888|139.159.250.8', '172.16.8.102:2888:3888|139.159.250.208'], 'quorumListenOnAllIPs=true');
  const ds = ofRule(lintAll(fs), RULE);
  // app-1 reaches zk-1 at its internal IP, over the LAN: only app-2 crosses to it.
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${/reached across the public network from (.*), and the quorum/.exec(d.message)?.[1]}`),
    ['2:34-2:47 app-2 (华东2)', '3:34-3:47 app-2 (华东2)', '4:32-4:47 zk-1 (华东1), app-1 (华东1)'],
  );
  // All three in 华东1, each line with both addresses: the LAN serves everyone.
  const one = zkFiles(['zk-1', 'app-1'], ['192.168.27.101:2888:3888|139.159.250.7', '192.168.27.102:2888:3888|139.159.250.8'], 'quorumListenOnAllIPs=true');
  assert.deepEqual(ofRule(lintAll(one), RULE), []);
});

test('zookeeper-quorum-plaintext-public: in Chinese', () => {
  const [d] = ofRule(lintAll(zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true'), { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^server\.1 的 139\.159\.250\.7 是 zk-1（华东1）的外网 IP，app-2（华东2）经公网连接它，而集群内部通信不加密/);
});

test('zookeeper-quorum-plaintext-public: a dynamic configuration file takes sslQuorum from the static zoo.cfg that names it', () => {
  assert.deepEqual(ofRule(lintAll(zkDynamicFiles({ static: ['quorumListenOnAllIPs=true', 'sslQuorum=true'] })), RULE), []);
  const ds = ofRule(lintAll(zkDynamicFiles({ static: ['quorumListenOnAllIPs=true'] })), RULE);
  assert.deepEqual(ds.map((d) => `${d.file} ${at(d)}`), [`${ZK_DYNAMIC} 0:9-0:22`, `${ZK_DYNAMIC} 1:9-1:22`, `${ZK_DYNAMIC} 2:9-2:24`]);
  assert.equal(
    ds[2].message,
    'server.3 139.159.250.207 is the external IP of zk-3 (华东2), reached across the public network from zk-1 (华东1), zk-2 (华东1), and the quorum traffic is not encrypted: ' +
      'every write to the registry and the leader election cross the internet in plain text, and whoever is on the path can read them or pose as a member. ' +
      'Set sslQuorum=true in zk/zoo.cfg, the static configuration of this dynamic file, with the quorum key and trust stores (ssl.quorum.keyStore.*, ssl.quorum.trustStore.*), or connect the regions through a tunnel (VPN, WireGuard). ' +
      'Not in the dynamic file itself: ZooKeeper takes only server, group and weight lines there and refuses to start on any other key.',
  );
  assert.deepEqual(ds[0].fixes, []);
  // No static file listed: the setting is unknown, and the message says where it belongs.
  const [u] = ofRule(lintAll(zkDynamicFiles({ config: [ZK_DYNAMIC] })), RULE);
  assert.match(u.message, /Set sslQuorum=true in the static configuration whose dynamicConfigFile names this file \(the topology lists it under no config:/);
  const [zh] = ofRule(lintAll(zkDynamicFiles({ static: ['quorumListenOnAllIPs=true'] }), { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /请在 zk\/zoo\.cfg（此动态配置文件对应的静态配置）中设置 sslQuorum=true/);
});
