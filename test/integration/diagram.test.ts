import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

// The diagram panel inside the editor. What the webview draws (regions, red edges, clicks) is
// checked from the browser side: test/editor/diagram.e2e.mjs.

const EXTENSION_ID = 'dubbo-topology.dubbo-topology';
const COMMAND = 'dubboTopology.openDiagram';
const VIEW_TYPE = 'dubboTopology.diagram';

function diagramTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Diagram', () => {
  suiteSetup(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
  });

  suiteTeardown(async () => {
    for (const t of diagramTabs()) await vscode.window.tabGroups.close(t);
  });

  test('the open-diagram command is registered and contributed', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes(COMMAND), `${COMMAND} is not registered`);
    const contributed: { command: string }[] = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON?.contributes?.commands ?? [];
    assert.ok(contributed.some((c) => c.command === COMMAND), `${COMMAND} is not in package.json contributes.commands`);
  });

  test('the command opens one diagram panel, and a second run reveals it instead of opening another', async () => {
    await vscode.commands.executeCommand(COMMAND);
    const tab = await waitFor('the diagram panel', () => diagramTabs()[0]);
    assert.equal(tab.label, vscode.l10n.t('Topology Diagram'));
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await vscode.commands.executeCommand(COMMAND);
    await waitFor('the diagram panel to be active again', () => (diagramTabs()[0]?.isActive ? true : undefined));
    assert.equal(diagramTabs().length, 1);
    const untitled = vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'untitled');
    await vscode.window.tabGroups.close(untitled);
  });

  test('closing the panel and running the command again opens a new one', async () => {
    for (const t of diagramTabs()) await vscode.window.tabGroups.close(t);
    await waitFor('the panel to close', () => (diagramTabs().length === 0 ? true : undefined));
    await vscode.commands.executeCommand(COMMAND);
    await waitFor('a new diagram panel', () => diagramTabs()[0]);
    assert.equal(diagramTabs().length, 1);
  });
});
