// Finds the directives nginx takes only once per block: for every directive of the generated table
// (src/core/nginx/directives.generated.ts) that the installed nginx knows, it looks for a value
// `nginx -t` accepts once (the documented default, values of the directive's kinds, a few common
// words), writes the directive twice in the same block with that value, and keeps it when nginx
// answers `"<name>" directive is duplicate` — unless another value may be written twice, when only
// the refused value must stand alone (`mirror off`). Directives no tried value satisfies (a zone or a file
// they need, a module this nginx lacks) are not judged, and are listed with --verbose.
// It also asks, of every directive that takes more arguments than the accepted value has, whether
// nginx takes the words of a next line whose `;` before it is missing (`gzip_types text/plain` +
// `access_log off;`) as more arguments and passes: `nginx -t` then says nothing of the missing `;`.
// With --write the result replaces src/core/nginx/duplicates.generated.ts; with --check the script
// fails when that file differs from what this nginx answers.
// Usage: node scripts/probe-nginx-duplicates.mjs [--nginx /usr/sbin/nginx] [--write|--check] [--verbose]
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contextWrappers, directiveRows, nginxBinary } from './lib/nginxTable.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const nginx = nginxBinary(argv);
const verbose = argv.includes('--verbose');
const rows = directiveRows(root);

const W = contextWrappers();
/** A directive line valid in each context, written after a probed line that lacks its `;`. */
const NEXT = {
  1: 'pcre_jit on;',
  2: 'multi_accept on;',
  4: 'access_log off;',
  8: 'access_log off;',
  16: 'access_log off;',
  32: 'keepalive 16;',
  64: 'break;',
  128: 'access_log off;',
  256: 'deny all;',
  512: 'timeout 10s;',
  1024: 'timeout 10s;',
  2048: 'access_log off;',
  4096: 'access_log off;',
  8192: 'random;',
};
/** Directives whose arguments took a next line's words: "<module> <name>". */
const takesWords = new Set();

// The top-level blocks the wrappers write themselves: probed alone.
const MAIN_BLOCKS = new Set(['events', 'http', 'stream', 'mail']);

/** Values tried where the default does not do. */
const POOL = ['on', 'off', '1', '4', '10s', '16k', 'a', '/tmp/probe', '127.0.0.1', '127.0.0.1:1', 'http://127.0.0.1:1', '$remote_addr', 'text/plain', 'any', 'none', 'GET'];

function fill(kind, size) {
  if (kind === 'm' || kind === 'T' || kind === 't') return '10s';
  if (kind === 's' || kind === 'o' || kind === 'z') return size;
  if (kind === 'n') return '4';
  return 'a';
}

/** Argument lists to try, in order. */
function candidates(r) {
  const out = [];
  const add = (args) => {
    if (args.length < r.min || args.length > r.max) return;
    const s = args.join(' ');
    if (!out.includes(s)) out.push(s);
  };
  if (r.flag) add(['on']);
  const def = r.default.trim();
  if (def && !/[<>…]|\bfrom\b|\bsee\b/.test(def)) {
    const t = def.split(/\s+/);
    add(t);
    add(t.slice(0, Math.max(r.min, 1)));
  }
  // The fewest and the most arguments the directive takes, filled by kind.
  for (const n of new Set([Math.max(r.min, 1), Math.min(r.max, 4)])) {
    for (const size of ['16k', '64k']) add(Array.from({ length: n }, (_, i) => fill(r.kinds[i], size)));
  }
  for (const k of r.keywords) add([k]);
  const n = Math.max(r.min, 1);
  for (const v of POOL) add(Array.from({ length: n }, () => v));
  if (r.min === 0) add([]);
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'nginx-dup-'));
let seq = 0;
/** `nginx -t` on a text, with `at` as the prefix (what relative paths in it name); resolves to the error. */
function run(text, withPid = true, at = dir) {
  const file = join(at, `p${seq++}.conf`);
  writeFileSync(file, text);
  const args = ['-t', '-q', '-c', file, '-p', `${at}/`, '-e', join(at, 'error.log')];
  if (withPid) args.push('-g', `pid ${at}/n.pid;`);
  return new Promise((resolve) => {
    execFile(nginx, args, (err, _o, stderr) => {
      const m = /\[emerg\] (.*?)(?: in \S+:\d+)?$/m.exec(stderr);
      resolve(err ? (m ? m[1] : stderr.trim() || 'failed') : '');
    });
  });
}

