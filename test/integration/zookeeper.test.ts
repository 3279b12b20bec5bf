import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, changeTopology, ours, ruleOf, waitFor } from './support';

// The example's registry becomes a two-member ensemble for this suite: api-1 (华东1) and app-2 (华东2),
// with a zoo.cfg naming both by their internal IPs.
const CFG = 'zk/zoo.cfg';
const TEXT = ['tickTime=2000', 'clientPort=2181', 'server.1=192.168.27.101:2888:3888', 'server.2=172.16.8.102:2888:3888', ''].join('\n');

suite('ZooKeeper zoo.cfg in the editor', () => {
  let undo: (() => Promise<void>) | undefined;

  suiteSetup(async function () {
    this.timeout(30_000);
    undo = await changeTopology(
      (yaml) =>
        yaml
          .replace(/(\n {6}app-2:\n(?: {8}.*\n)*? {8}services: \[)/, '$1registry, ')
          .replace(/\n {2}registry:\n {4}kind: zookeeper\n {4}port: 2181\n/, `\n  registry:\n    kind: zookeeper\n    port: 2181\n    config: [${CFG}]\n`),
      { [CFG]: TEXT },
      (t) => t.serviceById.get('registry')?.config.length === 1 && t.serviceById.get('registry')?.hosts.length === 2,
    );
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    await undo?.();
  });

  test('each member is judged: another region\'s internal IP is an error with a fix, then the listen address and the plain-text quorum warnings', async () => {
    const { model } = await api();
    const uri = model.uri(CFG);
    const editor = await vscode.window.showTextDocument(uri);
    const ds = await waitFor('diagnostics on zoo.cfg', () => {
      const list = ours(uri);
      return list.length >= 2 ? list : undefined;
    });
    assert.deepEqual(ds.map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).sort(), ['cross-region-internal-ip@3', 'cross-region-internal-ip@4']);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(3, 'server.2=17'.length));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*172\.16\.8\.102\*\* — internal IP of \*\*app-2\*\* \(华东2\)/);

    for (const d of ds) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      const fix = actions.find((a) => a.edit && a.title.startsWith('Use the external IP'));
      assert.ok(fix, actions.map((a) => a.title).join(' | '));
      assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    }
    assert.equal(editor.document.lineAt(2).text, 'server.1=139.159.250.7:2888:3888');
    assert.equal(editor.document.lineAt(3).text, 'server.2=139.159.250.208:2888:3888');
    // Reachable now, across the internet: each line warns of the listen address and of the quorum's
    // traffic in plain text.
    const after = await waitFor('the listen-address and plain-text warnings', () => {
      const list = ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).sort();
      const want = ['zookeeper-quorum-listen@3', 'zookeeper-quorum-listen@4', 'zookeeper-quorum-plaintext-public@3', 'zookeeper-quorum-plaintext-public@4'];
      return JSON.stringify(list) === JSON.stringify(want) ? ours(uri) : undefined;
    });
    assert.ok(after.every((d) => d.severity === vscode.DiagnosticSeverity.Warning));
    await editor.document.save();
  });
});
