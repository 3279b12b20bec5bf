import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../src/core/fixes';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

const rule = 'dubbo-env-address';

/** TWO_REGIONS with the api service deployed with `env` (a block mapping, one key per line). */
function withEnv(env: Record<string, string>, kind = 'dubbo-provider'): string {
  const lines = Object.entries(env).map(([k, v]) => `        ${k}: "${v}"`);
  return TWO_REGIONS.replace(
    'api: { kind: dubbo-consumer, port: 8680 }',
    `api:\n    kind: ${kind}\n    port: 20880\n    deploy:\n      dir: /opt/api\n      env:\n${lines.join('\n')}`,
  );
}

test('dubbo-env-address: DUBBO_IP_TO_REGISTRY in deploy.env is one address for every host: all of them register it', () => {
  const yaml = withEnv({ DUBBO_IP_TO_REGISTRY: '139.159.250.7' });
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '25:30-25:45');
  assert.equal(
    d.message,
    "DUBBO_IP_TO_REGISTRY=139.159.250.7 is the same on every host of api (api-1, api-2): each registers 139.159.250.7 (api-1's external IP), so every consumer calls that one address. deploy.env is one environment for all hosts; to register each host's external IP, remove it and set registerAs: external (deploy then sets DUBBO_IP_TO_REGISTRY per host).",
  );
  assert.equal(d.fixes[0].title, 'Remove DUBBO_IP_TO_REGISTRY from deploy.env');
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /^DUBBO_IP_TO_REGISTRY=139\.159\.250\.7 对 api 的所有主机（api-1、api-2）都相同：每台都注册 139\.159\.250\.7（api-1 的外网 IP）/);
  assert.equal(d.fixes[0].safe, false);
  const fixed = applyEdits(yaml, d.fixes[0].edits).text;
  assert.equal(fixed, yaml.replace('        DUBBO_IP_TO_REGISTRY: "139.159.250.7"\n', ''));
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': fixed }), rule), []);
  // In a flow mapping a removal would need the commas around it: no fix offered there.
  const flow = yaml.replace('      env:\n        DUBBO_IP_TO_REGISTRY: "139.159.250.7"', '      env: { JAVA_OPTS: "-Xmx1g", DUBBO_IP_TO_REGISTRY: "139.159.250.7" }');
  const [f] = ofRule(lintFiles({ 'dubbo-topology.yaml': flow }), rule);
  assert.ok(f, 'still reported in a flow mapping');
  assert.deepEqual(f.fixes, []);
});

test('dubbo-env-address: a fixed bind address fails on every host but its owner (an error)', () => {
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_IP_TO_BIND: '192.168.27.101' }) }), rule);
  assert.equal(d.severity, 'error');
  assert.match(d.message, /^DUBBO_IP_TO_BIND=192\.168\.27\.101 is the same on every host of api \(api-1, api-2\): only api-1 has that address, the others fail to start \("Cannot assign requested address"\)\./);
});

test('dubbo-env-address: values Dubbo refuses (localhost, 0.0.0.0, 127.*), per-protocol names too', () => {
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_IP_TO_REGISTRY: 'localhost', TRI_DUBBO_IP_TO_BIND: '127.0.0.1', DUBBO_IP_TO_BIND: '0.0.0.0' }) }), rule);
  assert.deepEqual(
    ds.map((d) => `${d.severity} ${d.message}`),
    [
      'error DUBBO_IP_TO_REGISTRY=localhost: Dubbo refuses to start with "Specified invalid registry ip from property" (localhost, 0.0.0.0 and 127.* are not addresses it can register).',
      'error TRI_DUBBO_IP_TO_BIND=127.0.0.1: Dubbo refuses to start with "Specified invalid bind ip from property" (localhost, 0.0.0.0 and 127.* are not addresses it can bind to).',
      'error DUBBO_IP_TO_BIND=0.0.0.0: Dubbo refuses to start with "Specified invalid bind ip from property" (localhost, 0.0.0.0 and 127.* are not addresses it can bind to).',
    ],
  );
});

test('dubbo-env-address: with one host, a registry address that is not its own', () => {
  const yaml = withEnv({ DUBBO_IP_TO_REGISTRY: '139.159.250.207' }).replace('        services: [api]\n', '        services: []\n');
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), rule);
  assert.equal(d.severity, 'warning');
  assert.match(d.message, /^DUBBO_IP_TO_REGISTRY=139\.159\.250\.207 is not an address of api-1, the only host of api: it registers another machine's address \(api-2's external IP\)\./);
});

