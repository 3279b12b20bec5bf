// Compares the generated directive table (src/core/nginx/directives.generated.ts) with the nginx
// installed on this machine: for every directive nginx knows, it runs `nginx -t` with each argument
// count in a context the table allows and reports where nginx disagrees (count accepted or
// rejected, context refused). Disagreements go into OVERRIDES in gen-nginx-directives.mjs.
// --units: which units each time or size value accepts. --variables: whether a time, size or number
// value may be a variable (`$remote_port`), against the table's "v" flag.
// Usage: node scripts/probe-nginx-directives.mjs [--nginx /usr/sbin/nginx] [--json|--units|--variables]
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { directiveRows, moduleLoads, nginxBinary } from './lib/nginxTable.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const nginx = nginxBinary(argv);
const rows = directiveRows(root);

const { loadStream, loadMail } = moduleLoads();

// Wrappers per context bit: text before and after the probed directive.
const W = {
  1: ['', '\nevents {}\n'],
  2: ['events {\n', '\n}\n'],
  4: ['events {}\nhttp {\n', '\n}\n'],
  8: ['events {}\nhttp { server {\n', '\n} }\n'],
  16: ['events {}\nhttp { server { location / {\n', '\n} } }\n'],
  32: ['events {}\nhttp { upstream u { server 127.0.0.1:1;\n', '\n} }\n'],
  64: ['events {}\nhttp { server { if ($a) {\n', '\n} } }\n'],
  128: ['events {}\nhttp { server { location / { if ($a) {\n', '\n} } } }\n'],
  256: ['events {}\nhttp { server { location / { limit_except GET {\n', '\n} } } }\n'],
  512: loadMail && [`${loadMail}events {}\nmail {\n`, '\n}\n'],
  1024: loadMail && [`${loadMail}events {}\nmail { server {\n`, '\n} }\n'],
  2048: loadStream && [`${loadStream}events {}\nstream {\n`, '\n}\n'],
  4096: loadStream && [`${loadStream}events {}\nstream { server {\n`, '\n} }\n'],
  8192: loadStream && [`${loadStream}events {}\nstream { upstream u { server 127.0.0.1:1;\n`, '\n} }\n'],
  16384: ['', '\nevents {}\n'],
};

const dir = mkdtempSync(join(tmpdir(), 'nginx-probe-'));
let seq = 0;
function run(text) {
  const file = join(dir, `p${seq++}.conf`);
  writeFileSync(file, text);
  return new Promise((resolve) => {
    execFile(nginx, ['-t', '-q', '-c', file, '-p', dir, '-e', join(dir, 'error.log'), '-g', `pid ${dir}/n${seq}.pid;`], (err, _o, stderr) => {
      const m = /\[emerg\] (.*) in \S+:\d+/.exec(stderr);
      resolve(m ? m[1] : err ? stderr.trim() : '');
    });
  });
}

const jobs = [];
const unitMode = argv.includes('--units');
const variableMode = argv.includes('--variables');
for (const r of rows) {
  if (variableMode) {
    const bit = Object.keys(W).map(Number).find((b) => r.mask & b && W[b]);
    const pos = [...r.kinds].findIndex((k) => k !== '.');
    if (!bit || pos < 0) continue;
    const [pre, post] = W[bit];
    const fill = (k) => (k === 'm' || k === 'T' || k === 't' ? '10s' : k === 'n' ? '64' : '16k');
    const args = [...r.kinds].map((k) => fill(k));
    const base = `${pre}${r.name} ${args.join(' ')};${post}`;
    args[pos] = '$remote_port';
    jobs.push({ r, base, text: `${pre}${r.name} ${args.join(' ')};${post}` });
    continue;
  }
  if (unitMode) {
    const bit = Object.keys(W).map(Number).find((b) => r.mask & b && W[b]);
    if (!bit || !/[ts]/.test(r.kinds)) continue;
    const [pre, post] = W[bit];
    const fill = (k) => (k === 't' ? '1s' : k === 's' ? '8k' : '4');
    [...r.kinds].forEach((k, pos) => {
      const probes = k === 't' ? ['1ms', '1y'] : k === 's' ? ['1g', '1k'] : [];
      for (const v of probes) {
        const args = [...r.kinds].map((kk, i) => (i === pos ? v : fill(kk))).join(' ');
        jobs.push({ r, n: r.kinds.length, pos, value: v, text: `${pre}${r.name} ${args};${post}` });
      }
    });
    continue;
  }
  const bit = Object.keys(W).map(Number).find((b) => r.mask & b && W[b]);
  if (!bit) continue;
  const [pre, post] = W[bit];
  const counts = argv.includes('--all-counts')
    ? Array.from({ length: 10 }, (_, i) => i)
    : new Set([r.min - 1, r.min, r.min + 1, r.max === Infinity ? r.min + 5 : r.max, r.max + 1].filter((n) => n >= 0 && n <= 9));
  for (const n of counts) {
    const args = Array.from({ length: n }, (_, i) => `a${i}`).join(' ');
    const text = `${pre}${r.name}${args ? ` ${args}` : ''}${r.block ? ' {}' : ';'}${post}`;
    jobs.push({ r, n, text });
  }
}

