import { parentPort } from 'node:worker_threads';
import { defaultAnalyzers } from '../core/analyzers';
import type { AnalyzerContext } from '../core/analyzer';
import type { DiagramGraph } from '../core/diagram/graph';
import { nodeCounts, workspaceGraph } from '../core/diagram/workspaceGraph';
import { createContext, LintCache, lintWorkspaceAsync } from '../core/engine';
import { addressReferences, changeAddress, inlayHints, ownersByRef, plainChange } from '../core/navigation';
import { NodeWorkspace } from '../core/nodeWorkspace';
import { parseTopology } from '../core/topology/parse';
import { topologyOutline, type TopologyOutline } from '../core/topology/references';
import type { Topology } from '../core/topology/model';
import { sameDiagnostics } from '../core/sameDiagnostics';
import type { Diagnostic, SeveritySetting } from '../core/types';
import { FileWarmUp, WarmUp } from '../core/warmUp';
import { youngCollector } from './youngCollector';
import { graphToJson } from '../shared/diagramProtocol';
import type { FeatureAnswers, FeatureRequest, FromWorker, ToWorker } from './lintProtocol';

/**
 * The lint worker: runs the analysis on its own thread so the extension host never waits for it.
 * It keeps the disk workspace (reads cached, forgotten on `invalidate`) and the lint cache across
 * runs; a new `lint` request cancels the one in progress. It also answers hovers, completion and Go to
 * Definition (`feature` requests) in the context of its last completed analysis, between the slices
 * of a running one. Once idle after an analysis it warms the analysis up on a built-in sample (see
 * `WarmUp`), giving way to every lint request.
 */

const port = parentPort;
if (!port) throw new Error('lintWorker must run in a worker thread');

let ws: NodeWorkspace | undefined;
let wsKey = '';
const cache = new LintCache();
let running: { id: number; cancelled: boolean } | undefined;
let lastTopology: Topology | undefined;
/** As last sent (undefined: nothing sent for this root yet). */
let lastExaminedBy: Map<string, string> | undefined;
let lastByFile: ReadonlyMap<string, Diagnostic[]> = new Map();
/**
 * The context of the last completed analysis, which hovers, completion and Go to Definition are
 * answered in (on this thread: the nginx include forest they need is built here, not on the
 * extension host).
 */
let featureContext: AnalyzerContext | undefined;
/** The files the last completed analysis examined (where references and address changes look), as last sent. */
let lastFiles: readonly string[] = [];
/** The files with diagnostics of the last result, in report order, as last sent (undefined: none sent for this root yet). */
let lastOrder: readonly string[] | undefined;
/** The findings of the last completed analysis (the diagram's counts are made of them). */
let lastDiagnostics: Diagnostic[] = [];
/** The diagram graph of the last analysis (the tree's counts and the diagram), made once when first asked for. */
let graphMemo: { ctx: AnalyzerContext; graph: DiagramGraph } | undefined;
/** The unsaved buffers, kept up to date by each request's changes. */
let overlay = new Map<string, string>();

const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);

/**
 * Idle work: it begins once the worker has been idle this long after an analysis (the editor waits
 * longer than this after a keystroke before asking for one). First a collection of the young
 * generation (see `youngCollector`), then the warm-up on the built-in sample until done, then on the
 * file in focus (`FileWarmUp`: once per analyzer, for the first file of its kind in focus). It stops
 * within a slice of a few milliseconds when any request comes (the file's text is put back at once),
 * and goes on once idle again.
 */
const IDLE_MS = 50;
let idleTimer: ReturnType<typeof setTimeout> | undefined;
let warm: WarmUp | undefined = new WarmUp();
let warmEnabled = false;
let warmRun: { isCancellationRequested: boolean } | undefined;
/** The time the warm-up's runs have taken so far (from each start to its end or its stop). */
let warmMs = 0;
let collectEnabled = false;
/** The collector, once asked for (null: not yet; undefined: not available here). */
let collector: (() => number) | undefined | null = null;
/** Whether an analysis ran since the last collection. */
let garbage = false;
/** The warm-up on the file in focus under way, the analyzer that examines it, and its time so far. */
let fileWarm: { warm: FileWarmUp; analyzer: string; ms: number } | undefined;
/** The analyzers whose files have been warmed up on. */
const warmedAnalyzers = new Set<string>();
/** The settings of the last lint request (a warm-up on a file analyzes with them). */
let lastSettings: { locale: string; ruleOverrides: Record<string, SeveritySetting> } = { locale: 'en', ruleOverrides: {} };

