import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { nodeCounts, workspaceGraph } from '../../../src/core/diagram/workspaceGraph';
import { createContext, lintWorkspace } from '../../../src/core/engine';
import { addressesOfHost, addressReferences, changeAddress, inlayHints, ownerRef, plainChange } from '../../../src/core/navigation';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { parseTopology } from '../../../src/core/topology/parse';
import { topologyOutline } from '../../../src/core/topology/references';
import type { Diagnostic } from '../../../src/core/types';
import { graphFromJson } from '../../../src/shared/diagramProtocol';
import { LintClient } from '../../../src/vscode/lintClient';
import type { FeatureRequest, ToWorker } from '../../../src/vscode/lintProtocol';
import { tempWorkspace } from '../support/context';

// The editor's lint worker (the compiled src/vscode/lintWorker.ts) driven by its client, as the
// workspace model drives it: unsaved buffers come and go, and each result must be what a fresh lint of
// the same texts gives, though only the buffers that changed cross to the worker.

const log = { info: () => {}, warn: (m: string) => assert.fail(m), error: (m: string) => assert.fail(m) } as unknown as vscode.LogOutputChannel;
const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) } as unknown as vscode.CancellationToken;
const key = (d: Diagnostic) => `${d.file}:${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.severity} ${d.message}`;

