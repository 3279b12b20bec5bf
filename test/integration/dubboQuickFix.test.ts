import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, ours, revert, ruleOf, waitFor } from './support';

const CONSUMER_XML = 'api/src/main/resources/applicationContext.xml';

async function revertUri(uri: vscode.Uri): Promise<void> {
  await revert(await vscode.workspace.openTextDocument(uri));
}

async function applyFirstFix(uri: vscode.Uri, d: vscode.Diagnostic): Promise<vscode.CodeAction> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
  // Actions come back through the command converted: their `diagnostics` are not kept, so pick the
  // first fix offered at the range (the rule's own fixes come before the suppression action).
  const fix = actions.find((a) => a.edit && !a.title.startsWith('Disable '));
  assert.ok(fix, `no quick fix for ${ruleOf(d)} among: ${actions.map((a) => a.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit!));
  return fix;
}

suite('Dubbo XML in the editor', () => {
  test('the consumer XML shows the seed mistakes at the right lines', async () => {
    const { model } = await api();
    const uri = model.uri(CONSUMER_XML);
    await vscode.window.showTextDocument(uri);
    const ds = await waitFor('Dubbo diagnostics on the consumer XML', () => {
      const list = ours(uri);
      return list.some((d) => ruleOf(d) === 'dubbo-protocol-random-port') ? list : undefined;
    });
    const lines = ds.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).sort();
    assert.deepEqual(lines, ['dubbo-protocol-random-port@15', 'dubbo-registry-unreachable@14']);
    const unreachable = ds.find((d) => ruleOf(d) === 'dubbo-registry-unreachable')!;
    assert.match(unreachable.message, /api-2 \(华东2\) cannot reach it/);
  });

  test('quick fix: port="-1" becomes a fixed port and the diagnostic goes away', async () => {
    const { model } = await api();
    const uri = model.uri(CONSUMER_XML);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const d = await waitFor('dubbo-protocol-random-port', () => ours(uri).find((x) => ruleOf(x) === 'dubbo-protocol-random-port'));
    try {
      const fix = await applyFirstFix(uri, d);
      assert.equal(fix.isPreferred, true, 'a safe fix is the preferred one');
      assert.match(doc.lineAt(d.range.start.line).text, /port="20880"/);
      await waitFor('the diagnostic to go away', () => !ours(uri).some((x) => ruleOf(x) === 'dubbo-protocol-random-port'));
      assert.ok(!ours(uri).some((x) => x.severity === vscode.DiagnosticSeverity.Error && ruleOf(x) !== 'dubbo-registry-unreachable'));
    } finally {
      await revertUri(uri);
    }
  });

  test('quick fix across files: a per-region registry address in the topology clears dubbo-registry-unreachable', async () => {
    const { model } = await api();
    const uri = model.uri(CONSUMER_XML);
    await vscode.window.showTextDocument(uri);
    const d = await waitFor('dubbo-registry-unreachable', () => ours(uri).find((x) => ruleOf(x) === 'dubbo-registry-unreachable'));
    const topo = model.uri('dubbo-topology.yaml');
    try {
      await applyFirstFix(uri, d);
      const text = (await vscode.workspace.openTextDocument(topo)).getText();
      assert.match(text, /zookeeper\.host: zookeeper:\/\/139\.159\.250\.7:2181/);
      await waitFor('dubbo-registry-unreachable to go away', () => !ours(uri).some((x) => ruleOf(x) === 'dubbo-registry-unreachable'));
    } finally {
      await revertUri(topo);
      await revertUri(uri);
    }
    await waitFor('the finding back after revert', () => ours(uri).some((x) => ruleOf(x) === 'dubbo-registry-unreachable'));
  });
});
