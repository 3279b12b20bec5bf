import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
 * The cache is a file in `dir` named after the bundle's path, size and modification time and the
 * Node version. V8 checks a cache against the source and its own version and flags; a cache
 * it rejects (or one that is damaged) is replaced at exit. Any failure to read or write the cache
 * only costs the time it would have saved. Without `dir` the bundle is loaded the same way, with no cache.
 */
export function requireWithCodeCache(file: string, dir: string | undefined): unknown {
  const cacheFile = dir === undefined ? undefined : cachePath(file, dir);
  let cached: Buffer | undefined;
  try {
    cached = cacheFile === undefined ? undefined : readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  let source = readFileSync(file, 'utf8');
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
        writeFileSync(tmp, script.createCachedData());
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

function cachePath(file: string, dir: string): string {
  const st = statSync(file);
  const key = `${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`;
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
