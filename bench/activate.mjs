// Extension activation in real VS Code (code-server + Chromium) and the size of the .vsix.
//   1. Packages the extension as a user gets it (`scripts/package.mjs`: @vscode/vsce, production
//      bundles, what .vscodeignore keeps) and installs the .vsix into a fresh extensions folder with
//      code-server's `--install-extension`. Sizes, read from the installed copy: the extension bundle
//      (dist/extension.js), the ssh2 bundle it loads on the first SSH connection, the webview bundle
//      (separate target), everything; and the .vsix file itself.
//   2. Opens a copy of examples/two-region in code-server with that installed extension, and reads
//      `activated in N ms` from the extension's output channel log (the time of `activate`), then
//      reloads the window four times; the median is judged.
// Targets (performance-targets.md): activation < 50 ms on the example; extension bundle < 1 MB.
// Usage: node bench/activate.mjs [--no-editor]
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EDITOR = !process.argv.includes('--no-editor');
const RELOADS = 4;

function walk(dir, rel = '') {
  const out = [];
  for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...walk(dir, p));
    else out.push(p);
  }
  return out;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;

// --- 1. Package, install and measure ------------------------------------------------------------
const { installVsix, packageVsix } = await import(join(root, 'scripts/package.mjs'));
const work = mkdtempSync(join(tmpdir(), 'dt-activate-'));
const vsix = packageVsix({ out: join(work, 'dubbo-topology.vsix'), quiet: true });
const extensionsDir = join(work, 'extensions');
const userDataDir = join(work, 'user-data');
const installed = installVsix(vsix, { extensionsDir, userDataDir });
const files = walk(installed);
const size = (f) => (existsSync(join(installed, f)) ? statSync(join(installed, f)).size : 0);
const total = files.reduce((a, f) => a + size(f), 0);
const packed = statSync(vsix).size;
const extension = size('dist/extension.js');
const ssh2 = size('dist/ssh2.js');
const webview = size('dist/webview.js');
console.log(`activate bench — node ${process.version}, ${availableParallelism()} cores`);
console.log(`  the .vsix (npm run package): ${kb(packed)}; installed: ${files.length} files, ${kb(total)}`);
for (const f of files.filter((x) => x.startsWith('dist/'))) console.log(`    ${f.padEnd(22)} ${kb(size(f))}`);
const rest = total - files.filter((x) => x.startsWith('dist/')).reduce((a, f) => a + size(f), 0);
console.log(`    everything else        ${kb(rest)} (manifest, translations, media, schemas, snippets, README, LICENSE)`);

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
    const server = await cs.startCodeServer({ workspace, extensionsDir, userDataDir });
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
      await browser.page.goto(server.workbenchUrl());
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
rmSync(work, { recursive: true, force: true });

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
    `.vsix ${kb(packed)} (${kb(total)} installed); ${availableParallelism()} cores`,
);
