import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace, lintWorkspaceAsync, type LintProgress } from '../../../src/core/engine';
import type { Diagnostic } from '../../../src/core/types';
import { ChangeJournal } from '../../../src/core/changes';
import { JournaledMap, JournaledWorkspace, MemoryWorkspace, memoryWorkspace } from '../support/context';
import { exampleFiles } from '../support/dubbo';
import { params } from '../robustness/fuzz';

const API_XML = 'api/src/main/resources/applicationContext.xml';
const ORDER_XML = 'order/src/main/resources/applicationContext.xml';
const ORDER_PROPS = 'order/src/main/resources/config.properties';
const API_PROPS = 'api/src/main/resources/config.properties';

const key = (ds: Diagnostic[]) =>
  ds.map(
    (d) =>
      `${d.file}:${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.rule} ${d.message} [${d.fixes.map((f) => f.title).join('|')}]` +
      ` ${JSON.stringify(d.related ?? [])} ${JSON.stringify(d.fixes.map((f) => f.edits))}`,
  );

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
  // Edits of the topology that leave its meaning as it was: every line after them moves.
  ['dubbo-topology.yaml', 'version: 1\n', '# moved down\n\nversion: 1\n'],
  ['dubbo-topology.yaml', '\nshares:', '\nrules:\n  nfs-async: off\n  nginx-upstream-plaintext-public: error\nshares:'],
  ['dubbo-topology.yaml', 'ssh: { user: deploy }', 'ssh: { user: ops, port: 2222 }'],
  // A deploy block: its environment sets what the provider registers; its other keys only the deploy.
  [
    'dubbo-topology.yaml',
    '    config: [order/src/main/resources/applicationContext.xml]\n',
    '    config: [order/src/main/resources/applicationContext.xml]\n    deploy:\n      artifact: order.jar\n      dir: /opt/order\n      restart: systemctl restart order\n      env: { DUBBO_IP_TO_REGISTRY: 139.159.250.8 }\n',
  ],
  ['dubbo-topology.yaml', 'dir: /opt/order', 'dir: /srv/order'],
  ['dubbo-topology.yaml', 'DUBBO_IP_TO_REGISTRY: 139.159.250.8', 'DUBBO_IP_TO_REGISTRY: 192.168.27.102'],
  // Parts of the topology only some analyzers read: a region's properties (placeholders), a share.
  ['dubbo-topology.yaml', '    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties: { zookeeper.host: "zookeeper://139.159.250.7:2181" }\n'],
  ['dubbo-topology.yaml', 'clients: [api-2]', 'clients: [api-2, app-2]'],
  ['dubbo-topology.yaml', 'options: [rw, sync, no_root_squash]', 'options: [rw, async]'],
];

