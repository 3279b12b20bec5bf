import * as vscode from 'vscode';
import { normalizeLocale } from '../core/l10n';
import { emptyCounts, hostNodeId, regionNodeId, serviceNodeId, type SeverityCounts } from '../core/diagram/graph';
import { nodeCounts } from '../core/diagram/workspaceGraph';
import type { Host, Region, Service, Share } from '../core/topology/model';
import { hostInRegion } from '../core/topology/reach';
import type { Range } from '../core/types';
import { severityCountLines } from '../shared/counts';
import { toRange } from './convert';
import { currentGraph, hostCountsScope, severityCountTexts } from './diagramPanel';
import type { WorkspaceModel } from './workspaceModel';

export type TopologyNode =
  | { type: 'region'; region: Region }
  | { type: 'host'; host: Host }
  | { type: 'service'; service: Service; host: Host }
  | { type: 'shares' }
  | { type: 'share'; share: Share };

const KIND_ICON: Record<string, string> = {
  'dubbo-provider': 'server-process',
  'dubbo-consumer': 'plug',
  dubbo: 'arrow-swap',
  nginx: 'globe',
  zookeeper: 'database',
  http: 'link',
  other: 'symbol-misc',
};

/** Scheme of the URIs that name hosts and services in the tree, for their problem decorations. */
const NODE_SCHEME = 'dubbo-topology-node';

function nodeUri(nodeId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: NODE_SCHEME, path: `/${encodeURIComponent(nodeId)}` });
}

/**
 * Regions → hosts → services (and NFS shares), each revealing its definition in the YAML. Regions,
 * hosts and services carry their problems as the Explorer shows a file's: a badge (errors and
 * warnings) and the label in the colour of the worst; the counts are the diagram's (a host: its
 * services' files, the NFS exports it serves and its part of the topology; a region: its hosts' and
 * its own part of the topology).
 */
export class TopologyTreeProvider implements vscode.TreeDataProvider<TopologyNode>, vscode.FileDecorationProvider {
  private readonly emitter = new vscode.EventEmitter<TopologyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly decorationsChanged = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;

  /** The counts shown, by node id, and whether they are those of the last analysis. */
  private shown = new Map<string, SeverityCounts>();
  private current = false;
  private loading: Promise<void> | undefined;
  /** Counts the analyses, so a load tells whether another analysis ended meanwhile. */
  private generation = 0;

  constructor(private readonly model: WorkspaceModel) {
    model.onDidChange(() => {
      this.generation++;
      this.current = false;
      this.emitter.fire(undefined);
      this.decorationsChanged.fire(undefined);
    });
  }