test('LintClient: each result equals a fresh lint of the same buffers; only the buffers changed since the last request are sent', async () => {
  const dir = tempWorkspace();
  const client = new LintClient(log, join(__dirname, '../../../src/vscode/lintWorker.js'));
  const sent: Extract<ToWorker, { type: 'lint' }>[] = [];
  // The client does not keep the process alive for its worker (the extension host is alive anyway).
  const alive = setInterval(() => {}, 1000);
  try {
    const nginx = 'nginx/nginx.conf';
    const xml = 'order/src/main/resources/applicationContext.xml';
    const disk = (f: string) => readFileSync(join(dir, f), 'utf8');
    const steps: [string, Map<string, string>][] = [
      ['no buffers', new Map()],
      ['the nginx config typed in', new Map([[nginx, disk(nginx).replace('proxy_connect_timeout', 'proxy_connect_timeout 900s; #')]])],
      ['an XML buffer opened beside it', new Map([[nginx, disk(nginx).replace('proxy_connect_timeout', 'proxy_connect_timeout 900s; #')], [xml, disk(xml).replace('<dubbo:', '<dubbo:bogus/><dubbo:')]])],
      ['the XML typed in again', new Map([[nginx, disk(nginx).replace('proxy_connect_timeout', 'proxy_connect_timeout 900s; #')], [xml, disk(xml).replace('<dubbo:', '<dubbo:bogus2/><dubbo:')]])],
      ['the nginx buffer closed', new Map([[xml, disk(xml).replace('<dubbo:', '<dubbo:bogus2/><dubbo:')]])],
      [
        'a buffer of a file not on disk, included by the nginx buffer',
        new Map([
          [xml, disk(xml).replace('<dubbo:', '<dubbo:bogus2/><dubbo:')],
          [nginx, disk(nginx).replace('proxy_connect_timeout 500;', 'include extra.conf;')],
          ['nginx/extra.conf', 'proxy_connect_timeout 900s;\n'],
        ]),
      ],
    ];
    let previous = new Map<string, string>();
    for (const [what, overlay] of steps) {
      const outcome = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay, locale: 'en', ruleOverrides: {}, warmUp: false, collectWhenIdle: false }, token);
      if (sent.length === 0) {
        // The worker starts with the first request; what is posted to it from here on is recorded.
        const w = (client as unknown as { worker: { postMessage(m: ToWorker): void } }).worker;
        const post = w.postMessage.bind(w);
        w.postMessage = (m: ToWorker) => {
          if (m.type === 'lint') sent.push(m);
          post(m);
        };
        sent.push({ type: 'lint', id: 0, root: dir, maxFileBytes: 0, overlay: [], overlayReset: true, locale: 'en', ruleOverrides: {}, warmUp: false, collectWhenIdle: false });
      }
      assert.equal(outcome.kind, 'done', what);
      const got = outcome.kind === 'done' ? outcome.result.diagnostics.map(key) : [];
      const freshRun = lintWorkspace(new NodeWorkspace(dir, overlay), { analyzers: defaultAnalyzers, locale: 'en' })!;
      assert.deepEqual(got, freshRun.diagnostics.map(key), what);
      // Which analyzer examines each file (what the editor's hovers go by), also when not sent again.
      const examined = outcome.kind === 'done' ? [...outcome.result.examinedBy].sort() : [];
      assert.deepEqual(examined, [...freshRun.examinedBy].sort(), `${what}: the analyzer of each file`);
      const message = sent[sent.length - 1];
      const expected = [...overlay].filter(([f, t]) => previous.get(f) !== t).map(([f]) => f);
      for (const f of previous.keys()) if (!overlay.has(f)) expected.push(f);
      if (sent.length > 1) {
        assert.equal(message.overlayReset, false, what);
        assert.deepEqual(message.overlay.map(([f]) => f).sort(), expected.sort(), `${what}: only what changed is sent`);
        for (const [f, t] of message.overlay) assert.equal(t, overlay.get(f) ?? null, `${what}: ${f}`);
      }
      previous = overlay;
    }
    assert.equal(sent.length, steps.length);
    // The texts found something in the steps that should have: a sanity check of the steps themselves.
    const last = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay: previous, locale: 'en', ruleOverrides: {}, warmUp: false, collectWhenIdle: false }, token);
    const rules = last.kind === 'done' ? last.result.diagnostics.map((d) => `${d.file} ${d.rule}`) : [];
    assert.ok(rules.includes('nginx/extra.conf nginx-proxy-connect-timeout'), rules.join('\n'));
    assert.ok(rules.includes(`${xml} dubbo-unknown-element`), rules.join('\n'));
    assert.deepEqual(sent[sent.length - 1].overlay, [], 'the same buffers again: nothing sent');
  } finally {
    clearInterval(alive);
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('LintClient: hovers, completion, Go to Definition, the tree\'s counts and the diagram graph answered by the worker equal those made in process', async () => {
  const dir = tempWorkspace();
  const client = new LintClient(log, join(__dirname, '../../../src/vscode/lintWorker.js'));
  const alive = setInterval(() => {}, 1000);
  try {
    const nginx = 'nginx/nginx.conf';
    const xml = 'order/src/main/resources/applicationContext.xml';
    const at = (text: string, needle: string, delta = 0) => {
      const offset = text.indexOf(needle);
      assert.ok(offset >= 0, needle);
      const before = text.slice(0, offset + delta).split('\n');
      return { line: before.length - 1, character: before[before.length - 1].length };
    };
    // Before any analysis the worker has no context to answer in.
    assert.equal(await client.graph(), undefined);
    assert.equal(await client.feature({ kind: 'hover', analyzer: 'nginx', file: nginx, text: '', position: { line: 0, character: 0 }, locale: 'en' }), undefined);
    for (const [what, overlay] of [
      ['the files on disk', new Map<string, string>()],
      ['an unsaved nginx buffer naming another backend', new Map([[nginx, readFileSync(join(dir, nginx), 'utf8').replace('192.168.27.101', '192.168.27.102')]])],
    ] as const) {
      // With the warm-up on: the answers below come while it runs, in the context of the last analysis all the same.
      const outcome = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay, locale: 'en', ruleOverrides: {}, warmUp: true, collectWhenIdle: false }, token);
      assert.equal(outcome.kind, 'done', what);
      const ws = new NodeWorkspace(dir, overlay);
      const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, locale: 'en' })!;
      const ctx = createContext(ws, r.topology);
      const nginxText = ws.read(nginx)!;
      const xmlText = ws.read(xml)!;
      const asks: Extract<FeatureRequest, { kind: 'hover' | 'complete' | 'definition' | 'references' }>[] = [
        { kind: 'hover', analyzer: 'nginx', file: nginx, text: nginxText, position: at(nginxText, 'server 192.168.27.10', 9), locale: 'en' },
        { kind: 'hover', analyzer: 'nginx', file: nginx, text: nginxText, position: at(nginxText, 'proxy_connect_timeout', 2), locale: 'zh-cn' },
        { kind: 'complete', analyzer: 'nginx', file: nginx, text: nginxText, position: at(nginxText, 'proxy_pass http://', 18), locale: 'en' },
        { kind: 'definition', analyzer: 'nginx', file: nginx, text: nginxText, position: at(nginxText, 'tomcatServer/', 3), locale: 'en' },
        { kind: 'hover', analyzer: 'dubbo', file: xml, text: xmlText, position: at(xmlText, 'address="', 10), locale: 'en' },
        { kind: 'complete', analyzer: 'dubbo', file: xml, text: xmlText, position: at(xmlText, '<dubbo:', 1), locale: 'en' },
        { kind: 'references', analyzer: 'dubbo', file: xml, text: xmlText, position: at(xmlText, '${zookeeper.host}', 4), locale: 'en' },
      ];
      for (const q of asks) {
        const a = defaultAnalyzers.find((x) => x.name === q.analyzer)!;
        const here =
          q.kind === 'hover'
            ? a.hover?.(q.file, q.text, q.position, ctx, q.locale)
            : q.kind === 'complete'
              ? (a.complete?.(q.file, q.text, q.position, ctx, q.locale) ?? [])
              : q.kind === 'references'
                ? a.references?.(q.file, q.text, q.position, ctx)
                : a.definition?.(q.file, q.text, q.position, ctx);
        const got = await client.feature(q);
        assert.ok(got, `${what}: ${q.kind} answered`);
        assert.deepEqual(got.value, here, `${what}: ${q.analyzer} ${q.kind} at ${q.position.line}:${q.position.character}`);
        // A test that compares nothing with nothing would pass whatever the worker did.
        assert.ok(Array.isArray(here) ? here.length > 0 : here !== undefined, `${what}: ${q.kind} finds something`);
      }
      // Rename of a placeholder key: the edits in the XML and the properties, or the refusal.
      for (const newName of ['registry.address', 'bad key']) {
        const q = { kind: 'rename', analyzer: 'dubbo', file: xml, text: xmlText, position: at(xmlText, '${zookeeper.host}', 4), newName, locale: 'en' } as const;
        const here = defaultAnalyzers.find((x) => x.name === 'dubbo')!.rename!(q.file, q.text, q.position, newName, ctx, 'en');
        assert.ok(here, `${what}: rename to ${newName}`);
        assert.deepEqual((await client.feature(q))?.value, here, `${what}: rename to ${newName}`);
      }
      // Inlay hints: a placeholder's value and each address's owners, for the whole file or a range.
      const hintAsks: Extract<FeatureRequest, { kind: 'hints' }>[] = [
        { kind: 'hints', analyzer: 'nginx', file: nginx, text: nginxText, locale: 'en', placeholders: true, addresses: true },
        { kind: 'hints', analyzer: 'dubbo', file: xml, text: xmlText, locale: 'zh-cn', placeholders: true, addresses: true },
        { kind: 'hints', analyzer: 'dubbo', file: xml, text: xmlText, locale: 'en', placeholders: true, addresses: false },
        // Up to the line of the nginx config's one address: no hint.
        { kind: 'hints', file: nginx, text: nginxText, locale: 'en', range: { start: { line: 0, character: 0 }, end: { line: at(nginxText, 'server 192.168.27.10').line, character: 0 } }, placeholders: false, addresses: true },
      ];
      const kinds = new Set<string>();
      for (const q of hintAsks) {
        const here = inlayHints(ctx, defaultAnalyzers.find((x) => x.name === q.analyzer), q.file, q.text, q.locale, q.range, q);
        const got = await client.feature(q);
        assert.deepEqual(got?.value, here, `${what}: hints of ${q.file} (${q.locale}, placeholders ${q.placeholders}, addresses ${q.addresses})`);
        assert.equal(here.length > 0, !q.range, `${what}: hints of ${q.file} found, but for the range before its address`);
        for (const h of here) kinds.add('owners' in h ? 'address' : 'placeholder');
      }
      assert.deepEqual([...kinds].sort(), ['address', 'placeholder'], `${what}: both kinds of hints compared`);
      // Find All References and Rename of an address: the places and edits made from the worker's texts.
      const api1 = addressesOfHost(r.topology.hostById.get('api-1')!);
      const refs = await client.feature({ kind: 'addressRefs', owners: api1.map(ownerRef) });
      const refsHere = addressReferences(ctx, r.files, api1);
      assert.deepEqual(refs?.value, refsHere, `${what}: references`);
      assert.ok(new Set(refsHere.map((x) => x.file)).size >= 3, `${what}: references in several files`);
      for (const [owner, newText] of [[api1[0], '192.168.27.111'], [api1[1], '139.159.250.207'], [api1[0], 'not-an-ip']] as const) {
        const change = await client.feature({ kind: 'changeAddress', owner: ownerRef(owner), newText });
        assert.deepEqual(change?.value, plainChange(changeAddress(ctx, r.files, owner, newText)), `${what}: ${owner.role} address to ${newText}`);
      }
      // An address the worker's topology does not have as named: no answer, the editor works it out itself.
      assert.deepEqual(await client.feature({ kind: 'addressRefs', owners: [{ ...ownerRef(api1[0]), address: '10.9.9.9' }] }), { value: undefined });
      // The topology's outline, links and ids: of the text the analysis read, and of an editor's text
      // that has moved on (a host renamed), which the worker parses itself.
      const topologyText = ws.read('dubbo-topology.yaml')!;
      const edited = topologyText.replaceAll('api-2', 'api-dr');
      assert.notEqual(edited, topologyText);
      for (const text of [topologyText, edited, topologyText]) {
        const outline = await client.feature({ kind: 'outline', file: 'dubbo-topology.yaml', text });
        const here = topologyOutline(parseTopology('dubbo-topology.yaml', text).topology);
        assert.deepEqual(outline?.value, here, `${what}: outline`);
        assert.equal(here.refs.some((x) => x.definition && x.id === 'api-dr'), text === edited, `${what}: the outline read the text sent`);
        assert.ok(here.symbols.length > 0 && here.links.length > 0, `${what}: outline and links found`);
      }
      // The tree's counts: the diagram graph's node counts, as made in process from the same analysis.
      const counts = await client.counts();
      const expected = nodeCounts(workspaceGraph(r.topology, r.diagnostics, ctx));
      assert.deepEqual(counts?.value, expected, `${what}: counts`);
      assert.ok(expected.some(([, c]) => c.error + c.warning > 0), `${what}: some node has problems`);
      // The diagram's graph, as JSON bytes: the same graph, observed edges and imports included.
      const json = (await client.graph())?.value;
      assert.ok(json instanceof Uint8Array, `${what}: graph bytes`);
      const graph = workspaceGraph(r.topology, r.diagnostics, ctx);
      assert.deepEqual(graphFromJson(new TextDecoder().decode(json)), JSON.parse(JSON.stringify(graph)), `${what}: graph`);
      assert.ok(graph.edges.some((e) => e.unreachable), `${what}: the graph has red edges`);
      if (what.startsWith('an unsaved')) {
        const h = await client.feature(asks[0] as FeatureRequest & { kind: 'hover' });
        // 192.168.27.102 is app-1's (on disk the backend is api-1's 192.168.27.101).
        assert.match(h!.value!.markdown, /\*\*app-1\*\*/);
      }
    }
  } finally {
    clearInterval(alive);
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
  // After dispose the worker answers nothing, and the caller answers in process.
  assert.equal(await client.counts(), undefined);
  assert.equal(await client.graph(), undefined);
  assert.equal(await client.feature({ kind: 'hover', analyzer: 'nginx', file: 'nginx/nginx.conf', text: '', position: { line: 0, character: 0 }, locale: 'en' }), undefined);
});

