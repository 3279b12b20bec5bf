import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits, planSafeFixes } from '../../../src/core/fixes';
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

test('planSafeFixes: the first fix of each diagnostic when safe, by file; for one file, only fixes that stay in it', () => {
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
  const texts: Record<string, string> = { 'a.conf': 'a\nb\nc\n', 'b.conf': 'b\n', 't.yaml': '1\n2\n3\n4\n' };
  const textOf = (f: string) => texts[f];
  const all = planSafeFixes(ds, textOf);
  assert.deepEqual(
    [...all.edits].map(([f, es]) => [f, es.map((e) => e.newText)]),
    [
      ['a.conf', ['X', 'Y']],
      ['t.yaml', ['T']],
      ['b.conf', ['B']],
    ],
  );
  assert.equal(all.fixes, 3);
  const one = planSafeFixes(ds, textOf, 'a.conf');
  assert.deepEqual(
    [...one.edits].map(([f, es]) => [f, es.map((e) => e.newText)]),
    [['a.conf', ['X']]],
  );
  assert.equal(planSafeFixes(ds, textOf, 'c.conf').edits.size, 0);
});

test('planSafeFixes: a fix is taken whole or left for later, never in part', () => {
  const text = 'abcdef\n';
  const first = diag('f', [{ title: 'first', safe: true, edits: [edit('f', 0, 1, 3, 'XY')] }]);
  // Its second edit meets the first fix's: neither of its edits is made.
  const meets = diag('f', [{ title: 'meets', safe: true, edits: [edit('f', 0, 5, 6, '!'), edit('f', 0, 2, 4, 'Z')] }]);
  const plan = planSafeFixes([first, meets], () => text);
  assert.deepEqual(plan.edits.get('f')?.map((e) => e.newText), ['XY']);
  assert.equal(plan.fixes, 1);
  assert.deepEqual(plan.deferred, [meets]);
  // A fix in another file fails with its file: an unreadable file defers the whole fix.
  const elsewhere = diag('f', [{ title: 'two files', safe: true, edits: [edit('f', 0, 5, 6, '!'), edit('gone', 0, 0, 0, 'G')] }]);
  const p2 = planSafeFixes([elsewhere], (f) => (f === 'f' ? text : undefined));
  assert.equal(p2.edits.size, 0);
  assert.deepEqual(p2.deferred, [elsewhere]);
});

test('planSafeFixes: two different insertions at one place are not both made; the same edit is made once, wherever it comes', () => {
  const text = 'regions:\n  east-2:\n    lan: [10.2.0.0/16]\n';
  const insert = (key: string) => edit('t.yaml', 3, 0, 0, `    properties:\n      ${key}: x\n`);
  const a = diag('a.xml', [{ title: 'a', safe: true, edits: [insert('zk.host')] }]);
  const b = diag('b.xml', [{ title: 'b', safe: true, edits: [insert('zk2.host')] }]);
  const other = diag('c.xml', [{ title: 'c', safe: true, edits: [edit('t.yaml', 0, 0, 7, 'REGIONS')] }]);
  const again = diag('d.xml', [{ title: 'a again', safe: true, edits: [insert('zk.host')] }]);
  const plan = planSafeFixes([a, other, b, again], () => text);
  assert.deepEqual(plan.edits.get('t.yaml')?.map((e) => e.newText), [insert('zk.host').newText, 'REGIONS']);
  assert.equal(plan.fixes, 3, 'the repeated fix counts: its edit is made');
  assert.deepEqual(plan.deferred, [b]);
  const applied = applyEdits(text, plan.edits.get('t.yaml')!);
  assert.equal(applied.text, 'REGIONS:\n  east-2:\n    lan: [10.2.0.0/16]\n    properties:\n      zk.host: x\n');
});

test('applyEdits: new text takes the line breaks of a CRLF file', () => {
  const r = applyEdits('a: 1\r\nb: 2\r\n', [edit('f', 1, 0, 0, 'x:\n  y: 3\n'), edit('f', 0, 3, 4, '5')]);
  assert.equal(r.text, 'a: 5\r\nx:\r\n  y: 3\r\nb: 2\r\n');
  assert.equal(applyEdits('a\nb\n', [edit('f', 1, 0, 0, 'x\n')]).text, 'a\nx\nb\n', 'LF files keep LF');
});

test('applyEdits: overlapping edits after the first are skipped, identical ones applied once', () => {
  const r = applyEdits('abcdef\n', [edit('f', 0, 1, 3, 'XY'), edit('f', 0, 2, 4, 'Z'), edit('f', 0, 1, 3, 'XY'), edit('f', 0, 5, 6, '!')]);
  assert.equal(r.text, 'aXYde!\n');
  assert.deepEqual(r.skipped.map((e) => e.newText), ['Z']);
});