const results = [];
let next = 0;
async function worker() {
  while (next < jobs.length) {
    const j = jobs[next++];
    j.msg = await run(j.text);
    results.push(j);
  }
}
await Promise.all([worker(), worker(), worker(), worker()]);

if (variableMode) {
  let judged = 0;
  for (const j of results) {
    // Only where nginx takes the value when it is fixed (the module is built, the context fits).
    if ((await run(j.base)) !== '') continue;
    judged++;
    const accepted = j.msg === '';
    if (accepted !== j.r.variables) {
      const table = j.r.variables ? 'table: may hold variables' : 'table: fixed value';
      console.log(`${j.r.name.padEnd(32)} ${j.r.module.padEnd(28)} ${accepted ? 'nginx accepts a variable' : 'nginx refuses a variable'}  (${table}) ${j.msg}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  console.error(`${results.length * 2} nginx runs, ${judged} directive variants judged`);
  process.exit(0);
}
rmSync(dir, { recursive: true, force: true });

if (unitMode) {
  const seconds = new Set();
  const offsets = new Set();
  const numbers = new Set();
  const msec = new Set();
  const sizes = new Set();
  const fam = (m) => (m.startsWith('ngx_http_') ? 'http' : m.startsWith('ngx_stream_') ? 'stream' : m.startsWith('ngx_mail_') ? 'mail' : 'core');
  for (const j of results) {
    if (j.msg.startsWith('unknown directive') || j.msg.includes('not allowed here')) continue;
    const ok = !/invalid (value|number|zone size)/.test(j.msg);
    const key = `${fam(j.r.module)}:${j.r.name}${j.pos ? `@${j.pos}` : ''}`;
    if (j.value === '1ms' && !ok) seconds.add(key);
    if (j.value === '1g' && ok) offsets.add(key);
    if (j.value === '1k' && !ok) numbers.add(key);
    if (j.value === '1y' && !ok) msec.add(key);
    if (j.value === '1g' && !ok) sizes.add(key);
    if (argv.includes('--verbose')) console.error(key, j.value, j.msg);
  }
  for (const k of numbers) sizes.delete(k);
  const out = { seconds, msec, offsets, sizes, numbers };
  console.log(`{\n${Object.entries(out).map(([k, v]) => `  ${k}: ${JSON.stringify([...v].sort())},`).join('\n')}\n}`);
  process.exit(0);
}

const report = [];
const byRow = new Map();
for (const j of results) {
  if (!byRow.has(j.r)) byRow.set(j.r, []);
  byRow.get(j.r).push(j);
}
for (const [r, js] of byRow) {
  if (js.some((j) => j.msg.startsWith('unknown directive'))) continue;
  const refused = js.find((j) => j.msg.includes('is not allowed here'));
  if (refused) {
    report.push({ name: r.name, module: r.module, problem: 'context', detail: refused.msg });
    continue;
  }
  for (const j of js.sort((a, b) => a.n - b.n)) {
    const rejected = j.msg.startsWith('invalid number of arguments');
    const ours = j.n < r.min || j.n > r.max;
    j.r.accepted = (j.r.accepted ?? '') + (rejected ? '' : j.n);
    if (rejected !== ours) {
      report.push({ name: r.name, module: r.module, problem: rejected ? 'nginx rejects' : 'nginx accepts', count: j.n, table: `${r.min}..${r.max}`, detail: j.msg, row: r });
    }
  }
}
if (argv.includes('--json')) console.log(JSON.stringify(report.map(({ row: _row, ...p }) => p), null, 1));
else for (const p of report) console.log(`${p.name.padEnd(32)} ${p.module.padEnd(28)} ${p.problem.padEnd(14)} ${p.count ?? ''} ${p.table ?? ''}  accepted counts ${p.row?.accepted ?? ''}  ${p.detail}`);
console.error(`${jobs.length} nginx runs, ${byRow.size} directive variants, ${report.length} disagreements`);
