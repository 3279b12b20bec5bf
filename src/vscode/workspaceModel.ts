import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzerContext } from '../core/analyzer';
import { defaultAnalyzers } from '../core/analyzers';
import type { SeverityCounts } from '../core/diagram/graph';
import { createContext, LintCache, lintWorkspaceAsync, type LintProgress } from '../core/engine';
import { NodeWorkspace } from '../core/nodeWorkspace';
import { chooseTopology, insideFolders, orderTopologyFiles, settingTarget, type TopologyChoice } from '../core/topology/choice';
import { parseTopology, TOPOLOGY_FILE } from '../core/topology/parse';
import type { Topology } from '../core/topology/model';
import { topologyOutline, type TopologyOutline } from '../core/topology/references';
import type { Diagnostic, SeveritySetting } from '../core/types';
import { LintClient } from './lintClient';
import type { FeatureAnswers, FeatureRequest } from './lintProtocol';
import type { TopologyState } from './state';

/** A run taking longer than this shows its progress in the status bar. */
const SHOW_PROGRESS_AFTER_MS = 300;

export const SELECT_TOPOLOGY_COMMAND = 'dubboTopology.selectTopology';

/** Requests answered with places or edits in files other than the one asked about. */
const EDITS_ELSEWHERE: ReadonlySet<FeatureRequest['kind']> = new Set(['references', 'rename', 'addressRefs', 'changeAddress']);

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
 *
 * Which dubbo-topology.yaml is used follows `dubboTopology.topologyFile`, else the shallowest one
 * (src/core/topology/choice.ts); a change of either re-roots the model on the next refresh. When the
 * workspace holds several, the status bar item names the one in use.
 */
