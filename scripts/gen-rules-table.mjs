// Writes the rule table of README.md (between the `rules:start` / `rules:end` markers) from the
// rule catalog, so the README lists exactly the rules the engine has. Run after a build:
//   node scripts/build.mjs && node scripts/gen-rules-table.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { allRules } = require(join(root, 'out/src/core/rules/catalog.js'));

export function rulesTable(rules) {
  const rows = rules.map((r) => {
    const sev = r.severity === 'off' ? `off (${r.offSeverity ?? 'info'})` : r.severity;
    return `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.area} | ${sev} | ${r.description.en.replace(/\|/g, '\\|')} |`;
  });
  return ['| rule | area | default | what it reports |', '|---|---|---|---|', ...rows].join('\n');
}

const readme = join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) throw new Error('README.md has no rules:start/rules:end markers');
writeFileSync(readme, `${text.slice(0, a + start.length)}\n${rulesTable(allRules)}\n${text.slice(b)}`);
console.log(`README.md: ${allRules.length} rules`);
