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

test('topology-syntax: a key repeated in a flow mapping or deep inside is reported at the repeat', () => {
  const text = 'version: 1\nservices:\n  a: { kind: http, kind: http }\n  b: { kind: http }\n  b: { kind: http }\n';
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': text }), 'topology-syntax');
  assert.deepEqual(
    ds.map((d) => [d.range.start.line, d.range.start.character]),
    [
      [2, 19],
      [4, 2],
    ],
  );
  assert.match(ds[0].message, /Map keys must be unique/);
});
