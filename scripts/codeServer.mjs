// Starts code-server (installed by scripts/setup-vscode.mjs) and a Chromium driven by
// playwright-core. Used by the integration tests (test/editor.test.mjs), the demo and the
// screenshot script.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, isInstalled } from './setup-vscode.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export { codeServerBin, isInstalled as isCodeServerInstalled };

/** Chromium flags that keep a headless run quiet and offline. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Settings every session gets: no welcome page, no telemetry, no tips popping over the UI. */
const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
};

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p) => p && existsSync(p));
}

/** A TCP port on the loopback interface that nobody listens on right now. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, host, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves true when `port` can be bound on `host`. */
export function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(0);
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The last `lines` lines of a text file, or '' when it cannot be read. */
export function tail(file, lines = 60) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Writes `<userDataDir>/User/settings.json` with the base settings plus `settings`. */
export function writeUserSettings(userDataDir, settings = {}) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2) + '\n');
}

/** Display languages the editor can be started in besides English (`startCodeServer({ locale })`). */
export const DISPLAY_LANGUAGES = {
  'zh-cn': { languageName: 'Chinese Simplified', localizedLanguageName: '中文(简体)' },
};

/**
 * Makes VS Code run in a display language other than English, the way an installed language pack
 * does: VS Code's server resolves `--locale` through the packs listed in
 * `<userDataDir>/languagepacks.json` (written when a pack is installed from the UI) and falls back to
 * English when none declares the locale. This writes a pack that declares the locale and brings no
 * translations of its own, and lists it there. VS Code's own texts stay English; `vscode.env.language`
 * is the locale, so extensions — this one's `package.nls.<locale>.json` and `l10n/` bundle — speak it.
 */