  /**
   * Loads the counts of the last analysis, then redraws. Asked for by the rows drawn, so nothing is
   * counted while the view is hidden. The lint worker counts when it made the analysis (building the
   * diagram graph of a big workspace takes a few hundred milliseconds); else they are counted here.
   */
  private load(): Promise<void> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = (async () => {
      let counts: Map<string, SeverityCounts> | undefined;
      try {
        counts = await this.model.workerCounts();
      } catch {
        counts = undefined;
      }
      if (!counts) {
        const graph = currentGraph(this.model);
        counts = new Map(graph ? nodeCounts(graph) : []);
      }
      this.shown = counts;
      this.current = generation === this.generation;
    })().finally(() => {
      this.loading = undefined;
      this.emitter.fire(undefined);
      this.decorationsChanged.fire(undefined);
    });
    this.loading = loading;
    return loading;
  }

  /** Resolves once the counts shown are those of the last analysis (loading them when they are not). */
  async countsSettled(): Promise<void> {
    while (!this.current) await this.load();
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== NODE_SCHEME) return undefined;
    const c = this.counts(decodeURIComponent(uri.path.slice(1)));
    const problems = c.error + c.warning;
    if (problems === 0) return undefined;
    // The counts are in the item's own tooltip (a decoration's would be appended to it).
    const d = new vscode.FileDecoration(
      problems < 10 ? String(problems) : '9+',
      undefined,
      new vscode.ThemeColor(c.error > 0 ? 'list.errorForeground' : 'list.warningForeground'),
    );
    d.propagate = false;
    return d;
  }

  /** The diagram's counts of a region, host or service node, as last loaded (a load is started when they are not the latest). */
  private counts(nodeId: string): SeverityCounts {
    if (!this.current) void this.load();
    return this.shown.get(nodeId) ?? emptyCounts();
  }

  getChildren(node?: TopologyNode): TopologyNode[] {
    const t = this.model.topology;
    if (!t) return [];
    if (!node) {
      const top: TopologyNode[] = t.regions.map((region) => ({ type: 'region', region }));
      if (t.shares.length > 0) top.push({ type: 'shares' });
      return top;
    }
    switch (node.type) {
      case 'region':
        return node.region.hosts.map((host) => ({ type: 'host', host }));
      case 'host':
        return node.host.services
          .map((s) => t.serviceById.get(s.value))
          .filter((s): s is Service => s !== undefined)
          .map((service) => ({ type: 'service', service, host: node.host }));
      case 'shares':
        return t.shares.map((share) => ({ type: 'share', share }));
      default:
        return [];
    }
  }

  getTreeItem(node: TopologyNode): vscode.TreeItem {
    const t = this.model.topology!;
    switch (node.type) {
      case 'region': {
        const r = node.region;
        const item = new vscode.TreeItem(r.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region:${r.id}`;
        item.description = r.lan.map((l) => l.text).join(', ');
        item.resourceUri = nodeUri(regionNodeId(r.id));
        const counts = severityCountLines(this.counts(regionNodeId(r.id)), severityCountTexts());
        item.tooltip = [`${r.id} · ${vscode.l10n.t('LAN')} ${item.description}`, ...counts].join('\n');
        item.accessibilityInformation = { label: [r.name, item.description, ...(counts.length > 0 ? counts : [vscode.l10n.t('No problems')])].filter(Boolean).join(', ') };
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        item.command = this.reveal(t.file, r.keyRange);
        return item;
      }
      case 'host': {
        const h = node.host;
        const item = new vscode.TreeItem(h.id, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `host:${h.id}`;
        const ips = [h.internal?.text, h.external?.text].filter(Boolean).join(' · ');
        item.description = ips;
        item.resourceUri = nodeUri(hostNodeId(h.id));
        const counts = severityCountLines(this.counts(hostNodeId(h.id)), severityCountTexts());
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`${hostInRegion({ id: `**${h.id}**`, region: h.region }, normalizeLocale(vscode.env.language))}\n\n`);
        md.appendMarkdown(`- ${vscode.l10n.t('internal')}: \`${h.internal?.text ?? '—'}\`\n`);
        md.appendMarkdown(`- ${vscode.l10n.t('external')}: \`${h.external?.text ?? '—'}\`\n`);
        md.appendMarkdown(`- SSH: \`${sshTarget(h)}\`\n\n`);
        md.appendMarkdown(`${escapeMarkdown(counts.length > 0 ? counts.join(' · ') : vscode.l10n.t('No problems'))}\n\n`);
        md.appendMarkdown(`_${escapeMarkdown(hostCountsScope())}_`);
        item.tooltip = md;
        item.accessibilityInformation = { label: [h.id, ips, ...(counts.length > 0 ? counts : [vscode.l10n.t('No problems')])].filter(Boolean).join(', ') };
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = 'host';
        item.command = this.reveal(t.file, h.keyRange);
        return item;
      }
      case 'service': {
        const s = node.service;
        const item = new vscode.TreeItem(s.id, vscode.TreeItemCollapsibleState.None);
        item.id = `service:${node.host.id}:${s.id}`;
        item.description = s.port ? `${s.kind} :${s.port}` : s.kind;
        item.resourceUri = nodeUri(serviceNodeId(node.host.id, s.id));
        item.iconPath = new vscode.ThemeIcon(KIND_ICON[s.kind] ?? 'symbol-misc');
        // `deployable`: the service has a deploy block (Deploy and Roll Back are offered on it).
        item.contextValue = `${s.kind === 'zookeeper' ? 'service-zookeeper' : 'service'}${s.deploy ? ' deployable' : ''}`;
        const counts = severityCountLines(this.counts(serviceNodeId(node.host.id, s.id)), severityCountTexts());
        const heading = `${s.id} — ${item.description} · ${node.host.id}`;
        item.tooltip = [heading, ...s.config.map((c) => c.value), ...s.properties.map((p) => p.value), counts.join(' · ')].filter(Boolean).join('\n');
        item.accessibilityInformation = { label: [s.id, item.description, node.host.id, ...counts].join(', ') };
        item.command = this.reveal(t.file, s.keyRange);
        return item;
      }
      case 'shares': {
        const item = new vscode.TreeItem(vscode.l10n.t('NFS shares'), vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'shares';
        item.iconPath = new vscode.ThemeIcon('folder-library');
        return item;
      }
      case 'share': {
        const s = node.share;
        const item = new vscode.TreeItem(s.id, vscode.TreeItemCollapsibleState.None);
        item.id = `share:${s.id}`;
        item.description = `${s.server?.value ?? '?'}:${s.path ?? '?'} → ${s.clients.map((c) => c.value).join(', ')}`;
        item.iconPath = new vscode.ThemeIcon('folder-opened');
        item.contextValue = 'share';
        item.command = this.reveal(t.file, s.keyRange);
        return item;
      }
    }
  }

  private reveal(file: string, range: Range): vscode.Command {
    return {
      command: 'dubboTopology.revealInFile',
      title: vscode.l10n.t('Reveal Definition'),
      arguments: [file, range],
    };
  }
}

/** Text shown as is inside Markdown (appendText would also turn its spaces into `&nbsp;`). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, '\\$&');
}

/** The SSH target as the topology states it (the deploy commands apply ~/.ssh/config on top). */
export function sshTarget(h: Host): string {
  const user = h.ssh?.user?.value;
  const host = h.ssh?.host?.value ?? h.external?.text ?? h.internal?.text ?? h.id;
  const port = h.ssh?.port?.value;
  const via = h.ssh?.via?.value;
  return `${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}${via ? ` via ${via}` : ''}`;
}

export function registerTree(context: vscode.ExtensionContext, model: WorkspaceModel): TopologyTreeProvider {
  const provider = new TopologyTreeProvider(model);
  const view = vscode.window.createTreeView('dubboTopology.topology', { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    view,
    vscode.window.registerFileDecorationProvider(provider),
    vscode.commands.registerCommand('dubboTopology.revealInFile', async (file: string, range: Range) => {
      const doc = await vscode.workspace.openTextDocument(model.uri(file));
      const r = toRange(range);
      await vscode.window.showTextDocument(doc, { selection: r, preserveFocus: false });
    }),
    vscode.commands.registerCommand('dubboTopology.refresh', () => model.refresh()),
  );
  return provider;
}
