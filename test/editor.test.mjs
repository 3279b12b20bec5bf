// Runs the integration suites (out/test/integration/**/*.test.js) inside a real VS Code —
// code-server 4.100.3 (VS Code 1.100) driven by Chromium through playwright-core — and reports
// every in-editor mocha test as a node:test subtest, so `node --test` counts them with the unit
// tests and a failing editor test fails the run.
//
// Four sessions: the example workspace trusted, the same workspace in Restricted Mode (suites
// under test/integration/restricted/), trusted again with VS Code's display language set to
// Chinese (Simplified) (suites under test/integration/zh-cn/), and trusted with the extension
// packaged as a .vsix (scripts/package.mjs) and installed into the editor the way a user installs
// it, instead of loaded from this work tree (suites under test/integration/installed/). Logs, the code-server log and a screenshot of the
// workbench for each session are kept in .vscode-test/runs/<session>/.
//
// Needs: `node scripts/build.mjs` (dist/extension.js and out/), `node scripts/setup-vscode.mjs`
// and Chromium. Without code-server or Chromium the suite is skipped, except under CI=true,
// where that is a failure. EDITOR_TEST_TIMEOUT_S (default 360) bounds each session.
import { test } from 'node:test';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import {
  findChromium,
  isCodeServerInstalled,
  launchBrowser,
  repoRoot,
  startCodeServer,
  tail,
} from '../scripts/codeServer.mjs';
import { installVsix, packageVsix } from '../scripts/package.mjs';
import { CODE_SERVER_VERSION } from '../scripts/setup-vscode.mjs';

const RESULT_PREFIX = '@@editor-test ';
const SESSION_TIMEOUT_MS = Number(process.env.EDITOR_TEST_TIMEOUT_S ?? 360) * 1000;
const integrationOut = join(repoRoot, 'out', 'test', 'integration');
const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

function missingPrerequisites() {
  const missing = [];
  if (!isCodeServerInstalled()) missing.push('code-server (run `node scripts/setup-vscode.mjs`)');
  if (!findChromium()) missing.push('Chromium (run `scripts/setup-system.sh`, Debian package "chromium")');
  return missing;
}

/** Whether the session has suites: those under its own folder, or (`folder` undefined) outside every session's folder. */
function hasSuites(folder) {
  const dir = folder ? join(integrationOut, folder) : integrationOut;
  if (!existsSync(dir)) return false;
  return readdirSync(dir, { recursive: true }).some(
    (f) => String(f).endsWith('.test.js') && (folder || !SESSION_FOLDERS.some((s) => String(f).startsWith(s))),
  );
}

/**
 * Opens a copy of examples/two-region in code-server with the extension under development and
 * the integration tests, waits for the test run to end, and returns what the editor reported.
 */
/**
 * Packages the extension and installs the .vsix into a new extensions folder, and returns that
 * folder and a placeholder development extension: VS Code runs `extensionTestsPath` only beside one,
 * and the extension under test must be the installed one.
 */
function installPackage(runDir) {
  const extensionsDir = join(runDir, 'extensions');
  const userDataDir = join(runDir, 'user-data');
  installVsix(packageVsix({ out: join(runDir, 'dubbo-topology.vsix'), quiet: true }), { extensionsDir, userDataDir });
  const driver = join(runDir, 'test-driver');
  mkdirSync(driver, { recursive: true });
  writeFileSync(
    join(driver, 'package.json'),
    JSON.stringify({ name: 'package-test-driver', publisher: 'dubbo-topology-test', version: '0.0.0', engines: { vscode: '^1.100.0' } }, null, 2),
  );
  return { extensionsDir, userDataDir, driver };
}

