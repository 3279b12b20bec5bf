import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('topology-syntax: an unclosed flow sequence is reported at its line', () => {
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': 'version: 1\nregions:\n  a:\n    lan: [10.0.0.0/8\n' }), 'topology-syntax');
  assert.equal(ds.length >= 1, true);
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /^YAML syntax error: /);
  assert.ok(ds[0].range.start.line >= 3, at(ds[0]));
});

test('topology-syntax: duplicate keys are syntax errors', () => {
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': 'version: 1\nversion: 1\nregions: {}\n' }), 'topology-syntax');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].range.start.line, 1);
});

test('topology-syntax: a valid file has none', () => {
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }), 'topology-syntax'), []);
});
