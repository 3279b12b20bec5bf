import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeLiteral, twoRegionContext } from '../support/address';
import { applyFix, lineOf, lintDubbo, spanOf, springXml } from '../support/dubbo';
import { at, ofRule } from '../support/lint';
import { gatewayYaml, lintNginx } from '../support/nginx';

const RULE = 'same-region-external-ip';

test('same-region-external-ip: every vantage host in the target region; fix: its internal IP', () => {
  const [d, ...rest] = judgeLiteral('139.159.250.7', ['api-1', 'app-1']);
  assert.equal(rest.length, 0);
  assert.equal(d.rule, 'same-region-external-ip');
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '3:10-3:23');
  assert.match(d.message, /^139\.159\.250\.7 is the external IP of api-1, in the same region \(华东1\)/);
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Use the internal IP of api-1 (192.168.27.101)', true, '192.168.27.101']]);
});

test('same-region-external-ip: vantage hosts spanning regions get a hint, not the warning', () => {
  const [d] = judgeLiteral('139.159.250.7', ['api-1', 'api-2']);
  assert.equal(d.rule, 'same-region-external-ip');
  assert.equal(d.severity, 'hint');
  assert.match(d.message, /one literal cannot suit both/);
  assert.deepEqual(d.fixes, []);
});

test('same-region-external-ip: an external IP used from another region passes', () => {
  assert.deepEqual(judgeLiteral('139.159.250.7', ['api-2']), []);
});

/** Every host in R1; p1 on a2 uses the registry on a1 by its external IP (`registry`: the element's address). */
function oneRegionFiles(registry: string, props?: string): Record<string, string> {
  return {
    'dubbo-topology.yaml': `version: 1
regions:
  r1:
    name: R1
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, external: 1.1.1.1, services: [registry] }
      a2: { internal: 10.0.0.2, external: 1.1.1.2, services: [p1] }
services:
  registry: { kind: zookeeper, port: 2181 }
  p1: { kind: dubbo-provider, port: 20880, config: [p1.xml]${props !== undefined ? ', properties: [p.properties]' : ''} }
`,
    'p1.xml': springXml(
      ['  <dubbo:application name="p1"/>', `  <dubbo:registry address="${registry}"/>`, '  <dubbo:monitor address="1.1.1.1:7070"/>', '  <dubbo:service interface="com.P1" ref="x"/>'].join('\n'),
    ),
    ...(props !== undefined ? { 'p.properties': props } : {}),
  };
}

