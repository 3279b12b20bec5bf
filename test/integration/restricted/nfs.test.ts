import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, waitFor } from '../support';

suite('Restricted Mode: NFS commands', () => {
  test('Set Up, Mount and Unmount refuse to run; Show NFS Plan still works', async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    assert.equal(vscode.workspace.isTrusted, false);
    for (const id of ['dubboTopology.nfs.setUp', 'dubboTopology.nfs.mount', 'dubboTopology.nfs.unmount']) {
      const r = await vscode.commands.executeCommand(id, 'upload', { confirm: false, installPackages: true, clients: ['api-2'], persist: false, removeExport: false });
      assert.equal(r, undefined, `${id} ran in Restricted Mode`);
    }
    const plan = await vscode.commands.executeCommand<{ exportLine: string }>('dubboTopology.nfs.showPlan', 'upload');
    assert.equal(plan.exportLine, '/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash,no_subtree_check)');
  });
});