/** The file in the editor's focus: the first file of each kind the last analysis examined is warmed up on, once idle (see FileWarmUp). */
function focusOn(file: string): void {
  const analyzer = lastExaminedBy?.get(file);
  if (!ws || !warmEnabled || analyzer === undefined || warmedAnalyzers.has(analyzer) || fileWarm?.warm.file === file) return;
  fileWarm?.warm.stop();
  fileWarm = { warm: new FileWarmUp(ws, file), analyzer, ms: 0 };
}

function pauseIdleWork(): void {
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = undefined;
  if (warmRun) warmRun.isCancellationRequested = true;
  warmRun = undefined;
  fileWarm?.warm.stop();
}

function idleWorkWhenIdle(): void {
  if (running || !((warm && warmEnabled) || (fileWarm && warmEnabled) || (collectEnabled && garbage))) return;
  if (idleTimer !== undefined) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void idleWork(), IDLE_MS);
}

async function idleWork(): Promise<void> {
  idleTimer = undefined;
  if (running) return;
  collectNow();
  if (!warmEnabled) return;
  if (warm) {
    if (!(await warmUpNow())) return;
    collectNow();
  }
  if (fileWarm && !running && (await warmUpOnFile())) collectNow();
}

/** Runs the warm-up on the file in focus on until done or stopped; true when it finished in this run. */
async function warmUpOnFile(): Promise<boolean> {
  const f = fileWarm;
  if (!f) return false;
  const started = performance.now();
  const done = await f.warm.run({ ...lastSettings, analyzers: defaultAnalyzers, cache });
  f.ms += performance.now() - started;
  if (!done || fileWarm !== f) return false;
  fileWarm = undefined;
  warmedAnalyzers.add(f.analyzer);
  garbage = true;
  post({ type: 'warm', analyses: f.warm.completed + 1, ms: Math.round(f.ms), file: f.warm.file });
  return true;
}

function collectNow(): void {
  if (!collectEnabled || !garbage) return;
  if (collector === null) collector = youngCollector();
  if (!collector) return;
  garbage = false;
  post({ type: 'collected', ms: collector() });
}

/** Runs the warm-up on until done or stopped; true when it finished in this run. */
async function warmUpNow(): Promise<boolean> {
  const w = warm;
  if (!w || running) return false;
  const token = { isCancellationRequested: false };
  warmRun = token;
  const started = performance.now();
  const done = await w.run(token);
  warmMs += performance.now() - started;
  if (warmRun === token) warmRun = undefined;
  if (!done || warm !== w) return false;
  warm = undefined;
  garbage = true;
  post({ type: 'warm', analyses: w.completed, ms: Math.round(warmMs) });
  return true;
}

