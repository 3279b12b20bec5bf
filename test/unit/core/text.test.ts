import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { params } from '../robustness/fuzz';
import { LineIndex, positionAtOrBefore, rangeContains, TextCache } from '../../../src/core/text';

test('LineIndex maps offsets and positions for LF, CRLF and CR', () => {
  const idx = new LineIndex('ab\r\ncd\nef\rgh');
  assert.equal(idx.lineCount, 4);
  assert.deepEqual(idx.positionAt(4), { line: 1, character: 0 });
  assert.deepEqual(idx.positionAt(8), { line: 2, character: 1 });
  assert.equal(idx.lineText(0), 'ab');
  assert.equal(idx.lineText(2), 'ef');
  assert.equal(idx.lineText(3), 'gh');
  assert.equal(idx.offsetAt({ line: 1, character: 1 }), 5);
  assert.equal(idx.offsetAt({ line: 0, character: 99 }), 2, 'clamped to the end of the line');
});

test('LineIndex.rangeOf is the positions of its two offsets, on any text and any offsets', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '华', '😀'), { maxLength: 40 }), fc.integer({ min: -3, max: 80 }), fc.integer({ min: -3, max: 80 }), (parts, a, b) => {
      const idx = new LineIndex(parts.join(''));
      assert.deepEqual(idx.rangeOf(a, b), { start: idx.positionAt(a), end: idx.positionAt(b) });
    }),
    params(0.2),
  );
});

test('columns count UTF-16 code units (CJK and astral characters)', () => {
  const idx = new LineIndex('华东1 😀x');
  assert.deepEqual(idx.positionAt('华东1 😀'.length), { line: 0, character: 6 });
});

test('rangeContains: positions and ranges, ends included; positionAtOrBefore orders by line, then character', () => {
  const r = { start: { line: 1, character: 4 }, end: { line: 2, character: 2 } };
  assert.equal(rangeContains(r, { line: 1, character: 4 }), true);
  assert.equal(rangeContains(r, { line: 2, character: 2 }), true);
  assert.equal(rangeContains(r, { line: 1, character: 3 }), false);
  assert.equal(rangeContains(r, { line: 2, character: 3 }), false);
  assert.equal(rangeContains(r, { line: 1, character: 99 }), true);
  assert.equal(rangeContains(r, { start: { line: 1, character: 5 }, end: { line: 2, character: 0 } }), true);
  assert.equal(rangeContains(r, { start: { line: 1, character: 5 }, end: { line: 2, character: 3 } }), false);
  assert.equal(positionAtOrBefore({ line: 0, character: 9 }, { line: 1, character: 0 }), true);
  assert.equal(positionAtOrBefore({ line: 1, character: 1 }, { line: 1, character: 0 }), false);
});

test('TextCache: made once per text; an edit undone gives back what was made before it', () => {
  const cache = new TextCache<{ of: string }>(2);
  let made = 0;
  const get = (file: string, text: string) => cache.get(file, text, () => (made++, { of: text }));
  const a = get('f', 'a');
  assert.equal(get('f', 'a'), a);
  const b = get('f', 'ab');
  assert.equal(get('f', 'a'), a, 'undone');
  assert.equal(get('f', 'ab'), b, 'redone');
  assert.equal(made, 2);
  get('f', 'abc');
  assert.notEqual(get('f', 'a'), a, 'two edits back: made again');
  assert.equal(made, 4);
  // At most `size` files: the least recently made is dropped.
  get('g', 'x');
  get('h', 'y');
  get('f', 'a');
  assert.equal(made, 7);
});
