import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('unknown-service: in a host service list, uses and registry, with did-you-mean', () => {
  const yaml = TWO_REGIONS.replace('services: [api]', 'services: [apii]').replace(
    'api: { kind: dubbo-consumer, port: 8680 }',
    'api: { kind: dubbo-consumer, port: 8680, uses: [order], registry: registy }',
  );
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-service');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['17:19-17:23', 'Unknown service "apii". Did you mean "api"?'],
    ['19:50-19:55', 'Unknown service "order".'],
    ['19:68-19:75', 'Unknown service "registy". Did you mean "registry"?'],
  ]);
  assert.deepEqual(ds[0].fixes[0].edits, [{ file: 'dubbo-topology.yaml', range: ds[0].range, newText: 'api' }]);
  assert.equal(ds[0].fixes[0].safe, false);
});

test('unknown-service: known references pass', () => {
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }), 'unknown-service'), []);
});

test('unknown-service: registry: naming a service that is not ZooKeeper, with the only ZooKeeper service as the fix', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, registry: gw }\n  gw: { kind: nginx, port: 80 }');
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-service');
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'error');
  assert.equal(d.message, 'registry: names the registry api registers with (a zookeeper service, or one of kind other for another registry such as Nacos), but "gw" is of kind nginx. Did you mean "registry"?');
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with "registry"', false, 'registry']]);
  assert.equal(yaml.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'gw');
  const fine = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, registry: registry }');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': fine }), 'unknown-service'), []);
  // Another registry (Nacos, etcd, Consul) has no kind of its own: one of kind other may be named.
  const nacos = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, registry: nacos }\n  nacos: { kind: other, port: 8848 }');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': nacos }), 'unknown-service'), []);
});

test('unknown-service: ids joined by a full-width comma or 、 are named as such, not as one unknown id', () => {
  for (const [sep, zhSep] of [['，', '，'], ['、', '、']]) {
    const yaml = TWO_REGIONS.replace('services: [api, registry]', `services: [api${sep}registry]`);
    const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-service');
    assert.equal(rest.length, 0);
    assert.equal(at(d), '9:19-9:31');
    assert.equal(d.message, `Unknown service "api${sep}registry": "${sep}" does not separate list items in YAML, so this is one id. Separate the ids with ", " (ASCII comma): api, registry.`);
    const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'unknown-service');
    assert.equal(zh.message, `未知服务 "api${zhSep}registry"：YAML 不把“${zhSep}”当作列表分隔符，因此这是一个 id。请用半角逗号 ", " 分隔各个 id：api, registry。`);
  }
  // Parts that are not all ids stay an ordinary unknown id.
  const other = TWO_REGIONS.replace('services: [api, registry]', 'services: [api，nope]');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': other }), 'unknown-service').map((d) => d.message), ['Unknown service "api，nope".']);
});
