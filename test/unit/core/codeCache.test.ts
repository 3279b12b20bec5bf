import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/context';

const loader = join(repoRoot, 'out', 'src', 'codeCache.js');

/** Loads `file` through the code cache in a new process (the cache is written at its exit). */
function load(file: string, dir: string): { out: string; code: number | null } {
  const script = `const m = require(${JSON.stringify(loader)}).requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(dir)}); process.stdout.write(m.hello());`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.stderr, '');
  return { out: r.stdout, code: r.status };
}

function cacheFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bin')) : [];
}

test('code cache: written by the first run, used as it is by the next, replaced when damaged or stale', () => {
  const src = mkdtempSync(join(tmpdir(), 'dt-cc-src-'));
  const dir = join(mkdtempSync(join(tmpdir(), 'dt-cc-')), 'cache');
  writeFileSync(join(src, 'helper.js'), 'exports.word = "world";\n');
  const file = join(src, 'bundle.js');
  // A `#!` line, a relative require, module.exports replaced and __dirname: what a CommonJS bundle uses.
  writeFileSync(file, '#!/usr/bin/env node\nconst { word } = require("./helper");\nmodule.exports = { hello: () => `hello ${word} from ${require("path").basename(__dirname)}` };\n');
  const expected = `hello world from ${src.split('/').pop()}`;

  assert.deepEqual(load(file, dir), { out: expected, code: 0 });
  const [first] = cacheFiles(dir);
  assert.ok(first, 'the first run leaves a cache');
  const written = statSync(join(dir, first));

  assert.deepEqual(load(file, dir), { out: expected, code: 0 });
  assert.deepEqual(cacheFiles(dir), [first]);
  assert.equal(statSync(join(dir, first)).mtimeMs, written.mtimeMs, 'an accepted cache is not written again');

  writeFileSync(join(dir, first), 'not a code cache');
  assert.deepEqual(load(file, dir), { out: expected, code: 0 });
  assert.notEqual(readFileSync(join(dir, first), 'utf8'), 'not a code cache', 'a damaged cache is replaced');

  writeFileSync(file, readFileSync(file, 'utf8').replace('hello ', 'hi '));
  assert.deepEqual(load(file, dir), { out: expected.replace('hello ', 'hi '), code: 0 });
  assert.deepEqual(cacheFiles(dir), [first], 'a changed bundle replaces its cache');
  assert.deepEqual(load(file, dir), { out: expected.replace('hello ', 'hi '), code: 0 });

  // Another bundle of the same length and modification time (an npm upgrade sets every file's time
  // to one date): V8 alone would accept the old bytecode.
  const { mtime } = statSync(file);
  writeFileSync(file, readFileSync(file, 'utf8').replace('hi ', 'yo '));
  utimesSync(file, mtime, mtime);
  assert.deepEqual(load(file, dir), { out: expected.replace('hello ', 'yo '), code: 0 });
});

test('code cache: an unwritable cache folder costs nothing but the cache', () => {
  const src = mkdtempSync(join(tmpdir(), 'dt-cc-src-'));
  const file = join(src, 'bundle.js');
  writeFileSync(file, 'module.exports = { hello: () => "ok" };\n');
  const blocker = join(src, 'a-file');
  writeFileSync(blocker, '');
  assert.deepEqual(load(file, join(blocker, 'cache')), { out: 'ok', code: 0 });
});
