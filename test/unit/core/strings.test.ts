import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detachedSlice, sameChars, StringTable } from '../../../src/core/strings';

test('StringTable returns the exact slice for repeated strings read from different texts', () => {
  const table = new StringTable(64, 24);
  const a = 'server 10.0.1.15:8080 weight=9;';
  const b = 'x server weight=9 10.0.1.15:8080';
  const first = table.slice(a, 0, 6);
  const again = table.slice(b, 2, 8);
  assert.equal(first, 'server');
  assert.equal(again, 'server');
  assert.equal(table.slice(a, 7, 21), '10.0.1.15:8080');
  assert.equal(table.slice(b, 18, 32), '10.0.1.15:8080');
  assert.equal(table.slice(a, 22, 30), 'weight=9');
});

test('StringTable slices outside its length limit and empty ranges are plain slices', () => {
  const table = new StringTable(16, 4);
  const text = 'abcdefgh';
  assert.equal(table.slice(text, 0, 8), 'abcdefgh');
  assert.equal(table.slice(text, 3, 3), '');
  assert.equal(table.slice(text, 2, 6), 'cdef');
});

test('StringTable answers right when different strings fall into one slot', () => {
  // Two slots only: most strings collide; every answer must still be the exact slice.
  const table = new StringTable(2, 24);
  const words = ['on', 'off', 'http', 'server', 'listen', 'proxy_pass', 'upstream', 'keepalive', 'on', 'off', 'proxy_set_header'];
  const text = words.join(' ');
  for (let round = 0; round < 3; round++) {
    let at = 0;
    for (const w of words) {
      assert.equal(table.slice(text, at, at + w.length), w);
      at += w.length + 1;
    }
  }
});

test('sameChars compares a string with a range of a text', () => {
  assert.equal(sameChars('abc', 'xxabcxx', 2, 5), true);
  assert.equal(sameChars('abd', 'xxabcxx', 2, 5), false);
  assert.equal(sameChars('ab', 'xxabcxx', 2, 5), false);
});

test('detachedSlice equals slice for short and long ranges', () => {
  const text = 'com.example.order.OrderService and more';
  assert.equal(detachedSlice(text, 0, 3), 'com');
  assert.equal(detachedSlice(text, 0, 30), text.slice(0, 30));
  assert.equal(detachedSlice(text, 5, 5), '');
});
