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
  assert.equal(d.message, 'registry: names the ZooKeeper service api registers with, but "gw" is of kind nginx. Did you mean "registry"?');
  assert.deepEqual(d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with "registry"', false, 'registry']]);
  assert.equal(yaml.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'gw');
  const fine = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, registry: registry }');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': fine }), 'unknown-service'), []);
});
