#!/usr/bin/env node
// `npm run package`: builds the extension's .vsix with @vscode/vsce, to install with
// `code --install-extension dubbo-topology-<version>.vsix` (or "Extensions: Install from VSIX…").
//
// The package is made from a copy of the work tree, so its production build (`vscode:prepublish`)
// never replaces the bundles in dist/ that the tests, the demo and the benches use. What goes into
// the .vsix is what .vscodeignore leaves in; vsce reads it.
//
// Usage: node scripts/package.mjs [--out <file.vsix>]   (default: dubbo-topology-<version>.vsix here)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from './codeServer.mjs';
import { codeServerBin } from './setup-vscode.mjs';

/** Folders of the work tree that are not sources of the package (built, installed or local state). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'out', 'dist', '.vscode-test', '.dubbo-topology']);

/**
 * Packages the extension into `out` and returns its path.
 * @param {{out?: string, quiet?: boolean}} [o]
 */
export function packageVsix(o = {}) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const out = resolve(o.out ?? join(repoRoot, `${pkg.name}-${pkg.version}.vsix`));
  const stage = mkdtempSync(join(tmpdir(), 'dubbo-topology-package-'));
  try {
    for (const entry of readdirSync(repoRoot)) {
      if (NOT_COPIED.has(entry) || entry.endsWith('.vsix')) continue;
      cpSync(join(repoRoot, entry), join(stage, entry), { recursive: true });
    }
    // The production build in the copy needs the dependencies; .vscodeignore keeps them out.
    symlinkSync(join(repoRoot, 'node_modules'), join(stage, 'node_modules'), 'dir');
    const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    // The bundles carry what they use: no node_modules in the package.
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], {
      cwd: stage,
      stdio: o.quiet ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'inherit', 'inherit'],
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      throw new Error(`vsce package failed (${r.error?.message ?? `exit ${r.status}`})${o.quiet ? `\n${r.stdout}${r.stderr}` : ''}`);
    }
    return out;
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/**
 * Installs a .vsix into code-server's `extensionsDir` the way a user installs one
 * (`--install-extension`), and returns the folder it was unpacked to.
 * @param {string} vsix @param {{extensionsDir: string, userDataDir: string}} dirs
 */
export function installVsix(vsix, { extensionsDir, userDataDir }) {
  const r = spawnSync(process.execPath, [codeServerBin, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const dir = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`${vsix} was installed, but not into ${dir}:\n${r.stdout}`);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const i = process.argv.indexOf('--out');
  try {
    const file = packageVsix({ out: i > 0 ? process.argv[i + 1] : undefined });
    process.stdout.write(`\n[package] ${file}\n[package] install it with: code --install-extension ${file}\n`);
  } catch (err) {
    process.stderr.write(`[package] ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
}