for (const journaled of [false, true])
test(`a cached run gives exactly the diagnostics of a fresh run, after any sequence of edits${journaled ? ' (a workspace that says what changed)' : ''}`, () => {
  const base = exampleFiles();
  const edit = fc.oneof(
    fc.tuple(fc.nat(EDITS.length - 1), fc.boolean()).map(([i, undo]) => ({ kind: 'known' as const, i, undo })),
    fc.tuple(fc.constantFrom(...Object.keys(base)), fc.nat(), fc.constantFrom(' ', '1', '.', ':', '{', '"', '\n', '<', '$')).map(([file, at, ch]) => ({ kind: 'char' as const, file, at, ch })),
  );
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (seq) => {
      const ws = journaled ? new JournaledWorkspace({ ...base }) : memoryWorkspace({ ...base });
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
        assert.deepEqual([...cached.examinedBy], [...fresh.examinedBy]);
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
  assert.deepEqual(cache.lastRun, { analyzed: 1, reused: total - 1, takenOver: [] });
  assert.deepEqual(key(second.diagnostics), key(first.diagnostics));

  // A properties value: the properties file and the XML of its service (a dependency).
  ws.contents.set(ORDER_PROPS, `${ws.contents.get(ORDER_PROPS)!}# note\n`);
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: 2, reused: total - 2, takenOver: [] });

  // Nothing changed: nothing analyzed.
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: 0, reused: total, takenOver: [] });

  // A comment and a rule's severity in the topology, moving every line after them: its meaning is the
  // same, so only the files whose findings point into the topology (related hosts, fixes there) are
  // judged again.
  const topology = ws.contents.get('dubbo-topology.yaml')!;
  ws.contents.set('dubbo-topology.yaml', topology.replace('version: 1\n', '# two regions\nversion: 1\n').replace('\nshares:', '\nrules:\n  nfs-async: off\nshares:'));
  const moved = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.ok(cache.lastRun.analyzed > 0 && cache.lastRun.analyzed < total, JSON.stringify(cache.lastRun));
  assert.equal(cache.lastRun.analyzed + cache.lastRun.reused, total);
  assert.deepEqual(key(moved.diagnostics), key(lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!.diagnostics));
  assert.ok(moved.diagnostics.some((d) => d.related?.some((r) => r.file === 'dubbo-topology.yaml')), 'some findings point into the topology');

  // A share's clients changed: the findings are those of a fresh run, and the nginx config, which
  // reads no share, keeps its cached findings (but those pointing into the topology).
  const before = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.equal(cache.lastRun.analyzed, 0);
  ws.contents.set('dubbo-topology.yaml', ws.contents.get('dubbo-topology.yaml')!.replace('clients: [api-2]', 'clients: [api-2, app-2]'));
  const shared = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.ok(cache.lastRun.analyzed > 0 && cache.lastRun.analyzed < total, JSON.stringify(cache.lastRun));
  assert.deepEqual(key(shared.diagnostics), key(lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!.diagnostics));
  const nginx = (r: typeof before) => r.diagnostics.filter((d) => d.file === 'nginx/nginx.conf');
  assert.ok(nginx(shared).length > 0);
  assert.ok(nginx(shared).every((d, i) => d === nginx(before)[i] || d.related?.some((r) => r.file === 'dubbo-topology.yaml')), 'the nginx findings are the cached ones');

  // An address in the topology changed: every file is judged again.
  ws.contents.set('dubbo-topology.yaml', ws.contents.get('dubbo-topology.yaml')!.replace('139.159.250.208', '139.159.250.209'));
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
  assert.deepEqual(cache.lastRun, { analyzed: total, reused: 0, takenOver: [] });
});

test('byFile: the diagnostics by file in their order, files without any left out; a file\'s list is the same array while its diagnostics are', () => {
  const ws = memoryWorkspace(exampleFiles());
  const cache = new LintCache();
  const flat = (r: { byFile: ReadonlyMap<string, Diagnostic[]> }) => [...r.byFile.values()].flat();
  const first = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.deepEqual(flat(first), first.diagnostics);
  for (const [file, list] of first.byFile) {
    assert.ok(list.length > 0, file);
    assert.ok(list.every((d) => d.file === file), file);
  }
  // A comment in the nginx config: every other file keeps its list.
  ws.contents.set('nginx/nginx.conf', ws.contents.get('nginx/nginx.conf')!.replace('#gzip on;', '#gzip  on;'));
  const second = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.deepEqual(flat(second), second.diagnostics);
  assert.deepEqual([...second.byFile.keys()], [...first.byFile.keys()]);
  for (const [file, list] of second.byFile) if (file !== 'nginx/nginx.conf') assert.equal(list, first.byFile.get(file), file);
  // The timeout changed: that file's list is new, and says so.
  ws.contents.set('nginx/nginx.conf', ws.contents.get('nginx/nginx.conf')!.replace('proxy_connect_timeout 500', 'proxy_connect_timeout 900'));
  const third = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
  assert.notEqual(third.byFile.get('nginx/nginx.conf'), second.byFile.get('nginx/nginx.conf'));
  assert.ok(third.byFile.get('nginx/nginx.conf')!.some((d) => /900/.test(d.message)));
  // Without a cache the same grouping.
  const fresh = lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!;
  assert.deepEqual(key(flat(fresh)), key(flat(third)));
});

