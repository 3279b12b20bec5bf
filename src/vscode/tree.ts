import * as vscode from 'vscode';
import { serviceImports } from '../core/dubbo/imports';
import { normalizeLocale } from '../core/l10n';
import type { Host, Region, Service, Share } from '../core/topology/model';
import { hostInRegion } from '../core/topology/reach';
import type { Range } from '../core/types';
import { toRange } from './convert';
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

/** Regions → hosts → services (and NFS shares), each revealing its definition in the YAML. */
export class TopologyTreeProvider implements vscode.TreeDataProvider<TopologyNode> {
  private readonly emitter = new vscode.EventEmitter<TopologyNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;

  constructor(private readonly model: WorkspaceModel) {
    model.onDidChange(() => this.emitter.fire(undefined));
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
        item.tooltip = `${r.id} · ${vscode.l10n.t('LAN')} ${item.description}`;
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
        const problems = this.problemCount(h.id);
        item.description = problems ? `${ips}  ${problems}` : ips;
        const md = new vscode.MarkdownString();
        md.appendMarkdown(`${hostInRegion({ id: `**${h.id}**`, region: h.region }, normalizeLocale(vscode.env.language))}\n\n`);
        md.appendMarkdown(`- ${vscode.l10n.t('internal')}: \`${h.internal?.text ?? '—'}\`\n`);
        md.appendMarkdown(`- ${vscode.l10n.t('external')}: \`${h.external?.text ?? '—'}\`\n`);
        md.appendMarkdown(`- SSH: \`${sshTarget(h)}\``);
        item.tooltip = md;
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
        item.iconPath = new vscode.ThemeIcon(KIND_ICON[s.kind] ?? 'symbol-misc');
        // `deployable`: the service has a deploy block (Deploy and Roll Back are offered on it).
        item.contextValue = `${s.kind === 'zookeeper' ? 'service-zookeeper' : 'service'}${s.deploy ? ' deployable' : ''}`;
        item.tooltip = [s.kind, ...s.config.map((c) => c.value), ...s.properties.map((p) => p.value)].join('\n');
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

  /** Error/warning counts of the config files a host's services use. */
  private problemCount(hostId: string): string {
    const t = this.model.topology;
    if (!t) return '';
    const host = t.hostById.get(hostId);
    if (!host) return '';
    const files = new Set<string>();
    const ctx = this.model.context;
    for (const s of host.services) {
      const svc = t.serviceById.get(s.value);
      svc?.config.forEach((c) => files.add(c.value));
      svc?.properties.forEach((p) => files.add(p.value));
      // The XML its configs import (<import resource>) is part of its configuration.
      if (svc && ctx?.topology === t) serviceImports(ctx, svc).forEach((f) => files.add(f));
    }
    const errors = this.model.diagnostics.filter((d) => files.has(d.file) && d.severity === 'error').length;
    const warnings = this.model.diagnostics.filter((d) => files.has(d.file) && d.severity === 'warning').length;
    const parts: string[] = [];
    if (errors) parts.push(`⊗ ${errors}`);
    if (warnings) parts.push(`⚠ ${warnings}`);
    return parts.join(' ');
  }

  private reveal(file: string, range: Range): vscode.Command {
    return {
      command: 'dubboTopology.revealInFile',
      title: vscode.l10n.t('Reveal Definition'),
      arguments: [file, range],
    };
  }
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
    vscode.commands.registerCommand('dubboTopology.revealInFile', async (file: string, range: Range) => {
      const doc = await vscode.workspace.openTextDocument(model.uri(file));
      const r = toRange(range);
      await vscode.window.showTextDocument(doc, { selection: r, preserveFocus: false });
    }),
    vscode.commands.registerCommand('dubboTopology.refresh', () => model.refresh()),
  );
  return provider;
}
