/**
 * The `dubbo-topology` command: loads the CLI bundle (cliMain.js beside this file) through a V8
 * code cache and runs it. Kept apart from the bundle so the cache can cover all of it.
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's own switch) loads it without the cache;
 * `DUBBO_TOPOLOGY_CACHE_DIR` moves the cache.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { defaultCodeCacheDir, requireWithCodeCache } from './codeCache';
import { yieldHelperThreads } from './threadPriority';

// The lint is one thread's work: V8's helper threads should not take that thread's core from it.
yieldHelperThreads();
// Before the bundle is compiled: see runCli in cli.ts. V8 also checks a code cache against the flags.
setFlagsFromString('--no-turbo-inlining');
const bundle = join(__dirname, 'cliMain.js');
const cacheDir = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : process.env.DUBBO_TOPOLOGY_CACHE_DIR || defaultCodeCacheDir();
const cli = requireWithCodeCache(bundle, cacheDir) as { runCli(): void };
cli.runCli();
