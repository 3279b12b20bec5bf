#!/usr/bin/env node
// `npm test`: everything, in order, stopping at the first failure:
//   1. code-server for the editor tests (scripts/setup-vscode.mjs, once per machine)
//   2. build (esbuild bundles + tsc into out/)
//   3. type-check (tsc --noEmit)
//   4. ESLint
//   5. one `node --test` run over the unit tests (out/test/unit/**/*.test.js) and the editor
//      tests (test/editor.test.mjs, the integration suites inside a real VS Code, and
//      test/editor/diagram.e2e.mjs and rollback.e2e.mjs, the diagram webview and the Roll Back
//      dialogs driven like a user), so the closing
//      summary counts both tiers.
// FUZZ_RUNS (property-test iterations) and EDITOR_TEST_TIMEOUT_S pass through to the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './codeServer.mjs';
import { isInstalled, setupVscode } from './setup-vscode.mjs';

const started = Date.now();
const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';
const seconds = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

function step(title, fn, { last = false } = {}) {
  const t = Date.now();
  process.stdout.write(`\n== ${title}\n`);
  const ok = fn();
  if (!ok) {
    process.stdout.write(`\n== FAILED: ${title} (after ${seconds(started)})\n`);
    process.exit(1);
  }
  // After the test run, node's own summary stays the last thing printed.
  if (!last) process.stdout.write(`== ${title}: ok (${seconds(t)})\n`);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit', env: process.env });
  if (r.error) process.stderr.write(`${r.error.message}\n`);
  return r.status === 0;
}

const bin = (pkg, file) => join(repoRoot, 'node_modules', pkg, 'bin', file);

function unitTests() {
  const dir = join(repoRoot, 'out', 'test', 'unit');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => relative(repoRoot, join(dir, f)));
}

step('code-server for the editor tests', () => {
  if (isInstalled()) {
    process.stdout.write('already installed\n');
    return true;
  }
  try {
    setupVscode();
    return true;
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    if (inCI) return false;
    process.stderr.write('going on without code-server: the editor tests will be skipped\n');
    return true;
  }
});
step('build', () => run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')]));
step('type-check', () => run(process.execPath, [bin('typescript', 'tsc'), '--noEmit', '-p', repoRoot]));
step('lint', () => run(process.execPath, [bin('eslint', 'eslint.js'), '--max-warnings=0', '.']));
step('tests (unit + editor)', () => {
  const editor = ['test/editor.test.mjs', 'test/editor/diagram.e2e.mjs', 'test/editor/rollback.e2e.mjs'];
  const files = [...unitTests(), ...editor];
  process.stdout.write(`${files.length - editor.length} unit test files + ${editor.join(' + ')}\n`);
  process.stdout.write(`all steps before the tests took ${seconds(started)}\n`);
  return run(process.execPath, ['--test', '--test-reporter=spec', ...files]);
}, { last: true });
