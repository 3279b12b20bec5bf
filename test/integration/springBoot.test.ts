import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, changeTopology, ours, ruleOf, waitFor } from './support';

// A Spring Boot service added to the example for this suite: `report`, a provider on api-2 (华东2)
// configured by application.properties alone, pointing at the registry's internal IP in 华东1.
const PROPS = 'report/src/main/resources/application.properties';
const TEXT = [
  'spring.application.name=report',
  'dubbo.application.name=report',
  'dubbo.registry.address=zookeeper://192.168.27.101:2181',
  'dubbo.protocol.name=dubbo',
  'dubbo.protocol.port=-1',
  'dubbo.provider.timeout=6s',
  '',
].join('\n');

suite('Spring Boot properties in the editor', () => {
  let undo: (() => Promise<void>) | undefined;

  suiteSetup(async function () {
    this.timeout(30_000);
    undo = await changeTopology(
      (yaml) =>
        yaml
          .replace(/(\n {6}api-2:\n(?: {8}.*\n)*? {8}services: \[)/, '$1report, ')
          .replace(/\nservices:\n/, `\nservices:\n  report:\n    kind: dubbo-provider\n    port: 20890\n    properties: [${PROPS}]\n`),
      { [PROPS]: TEXT },
      (t) => t.serviceById.has('report'),
    );
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await undo?.();
  });

  test('the dubbo.* keys get the Dubbo diagnostics, a hover documents the key, and a quick fix edits the value', async () => {
    const { model } = await api();
    const uri = model.uri(PROPS);
    const editor = await vscode.window.showTextDocument(uri);
    const ds = await waitFor('Dubbo diagnostics on application.properties', () => {
      const list = ours(uri);
      return list.some((d) => ruleOf(d) === 'dubbo-invalid-value') ? list : undefined;
    });
    // report registers 172.16.8.101 (api-2's internal IP), which api on api-1 in 华东1 cannot reach.
    assert.deepEqual(ds.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).sort(), [
      'dubbo-invalid-value@6',
      'dubbo-protocol-random-port@5',
      'dubbo-registers-internal-ip@4',
      'dubbo-registry-unreachable@3',
    ]);
    const random = ds.find((d) => ruleOf(d) === 'dubbo-protocol-random-port')!;
    assert.match(random.message, /^dubbo\.protocol\.port=-1 makes Dubbo pick a free port/);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(4, 'dubbo.protocol.p'.length));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*port\*\* — `<dubbo:protocol>`/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, random.range);
    const fix = actions.find((a) => a.edit && a.title.startsWith('Use port'));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.equal(fix.title, 'Use port 20890 (service report in the topology)');
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.equal(editor.document.lineAt(4).text, 'dubbo.protocol.port=20890');
    await waitFor('the random-port diagnostic gone', () => !ours(uri).some((d) => ruleOf(d) === 'dubbo-protocol-random-port'));
    await editor.document.save();
  });
});
