import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { currentGraph } from '../../src/vscode/diagramPanel';
import { api, ours, ruleOf, waitFor, workspaceUri } from './support';

// A second topology in a subfolder of the example (a staging system of its own), chosen with
// Select Topology File… or the setting by hand. Everything is put back at the end: the setting
// cleared, the folder deleted, the example's topology in use again.

const COMMAND = 'dubboTopology.selectTopology';
const STAGING = 'staging';

const STAGING_TOPOLOGY = `version: 1
regions:
  staging:
    name: Staging
    lan: [10.20.0.0/24]
    hosts:
      web-1:
        internal: 10.20.0.11
        external: 203.0.113.11
        services: [web]
services:
  web:
    kind: nginx
    port: 80
    config: [nginx/nginx.conf]
`;

// 10.20.0.99 is in the staging LAN but no host of it: ip-unknown on line 6, naming the Staging LAN.
// (With the example in use, the file is still checked, as every nginx config below the topology
// folder is, but from the example's side: no 'Staging' in its messages.)
const STAGING_NGINX = `events {}
http {
  server {
    listen 80;
    location / {
      proxy_pass http://10.20.0.99:8080;
    }
  }
}
`;

const fromStaging = (d: vscode.Diagnostic) => ruleOf(d) === 'ip-unknown' && /Staging/.test(d.message);

const config = () => vscode.workspace.getConfiguration('dubboTopology');
const setting = () => config().inspect<string>('topologyFile')?.workspaceValue;

async function regionNames(): Promise<string[]> {
  const { tree } = await api();
  return tree
    .getChildren()
    .filter((n) => n.type === 'region')
    .map((n) => String(tree.getTreeItem(n).label));
}