test('in a workspace that says what changed, an analyzer none of whose files or dependencies changed has its part of the run taken over whole', () => {
  const ws = new JournaledWorkspace(exampleFiles());
  const cache = new LintCache();
  const fresh = () => lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!;
  const run = () => {
    const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
    const f = fresh();
    assert.deepEqual(key(r.diagnostics), key(f.diagnostics));
    assert.deepEqual([...r.examinedBy], [...f.examinedBy]);
    assert.deepEqual(r.files, f.files);
    return r;
  };
  const first = run();
  assert.deepEqual(cache.lastRun.takenOver, []);
  const total = cache.lastRun.analyzed;

  // A comment in the nginx config: the other analyzers' parts are taken over, their files reused.
  ws.contents.set('nginx/nginx.conf', ws.contents.get('nginx/nginx.conf')!.replace('#gzip on;', '#gzip  on;'));
  const second = run();
  assert.deepEqual(cache.lastRun.takenOver.sort(), ['dubbo', 'exports', 'properties', 'zookeeper']);
  assert.deepEqual([cache.lastRun.analyzed, cache.lastRun.reused], [1, total - 1]);
  // The same finding objects, so the report reuses their diagnostics.
  const xml = (r: typeof first) => r.diagnostics.filter((d) => d.file === API_XML);
  assert.ok(xml(second).length > 0 && xml(second).every((d, i) => d === xml(first)[i]));

  // A properties value: the properties file and the XML of its service are judged again; nginx's part is taken over.
  ws.contents.set(ORDER_PROPS, `${ws.contents.get(ORDER_PROPS)!}# note\n`);
  run();
  assert.deepEqual(cache.lastRun.takenOver.sort(), ['exports', 'nginx', 'zookeeper']);
  assert.equal(cache.lastRun.analyzed, 2);

  // A file that goes missing, then comes back: no part holding it is taken over.
  const exports = ws.contents.get('nfs/exports')!;
  ws.contents.delete('nfs/exports');
  run();
  ws.contents.set('nfs/exports', exports);
  run();

  // Nothing changed: every part is taken over, nothing analyzed.
  run();
  assert.deepEqual(cache.lastRun.takenOver.sort(), ['dubbo', 'exports', 'nginx', 'properties', 'zookeeper']);
  assert.deepEqual([cache.lastRun.analyzed, cache.lastRun.reused], [0, total]);

  // An address in the topology changed: every file is judged again.
  ws.contents.set('dubbo-topology.yaml', ws.contents.get('dubbo-topology.yaml')!.replace('139.159.250.208', '139.159.250.209'));
  run();
  assert.deepEqual(cache.lastRun, { analyzed: total, reused: 0, takenOver: [] });
});

