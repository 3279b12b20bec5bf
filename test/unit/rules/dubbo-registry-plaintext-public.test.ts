import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { API_XML, applyFix, exampleFiles, lintDubbo, ORDER_XML, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-registry-plaintext-public';

function files(opts: { address?: string; web?: string; yaml?: string } = {}): Record<string, string> {
  return {
    'dubbo-topology.yaml': opts.yaml ?? providerYaml(),
    'svc.xml': springXml(`  <dubbo:application name="svc"/>\n  <dubbo:registry address="${opts.address ?? 'zookeeper://139.159.250.7:2181'}"/>`),
    'web.xml': springXml(`  <dubbo:application name="web"/>\n  <dubbo:registry address="${opts.web ?? 'zookeeper://192.168.27.101:2181'}"/>`),
    'svc.properties': '',
    'web.properties': '',
  };
}

test('dubbo-registry-plaintext-public: the seed, once 华东2 reaches the registry at its external IP — in plain text', () => {
  const ex = exampleFiles();
  assert.deepEqual(ofRule(lintDubbo(ex), RULE), [], 'as written, 华东2 cannot reach the registry at all (dubbo-registry-unreachable)');
  const unreachable = ofRule(lintDubbo(ex), 'dubbo-registry-unreachable').find((x) => x.file === API_XML)!;
  // The per-region fix: the internal IP inside 华东1, the external IP elsewhere.
  const fixed = applyFix(ex, unreachable.fixes[0]);
  const ds = ofRule(lintDubbo(fixed), RULE);
  assert.deepEqual(ds.map((d) => d.file).sort(), [API_XML, 'driver/src/main/resources/applicationContext.xml', ORDER_XML]);
  const d = ds.find((x) => x.file === API_XML)!;
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(ex[API_XML], '<dubbo:registry', '${zookeeper.host}'));
  assert.equal(
    d.message,
    'Registry address 139.159.250.7 is the external IP of api-1 (华东1), reached across the public network from api-2 (华东2), and ZooKeeper\'s client protocol is not encrypted. ' +
      'Whoever is on the path can read every registered provider and register addresses of their own, which consumers then call. ' +
      'Turn on ZooKeeper TLS (secureClientPort on the servers; zookeeper.client.secure=true with its key and trust stores on these hosts, as -D: properties in the topology), or reach the registry through a tunnel (VPN, WireGuard).',
  );
  assert.deepEqual(
    d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`),
    ['dubbo-topology.yaml:22 zookeeper.host is defined here', 'dubbo-topology.yaml:8 host api-1 (华东1) in the topology'],
  );
  assert.deepEqual(d.fixes, []);
});

test('dubbo-registry-plaintext-public: on the address written in the file; the hosts that cross, not those on the LAN', () => {
  const fs = files();
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0, 'web reaches the registry on the LAN from 华东1 (and not at all from 华东2: another rule)');
  assert.equal(d.file, 'svc.xml');
  assert.equal(at(d), spanOf(fs['svc.xml'], '<dubbo:registry', '139.159.250.7'));
  // svc runs on app-1 (华东1, the registry's own region: the external IP detours over the internet) and app-2 (华东2).
  assert.match(d.message, /reached across the public network from app-1 \(华东1\), app-2 \(华东2\),/);
});

test('dubbo-registry-plaintext-public: in Chinese', () => {
  const [d] = ofRule(lintDubbo(files(), { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^注册中心地址 139\.159\.250\.7 是 zk-1（华东1）的外网 IP：app-1（华东1）、app-2（华东2）经公网访问它/);
});

test('dubbo-registry-plaintext-public: zookeeper.client.secure=true in the topology, per host or region, turns it off there', () => {
  const perHost = providerYaml().replace(
    '        external: 139.159.250.208\n',
    '        external: 139.159.250.208\n        properties:\n          zookeeper.client.secure: "true"\n',
  );
  const [d] = ofRule(lintDubbo(files({ yaml: perHost })), RULE);
  assert.match(d.message, /from app-1 \(华东1\), and/);
  const perRegion = providerYaml()
    .replace('    lan: [192.168.27.0/24]\n', '    lan: [192.168.27.0/24]\n    properties:\n      zookeeper.client.secure: "true"\n')
    .replace('    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties:\n      zookeeper.client.secure: "true"\n');
  assert.deepEqual(ofRule(lintDubbo(files({ yaml: perRegion })), RULE), []);
});

test('dubbo-registry-plaintext-public: ZooKeeper and Nacos registries, by scheme or protocol attribute; not the others', () => {
  assert.deepEqual(ofRule(lintDubbo(files({ address: 'redis://139.159.250.7:6379' })), RULE), []);
  assert.deepEqual(ofRule(lintDubbo(files({ address: '139.159.250.7:2181' })), RULE), [], 'no scheme: the dubbo registry type');
  const fs = files();
  fs['svc.xml'] = springXml('  <dubbo:application name="svc"/>\n  <dubbo:registry protocol="zookeeper" address="139.159.250.7:2181"/>');
  assert.equal(ofRule(lintDubbo(fs), RULE).length, 1);
  fs['svc.xml'] = springXml('  <dubbo:application name="svc"/>\n  <dubbo:registry protocol="nacos" address="139.159.250.7:8848"/>');
  assert.equal(ofRule(lintDubbo(fs), RULE).length, 1);
});

test('dubbo-registry-plaintext-public: a Nacos registry, and nacos.remote.client.rpc.tls.enable=true in the topology turning it off', () => {
  const fs = files({ address: 'nacos://139.159.250.7:8848' });
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(at(d), spanOf(fs['svc.xml'], '<dubbo:registry', '139.159.250.7'));
  assert.equal(
    d.message,
    'Registry address 139.159.250.7 is the external IP of zk-1 (华东1), reached across the public network from app-1 (华东1), app-2 (华东2), and the Nacos client talks to the server unencrypted unless TLS is turned on. ' +
      'Whoever is on the path can read every registered provider and register addresses of their own, which consumers then call. ' +
      'Turn on TLS for client connections on the Nacos servers (Nacos 2.2 and later) and nacos.remote.client.rpc.tls.enable=true on these hosts (nacos-client 2.2.1 and later; as a -D: property in the topology), or reach the registry through a tunnel (VPN, WireGuard).',
  );
  const [zh] = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /而 Nacos 客户端在未开启 TLS 时与服务端之间不加密通信/);
  // Each client's own switch: ZooKeeper's does not secure Nacos, Nacos's does.
  const withProperty = (key: string) =>
    providerYaml()
      .replace('    lan: [192.168.27.0/24]\n', `    lan: [192.168.27.0/24]\n    properties:\n      ${key}: "true"\n`)
      .replace('    lan: [172.16.8.0/24]\n', `    lan: [172.16.8.0/24]\n    properties:\n      ${key}: "true"\n`);
  assert.equal(ofRule(lintDubbo(files({ address: 'nacos://139.159.250.7:8848', yaml: withProperty('zookeeper.client.secure') })), RULE).length, 1);
  assert.deepEqual(ofRule(lintDubbo(files({ address: 'nacos://139.159.250.7:8848', yaml: withProperty('nacos.remote.client.rpc.tls.enable') })), RULE), []);
  assert.equal(ofRule(lintDubbo(files({ yaml: withProperty('nacos.remote.client.rpc.tls.enable') })), RULE).length, 1, 'and it does not secure ZooKeeper');
});

test('dubbo-registry-plaintext-public: a public address outside the topology counts too', () => {
  const [d] = ofRule(lintDubbo(files({ address: 'zookeeper://8.8.4.4:2181' })), RULE);
  assert.match(d.message, /^Registry address 8\.8\.4\.4 is a public address, reached across the public network from /);
});

test('dubbo-registry-plaintext-public: per-region values of one address (a registry per region) — the hosts named are those that cross to the address named', () => {
  const yaml = providerYaml({ extraServices: '  registry2: { kind: zookeeper, port: 2182 }\n' })
    .replace('        external: 139.159.250.208\n        services: [svc, web]\n', '        external: 139.159.250.208\n        services: [svc, web, registry2]\n')
    .replace('    lan: [192.168.27.0/24]\n', '    lan: [192.168.27.0/24]\n    properties: { zk.local: "192.168.27.101:2181", zk.remote: "139.159.250.208:2182" }\n')
    .replace('    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties: { zk.local: "172.16.8.102:2182", zk.remote: "139.159.250.7:2181" }\n');
  const body = '  <dubbo:registry address="zookeeper://${zk.local}|zookeeper://${zk.remote}"/>';
  const [d, ...rest] = ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' }), RULE);
  assert.equal(rest.length, 0);
  const m = /^Registry address (\S+) is the external IP of (\S+) \((\S+)\), reached across the public network from (.*?), and/.exec(d.message);
  assert.ok(m, d.message);
  // The address of one region's registry is crossed to from the other region only.
  assert.deepEqual(m.slice(1), m[1] === '139.159.250.208' ? ['139.159.250.208', 'app-2', '华东2', 'app-1 (华东1)'] : ['139.159.250.7', 'zk-1', '华东1', 'app-2 (华东2)']);
});
