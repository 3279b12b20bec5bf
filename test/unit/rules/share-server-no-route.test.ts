import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('share-server-no-route: a client in another region while the server has no external IP', () => {
  const yaml = `${TWO_REGIONS.replace('        external: 139.159.250.7\n', '')}shares:
  upload: { server: api-1, path: /x, clients: [api-2] }
`;
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'share-server-no-route');
  assert.equal(rest.length, 0);
  assert.equal(at(d), '21:47-21:52');
  assert.equal(d.message, 'Client api-2 (华东2) cannot reach NFS server api-1 (华东1): the server has no external IP in the topology.');
});

test('share-server-no-route: an external IP on the server gives a route', () => {
  const yaml = `${TWO_REGIONS}shares:\n  upload: { server: api-1, path: /x, clients: [api-2] }\n`;
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'share-server-no-route'), []);
});
