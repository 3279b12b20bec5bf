import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { LintCache, lintWorkspace } from '../../../src/core/engine';
import { parseNginxCached } from '../../../src/core/nginx/tree';
import { metas as topologyMetas } from '../../../src/core/rules/topology/index';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { FileWarmUp, keystroke, warmUpSample, WarmUp } from '../../../src/core/warmUp';
import { tempWorkspace } from '../support/context';

const never = { isCancellationRequested: false };

function sampleWorkspace() {
  const files = warmUpSample();
  return { root: '/sample', read: (f: string) => files.get(f), files: () => [...files.keys()].sort() };
}

test('warm-up sample: every file is examined, by the nginx, Dubbo, properties and exports analyzers, with findings of their rules and none of the topology\'s own', () => {
  const ws = sampleWorkspace();
  const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, locale: 'en' })!;
  assert.ok(r, 'the sample has a topology');
  for (const f of ws.files()) if (f !== 'dubbo-topology.yaml') assert.ok(r.examinedBy.has(f), `${f} is examined`);
  assert.deepEqual([...new Set(r.examinedBy.values())].sort(), ['dubbo', 'exports', 'nginx', 'properties']);
  const rules = new Set(r.diagnostics.map((d) => d.rule));
  for (const rule of ['nginx-proxy-connect-timeout', 'nginx-upstream-plaintext-public', 'dubbo-registers-internal-ip', 'dubbo-registry-plaintext-public', 'nfs-no-root-squash', 'nfs-space-before-options']) {
    assert.ok(rules.has(rule), `${rule} among ${[...rules].join(', ')}`);
  }
  // A finding of the topology's own rules would mean the sample itself is wrong, not the files it is there to exercise.
  const own = new Set(topologyMetas.map((m) => m.id));
  assert.deepEqual(r.diagnostics.filter((d) => own.has(d.rule)).map((d) => d.rule), []);
});

test('warm-up: the sample analyzed once, then after each keystroke; done stays done', async () => {
  const w = new WarmUp(6);
  assert.equal(w.done, false);
  assert.equal(await w.run(never), true);
  assert.equal(w.completed, 7);
  assert.equal(w.done, true);
  assert.equal(await w.run(never), true);
  assert.equal(w.completed, 7);
});

test('warm-up: stopped by its token it goes on where it stopped', async () => {
  const w = new WarmUp(8);
  const stopAfterThree = {
    get isCancellationRequested() {
      return w.completed >= 3;
    },
  };
  assert.equal(await w.run(stopAfterThree), false);
  assert.equal(w.completed, 3);
  // Stopped in the middle of an analysis: nothing is counted for it.
  let asked = 0;
  const midway = {
    get isCancellationRequested() {
      return ++asked > 2;
    },
  };
  assert.equal(await w.run(midway, 0), false);
  assert.equal(w.completed, 3);
  assert.equal(await w.run(never), true);
  assert.equal(w.completed, 9);
});

test('warm-up: leaves the analysis of a workspace as it was, its cached findings and parses included', async () => {
  const dir = tempWorkspace();
  try {
    const ws = new NodeWorkspace(dir);
    const cache = new LintCache();
    const before = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache, locale: 'en' })!;
    const nginx = 'nginx/nginx.conf';
    const parsed = parseNginxCached(nginx, ws.read(nginx)!);
    assert.equal(await new WarmUp(10).run(never), true);
    const after = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache, locale: 'en' })!;
    assert.deepEqual(after.diagnostics, before.diagnostics);
    assert.equal(cache.lastRun.analyzed, 0, 'every finding reused');
    assert.equal(parseNginxCached(nginx, ws.read(nginx)!), parsed, 'the parse of the workspace file kept');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('warm-up keystrokes: a digit typed over, or a stray character deleted again the next time', () => {
  const text = 'listen 8080;\nserver_name a.example;\n';
  let n = 0;
  const seq = (xs: number[]) => () => xs[n++ % xs.length];
  // At 0.5 of the text, no stray (0.9 ≥ 0.2): the next digit after it is typed over.
  const digit = keystroke(text, seq([0.0, 0.9]), undefined);
  assert.equal(digit.text, 'listen 9080;\nserver_name a.example;\n');
  assert.equal(digit.stray, undefined);
  n = 0;
  const stray = keystroke(text, seq([0.5, 0.1, 0.3]), undefined);
  assert.equal(stray.text.length, text.length + 1);
  assert.equal(stray.stray, Math.floor(0.5 * text.length));
  assert.equal(stray.text[stray.stray!], ';');
  assert.deepEqual(keystroke(stray.text, seq([0.7]), stray.stray), { text, stray: undefined });
});

