import { seededRandom } from '../../../src/core/random';

/** A seeded PRNG (mulberry32) for tests that need reproducible random data. */
export function prng(seed: number): { next(): number; int(lo: number, hi: number): number } {
  const next = seededRandom(seed);
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
