import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value the command gives its helper threads (0 is the default, 19 the lowest priority). */
export const HELPER_NICE = 10;

/**
 * Lets the main thread run first: raises the nice value of every other thread of this process
 * (V8's optimizing compiler and garbage collector helpers, Node's platform threads) to `nice`.
 * On a 2-core machine Node's four V8 helper threads preempted the main thread of a big lint ~400
 * times; with the helpers at nice 10 they still have the second core, and take the main thread's
 * only while it waits. Linux only, where each thread has its own nice value (elsewhere the value
 * is per process, and nothing is changed). Returns how many threads were changed.
 */
export function yieldHelperThreads(nice = HELPER_NICE): number {
  if (process.platform !== 'linux') return 0;
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return 0;
  }
  let changed = 0;
  for (const t of tasks) {
    const tid = Number(t);
    if (!Number.isInteger(tid) || tid === process.pid) continue;
    try {
      setPriority(tid, nice);
      changed++;
    } catch {
      // The thread has ended, or the system does not allow it: it keeps its priority.
    }
  }
  return changed;
}
