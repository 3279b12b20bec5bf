// Runs every benchmark in bench/ (one after the other, so they do not compete for the cores) after
// one build, and prints each one's final summary line at the end. Exits 1 if a bench failed.
// Usage: npm run bench [-- name ...]   (names filter by file name, e.g. `npm run bench -- relint`)
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const PER_BENCH_MS = 6 * 60_000;

const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

console.log(`bench: ${benches.join(', ')} — node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
const t0 = performance.now();
execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });

function runBench(file) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(root, 'bench', file)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b) => {
      process.stdout.write(b);
      out += b.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PER_BENCH_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const lines = out.trim().split('\n');
      resolve({ file, code, signal, last: lines[lines.length - 1] ?? '', seconds: (performance.now() - started) / 1000 });
    });
  });
}

const results = [];
for (const b of benches) {
  console.log(`\n=== bench/${b}`);
  results.push(await runBench(b));
}
const total = (performance.now() - t0) / 1000;
console.log('\n=== summaries');
for (const r of results) {
  const status = r.code === 0 ? '' : ` [FAILED: ${r.signal ? `killed (${r.signal}) after ${PER_BENCH_MS / 60_000} min` : `exit ${r.code}`}]`;
  console.log(`${r.file} (${r.seconds.toFixed(0)} s)${status}: ${r.last}`);
}
const failed = results.filter((r) => r.code !== 0);
console.log(`${results.length - failed.length} benches ran, ${failed.length} failed, in ${total.toFixed(0)} s on ${availableParallelism()} cores`);
process.exitCode = failed.length > 0 ? 1 : 0;
