import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Analyzer } from './core/analyzer';
import { defaultAnalyzers } from './core/analyzers';
import { collectFindings, lintWorkspace, report, type LintResult, type LintRunOptions } from './core/engine';
import { NodeWorkspace } from './core/nodeWorkspace';
import type { Finding } from './core/types';

/**
 * A whole-folder lint on two threads: the nginx analyzer (include trees of every nginx config) runs
 * on a worker thread while this thread parses the topology and runs the Dubbo, properties and
 * exports analyzers. Both threads read the topology themselves; the worker sends back its raw
 * findings, and one `report` over both parts (in analyzer order) gives exactly what a single-thread
 * `lintWorkspace` gives. Any failure of the worker falls back to running its part here.
 */

/** The analyzers handed to the worker thread. */
const OFFLOADED = new Set(['nginx']);

interface PartRequest {
  kind: 'dubbo-topology-lint-part';
  root: string;
  analyzers: string[];
}

type Part = { findings: Finding[]; files: string[] };

type PartMessage =
  | { type: 'analyzerError'; analyzer: string; file: string; message: string }
  | { type: 'done'; findings: Finding[]; files: string[] }
  | { type: 'failed'; message: string };

export interface ThreadedLintOptions extends Pick<LintRunOptions, 'locale' | 'ruleOverrides' | 'onAnalyzerError'> {
  /** Threads to use: 1 runs everything here; more than 1 offloads the nginx analyzer (see `lintThreads`). */
  threads?: number;
  /** The script a worker thread runs (this module, or a bundle holding it); default the current one. */
  script?: string;
}

/**
 * Threads for a lint: the option, else `DUBBO_TOPOLOGY_THREADS` from the environment (1 keeps
 * everything on one thread, e.g. on a shared CI runner), else 2 on a machine with more than one core.
 */
export function lintThreads(option: number | undefined, env: NodeJS.ProcessEnv = process.env): number {
  if (option !== undefined) return option;
  const fromEnv = Number.parseInt(env.DUBBO_TOPOLOGY_THREADS ?? '', 10);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return availableParallelism() > 1 ? 2 : 1;
}

export async function lintFolder(root: string, opts: ThreadedLintOptions = {}): Promise<LintResult | undefined> {
  const threads = lintThreads(opts.threads);
  const ws = new NodeWorkspace(root);
  const base: LintRunOptions = { locale: opts.locale, ruleOverrides: opts.ruleOverrides, onAnalyzerError: opts.onAnalyzerError };
  if (threads < 2) return lintWorkspace(ws, { ...base, analyzers: defaultAnalyzers });

  const offloaded = defaultAnalyzers.filter((a) => OFFLOADED.has(a.name));
  const local = defaultAnalyzers.filter((a) => !OFFLOADED.has(a.name));
  const remote = startPart(root, offloaded, opts);
  const mine = collectFindings(ws, { ...base, analyzers: local });
  if (!mine) {
    remote.cancel();
    return undefined;
  }
  let theirs = await remote.result;
  if (!theirs) theirs = collectFindings(ws, { ...base, analyzers: offloaded, topologyFindings: false }) ?? { findings: [], files: [] };
  // Order only matters where two findings share a (file, range, rule) and `report` merges them; the
  // offloaded nginx analyzer reads files no other analyzer lists, so the parts meet only on the
  // topology file, whose own findings come first in both orders.
  const findings = [...mine.findings, ...theirs.findings];
  const files = [...new Set([...mine.files, ...theirs.files])].sort();
  return { topologyFile: 'dubbo-topology.yaml', topology: mine.topology, diagnostics: report(findings, ws, mine.topology, base), files };
}

function startPart(root: string, analyzers: readonly Analyzer[], opts: ThreadedLintOptions): { result: Promise<Part | undefined>; cancel(): void } {
  let worker: Worker | undefined;
  const result = new Promise<Part | undefined>((resolve) => {
    try {
      const request: PartRequest = { kind: 'dubbo-topology-lint-part', root, analyzers: analyzers.map((a) => a.name) };
      worker = new Worker(opts.script ?? __filename, { workerData: request });
    } catch {
      resolve(undefined);
      return;
    }
    let settled = false;
    const settle = (v: Part | undefined) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
    worker.on('message', (m: PartMessage) => {
      if (m.type === 'analyzerError') opts.onAnalyzerError?.(m.analyzer, m.file, new Error(m.message));
      else if (m.type === 'done') settle({ findings: m.findings, files: m.files });
      else settle(undefined);
    });
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
  });
  return { result, cancel: () => void worker?.terminate() };
}

/** In a worker thread started by `lintFolder`: runs the requested part and posts it back. */
function runLintPartIfWorker(): boolean {
  const req = workerData as PartRequest | undefined;
  if (isMainThread || !parentPort || req?.kind !== 'dubbo-topology-lint-part') return false;
  const port = parentPort;
  try {
    const analyzers = defaultAnalyzers.filter((a) => req.analyzers.includes(a.name));
    const part = collectFindings(new NodeWorkspace(req.root), {
      analyzers,
      topologyFindings: false,
      onAnalyzerError: (analyzer, file, e) =>
        port.postMessage({ type: 'analyzerError', analyzer, file, message: e instanceof Error ? e.message : String(e) } satisfies PartMessage),
    });
    port.postMessage((part ? { type: 'done', findings: part.findings, files: part.files } : { type: 'failed', message: 'no topology' }) satisfies PartMessage);
  } catch (e) {
    port.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) } satisfies PartMessage);
  }
  return true;
}

/** True on a worker thread `lintFolder` started: the part has run when this module loaded. */
export const isLintPartWorker = runLintPartIfWorker();