test('same-region-external-ip: a Dubbo registry address, as a monitor or config-center address', () => {
  const files = oneRegionFiles('zookeeper://1.1.1.1:2181');
  const ds = ofRule(lintDubbo(files), RULE);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.severity}`),
    [`${spanOf(files['p1.xml'], '<dubbo:registry', '1.1.1.1')} warning`, `${spanOf(files['p1.xml'], '<dubbo:monitor', '1.1.1.1')} warning`],
  );
  assert.match(ds[0].message, /^1\.1\.1\.1 is the external IP of a1, in the same region \(R1\) as every host using it/);
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe, f.edits.map((e) => `${e.file} ${e.newText}`)]), [['Use the internal IP of a1 (10.0.0.1)', true, ['p1.xml 10.0.0.1']]]);
  const fixed = applyFix(files, ds[0].fixes[0]);
  assert.match(fixed['p1.xml'], /<dubbo:registry address="zookeeper:\/\/10\.0\.0\.1:2181"\/>/);
  const after = lintDubbo(fixed);
  assert.deepEqual(ofRule(after, RULE).map((d) => at(d)), [spanOf(files['p1.xml'], '<dubbo:monitor', '1.1.1.1')]);
  assert.deepEqual(after.filter((d) => d.rule.startsWith('dubbo-registry')), [], 'the internal IP is reachable, on the LAN');
});

test('same-region-external-ip: a registry address from a placeholder sits on the attribute; the fix edits the definition', () => {
  const files = oneRegionFiles('${zk}', 'zk=zookeeper://1.1.1.1:2181\n');
  const [d, ...rest] = ofRule(lintDubbo(files), RULE).filter((x) => x.range.start.line === lineOf(files['p1.xml'], '<dubbo:registry'));
  assert.equal(rest.length, 0);
  assert.equal(at(d), spanOf(files['p1.xml'], '<dubbo:registry', '${zk}'));
  assert.deepEqual(d.related.map((r) => `${r.file}:${r.range.start.line} ${r.message}`), ['p.properties:0 zk is defined here']);
  assert.deepEqual(d.fixes[0].edits, [{ file: 'p.properties', range: { start: { line: 0, character: 15 }, end: { line: 0, character: 22 } }, newText: '10.0.0.1' }]);
  assert.equal(applyFix(files, d.fixes[0])['p.properties'], 'zk=zookeeper://10.0.0.1:2181\n');
});

test('same-region-external-ip: registry users in several regions get the hint; cross-region reach stays dubbo-registry-unreachable\'s', () => {
  const files = oneRegionFiles('zookeeper://1.1.1.1:2181');
  const yaml = files['dubbo-topology.yaml'].replace(
    'services:\n  registry',
    '  r2:\n    name: R2\n    lan: [10.0.1.0/24]\n    hosts:\n      b1: { internal: 10.0.1.1, external: 2.2.2.1, services: [p1] }\nservices:\n  registry',
  );
  const ds = lintDubbo({ ...files, 'dubbo-topology.yaml': yaml });
  const line = lineOf(files['p1.xml'], '<dubbo:registry');
  assert.deepEqual(ofRule(ds, RULE).filter((d) => d.range.start.line === line).map((d) => d.severity), ['hint']);
  const internal = lintDubbo({ ...files, 'dubbo-topology.yaml': yaml, 'p1.xml': files['p1.xml'].replace('zookeeper://1.1.1.1:2181', 'zookeeper://10.0.0.1:2181') });
  assert.deepEqual(ofRule(internal, 'cross-region-internal-ip'), []);
  assert.deepEqual(ofRule(internal, 'dubbo-registry-unreachable').map((d) => d.range.start.line), [line]);
});

// The gateway runs on api-1 (华东1) and api-2 (华东2); 139.159.250.7 is api-1's external IP.
const spanning = (rules: string) =>
  gatewayYaml()
    .replace('        services: [api]\n', '        services: [gateway, api]\n')
    .replace(/^regions:/m, `rules:\n  same-region-external-ip: ${rules}\nregions:`);
const spanningConf = 'events {}\nhttp {\n    upstream u { server 139.159.250.7:8680; }\n    server { location / { proxy_pass https://u; } }\n}\n';

test('same-region-external-ip: the hint for hosts spanning regions stays a hint whatever severity the rule is set to', () => {
  for (const setting of ['error', 'warning', 'info']) {
    const ds = ofRule(lintNginx({ 'dubbo-topology.yaml': spanning(setting), 'nginx/nginx.conf': spanningConf }), 'same-region-external-ip');
    assert.deepEqual(
      ds.map((d) => `${at(d)} ${d.severity}`),
      ['2:24-2:42 hint'],
      `rules: same-region-external-ip: ${setting}`,
    );
  }
  // The editor's setting is no different.
  const [d] = judgeLiteral('139.159.250.7', ['api-1', 'api-2'], twoRegionContext(), { 'same-region-external-ip': 'error' });
  assert.equal(d.severity, 'hint');
  assert.match(d.message, /one literal cannot suit both/);
});

test('same-region-external-ip: off silences the hint; the finding of a single region takes the severity set', () => {
  assert.deepEqual(ofRule(lintNginx({ 'dubbo-topology.yaml': spanning('off'), 'nginx/nginx.conf': spanningConf }), 'same-region-external-ip'), []);
  assert.deepEqual(judgeLiteral('139.159.250.7', ['api-1', 'api-2'], twoRegionContext(), { 'same-region-external-ip': 'off' }), []);
  const [d] = judgeLiteral('139.159.250.7', ['api-1', 'app-1'], twoRegionContext(), { 'same-region-external-ip': 'error' });
  assert.equal(d.severity, 'error');
});

test('same-region-external-ip: in nginx, which reads no placeholders, the hint suggests a configuration per region', () => {
  const [d] = ofRule(lintNginx({ 'dubbo-topology.yaml': spanning('warning'), 'nginx/nginx.conf': spanningConf }), RULE);
  assert.equal(d.severity, 'hint');
  assert.equal(
    d.message,
    "139.159.250.7 is the external IP of api-1 (华东1). Hosts in 华东1 would reach it by its internal IP, other regions need the external one: one literal cannot suit both, and nginx has no placeholders. Give each region its own nginx configuration: move this address into an include file per region (the internal IP in 华东1's, the external IP in the others'), and list each region's main file in `config:` of a service that runs only in that region.",
  );
  const [zh] = ofRule(lintNginx({ 'dubbo-topology.yaml': spanning('warning'), 'nginx/nginx.conf': spanningConf }, { locale: 'zh-cn' }), RULE);
  assert.equal(
    zh.message,
    '139.159.250.7 是 api-1（华东1）的外网 IP。华东1 内的主机应走内网 IP，其他地域需要外网 IP：一个固定值无法兼顾，而 nginx 不支持占位符。请为每个地域准备各自的 nginx 配置：把这个地址移到按地域区分的 include 文件中（华东1 的用内网 IP，其他地域的用外网 IP），并把各地域的主配置文件列在只运行于该地域的服务的 `config:` 中。',
  );
  // Elsewhere the hint still suggests a placeholder.
  const [other] = judgeLiteral('139.159.250.7', ['api-1', 'api-2']);
  assert.match(other.message, /\$\{placeholder\}/);
});
