import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SharePlan } from '../../src/nfs/plan';
import { api, assertPlanDocument, waitFor } from './support';

const untitled = () => vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
const active = (text: string) => () => (vscode.window.activeTextEditor?.document.getText() === text ? vscode.window.activeTextEditor.document : undefined);

suite('Plans open as read-only documents', () => {
  suiteSetup(async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
  });

  test('Show Deploy Plan: a read-only document, the same one when shown again', async () => {
    const before = untitled();
    const text = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'order');
    const doc = await waitFor('the plan in an editor', active(text));
    assertPlanDocument(doc, 'Deploy plan: order');
    const again = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'order');
    const same = await waitFor('the plan in an editor again', active(again));
    assert.equal(same.uri.toString(), doc.uri.toString(), 'the same plan re-uses its document');
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.uri.toString() === doc.uri.toString()).length, 1);
    assert.equal(untitled(), before, 'no Untitled document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the plan closed', () => !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === doc.uri.toString()));
  });

  test('Show Reachability Plan: shown again for other hosts, its document takes the new plan', async () => {
    const before = untitled();
    const one = await vscode.commands.executeCommand<string>('dubboTopology.showReachabilityPlan', 'api-2');
    const doc = await waitFor('the plan in an editor', active(one));
    assertPlanDocument(doc, 'Reachability plan');
    const two = await vscode.commands.executeCommand<string>('dubboTopology.showReachabilityPlan', undefined, { hosts: ['api-2', 'app-2'] });
    assert.notEqual(two, one);
    const refreshed = await waitFor('the new plan in the same document', () => (doc.getText() === two ? doc : undefined));
    assert.equal(refreshed.isDirty, false);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
    assert.equal(untitled(), before, 'no Untitled document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('Show NFS Plan: a read-only document named by its share', async () => {
    const before = untitled();
    const plan = await vscode.commands.executeCommand<SharePlan>('dubboTopology.nfs.showPlan', 'upload');
    assert.equal(plan.share.id, 'upload');
    const doc = await waitFor('the plan in an editor', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d && /^# NFS plan: share upload/.test(d.getText()) ? d : undefined;
    });
    assertPlanDocument(doc, 'NFS plan: share upload');
    assert.equal(untitled(), before, 'no Untitled document');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