export class WorkspaceModel implements TopologyState, vscode.Disposable {
  private _root: vscode.Uri | undefined;
  private _choice: TopologyChoice | undefined;
  /** The root the topology, diagnostics and context belong to (undefined: none yet). */
  private stateRoot: string | undefined;
  /** Every dubbo-topology.yaml of the workspace (undefined: search again); `generation` counts invalidations. */
  private candidates: vscode.Uri[] | undefined;
  private generation = 0;
  /** The missing file the setting named that the user was told about. */
  private warnedMissing: string | undefined;
  private warnedOutside: string | undefined;
  /** Whether the status bar item shows the progress of an analysis. */
  private progressShown = false;
  /** Counts looks for the topology file, so that a slow one cannot overrule a later one. */
  private locateSeq = 0;
  private _topology: Topology | undefined;
  private _diagnostics: Diagnostic[] = [];
  private _context: AnalyzerContext | undefined;
  private _analyzedFiles = new Set<string>();
  private _examinedBy: ReadonlyMap<string, string> = new Map();
  /** Whether the last analysis ran in the lint worker, which then answers hovers and completion. */
  private byWorker = false;
  private timer: NodeJS.Timeout | undefined;
  private ws: NodeWorkspace | undefined;
  private wsKey = '';
  /** The unsaved buffers' texts as last read, with the document and version they were read at. */
  private buffers = new Map<string, { doc: vscode.TextDocument; version: number; text: string }>();
  private readonly cache = new LintCache();
  private running: vscode.CancellationTokenSource | undefined;
  /** Settles when the first analysis that was not superseded has ended (found a topology or not). */
  private readonly firstAnalysis: Promise<void>;
  private endFirstAnalysis: () => void = () => undefined;
  private readonly status = vscode.window.createStatusBarItem('dubboTopology.analysis', vscode.StatusBarAlignment.Left, 10);
  private readonly emitter = new vscode.EventEmitter<void>();
  /** The lint worker's client (the integration tests look at its warm-ups). */
  readonly client: LintClient;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.status];
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.firstAnalysis = new Promise((resolve) => (this.endFirstAnalysis = resolve));
    this.client = new LintClient(log);
    this.disposables.push(this.client);
    this.status.name = vscode.l10n.t('Dubbo Topology analysis');
    const schedule = (uri: vscode.Uri) => {
      if (this.contains(uri) || path.basename(uri.fsPath) === TOPOLOGY_FILE) this.schedule();
    };
    const onDisk = (listChanged: boolean) => (uri: vscode.Uri) => {
      if (listChanged) this.forgetCandidates();
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
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.forgetCandidates();
        void this.refresh();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dubboTopology')) this.schedule();
      }),
      // A topology file the setting names outside the workspace folders is used once trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.refresh()),
      // The worker warms up on the file being edited (the first of each kind) once idle.
      vscode.window.onDidChangeActiveTextEditor((e) => {
        const rel = e && this.relative(e.document.uri);
        if (rel !== undefined) this.client.focus(rel);
      }),
    );
    this.onDisk = onDisk;
    this.disposables.push(this.watch('**/*'));
  }

  /** The handler of files changed on disk (see the constructor). */
  private readonly onDisk: (listChanged: boolean) => (uri: vscode.Uri) => void;
  /** A watcher of the topology folder when it lies outside every workspace folder. */
  private outsideWatcher: { root: string; watcher: vscode.Disposable } | undefined;

  private watch(pattern: vscode.GlobPattern): vscode.FileSystemWatcher {
    const watcher = vscode.workspace.createFileSystemWatcher(pattern);
    watcher.onDidCreate(this.onDisk(true));
    watcher.onDidChange(this.onDisk(false));
    watcher.onDidDelete(this.onDisk(true));
    return watcher;
  }

  /**
   * The workspace's watcher sees only the workspace folders: a topology set in
   * `dubboTopology.topologyFile` outside them has its folder watched on its own, so that files changed
   * there on disk (not in an editor) are analyzed again too.
   */
  private watchOutside(root: vscode.Uri | undefined): void {
    const outside = root && root.scheme === 'file' && !vscode.workspace.getWorkspaceFolder(root) ? root.fsPath : undefined;
    if (outside === this.outsideWatcher?.root) return;
    this.outsideWatcher?.watcher.dispose();
    this.outsideWatcher = outside === undefined ? undefined : { root: outside, watcher: this.watch(new vscode.RelativePattern(root!, '**/*')) };
    if (outside !== undefined) this.log.info(`watching ${outside} (outside the workspace folders)`);
  }

  get root(): vscode.Uri | undefined {
    return this._root;
  }
  /** The dubbo-topology.yaml in use, or undefined. */
  get topologyFile(): vscode.Uri | undefined {
    return this._root && vscode.Uri.joinPath(this._root, TOPOLOGY_FILE);
  }
  /** Which topology file is used and why, as of the last look. */
  get choice(): TopologyChoice | undefined {
    return this._choice;
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
  /**
   * A hover, completion or Go to Definition answered by the lint worker when it made the last
   * analysis (the nginx include forest they need is built there, off this thread); undefined when
   * it cannot answer, and the caller answers in process.
   */
  askWorker<R extends FeatureRequest>(request: R): Promise<{ value: FeatureAnswers[R['kind']] } | undefined> {
    // What lists places in other files, or edits them, is worked out here when the editor's unsaved
    // text has moved on since the worker was last sent it: its ranges would be those of older text.
    if (!this.byWorker || (EDITS_ELSEWHERE.has(request.kind) && !this.workerTextsCurrent())) return Promise.resolve(undefined);
    return this.client.feature(request);
  }
  /**
   * The outline, links and ids of the topology in `doc` (workspace-relative `file`) as the editor holds
   * it now. Read by the lint worker when it runs — the 2,000-service topology of the bench workspace
   * takes a hundred milliseconds and more to parse — else here; one reading per version of the
   * document, shared by the outline, the links and Go to Definition, References and Rename of an id.
   */
  topologyOutline(doc: vscode.TextDocument, file: string): Promise<TopologyOutline> {
    const memo = this.outlineMemo;
    if (memo && memo.doc === doc && memo.version === doc.version && memo.file === file) return memo.outline;
    const text = doc.getText();
    const outline = this.askWorker({ kind: 'outline', file, text }).then((r) => r?.value ?? topologyOutline(parseTopology(file, text).topology));
    this.outlineMemo = { doc, version: doc.version, file, outline };
    return outline;
  }
  private outlineMemo: { doc: vscode.TextDocument; version: number; file: string; outline: Promise<TopologyOutline> } | undefined;
  /** Whether the lint worker holds the current text of every unsaved buffer (and of no other). */
  private workerTextsCurrent(): boolean {
    let dirty = 0;
    for (const doc of vscode.workspace.textDocuments) {
      const rel = this.relative(doc.uri);
      if (rel === undefined || !doc.isDirty) continue;
      dirty++;
      const known = this.buffers.get(rel);
      if (!known || known.doc !== doc || known.version !== doc.version) return false;
    }
    return dirty === this.buffers.size;
  }
  /**
   * The problem counts of the diagram's region, host and service nodes for the last analysis, as the
   * lint worker makes them when it made the analysis; undefined when it cannot, and the caller counts
   * in process.
   */
  async workerCounts(): Promise<Map<string, SeverityCounts> | undefined> {
    if (!this.byWorker) return undefined;
    const answer = await this.client.counts();
    return answer?.value && new Map(answer.value);
  }
  /**
   * The diagram graph of the last analysis as UTF-8 JSON, as the lint worker makes it when it made
   * the analysis; undefined when it cannot, and the caller builds the graph in process.
   */
  async workerGraph(): Promise<Uint8Array | undefined> {
    if (!this.byWorker) return undefined;
    const started = Date.now();
    const json = (await this.client.graph())?.value;
    if (json) this.log.info(`diagram graph made by the lint worker: ${Math.ceil(json.byteLength / 1024)} KiB in ${Date.now() - started} ms`);
    return json;
  }
  /** The name of the analyzer that examined a workspace-relative file in the last run, if one did. */
  examinerOf(file: string): string | undefined {
    return this._examinedBy.get(file);
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

  /**
   * Finds the topology folder. `complete` searches the whole workspace for topology files (once,
   * until one is created or deleted); without it (activation, before the first analysis) a file at
   * a folder root or named by the setting is enough, and the search waits for the first refresh.
   */
  async locate(complete = false): Promise<vscode.Uri | undefined> {
    const seq = ++this.locateSeq;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const folderPaths = folders.map((f) => f.uri.fsPath);
    const setting = vscode.workspace.getConfiguration('dubboTopology').get<string>('topologyFile', '') ?? '';
    const target = settingTarget(setting, folderPaths);
    // In Restricted Mode a path outside the workspace folders is not even looked at (see chooseTopology).
    const insideOnly = !vscode.workspace.isTrusted;
    const settingExists = target !== undefined && (!insideOnly || insideFolders(target, folderPaths)) && (await isFile(vscode.Uri.file(target)));
    let candidates = this.candidates;
    if (!candidates && !complete) {
      if (settingExists) candidates = [];
      else {
        const atRoot: vscode.Uri[] = [];
        for (const f of folders) {
          const uri = vscode.Uri.joinPath(f.uri, TOPOLOGY_FILE);
          if (await isFile(uri)) atRoot.push(uri);
        }
        if (atRoot.length > 0) candidates = atRoot;
      }
    }
    candidates ??= await this.findTopologyFiles();
    // A later look (the setting or the files changed meanwhile) decides.
    if (seq !== this.locateSeq) return this._root;
    const choice = chooseTopology({ folders: folderPaths, candidates: candidates.map((u) => u.fsPath), setting, settingExists, insideOnly });
    const byPath = new Map(candidates.map((u) => [path.resolve(u.fsPath), u]));
    const file = choice.file === undefined ? undefined : (byPath.get(choice.file) ?? vscode.Uri.file(choice.file));
    const root = file && vscode.Uri.joinPath(file, '..');
    if (root?.toString() !== this._root?.toString()) {
      this.log.info(file ? `topology file: ${file.fsPath} (${choice.reason})` : 'no topology file');
    }
    this._root = root;
    this.watchOutside(root);
    // The others are known only after a complete look.
    if (candidates === this.candidates) {
      this._choice = choice;
      this.restStatus();
    }
    this.warnIfMissing(choice);
    this.warnIfOutside(choice);
    // Not awaited: a round trip to the window that only the welcome view waits for.
    void vscode.commands.executeCommand('setContext', 'dubboTopology.hasTopology', this._root !== undefined);
    return this._root;
  }

  /** Every dubbo-topology.yaml of the workspace (node_modules left out), in the order of the default choice. */
  async findTopologyFiles(): Promise<vscode.Uri[]> {
    const generation = this.generation;
    const found = await vscode.workspace.findFiles(`**/${TOPOLOGY_FILE}`, '**/node_modules/**');
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const byPath = new Map(found.map((u) => [path.resolve(u.fsPath), u]));
    const ordered = orderTopologyFiles([...byPath.keys()], folders).map((p) => byPath.get(p)!);
    if (generation === this.generation) this.candidates = ordered;
    return ordered;
  }

  private forgetCandidates(): void {
    this.candidates = undefined;
    this.generation++;
  }

  /** Says once per value that the setting names a file that does not exist, and what is used instead. */
  private warnIfMissing(choice: TopologyChoice): void {
    if (choice.missing === undefined) {
      this.warnedMissing = undefined;
      return;
    }
    if (this.warnedMissing === choice.missing) return;
    this.warnedMissing = choice.missing;
    const missing = shownPath(choice.missing);
    const message = choice.file
      ? vscode.l10n.t('The topology file {0} set in dubboTopology.topologyFile does not exist; using {1} instead.', missing, shownPath(choice.file))
      : vscode.l10n.t('The topology file {0} set in dubboTopology.topologyFile does not exist, and the workspace holds no other dubbo-topology.yaml.', missing);
    this.log.warn(message);
    const select = vscode.l10n.t('Select Topology File…');
    void vscode.window.showWarningMessage(message, select).then((pick) => {
      if (pick === select) void vscode.commands.executeCommand(SELECT_TOPOLOGY_COMMAND);
    });
  }

  /** Says once per value that the setting names a file outside the workspace, not used in Restricted Mode. */
  private warnIfOutside(choice: TopologyChoice): void {
    if (choice.outside === undefined) {
      this.warnedOutside = undefined;
      return;
    }
    if (this.warnedOutside === choice.outside) return;
    this.warnedOutside = choice.outside;
    const message = vscode.l10n.t(
      'The topology file {0} set in dubboTopology.topologyFile is outside the workspace folders: in Restricted Mode it is not read. Trust the workspace to use it.',
      shownPath(choice.outside),
    );
    this.log.warn(message);
    const manage = vscode.l10n.t('Manage Workspace Trust');
    void vscode.window.showWarningMessage(message, manage).then((pick) => {
      if (pick === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  }

  /**
   * The status bar item between analyses: hidden when the workspace holds one topology file; with
   * several (or a setting naming a missing one), the file in use, why, and a click to choose another.
   */
  private restStatus(): void {
    if (this.progressShown) return;
    const c = this._choice;
    if (!c || (c.others.length === 0 && c.missing === undefined && c.outside === undefined)) {
      this.status.command = undefined;
      this.status.hide();
      return;
    }
    const lines: string[] = [];
    if (c.missing !== undefined) {
      lines.push(vscode.l10n.t('The topology file {0} set in dubboTopology.topologyFile does not exist.', shownPath(c.missing)));
    }
    if (c.outside !== undefined) {
      lines.push(vscode.l10n.t('The topology file {0} set in dubboTopology.topologyFile is outside the workspace folders: not read in Restricted Mode.', shownPath(c.outside)));
    }
    const total = c.others.length + 1;
    if (c.file) {
      const file = shownPath(c.file);
      if (c.reason === 'setting') lines.push(vscode.l10n.t('Topology: {0}, as set in dubboTopology.topologyFile ({1} topology files in the workspace).', file, total));
      else if (c.reason === 'folder-root') lines.push(vscode.l10n.t('Topology: {0}, at the root of the workspace folder ({1} topology files in the workspace).', file, total));
      else lines.push(vscode.l10n.t('Topology: {0}, the shallowest of {1} topology files in the workspace.', file, total));
      this.status.text = `$(list-tree) ${file}`;
    } else {
      this.status.text = `$(warning) ${vscode.l10n.t('No topology file')}`;
    }
    lines.push(vscode.l10n.t('Click to choose the topology file (saved in dubboTopology.topologyFile).'));
    this.status.tooltip = lines.join('\n');
    this.status.command = SELECT_TOPOLOGY_COMMAND;
    this.status.show();
  }

  /** Finds the topology folder and re-analyzes what changed; resolves when done or superseded. */
  async refresh(): Promise<void> {
    this.running?.cancel();
    const run = new vscode.CancellationTokenSource();
    this.running = run;
    try {
      await this.locate(true);
      if (!this._root || (this.stateRoot !== undefined && this.stateRoot !== this._root.toString())) {
        // Another topology (or none): what was found under the old root goes at once, not when
        // the new analysis ends.
        this._topology = undefined;
        this._diagnostics = [];
        this._context = undefined;
        this._analyzedFiles = new Set();
        this._examinedBy = new Map();
        this.stateRoot = undefined;
        this.emitter.fire();
      }
      const root = this._root;
      if (run.token.isCancellationRequested || !root) return;
      // A buffer's text is read again only when its version changed: with many unsaved buffers, a
      // keystroke in one costs that one (and only it crosses to the worker, see LintClient).
      const overlay = new Map<string, string>();
      const buffers = new Map<string, { doc: vscode.TextDocument; version: number; text: string }>();
      for (const doc of vscode.workspace.textDocuments) {
        const rel = this.relative(doc.uri);
        if (rel === undefined || !doc.isDirty) continue;
        const known = this.buffers.get(rel);
        const text = known && known.doc === doc && known.version === doc.version ? known.text : doc.getText();
        buffers.set(rel, { doc, version: doc.version, text });
        overlay.set(rel, text);
      }
      this.buffers = buffers;
      const config = vscode.workspace.getConfiguration('dubboTopology');
      const maxBytes = Math.max(1, config.get<number>('lint.maxFileSizeKb', 8192)) * 1024;
      const warmUp = config.get<boolean>('lint.warmUp', true);
      const collectWhenIdle = config.get<boolean>('lint.collectWhenIdle', true);
      // The worker warms up on the file being edited (the first of each kind) once idle.
      const active = vscode.window.activeTextEditor?.document.uri;
      const focus = active && this.relative(active);
      const key = `${root.fsPath}\u0000${maxBytes}`;
      if (!this.ws || this.wsKey !== key) {
        this.ws = new NodeWorkspace(root.fsPath, overlay, maxBytes);
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
          this.progressShown = true;
        }
      };
      const locale = vscode.env.language;
      // A plain copy: the settings object cannot cross to the worker thread as it is.
      const ruleOverrides = JSON.parse(JSON.stringify(config.get<Record<string, SeveritySetting>>('rules', {}))) as Record<string, SeveritySetting>;
      let result: { topology: Topology; diagnostics: Diagnostic[]; files: string[]; examinedBy: ReadonlyMap<string, string> } | undefined;
      let analyzed = 0;
      let reused = 0;
      let where = 'lint worker';
      // Off the extension host thread when the worker runs; in slices on this thread otherwise.
      const outcome = this.client.usable
        ? await this.client.lint({ root: root.fsPath, maxFileBytes: maxBytes, overlay, locale, ruleOverrides, warmUp, collectWhenIdle, focus }, run.token, (done, total, file) =>
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
      if (shown) {
        this.progressShown = false;
        this.restStatus();
      }
      if (run.token.isCancellationRequested) return;
      if (result) {
        this.stateRoot = root.toString();
        this._topology = result.topology;
        this._diagnostics = result.diagnostics;
        this._analyzedFiles = new Set(result.files);
        this._examinedBy = result.examinedBy;
        this.byWorker = where === 'lint worker';
        this._context = createContext(ws, result.topology);
      }
      this.log.info(
        `analyzed ${analyzed} of ${result?.files.length ?? 0} files (${reused} unchanged) in ${Date.now() - started} ms (${where}): ${this._diagnostics.length} findings`,
      );
      this.emitter.fire();
    } finally {
      if (this.running === run) {
        this.running = undefined;
        this.progressShown = false;
        this.restStatus();
        this.endFirstAnalysis();
      }
      run.dispose();
    }
  }

  /** Resolves once the workspace has been analyzed at least once, so a command run right after activation sees the topology. */
  analyzed(): Promise<void> {
    return this.firstAnalysis;
  }

  dispose(): void {
    this.endFirstAnalysis();
    if (this.timer) clearTimeout(this.timer);
    this.running?.cancel();
    this.outsideWatcher?.watcher.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.File) !== 0;
  } catch {
    return false;
  }
}

/** A path as the user reads it: relative to its workspace folder when inside one. */
function shownPath(file: string): string {
  return path.isAbsolute(file) ? vscode.workspace.asRelativePath(vscode.Uri.file(file)) : file;
}
