import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, ours, revert, ruleOf, waitFor } from './support';

suite('Diagnostics in the editor', () => {
  test('a seeded mistake in the topology shows at the right line, as you type, and goes away when fixed', async () => {
    const { model } = await api();
    const uri = model.uri('dubbo-topology.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('external: 139.159.250.207'));
    assert.ok(line > 0);
    const text = doc.lineAt(line).text;
    const col = text.indexOf('250.207');
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 3), '257'));
    const d = await waitFor('ip-invalid on the edited line', () => ours(uri).find((x) => ruleOf(x) === 'ip-invalid' && x.range.start.line === line));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /"139\.159\.257\.207" is not a valid IP address/);
    assert.equal(d.range.start.character, text.indexOf('139.'));
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 3), '250'));
    await waitFor('ip-invalid gone', () => !ours(uri).some((x) => ruleOf(x) === 'ip-invalid' && x.range.start.line === line));
    await revert(doc);
  });

  test('diagnostic codes link to the rule documentation', async () => {
    const { model } = await api();
    const uri = model.uri('dubbo-topology.yaml');
    const doc = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'colour: red\n'));
    const d = await waitFor('topology-schema', () => ours(uri).find((x) => ruleOf(x) === 'topology-schema'));
    assert.equal(d.range.start.line, 1);
    assert.ok(typeof d.code === 'object' && String(d.code.target).includes('docs/rules/topology-schema.md'));
    await revert(doc);
  });
});
