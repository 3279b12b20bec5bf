import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

test('code cache: the caches of bundles that are gone are removed when a cache is written', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'dt-cc-')), 'cache');
  const bundle = (name: string, text: string): string => {
    const src = mkdtempSync(join(tmpdir(), `dt-cc-${name}-`));
    const file = join(src, 'bundle.js');
    writeFileSync(file, `module.exports = { hello: () => ${JSON.stringify(text)} };\n`);
    return file;
  };
  const kept = bundle('kept', 'kept');
  const gone = bundle('gone', 'gone');
  const young = bundle('young', 'young');
  assert.equal(load(kept, dir).out, 'kept');
  assert.equal(load(gone, dir).out, 'gone');
  assert.equal(load(young, dir).out, 'young');
  // Each cache names its bundle's path.
  const cacheOf = (file: string) => cacheFiles(dir).find((f) => readFileSync(join(dir, f)).includes(Buffer.from(file)));
  const [keptCache, goneCache, youngCache] = [kept, gone, young].map(cacheOf);
  assert.ok(keptCache && goneCache && youngCache && new Set([keptCache, goneCache, youngCache]).size === 3, 'one cache per bundle');
  // Two days old: the installs of `gone` and `young` are then removed, `young`'s cache touched an hour ago.
  const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
  for (const f of [keptCache, goneCache]) utimesSync(join(dir, f), old, old);
  const hourAgo = new Date(Date.now() - 3600 * 1000);
  utimesSync(join(dir, youngCache), hourAgo, hourAgo);
  rmSync(dirname(gone), { recursive: true });
  rmSync(dirname(young), { recursive: true });
  // Leftovers: a cache of the earlier layout (no bundle path in it) and a write that never finished.
  writeFileSync(join(dir, 'cliMain-0123456789abcdef.bin'), Buffer.concat([Buffer.from([4, 0, 0, 0]), Buffer.from('x;\n\n'), Buffer.alloc(64)]));
  writeFileSync(join(dir, 'cliMain-0123456789abcdef.bin.4242.tmp'), 'half');
  for (const f of ['cliMain-0123456789abcdef.bin', 'cliMain-0123456789abcdef.bin.4242.tmp']) utimesSync(join(dir, f), old, old);
  const unrelated = join(dir, 'notes.txt');
  writeFileSync(unrelated, 'not a cache');
  utimesSync(unrelated, old, old);

  // A run that uses its cache writes nothing, and so removes nothing.
  assert.equal(load(kept, dir).out, 'kept');
  assert.equal(cacheFiles(dir).length, 4);
  // A run that writes a cache (a new bundle) removes what is stale.
  const fresh = bundle('fresh', 'fresh');
  assert.equal(load(fresh, dir).out, 'fresh');
  const left = readdirSync(dir).sort();
  assert.ok(left.includes(keptCache), 'a cache whose bundle exists stays, however old');
  assert.ok(left.includes(youngCache), 'a cache less than a day old stays');
  assert.ok(!left.includes(goneCache), 'a cache whose bundle is gone is removed');
  assert.ok(!left.includes('cliMain-0123456789abcdef.bin') && !left.includes('cliMain-0123456789abcdef.bin.4242.tmp'), 'leftovers are removed');
  assert.ok(left.includes('notes.txt'), 'other files are left alone');
  assert.equal(cacheFiles(dir).length, 3);
  assert.equal(load(kept, dir).out, 'kept');
});
