import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isSuppressed } from '../../../src/core/engine';
import { toSarif } from '../../../src/core/report';
import { allRules } from '../../../src/core/rules/catalog';
import { docsUrl } from '../../../src/core/rules/meta';
import { repoRoot } from '../support/context';

const docs = join(repoRoot, 'docs', 'rules');
/** The feature guides with a Simplified Chinese version (docs/zh-cn/<name>.md). */
const GUIDES = ['deploy', 'lab', 'nfs', 'nginx', 'reachability', 'registry'];
const HEADINGS: Record<string, string> = { 'What it reports': '报告什么', 'Why it matters': '为什么重要', 'How to fix': '如何修复', Example: '示例' };
const FENCE = /^```[^\n]*\n[\s\S]*?^```$/gm;

const fences = (t: string) => [...t.matchAll(FENCE)].map((m) => m[0]);
const prose = (t: string) => t.replace(FENCE, '');
const codeSpans = (t: string) => new Set([...prose(t).matchAll(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g)].map((m) => m[0]));
const headingLevels = (t: string) => prose(t).split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.indexOf(' '));
const tableRows = (t: string) => prose(t).split('\n').filter((l) => l.startsWith('|')).length;
const severityWords = (line: string | undefined) => [...(line ?? '').matchAll(/\*\*([a-z]+)\*\*/g)].map((m) => m[1]);

/**
 * What a translation must keep of its English page: the code blocks byte for byte, every inline code
 * span, links that resolve (to the Chinese rule pages), and some Chinese prose.
 */
function sameContent(en: string, zh: string, zhFile: string): string[] {
  const out: string[] = [];
  if (JSON.stringify(fences(zh)) !== JSON.stringify(fences(en))) out.push('code blocks differ');
  const spans = codeSpans(zh);
  const lost = [...codeSpans(en)].filter((s) => !spans.has(s));
  if (lost.length > 0) out.push(`inline code of the English page missing: ${lost.join(' ')}`);
  for (const m of prose(zh).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/.test(m[1]) || m[1].startsWith('#')) continue;
    if (!existsSync(resolve(dirname(zhFile), m[1].split('#')[0]))) out.push(`broken link ${m[1]}`);
    else if (/(^|\/)rules\/[a-z0-9-]+\.md$/.test(m[1])) out.push(`links the English rule page ${m[1]}`);
  }
  if (!/[\u4e00-\u9fa5]/.test(prose(zh))) out.push('no Chinese prose');
  return out;
}

/** What differs between a rule's English page and its Chinese one, beyond the language. */
function mismatches(id: string, en: string, zh: string, zhFile: string): string[] {
  const out: string[] = [];
  const lines = zh.split('\n');
  if (lines[0] !== `# ${id}`) out.push(`first line is not "# ${id}"`);
  if (!zh.includes(`[English](../${id}.md)`)) out.push('no link to the English page');
  if (!en.includes(`[简体中文](zh-cn/${id}.md)`)) out.push('the English page has no link to this one');
  const enSeverity = en.split('\n').find((l) => l.startsWith('Default severity:'));
  const zhSeverity = lines.find((l) => l.startsWith('默认级别：'));
  if (!zhSeverity || severityWords(zhSeverity).join() !== severityWords(enSeverity).join()) out.push(`severity line "${zhSeverity}" against "${enSeverity}"`);
  const enHeadings = en.split('\n').filter((l) => l.startsWith('## ')).map((l) => HEADINGS[l.slice(3)] ?? l);
  const zhHeadings = lines.filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
  if (zhHeadings.join('|') !== enHeadings.join('|')) out.push(`headings ${zhHeadings.join(', ')} against ${enHeadings.join(', ')}`);
  return [...out, ...sameContent(en, zh, zhFile)];
}

test('every rule has a Simplified Chinese page that matches its English one: severity, sections, code, links', () => {
  const problems: string[] = [];
  for (const r of allRules) {
    const zhFile = join(docs, 'zh-cn', `${r.id}.md`);
    if (!existsSync(zhFile)) {
      problems.push(`${r.id}: no docs/rules/zh-cn/${r.id}.md`);
      continue;
    }
    const en = readFileSync(join(docs, `${r.id}.md`), 'utf8');
    for (const p of mismatches(r.id, en, readFileSync(zhFile, 'utf8'), zhFile)) problems.push(`${r.id}: ${p}`);
  }
  assert.deepEqual(problems, []);
});

