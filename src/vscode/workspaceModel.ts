import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzerContext } from '../core/analyzer';
import { defaultAnalyzers } from '../core/analyzers';
import { createContext, lintWorkspace } from '../core/engine';
import { NodeWorkspace } from '../core/nodeWorkspace';
import { TOPOLOGY_FILE } from '../core/topology/parse';
import type { Topology } from '../core/topology/model';
import type { Diagnostic, SeveritySetting } from '../core/types';
import type { TopologyState } from './state';

/**
 * Keeps the topology and the diagnostics of the workspace current: re-analyzes (debounced) on
 * edits of any file below the topology folder, on save and on file-system changes, reading
 * unsaved editor contents in preference to the disk.
 */
export class WorkspaceModel implements TopologyState, vscode.Disposable {
  private _root: vscode.Uri | undefined;
  private _topology: Topology | undefined;
  private _diagnostics: Diagnostic[] = [];
  private _context: AnalyzerContext | undefined;
  private _analyzedFiles = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    const schedule = (uri: vscode.Uri) => {
      if (this.contains(uri) || path.basename(uri.fsPath) === TOPOLOGY_FILE) this.schedule();
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
    watcher.onDidCreate(schedule);
    watcher.onDidChange(schedule);
    watcher.onDidDelete(schedule);
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

  /** Finds the topology folder and re-analyzes everything. */
  async refresh(): Promise<void> {
    this._root = await findRoot();
    await vscode.commands.executeCommand('setContext', 'dubboTopology.hasTopology', this._root !== undefined);
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
    const ws = new NodeWorkspace(this._root.fsPath, overlay, config.get<number>('lint.maxFileSizeKb', 8192) * 1024);
    const started = Date.now();
    const result = lintWorkspace(ws, {
      locale: vscode.env.language,
      ruleOverrides: config.get<Record<string, SeveritySetting>>('rules', {}),
      analyzers: defaultAnalyzers,
      onAnalyzerError: (a, f, e) => this.log.error(`${a} failed on ${f}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    });
    if (result) {
      this._topology = result.topology;
      this._diagnostics = result.diagnostics;
      this._analyzedFiles = new Set(result.files);
      this._context = createContext(ws, result.topology);
    }
    this.log.info(`analyzed ${result?.files.length ?? 0} files in ${Date.now() - started} ms: ${this._diagnostics.length} findings`);
    this.emitter.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
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