/** Runs `use` with a client of the compiled worker and a copy of the example workspace, both gone afterwards. */
async function withWorkerClient(use: (client: LintClient, dir: string) => Promise<void>): Promise<void> {
  const dir = tempWorkspace();
  const client = new LintClient(log, join(__dirname, '../../../src/vscode/lintWorker.js'));
  // The client does not keep the process alive for its worker.
  const alive = setInterval(() => {}, 1000);
  try {
    await use(client, dir);
  } finally {
    clearInterval(alive);
    client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('LintClient: once idle after an analysis the worker collects its young generation and warms up on its sample, giving way to lint requests, whose results stay those of a fresh lint', () =>
  withWorkerClient(async (client, dir) => {
    const nginx = 'nginx/nginx.conf';
    const disk = readFileSync(join(dir, nginx), 'utf8');
    const lintAs = async (overlay: Map<string, string>, what: string) => {
      const outcome = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay, locale: 'en', ruleOverrides: {}, warmUp: true, collectWhenIdle: true }, token);
      assert.equal(outcome.kind, 'done', what);
      const fresh = lintWorkspace(new NodeWorkspace(dir, overlay), { analyzers: defaultAnalyzers, locale: 'en' })!;
      assert.deepEqual(outcome.kind === 'done' ? outcome.result.diagnostics.map(key) : [], fresh.diagnostics.map(key), what);
    };
    await lintAs(new Map(), 'the first analysis');
    // Keystrokes while it warms up: some come back to back, some after a pause long enough for it to begin.
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 2) await new Promise((r) => setTimeout(r, 80));
      await lintAs(new Map([[nginx, disk.replace('proxy_connect_timeout 500', `proxy_connect_timeout ${500 + i}`)]]), `keystroke ${i}`);
    }
    const done = await Promise.race([client.warmedUp(), new Promise<undefined>((r) => setTimeout(r, 30_000))]);
    assert.ok(done, 'the warm-up ends');
    // The sample analyzed once, then after each of its keystrokes.
    assert.equal(done.analyses, 41);
    assert.ok(done.ms > 0);
    await lintAs(new Map([[nginx, disk.replace('weight=10', 'weight=9')]]), 'after the warm-up');
  }));

