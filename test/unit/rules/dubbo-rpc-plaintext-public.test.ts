import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, ORDER_XML, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-rpc-plaintext-public';
const PROTOCOL = '  <dubbo:application name="svc"/>\n  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>';

function files(opts: { protocol?: string; yaml?: Parameters<typeof providerYaml>[0] } = {}): Record<string, string> {
  return {
    'dubbo-topology.yaml': providerYaml({ provider: '    registerAs: external\n', ...opts.yaml }),
    'svc.xml': springXml(opts.protocol ?? PROTOCOL),
    'web.xml': springXml('  <dubbo:application name="web"/>\n  <dubbo:registry address="${zookeeper.host}"/>'),
    'svc.properties': ZK,
    'web.properties': ZK,
  };
}

test('dubbo-rpc-plaintext-public: the seed, once its providers register their external IPs — every call crosses the internet in plain text', () => {
  const ex = exampleFiles();
  // As written, the seed's providers register internal IPs that the other region cannot reach at all:
  // that is dubbo-registers-internal-ip, not a plain-text crossing.
  assert.deepEqual(ofRule(lintDubbo(ex), RULE), []);
  const registers = ofRule(lintDubbo(ex), 'dubbo-registers-internal-ip').find((x) => x.file === ORDER_XML)!;
  const fixed = applyFix(ex, registers.fixes[0]);
  const [d, ...rest] = ofRule(lintDubbo(fixed), RULE).filter((x) => x.file === ORDER_XML);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(ex[ORDER_XML], '<dubbo:protocol', 'dubbo:protocol'));
  assert.equal(
    d.message,
    'order is called across the public network without TLS: 139.159.250.8 (app-1) from api-1 (华东1), api-2 (华东2); 139.159.250.208 (app-2) from api-1 (华东1), api-2 (华东2). ' +
      'Calls, their arguments and results travel the internet unencrypted and can be read or changed on the way. ' +
      'Turn on TLS for the protocol (ssl-enabled="true" with the certificates of <dubbo:ssl>, Dubbo 2.7.5+), or carry the traffic between the regions through a tunnel (VPN, WireGuard).',
  );
  assert.deepEqual(
    d.related.map((r) => r.message),
    ['host app-1 (华东1) in the topology', 'host api-1 (华东1) in the topology', 'host api-2 (华东2) in the topology', 'host app-2 (华东2) in the topology'],
  );
  assert.deepEqual(d.fixes, [], 'TLS needs certificates first: no quick fix');
});

test('dubbo-rpc-plaintext-public: in Chinese', () => {
  const [d] = ofRule(lintDubbo(files(), { locale: 'zh-cn' }), RULE);
  assert.match(d.message, /^svc 经公网被调用，但未启用 TLS：app-2（华东2）调用 app-1 的 139\.159\.250\.8；app-1（华东1）调用 app-2 的 139\.159\.250\.208。/);
});

test('dubbo-rpc-plaintext-public: a host never counts as calling itself; the consumers of the same registry are the callers', () => {
  const [d, ...rest] = ofRule(lintDubbo(files()), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'svc.xml');
  assert.match(d.message, /: 139\.159\.250\.8 \(app-1\) from app-2 \(华东2\); 139\.159\.250\.208 \(app-2\) from app-1 \(华东1\)\. /);
});

test('dubbo-rpc-plaintext-public: ssl-enabled="true" on the protocol turns it off; "false" is reported on the attribute', () => {
  const on = PROTOCOL.replace('port="20880"', 'port="20880" ssl-enabled="true"');
  assert.deepEqual(ofRule(lintDubbo(files({ protocol: on })), RULE), []);
  const off = PROTOCOL.replace('port="20880"', 'port="20880" ssl-enabled="false"');
  const fs = files({ protocol: off });
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.equal(at(d), spanOf(fs['svc.xml'], 'ssl-enabled=', 'false'));
});

test('dubbo-rpc-plaintext-public: ssl-enabled from the topology (-D per host) or deploy.env, as each provider host reads it', () => {
  // Only app-1 runs TLS: only the calls to app-2 are reported.
  const yaml = providerYaml({ provider: '    registerAs: external\n' }).replace(
    '        external: 139.159.250.8\n',
    '        external: 139.159.250.8\n        properties:\n          dubbo.protocol.ssl-enabled: "true"\n',
  );
  const [d, ...rest] = ofRule(lintDubbo({ ...files(), 'dubbo-topology.yaml': yaml }), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /without TLS: 139\.159\.250\.208 \(app-2\) from app-1 \(华东1\)\. /);
  // The property wins over the attribute, as a -D does.
  const attrOff = PROTOCOL.replace('port="20880"', 'port="20880" ssl-enabled="false"');
  assert.equal(ofRule(lintDubbo({ ...files({ protocol: attrOff }), 'dubbo-topology.yaml': yaml }), RULE).length, 1);
  // deploy.env: one environment for every host of the service.
  const env = providerYaml({ provider: '    registerAs: external\n    deploy:\n      dir: /opt/svc\n      env:\n        DUBBO_PROTOCOL_SSL_ENABLED: "true"\n' });
  assert.deepEqual(ofRule(lintDubbo({ ...files(), 'dubbo-topology.yaml': env }), RULE), []);
});

test('dubbo-rpc-plaintext-public: quiet when the calls stay on a LAN, or cannot be made at all', () => {
  // Internal addresses, consumers in the provider's region only.
  const local = files({ yaml: { provider: '', app2Services: 'registry' } });
  assert.deepEqual(ofRule(lintDubbo(local), RULE), []);
  // Internal addresses across regions: unreachable, reported by dubbo-registers-internal-ip instead.
  const across = files({ yaml: { provider: '' } });
  const ds = lintDubbo(across);
  assert.deepEqual(ofRule(ds, RULE), []);
  assert.equal(ofRule(ds, 'dubbo-registers-internal-ip').length, 1);
});

test('dubbo-rpc-plaintext-public: a placeholder ssl-enabled that does not resolve counts as on (reported as unresolved instead)', () => {
  const unknown = PROTOCOL.replace('port="20880"', 'port="20880" ssl-enabled="${tls.enabled}"');
  const ds = lintDubbo(files({ protocol: unknown }));
  assert.deepEqual(ofRule(ds, RULE), []);
  assert.equal(ofRule(ds, 'dubbo-placeholder-unresolved').length, 1);
});