/** One directive variant: a value nginx accepts once, then the same line twice. */
async function probe(r) {
  const bits = Object.keys(W).map(Number).filter((b) => r.mask & b && W[b]);
  if (bits.length === 0) return { r, verdict: 'no context' };
  const withPid = r.name !== 'pid';
  const extra = MAIN_BLOCKS.has(r.name) && r.name !== 'events' ? 'events {}\n' : '';
  let tried = '';
  for (const bit of bits) {
    const wrappers = MAIN_BLOCKS.has(r.name) && bit === 1 ? [['', '']] : W[bit];
    for (const [pre, post] of wrappers) {
      for (const args of candidates(r)) {
        const line = `${r.name}${args ? ` ${args}` : ''}${r.block ? ' {}' : ';'}`;
        const once = await run(`${extra}${pre}${line}${post}`, withPid);
        if (once.startsWith('unknown directive')) return { r, verdict: 'unknown to this nginx' };
        if (once !== '') {
          tried = once;
          continue;
        }
        // Room for the next line's words as more arguments.
        const given = args ? args.split(' ').length : 0;
        if (!r.block && NEXT[bit] && given + NEXT[bit].split(' ').length <= r.max) {
          const scratch = mkdtempSync(join(dir, 'words-'));
          try {
            const text = `${extra}${pre}${r.name}${args ? ` ${args}` : ''}\n${NEXT[bit]}${post}`;
            if ((await run(text, withPid, scratch)) === '') takesWords.add(`${r.module} ${r.name}`);
          } finally {
            rmSync(scratch, { recursive: true, force: true });
          }
        }
        const twice = await run(`${extra}${pre}${line}\n${line}${post}`, withPid);
        if (!twice.startsWith(`"${r.name}" directive is duplicate`)) {
          // Taken twice with this value; `off` may still have to stand alone (`proxy_redirect off`).
          if (args !== 'off' && r.min <= 1 && r.max >= 1) {
            const scratch = mkdtempSync(join(dir, 'off-'));
            try {
              const off = `${r.name} off${r.block ? ' {}' : ';'}`;
              if ((await run(`${extra}${pre}${off}${post}`, withPid, scratch)) === '') {
                const offTwice = await run(`${extra}${pre}${off}\n${off}${post}`, withPid, scratch);
                if (offTwice.startsWith(`"${r.name}" directive is duplicate`)) return { r, verdict: 'alone', line: off, value: 'off', message: offTwice };
              }
            } finally {
              rmSync(scratch, { recursive: true, force: true });
            }
          }
          return { r, verdict: 'repeatable', line, message: twice };
        }
        // Refused twice with this value: nginx may still take the directive several times with
        // another (`mirror /a; mirror /b;`), the refused one standing alone (`mirror off`). Tried in
        // a folder of its own: what nginx creates there (temp paths) must not change other probes.
        const scratch = mkdtempSync(join(dir, 'alone-'));
        try {
          for (const other of candidates(r)) {
            if (other === args || !args) continue;
            const line2 = `${r.name}${other ? ` ${other}` : ''}${r.block ? ' {}' : ';'}`;
            if ((await run(`${extra}${pre}${line2}${post}`, withPid, scratch)) !== '') continue;
            if ((await run(`${extra}${pre}${line2}\n${line2}${post}`, withPid, scratch)) === '') return { r, verdict: 'alone', line, value: args.split(' ')[0], message: twice };
          }
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
        return { r, verdict: 'duplicate', line, message: twice };
      }
    }
  }
  return { r, verdict: 'no value accepted', message: tried };
}

const results = [];
let next = 0;
async function worker() {
  while (next < rows.length) results.push(await probe(rows[next++]));
}
await Promise.all([worker(), worker(), worker(), worker()]);
rmSync(dir, { recursive: true, force: true });

// `nginx -v` writes to stderr.
const versionText = execFileSync('sh', ['-c', '"$0" -v 2>&1', nginx], { encoding: 'utf8' }).trim().replace(/^nginx version: /, '');
const duplicates = results.filter((x) => x.verdict === 'duplicate').map((x) => `${x.r.module} ${x.r.name}`);
const unique = [...new Set(duplicates)].sort();
const alone = [...new Set(results.filter((x) => x.verdict === 'alone').map((x) => `${x.r.module} ${x.r.name} ${x.value}`))].sort();
const count = (v) => results.filter((x) => x.verdict === v).length;
if (verbose) for (const x of results) console.error(`${x.r.name.padEnd(34)} ${x.r.module.padEnd(30)} ${x.verdict}${x.message ? `  ${x.message}` : ''}`);
console.error(
  `${versionText}: ${rows.length} directive variants, ${count('duplicate')} refused twice, ${count('alone')} repeatable but for one value, ${count('repeatable')} repeatable, ` +
    `${count('no value accepted')} with no value accepted, ${count('unknown to this nginx')} unknown to this nginx, ${count('no context')} in no context probed`,
);

const target = join(root, 'src/core/nginx/duplicates.generated.ts');
if (argv.includes('--write') || argv.includes('--check')) {
  const out =
    `// Generated by scripts/probe-nginx-duplicates.mjs from ${versionText} (Debian's package, with its stream\n` +
    `// and mail modules): each directive nginx knew was written twice in one block with a value it accepts\n` +
    `// once, and kept here when \`nginx -t\` answered "<name>" directive is duplicate. Do not edit; run the\n` +
    `// script again (with --write) to update.\n\n` +
    `/** Version of nginx that was asked. */\n` +
    `export const PROBED_NGINX = ${JSON.stringify(versionText)};\n\n` +
    `/** Directives nginx takes once per block, as "<module> <name>". */\n` +
    `export const ONCE_PER_BLOCK: readonly string[] = ${JSON.stringify(unique, null, 0).replace(/","/g, '", "')};\n\n` +
    `/**\n * Directives nginx takes several times in a block, but not with this value (written twice, or beside\n` +
    ` * other values: \`mirror /a; mirror off;\`), as "<module> <name> <value>".\n */\n` +
    `export const ALONE_VALUE: readonly string[] = ${JSON.stringify(alone, null, 0).replace(/","/g, '", "')};\n\n` +
    `/**\n * Directives that took the words of a next line missing the \`;\` before it as more arguments, and\n` +
    ` * passed \`nginx -t\` (\`gzip_types text/plain\` + \`access_log off;\`), as "<module> <name>".\n */\n` +
    `export const TAKES_NEXT_LINE: readonly string[] = ${JSON.stringify([...takesWords].sort(), null, 0).replace(/","/g, '", "')};\n`;
  if (argv.includes('--check')) {
    const same = existsSync(target) && readFileSync(target, 'utf8') === out;
    console.error(same ? 'src/core/nginx/duplicates.generated.ts is current' : 'src/core/nginx/duplicates.generated.ts differs: run with --write');
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, out);
  console.error(`wrote src/core/nginx/duplicates.generated.ts (${unique.length} directives)`);
} else {
  for (const d of unique) console.log(d);
  for (const d of alone) console.log(`${d} (alone)`);
  for (const d of [...takesWords].sort()) console.log(`${d} (takes the next line)`);
}
