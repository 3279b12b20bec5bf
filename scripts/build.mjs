// Builds the bundles (extension host, its lint worker, ssh2 for it, CLI, webview) with esbuild, and compiles the tests
// with tsc into out/ so `node --test` can run them.
// Usage: node scripts/build.mjs [--bundles-only] [--production (minified, no source maps)] [--out <dir>]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
// `--out <dir>`: where the bundles go (default dist/), e.g. a staging folder for packaging.
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, 'dist');
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// The extension loads ssh2 from its own bundle (dist/ssh2.js) on the first SSH connection, so
// activation neither reads nor evaluates it.
const ssh2Apart = {
  name: 'ssh2-apart',
  setup(build) {
    build.onResolve({ filter: /^ssh2$/ }, () => ({ path: './ssh2.js', external: true }));
  },
};

// The commands that work on remote hosts (deploy, NFS, registry, reachability) are a bundle of their
// own (dist/remoteCommands.js), which the first of them to run loads (src/vscode/lazyCommands.ts).
const remoteCommandsApart = {
  name: 'remote-commands-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/remoteCommands$/ }, () => ({ path: './remoteCommands.js', external: true }));
  },
};

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/vscode/extension.ts'],
    outfile: join(out, 'extension.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [ssh2Apart, remoteCommandsApart],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/vscode/remoteCommands.ts'],
    outfile: join(out, 'remoteCommands.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [ssh2Apart],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/vscode/lintWorker.ts'],
    outfile: join(out, 'lintWorker.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  }),
  esbuild.build({
    ...common,
    entryPoints: ['node_modules/ssh2/lib/index.js'],
    outfile: join(out, 'ssh2.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
  }),
  // The command: a small entry (cli.js) that loads the CLI bundle (cliMain.js) through a code cache.
  esbuild.build({
    ...common,
    entryPoints: ['src/cliEntry.ts'],
    outfile: join(out, 'cli.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: join(out, 'cliMain.js'),
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ssh2 (for `reach`) is the extension's ssh2.js beside it, loaded only when that command runs.
    plugins: [ssh2Apart],
  }),
  existsSync(join(root, 'webview/main.ts')) &&
  esbuild.build({
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: join(out, 'webview.js'),
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);
chmodSync(join(out, 'cli.js'), 0o755);

if (!process.argv.includes('--bundles-only')) {
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', root], {
    stdio: 'inherit',
  });
}
