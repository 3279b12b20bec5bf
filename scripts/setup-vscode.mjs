#!/usr/bin/env node
// Installs code-server (VS Code 1.100 served to a browser) into .vscode-test/code-server/ without
// any download besides the npm registry: the package's own postinstall fetches binaries, so it is
// installed with --ignore-scripts and finished by hand (native rebuilds, the system ripgrep, the
// links its postinstall would create). A marker file makes a second run return at once.
// Usage: node scripts/setup-vscode.mjs [--force]
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const installDir = join(root, '.vscode-test', 'code-server');
export const codeServerBin = join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const marker = join(installDir, '.installed');

export function isInstalled() {
  try {
    return readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerBin);
  } catch {
    return false;
  }
}

let unsafePerm = false;

function log(msg) {
  process.stdout.write(`[setup-vscode] ${msg}\n`);
}

// npm 6 and older refuse lifecycle scripts as root without unsafe-perm; npm 7+ dropped the
// setting (and warns about it), running scripts as the owner of the package folder instead.
function npmNeedsUnsafePerm() {
  const r = spawnSync('npm', ['--version'], { encoding: 'utf8' });
  return Number.parseInt(r.stdout ?? '', 10) < 7;
}

function run(cmd, args, cwd, extraEnv = {}) {
  log(`${cwd.replace(root + '/', '')}$ ${cmd} ${args.join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ...(unsafePerm ? { npm_config_unsafe_perm: 'true' } : {}),
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
      ...extraEnv,
    },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd} with exit code ${r.status}`);
  log(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function link(target, path) {
  try {
    if (lstatSync(path)) unlinkSync(path);
  } catch {
    /* not there yet */
  }
  symlinkSync(target, path);
}

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return undefined;
}

export function setupVscode({ force = false } = {}) {
  if (!force && isInstalled()) {
    log(`code-server ${CODE_SERVER_VERSION} already installed in ${installDir}`);
    return;
  }
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep (rg) is not on PATH: run scripts/setup-system.sh (Debian package "ripgrep") first');
  unsafePerm = npmNeedsUnsafePerm();
  const started = Date.now();
  log(`installing code-server ${CODE_SERVER_VERSION} into ${installDir}`);
  rmSync(installDir, { recursive: true, force: true });
  mkdirSync(installDir, { recursive: true });
  writeFileSync(join(installDir, 'package.json'), JSON.stringify({ private: true, name: 'code-server-install' }, null, 2) + '\n');

  const npm = 'npm';
  run(npm, ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts', '--no-save', '--prefix', installDir], installDir);
  run(npm, ['rebuild', 'argon2'], installDir);

  const vscodeDir = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
  run(npm, ['install', '--omit=dev', '--ignore-scripts'], vscodeDir);
  const rgTarget = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  mkdirSync(dirname(rgTarget), { recursive: true });
  copyFileSync(rg, rgTarget);
  chmodSync(rgTarget, 0o755);
  run(npm, ['rebuild', 'kerberos', '@parcel/watcher', 'node-pty', '@vscode/deviceid', '@vscode/spdlog', 'native-watchdog'], vscodeDir, {
    npm_config_yes: 'true',
  });
  link('node_modules', join(vscodeDir, 'node_modules.asar'));
  link('code-linux.sh', join(vscodeDir, 'bin', 'remote-cli', 'code-server'));
  link('browser-linux.sh', join(vscodeDir, 'bin', 'helpers', 'browser.sh'));
  run(npm, ['install', '--omit=dev'], join(vscodeDir, 'extensions'));

  writeFileSync(marker, CODE_SERVER_VERSION + '\n');
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    setupVscode({ force: process.argv.includes('--force') });
  } catch (e) {
    process.stderr.write(`[setup-vscode] ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
}