suite('Choosing the topology file', () => {
  const stagingTopology = () => workspaceUri(STAGING, 'dubbo-topology.yaml');
  const stagingNginx = () => workspaceUri(STAGING, 'nginx', 'nginx.conf');
  // A file of the example with findings of its own (an error, among others).
  const exampleXml = () => workspaceUri('order', 'src', 'main', 'resources', 'applicationContext.xml');

  const exampleInUse = async () => {
    const { model } = await api();
    await waitFor('the example topology in use', async () => {
      if (model.root?.toString() !== workspaceUri().toString()) return false;
      return (await regionNames()).includes('华东1') && ours(exampleXml()).length > 0;
    });
  };

  suiteSetup(async () => {
    const { model } = await api();
    await waitFor('the example topology', () => model.topology);
    await vscode.workspace.fs.createDirectory(workspaceUri(STAGING, 'nginx'));
    await vscode.workspace.fs.writeFile(stagingNginx(), Buffer.from(STAGING_NGINX, 'utf8'));
    await vscode.workspace.fs.writeFile(stagingTopology(), Buffer.from(STAGING_TOPOLOGY, 'utf8'));
  });

  suiteTeardown(async () => {
    const { model } = await api();
    await config().update('topologyFile', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.workspace.fs.delete(workspaceUri(STAGING), { recursive: true, useTrash: false });
    await model.refresh();
    await exampleInUse();
    await waitFor('only the example topology left', () => model.choice?.others.length === 0);
  });

  test('with the setting empty, the file at the folder root stays in use and the others are known', async () => {
    const { model } = await api();
    await model.refresh();
    await waitFor('the staging topology among the candidates', () =>
      model.choice?.others.some((f) => f.endsWith(`${STAGING}/dubbo-topology.yaml`) || f.endsWith(`${STAGING}\\dubbo-topology.yaml`)),
    );
    assert.equal(model.choice?.reason, 'folder-root');
    assert.equal(model.topologyFile?.toString(), workspaceUri('dubbo-topology.yaml').toString());
    await exampleInUse();
    assert.ok(!ours(stagingNginx()).some(fromStaging), 'staging is not judged by its own topology while the example is in use');
  });

  test('selecting the staging file re-roots: setting, tree, diagram and diagnostics follow', async () => {
    const { model } = await api();
    const used = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, stagingTopology());
    assert.equal(used?.toString(), stagingTopology().toString());
    assert.equal(setting(), 'staging/dubbo-topology.yaml');
    assert.equal(model.root?.toString(), workspaceUri(STAGING).toString());
    assert.equal(model.choice?.reason, 'setting');
    await waitFor('the staging region in the tree', async () => (await regionNames()).join() === 'Staging');
    const graph = currentGraph(model);
    assert.ok(graph, 'a diagram graph for the staging topology');
    assert.ok(JSON.stringify(graph).includes('web-1'), 'the diagram shows the staging host');
    assert.ok(!JSON.stringify(graph).includes('api-1'), 'and none of the example hosts');
    const d = await waitFor('ip-unknown in the staging nginx.conf', () => ours(stagingNginx()).find(fromStaging));
    assert.equal(d.range.start.line, 5);
    assert.deepEqual(ours(exampleXml()), [], "the example's diagnostics are cleared");
    assert.deepEqual(ours(workspaceUri('dubbo-topology.yaml')), []);
  });

  test('the quick pick offers both files, shallowest first, and saves the one picked', async () => {
    // Staging is in use (the previous test): pick the example's file, the first of the list.
    const { model } = await api();
    assert.deepEqual(
      (await model.findTopologyFiles()).map((u) => vscode.workspace.asRelativePath(u)),
      ['dubbo-topology.yaml', 'staging/dubbo-topology.yaml'],
    );
    const running = vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND);
    let settled = false;
    void running.then(
      () => (settled = true),
      () => (settled = true),
    );
    // The list opens once the workspace has been searched, the example's file first (the shallowest);
    // accepting before it opens does nothing, so accept until the command is done.
    await waitFor('the pick to be taken', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    });
    assert.equal((await running)?.toString(), workspaceUri('dubbo-topology.yaml').toString());
    assert.equal(setting(), 'dubbo-topology.yaml');
    assert.equal(model.choice?.reason, 'setting');
    await exampleInUse();
    await waitFor('the staging diagnostics cleared', () => !ours(stagingNginx()).some(fromStaging));
  });

  test('a setting changed by hand re-roots too; one naming a missing file falls back', async () => {
    const { model } = await api();
    await config().update('topologyFile', STAGING, vscode.ConfigurationTarget.Workspace);
    await waitFor('the staging topology from the setting', async () => (await regionNames()).join() === 'Staging');
    await waitFor('ip-unknown in the staging nginx.conf', () => ours(stagingNginx()).some(fromStaging));
    assert.deepEqual(ours(exampleXml()), []);

    await config().update('topologyFile', 'qa/dubbo-topology.yaml', vscode.ConfigurationTarget.Workspace);
    await exampleInUse();
    assert.equal(model.choice?.reason, 'folder-root');
    assert.equal(model.choice?.missing, workspaceUri('qa', 'dubbo-topology.yaml').fsPath);
    await waitFor('the staging diagnostics cleared', () => !ours(stagingNginx()).some(fromStaging));

    await config().update('topologyFile', undefined, vscode.ConfigurationTarget.Workspace);
    await model.refresh();
    assert.equal(model.choice?.missing, undefined);
    assert.equal(model.choice?.reason, 'folder-root');
  });

  test('a topology outside the workspace folders: its files changed on disk are analyzed again', async () => {
    const { model } = await api();
    const dir = vscode.Uri.file(mkdtempSync(join(tmpdir(), 'dubbo-topology-outside-')));
    const nginx = vscode.Uri.joinPath(dir, 'nginx', 'nginx.conf');
    try {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(dir, 'nginx'));
      await vscode.workspace.fs.writeFile(nginx, Buffer.from(STAGING_NGINX, 'utf8'));
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(dir, 'dubbo-topology.yaml'), Buffer.from(STAGING_TOPOLOGY, 'utf8'));
      await config().update('topologyFile', vscode.Uri.joinPath(dir, 'dubbo-topology.yaml').fsPath, vscode.ConfigurationTarget.Workspace);
      await waitFor('the outside topology in use', () => model.root?.fsPath === dir.fsPath);
      await waitFor('ip-unknown in the outside nginx.conf', () => ours(nginx).some(fromStaging));
      // Changed on disk, as a git pull or another tool changes it, not in an editor: the backend is
      // now web-1's own address, which the topology knows.
      // VS Code starts a watcher asynchronously: a write made before it listens goes unseen, so the
      // file is written again (the same content) until one write is seen, for at most 30 s.
      const fixed = STAGING_NGINX.replace('10.20.0.99', '10.20.0.11');
      let writes = 0;
      await waitFor(
        'the finding gone after the change on disk',
        () => {
          if (!ours(nginx).some(fromStaging)) return true;
          if (writes++ % 10 === 0) writeFileSync(nginx.fsPath, fixed);
          return false;
        },
        30_000,
      );
    } finally {
      await config().update('topologyFile', undefined, vscode.ConfigurationTarget.Workspace);
      rmSync(dir.fsPath, { recursive: true, force: true });
    }
    await exampleInUse();
  });
});
