import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TopologyNode } from '../../src/vscode/tree';
import { api, waitFor } from './support';

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
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    await waitFor('app-2 back in the tree', () =>
      tree.getChildren(tree.getChildren()[1]).some((n) => tree.getTreeItem(n).label === 'app-2'),
    );
  });
});