test('a topology edit of the same meaning moves the findings that point into it and remakes their fixes there, without judging their files again or remaking what the analyses share', () => {
  const ws = new JournaledWorkspace(exampleFiles());
  const cache = new LintCache();
  // Each analyzer's file list and shared state, and the files each analyzes, as the run asks for them.
  const asked = { files: 0, shared: 0, analyzed: [] as string[] };
  const analyzers = defaultAnalyzers.map((a) => ({
    ...a,
    analyze: (...args: Parameters<typeof a.analyze>) => {
      asked.analyzed.push(`${a.name} ${args[0]}`);
      return a.analyze(...args);
    },
    files: (ctx: Parameters<typeof a.files>[0]) => {
      asked.files++;
      return a.files(ctx);
    },
    ...(a.sharedState
      ? {
          sharedState: (ctx: Parameters<NonNullable<typeof a.sharedState>>[0]) => {
            asked.shared++;
            return a.sharedState!(ctx);
          },
        }
      : {}),
  }));
  const fresh = () => lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!;
  const run = () => {
    asked.files = 0;
    asked.shared = 0;
    asked.analyzed = [];
    const r = lintWorkspace(ws, { analyzers, cache })!;
    assert.deepEqual(key(r.diagnostics), key(fresh().diagnostics));
    return r;
  };
  const first = run();
  const total = cache.lastRun.analyzed;
  assert.equal(asked.files, analyzers.length);
  const T = 'dubbo-topology.yaml';
  const related = first.diagnostics.filter((d) => d.related?.some((r) => r.file === T));
  const editing = first.diagnostics.filter((d) => d.fixes.some((f) => f.edits.some((e) => e.file === T)));
  assert.ok(related.length > 0, 'some findings point into the topology');
  assert.ok(editing.some((d) => d.file === API_XML || d.file === ORDER_XML), 'fixes in Dubbo files edit the topology');

  // Two comment lines at the top: every place in the topology moves two lines down, and the fixes that
  // edit it edit two lines further down. No file list or shared state is made, and no file is judged
  // again but the topology itself by the exports analysis, whose finding on a share's options points at
  // a place within a value (and its fix edits there, not as a service field or placeholder property is set).
  const topology = ws.contents.get(T)!;
  ws.contents.set(T, `# two regions\n# and their services\n${topology}`);
  const moved = run();
  assert.deepEqual(asked.analyzed, ['exports dubbo-topology.yaml']);
  assert.deepEqual([cache.lastRun.analyzed, cache.lastRun.reused], [1, total - 1]);
  assert.deepEqual([asked.files, asked.shared], [0, 0]);
  const same = (d: Diagnostic) => moved.diagnostics.find((x) => x.file === d.file && x.rule === d.rule && x.range.start.line === d.range.start.line && x.message === d.message)!;
  const placeIn = (d: Diagnostic) => d.related!.find((r) => r.file === T)!.range.start.line;
  assert.equal(placeIn(same(related[0])), placeIn(related[0]) + 2);
  const editIn = (d: Diagnostic) => d.fixes.flatMap((f) => f.edits).find((e) => e.file === T)!.range.start.line;
  assert.equal(editIn(same(editing[0])), editIn(editing[0]) + 2);

  // The lines of a host written in another order: the same meaning, but its places in another order,
  // so the files pointing into the topology are judged again.
  ws.contents.set(T, ws.contents.get(T)!.replace('        internal: 192.168.27.102\n        external: 139.159.250.8\n', '        external: 139.159.250.8\n        internal: 192.168.27.102\n'));
  run();
  assert.ok(cache.lastRun.analyzed > 0, JSON.stringify(cache.lastRun));

  // Another file changed with the topology: the file lists and shared states are made anew.
  ws.contents.set(T, `# a third comment\n${ws.contents.get(T)!}`);
  ws.contents.set(ORDER_PROPS, `${ws.contents.get(ORDER_PROPS)!}# note\n`);
  run();
  assert.equal(asked.files, analyzers.length);

  // The same topology text again: the lists made anew for it, and the same diagnostics.
  run();
  assert.deepEqual([cache.lastRun.analyzed, asked.files], [0, analyzers.length]);
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

/** A workspace whose unsaved buffers are read but not listed (an editor's new, unsaved file). */
class OverlayWorkspace extends MemoryWorkspace {
  readonly overlay: Map<string, string>;
  private readonly journal?: ChangeJournal;
  /** `journaled`: it keeps a change journal (`Workspace.changedSince`) of its files and buffers. */
  constructor(contents: Map<string, string>, journaled: boolean) {
    const journal = journaled ? new ChangeJournal() : undefined;
    super(journal ? new JournaledMap(journal, contents) : contents);
    this.journal = journal;
    this.overlay = journal ? new JournaledMap(journal) : new Map();
  }
  override read(file: string): string | undefined {
    return this.overlay.get(file) ?? super.read(file);
  }
  version(): number | undefined {
    return this.journal?.version();
  }
  changedSince(version: number): ReadonlySet<string> | undefined {
    return this.journal?.since(version);
  }
}

const EDGE = 'nginx/edge/nginx.conf';
const EDGE_UP = 'nginx/edge/snippets/up.conf';
const EDGE_SITE = 'nginx/edge/conf.d/a.conf';
const EDGE_MISSING = 'nginx/edge/snippets/more.conf';
const STRAY = 'nginx/other/extra.conf';

/** The example with a second gateway reading snippets and a glob, a stray fragment and a second registry to move to. */
function forestFiles(): Record<string, string> {
  const base = exampleFiles();
  const topology = base['dubbo-topology.yaml']
    .replace('        services: [api]\n', '        services: [api, edge]\n')
    .replace('        services: [order, driver]\n  east-2', '        services: [order, driver, registry2]\n  east-2')
    .replace('services:\n  gateway:', 'services:\n  edge:\n    kind: nginx\n    port: 80\n    config: [nginx/edge/nginx.conf]\n  registry2:\n    kind: zookeeper\n    port: 2181\n  gateway:');
  return {
    ...base,
    'dubbo-topology.yaml': topology,
    [EDGE]: 'events {}\nhttp {\n    include snippets/up.conf;\n    include conf.d/*.conf;\n    server {\n        listen 80;\n        location / { proxy_pass http://edge_up; }\n    }\n}\n',
    [EDGE_UP]: 'upstream edge_up {\n    server 172.16.8.102:8680;\n}\n',
    [EDGE_SITE]: 'server {\n    listen 8080;\n    location / { proxy_pass http://192.168.27.102:8680; }\n}\n',
    [STRAY]: 'upstream extra {\n    server 139.159.250.8:8680;\n}\n',
  };
}

/** Edits of includes, of included files, of registries (to a registry in the other region and back) and of the topology. */
const FOREST_EDITS: [file: string, from: string, to: string][] = [
  [EDGE, 'include snippets/up.conf;', 'include snippets/more.conf;'],
  [EDGE, 'include conf.d/*.conf;', 'include conf.d/a.conf;\n    include snippets/up.conf;'],
  [EDGE, 'events {}\nhttp {', 'server {'],
  [EDGE_UP, '172.16.8.102', '192.168.27.102'],
  [EDGE_UP, 'upstream edge_up', 'upstream edge_up2'],
  [EDGE_SITE, 'listen 8080;', 'listen 8080;\n    include ../nginx.conf;'],
  [STRAY, 'upstream extra {', 'http {\n    include ../edge/snippets/up.conf;\n    upstream extra {'],
  [ORDER_PROPS, 'zookeeper://192.168.27.101:2181', 'zookeeper://172.16.8.102:2181'],
  [API_PROPS, 'zookeeper://192.168.27.101:2181', 'zookeeper://192.168.27.102:2181'],
  [ORDER_XML, '<dubbo:registry address="${zookeeper.host}"/>', '<dubbo:registry address="${zookeeper.host}" register="false"/>'],
  [API_XML, '<dubbo:registry address="${zookeeper.host}" />', '<dubbo:registry address="zookeeper://192.168.27.102:2181" />'],
  ['dubbo-topology.yaml', 'registry: registry\n', 'registry: registry2\n'],
  ['dubbo-topology.yaml', 'services: [api, edge]', 'services: [api]'],
  ['dubbo-topology.yaml', 'config: [nginx/edge/nginx.conf]', 'config: [nginx/edge/conf.d/a.conf, nginx/edge/nginx.conf]'],
];

for (const journaled of [false, true])
test(`a cached run gives exactly the diagnostics of a fresh run: includes, unsaved new files, registries moving${journaled ? ' (a workspace that says what changed)' : ''}`, () => {
  const base = forestFiles();
  const files = Object.keys(base);
  const edit = fc.oneof(
    fc.tuple(fc.nat(FOREST_EDITS.length - 1), fc.boolean()).map(([i, undo]) => ({ kind: 'known' as const, i, undo })),
    fc.boolean().map((remove) => ({ kind: 'unsaved' as const, remove })),
    fc.tuple(fc.constantFrom(...files), fc.nat(), fc.constantFrom(' ', '1', '.', ';', '{', '}', '"', '\n', '*', '$')).map(([file, at, ch]) => ({ kind: 'char' as const, file, at, ch })),
  );
  const copy = (ws: OverlayWorkspace) => {
    const out = new OverlayWorkspace(new Map(ws.contents), false);
    for (const [f, t] of ws.overlay) out.overlay.set(f, t);
    return out;
  };
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (seq) => {
      const ws = new OverlayWorkspace(new Map(Object.entries(base)), journaled);
      const cache = new LintCache();
      lintWorkspace(ws, { analyzers: defaultAnalyzers, cache });
      for (const e of seq) {
        if (e.kind === 'known') {
          const [file, a, b] = FOREST_EDITS[e.i];
          const t = ws.contents.get(file)!;
          ws.contents.set(file, e.undo ? t.replace(b, a) : t.replace(a, b));
        } else if (e.kind === 'unsaved') {
          // The include of more.conf finds an unsaved buffer that the file list does not show.
          if (e.remove) ws.overlay.delete(EDGE_MISSING);
          else ws.overlay.set(EDGE_MISSING, 'upstream more {\n    server 139.159.250.9:8680;\n}\n');
        } else {
          const t = ws.contents.get(e.file)!;
          const at = e.at % (t.length + 1);
          ws.contents.set(e.file, t.slice(0, at) + e.ch + t.slice(at));
        }
        const cached = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
        const fresh = lintWorkspace(copy(ws), { analyzers: defaultAnalyzers })!;
        assert.deepEqual(key(cached.diagnostics), key(fresh.diagnostics));
      }
    }),
    params(0.02),
  );
});

