import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../src/core/rules/catalog';
import { repoRoot } from '../support/context';

test('the README rule table lists every rule with its default severity (regenerate: scripts/gen-rules-table.mjs)', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const missing = allRules.filter((r) => {
    const sev = r.severity === 'off' ? `off (${r.offSeverity ?? 'info'})` : r.severity;
    return !readme.includes(`| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.area} | ${sev} |`);
  });
  assert.deepEqual(missing.map((r) => r.id), []);
});
