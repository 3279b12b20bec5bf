import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ReachCommandResult } from '../../src/vscode/reachCommands';
import { startLoopbackHosts, type LoopbackHosts } from '../support/loopbackHosts';
import { api, assertPlanDocument, waitFor } from './support';

// A topology of two loopback sshd hosts (loopback addresses only: nothing leaves the machine),
// written over the workspace's topology for the suite.
suite('Verify Reachability', () => {
  let lab: LoopbackHosts;
  let root: string;
  let original: string;

  suiteSetup(async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    root = model.root!.fsPath;
    original = readFileSync(join(root, 'dubbo-topology.yaml'), 'utf8');
    lab = await startLoopbackHosts(root);
    writeFileSync(join(root, 'dubbo-topology.yaml'), lab.topology);
    await vscode.commands.executeCommand('dubboTopology.refresh');
    await waitFor('the loopback topology in the model', () => model.topology?.hostById.get('host-a'), 30_000);
  });

  suiteTeardown(async () => {
    if (original !== undefined) {
      writeFileSync(join(root, 'dubbo-topology.yaml'), original);
      await vscode.commands.executeCommand('dubboTopology.refresh');
    }
    await lab?.stop();
  });

  test('from both hosts over SSH: each reaches the other; the report opens', async () => {
    const result = await vscode.commands.executeCommand<ReachCommandResult>('dubboTopology.verifyReachability', undefined, {
      hosts: ['host-a', 'host-b'],
      knownHostsFile: lab.knownHostsFile,
    });
    assert.ok(result, 'the command ran');
    assert.deepEqual(
      result.reports.map((r) => [r.vantage.id, r.error, r.rows.map((x) => [x.probe.address, x.outcome, x.verdict])]),
      [
        ['host-a', undefined, [['127.0.0.2', 'refused', 'not-listening']]],
        ['host-b', undefined, [['127.0.0.1', 'open', 'agrees']]],
      ],
    );
    assert.match(result.markdown, /^# Reachability check$/m);
    assert.match(result.markdown, /\*\*The network behaves as the topology says\.\*\*/);
    assert.match(result.markdown, new RegExp(`- ⚠ \`127\\.0\\.0\\.2:${lab.idlePort}\` — host-b · idle, in this region's LAN|- ⚠ \`127\\.0\\.0\\.2:${lab.idlePort}\` — host-b · idle, loopback`));
    const editor = await waitFor('the report in an editor', () => (vscode.window.activeTextEditor?.document.getText() === result.markdown ? vscode.window.activeTextEditor : undefined));
    assertPlanDocument(editor.document, 'Reachability check');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a host whose SSH server is down is reported as not checked; the others are', async () => {
    await lab.hosts.get('host-b')!.stop();
    const result = await vscode.commands.executeCommand<ReachCommandResult>('dubboTopology.verifyReachability', undefined, {
      hosts: ['host-a', 'host-b'],
      knownHostsFile: lab.knownHostsFile,
    });
    assert.ok(result);
    assert.equal(result.reports[0].error, undefined);
    assert.match(result.reports[1].error ?? '', /host-b|refused|127\.0\.0\.1/i);
    assert.match(result.markdown, /^## host-b \(回环\)\n\n- ✗ Not checked: /m);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
