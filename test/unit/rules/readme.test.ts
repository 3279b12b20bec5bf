import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allRules } from '../../../src/core/rules/catalog';
import { repoRoot } from '../support/context';

for (const [name, locale] of [
  ['README.md', 'en'],
  ['README.zh-CN.md', 'zh-cn'],
] as const) {
  test(`the ${name} rule table lists every rule with its default severity and description (regenerate: scripts/gen-rules-table.mjs)`, () => {
    const readme = readFileSync(join(repoRoot, name), 'utf8');
    const missing = allRules.filter((r) => {
      const sev = r.severity === 'off' ? `off (${r.offSeverity ?? 'info'})` : r.severity;
      return !readme.includes(`| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.area} | ${sev} | ${r.description[locale].replace(/\|/g, '\\|')} |`);
    });
    assert.deepEqual(missing.map((r) => r.id), []);
  });
}