async function lint(m: Extract<ToWorker, { type: 'lint' }>): Promise<void> {
  pauseIdleWork();
  warmEnabled = m.warmUp;
  collectEnabled = m.collectWhenIdle;
  if (running) running.cancelled = true;
  const run = { id: m.id, cancelled: false };
  running = run;
  garbage = true;
  const key = `${m.root}\u0000${m.maxFileBytes}`;
  if (m.overlayReset) overlay = new Map();
  for (const [f, text] of m.overlay) {
    if (text === null) overlay.delete(f);
    else overlay.set(f, text);
  }
  if (!ws || wsKey !== key) {
    ws = new NodeWorkspace(m.root, overlay, m.maxFileBytes);
    wsKey = key;
    cache.clear();
    lastTopology = undefined;
    featureContext = undefined;
    graphMemo = undefined;
    lastExaminedBy = undefined;
    lastByFile = new Map();
    lastFiles = [];
    lastOrder = undefined;
    fileWarm = undefined;
    warmedAnalyzers.clear();
  } else if (m.overlayReset) ws.setOverlay(overlay);
  else ws.updateOverlay(m.overlay);
  const started = Date.now();
  let lastProgress = 0;
  const errors: string[] = [];
  const result = await lintWorkspaceAsync(ws, {
    locale: m.locale,
    ruleOverrides: m.ruleOverrides,
    analyzers: defaultAnalyzers,
    cache,
    token: { get isCancellationRequested() { return run.cancelled; } },
    sliceMs: 10,
    onProgress: (p) => {
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      post({ type: 'progress', id: m.id, done: p.done, total: p.total, file: p.file });
    },
    onAnalyzerError: (a, f, e) => errors.push(`${a} failed on ${f}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
  });
  if (running === run) running = undefined;
  if (run.cancelled) {
    post({ type: 'cancelled', id: m.id });
    return;
  }
  // Only what changed crosses the thread boundary: the engine hands back the same list for a file
  // whose findings were reused, and a file analyzed again often reports what it reported before (a
  // keystroke elsewhere in it), which the client already holds: its old objects stand for it. (One
  // nginx finding can carry a fix and a related place per proxy_pass: ~40 KB to copy.)
  const byFile: ReadonlyMap<string, Diagnostic[]> = result?.byFile ?? new Map();
  const changed: [string, Diagnostic[]][] = [];
  for (const [file, list] of byFile) {
    const old = lastByFile.get(file);
    // The same array: nothing changed. An equal one: the client keeps the objects it holds (and the
    // engine's array is kept here, which the next run hands back while nothing changes).
    if (old !== list && !(old && sameDiagnostics(old, list))) changed.push([file, list]);
  }
  lastByFile = byFile;
  const topology = result && result.topology !== lastTopology ? result.topology : undefined;
  if (result) lastTopology = result.topology;
  featureContext = result ? createContext(ws, result.topology) : undefined;
  // The graph of the analysis before is not kept until the next question (in a big workspace it is
  // the size of the analysis itself).
  graphMemo = undefined;
  lastDiagnostics = result?.diagnostics ?? [];
  // A keystroke leaves the files examined and those with diagnostics as they were: the lists cross
  // only when they changed (the engine hands back the same file list while its files are the same).
  const files = result?.files ?? [];
  const filesChanged = files !== lastFiles;
  lastFiles = files;
  const order = [...byFile.keys()];
  const orderChanged = !lastOrder || !sameList(order, lastOrder);
  lastOrder = order;
  const examinedBy = result && !(lastExaminedBy && sameEntries(result.examinedBy, lastExaminedBy)) ? result.examinedBy : undefined;
  if (examinedBy) lastExaminedBy = examinedBy;
  lastSettings = { locale: m.locale, ruleOverrides: m.ruleOverrides };
  if (m.focus !== undefined) focusOn(m.focus);
  post({
    type: 'result',
    id: m.id,
    missing: result === undefined,
    topology,
    order: orderChanged ? order : undefined,
    changed,
    files: filesChanged ? files : undefined,
    examinedBy: examinedBy && [...examinedBy],
    analyzed: cache.lastRun.analyzed,
    reused: cache.lastRun.reused,
    ms: Date.now() - started,
    errors,
  });
  idleWorkWhenIdle();
}

/** The outline of the topology text last asked for: the editor asks again for the same text (outline, links, each id looked up). */
let outlineMemo: { file: string; text: string; outline: TopologyOutline } | undefined;

/**
 * The outline, links and ids of a topology text, read here so that a big topology is not parsed on
 * the extension host for each of them; from the parse of the last analysis when it read the same text.
 */
function outlineOf(file: string, text: string): TopologyOutline {
  if (outlineMemo?.file === file && outlineMemo.text === text) return outlineMemo.outline;
  const analyzed = cache.topology?.text === text && cache.topology.parsed.topology.file === file ? cache.topology.parsed.topology : undefined;
  const outline = topologyOutline(analyzed ?? parseTopology(file, text).topology);
  outlineMemo = { file, text, outline };
  return outline;
}

/** Answers a feature request with the analyzer it names, in the last analysis' context. */
function feature(id: number, r: FeatureRequest): void {
  const a = 'analyzer' in r ? defaultAnalyzers.find((x) => x.name === r.analyzer) : undefined;
  const ctx = featureContext;
  let answer: FeatureAnswers[FeatureRequest['kind']];
  try {
    if (r.kind === 'outline') answer = outlineOf(r.file, r.text);
    else if (r.kind === 'hints') answer = ctx ? inlayHints(ctx, a, r.file, r.text, r.locale, r.range, r) : [];
    else if (r.kind === 'addressRefs') {
      const owners = ctx && ownersByRef(ctx.topology, r.owners);
      answer = ctx && owners && addressReferences(ctx, lastFiles, owners);
    } else if (r.kind === 'changeAddress') {
      const owner = ctx && ownersByRef(ctx.topology, [r.owner])?.[0];
      answer = ctx && owner && plainChange(changeAddress(ctx, lastFiles, owner, r.newText));
    } else if (r.kind === 'hover') answer = ctx && a?.hover?.(r.file, r.text, r.position, ctx, r.locale);
    else if (r.kind === 'complete') answer = (ctx && a?.complete?.(r.file, r.text, r.position, ctx, r.locale)) || [];
    else if (r.kind === 'references') answer = ctx && a?.references?.(r.file, r.text, r.position, ctx);
    else if (r.kind === 'rename') answer = ctx && a?.rename?.(r.file, r.text, r.position, r.newName, ctx, r.locale);
    else answer = ctx && a?.definition?.(r.file, r.text, r.position, ctx);
  } catch (e) {
    const what = 'file' in r ? `${('analyzer' in r && r.analyzer) || 'navigation'} ${r.kind} failed on ${r.file}` : `${r.kind} failed`;
    post({ type: 'feature', id, failed: `${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
    return;
  }
  post({ type: 'feature', id, answer });
}

/**
 * The diagram graph of the last analysis (undefined before one), built here rather than on the
 * extension host: in a big workspace it takes a few hundred milliseconds, and reads the nginx include
 * forest this thread already holds. Throws what building it throws.
 */
function lastGraph(): DiagramGraph | undefined {
  const ctx = featureContext;
  if (!ctx) return undefined;
  if (graphMemo?.ctx !== ctx) graphMemo = { ctx, graph: workspaceGraph(ctx.topology, lastDiagnostics, ctx) };
  return graphMemo.graph;
}

const failure = (e: unknown) => `the diagram graph failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`;

/** The problem counts of the diagram's nodes for the last analysis (the tree's). */
function counts(id: number): void {
  let graph: DiagramGraph | undefined;
  try {
    graph = lastGraph();
  } catch (e) {
    post({ type: 'counts', id, failed: failure(e) });
    return;
  }
  post({ type: 'counts', id, counts: graph && nodeCounts(graph) });
}

/**
 * The diagram graph for the diagram panel, as UTF-8 JSON (`graphToJson`) in a buffer handed over, not copied: the
 * extension host passes the bytes on to the webview as they are, where serializing the graph itself
 * (59 MB of JSON in a 2,000-file workspace) would hold its thread for as long as building it.
 */
function graph(id: number): void {
  let json: Uint8Array | undefined;
  try {
    const g = lastGraph();
    json = g && new TextEncoder().encode(graphToJson(g));
  } catch (e) {
    post({ type: 'graph', id, failed: failure(e) });
    return;
  }
  post({ type: 'graph', id, json }, json && [json.buffer as ArrayBuffer]);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameEntries(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'lint') {
    void lint(m);
    return;
  }
  // Answers and changes come in the workspace as the editor has it: the file warmed up on gets its text back first.
  const idle = idleTimer !== undefined || warmRun !== undefined || fileWarm !== undefined;
  pauseIdleWork();
  if (m.type === 'feature') feature(m.id, m.request);
  else if (m.type === 'counts') counts(m.id);
  else if (m.type === 'graph') graph(m.id);
  else if (m.type === 'cancel') {
    if (running?.id === m.id) running.cancelled = true;
  } else if (m.type === 'invalidate') ws?.invalidate(m.file, m.listChanged);
  else if (m.type === 'focus') focusOn(m.file);
  if (idle || m.type === 'focus') idleWorkWhenIdle();
});