for (const journaled of [false, true])
test(`a file created or deleted between runs on the same workspace: the cached run finds what a fresh run finds${journaled ? ' (a workspace that says what changed)' : ''}`, () => {
  const ws = journaled ? new JournaledWorkspace(exampleFiles()) : memoryWorkspace(exampleFiles());
  const cache = new LintCache();
  const check = (what: string) => {
    const cached = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
    const fresh = lintWorkspace(memoryWorkspace(Object.fromEntries(ws.contents)), { analyzers: defaultAnalyzers })!;
    assert.deepEqual(key(cached.diagnostics), key(fresh.diagnostics), what);
    assert.deepEqual(cached.files, fresh.files, what);
    return cached;
  };
  check('first run');
  // An nginx config no service lists, found by its folder.
  ws.contents.set('nginx/conf.d/extra.conf', 'server { listen 8081; bogus_directive on; }\n');
  assert.ok(check('stray config created').diagnostics.some((d) => d.file === 'nginx/conf.d/extra.conf'));
  ws.contents.delete('nginx/conf.d/extra.conf');
  check('stray config deleted');
  // A file the topology lists: named missing on the topology, and no longer once it is back.
  const props = ws.contents.get(ORDER_PROPS)!;
  ws.contents.delete(ORDER_PROPS);
  const missing = (r: ReturnType<typeof check>) => r.diagnostics.filter((d) => d.rule === 'file-skipped' && d.file === 'dubbo-topology.yaml' && d.message.includes(ORDER_PROPS));
  assert.equal(missing(check('listed file deleted')).length, 1);
  ws.contents.set(ORDER_PROPS, `${props}# back\n`);
  assert.equal(missing(check('listed file back')).length, 0);
  ws.contents.set(ORDER_PROPS, props);
  assert.equal(missing(check('listed file edited')).length, 0);
});

