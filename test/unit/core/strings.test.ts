import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commonPrefix, commonSuffix, detachedSlice, sameChars, StringTable } from '../../../src/core/strings';
import fc from 'fast-check';

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

test('commonPrefix and commonSuffix give what comparing character by character gives', () => {
  const naivePrefix = (a: string, b: string) => {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
  };
  const naiveSuffix = (a: string, b: string, limit: number) => {
    let i = 0;
    while (i < limit && i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
    return i;
  };
  const long = 'listen 8080;\n'.repeat(300) + '华东 ';
  assert.equal(commonPrefix(long, long), long.length);
  assert.equal(commonPrefix(long, `${long.slice(0, 2000)}x${long.slice(2001)}`), 2000);
  assert.equal(commonSuffix(long, `${long.slice(0, 2000)}x${long.slice(2001)}`, Infinity), long.length - 2001);
  assert.equal(commonSuffix(long, `${long}!`, Infinity), 0);
  assert.equal(commonSuffix(long, long.slice(1), 10), 10);
  fc.assert(
    fc.property(fc.string({ maxLength: 3000 }), fc.nat(3000), fc.string({ maxLength: 3 }), fc.nat(2), fc.nat(4000), (base, at, ins, del, limit) => {
      const k = at % (base.length + 1);
      const edited = base.slice(0, k) + ins + base.slice(k + del);
      assert.equal(commonPrefix(base, edited), naivePrefix(base, edited));
      assert.equal(commonSuffix(base, edited, limit), naiveSuffix(base, edited, limit));
    }),
  );
});