async function runSession({ name, trusted, locale, installed }) {
  const runDir = join(repoRoot, '.vscode-test', 'runs', name);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const editorLog = join(runDir, 'editor.log');
  writeFileSync(editorLog, '');
  const log = (line) => appendFileSync(editorLog, line.endsWith('\n') ? line : line + '\n');

  const wsParent = mkdtempSync(join(tmpdir(), 'dubbo-topology-ws-'));
  const workspace = join(wsParent, 'two-region');
  cpSync(join(repoRoot, 'examples', 'two-region'), workspace, { recursive: true });

  const events = [];
  let server;
  let browser;
  let exitCode;
  let problem;
  try {
    const pkg = installed ? installPackage(runDir) : undefined;
    server = await startCodeServer({ workspace, trusted, locale, dir: runDir, extensionsDir: pkg?.extensionsDir, userDataDir: pkg?.userDataDir });
    browser = await launchBrowser();
    const { page } = browser;
    let finish;
    const finished = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      for (const line of text.split('\n')) {
        const at = line.indexOf(RESULT_PREFIX);
        if (at >= 0) {
          try {
            events.push(JSON.parse(line.slice(at + RESULT_PREFIX.length)));
          } catch {
            log(`unparsable result line: ${line}`);
          }
        }
      }
      log(`[${level}] ${text}`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish({ code }));
    page.on('pageerror', (err) => log(`[pageerror] ${err.stack ?? err}`));
    page.on('crash', () => finish({ problem: 'the browser page crashed' }));
    server.exited.then((code) => finish({ problem: `code-server exited (${code}) during the run` }));
    const timer = setTimeout(
      () => finish({ problem: `timed out after ${SESSION_TIMEOUT_MS / 1000} s waiting for the editor to finish the tests` }),
      SESSION_TIMEOUT_MS,
    );
    const url = server.workbenchUrl({
      payload: server.testPayload(pkg?.driver ?? repoRoot, join(integrationOut, 'index')),
    });
    log(`[harness] ${url}`);
    await page.goto(url);
    const outcome = await finished;
    clearTimeout(timer);
    exitCode = outcome.code;
    problem = outcome.problem;
    await page.screenshot({ path: join(runDir, 'workbench.png') }).catch(() => {});
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  } finally {
    await browser?.close();
    await server?.stop();
  }
  if (!problem) rmSync(wsParent, { recursive: true, force: true });
  return { events, exitCode, problem, editorLog, codeServerLog: join(runDir, 'code-server.log'), runDir };
}

function inEditorError(ev) {
  const e = ev.error ?? { message: 'failed without an error' };
  let message = e.message;
  if (e.expected !== undefined || e.actual !== undefined) {
    message += `\n  expected: ${e.expected}\n  actual:   ${e.actual}`;
  }
  const err = new Error(message);
  const frames = (e.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => `    ${l.trim()}`);
  err.stack = `${e.name ?? 'Error'} (in the editor, ${ev.file ?? 'unknown file'}): ${message}\n${frames.join('\n')}`;
  return err;
}

function describeFailure(result, why) {
  return [
    why,
    `--- last lines of ${result.editorLog} ---`,
    tail(result.editorLog, 40),
    `--- last lines of ${result.codeServerLog} ---`,
    tail(result.codeServerLog, 20),
  ].join('\n');
}

const missing = missingPrerequisites();
const skip = missing.length > 0 && !inCI ? `real VS Code not available: missing ${missing.join(', ')}` : false;

const SESSIONS = [
  { name: 'trusted', trusted: true, title: 'trusted workspace' },
  { name: 'restricted', trusted: false, folder: 'restricted', title: 'Restricted Mode' },
  { name: 'zh-cn', trusted: true, folder: 'zh-cn', locale: 'zh-cn', title: 'trusted workspace, display language 中文(简体)' },
  { name: 'installed', trusted: true, folder: 'installed', installed: true, title: 'trusted workspace, the packaged .vsix installed' },
];
const SESSION_FOLDERS = SESSIONS.filter((s) => s.folder).map((s) => s.folder);

for (const session of SESSIONS) {
  const { folder, title: what } = session;
  const title = `VS Code 1.100 (code-server ${CODE_SERVER_VERSION}), ${what}`;
  test(title, { skip, timeout: SESSION_TIMEOUT_MS + 120_000 }, async (t) => {
    if (missing.length > 0) throw new Error(`CI=true but missing ${missing.join(', ')}`);
    for (const f of [join(repoRoot, 'dist', 'extension.js'), join(integrationOut, 'index.js')]) {
      if (!existsSync(f)) throw new Error(`${f} is missing: run \`node scripts/build.mjs\` first`);
    }
    if (!hasSuites(folder)) {
      t.skip(`no suites for this session in ${integrationOut}`);
      return;
    }
    const result = await runSession(session);
    const tests = result.events.filter((e) => e.type === 'pass' || e.type === 'fail' || e.type === 'pending');
    for (const ev of tests) {
      const name = ev.fullTitle ?? ev.title ?? '(unnamed)';
      if (ev.type === 'pending') {
        await t.test(name, { skip: 'pending in the editor' }, () => {});
      } else {
        await t.test(name, () => {
          if (ev.type === 'fail') throw inEditorError(ev);
        });
      }
    }
    const end = result.events.find((e) => e.type === 'end');
    if (result.problem) throw new Error(describeFailure(result, result.problem));
    if (!end) throw new Error(describeFailure(result, `the editor exited (${result.exitCode}) before the test run ended`));
    if (tests.length === 0) throw new Error(describeFailure(result, 'no editor test ran'));
    if (result.exitCode !== 0 && !tests.some((e) => e.type === 'fail')) {
      throw new Error(describeFailure(result, `the editor's test run exited with ${result.exitCode}`));
    }
  });
}
