import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { NfsReport } from '../../src/nfs/run';
import type { SharePlan } from '../../src/nfs/plan';
import { DEBIAN_OS_RELEASE, ROCKY_OS_RELEASE, startNfsLab, type NfsLab } from '../support/nfsLab';
import { api, ours, revert, ruleOf, waitFor } from './support';

suite('NFS share of the seed', () => {
  test('the seed\'s exports mistakes are reported and fixed by quick fixes', async () => {
    const { model } = await api();
    const uri = model.uri('nfs/exports');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const invalid = await waitFor('ip-invalid in nfs/exports', () => ours(uri).find((d) => ruleOf(d) === 'ip-invalid'));
    const squash = await waitFor('nfs-no-root-squash', () => ours(uri).find((d) => ruleOf(d) === 'nfs-no-root-squash'));
    assert.deepEqual([invalid.range.start.character, invalid.range.end.character], [21, 36]);
    const fixFor = async (d: vscode.Diagnostic, title: RegExp) => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
      const a = actions.find((x) => title.test(x.title));
      assert.ok(a?.edit, `a quick fix ${title} among ${actions.map((x) => x.title).join(' | ')}`);
      await vscode.workspace.applyEdit(a.edit);
    };
    await fixFor(invalid, /139\.159\.250\.207/);
    await fixFor(await waitFor('nfs-no-root-squash again', () => ours(uri).find((d) => ruleOf(d) === 'nfs-no-root-squash') ?? squash), /root_squash/);
    assert.equal(doc.getText(), '/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash)\n');
    // Once the address is valid, the clear-text link across the internet is reported.
    await waitFor('nfs-public-export after the fix', () => ours(uri).find((d) => ruleOf(d) === 'nfs-public-export'));
    await revert(doc);
  });

  suite('commands against loopback sshd hosts', () => {
    let lab: NfsLab;
    let original: string;
    let topologyPath: string;

    suiteSetup(async function () {
      this.timeout(60_000);
      const { model } = await api();
      const commands = await vscode.commands.getCommands(true);
      assert.ok(commands.includes('dubboTopology.nfs.setUp'), 'dubboTopology.nfs.setUp is registered (registerNfsCommands in activate)');
      lab = await startNfsLab(['api-1', 'api-2']);
      const server = lab.hosts.get('api-1')!;
      const client = lab.hosts.get('api-2')!;
      server.write('etc/os-release', DEBIAN_OS_RELEASE);
      server.write('etc/exports', '# exports\n');
      server.uninstall('exportfs');
      client.write('etc/os-release', ROCKY_OS_RELEASE);
      client.write('etc/fstab', '# fstab\n');
      client.install('mount.nfs');
      topologyPath = model.uri('dubbo-topology.yaml').fsPath;
      original = readFileSync(topologyPath, 'utf8');
      const ssh = (id: string) => `ssh: { host: 127.0.0.1, port: ${lab.hosts.get(id)!.sshd.port}, user: root, identityFile: ${lab.key.path} }`;
      const yaml = original
        .replace(/(api-1:\n(?:.*\n)*?\s+)ssh: \{ user: deploy \}/, `$1${ssh('api-1')}`)
        .replace(/(api-2:\n(?:.*\n)*?\s+)ssh: \{ user: deploy \}/, `$1${ssh('api-2')}`);
      assert.notEqual(yaml, original);
      await vscode.workspace.fs.writeFile(model.uri('dubbo-topology.yaml'), Buffer.from(yaml, 'utf8'));
      await model.refresh();
      await waitFor('the topology with loopback ssh', () => model.topology?.hostById.get('api-2')?.ssh?.port !== undefined);
    });

    suiteTeardown(async function () {
      this.timeout(30_000);
      await lab?.stop();
      if (original === undefined) return;
      const { model } = await api();
      const uri = model.uri('dubbo-topology.yaml');
      await vscode.workspace.fs.writeFile(uri, Buffer.from(original, 'utf8'));
      await model.refresh();
      await waitFor('the original topology back', () => model.topology?.hostById.get('api-2')?.ssh?.port === undefined);
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) await waitFor('the open topology document reloaded', () => open.getText() === original);
    });

    const hostOpts = (id: string) => {
      const h = lab.hosts.get(id)!;
      return { confirm: false, installPackages: true, root: h.root, pathPrefix: [h.bin], knownHostsFile: lab.knownHostsFile };
    };

    test('Show NFS Plan opens the plan of both sides', async () => {
      const plan = await vscode.commands.executeCommand<SharePlan>('dubboTopology.nfs.showPlan', 'upload');
      assert.equal(plan.server.id, 'api-1');
      const editor = await waitFor('the plan document', () => (vscode.window.activeTextEditor?.document.languageId === 'markdown' ? vscode.window.activeTextEditor : undefined));
      assert.match(editor.document.getText(), /^# NFS plan: share upload/);
      assert.match(editor.document.getText(), /mount -t nfs -o rw 139\.159\.250\.7:\/home\/wwwroot\/upload \/home\/wwwroot\/upload/);
    });

    test('Set Up, Mount, then Unmount / Remove, from the commands', async function () {
      this.timeout(120_000);
      const server = lab.hosts.get('api-1')!;
      const client = lab.hosts.get('api-2')!;
      const setUp = await vscode.commands.executeCommand<NfsReport>('dubboTopology.nfs.setUp', 'upload', hostOpts('api-1'));
      assert.equal(setUp.ok, true, setUp.message);
      assert.equal(
        server.file('etc/exports'),
        '# exports\n# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash,no_subtree_check)\n# END dubbo-topology share upload\n',
      );
      assert.ok(server.calls().includes('apt-get install -y nfs-kernel-server'));
      assert.ok(server.calls().includes('exportfs -ra'));

      const mount = await vscode.commands.executeCommand<NfsReport>('dubboTopology.nfs.mount', { type: 'share', share: (await api()).model.topology!.shareById.get('upload') }, {
        ...hostOpts('api-2'),
        clients: ['api-2'],
        persist: true,
      });
      assert.equal(mount.ok, true, mount.message);
      assert.ok(client.calls().includes(`mount -t nfs -o rw 139.159.250.7:/home/wwwroot/upload <root>/home/wwwroot/upload`));
      assert.match(client.file('etc/fstab')!, /139\.159\.250\.7:\/home\/wwwroot\/upload \/home\/wwwroot\/upload nfs rw,_netdev,nofail 0 0/);

      const unmount = await vscode.commands.executeCommand<NfsReport>('dubboTopology.nfs.unmount', 'upload', { ...hostOpts('api-2'), removeExport: false });
      assert.equal(unmount.ok, true, unmount.message);
      assert.equal(client.file('etc/fstab'), '# fstab\n');
      const remove = await vscode.commands.executeCommand<NfsReport>('dubboTopology.nfs.unmount', 'upload', { ...hostOpts('api-1'), clients: [], removeExport: true });
      assert.equal(remove.ok, true, remove.message);
      assert.equal(server.file('etc/exports'), '# exports\n');
    });
  });
});