test('LintClient: once idle after an analysis the worker collects its young generation once, not again before another analysis, and not with the setting off', () =>
  withWorkerClient(async (client, dir) => {
    const ask = (collectWhenIdle: boolean) =>
      client.lint({ root: dir, maxFileBytes: 8 << 20, overlay: new Map(), locale: 'en', ruleOverrides: {}, warmUp: false, collectWhenIdle }, token);
    // It waits 50 ms idle before it collects.
    const idle = () => new Promise((r) => setTimeout(r, 300));
    assert.equal((await ask(true)).kind, 'done');
    await idle();
    assert.equal(client.idleCollections.count, 1);
    assert.ok(client.idleCollections.ms > 0);
    await idle();
    assert.equal(client.idleCollections.count, 1, 'nothing new to collect');
    assert.equal((await ask(true)).kind, 'done');
    await idle();
    assert.equal(client.idleCollections.count, 2);
    assert.equal((await ask(false)).kind, 'done');
    await idle();
    assert.equal(client.idleCollections.count, 2, 'off');
  }));

test('LintClient: with a file in focus the worker also warms up on it once idle, the first file of each kind; results and answers stay those of the files as the editor has them', () =>
  withWorkerClient(async (client, dir) => {
    const nginx = 'nginx/nginx.conf';
    const xml = 'order/src/main/resources/applicationContext.xml';
    const otherXml = 'api/src/main/resources/applicationContext.xml';
    const disk = readFileSync(join(dir, nginx), 'utf8');
    const lintAs = async (overlay: Map<string, string>, focus: string, what: string) => {
      const outcome = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay, locale: 'en', ruleOverrides: {}, warmUp: true, collectWhenIdle: true, focus }, token);
      assert.equal(outcome.kind, 'done', what);
      const fresh = lintWorkspace(new NodeWorkspace(dir, overlay), { analyzers: defaultAnalyzers, locale: 'en' })!;
      assert.deepEqual(outcome.kind === 'done' ? outcome.result.diagnostics.map(key) : [], fresh.diagnostics.map(key), what);
    };
    const within = <T>(p: Promise<T>, ms: number) => Promise.race([p, new Promise<undefined>((r) => setTimeout(r, ms))]);
    let onNginx = false;
    void client.warmedUp(nginx).then(() => (onNginx = true));
    await lintAs(new Map(), nginx, 'the first analysis');
    assert.ok(await within(client.warmedUp(), 30_000), 'the sample first');
    // Then the config in focus: a keystroke of the user's and a hover come while it types into it.
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(onNginx, false, 'not done yet');
    const typed = new Map([[nginx, disk.replace('proxy_connect_timeout 500', 'proxy_connect_timeout 501')]]);
    await lintAs(typed, nginx, 'a keystroke while it warms up on the config');
    await new Promise((r) => setTimeout(r, 70));
    const text = typed.get(nginx)!;
    const offset = text.indexOf('server 192.168.27.10') + 9;
    const lines = text.slice(0, offset).split('\n');
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    const hover = await client.feature({ kind: 'hover', analyzer: 'nginx', file: nginx, text, position, locale: 'en' });
    const ws = new NodeWorkspace(dir, typed);
    const here = defaultAnalyzers.find((a) => a.name === 'nginx')!.hover?.(nginx, text, position, createContext(ws, lintWorkspace(ws, { analyzers: defaultAnalyzers })!.topology), 'en');
    assert.ok(here, 'the example has a hover there');
    assert.deepEqual(hover?.value, here);
    const done = await within(client.warmedUp(nginx), 30_000);
    assert.ok(done, 'the warm-up on the config ends');
    // Its keystrokes, then the file's own text again.
    assert.ok(done.analyses >= 2 && done.analyses <= 21, String(done.analyses));
    await lintAs(typed, nginx, 'after it');
    // A Dubbo XML comes in focus between analyses: the first of its kind, warmed up on too; a second one is not.
    client.focus(xml);
    assert.ok(await within(client.warmedUp(xml), 30_000), 'the warm-up on the XML ends');
    await lintAs(typed, nginx, 'after it');
    client.focus(otherXml);
    await lintAs(typed, otherXml, 'another XML in focus');
    assert.equal(await within(client.warmedUp(otherXml), 1500), undefined);
    await lintAs(typed, otherXml, 'at the end');
  }));

