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
      return !readme.includes(`| [\`${r.id}\`](${locale === 'zh-cn' ? 'docs/rules/zh-cn' : 'docs/rules'}/${r.id}.md) | ${r.area} | ${sev} | ${r.description[locale].replace(/\|/g, '\\|')} |`);
    });
    assert.deepEqual(missing.map((r) => r.id), []);
  });
}

test('README.zh-CN.md lists every setting the extension contributes, with its default', () => {
  const readme = readFileSync(join(repoRoot, 'README.zh-CN.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } | { properties: Record<string, { default?: unknown }> }[] };
  };
  const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
  const settings = sections.flatMap((c) => Object.entries(c.properties));
  assert.ok(settings.length > 10);
  const missing = settings.filter(([key, s]) => !readme.includes(`| \`${key}\` | \`${JSON.stringify(s.default)}\` |`)).map(([key]) => key);
  assert.deepEqual(missing, []);
});
