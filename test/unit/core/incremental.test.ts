import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace, lintWorkspaceAsync, type LintProgress } from '../../../src/core/engine';
import type { Diagnostic } from '../../../src/core/types';
import { memoryWorkspace } from '../support/context';
import { exampleFiles } from '../support/dubbo';
import { params } from '../robustness/fuzz';

const API_XML = 'api/src/main/resources/applicationContext.xml';
const ORDER_XML = 'order/src/main/resources/applicationContext.xml';
const ORDER_PROPS = 'order/src/main/resources/config.properties';
const API_PROPS = 'api/src/main/resources/config.properties';

const key = (ds: Diagnostic[]) => ds.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.rule} ${d.message} [${d.fixes.map((f) => f.title).join('|')}]`);

/** Edits that change what other files' findings say (registries, placeholders, includes) or just text. */
const EDITS: [file: string, from: string, to: string][] = [
  [API_PROPS, 'zookeeper://192.168.27.101:2181', 'zookeeper://139.159.250.7:2181'],
  [ORDER_XML, '<dubbo:protocol name="dubbo" port="-1"/>', '<dubbo:protocol name="dubbo" port="20880" host="139.159.250.8"/>'],
  [API_XML, 'dubbo:registry', 'dubbo:registy'],
  [ORDER_PROPS, '192.168.27.101', '172.16.8.101'],
  ['nginx/nginx.conf', '139.159.257.207', '172.16.8.101'],
  ['nginx/nginx.conf', 'proxy_pass http://tomcatServer/;', 'proxy_pass http://tomcat/;'],
  ['nfs/exports', 'rw', 'ro'],
  ['dubbo-topology.yaml', 'registry: registry\n', ''],
  ['dubbo-topology.yaml', 'services: [api]', 'services: [api, registry]'],
];

test('a cached run gives exactly the diagnostics of a fresh run, after any sequence of edits', () => {
  const base = exampleFiles();
  const edit = fc.oneof(
    fc.tuple(fc.nat(EDITS.length - 1), fc.boolean()).map(([i, undo]) => ({ kind: 'known' as const, i, undo })),
    fc.tuple(fc.constantFrom(...Object.keys(base)), fc.nat(), fc.constantFrom(' ', '1', '.', ':', '{', '"', '\n', '<', '$')).map(([file, at, ch]) => ({ kind: 'char' as const, file, at, ch })),
  );
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (seq) => {
      const ws = memoryWorkspace({ ...base });
      const cache = new LintCache();
      lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
      for (const e of seq) {
        if (e.kind === 'known') {
          const [file, a, b] = EDITS[e.i];
          const t = ws.contents.get(file)!;
          ws.contents.set(file, e.undo ? t.replace(b, a) : t.replace(a, b));
        } else {
          const t = ws.contents.get(e.file)!;
          const at = e.at % (t.length + 1);
          ws.contents.set(e.file, t.slice(0, at) + e.ch + t.slice(at));
        }
        const cached = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
        const fresh = lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!;
        assert.deepEqual(key(cached.diagnostics), key(fresh.diagnostics));
      }
    }),
    params(0.02),
  );
});

test('a one-character edit re-analyzes that file and the files depending on it only', () => {
  const ws = memoryWorkspace(exampleFiles());
  const cache = new LintCache();
  const first = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.equal(cache.lastRun.reused, 0);
  const total = cache.lastRun.analyzed;
  assert.ok(total >= 8, `${total} files analyzed`);

  // A comment in the nginx config: only that file (it includes nothing).
  ws.contents.set('nginx/nginx.conf', ws.contents.get('nginx/nginx.conf')!.replace('#gzip on;', '#gzip  on;'));
  const second = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.deepEqual(cache.lastRun, { analyzed: 1, reused: total - 1 });
  assert.deepEqual(key(second.diagnostics), key(first.diagnostics));

  // A properties value: the properties file and the XML of its service (a dependency).
  ws.contents.set(ORDER_PROPS, `${ws.contents.get(ORDER_PROPS)!}# note\n`);
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: 2, reused: total - 2 });

  // Nothing changed: nothing analyzed.
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: 0, reused: total });

  // The topology changed: every file is judged again.
  ws.contents.set('dubbo-topology.yaml', `${ws.contents.get('dubbo-topology.yaml')!}# end\n`);
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: total, reused: 0 });
});

test('async lint: progress per file, the same result as the synchronous run, and cancellation', async () => {
  const files = exampleFiles();
  const sync = lintWorkspace(memoryWorkspace(files), { analyzers: defaultAnalyzers })!;
  const progress: LintProgress[] = [];
  const r = await lintWorkspaceAsync(memoryWorkspace(files), { analyzers: defaultAnalyzers, onProgress: (p) => progress.push(p), sliceMs: 0 });
  assert.ok(r);
  assert.deepEqual(key(r.diagnostics), key(sync.diagnostics));
  assert.ok(progress.length >= 8);
  assert.deepEqual(progress.map((p) => p.done), progress.map((_, i) => i + 1));
  assert.ok(progress.every((p) => p.total === progress.length));

  const token = { isCancellationRequested: false };
  let seen = 0;
  const cancelled = await lintWorkspaceAsync(memoryWorkspace(files), {
    analyzers: defaultAnalyzers,
    sliceMs: 0,
    token,
    onProgress: () => {
      if (++seen === 2) token.isCancellationRequested = true;
    },
  });
  assert.equal(cancelled, undefined);
  assert.equal(seen, 2, 'no file is analyzed after the cancellation');
});

test('a cached run follows a change of locale or of severity overrides, and back', () => {
  const base = exampleFiles();
  const ws = memoryWorkspace({ ...base });
  const cache = new LintCache();
  const full = (ds: Diagnostic[]) => key(ds).map((k, i) => `${ds[i].severity} ${k}`);
  const settings: { locale?: string; ruleOverrides?: Record<string, 'error' | 'warning' | 'info' | 'hint' | 'off'> }[] = [
    {},
    { locale: 'zh-cn' },
    { locale: 'zh-cn', ruleOverrides: { 'dubbo-protocol-random-port': 'off', 'nginx-upstream-mixed-networks': 'info' } },
    { ruleOverrides: { 'dubbo-protocol-random-port': 'error' } },
    {},
  ];
  const seen = new Set<string>();
  for (const s of settings) {
    const cached = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache, ...s })!;
    const fresh = lintWorkspace(memoryWorkspace({ ...base }), { analyzers: defaultAnalyzers, ...s })!;
    assert.deepEqual(full(cached.diagnostics), full(fresh.diagnostics), JSON.stringify(s));
    seen.add(full(cached.diagnostics).join('\n'));
  }
  assert.equal(seen.size, 4, 'each setting gives a different report (the last one repeats the first)');
});