test('dubbo-env-address: what Dubbo takes passes (the one host\'s own address, empty, a name, other variables, non-Dubbo services)', () => {
  const one = withEnv({ DUBBO_IP_TO_REGISTRY: '139.159.250.7', DUBBO_IP_TO_BIND: '', JAVA_OPTS: '-Xmx1g' }).replace('        services: [api]\n', '        services: []\n');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': one }), rule), []);
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_IP_TO_REGISTRY: 'api.example.com' }) }), rule), []);
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_IP_TO_REGISTRY: '139.159.250.7' }, 'http') }), rule), []);
});

test('dubbo-env-address: in Chinese', () => {
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_IP_TO_REGISTRY: 'localhost' }) }, { locale: 'zh-cn' }), rule);
  assert.equal(d.message, 'DUBBO_IP_TO_REGISTRY=localhost：Dubbo 启动时报 "Specified invalid registry ip from property"（localhost、0.0.0.0 和 127.* 不能用于注册）。');
});

test('dubbo-env-address: DUBBO_PROTOCOL_HOST (2.7+) is the bind address too: one value for several hosts fails on all but its owner', () => {
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_PROTOCOL_HOST: '192.168.27.101' }) }), rule);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.match(d.message, /^DUBBO_PROTOCOL_HOST=192\.168\.27\.101 is the same on every host of api \(api-1, api-2\): only api-1 has that address/);
  assert.equal(d.fixes[0].title, 'Remove DUBBO_PROTOCOL_HOST from deploy.env');
  // Other spellings Dubbo reads, and the provider's host.
  for (const key of ['dubbo_protocol_host', 'DUBBO_PROVIDER_HOST']) {
    assert.equal(ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ [key]: '192.168.27.101' }) }), rule).length, 1, key);
  }
  // Not judged: a local value (Dubbo ignores it and picks an address itself), DUBBO_IP_TO_BIND set
  // (it comes first), or every host but one setting its own with -D.
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_PROTOCOL_HOST: '127.0.0.1' }) }), rule), []);
  const withBind = ofRule(lintFiles({ 'dubbo-topology.yaml': withEnv({ DUBBO_PROTOCOL_HOST: '192.168.27.101', DUBBO_IP_TO_BIND: '192.168.27.101' }) }), rule);
  assert.deepEqual(withBind.map((x) => x.message.split('=')[0]), ['DUBBO_IP_TO_BIND']);
  const yaml = withEnv({ DUBBO_PROTOCOL_HOST: '192.168.27.101' });
  const ownProperty = yaml.replace(/( {6}api-2:\n(?: {8}.*\n)*? {8}external: [0-9.]+\n)/, "$1        properties: { dubbo.protocol.host: '139.159.250.207' }\n");
  assert.notEqual(ownProperty, yaml);
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': ownProperty }), rule), []);
});

test('dubbo-env-address: with one host, a bind address (DUBBO_IP_TO_BIND, DUBBO_PROTOCOL_HOST) that is another host\'s fails to start', () => {
  const single = (env: Record<string, string>) => withEnv(env).replace('        services: [api]\n', '        services: []\n');
  for (const key of ['DUBBO_IP_TO_BIND', 'DUBBO_PROTOCOL_HOST']) {
    const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': single({ [key]: '172.16.8.101' }) }), rule);
    assert.equal(rest.length, 0, key);
    assert.equal(d.severity, 'error');
    assert.equal(
      d.message,
      `${key}=172.16.8.101 is api-2's address, not one of api-1, the only host of api: Dubbo cannot bind it there and fails to start ("Cannot assign requested address"). Leave the bind address to Dubbo, or set the host's own.`,
    );
  }
  // Its own address, or one no host of the topology has, is not judged (the network may hold it).
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': single({ DUBBO_IP_TO_BIND: '192.168.27.101' }) }), rule), []);
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': single({ DUBBO_PROTOCOL_HOST: '10.9.9.9' }) }), rule), []);
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': single({ DUBBO_IP_TO_BIND: '172.16.8.101' }) }, { locale: 'zh-cn' }), rule);
  assert.match(zh.message, /^DUBBO_IP_TO_BIND=172\.16\.8\.101 是 api-2 的地址，而不是 api 唯一主机 api-1 的地址/);
});
