import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Loads a CommonJS bundle with a V8 code cache, the way `module.enableCompileCache()` does on
 * Node 22.1+ (and TypeScript's `tsc` uses it): the first run compiles as usual and, at exit, saves the
 * bytecode of every function it ran; later runs start from that bytecode instead of parsing and
 * compiling the bundle again. Works the same on Node 20.
 *
 * The cache is one file in `dir` per bundle path and Node version: the bundle's path and bytes, then
 * V8's cached data. It is used only when those bytes equal the bundle's: V8 itself checks no more than
 * the source's length (and its own version and flags), and would run the bytecode of an old bundle of
 * the same length, which an npm upgrade (every file's time set to the same date) can produce. A cache
 * that differs, or that V8 rejects, is replaced at exit; the cache files of bundles that no longer
 * exist (an uninstalled version, an emptied npx folder) are removed then too, so the folder does not
 * grow with every install. Any failure to read or write the cache only costs the time it would have
 * saved. Without `dir` the bundle is loaded the same way, with no cache.
 */
export function requireWithCodeCache(file: string, dir: string | undefined): unknown {
  const bytes = readFileSync(file);
  const cacheFile = dir === undefined ? undefined : cachePath(file, dir);
  const cached = cacheFile === undefined ? undefined : cachedDataFor(cacheFile, file, bytes);
  let source = bytes.toString('utf8');
  // A `#!` line is legal only at the very start of a script; the wrapper below puts code before it.
  if (source.startsWith('#!')) source = `//${source.slice(2)}`;
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: cached,
  });
  if (cacheFile !== undefined && (cached === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        // Written aside and renamed, so a concurrent run never reads half a cache.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([header(file, bytes.length), bytes, script.createCachedData()]));
        try {
          renameSync(tmp, cacheFile);
        } catch {
          unlinkSync(tmp);
        }
      } catch {
        // A read-only or full disk: the next run compiles again.
      }
      pruneCodeCaches(dirname(cacheFile), cacheFile);
    });
  }
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  wrapper(mod.exports, createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

/** Marks a cache file of this layout: magic, path length, path (UTF-8), bundle length, bundle, V8's data. */
const MAGIC = 0x32435444; // "DTC2"

function header(file: string, bundleLength: number): Buffer {
  const path = Buffer.from(file, 'utf8');
  const h = Buffer.alloc(12 + path.length);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt32LE(path.length, 4);
  path.copy(h, 8);
  h.writeUInt32LE(bundleLength, 8 + path.length);
  return h;
}

/** The bundle path a cache file was made for, from its first bytes; undefined when not of this layout. */
function bundlePathOf(head: Buffer): string | undefined {
  if (head.length < 8 || head.readUInt32LE(0) !== MAGIC) return undefined;
  const n = head.readUInt32LE(4);
  return 8 + n <= head.length ? head.toString('utf8', 8, 8 + n) : undefined;
}

/** V8's cached data from `cacheFile` when it was made for `file` from exactly `bytes`. */
function cachedDataFor(cacheFile: string, file: string, bytes: Buffer): Buffer | undefined {
  let blob: Buffer;
  try {
    blob = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (bundlePathOf(blob) !== file) return undefined;
  const at = 12 + blob.readUInt32LE(4);
  if (blob.length <= at + bytes.length || blob.readUInt32LE(at - 4) !== bytes.length) return undefined;
  return blob.subarray(at, at + bytes.length).equals(bytes) ? blob.subarray(at + bytes.length) : undefined;
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Removes the cache files in `dir` whose bundle is gone, files of an older layout, and leftovers of
 * writes that never finished, all once a day old (a file a concurrent run is writing is younger).
 * Runs only when a cache is written, so it costs nothing on the runs that use one.
 */
function pruneCodeCaches(dir: string, keep: string): void {
  const now = Date.now();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const head = Buffer.alloc(8 + 4096);
  for (const name of names) {
    const p = join(dir, name);
    if (p === keep || !(name.endsWith('.bin') || name.endsWith('.tmp'))) continue;
    try {
      if (now - statSync(p).mtimeMs < DAY) continue;
      let stale = true;
      if (name.endsWith('.bin')) {
        const fd = openSync(p, 'r');
        let n: number;
        try {
          n = readSync(fd, head, 0, head.length, 0);
        } finally {
          closeSync(fd);
        }
        const bundle = bundlePathOf(head.subarray(0, n));
        stale = bundle === undefined || !existsSync(bundle);
      }
      if (stale) unlinkSync(p);
    } catch {
      // Removed by another run meanwhile, or not ours to remove: left as it is.
    }
  }
}

function cachePath(file: string, dir: string): string {
  const key = `${file}\0${process.version}\0${process.arch}`;
  return join(dir, `${basename(file, '.js')}-${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x01000193)}.bin`);
}

/** A 32-bit FNV-1a hash as 8 hex digits: enough to name a cache file (loading `crypto` costs more than the cache saves). */
function fnv1a(s: string, seed: number): string {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Where the CLI keeps its code cache: the user's own cache folder (`$XDG_CACHE_HOME`, `~/.cache`,
 * or `%LOCALAPPDATA%` on Windows), not a temporary folder other users can write to, since the cache
 * is code that will run.
 */
export function defaultCodeCacheDir(): string {
  const env = process.env;
  const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || join(homedir(), '.cache');
  return join(base, 'dubbo-topology', 'code-cache');
}
