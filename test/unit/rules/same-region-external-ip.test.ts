import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeLiteral } from '../support/address';
import { at } from '../support/lint';

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
