import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintWorkspace } from '../../../src/core/engine';
import { applyEdits } from '../../../src/core/fixes';
import { nginxAnalyzer } from '../../../src/core/nginx/analyzer';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import type { Diagnostic } from '../../../src/core/types';
import { exampleDir } from '../support/context';

const FILE = 'nginx/nginx.conf';
const seedText = readFileSync(join(exampleDir, FILE), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

function lint(overlay: Map<string, string> = new Map()): Diagnostic[] {
  const r = lintWorkspace(new NodeWorkspace(exampleDir, overlay), { analyzers: [nginxAnalyzer] });
  return r!.diagnostics.filter((d) => d.file === FILE);
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.range.start.line} ${d.rule}`);

test('seed nginx.conf: each mistake once, at its line', () => {
  const ds = lint();
  assert.deepEqual(summary(ds), [
    `${lineOf(seedText, 'upstream tomcatServer')} nginx-dr-upstream-no-backup`,
    `${lineOf(seedText, '139.159.257.207')} ip-invalid`,
    `${lineOf(seedText, 'proxy_connect_timeout')} nginx-proxy-connect-timeout`,
  ]);
  const ip = ds.find((d) => d.rule === 'ip-invalid')!;
  assert.equal(ip.fixes[0].title, 'Replace with 139.159.250.207 (api-2, external)');
  assert.equal(ip.fixes[0].safe, true);
  // The fix replaces the address and keeps the port.
  const fixed = applyEdits(seedText, ip.fixes[0].edits).text;
  assert.ok(fixed.includes('server 139.159.250.207:8680 weight=10;'));
  // The certificate files and the HTTPS server are not our business: no syntax, directive or value errors.
  assert.equal(ds.filter((d) => /^nginx-(syntax|unknown-directive|directive-context|invalid-value)$/.test(d.rule)).length, 0);
});

test('seed nginx.conf after the safe fixes: the plaintext hop across the public network shows on the corrected address', () => {
  const safeEdits = lint().flatMap((d) => d.fixes.filter((f) => f.safe).flatMap((f) => f.edits));
  const fixed = applyEdits(seedText, safeEdits).text;
  assert.ok(fixed.includes('proxy_connect_timeout 75s;'));
  const ds = lint(new Map([[FILE, fixed]]));
  assert.deepEqual(summary(ds), [
    `${lineOf(fixed, 'upstream tomcatServer')} nginx-dr-upstream-no-backup`,
    `${lineOf(fixed, '139.159.250.207')} nginx-upstream-plaintext-public`,
  ]);
});
