import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// In Restricted Mode the diagram still opens: it only reads the workspace.

const VIEW_TYPE = 'dubboTopology.diagram';

suite('Diagram in Restricted Mode', () => {
  test('the workspace is not trusted and the diagram opens', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    await vscode.extensions.getExtension('dubbo-topology.dubbo-topology')?.activate();
    await vscode.commands.executeCommand('dubboTopology.openDiagram');
    const deadline = Date.now() + 20_000;
    let tabs: vscode.Tab[] = [];
    while (Date.now() < deadline) {
      tabs = vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
      if (tabs.length > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(tabs.length, 1);
    await vscode.window.tabGroups.close(tabs);
  });
});
