import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/context';
import { HELPER_NICE_STEP } from '../../../src/threadPriority';

const linuxOnly = { skip: process.platform !== 'linux' && 'per-thread nice values are Linux only' };

interface Priorities {
  main: number;
  others: number[];
  changed?: number;
}

/** Reports the nice values of the main thread and of every other thread of the process. */
const REPORT = `const priorities = () => {
    const { getPriority } = require('node:os');
    const others = require('node:fs').readdirSync('/proc/self/task').map(Number).filter((t) => t !== process.pid);
    return { main: getPriority(process.pid), others: others.map((t) => getPriority(t)) };
  };`;

/**
 * A new Node (so this runner's threads keep their priority), started `nice` steps below this one,
 * calls yieldHelperThreads(step) and reports the threads' priorities.
 */
function lowered(step: number, nice: number): Priorities {
  const helper = join(repoRoot, 'out', 'src', 'threadPriority.js');
  const script = `${REPORT}
    const changed = require(${JSON.stringify(helper)}).yieldHelperThreads(${step});
    process.stdout.write(JSON.stringify({ changed, ...priorities() }));`;
  const r = spawnSync('nice', ['-n', String(nice), process.execPath, '-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as Priorities;
}

const below = (main: number, step: number) => Math.min(19, main + step);

test('helper threads: every thread but the main one goes a step below it (Linux)', linuxOnly, () => {
  const out = lowered(7, 0);
  assert.ok(out.others.length >= 4, `Node runs V8 helper threads (found ${out.others.length})`);
  assert.equal(out.main, getPriority(), 'the main thread keeps the priority it started with');
  assert.deepEqual(out.others, out.others.map(() => below(out.main, 7)));
  if (below(out.main, 7) > out.main) assert.equal(out.changed, out.others.length);
});

test('helper threads: near the lowest priority they go to 19, never above the main thread', linuxOnly, () => {
  const out = lowered(10, 15);
  assert.ok(out.main >= 15);
  assert.deepEqual(out.others, out.others.map(() => 19));
  // Already at the lowest priority: nothing to change.
  const again = lowered(10, 19);
  assert.equal(again.main, 19);
  assert.equal(again.changed, 0);
  assert.deepEqual(again.others, again.others.map(() => 19));
});

test('the command lowers its helper threads before it lints', linuxOnly, () => {
  // The built command, with a preload that reports the threads' priorities when it exits.
  const script = `${REPORT}
    process.on('exit', () => process.stdout.write('\\n' + JSON.stringify(priorities())));
    process.argv.splice(1, 0, 'cli');
    require(${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))});`;
  const r = spawnSync(process.execPath, ['-e', script, '--', '--version'], { encoding: 'utf8' });
  const p = JSON.parse(r.stdout.trim().split('\n').pop()!) as Priorities;
  assert.ok(p.others.length >= 4);
  assert.deepEqual(p.others, p.others.map(() => below(p.main, HELPER_NICE_STEP)));
});
