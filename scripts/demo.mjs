#!/usr/bin/env node
// `npm run demo`: VS Code in the browser (code-server) with Dubbo Topology installed and the
// examples/two-region workspace open. Installs what is missing, builds, prints the URL and runs
// until Ctrl-C.
//
// The extension is installed by linking this repository into the editor's extensions folder as
// dubbo-topology.dubbo-topology-<version>, so a plain URL shows it, and after `npm run build`
// "Developer: Reload Window" picks up the change.
//
// Environment: PORT (default 8080; a free port is used when 8080 is taken and PORT is not set).
// Options: --locale zh-cn runs VS Code with the display language 中文(简体): the extension speaks
// Chinese, VS Code's own texts stay English (no language pack can be downloaded here).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, DISPLAY_LANGUAGES, freePort, portIsFree, repoRoot, startCodeServer, tail } from './codeServer.mjs';
import { isInstalled, setupVscode } from './setup-vscode.mjs';

const say = (msg) => process.stdout.write(`[demo] ${msg}\n`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: 'inherit' });
  return r.status === 0;
}

/**
 * Installs what is missing, builds the extension bundle, links the extension into a fresh
 * extensions folder and starts code-server on examples/two-region (or `workspace`), trusted.
 * @param {{port?: number, settings?: object, dir?: string, quiet?: boolean, workspace?: string, locale?: string}} [o]
 */
export async function startDemo(o = {}) {
  // System packages (as root this installs what is missing; otherwise it says what to install).
  if (!run('bash', [join(repoRoot, 'scripts', 'setup-system.sh')])) {
    say('some Debian packages are missing (see above); trying to go on without them');
  }
  if (!isInstalled()) setupVscode();
  say('building the extension');
  if (!run(process.execPath, [join(repoRoot, 'scripts', 'build.mjs'), '--bundles-only'])) {
    throw new Error('the build failed');
  }

  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const extensionId = `${pkg.publisher}.${pkg.name}`;
  // Outside the repository, so the link back to it does not make a loop inside the work tree.
  const dir = o.dir ?? join(tmpdir(), `dubbo-topology-demo-${process.getuid?.() ?? 'user'}`);
  rmSync(dir, { recursive: true, force: true });
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  symlinkSync(repoRoot, join(extensionsDir, `${extensionId}-${pkg.version}`));

  const listed = spawnSync(
    process.execPath,
    [codeServerBin, '--list-extensions', '--extensions-dir', extensionsDir, '--user-data-dir', join(dir, 'user-data')],
    { encoding: 'utf8' },
  );
  if (!listed.stdout?.split('\n').includes(extensionId)) {
    throw new Error(`code-server does not see ${extensionId} in ${extensionsDir}:\n${listed.stdout}${listed.stderr}`);
  }

  const workspace = o.workspace ?? join(repoRoot, 'examples', 'two-region');
  return startCodeServer({ workspace, port: o.port, dir, extensionsDir, trusted: true, settings: o.settings, locale: o.locale });
}

function parseArgs(argv) {
  const o = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--locale' && argv[i + 1]) o.locale = argv[++i].toLowerCase();
    else if (argv[i].startsWith('--locale=')) o.locale = argv[i].slice('--locale='.length).toLowerCase();
    else throw new Error(`unknown argument "${argv[i]}" (usage: npm run demo [-- --locale en|zh-cn])`);
  }
  if (o.locale === 'en') delete o.locale;
  if (o.locale && !DISPLAY_LANGUAGES[o.locale]) {
    throw new Error(`unknown locale "${o.locale}" (known: en, ${Object.keys(DISPLAY_LANGUAGES).join(', ')})`);
  }
  return o;
}

async function main() {
  const { locale } = parseArgs(process.argv.slice(2));
  let port = Number(process.env.PORT || 8080);
  if (!(await portIsFree(port))) {
    if (process.env.PORT) throw new Error(`port ${port} (from PORT) is in use`);
    port = await freePort();
    say(`port 8080 is in use, using ${port}`);
  }
  const server = await startDemo({ port, locale });
  const workspace = server.workspace;
  const url = server.workbenchUrl();
  process.stdout.write(
    [
      '',
      '  Dubbo Topology demo is running. Open this URL in a browser:',
      '',
      `    ${url}`,
      '',
      `  Workspace: ${workspace}`,
      `  Log:       ${server.logFile}`,
      '  Press Ctrl-C to stop.',
      '',
    ].join('\n') + '\n',
  );

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server`);
    await server.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  const code = await server.exited;
  if (!stopping) {
    process.stderr.write(`[demo] code-server exited (${code}) unexpectedly\n${tail(server.logFile)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    process.stderr.write(`[demo] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
