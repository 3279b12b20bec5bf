import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { AnalyzerContext } from '../core/analyzer';
import type { DiagramGraph } from '../core/diagram/graph';
import { workspaceGraph } from '../core/diagram/workspaceGraph';
import { MAX_DRAWN_EDGES } from '../core/diagram/elkInput';
import { createContext } from '../core/engine';
import { NodeWorkspace } from '../core/nodeWorkspace';
import type { Topology } from '../core/topology/model';
import type { Diagnostic } from '../core/types';
import type { SeverityCountTexts } from '../shared/counts';
import {
  DIAGRAM_VIEW_TYPE,
  graphToJson,
  parseWebviewMessage,
  type DiagramStrings,
  type ExportParams,
  type ExtensionToWebview,
  type OpenLocationParams,
} from '../shared/diagramProtocol';
import type { TopologyState } from './state';

export const OPEN_DIAGRAM_COMMAND = 'dubboTopology.openDiagram';

/** Delay between a re-analysis and the diagram update (well within a second). */
const UPDATE_DELAY_MS = 150;

/** `{0} error` / `{0} errors`, … in the editor's display language. */
export function severityCountTexts(): SeverityCountTexts {
  const t = vscode.l10n.t;
  return {
    errors: { one: t('{0} error', '{0}'), other: t('{0} errors', '{0}') },
    warnings: { one: t('{0} warning', '{0}'), other: t('{0} warnings', '{0}') },
    infos: { one: t('{0} info or hint', '{0}'), other: t('{0} infos and hints', '{0}') },
  };
}

/** What the problem counts of a host take in: the same in the diagram and the tree. */
export function hostCountsScope(): string {
  return vscode.l10n.t("Counted in its services' files, the NFS exports it serves and its part of the topology.");
}

/** Texts of the webview in the editor's display language. */
export function diagramStrings(): DiagramStrings {
  const t = vscode.l10n.t;
  return {
    title: t('Topology Diagram'),
    fit: t('Fit'),
    zoomIn: t('Zoom In'),
    zoomOut: t('Zoom Out'),
    exportSvg: t('Export SVG'),
    exportPng: t('Export PNG'),
    regions: t('Regions:'),
    serviceKinds: t('Services:'),
    edgeKinds: t('Traffic:'),
    publicInternet: t('Between regions: over the public internet'),
    unreachable: t('Uses an unreachable address'),
    empty: t('There is no dubbo-topology.yaml in this workspace.'),
    layoutFailed: t('The diagram could not be laid out:'),
    ...severityCountTexts(),
    hostCountsScope: hostCountsScope(),
    internal: t('internal'),
    external: t('external'),
    lan: t('LAN'),
    clickToOpen: t('Click: open the most severe problem, or the definition. Ctrl+click: the definition.'),
    bundledEdges: t('{0} of {1} connections drawn: one per kind and pair of hosts, the most severe. Hide regions, services or traffic to see each one.', '{0}', '{1}'),
    bundledEdge: t('{0} connections between these hosts; this one is the most severe.', '{0}'),
    undefinedService: t('Not defined under services: in the topology'),
    unknownAddress: t('An address that no host of the topology has'),
    kinds: {
      'dubbo-provider': t('Dubbo provider'),
      'dubbo-consumer': t('Dubbo consumer'),
      dubbo: t('Dubbo provider and consumer'),
      nginx: 'nginx',
      zookeeper: 'ZooKeeper',
      http: t('HTTP service'),
      other: t('Other service'),
    },
    edges: {
      registry: t('Registry'),
      ensemble: t('ZooKeeper ensemble'),
      call: t('Dubbo calls'),
      upstream: t('nginx backends'),
      nfs: t('NFS shares'),
    },
  };
}

let last: { topology: Topology; diagnostics: readonly Diagnostic[]; context: AnalyzerContext | undefined; graph: DiagramGraph } | undefined;

/**
 * The diagram graph of the current state (undefined without a topology). Built once per analysis:
 * the diagram and the tree's problem counts read the same one.
 */
export function currentGraph(state: TopologyState): DiagramGraph | undefined {
  const topology = state.topology;
  if (!topology || !state.root) return undefined;
  const { diagnostics, context } = state;
  if (last && last.topology === topology && last.diagnostics === diagnostics && last.context === context) return last.graph;
  let ctx: AnalyzerContext | undefined;
  try {
    ctx = context ?? createContext(new NodeWorkspace(state.root.fsPath), topology);
  } catch {
    ctx = undefined;
  }
  const graph = workspaceGraph(topology, diagnostics, ctx);
  last = { topology, diagnostics, context, graph };
  return graph;
}

/** A workspace-relative path that stays inside the workspace. */
function safeRelative(file: string): boolean {
  return !file.startsWith('/') && !/^[A-Za-z]:/.test(file) && !file.split(/[\\/]/).includes('..');
}

