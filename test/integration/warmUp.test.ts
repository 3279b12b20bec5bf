import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from './support';

suite('Warm-up', () => {
  test('the lint worker warms up on the built-in sample, then on the file in the editor\'s focus', async () => {
    const { model } = await api();
    const sample = await Promise.race([model.client.warmedUp(), new Promise<undefined>((r) => setTimeout(r, 60_000))]);
    assert.ok(sample, 'the sample warm-up ends');
    assert.equal(sample.analyses, 41);
    const doc = await vscode.workspace.openTextDocument(model.uri('nginx/nginx.conf'));
    await vscode.window.showTextDocument(doc);
    // The first file in focus of each kind: nginx.conf, unless an earlier suite had another nginx
    // config in focus first. Either way a file of the workspace, and its text left as it was.
    const files = await waitFor('a warm-up on a file in focus', () => model.client.warmedFiles.length > 0 && model.client.warmedFiles, 60_000);
    for (const f of files) assert.ok((await vscode.workspace.findFiles(f)).length === 1, `${f} is a file of the workspace`);
    assert.equal(doc.isDirty, false);
    assert.equal(doc.getText(), Buffer.from(await vscode.workspace.fs.readFile(model.uri('nginx/nginx.conf'))).toString('utf8'));
  });
});
