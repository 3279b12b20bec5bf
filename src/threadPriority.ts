import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How much lower than the main thread the command runs its helper threads (in nice steps). */
export const HELPER_NICE_STEP = 10;

/** The lowest priority there is (the highest nice value). */
const LOWEST = 19;

/**
 * Lets the main thread run first: every other thread of this process (V8's optimizing compiler and
 * garbage collector helpers, Node's platform threads) gets a nice value `step` above the main
 * thread's (at most 19; a thread already lower is left alone). On a 2-core machine Node's four V8
 * helper threads preempted the main thread of a big lint ~110 times; a step below it they still have
 * the second core, and take the main thread's only while it waits. Linux only, where each thread has
 * its own nice value (elsewhere the value is per process, and nothing is changed). Returns how many
 * threads were changed.
 */
export function yieldHelperThreads(step = HELPER_NICE_STEP): number {
  if (process.platform !== 'linux') return 0;
  let tasks: string[];
  let target: number;
  try {
    tasks = readdirSync('/proc/self/task');
    target = Math.min(LOWEST, getPriority(process.pid) + step);
  } catch {
    return 0;
  }
  let changed = 0;
  for (const t of tasks) {
    const tid = Number(t);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      if (getPriority(tid) >= target) continue;
      setPriority(tid, target);
      changed++;
    } catch {
      // The thread has ended, or the system does not allow it: it keeps its priority.
    }
  }
  return changed;
}
