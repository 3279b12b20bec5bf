import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('unknown-host: share server/clients and ssh.via', () => {
  const yaml = `${TWO_REGIONS.replace('        services: [api]\n', '        ssh: { via: bastion }\n        services: [api]\n')}shares:
  upload: { server: api-3, path: /x, clients: [api-2, api2] }
`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-host');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['17:20-17:27', 'Unknown host "bastion".'],
    ['23:20-23:25', 'Unknown host "api-3". Did you mean "api-1"?'],
    ['23:54-23:58', 'Unknown host "api2". Did you mean "api-2"?'],
  ]);
});

test('unknown-host: existing hosts pass', () => {
  const yaml = `${TWO_REGIONS}shares:\n  upload: { server: api-1, path: /x, clients: [api-2] }\n`;
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-host'), []);
});

test('unknown-host: ssh.via going round in a loop, once per loop; a chain that ends is fine', () => {
  const yaml = TWO_REGIONS.replace('        external: 139.159.250.7\n', '        external: 139.159.250.7\n        ssh: { via: api-2 }\n').replace(
    '        external: 139.159.250.207\n',
    '        external: 139.159.250.207\n        ssh: { via: api-1 }\n',
  );
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-host');
  assert.deepEqual(
    ds.map((d) => `${d.range.start.line} ${d.message}`),
    ['9 ssh.via goes round in a loop (api-1 → api-2 → api-1): no host in it can be reached first, so SSH to api-1 cannot be set up.'],
  );
  const self = TWO_REGIONS.replace('        external: 139.159.250.207\n', '        external: 139.159.250.207\n        ssh: { via: api-2 }\n');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': self }), 'unknown-host').map((d) => d.message), [
    'ssh.via goes round in a loop (api-2 → api-2): no host in it can be reached first, so SSH to api-2 cannot be set up.',
  ]);
  const chain = TWO_REGIONS.replace('        external: 139.159.250.207\n', '        external: 139.159.250.207\n        ssh: { via: api-1 }\n');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': chain }), 'unknown-host'), []);
});

test('unknown-host: share clients joined by 、 are named as such', () => {
  const yaml = `${TWO_REGIONS}shares:\n  upload: { server: api-1, path: /srv/upload, clients: [api-1、api-2] }\n`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'unknown-host');
  assert.deepEqual(ds.map((d) => d.message), ['Unknown host "api-1、api-2": "、" does not separate list items in YAML, so this is one id. Separate the ids with ", " (ASCII comma): api-1, api-2.']);
});
