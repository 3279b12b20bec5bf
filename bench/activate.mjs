// Extension activation in real VS Code (code-server + Chromium) and the size of what a .vsix holds.
//   1. Stages the extension as it would be packaged: the files .vscodeignore keeps, with production
//      bundles (`scripts/build.mjs --production --out <stage>/dist`). Sizes: the extension bundle
//      (dist/extension.js), the ssh2 bundle it loads on the first SSH connection, the webview bundle
//      (separate target), everything, and everything deflated (about the .vsix size).
//   2. Opens a copy of examples/two-region in code-server with the staged folder as the development
//      extension, and reads `activated in N ms` from the extension's output channel log (the time of
//      `activate`), then reloads the window four times; the median is judged.
// Targets (performance-targets.md): activation < 50 ms on the example; extension bundle < 1 MB.
// Usage: node bench/activate.mjs [--no-editor]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EDITOR = !process.argv.includes('--no-editor');
const RELOADS = 4;

/** .vscodeignore patterns (gitignore-like globs, `!` re-includes) as a predicate on relative paths. */
function ignoreMatcher(text) {
  const rules = [];
  for (let line of text.split(/\r?\n/)) {
    line = line.trim();
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    line = line.replace(/^\//, '');
    let re = '';
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '*' && line[i + 1] === '*') {
        re += line[i + 2] === '/' ? '(?:.*/)?' : '.*';
        i += line[i + 2] === '/' ? 2 : 1;
      } else if (c === '*') re += '[^/]*';
      else if (c === '?') re += '[^/]';
      else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
    // A pattern without a slash matches at any depth; a folder pattern matches what is below it.
    const anchored = line.includes('/') ? `^${re}` : `^(?:.*/)?${re}`;
    rules.push({ negate, re: new RegExp(`${anchored}(?:/.*)?$`) });
  }
  return (rel) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(rel)) ignored = !r.negate;
    return ignored;
  };
}

function walk(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name === '.git') continue;
      out.push(...walk(dir, p));
    } else if (e.isFile()) out.push(p);
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

// --- 1. Stage and measure ---------------------------------------------------------------------
const stage = mkdtempSync(join(tmpdir(), 'dt-vsix-'));
const ignored = ignoreMatcher(readFileSync(join(root, '.vscodeignore'), 'utf8'));
for (const f of walk(root)) {
  if (f.startsWith('dist/') || ignored(f)) continue;
  mkdirSync(dirname(join(stage, f)), { recursive: true });
  cpSync(join(root, f), join(stage, f));
}
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--bundles-only', '--production', '--out', join(stage, 'dist')], { cwd: root, stdio: 'inherit' });
// The bundles left by the build that the ignore file keeps (the CLI bundle ships too: package.json `bin`).
for (const f of walk(stage)) if (ignored(f)) rmSync(join(stage, f));
const files = walk(stage);
const size = (f) => (existsSync(join(stage, f)) ? statSync(join(stage, f)).size : 0);
const total = files.reduce((a, f) => a + size(f), 0);
const deflated = files.reduce((a, f) => a + deflateRawSync(readFileSync(join(stage, f)), { level: 9 }).length, 0);
const extension = size('dist/extension.js');
const ssh2 = size('dist/ssh2.js');
const webview = size('dist/webview.js');
console.log(`activate bench — node ${process.version}, ${availableParallelism()} cores`);
console.log(`  .vsix contents (honouring .vscodeignore): ${files.length} files, ${kb(total)} (${kb(deflated)} deflated)`);
for (const f of files.filter((x) => x.startsWith('dist/'))) console.log(`    ${f.padEnd(22)} ${kb(size(f))}`);
const rest = total - files.filter((x) => x.startsWith('dist/')).reduce((a, f) => a + size(f), 0);
console.log(`    everything else        ${kb(rest)} (manifest, translations, media, schemas, snippets, README)`);

// --- 2. Activation in code-server ---------------------------------------------------------------
let activations = [];
let firstAnalyses = [];
let editorNote = '';
if (EDITOR) {
  const cs = await import(join(root, 'scripts/codeServer.mjs'));
  if (!cs.isCodeServerInstalled() || !cs.findChromium()) {
    editorNote = 'code-server or Chromium not installed (npm run setup): activation not measured';
  } else {
    const workspace = mkdtempSync(join(tmpdir(), 'dt-activate-ws-'));
    cpSync(join(root, 'examples/two-region'), workspace, { recursive: true });
    const server = await cs.startCodeServer({ workspace });
    const browser = await cs.launchBrowser();
    const logs = join(server.userDataDir, 'logs');
    let analyses = [];
    const readActivations = () => {
      const found = [];
      analyses = [];
      const scan = (d) => {
        if (!existsSync(d)) return;
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = join(d, e.name);
          if (e.isDirectory()) scan(p);
          else if (/Dubbo Topology/.test(e.name)) {
            const log = readFileSync(p, 'utf8');
            for (const m of log.matchAll(/activated in ([\d.]+) ms/g)) found.push(Number(m[1]));
            for (const m of log.matchAll(/analyzed \d+ of \d+ files \(\d+ unchanged\) in (\d+) ms \(([^)]+)\)/g)) analyses.push(`${m[1]} ms (${m[2]})`);
          }
        }
      };
      scan(logs);
      return found;
    };
    const waitActivations = async (n) => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        const a = readActivations();
        if (a.length >= n) return a;
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error(`no activation logged within 120 s (logs in ${logs})`);
    };
    try {
      await browser.page.goto(server.workbenchUrl({ payload: server.testPayload(stage) }));
      await cs.waitForWorkbench(browser.page);
      activations = await waitActivations(1);
      await new Promise((r) => setTimeout(r, 2000));
      readActivations();
      firstAnalyses = analyses;
      for (let i = 2; i <= RELOADS + 1; i++) {
        await new Promise((r) => setTimeout(r, 1000));
        await browser.page.reload();
        await cs.waitForWorkbench(browser.page);
        activations = await waitActivations(i);
      }
    } catch (e) {
      editorNote = `activation not measured: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      await browser.close();
      await server.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  }
}
rmSync(stage, { recursive: true, force: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
if (activations.length > 0) {
  console.log(`  activate() in code-server on examples/two-region: ${activations.map((a) => `${a.toFixed(1)} ms`).join(', ')} (first, then after each window reload)`);
  if (firstAnalyses.length > 0) console.log(`  analyses after activation: ${firstAnalyses.join(', ')}`);
}
if (editorNote) console.log(`  ${editorNote}`);
const MB = 1_000_000;
const verdict = (ok) => (ok ? 'met' : 'MISSED');
const act = activations.length > 0 ? median(activations) : undefined;
console.log(
  `SUMMARY activate: ${act === undefined ? 'activation not measured' : `activation median ${act.toFixed(1)} ms of ${activations.length} (min ${Math.min(...activations).toFixed(1)}, max ${Math.max(...activations).toFixed(1)}) [${verdict(act < 50)} <50 ms]`}; ` +
    `extension bundle ${kb(extension)} [${verdict(extension < MB)} <1 MB], ssh2 bundle (loaded on first SSH use) ${kb(ssh2)}, webview ${kb(webview)}; ` +
    `.vsix contents ${kb(total)} (${kb(deflated)} deflated); ${availableParallelism()} cores`,
);