for (const journaled of [false, true])
test(`an include target no finding names is read once an unsaved buffer brings it: a stray config's, a stock file's${journaled ? ' (a workspace that says what changed)' : ''}`, () => {
  const STRAY_ROOT = 'nginx/extra/nginx.conf';
  const files = forestFiles();
  // A config no service lists (its missing include is not reported), and a stock file the listed
  // gateway includes (a workspace copy often leaves mime.types out: not reported either).
  files[STRAY_ROOT] = 'http {\n    include more.conf;\n}\n';
  files[EDGE] = files[EDGE].replace('http {\n', 'http {\n    include mime.types;\n');
  const ws = new OverlayWorkspace(new Map(Object.entries(files)), journaled);
  const cache = new LintCache();
  const check = (what: string, file: string) => {
    const cached = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache })!;
    const fresh = new OverlayWorkspace(new Map(ws.contents), false);
    for (const [f, t] of ws.overlay) fresh.overlay.set(f, t);
    const expected = lintWorkspace(fresh, { analyzers: defaultAnalyzers })!;
    assert.deepEqual(key(cached.diagnostics), key(expected.diagnostics), what);
    return cached.diagnostics.filter((d) => d.file === file).map((d) => d.rule);
  };
  const upstream = 'upstream more {\n    server 139.159.250.9:8680;\n}\n';
  assert.deepEqual(check('first run', 'nginx/extra/more.conf'), []);
  ws.overlay.set('nginx/extra/more.conf', upstream);
  assert.deepEqual(check("the stray config's include", 'nginx/extra/more.conf'), ['ip-unknown']);
  ws.overlay.set('nginx/edge/mime.types', upstream.replace('more', 'stock'));
  assert.ok(check("the gateway's stock file", 'nginx/edge/mime.types').length > 0);
  ws.overlay.delete('nginx/extra/more.conf');
  ws.overlay.delete('nginx/edge/mime.types');
  assert.deepEqual(check('both buffers closed', 'nginx/edge/mime.types'), []);
});
