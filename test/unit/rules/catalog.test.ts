import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../src/core/rules/catalog';
import { repoRoot } from '../support/context';

test('every rule has a unique id, a doc page, tests, and messages in English and Simplified Chinese', () => {
  const ids = allRules.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
  const problems: string[] = [];
  for (const r of allRules) {
    if (!existsSync(join(repoRoot, 'docs', 'rules', `${r.id}.md`))) problems.push(`${r.id}: no docs/rules/${r.id}.md`);
    if (!existsSync(join(repoRoot, 'test', 'unit', 'rules', `${r.id}.test.ts`))) problems.push(`${r.id}: no test/unit/rules/${r.id}.test.ts`);
    if (!r.description.en || !r.description['zh-cn']) problems.push(`${r.id}: description missing a language`);
    for (const [k, m] of Object.entries(r.messages)) {
      if (!m.en || !m['zh-cn']) problems.push(`${r.id}/${k}: message missing a language`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the catalog holds every rule of the spec', () => {
  const spec = [
    'topology-syntax', 'topology-schema', 'ip-invalid', 'ip-duplicate', 'internal-ip-outside-lan', 'external-ip-private',
    'unknown-service', 'unknown-host', 'share-server-no-route', 'cross-region-internal-ip', 'same-region-external-ip', 'ip-unknown',
  ];
  const ids = new Set(allRules.map((r) => r.id));
  assert.deepEqual(spec.filter((id) => !ids.has(id)), []);
});
