import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { allRules } from '../../../src/core/rules/catalog';
import type { Diagnostic, SeveritySetting } from '../../../src/core/types';

import { repoRoot, tempWorkspace } from '../support/context';

/** Rules off by default, turned on so that their checks run too. */
const DEFAULT_OFF = allRules.filter((r) => r.severity === 'off').map((r) => r.id);

function lint(ws: NodeWorkspace, ruleOverrides: Record<string, SeveritySetting>, cache?: LintCache): Diagnostic[] {
  const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, ruleOverrides, cache });
  assert.ok(r, `no topology in ${ws.root}`);
  return r.diagnostics;
}

async function generatedWorkspace(dir: string): Promise<void> {
  // The bench generator is an ES module; the compiled tests are CommonJS, whose `import()` would become `require`.
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<{
    generateWorkspace(o: object): { files: Map<string, string> };
    writeWorkspace(dir: string, files: Map<string, string>): void;
  }>;
  const m = await load(pathToFileURL(join(repoRoot, 'bench', 'lib', 'generate.mjs')).href);
  m.writeWorkspace(dir, m.generateWorkspace({ seed: 7, regions: 3, hostsPerRegion: 4, dubbo: 40, nginx: 40 }).files);
}

test('a rule set off is not run by a run without a cache, and the diagnostics are those of a run that filters it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-skip-'));
  try {
    await generatedWorkspace(dir);
    const workspaces = [new NodeWorkspace(join(repoRoot, 'examples', 'two-region')), new NodeWorkspace(dir)];
    const on = Object.fromEntries(DEFAULT_OFF.map((id) => [id, 'warning' as const]));
    const found = new Set<string>();
    for (const ws of workspaces) for (const d of lint(ws, on)) found.add(d.rule);
    // Not a vacuous comparison: these rules have findings in the two workspaces. (That no check
    // reports another rule's findings is held by every rule test: see support/lint.ts.)
    assert.ok(found.size >= 12, `only ${found.size} rules found something: ${[...found].join(', ')}`);
    for (const rule of allRules) {
      const overrides = { ...on, [rule.id]: 'off' as const };
      for (const ws of workspaces) {
        const skipped = lint(ws, overrides);
        // With a cache (the editor) every check runs and the rule's findings are dropped when reported.
        const filtered = lint(ws, overrides, new LintCache());
        assert.deepStrictEqual(skipped, filtered, `${rule.id} off in ${ws.root}`);
        assert.ok(!skipped.some((d) => d.rule === rule.id));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a check of a rule set off is not called; with a cache, or set on, it is', () => {
  // The module objects the rule lists call through (CommonJS exports, read at each call).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nginxRule = require('../../../src/core/rules/nginx/nginxDuplicateListen') as { check: (...a: unknown[]) => unknown };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dubboRule = require('../../../src/core/rules/dubbo/dubboRetriesNonidempotent') as { check: (...a: unknown[]) => unknown };
  const ws = new NodeWorkspace(join(repoRoot, 'examples', 'two-region'));
  const calls = { nginx: 0, dubbo: 0 };
  const original = { nginx: nginxRule.check, dubbo: dubboRule.check };
  nginxRule.check = (...a) => (calls.nginx++, original.nginx(...a));
  dubboRule.check = (...a) => (calls.dubbo++, original.dubbo(...a));
  try {
    const count = (overrides: Record<string, SeveritySetting>, cache?: LintCache) => {
      calls.nginx = calls.dubbo = 0;
      lint(ws, overrides, cache);
      return { ...calls };
    };
    // dubbo-retries-nonidempotent is off by default.
    assert.deepEqual(count({ 'nginx-duplicate-listen': 'off' }), { nginx: 0, dubbo: 0 });
    const all = count({ 'dubbo-retries-nonidempotent': 'info' });
    assert.ok(all.nginx > 0 && all.dubbo > 0, JSON.stringify(all));
    assert.deepEqual(count({ 'nginx-duplicate-listen': 'off' }, new LintCache()), all);
    // Set off in the topology's rules: (the editor setting wins over it).
    const dir = tempWorkspace();
    try {
      appendFileSync(join(dir, 'dubbo-topology.yaml'), 'rules:\n  nginx-duplicate-listen: off\n  dubbo-retries-nonidempotent: info\n');
      calls.nginx = calls.dubbo = 0;
      lint(new NodeWorkspace(dir), {});
      assert.equal(calls.nginx, 0);
      assert.equal(calls.dubbo, all.dubbo);
      calls.nginx = 0;
      lint(new NodeWorkspace(dir), { 'nginx-duplicate-listen': 'warning' });
      assert.equal(calls.nginx, all.nginx);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    nginxRule.check = original.nginx;
    dubboRule.check = original.dubbo;
  }
});
