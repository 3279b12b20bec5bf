import { test } from 'node:test';
import assert from 'node:assert/strict';
import { format, localize, semicolonList, sentences } from '../../../src/core/l10n';

test('format fills every placeholder, repeated ones too, and leaves unknown ones as written', () => {
  assert.equal(format('{a} and {b}, {a} again', { a: 1, b: 'two' }), '1 and two, 1 again');
  assert.equal(format('{missing} stays', { other: 'x' }), '{missing} stays');
  assert.equal(format('no placeholders', { a: 1 }), 'no placeholders');
  assert.equal(format('{a}', { a: '' }), '');
  assert.equal(format('count {a}', { a: 0 }), 'count 0');
  assert.equal(format('{a}{b}', { a: 'x', b: 'y' }), 'xy');
  assert.equal(format('{not a name} {a}', { a: 1 }), '{not a name} 1');
  assert.equal(format('{a}', undefined), '{a}');
});

test('format gives the same text on the second use of a template (templates are split once)', () => {
  const t = 'host {host} ({region}) cannot reach {ip}';
  const first = format(t, { host: 'h1', region: '华东1', ip: '10.0.0.1' });
  const second = format(t, { host: 'h2', region: '华东2', ip: '10.0.0.2' });
  assert.equal(first, 'host h1 (华东1) cannot reach 10.0.0.1');
  assert.equal(second, 'host h2 (华东2) cannot reach 10.0.0.2');
});

test('format localizes nested message references and lists of them', () => {
  const lookup = (id: string) => ({ inner: { en: 'inner {x}', 'zh-cn': '内部 {x}' } })[id];
  const ref = { id: 'outer', data: { one: { id: 'inner', data: { x: 1 } }, many: [{ id: 'inner', data: { x: 2 } }, { id: 'inner', data: { x: 3 } }] } };
  const outer = (r: typeof ref) => localize(r, 'zh-cn', (id) => (id === 'outer' ? { en: '{one} | {many}', 'zh-cn': '{one} | {many}' } : lookup(id)));
  // Chinese lists take the full-width semicolon, English ones "; ".
  assert.equal(outer(ref), '内部 1 | 内部 2；内部 3');
  const english = localize(ref, 'en', (id) => (id === 'outer' ? { en: '{one} | {many}', 'zh-cn': '{one} | {many}' } : lookup(id)));
  assert.equal(english, 'inner 1 | inner 2; inner 3');
});

test('lists that may hold commas take the language\'s semicolon; sentences follow a Chinese 。 with no space', () => {
  assert.equal(semicolonList(['a, b', 'c'], 'en'), 'a, b; c');
  assert.equal(semicolonList(['甲，乙', '丙'], 'zh-cn'), '甲，乙；丙');
  assert.equal(semicolonList(['only'], 'zh-cn'), 'only');
  assert.equal(sentences(['It failed.', 'The file is kept.'], 'en'), 'It failed. The file is kept.');
  assert.equal(sentences(['失败了。', '文件保留。'], 'zh-cn'), '失败了。文件保留。');
});
