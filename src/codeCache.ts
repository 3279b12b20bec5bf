import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
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
 * The cache is one file in `dir` per bundle path and Node version: the bundle's bytes, then V8's
 * cached data. It is used only when those bytes equal the bundle's: V8 itself checks no more than the
 * source's length (and its own version and flags), and would run the bytecode of an old bundle of
 * the same length, which an npm upgrade (every file's time set to the same date) can produce. A cache
 * that differs, or that V8 rejects, is replaced at exit. Any failure to read or write the cache only
 * costs the time it would have saved. Without `dir` the bundle is loaded the same way, with no cache.
 */
export function requireWithCodeCache(file: string, dir: string | undefined): unknown {
  const bytes = readFileSync(file);
  const cacheFile = dir === undefined ? undefined : cachePath(file, dir);
  const cached = cacheFile === undefined ? undefined : cachedDataFor(cacheFile, bytes);
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
        const header = Buffer.alloc(4);
        header.writeUInt32LE(bytes.length, 0);
        // Written aside and renamed, so a concurrent run never reads half a cache.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, Buffer.concat([header, bytes, script.createCachedData()]));
        try {
          renameSync(tmp, cacheFile);
        } catch {
          unlinkSync(tmp);
        }
      } catch {
        // A read-only or full disk: the next run compiles again.
      }
    });
  }
  const mod = { exports: {} as unknown };
  const wrapper = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  wrapper(mod.exports, createRequire(file), mod, file, dirname(file));
  return mod.exports;
}

/** V8's cached data from `cacheFile` when it was made from exactly `bytes`. */
function cachedDataFor(cacheFile: string, bytes: Buffer): Buffer | undefined {
  let blob: Buffer;
  try {
    blob = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (blob.length < 4 || blob.readUInt32LE(0) !== bytes.length || blob.length <= 4 + bytes.length) return undefined;
  return blob.subarray(4, 4 + bytes.length).equals(bytes) ? blob.subarray(4 + bytes.length) : undefined;
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
