import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeLiteral, twoRegionContext } from '../support/address';
import { at, ofRule } from '../support/lint';
import { gatewayYaml, lintNginx } from '../support/nginx';

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
