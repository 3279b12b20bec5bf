import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProperties } from '../../../src/core/properties/parse';

test('parses separators, comments, escapes and continuation lines with ranges', () => {
  const p = parseProperties('# c\n! c2\nzookeeper.host=zookeeper://192.168.27.101:2181\na : b\nc d\nlong = one, \\\n    two\nu=\\u534e\\u4e1c\n');
  assert.equal(p.byKey.get('zookeeper.host')?.value, 'zookeeper://192.168.27.101:2181');
  assert.deepEqual(p.byKey.get('zookeeper.host')?.valueRange, { start: { line: 2, character: 15 }, end: { line: 2, character: 46 } });
  assert.equal(p.byKey.get('a')?.value, 'b');
  assert.equal(p.byKey.get('c')?.value, 'd');
  assert.equal(p.byKey.get('long')?.value, 'one, two');
  assert.equal(p.byKey.get('long')?.range.end.line, 6);
  assert.deepEqual(p.byKey.get('long')?.valueRange.end, { line: 6, character: 7 });
  assert.equal(p.byKey.get('u')?.value, '华东');
});

test('a key defined twice: both entries kept, last wins', () => {
  const p = parseProperties('k=1\nk=2\n');
  assert.equal(p.entries.length, 2);
  assert.equal(p.byKey.get('k')?.value, '2');
});
