// Writes the rule tables of README.md and README.zh-CN.md (between the `rules:start` / `rules:end`
// markers) from the rule catalog, so both list exactly the rules the engine has. Run after a build:
//   node scripts/build.mjs && node scripts/gen-rules-table.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { allRules } = require(join(root, 'out/src/core/rules/catalog.js'));

const HEADERS = {
  en: '| rule | area | default | what it reports |',
  'zh-cn': '| 规则 | 类别 | 默认级别 | 报告什么 |',
};

/** Where each language's rule pages are. */
const PAGES = { en: 'docs/rules', 'zh-cn': 'docs/rules/zh-cn' };

export function rulesTable(rules, locale = 'en') {
  const rows = rules.map((r) => {
    const sev = r.severity === 'off' ? `off (${r.offSeverity ?? 'info'})` : r.severity;
    return `| [\`${r.id}\`](${PAGES[locale]}/${r.id}.md) | ${r.area} | ${sev} | ${r.description[locale].replace(/\|/g, '\\|')} |`;
  });
  return [HEADERS[locale], '|---|---|---|---|', ...rows].join('\n');
}

const start = '<!-- rules:start -->';
const end = '<!-- rules:end -->';
for (const [name, locale] of [
  ['README.md', 'en'],
  ['README.zh-CN.md', 'zh-cn'],
]) {
  const file = join(root, name);
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`${name} has no rules:start/rules:end markers`);
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${rulesTable(allRules, locale)}\n${text.slice(b)}`);
  console.log(`${name}: ${allRules.length} rules`);
}
