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
