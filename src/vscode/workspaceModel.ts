import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzerContext } from '../core/analyzer';
import { defaultAnalyzers } from '../core/analyzers';
import { createContext, LintCache, lintWorkspaceAsync, type LintProgress } from '../core/engine';
import { NodeWorkspace } from '../core/nodeWorkspace';
import { TOPOLOGY_FILE } from '../core/topology/parse';
import type { Topology } from '../core/topology/model';
import type { Diagnostic, SeveritySetting } from '../core/types';
import { LintClient } from './lintClient';
import type { TopologyState } from './state';

/** A run taking longer than this shows its progress in the status bar. */
const SHOW_PROGRESS_AFTER_MS = 300;

/**
 * Keeps the topology and the diagnostics of the workspace current: re-analyzes (debounced) on
 * edits of any file below the topology folder, on save and on file-system changes, reading
 * unsaved editor contents in preference to the disk.
 *
 * The analysis runs in a worker thread (dist/lintWorker.js) that keeps one disk workspace (reads
 * cached, forgotten by the file watcher) and one lint cache across runs, so an edit re-analyzes
 * only the edited file and the files depending on it. A run is cancelled by the next one and shows
 * its progress in the status bar when it takes a while. Without the worker the same analysis runs
 * here, in slices that keep the extension host responsive.
 */