function useDisplayLanguage(locale, extensionsDir, userDataDir) {
  const lang = DISPLAY_LANGUAGES[locale];
  if (!lang) throw new Error(`no display language "${locale}" (known: ${Object.keys(DISPLAY_LANGUAGES).join(', ')})`);
  const publisher = 'dubbo-topology-test';
  const name = `display-language-${locale}`;
  const version = '1.0.0';
  const packDir = join(extensionsDir, `${publisher}.${name}-${version}`);
  const translations = join(packDir, 'translations', 'main.i18n.json');
  mkdirSync(dirname(translations), { recursive: true });
  writeFileSync(translations, JSON.stringify({ version: '1.0.0', contents: {} }) + '\n');
  const manifest = {
    name,
    publisher,
    version,
    displayName: `Display language ${locale} (declares the locale, translates nothing)`,
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [{ languageId: locale, ...lang, translations: [{ id: 'vscode', path: './translations/main.i18n.json' }] }],
    },
  };
  writeFileSync(join(packDir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  const packs = {
    [locale]: {
      hash: `${name}-${version}`,
      label: lang.localizedLanguageName,
      extensions: [{ extensionIdentifier: { id: `${publisher}.${name}` }, version }],
      translations: { vscode: translations },
    },
  };
  writeFileSync(join(userDataDir, 'languagepacks.json'), JSON.stringify(packs, null, 2) + '\n');
}

const running = new Set();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Starts code-server on a loopback port and waits until it answers HTTP 200.
 * @param {object} o
 * @param {string} o.workspace folder to open
 * @param {boolean} [o.trusted=true] false opens the folder in Restricted Mode
 * @param {string} [o.host='127.0.0.1']
 * @param {number} [o.port] default: a free port
 * @param {string} [o.dir] where user data, extensions and the log go (default: a new temp dir)
 * @param {string} [o.userDataDir] @param {string} [o.extensionsDir] @param {string} [o.logFile]
 * @param {object} [o.settings] user settings on top of the base ones
 * @param {string} [o.locale] display language other than English (a key of DISPLAY_LANGUAGES)
 * @param {number} [o.timeoutMs=90000]
 * @returns {Promise<{url: string, host: string, port: number, workspace: string, userDataDir: string,
 *   extensionsDir: string, logFile: string, process: import('node:child_process').ChildProcess,
 *   workbenchUrl: (opts?: {folder?: string, payload?: [string, string][]}) => string,
 *   testPayload: (extensionPath: string, testsPath?: string) => [string, string][],
 *   stop: () => Promise<void>, exited: Promise<number|null>}>}
 */
export async function startCodeServer(o) {
  if (!isInstalled()) throw new Error('code-server is not installed: run `node scripts/setup-vscode.mjs`');
  const host = o.host ?? '127.0.0.1';
  const port = o.port ?? (await freePort(host));
  const dir = o.dir ?? mkdtempSync(join(tmpdir(), 'dubbo-topology-code-server-'));
  const userDataDir = o.userDataDir ?? join(dir, 'user-data');
  const extensionsDir = o.extensionsDir ?? join(dir, 'extensions');
  const logFile = o.logFile ?? join(dir, 'code-server.log');
  mkdirSync(userDataDir, { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(dirname(logFile), { recursive: true });
  if (o.settings !== null) writeUserSettings(userDataDir, o.settings ?? {});
  if (o.locale && o.locale !== 'en') useDisplayLanguage(o.locale, extensionsDir, userDataDir);
  // An explicit (empty) config file keeps code-server from writing one into the home directory.
  const configFile = join(dir, 'config.yaml');
  if (!existsSync(configFile)) writeFileSync(configFile, '');

  const args = [
    codeServerBin,
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--config',
    configFile,
    ...(o.trusted === false ? [] : ['--disable-workspace-trust']),
    ...(o.locale ? ['--locale', o.locale] : []),
    ...(o.extraArgs ?? []),
    o.workspace,
  ];
  const env = { ...process.env, ...(o.env ?? {}) };
  delete env.PORT; // code-server lets $PORT override --bind-addr
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    detached: true, // own process group, so stop() also ends the extension host and its children
    stdio: ['ignore', out, out],
    env,
  });
  closeSync(out);
  running.add(child);
  let exitCode;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      exitCode = code ?? signal;
      resolve(code);
    });
  });

  const url = `http://${host}:${port}/`;
  const stop = async () => {
    if (exitCode !== undefined) return;
    killGroup(child, 'SIGTERM');
    const t = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
  };

  const deadline = Date.now() + (o.timeoutMs ?? 90_000);
  for (;;) {
    if (exitCode !== undefined) {
      throw new Error(`code-server exited (${exitCode}) before it answered on ${url}\n--- ${logFile} ---\n${tail(logFile)}`);
    }
    if ((await httpStatus(`${url}healthz`)) === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${(o.timeoutMs ?? 90_000) / 1000} s\n--- ${logFile} ---\n${tail(logFile)}`);
    }
    await sleep(250);
  }

  const remote = (p) => `vscode-remote://${host}:${port}${p}`;
  return {
    url,
    host,
    port,
    workspace: o.workspace,
    userDataDir,
    extensionsDir,
    logFile,
    process: child,
    exited,
    stop,
    /** Payload entries that load `extensionPath` as a development extension (and run tests). */
    testPayload(extensionPath, testsPath) {
      const p = [['extensionDevelopmentPath', remote(extensionPath)]];
      if (testsPath) p.push(['extensionTestsPath', remote(testsPath)]);
      p.push(['skipWelcome', 'true']);
      return p;
    },
    workbenchUrl({ folder = o.workspace, payload } = {}) {
      let u = `${url}?folder=${encodeURIComponent(folder).replaceAll('%2F', '/')}`;
      if (payload) u += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      return u;
    },
  };
}

/**
 * Launches Chromium through playwright-core and opens one page.
 * @param {{headless?: boolean, viewport?: {width: number, height: number}, colorScheme?: 'light'|'dark'}} [o]
 */
export async function launchBrowser(o = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium not found (install the Debian package "chromium" or set CHROMIUM_PATH)');
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: o.headless ?? true, args: CHROMIUM_ARGS });
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1400, height: 900 },
    colorScheme: o.colorScheme,
  });
  const page = await context.newPage();
  return {
    browser,
    context,
    page,
    close: async () => {
      await browser.close().catch(() => {});
    },
  };
}

/** Waits until the workbench is on screen (the activity bar is the last big part to appear). */
export async function waitForWorkbench(page, timeoutMs = 120_000) {
  await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: timeoutMs });
}