const NGINX = 'nginx/nginx.conf';
const key = (d: { file: string; range: { start: { line: number; character: number } }; rule: string; message: string }) =>
  `${d.file}:${d.range.start.line}:${d.range.start.character} ${d.rule} ${d.message}`;

/** The example workspace analyzed once with a cache, as the editor's worker holds it. */
function editorWorkspace() {
  const dir = tempWorkspace();
  const ws = new NodeWorkspace(dir);
  const cache = new LintCache();
  lintWorkspace(ws, { analyzers: defaultAnalyzers, cache, locale: 'en' });
  /** What a fresh analysis of the folder with these unsaved buffers finds. */
  const fresh = (buffers = new Map<string, string>()) => lintWorkspace(new NodeWorkspace(dir, buffers), { analyzers: defaultAnalyzers, locale: 'en' })!.diagnostics.map(key);
  const again = () => lintWorkspace(ws, { analyzers: defaultAnalyzers, cache, locale: 'en' })!.diagnostics.map(key);
  return { dir, ws, cache, fresh, again, disk: ws.read(NGINX)! };
}

test('file warm-up: keystrokes typed into the file, each analyzed, then its text put back and the workspace analyzed again as it was', async () => {
  const e = editorWorkspace();
  try {
    const analyzedTexts: string[] = [];
    const versionBefore = e.ws.version();
    const w = new FileWarmUp(e.ws, NGINX, 5);
    const done = await w.run({
      analyzers: defaultAnalyzers,
      cache: e.cache,
      locale: 'en',
      onProgress: (p) => {
        if (p.file === NGINX) analyzedTexts.push(e.ws.read(NGINX)!);
      },
    });
    assert.equal(done, true);
    assert.equal(w.done, true);
    assert.equal(w.completed, 5);
    // Five typed texts, each one keystroke from the one before, then the file's own text again.
    assert.equal(analyzedTexts.length, 6);
    [e.disk, ...analyzedTexts.slice(0, 5)].forEach((t, i, all) => {
      if (i > 0) assert.ok(Math.abs(t.length - all[i - 1].length) <= 1 && t !== all[i - 1], `keystroke ${i}`);
    });
    assert.equal(analyzedTexts[5], e.disk);
    assert.equal(e.ws.version() - versionBefore, 6, 'five buffers typed, one put back');
    // No buffer is left behind, and the cache answers as a fresh analysis does.
    assert.equal(e.ws.bufferOf(NGINX), undefined);
    assert.equal(e.ws.read(NGINX), e.disk);
    assert.deepEqual(e.again(), e.fresh());
    assert.equal(e.cache.lastRun.analyzed, 0, 'the last analysis of the warm-up was of the file as it is');
    assert.equal(await w.run({ analyzers: defaultAnalyzers, cache: e.cache }), true, 'done stays done');
  } finally {
    rmSync(e.dir, { recursive: true, force: true });
  }
});

test('file warm-up: stop puts the file text back at once; run again types on from the text the file has then', async () => {
  const e = editorWorkspace();
  try {
    const w = new FileWarmUp(e.ws, NGINX, 6);
    const opts = { analyzers: defaultAnalyzers, cache: e.cache, locale: 'en' };
    const running = w.run(opts, 0);
    // The first keystroke is typed before the first slice of its analysis.
    assert.notEqual(e.ws.read(NGINX), e.disk);
    await new Promise((r) => setImmediate(r));
    w.stop();
    assert.equal(e.ws.read(NGINX), e.disk);
    assert.equal(e.ws.bufferOf(NGINX), undefined);
    assert.equal(await running, false);
    assert.equal(e.ws.read(NGINX), e.disk, 'the stopped run leaves the text alone');
    // The user types meanwhile: the warm-up goes on from that text and puts that text back.
    const typed = e.disk.replace('proxy_connect_timeout 500', 'proxy_connect_timeout 50');
    e.ws.updateOverlay([[NGINX, typed]]);
    assert.equal(await w.run(opts), true);
    assert.equal(e.ws.bufferOf(NGINX), typed);
    assert.deepEqual(e.again(), e.fresh(new Map([[NGINX, typed]])));
  } finally {
    rmSync(e.dir, { recursive: true, force: true });
  }
});

test('file warm-up: a keystroke that has more files analyzed again than it allows ends the typing', async () => {
  const e = editorWorkspace();
  try {
    const w = new FileWarmUp(e.ws, NGINX, 10, 0);
    assert.equal(await w.run({ analyzers: defaultAnalyzers, cache: e.cache, locale: 'en' }), true);
    assert.equal(w.completed, 1);
    assert.equal(e.ws.bufferOf(NGINX), undefined);
    assert.deepEqual(e.again(), e.fresh());
  } finally {
    rmSync(e.dir, { recursive: true, force: true });
  }
});