export class WorkspaceModel implements TopologyState, vscode.Disposable {
  private _root: vscode.Uri | undefined;
  private _topology: Topology | undefined;
  private _diagnostics: Diagnostic[] = [];
  private _context: AnalyzerContext | undefined;
  private _analyzedFiles = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private ws: NodeWorkspace | undefined;
  private wsKey = '';
  private readonly cache = new LintCache();
  private running: vscode.CancellationTokenSource | undefined;
  private readonly status = vscode.window.createStatusBarItem('dubboTopology.analysis', vscode.StatusBarAlignment.Left, 10);
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly client: LintClient;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.status];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.client = new LintClient(log);
    this.disposables.push(this.client);
    this.status.name = vscode.l10n.t('Dubbo Topology analysis');
    const schedule = (uri: vscode.Uri) => {
      if (this.contains(uri) || path.basename(uri.fsPath) === TOPOLOGY_FILE) this.schedule();
    };
    const onDisk = (listChanged: boolean) => (uri: vscode.Uri) => {
      const rel = this.relative(uri);
      if (rel !== undefined) {
        this.ws?.invalidate(rel, listChanged);
        this.client.invalidate(rel, listChanged);
      } else if (listChanged) {
        this.ws?.invalidate();
        this.client.invalidate(undefined, true);
      }
      schedule(uri);
    };
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((d) => schedule(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => schedule(d.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dubboTopology')) this.schedule();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    watcher.onDidCreate(onDisk(true));
    watcher.onDidChange(onDisk(false));
    watcher.onDidDelete(onDisk(true));
    this.disposables.push(watcher);
  }

  get root(): vscode.Uri | undefined {
    return this._root;
  }
  get topology(): Topology | undefined {
    return this._topology;
  }
  get diagnostics(): readonly Diagnostic[] {
    return this._diagnostics;
  }
  /** The analyzer context of the last run (for hovers and completion). */
  get context(): AnalyzerContext | undefined {
    return this._context;
  }
  /** Whether a workspace-relative file was examined by the last run. */
  isAnalyzed(file: string): boolean {
    return this._analyzedFiles.has(file);
  }
  /** Every workspace-relative file the last run examined. */
  analyzedFiles(): string[] {
    return [...this._analyzedFiles];
  }

  uri(file: string): vscode.Uri {
    return vscode.Uri.joinPath(this._root ?? vscode.Uri.file('/'), ...file.split('/'));
  }

  /** Workspace-relative path of a URI below the root, or undefined. */
  relative(uri: vscode.Uri): string | undefined {
    if (!this._root || uri.scheme !== 'file') return undefined;
    const rel = path.relative(this._root.fsPath, uri.fsPath);
    if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  private contains(uri: vscode.Uri): boolean {
    return this.relative(uri) !== undefined;
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = vscode.workspace.getConfiguration('dubboTopology').get<number>('lint.debounceMs', 200);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /** Finds the topology folder (quick: used by activation before the first analysis). */
  async locate(): Promise<vscode.Uri | undefined> {
    this._root = await findRoot();
    // Not awaited: a round trip to the window that only the welcome view waits for.
    void vscode.commands.executeCommand('setContext', 'dubboTopology.hasTopology', this._root !== undefined);
    return this._root;
  }

  /** Finds the topology folder and re-analyzes what changed; resolves when done or superseded. */
  async refresh(): Promise<void> {
    this.running?.cancel();
    const run = new vscode.CancellationTokenSource();
    this.running = run;
    try {
      await this.locate();
      if (run.token.isCancellationRequested) return;
      if (!this._root) {
        this._topology = undefined;
        this._diagnostics = [];
        this._context = undefined;
        this.emitter.fire();
        return;
      }
      const overlay = new Map<string, string>();
      for (const doc of vscode.workspace.textDocuments) {
        const rel = this.relative(doc.uri);
        if (rel !== undefined && doc.isDirty) overlay.set(rel, doc.getText());
      }
      const config = vscode.workspace.getConfiguration('dubboTopology');
      const maxBytes = Math.max(1, config.get<number>('lint.maxFileSizeKb', 8192)) * 1024;
      const key = `${this._root.fsPath}\u0000${maxBytes}`;
      if (!this.ws || this.wsKey !== key) {
        this.ws = new NodeWorkspace(this._root.fsPath, overlay, maxBytes);
        this.wsKey = key;
        this.cache.clear();
      }
      const ws = this.ws;
      ws.setOverlay(overlay);
      const started = Date.now();
      let shown = false;
      let lastShown = 0;
      const onProgress = (p: LintProgress) => {
        const now = Date.now();
        if (now - started < SHOW_PROGRESS_AFTER_MS || now - lastShown < 100) return;
        lastShown = now;
        this.status.text = `$(sync~spin) ${vscode.l10n.t('Dubbo Topology: analyzing {0}/{1} files', p.done, p.total)}`;
        this.status.tooltip = p.file;
        if (!shown) {
          this.status.show();
          shown = true;
        }
      };
      const locale = vscode.env.language;
      // A plain copy: the settings object cannot cross to the worker thread as it is.
      const ruleOverrides = JSON.parse(JSON.stringify(config.get<Record<string, SeveritySetting>>('rules', {}))) as Record<string, SeveritySetting>;
      let result: { topology: Topology; diagnostics: Diagnostic[]; files: string[] } | undefined;
      let analyzed = 0;
      let reused = 0;
      let where = 'lint worker';
      // Off the extension host thread when the worker runs; in slices on this thread otherwise.
      const outcome = this.client.usable
        ? await this.client.lint({ root: this._root.fsPath, maxFileBytes: maxBytes, overlay: [...overlay], locale, ruleOverrides }, run.token, (done, total, file) =>
            onProgress({ done, total, file }),
          )
        : { kind: 'failed' as const };
      if (outcome.kind === 'cancelled') return;
      if (outcome.kind === 'done') {
        result = outcome.result;
        ({ analyzed, reused } = outcome.result);
      } else if (outcome.kind === 'failed') {
        where = 'extension host';
        result = await lintWorkspaceAsync(ws, {
          locale,
          ruleOverrides,
          analyzers: defaultAnalyzers,
          cache: this.cache,
          token: run.token,
          onProgress,
          onAnalyzerError: (a, f, e) => this.log.error(`${a} failed on ${f}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
        });
        ({ analyzed, reused } = this.cache.lastRun);
      }
      if (shown) this.status.hide();
      if (run.token.isCancellationRequested) return;
      if (result) {
        this._topology = result.topology;
        this._diagnostics = result.diagnostics;
        this._analyzedFiles = new Set(result.files);
        this._context = createContext(ws, result.topology);
      }
      this.log.info(
        `analyzed ${analyzed} of ${result?.files.length ?? 0} files (${reused} unchanged) in ${Date.now() - started} ms (${where}): ${this._diagnostics.length} findings`,
      );
      this.emitter.fire();
    } finally {
      if (this.running === run) {
        this.running = undefined;
        this.status.hide();
      }
      run.dispose();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}

async function findRoot(): Promise<vscode.Uri | undefined> {
  for (const f of vscode.workspace.workspaceFolders ?? []) {
    const candidate = vscode.Uri.joinPath(f.uri, TOPOLOGY_FILE);
    try {
      await vscode.workspace.fs.stat(candidate);
      return f.uri;
    } catch {
      // not in this folder's root
    }
  }
  const found = await vscode.workspace.findFiles(`**/${TOPOLOGY_FILE}`, '**/node_modules/**', 1);
  return found[0] ? vscode.Uri.joinPath(found[0], '..') : undefined;
}
