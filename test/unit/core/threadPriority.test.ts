import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/context';
import { HELPER_NICE_STEP } from '../../../src/threadPriority';

const helper = join(repoRoot, 'out', 'src', 'threadPriority.js');
const linuxOnly = { skip: process.platform !== 'linux' && 'per-thread nice values are Linux only' };

/** Runs `script` in a new Node (so this runner's threads keep their priority), under `nice -n <nice>`. */
function run(script: string, nice = 0): { main: number; others: number[]; changed?: number } {
  const r = spawnSync('nice', ['-n', String(nice), process.execPath, '-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as { main: number; others: number[]; changed?: number };
}

const report = `const { readdirSync } = require('node:fs');
  const { getPriority } = require('node:os');
  const priorities = () => ({ main: getPriority(process.pid), others: readdirSync('/proc/self/task').map(Number).filter((t) => t !== process.pid).map((t) => getPriority(t)) });`;

test('helper threads: every thread but the main one goes a step below it (Linux)', linuxOnly, () => {
  const out = run(`${report}
    const changed = require(${JSON.stringify(helper)}).yieldHelperThreads(7);
    process.stdout.write(JSON.stringify({ changed, ...priorities() }));`);
  assert.ok(out.others.length >= 4, `Node runs V8 helper threads (found ${out.others.length})`);
  assert.equal(out.changed, out.others.length);
  assert.deepEqual(out.others, out.others.map(() => 7));
  assert.equal(out.main, 0, 'the main thread keeps its priority');
});

test('helper threads: under nice 15 they go to 19, never above the main thread', linuxOnly, () => {
  const out = run(`${report}
    const changed = require(${JSON.stringify(helper)}).yieldHelperThreads(10);
    process.stdout.write(JSON.stringify({ changed, ...priorities() }));`, 15);
  assert.equal(out.main, 15);
  assert.deepEqual(out.others, out.others.map(() => 19));
  // Already at the lowest priority: nothing to change.
  const again = run(`${report}
    const changed = require(${JSON.stringify(helper)}).yieldHelperThreads(10);
    process.stdout.write(JSON.stringify({ changed, ...priorities() }));`, 19);
  assert.equal(again.changed, 0);
  assert.deepEqual(again.others, again.others.map(() => 19));
});

test('the command lowers its helper threads before it lints', linuxOnly, () => {
  // The built command, with a preload that reports the threads' priorities when it exits.
  const script = `${report}
    process.on('exit', () => process.stdout.write('\\n' + JSON.stringify(priorities())));
    process.argv.splice(1, 0, 'cli');
    require(${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))});`;
  const r = spawnSync(process.execPath, ['-e', script, '--', '--version'], { encoding: 'utf8' });
  const last = r.stdout.trim().split('\n').pop()!;
  const p = JSON.parse(last) as { main: number; others: number[] };
  assert.equal(p.main, 0);
  assert.ok(p.others.length >= 4);
  assert.deepEqual(p.others, p.others.map(() => HELPER_NICE_STEP));
});
