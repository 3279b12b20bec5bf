import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, ours, ruleOf, waitFor, workspaceUri } from './support';

// nginx.conf of the example has two safe fixes that stay in the file (the invalid octet, the connect
// timeout) and one that is not safe (marking 华东2's servers as backup).
suite('Fix all safe problems', () => {
  const actionsAt = (uri: vscode.Uri, range: vscode.Range, kind?: string) =>
    vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
  const editsOf = (a: vscode.CodeAction) =>
    a.edit!.entries().flatMap(([uri, list]) => list.map((e) => `${vscode.workspace.asRelativePath(uri, false)}:${e.range.start.line + 1} ${e.newText}`));

  test('source.fixAll.dubboTopology applies the safe fixes of the file, and only those', async () => {
    const uri = workspaceUri('nginx', 'nginx.conf');
    const doc = await vscode.workspace.openTextDocument(uri);
    const { model } = await api();
    await waitFor('nginx.conf analyzed', () => model.isAnalyzed('nginx/nginx.conf') && ours(uri).length >= 3);
    const actions = await actionsAt(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.dubboTopology');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind?.value]),
      [['Fix all safe Dubbo Topology problems in this file', 'source.fixAll.dubboTopology']],
    );
    assert.deepEqual(editsOf(actions[0]).sort(), ['nginx/nginx.conf:13 139.159.250.207', 'nginx/nginx.conf:31 75s']);
    // Offered among the quick fixes of a problem, too.
    const invalid = ours(uri).find((d) => ruleOf(d) === 'ip-invalid')!;
    const quick = await actionsAt(uri, invalid.range);
    assert.ok(quick.some((a) => a.title === 'Fix all safe Dubbo Topology problems in this file'), quick.map((a) => a.title).join('; '));
    // A file with no safe fix of its own offers none.
    const exportsUri = workspaceUri('dubbo-topology.yaml');
    await vscode.workspace.openTextDocument(exportsUri);
    assert.deepEqual(await actionsAt(exportsUri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.dubboTopology'), []);
    assert.equal(doc.isDirty, false, 'nothing was applied');
  });
});
