import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { currentGraph } from '../../src/vscode/diagramPanel';
import type { TopologyNode } from '../../src/vscode/tree';
import { api, revert, waitFor } from './support';

suite('Topology tree view', () => {
  test('shows regions → hosts → services of the example', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const regions = tree.getChildren();
    const labels = (nodes: TopologyNode[]) => nodes.map((n) => String(tree.getTreeItem(n).label));
    assert.deepEqual(labels(regions).slice(0, 2), ['华东1', '华东2']);
    assert.equal(labels(regions)[2], 'NFS shares');
    const east1 = regions[0];
    const hosts = tree.getChildren(east1);
    assert.deepEqual(labels(hosts), ['api-1', 'app-1']);
    const api1 = tree.getTreeItem(hosts[0]);
    assert.match(String(api1.description), /^192\.168\.27\.101 · 139\.159\.250\.7/);
    assert.equal(api1.contextValue, 'host');
    assert.deepEqual(labels(tree.getChildren(hosts[0])), ['gateway', 'api', 'registry']);
  });

  test('a host shows the problems the diagram counts for it, as a badge and colour that are never cut off', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const graph = await waitFor('the diagram graph with diagnostics', () => {
      const g = currentGraph(model);
      return g && g.hosts.some((h) => h.counts.warning > 0) ? g : undefined;
    });
    // The tree's counts are loaded apart (from the lint worker): those of the same analysis.
    await tree.countsSettled();
    const decorations = tree as unknown as vscode.FileDecorationProvider;
    const token = new vscode.CancellationTokenSource().token;
    const hosts = tree.getChildren().flatMap((r) => tree.getChildren(r)).filter((n) => n.type === 'host');
    assert.equal(hosts.length, 4);
    for (const node of hosts) {
      const item = tree.getTreeItem(node);
      const counts = graph.hosts.find((h) => h.host === item.label)!.counts;
      // As the Explorer counts a file's problems: errors and warnings (infos and hints are in the tooltip).
      const total = counts.error + counts.warning;
      assert.doesNotMatch(String(item.description), /[⊗⚠]/, 'the IPs only: no count to cut off at their end');
      assert.ok(item.resourceUri, `${String(item.label)} has a resource to decorate`);
      const d = await decorations.provideFileDecoration?.(item.resourceUri, token);
      assert.equal(d?.badge, total === 0 ? undefined : total > 9 ? '9+' : String(total), `${String(item.label)}: ${JSON.stringify(counts)}`);
      const colour = counts.error > 0 ? 'list.errorForeground' : counts.warning > 0 ? 'list.warningForeground' : undefined;
      assert.equal(d?.color?.id, colour);
      const tooltip = (item.tooltip as vscode.MarkdownString).value;
      if (counts.error > 0) assert.match(tooltip, new RegExp(`${counts.error} errors?\\b`));
      if (counts.warning > 0) assert.match(tooltip, new RegExp(`${counts.warning} warnings?\\b`));
      assert.match(tooltip, /its services' files, the NFS exports it serves and its part of the topology/);
      assert.match(item.accessibilityInformation?.label ?? '', new RegExp(`^${String(item.label)}\\b.*${total === 0 ? 'No problems' : '\\d+ (error|warning)'}`));
    }
  });

  test('a region shows the problems the diagram counts for it: its hosts\' and its own', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const graph = await waitFor('the diagram graph with diagnostics', () => {
      const g = currentGraph(model);
      return g && g.regions.some((r) => r.counts.error + r.counts.warning > 0) ? g : undefined;
    });
    // The tree's counts are loaded apart (from the lint worker): those of the same analysis.
    await tree.countsSettled();
    const decorations = tree as unknown as vscode.FileDecorationProvider;
    const token = new vscode.CancellationTokenSource().token;
    const regions = tree.getChildren().filter((n) => n.type === 'region');
    assert.equal(regions.length, 2);
    let badged = 0;
    for (const node of regions) {
      const item = tree.getTreeItem(node);
      const counts = graph.regions.find((r) => r.name === item.label)!.counts;
      const total = counts.error + counts.warning;
      assert.ok(item.resourceUri, `${String(item.label)} has a resource to decorate`);
      const d = await decorations.provideFileDecoration?.(item.resourceUri, token);
      assert.equal(d?.badge, total === 0 ? undefined : total > 9 ? '9+' : String(total), `${String(item.label)}: ${JSON.stringify(counts)}`);
      assert.equal(d?.color?.id, counts.error > 0 ? 'list.errorForeground' : counts.warning > 0 ? 'list.warningForeground' : undefined);
      if (counts.error > 0) assert.match(String(item.tooltip), new RegExp(`\\n${counts.error} errors?\\b`));
      if (counts.warning > 0) assert.match(String(item.tooltip), new RegExp(`\\n${counts.warning} warnings?\\b`));
      assert.match(String(item.tooltip), /^\S+ · LAN /);
      if (total > 0) badged++;
    }
    // The example's mistakes are in both regions' hosts.
    assert.equal(badged, 2);
  });

  test('a service row names the service in its tooltip and for screen readers', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const api1 = tree.getChildren(tree.getChildren()[0])[0];
    const gateway = tree.getTreeItem(tree.getChildren(api1)[0]);
    assert.equal(gateway.label, 'gateway');
    assert.match(String(gateway.tooltip instanceof vscode.MarkdownString ? gateway.tooltip.value : gateway.tooltip), /^\**gateway\b[^\n]*nginx/);
    assert.match(gateway.accessibilityInformation?.label ?? '', /^gateway\b.*nginx.*api-1/);
  });

  test('clicking a host reveals its definition in the YAML', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const host = tree.getChildren(tree.getChildren()[1])[0];
    const item = tree.getTreeItem(host);
    assert.ok(item.command);
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    // The editor may already be open on the file: wait for the selection to move, not just the editor.
    await waitFor('the selection on api-2 in the topology', () => {
      const e = vscode.window.activeTextEditor;
      if (!e?.document.uri.path.endsWith('dubbo-topology.yaml')) return false;
      return /^\s+api-2:/.test(e.document.lineAt(e.selection.start.line).text);
    });
  });

  test('the tree follows edits of the topology file', async () => {
    const { tree, model } = await api();
    const doc = await vscode.workspace.openTextDocument(model.uri('dubbo-topology.yaml'));
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.trim() === 'app-2:');
    assert.ok(line > 0);
    await editor.edit((e) => e.replace(new vscode.Range(line, 0, line, doc.lineAt(line).text.length), '      app-9:'));
    try {
      await waitFor('app-9 in the tree', () => {
        const east2 = tree.getChildren()[1];
        return tree.getChildren(east2).some((n) => tree.getTreeItem(n).label === 'app-9');
      });
    } finally {
      await revert(doc);
    }
    await waitFor('app-2 back in the tree', () =>
      tree.getChildren(tree.getChildren()[1]).some((n) => tree.getTreeItem(n).label === 'app-2'),
    );
  });
});
