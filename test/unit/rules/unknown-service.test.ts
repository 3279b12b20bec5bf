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
