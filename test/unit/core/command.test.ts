import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli';
import { exampleDir, repoRoot, tempWorkspace } from '../support/context';

// The built `dubbo-topology` command (dist/cli.js), run as a user runs it.

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
}

function inProcess(folder: string): { code: number; out: string } {
  const out: string[] = [];
  const code = main(['lint', folder, '--format', 'json'], (s) => out.push(s), () => {});
  return { code, out: `${out.join('\n')}\n` };
}

function command(folder: string, env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', folder, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
}

test('the dubbo-topology command (dist/cli.js) prints what main() returns, with and without its code cache', () => {
  const { code, out: expected } = inProcess(exampleDir);
  const dir = join(mkdtempSync(join(tmpdir(), 'dt-cc-')), 'cache');
  for (let run = 1; run <= 2; run++) {
    const r = command(exampleDir, { DUBBO_TOPOLOGY_CACHE_DIR: dir });
    assert.equal(r.status, code, r.stderr);
    assert.equal(r.stdout, expected, `run ${run}`);
    assert.equal(cacheFiles(dir).length, 1);
  }
  const off = join(mkdtempSync(join(tmpdir(), 'dt-cc-')), 'cache');
  const r = command(exampleDir, { DUBBO_TOPOLOGY_CACHE_DIR: off, NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(r.stdout, expected);
  assert.equal(existsSync(off), false, 'NODE_DISABLE_COMPILE_CACHE leaves no cache');
});

test('the command writes all of a report larger than a pipe holds before it exits', () => {
  // 1,500 backends on ports nothing listens on: a JSON report of ~0.7 MB.
  const servers = Array.from({ length: 1500 }, (_, i) => `    server 192.168.27.101:${1000 + i};`);
  const folder = tempWorkspace();
  mkdirSync(join(folder, 'nginx', 'conf.d'), { recursive: true });
  writeFileSync(join(folder, 'nginx', 'conf.d', 'many.conf'), ['upstream many {', ...servers, '}', ''].join('\n'));
  const { code, out: expected } = inProcess(folder);
  assert.ok(expected.length > 8 * 65536, `a report of ${expected.length} bytes`);
  const r = command(folder, { NODE_DISABLE_COMPILE_CACHE: '1' });
  assert.equal(r.status, code, r.stderr);
  assert.equal(r.stdout, expected);
});

test('a report that cannot be written (a full disk) is an internal failure: exit 2, said on stderr', { skip: !existsSync('/dev/full') && 'no /dev/full' }, () => {
  const full = openSync('/dev/full', 'w');
  try {
    // A clean workspace: its exit code would be 0 had the report been written.
    const folder = tempWorkspace({ 'dubbo-topology.yaml': 'version: 1\nregions: {}\nservices: {}\n' });
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', folder, '--format', 'sarif'], {
      encoding: 'utf8',
      stdio: ['ignore', full, 'pipe'],
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /ENOSPC/);
  } finally {
    closeSync(full);
  }
});

test('the order of findings does not depend on the language the machine is set to', () => {
  const folder = tempWorkspace({ 'dubbo-topology.yaml': 'version: 1\nregions: {}\nservices: {}\n' });
  mkdirSync(join(folder, 'nginx'));
  for (const name of ['aa', 'B', 'z', '中']) writeFileSync(join(folder, 'nginx', `${name}.conf`), 'server 139.159.257.207:8680;\n');
  const order = (lang: string) => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'lint', folder], {
      encoding: 'utf8',
      env: { ...process.env, LC_ALL: lang, LANG: lang, NODE_DISABLE_COMPILE_CACHE: '1' },
    });
    return r.stdout.split('\n').filter((l) => l.startsWith('nginx/')).map((l) => l.slice(0, l.indexOf(':')));
  };
  const expected = ['nginx/aa.conf', 'nginx/B.conf', 'nginx/z.conf', 'nginx/中.conf'];
  // Danish sorts "aa" after "z"; Chinese puts 中 first.
  for (const lang of ['C', 'en_US.UTF-8', 'da_DK.UTF-8', 'zh_CN.UTF-8']) assert.deepEqual(order(lang), expected, lang);
});
