import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { countText, severityCountLines, type SeverityCountTexts } from '../../../src/shared/counts';

const EN: SeverityCountTexts = {
  errors: { one: '{0} error', other: '{0} errors' },
  warnings: { one: '{0} warning', other: '{0} warnings' },
  infos: { one: '{0} info or hint', other: '{0} infos and hints' },
};

test('counts: one error, two errors; no count is written with the plural of 1', () => {
  assert.equal(countText(EN.errors, 1), '1 error');
  assert.equal(countText(EN.errors, 2), '2 errors');
  assert.equal(countText(EN.errors, 0), '0 errors');
  assert.equal(countText(EN.warnings, 11), '11 warnings');
  assert.deepEqual(severityCountLines({ error: 1, warning: 1, info: 0, hint: 1 }, EN), ['1 error', '1 warning', '1 info or hint']);
  assert.deepEqual(severityCountLines({ error: 0, warning: 3, info: 1, hint: 1 }, EN), ['3 warnings', '2 infos and hints']);
  assert.deepEqual(severityCountLines({ error: 0, warning: 0, info: 0, hint: 0 }, EN), []);
});

test('counts: Chinese has one form for every number', () => {
  const zh = { one: '{0} 个错误', other: '{0} 个错误' };
  assert.equal(countText(zh, 1), '1 个错误');
  assert.equal(countText(zh, 5), '5 个错误');
});
