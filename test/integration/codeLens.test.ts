import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor, withSetting, workspaceUri } from './support';

suite('Code lenses in dubbo-topology.yaml', () => {
  // The command needs the document loaded in the workbench.
  const lensesOf = async (uri: vscode.Uri) => {
    await vscode.workspace.openTextDocument(uri);
    return (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  };

  test('Check Live Registry above the zookeeper service; Verify Reachability and its plan above each host', async () => {
    const { model } = await api();
    const topology = await waitFor('the topology to load', () => model.topology);
    const uri = workspaceUri('dubbo-topology.yaml');
    const lenses = await waitFor('code lenses', async () => {
      const l = await lensesOf(uri);
      return l.length > 0 ? l : undefined;
    });
    const seen = lenses.map((l) => [l.range.start.line + 1, l.command?.title, l.command?.command, ...(l.command?.arguments ?? [])]);
    const registry = topology.serviceById.get('registry')!;
    assert.deepEqual(
      seen.filter((x) => x[2] === 'dubboTopology.checkRegistry'),
      [[registry.keyRange.start.line + 1, 'Check Live Registry', 'dubboTopology.checkRegistry', 'registry']],
    );
    for (const h of topology.hosts) {
      const line = h.keyRange.start.line + 1;
      assert.deepEqual(
        seen.filter((x) => x[0] === line).map((x) => x[2]),
        ['dubboTopology.verifyReachability', 'dubboTopology.showReachabilityPlan'],
        h.id,
      );
    }
    // Another YAML file gets none.
    assert.deepEqual(await lensesOf(workspaceUri('nginx', 'nginx.conf')), []);
  });

  test('dubboTopology.codeLens: false turns them off', async () => {
    const uri = workspaceUri('dubbo-topology.yaml');
    await withSetting('codeLens', false, () => waitFor('no code lenses', async () => (await lensesOf(uri)).length === 0));
    await waitFor('code lenses again', async () => (await lensesOf(uri)).length > 0);
  });
});
