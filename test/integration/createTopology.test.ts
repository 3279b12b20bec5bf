import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parseTopology } from '../../src/core/topology/parse';
import { workspaceUri, waitFor } from './support';

suite('Create Topology File', () => {
  test('writes a commented starter that parses without findings, and opens it', async () => {
    const folder = workspaceUri('new-project');
    await vscode.workspace.fs.createDirectory(folder);
    await vscode.commands.executeCommand('dubboTopology.createTopology', folder);
    const target = vscode.Uri.joinPath(folder, 'dubbo-topology.yaml');
    const bytes = await vscode.workspace.fs.readFile(target);
    const text = Buffer.from(bytes).toString('utf8');
    assert.match(text, /^# /, 'starts with a comment');
    assert.deepEqual(parseTopology('dubbo-topology.yaml', text).findings, []);
    await waitFor('the starter open in an editor', () => vscode.window.activeTextEditor?.document.uri.toString() === target.toString());
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });
});
