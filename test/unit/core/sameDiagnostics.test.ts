import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sameDiagnostic, sameDiagnostics } from '../../../src/core/sameDiagnostics';
import type { Diagnostic } from '../../../src/core/types';

const range = (line: number, from: number, to: number) => ({ start: { line, character: from }, end: { line, character: to } });

function diagnostic(): Diagnostic {
  return {
    rule: 'nginx-upstream-plaintext-public',
    file: 'nginx/nginx.conf',
    range: range(12, 15, 35),
    severity: 'warning',
    message: '139.159.250.208 is a public address',
    fixes: [{ title: 'Use https://', safe: false, edits: [{ file: 'nginx/nginx.conf', range: range(40, 23, 30), newText: 'https://' }] }],
    related: [{ file: 'nginx/nginx.conf', range: range(40, 12, 40), message: 'proxy_pass http://api_up' }],
  };
}

test('sameDiagnostic: equal in every field read, in other objects', () => {
  assert.equal(sameDiagnostic(diagnostic(), diagnostic()), true);
  assert.equal(sameDiagnostics([diagnostic(), diagnostic()], [diagnostic(), diagnostic()]), true);
  assert.equal(sameDiagnostics([], []), true);
});

test('sameDiagnostic: any field that differs, however deep, makes them differ', () => {
  const changes: [string, (d: Diagnostic) => void][] = [
    ['rule', (d) => (d.rule = 'nginx-syntax')],
    ['file', (d) => (d.file = 'nginx/other.conf')],
    ['severity', (d) => (d.severity = 'error')],
    ['message', (d) => (d.message += '.')],
    ['range start', (d) => (d.range.start.character = 14)],
    ['range end line', (d) => (d.range.end.line = 13)],
    ['a fix title', (d) => (d.fixes[0].title = 'Use https')],
    ['a fix safe', (d) => (d.fixes[0].safe = true)],
    ['a fix edit text', (d) => (d.fixes[0].edits[0].newText = 'grpcs://')],
    ['a fix edit range', (d) => (d.fixes[0].edits[0].range.end.character = 31)],
    ['a fix edit file', (d) => (d.fixes[0].edits[0].file = 'x.conf')],
    ['one more fix edit', (d) => d.fixes[0].edits.push({ file: 'nginx/nginx.conf', range: range(41, 23, 30), newText: 'https://' })],
    ['no fix', (d) => (d.fixes = [])],
    ['a related message', (d) => (d.related[0].message = 'proxy_pass http://order_up')],
    ['a related range', (d) => (d.related[0].range.start.line = 41)],
    ['a related file', (d) => (d.related[0].file = 'snippets/a.conf')],
    ['one related place more', (d) => d.related.push({ file: 'nginx/nginx.conf', range: range(50, 1, 2), message: 'here' })],
  ];
  for (const [what, change] of changes) {
    const d = diagnostic();
    change(d);
    assert.equal(sameDiagnostic(diagnostic(), d), false, what);
    assert.equal(sameDiagnostic(d, diagnostic()), false, `${what}, the other way`);
  }
  assert.equal(sameDiagnostics([diagnostic()], [diagnostic(), diagnostic()]), false, 'one more');
  const moved = diagnostic();
  moved.range = range(13, 15, 35);
  assert.equal(sameDiagnostics([diagnostic(), moved], [moved, diagnostic()]), false, 'in another order');
});