test('LintClient: a request with the warm-up off stops one under way, for good', () =>
  withWorkerClient(async (client, dir) => {
    const ask = (warmUp: boolean) => client.lint({ root: dir, maxFileBytes: 8 << 20, overlay: new Map(), locale: 'en', ruleOverrides: {}, warmUp, collectWhenIdle: false }, token);
    assert.equal((await ask(true)).kind, 'done');
    // Idle long enough for it to begin (it waits 50 ms), not to end (it takes some hundred milliseconds).
    await new Promise((r) => setTimeout(r, 70));
    assert.equal((await ask(false)).kind, 'done');
    const outcome = await Promise.race([client.warmedUp().then(() => 'warmed up'), new Promise((r) => setTimeout(() => r('still not'), 3000))]);
    assert.equal(outcome, 'still not');
  }));

test('LintClient: a file analyzed again that reports what it reported before keeps its diagnostic objects (not sent again)', () =>
  withWorkerClient(async (client, dir) => {
    const nginx = 'nginx/nginx.conf';
    const disk = readFileSync(join(dir, nginx), 'utf8');
    const lintAs = async (overlay: Map<string, string>) => {
      const outcome = await client.lint({ root: dir, maxFileBytes: 8 << 20, overlay, locale: 'en', ruleOverrides: {}, warmUp: false, collectWhenIdle: false }, token);
      assert.equal(outcome.kind, 'done');
      const fresh = lintWorkspace(new NodeWorkspace(dir, overlay), { analyzers: defaultAnalyzers, locale: 'en' })!;
      const got = outcome.kind === 'done' ? outcome.result.diagnostics : [];
      assert.deepEqual(got.map(key), fresh.diagnostics.map(key));
      return got.filter((d) => d.file === nginx);
    };
    const first = await lintAs(new Map());
    assert.ok(first.length > 0, 'the example config has findings');
    // A comment changed, of the same length: the file is analyzed again and reports the same.
    const same = await lintAs(new Map([[nginx, disk.replace('#gzip on;', '#gzip no;')]]));
    assert.equal(same.length, first.length);
    same.forEach((d, i) => assert.equal(d, first[i], `${d.rule} kept`));
    // The timeout changed: its finding says another value, and the file's diagnostics come anew.
    const other = await lintAs(new Map([[nginx, disk.replace('#gzip on;', '#gzip no;').replace('proxy_connect_timeout 500', 'proxy_connect_timeout 900')]]));
    const timeout = other.find((d) => d.rule === 'nginx-proxy-connect-timeout');
    assert.match(timeout?.message ?? '', /900/);
    assert.notEqual(timeout, same.find((d) => d.rule === 'nginx-proxy-connect-timeout'));
  }));
