import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { runInNewContext } from 'node:vm';
import { youngCollector } from '../../../src/vscode/youngCollector';

test('youngCollector: each call is a collection of the young generation (a minor GC), and no new context gets a gc global', async () => {
  const collect = youngCollector();
  assert.ok(collect, 'available in Node');
  assert.equal(runInNewContext('typeof gc'), 'undefined');
  const seen: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => seen.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  try {
    // Five calls, five minor collections (whatever V8 does of its own in that time, it is not that).
    const before = seen.length;
    for (let i = 0; i < 5; i++) assert.ok(collect() >= 0);
    // The observer hears of them on a later turn.
    await new Promise((r) => setTimeout(r, 50));
    const kinds = seen.slice(before).map((e) => (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind);
    assert.ok(kinds.filter((k) => k === constants.NODE_PERFORMANCE_GC_MINOR).length >= 5, `five minor collections (kinds seen: ${kinds.join(', ')})`);
  } finally {
    observer.disconnect();
  }
  // Asked again: a collector of its own, the flag cleared again all the same.
  assert.ok(youngCollector());
  assert.equal(runInNewContext('typeof gc'), 'undefined');
});