class DiagramController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private revision = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly state: TopologyState,
  ) {}

  /** Shows the one diagram panel, creating it on first use. */
  createOrShow(): vscode.WebviewPanel {
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn);
      return this.panel;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const panel = vscode.window.createWebviewPanel(DIAGRAM_VIEW_TYPE, vscode.l10n.t('Topology Diagram'), column, this.options());
    this.attach(panel);
    return panel;
  }

  /** Takes over a panel VS Code restores after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    panel.webview.options = this.options();
    this.attach(panel);
  }

  scheduleUpdate(): void {
    if (!this.panel) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, UPDATE_DELAY_MS);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [
        vscode.Uri.joinPath(this.context.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.context.extensionUri, 'media'),
      ],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    if (this.panel && this.panel !== panel) this.panel.dispose();
    this.panel = panel;
    panel.title = vscode.l10n.t('Topology Diagram');
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'activity-icon.svg');
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      panel.onDidDispose(() => {
        if (this.panel === panel) this.panel = undefined;
        for (const d of this.panelDisposables.splice(0)) d.dispose();
      }),
    );
  }

  private post(message: ExtensionToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  /**
   * Sends the graph of the last analysis as JSON bytes. The lint worker makes them when it made the
   * analysis, and they are passed on untouched; otherwise they are made here. An update overtaken by a
   * later one is dropped.
   */
  private async update(): Promise<void> {
    if (!this.panel) return;
    const revision = ++this.revision;
    let graphJson: Uint8Array | undefined;
    try {
      graphJson = await this.state.workerGraph?.();
    } catch {
      graphJson = undefined;
    }
    if (revision !== this.revision || !this.panel) return;
    if (!graphJson) {
      const graph = currentGraph(this.state);
      graphJson = graph && new TextEncoder().encode(graphToJson(graph));
    }
    // As the setting's schema says: a whole number, at least 10 (settings.json is not held to it).
    const set = vscode.workspace.getConfiguration('dubboTopology').get<number>('diagram.maxEdges', MAX_DRAWN_EDGES);
    const maxEdges = typeof set === 'number' && Number.isFinite(set) ? Math.max(10, Math.floor(set)) : MAX_DRAWN_EDGES;
    this.post({ type: 'notification', method: 'diagram/update', params: { revision, graphJson, strings: diagramStrings(), maxEdges } });
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) return;
    switch (msg.method) {
      case 'diagram/ready':
        await this.update();
        return;
      case 'diagram/openLocation':
        await this.open(msg.params);
        return;
      case 'diagram/export': {
        try {
          const result = await this.save(msg.params);
          this.post({ type: 'response', id: msg.id, method: 'diagram/export', result });
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          this.post({ type: 'response', id: msg.id, method: 'diagram/export', error });
          void vscode.window.showErrorMessage(vscode.l10n.t('Could not save the diagram: {0}', error));
        }
        return;
      }
    }
  }

  private async open(p: OpenLocationParams): Promise<void> {
    if (!this.state.root || !safeRelative(p.file)) return;
    const uri = this.state.uri(p.file);
    const range = new vscode.Range(p.range.start.line, p.range.start.character, p.range.end.line, p.range.end.character);
    // Beside the diagram: in another visible editor group if there is one.
    const panelColumn = this.panel?.viewColumn;
    const other = vscode.window.visibleTextEditors.find((e) => e.viewColumn !== undefined && e.viewColumn !== panelColumn);
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, {
        viewColumn: other?.viewColumn ?? vscode.ViewColumn.Beside,
        selection: range,
        preview: true,
      });
    } catch (err) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Could not open {0}: {1}', p.file, err instanceof Error ? err.message : String(err)),
      );
    }
  }

  private async save(p: ExportParams): Promise<{ saved: boolean; path?: string }> {
    const base = this.state.root ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `topology-diagram.${p.format}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined,
      filters: p.format === 'svg' ? { [vscode.l10n.t('SVG image')]: ['svg'] } : { [vscode.l10n.t('PNG image')]: ['png'] },
      title: p.format === 'svg' ? vscode.l10n.t('Export Diagram as SVG') : vscode.l10n.t('Export Diagram as PNG'),
    });
    if (!target) return { saved: false };
    const bytes = p.format === 'svg' ? Buffer.from(p.data, 'utf8') : Buffer.from(p.data, 'base64');
    if (p.format === 'png' && !bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
      throw new Error(vscode.l10n.t('the webview did not produce a PNG image'));
    }
    await vscode.workspace.fs.writeFile(target, bytes);
    const shown = target.scheme === 'file' ? target.fsPath : target.toString();
    void vscode.window.showInformationMessage(vscode.l10n.t('Diagram saved to {0}', shown));
    return { saved: true, path: shown };
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview.js'));
    const css = webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', 'diagram.css'));
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} blob: data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const strings = escapeHtml(JSON.stringify(diagramStrings()));
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${css}">
<title>${escapeHtml(vscode.l10n.t('Topology Diagram'))}</title>
</head>
<body data-strings="${strings}">
<div id="toolbar" role="toolbar"></div>
<div id="filters"></div>
<div id="stage"><div id="status" role="status" hidden></div></div>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The diagram command, the single panel, its restoration after a reload and its live updates. */
export function registerDiagram(context: vscode.ExtensionContext, state: TopologyState): void {
  const controller = new DiagramController(context, state);
  context.subscriptions.push(
    controller,
    vscode.commands.registerCommand(OPEN_DIAGRAM_COMMAND, () => {
      controller.createOrShow();
    }),
    vscode.window.registerWebviewPanelSerializer(DIAGRAM_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        controller.restore(panel);
      },
    }),
    state.onDidChange(() => controller.scheduleUpdate()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dubboTopology.diagram.maxEdges')) controller.scheduleUpdate();
    }),
  );
}
