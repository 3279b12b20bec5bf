/**
 * Every string the editor shows has its Simplified Chinese text: the `vscode.l10n.t` literals of
 * src/vscode (l10n/bundle.l10n.zh-cn.json) and the `%key%` entries of package.json
 * (package.nls.json and package.nls.zh-cn.json), with the same `{0}` placeholders.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/context';

function json(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(repoRoot, file), 'utf8')) as Record<string, string>;
}

/** The first argument of each `l10n.t(...)` written as a plain string literal. */
function l10nLiterals(source: string): string[] {
  const out: string[] = [];
  const re = /l10n\.t\(\s*(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")/g;
  for (const m of source.matchAll(re)) {
    const body = m[1] ?? m[2];
    out.push(body.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c)));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort();

test('every vscode.l10n.t string of the editor has a Chinese translation with the same placeholders', () => {
  const zh = json('l10n/bundle.l10n.zh-cn.json');
  const dir = join(repoRoot, 'src', 'vscode');
  const strings = new Set(readdirSync(dir).filter((f) => f.endsWith('.ts')).flatMap((f) => l10nLiterals(readFileSync(join(dir, f), 'utf8'))));
  assert.ok(strings.size > 100, `only ${strings.size} strings found: the pattern no longer matches the sources`);
  const missing = [...strings].filter((s) => !(s in zh));
  assert.deepEqual(missing, []);
  const mismatched = [...strings].filter((s) => placeholders(s).join() !== placeholders(zh[s]).join());
  assert.deepEqual(mismatched, []);
});

test('every %key% of package.json is in package.nls.json and package.nls.zh-cn.json', () => {
  const manifest = readFileSync(join(repoRoot, 'package.json'), 'utf8');
  const keys = [...new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]))];
  assert.ok(keys.length > 20);
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  assert.deepEqual(keys.filter((k) => !(k in en)), []);
  assert.deepEqual(keys.filter((k) => !(k in zh)), []);
  assert.deepEqual(Object.keys(en).filter((k) => !keys.includes(k)), [], 'entries no longer used');
});
