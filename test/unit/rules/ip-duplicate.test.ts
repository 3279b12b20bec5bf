import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('ip-duplicate: same internal IP twice in a region, and an external IP shared across regions', () => {
  const yaml = TWO_REGIONS.replace(
    '        services: [api, registry]\n',
    '        services: [api, registry]\n      api-3:\n        internal: 192.168.27.101\n        external: 139.159.250.207\n',
  );
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'ip-duplicate');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['11:18-11:32', 'Internal IP 192.168.27.101 of api-3 is also the internal IP of api-1 in 华东1.'],
    ['19:18-19:33', 'External IP 139.159.250.207 of api-2 is also the external IP of api-3.'],
  ]);
});

test('ip-duplicate: the same internal IP in two regions (overlapping LANs) is allowed', () => {
  const yaml = TWO_REGIONS.replace('lan: [172.16.8.0/24]', 'lan: [192.168.27.0/24]').replace('internal: 172.16.8.101', 'internal: 192.168.27.101');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'ip-duplicate'), []);
});
