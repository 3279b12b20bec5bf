import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/context';
import { HELPER_NICE } from '../../../src/threadPriority';

const helper = join(repoRoot, 'out', 'src', 'threadPriority.js');

test('helper threads: every thread but the main one gets the lower priority (Linux)', { skip: process.platform !== 'linux' && 'per-thread nice values are Linux only' }, () => {
  // In a new process, so this runner's threads keep their priority.
  const script = `
    const { readdirSync } = require('node:fs');
    const { getPriority } = require('node:os');
    const before = getPriority(process.pid);
    const changed = require(${JSON.stringify(helper)}).yieldHelperThreads(7);
    const threads = readdirSync('/proc/self/task').map(Number);
    const others = threads.filter((t) => t !== process.pid);
    process.stdout.write(JSON.stringify({ changed, others: others.map((t) => getPriority(t)), main: getPriority(process.pid), before }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as { changed: number; others: number[]; main: number; before: number };
  assert.ok(out.others.length >= 4, `Node runs V8 helper threads (found ${out.others.length})`);
  assert.equal(out.changed, out.others.length);
  assert.deepEqual(out.others, out.others.map(() => 7));
  assert.equal(out.main, out.before, 'the main thread keeps its priority');
});

test('the command lowers its helper threads before it lints', { skip: process.platform !== 'linux' && 'per-thread nice values are Linux only' }, () => {
  // The built command with a preload that reports the threads' priorities once the lint is done.
  const report = `process.on('exit', () => { const { readdirSync } = require('node:fs'); const { getPriority } = require('node:os');
    const others = readdirSync('/proc/self/task').map(Number).filter((t) => t !== process.pid);
    process.stderr.write('PRIORITIES ' + JSON.stringify({ main: getPriority(process.pid), others: others.map((t) => getPriority(t)) })); });`;
  const r = spawnSync(process.execPath, ['-e', `${report}; process.argv.splice(1, 0, 'cli'); require(${JSON.stringify(join(repoRoot, 'dist', 'cli.js'))})`, '--', '--version'], { encoding: 'utf8' });
  const line = /PRIORITIES (.*)$/.exec(r.stderr);
  assert.ok(line, r.stderr);
  const p = JSON.parse(line[1]) as { main: number; others: number[] };
  assert.equal(p.main, 0);
  assert.ok(p.others.length >= 4);
  assert.ok(p.others.every((n) => n === HELPER_NICE), JSON.stringify(p.others));
});
