import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'dubbo-topology.dubbo-topology';

suite('Activation', () => {
  test('the extension is installed in the editor', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
  });

  test('the workspace is the two-region example', async () => {
    const found = await vscode.workspace.findFiles('dubbo-topology.yaml');
    assert.equal(found.length, 1, 'dubbo-topology.yaml at the workspace root');
  });

  test('it activates on a workspace holding dubbo-topology.yaml', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // The activation event is `workspaceContains`: the host activates it on its own; wait for that
    // rather than calling activate(), which would hide a broken activation event.
    const deadline = Date.now() + 30_000;
    while (!ext.isActive && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(ext.isActive, true, 'not activated by its activation event within 30 s');
  });

  test('it registers its commands', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of ['dubboTopology.createTopology', 'dubboTopology.refresh']) {
      assert.ok(registered.has(id), `${id} is not registered`);
    }
    const contributed: { command: string }[] = ext.packageJSON?.contributes?.commands ?? [];
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], 'commands in package.json without a handler');
  });
});
