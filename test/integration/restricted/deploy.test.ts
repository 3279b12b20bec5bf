import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from '../support';

suite('Restricted Mode: deploy commands', () => {
  test('deploy, roll back, terminal and connection test refuse to run; Show Deploy Plan still works', async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    assert.equal(vscode.workspace.isTrusted, false);
    for (const [id, arg] of [
      ['dubboTopology.deployService', 'order'],
      ['dubboTopology.deployHost', 'app-1'],
      ['dubboTopology.rollbackService', 'order'],
      ['dubboTopology.testConnection', 'app-1'],
      ['dubboTopology.openSshTerminal', 'app-1'],
    ]) {
      const r = await vscode.commands.executeCommand(id, arg, { confirm: false });
      assert.equal(r, undefined, `${id} ran in Restricted Mode`);
    }
    assert.equal(await vscode.commands.executeCommand('dubboTopology.deployAll', { confirm: false }), undefined);
    const plan = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'api-1');
    assert.match(plan, /^# Deploy plan: host api-1/);
  });
});

suite('Restricted Mode: registry and reachability checks', () => {
  test('Check Live Registry refuses to run (it would use SSH credentials)', async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    assert.equal(vscode.workspace.isTrusted, false);
    assert.equal(await vscode.commands.executeCommand('dubboTopology.checkRegistry', 'registry', { route: 0 }), undefined);
  });

  test('Verify Reachability refuses to run (it runs commands on the hosts)', async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    assert.equal(await vscode.commands.executeCommand('dubboTopology.verifyReachability', 'api-1', { hosts: ['api-1'] }), undefined);
  });

  test('Show Reachability Plan still works (it connects nowhere)', async () => {
    const plan = await vscode.commands.executeCommand<string>('dubboTopology.showReachabilityPlan', 'api-2');
    assert.match(plan, /^# Reachability plan/);
    assert.match(plan, /`192\.168\.27\.102:20880` — app-1 · order, internal IP of another region: should not get through/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
