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

test('topology-syntax: a quote, [ or { left open is reported where it opens, not where the parser gave up', () => {
  const cases: [string, string, RegExp][] = [
    // The parser notices the missing quote at the end of the file (line 6 of a 5-line file).
    ['version: 1\nregions:\n  r1:\n    name: "abc\n    lan: [10.1.0.0/16]\nservices: {}\n', '3:10-3:14', /Missing closing "quote/],
    ["version: 1\nregions:\n  r1:\n    name: 'abc\n    lan: [10.1.0.0/16]\n", '3:10-3:14', /Missing closing 'quote/],
    ['version: 1\nregions:\n  r1:\n    lan: [10.1.0.0/16, [1]\n    name: x\nservices: {}\n', '3:9-3:26', /end with a \]/],
    ['version: 1\nregions: {r1: {lan: [10.1.0.0/16], name: x}\r\nservices: {}\n', '1:9-1:43', /end with a \}/],
  ];
  for (const [yaml, where, message] of cases) {
    const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax');
    assert.equal(at(d), where, JSON.stringify(yaml));
    assert.match(d.message, message);
  }
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
