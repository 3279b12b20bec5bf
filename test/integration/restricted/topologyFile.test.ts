import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { api, waitFor, workspaceUri } from '../support';

// In Restricted Mode `dubboTopology.topologyFile` is used only when it names a file inside the
// workspace folders: one outside is not read (nor looked at), the default choice stays in use, and
// the user is told why.

const OUTSIDE_TOPOLOGY = `version: 1
regions:
  elsewhere:
    name: Elsewhere
    lan: [10.30.0.0/24]
    hosts:
      far-1:
        internal: 10.30.0.11
services: {}
`;

const config = () => vscode.workspace.getConfiguration('dubboTopology');

suite('The topology file setting in Restricted Mode', () => {
  test('a file outside the workspace folders is not used; the example stays in use', async () => {
    assert.equal(vscode.workspace.isTrusted, false);
    const { model } = await api();
    await waitFor('the example topology', () => model.topology);
    const dir = mkdtempSync(join(tmpdir(), 'dubbo-topology-restricted-'));
    const outside = join(dir, 'dubbo-topology.yaml');
    writeFileSync(outside, OUTSIDE_TOPOLOGY);
    try {
      await config().update('topologyFile', outside, vscode.ConfigurationTarget.Workspace);
      await model.refresh();
      await waitFor('the outside file named as not used', () => model.choice?.outside === outside);
      assert.equal(model.root?.toString(), workspaceUri().toString());
      assert.equal(model.choice?.reason, 'folder-root');
      assert.equal(model.choice?.missing, undefined);
      assert.ok(!model.topology?.regions.some((r) => r.id === 'elsewhere'), 'the outside topology was read');
    } finally {
      await config().update('topologyFile', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(dir, { recursive: true, force: true });
    }
    await model.refresh();
    assert.equal(model.choice?.outside, undefined);
  });

  test('a file inside the workspace is used as in a trusted workspace', async () => {
    const { model } = await api();
    await config().update('topologyFile', 'dubbo-topology.yaml', vscode.ConfigurationTarget.Workspace);
    try {
      await model.refresh();
      await waitFor('the setting in use', () => model.choice?.reason === 'setting');
      assert.equal(model.topologyFile?.toString(), workspaceUri('dubbo-topology.yaml').toString());
      assert.equal(model.choice?.outside, undefined);
    } finally {
      await config().update('topologyFile', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await model.refresh();
    assert.equal(model.choice?.reason, 'folder-root');
  });
});
