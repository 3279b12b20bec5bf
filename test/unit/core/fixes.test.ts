import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, safeFixEdits } from '../../../src/core/fixes';
import type { Diagnostic, LocalizedFix, TextEdit } from '../../../src/core/types';

const edit = (file: string, line: number, a: number, b: number, newText: string): TextEdit => ({
  file,
  range: { start: { line, character: a }, end: { line, character: b } },
  newText,
});
const diag = (file: string, fixes: LocalizedFix[]): Diagnostic => ({
  file,
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
  severity: 'error',
  rule: 'r',
  message: 'm',
  fixes,
  related: [],
});

test('safeFixEdits: the first fix of each diagnostic when safe, by file; for one file, only fixes that stay in it', () => {
  const ds = [
    diag('a.conf', [{ title: 'x', safe: true, edits: [edit('a.conf', 0, 0, 1, 'X')] }]),
    diag('a.conf', [
      { title: 'unsafe first', safe: false, edits: [edit('a.conf', 1, 0, 1, 'U')] },
      { title: 'safe second', safe: true, edits: [edit('a.conf', 1, 0, 1, 'S')] },
    ]),
    diag('a.conf', [{ title: 'topology too', safe: true, edits: [edit('t.yaml', 3, 0, 0, 'T'), edit('a.conf', 2, 0, 1, 'Y')] }]),
    diag('b.conf', [{ title: 'other', safe: true, edits: [edit('b.conf', 0, 0, 1, 'B')] }]),
    diag('b.conf', []),
  ];
  const all = safeFixEdits(ds);
  assert.deepEqual(
    [...all].map(([f, es]) => [f, es.map((e) => e.newText)]),
    [
      ['a.conf', ['X', 'Y']],
      ['t.yaml', ['T']],
      ['b.conf', ['B']],
    ],
  );
  assert.deepEqual(
    [...safeFixEdits(ds, 'a.conf')].map(([f, es]) => [f, es.map((e) => e.newText)]),
    [['a.conf', ['X']]],
  );
  assert.equal(safeFixEdits(ds, 'c.conf').size, 0);
});

test('applyEdits: overlapping edits after the first are skipped, identical ones applied once', () => {
  const r = applyEdits('abcdef\n', [edit('f', 0, 1, 3, 'XY'), edit('f', 0, 2, 4, 'Z'), edit('f', 0, 1, 3, 'XY'), edit('f', 0, 5, 6, '!')]);
  assert.equal(r.text, 'aXYde!\n');
  assert.deepEqual(r.skipped.map((e) => e.newText), ['Z']);
});
