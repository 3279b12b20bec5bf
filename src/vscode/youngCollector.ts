import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A collection of V8's young generation, on demand: the lint worker runs one once idle after an
 * analysis, so that the garbage of that analysis is not collected in the middle of the next
 * keystroke's. Each analysis of a big file leaves a few megabytes behind (the parse and the judgement
 * of the version the keystroke replaced); V8 collects the young generation when it fills, every few
 * keystrokes, and each collection took 4–15 ms in the middle of an analysis.
 *
 * Node gives no other way to ask for a collection than the `gc` function of `--expose-gc`, which a
 * worker thread cannot be started with: the flag is set for the moment it takes to make one new
 * context, whose `gc` is kept, then cleared again, so no other context gets a `gc` global.
 * Returns undefined where that fails (the function then stays unavailable).
 */
export function youngCollector(): (() => number) | undefined {
  let gc: unknown;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  } catch {
    gc = undefined;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  if (typeof gc !== 'function') return undefined;
  const collect = gc as (options: { type: 'minor' | 'major' }) => void;
  return () => {
    const t0 = performance.now();
    collect({ type: 'minor' });
    return performance.now() - t0;
  };
}
