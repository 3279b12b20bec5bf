import * as vscode from 'vscode';
import { toRange } from './convert';
import type { TopologyState } from './state';

/**
 * Code lenses in dubbo-topology.yaml where the live checks apply: **Check Live Registry** above each
 * `zookeeper` service, **Verify Reachability** and its plan above each host. Off with
 * `dubboTopology.codeLens: false`.
 */
export class TopologyCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly state: TopologyState) {
    this.subscriptions = [
      this.changed,
      state.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('dubboTopology.codeLens')) this.changed.fire();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const topology = this.state.topology;
    if (!topology || !vscode.workspace.getConfiguration('dubboTopology').get<boolean>('codeLens', true)) return [];
    if (document.uri.toString() !== this.state.uri(topology.file).toString()) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const s of topology.services) {
      if (s.kind !== 'zookeeper') continue;
      lenses.push(new vscode.CodeLens(toRange(s.keyRange), { title: vscode.l10n.t('Check Live Registry'), command: 'dubboTopology.checkRegistry', arguments: [s.id] }));
    }
    for (const h of topology.hosts) {
      const range = toRange(h.keyRange);
      lenses.push(
        new vscode.CodeLens(range, { title: vscode.l10n.t('Verify Reachability'), command: 'dubboTopology.verifyReachability', arguments: [h.id] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('Reachability Plan'), command: 'dubboTopology.showReachabilityPlan', arguments: [h.id] }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}
