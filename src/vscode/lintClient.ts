import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { SeverityCounts } from '../core/diagram/graph';
import type { Topology } from '../core/topology/model';
import type { Diagnostic } from '../core/types';
import type { FeatureAnswers, FeatureRequest, FromWorker, ToWorker } from './lintProtocol';

export interface WorkerLintResult {
  topology: Topology;
  diagnostics: Diagnostic[];
  files: string[];
  examinedBy: ReadonlyMap<string, string>;
  analyzed: number;
  reused: number;
  ms: number;
}

/** What a warm-up of the worker did (see `WarmUp`, `FileWarmUp`). */
export interface WarmUpDone {
  analyses: number;
  ms: number;
}

type Outcome = { kind: 'done'; result: WorkerLintResult } | { kind: 'missing' } | { kind: 'cancelled' } | { kind: 'failed' };

/**
 * The extension host's side of the lint worker (dist/lintWorker.js): sends requests, applies the
 * per-file changes the worker reports (unchanged files keep their diagnostic objects, so the
 * publisher can skip them), and reports `failed` when the worker cannot run so the caller can
 * analyze in process instead.
 */
export class LintClient {
  private worker: Worker | undefined;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, { settle(o: Outcome): void; progress?(done: number, total: number, file?: string): void }>();
  /** Feature, counts and graph requests waiting for their answer: `undefined` when the worker could not give one. */
  private readonly features = new Map<number, (answer: { value: unknown } | undefined) => void>();
  private byFile = new Map<string, Diagnostic[]>();
  /** The files the last result examined. */
  private files: string[] = [];
  private topology: Topology | undefined;
  private examinedBy: ReadonlyMap<string, string> = new Map();
  /** The unsaved buffers the worker holds, as last sent (undefined: it holds none yet). */
  private sent: ReadonlyMap<string, string> | undefined;
  /**
   * The worker's collections of the young generation when idle after an analysis (see
   * `youngCollector`): how many so far, and their time in all.
   */
  readonly idleCollections = { count: 0, ms: 0 };
  /** The files the worker has warmed up on so far (see `FileWarmUp`), in order. */
  readonly warmedFiles: string[] = [];
  /** By file warmed up on ('' for the built-in sample): settled when the worker reports that warm-up done, or cannot. */
  private readonly warm = new Map<string, { promise: Promise<WarmUpDone | undefined>; settle(w: WarmUpDone | undefined): void }>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly script = path.join(__dirname, 'lintWorker.js'),
  ) {}

  /**
   * Resolves when the worker has warmed the analysis up (see `WarmUp`; it does once idle after an
   * analysis asked with `warmUp`), or with `file`, up on that file in focus (`FileWarmUp`), or with
   * undefined when it stops without.
   */
  warmedUp(file = ''): Promise<WarmUpDone | undefined> {
    return this.warmUpOf(file).promise;
  }

  private warmUpOf(file: string): { promise: Promise<WarmUpDone | undefined>; settle(w: WarmUpDone | undefined): void } {
    let w = this.warm.get(file);
    if (!w) {
      let settle!: (done: WarmUpDone | undefined) => void;
      const promise = new Promise<WarmUpDone | undefined>((resolve) => (settle = resolve));
      w = { promise, settle };
      // Nothing more comes from a worker that is gone.
      if (this.broken) settle(undefined);
      this.warm.set(file, w);
    }
    return w;
  }

  private settleWarmUps(): void {
    for (const w of this.warm.values()) w.settle(undefined);
  }

  get usable(): boolean {
    return !this.broken;
  }

  private start(): Worker | undefined {
    if (this.worker || this.broken) return this.worker;
    try {
      const w = new Worker(this.script);
      w.on('message', (m: FromWorker) => this.onMessage(m));
      w.on('error', (e) => this.fail(`lint worker failed: ${e.stack ?? e.message}`));
      w.on('exit', (code) => {
        if (this.worker === w) this.fail(`lint worker exited (${code})`);
      });
      w.unref();
      this.worker = w;
      this.sent = undefined;
      this.examinedBy = new Map();
    } catch (e) {
      this.fail(`lint worker could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    return this.worker;
  }

  private fail(message: string): void {
    this.log.warn(`${message}; analyzing in the extension host instead`);
    this.broken = true;
    this.worker = undefined;
    this.settleWarmUps();
    for (const p of this.pending.values()) p.settle({ kind: 'failed' });
    this.pending.clear();
    this.settleFeatures();
  }

  private settleFeatures(): void {
    for (const f of this.features.values()) f(undefined);
    this.features.clear();
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'warm') {
      this.log.info(`analysis warmed up: ${m.analyses} analyses ${m.file === undefined ? 'of the built-in sample' : `with keystrokes typed into ${m.file}`} in ${m.ms} ms`);
      if (m.file !== undefined) this.warmedFiles.push(m.file);
      this.warmUpOf(m.file ?? '').settle({ analyses: m.analyses, ms: m.ms });
      return;
    }
    if (m.type === 'collected') {
      this.idleCollections.count++;
      this.idleCollections.ms += m.ms;
      return;
    }
    if (m.type === 'feature' || m.type === 'counts' || m.type === 'graph') {
      const f = this.features.get(m.id);
      this.features.delete(m.id);
      if (m.failed !== undefined) this.log.error(m.failed);
      f?.(m.failed === undefined ? { value: m.type === 'feature' ? m.answer : m.type === 'counts' ? m.counts : m.json } : undefined);
      return;
    }
    const p = this.pending.get(m.id);
    if (m.type === 'progress') {
      p?.progress?.(m.done, m.total, m.file);
      return;
    }
    this.pending.delete(m.id);
    if (m.type === 'cancelled') {
      p?.settle({ kind: 'cancelled' });
      return;
    }
    // Every result is applied, even one that was superseded: the worker diffs against it.
    for (const e of m.errors) this.log.error(e);
    if (m.topology) this.topology = m.topology;
    if (m.examinedBy) this.examinedBy = new Map(m.examinedBy);
    if (m.files) this.files = m.files;
    if (m.order) {
      const changed = new Map(m.changed);
      const next = new Map<string, Diagnostic[]>();
      for (const file of m.order) next.set(file, changed.get(file) ?? this.byFile.get(file) ?? []);
      this.byFile = next;
    } else {
      // The same files as before: each changed one is among them.
      for (const [file, list] of m.changed) this.byFile.set(file, list);
    }
    if (m.missing || !this.topology) {
      p?.settle({ kind: 'missing' });
      return;
    }
    const diagnostics: Diagnostic[] = [];
    for (const list of this.byFile.values()) for (const d of list) diagnostics.push(d);
    p?.settle({ kind: 'done', result: { topology: this.topology, diagnostics, files: this.files, examinedBy: this.examinedBy, analyzed: m.analyzed, reused: m.reused, ms: m.ms } });
  }

  /**
   * Runs one analysis in the worker; `token` cancels it. Of the unsaved buffers only those added,
   * changed or closed since the last request cross to the worker: the same text object (the caller
   * reads a buffer again only when its version changed) is not sent again. The client keeps
   * `overlay` to compare the next request with: the caller hands in a new map each time.
   */
  lint(
    request: Omit<Extract<ToWorker, { type: 'lint' }>, 'type' | 'id' | 'overlay' | 'overlayReset'> & { overlay: ReadonlyMap<string, string> },
    token: vscode.CancellationToken,
    progress?: (done: number, total: number, file?: string) => void,
  ): Promise<Outcome> {
    const w = this.start();
    if (!w) return Promise.resolve({ kind: 'failed' });
    const id = this.nextId++;
    return new Promise<Outcome>((settle) => {
      this.pending.set(id, { settle, progress });
      token.onCancellationRequested(() => this.worker?.postMessage({ type: 'cancel', id } satisfies ToWorker));
      const { overlay, ...rest } = request;
      const sent = this.sent;
      const changes = sent ? overlayChanges(sent, overlay) : [...overlay];
      try {
        w.postMessage({ type: 'lint', id, ...rest, overlay: changes, overlayReset: !sent } satisfies ToWorker);
        this.sent = overlay;
      } catch (e) {
        // A request that cannot be sent (nothing the worker did): this run goes in process.
        this.pending.delete(id);
        this.log.warn(`lint request not sent to the worker: ${e instanceof Error ? e.message : String(e)}`);
        settle({ kind: 'failed' });
      }
    });
  }

  /**
   * Asks the worker for a hover, completion or Go to Definition, in the context of its last completed
   * analysis. Undefined when the worker cannot answer (not running, failed, or the analyzer threw):
   * the caller answers in process then.
   */
  feature<R extends FeatureRequest>(request: R): Promise<{ value: FeatureAnswers[R['kind']] } | undefined> {
    return this.ask((id) => ({ type: 'feature', id, request }));
  }

  /**
   * The problem counts of the diagram's nodes for the worker's last completed analysis (undefined
   * value: none yet). Undefined when the worker cannot answer: the caller counts in process then.
   */
  counts(): Promise<{ value: [string, SeverityCounts][] | undefined } | undefined> {
    return this.ask((id) => ({ type: 'counts', id }));
  }

  /**
   * The diagram graph of the worker's last completed analysis as UTF-8 JSON (undefined value: none
   * yet). Undefined when the worker cannot answer: the caller builds the graph in process then.
   */
  graph(): Promise<{ value: Uint8Array | undefined } | undefined> {
    return this.ask((id) => ({ type: 'graph', id }));
  }

  private ask<T>(message: (id: number) => ToWorker): Promise<{ value: T } | undefined> {
    const w = this.worker;
    if (!w || this.broken) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.features.set(id, resolve as (answer: { value: unknown } | undefined) => void);
      try {
        w.postMessage(message(id));
      } catch (e) {
        this.features.delete(id);
        this.log.warn(`request not sent to the worker: ${e instanceof Error ? e.message : String(e)}`);
        resolve(undefined);
      }
    });
  }

  invalidate(file: string | undefined, listChanged: boolean): void {
    this.worker?.postMessage({ type: 'invalidate', file, listChanged } satisfies ToWorker);
  }

  /** Another file is in the editor's focus (workspace-relative): the worker may warm up on it (see `FileWarmUp`). */
  focus(file: string): void {
    this.worker?.postMessage({ type: 'focus', file } satisfies ToWorker);
  }

  dispose(): void {
    const w = this.worker;
    this.worker = undefined;
    this.broken = true;
    this.settleWarmUps();
    for (const p of this.pending.values()) p.settle({ kind: 'cancelled' });
    this.pending.clear();
    this.settleFeatures();
    void w?.terminate();
  }
}

/** What turns `from` into `to`: each buffer added or changed, with its text, and each closed, with `null`. */
export function overlayChanges(from: ReadonlyMap<string, string>, to: ReadonlyMap<string, string>): [string, string | null][] {
  const changes: [string, string | null][] = [];
  for (const [f, text] of to) if (from.get(f) !== text) changes.push([f, text]);
  for (const f of from.keys()) if (!to.has(f)) changes.push([f, null]);
  return changes;
}