/** What differs between a guide and its Chinese version beyond the language: sections, tables, code, links. */
function guideMismatches(name: string, en: string, zh: string, zhFile: string): string[] {
  const out: string[] = [];
  if (!zh.startsWith('# ')) out.push('no title');
  if (!zh.includes(`[English](../${name}.md)`)) out.push('no link to the English guide');
  if (!en.includes(`[简体中文](zh-cn/${name}.md)`)) out.push('the English guide has no link to this one');
  if (headingLevels(zh).join() !== headingLevels(en).join()) out.push(`heading levels ${headingLevels(zh).join('')} against ${headingLevels(en).join('')}`);
  if (tableRows(zh) !== tableRows(en)) out.push(`${tableRows(zh)} table rows against ${tableRows(en)}`);
  out.push(...sameContent(en, zh, zhFile));
  return out;
}

test('the feature guides have Simplified Chinese versions that match them: sections, tables, code, links', () => {
  const problems: string[] = [];
  for (const name of GUIDES) {
    const zhFile = join(repoRoot, 'docs', 'zh-cn', `${name}.md`);
    const en = readFileSync(join(repoRoot, 'docs', `${name}.md`), 'utf8');
    for (const p of guideMismatches(name, en, readFileSync(zhFile, 'utf8'), zhFile)) problems.push(`${name}: ${p}`);
  }
  assert.deepEqual(problems, []);
  // README.zh-CN.md sends readers to them.
  const readme = readFileSync(join(repoRoot, 'README.zh-CN.md'), 'utf8');
  assert.deepEqual(GUIDES.filter((g) => !readme.includes(`(docs/zh-cn/${g}.md)`)), []);
});

test("each rule page's suppression comments are whole comments that silence its rule", () => {
  const problems: string[] = [];
  for (const r of allRules) {
    const page = readFileSync(join(docs, `${r.id}.md`), 'utf8');
    const line = page.split('\n').find((l) => l.startsWith('Silence one occurrence'));
    if (!line) continue;
    const comments = [...line.matchAll(/`([^`]*dubbo-topology-disable-next-line[^`]*)`/g)].map((m) => m[1]);
    if (comments.length === 0) problems.push(`${r.id}: no comment shown`);
    for (const c of comments) {
      if (!/^(# .*|<!-- .* -->)$/.test(c)) problems.push(`${r.id}: "${c}" is not a whole comment`);
      if (!isSuppressed(c, r.id)) problems.push(`${r.id}: "${c}" does not silence the rule`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the page comparison notices a lost code span, a changed example and a missing section', () => {
  const en = readFileSync(join(docs, 'nginx-proxy-connect-timeout.md'), 'utf8');
  const file = join(docs, 'zh-cn', 'nginx-proxy-connect-timeout.md');
  const zh = readFileSync(file, 'utf8');
  assert.deepEqual(mismatches('nginx-proxy-connect-timeout', en, zh, file), []);
  assert.match(mismatches('nginx-proxy-connect-timeout', en, zh.replaceAll('`75s`', '75 秒'), file).join(), /inline code .*`75s`/);
  assert.match(mismatches('nginx-proxy-connect-timeout', en, zh.replace('# -> 75s', '# -> 75 秒'), file).join(), /code blocks differ/);
  assert.match(mismatches('nginx-proxy-connect-timeout', en, zh.replace('## 为什么重要', '为什么重要'), file).join(), /headings/);
  const guideEn = readFileSync(join(repoRoot, 'docs', 'nfs.md'), 'utf8');
  const guideFile = join(repoRoot, 'docs', 'zh-cn', 'nfs.md');
  const guideZh = readFileSync(guideFile, 'utf8');
  assert.deepEqual(guideMismatches('nfs', guideEn, guideZh, guideFile), []);
  assert.match(guideMismatches('nfs', guideEn, guideZh.replace('../rules/zh-cn/nfs-async.md', '../rules/nfs-async.md'), guideFile).join(), /links the English rule page/);
  assert.match(guideMismatches('nfs', guideEn, guideZh.replace(/^\|.*\n/m, ''), guideFile).join(), /table rows/);
});

test('diagnostics and SARIF link to the page in the reader\'s language', () => {
  const page = (url: string) => url.replace('https://github.com/dubbo-topology/dubbo-topology/blob/main/', '');
  for (const r of allRules) {
    assert.equal(page(docsUrl(r.id)), `docs/rules/${r.id}.md`);
    assert.equal(page(docsUrl(r.id, 'zh-cn')), `docs/rules/zh-cn/${r.id}.md`);
  }
  const sarif = (locale: 'en' | 'zh-cn') =>
    (JSON.parse(toSarif([], locale, '0.0.0')) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] }).runs[0].tool.driver.rules;
  assert.ok(sarif('zh-cn').every((r) => page(r.helpUri) === `docs/rules/zh-cn/${r.id}.md`));
  assert.ok(sarif('en').every((r) => page(r.helpUri) === `docs/rules/${r.id}.md`));
});
