import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RegistryCommandResult } from '../../src/vscode/registryCommands';
import { startExampleLab, type ExampleLab } from '../support/exampleLab';
import { registerZnodes, startLocalZooKeeper, startZooKeeperEnsemble, zooKeeperMode, type LocalZooKeeper } from '../support/zookeeper';
import { api, assertPlanDocument, waitFor, withSetting } from './support';

const ORDER = 'com.example.OrderService';
const url = (u: string) => encodeURIComponent(u);

// A real ZooKeeper on loopback holding the seed's registrations, read through a loopback sshd
// standing in for the registry's host api-1.
suite('Check Live Registry', () => {
  let lab: ExampleLab;
  let zk: LocalZooKeeper;
  let root: string;

  suiteSetup(async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    root = model.root!.fsPath;
    zk = await startLocalZooKeeper();
    await registerZnodes(zk, [
      `/dubbo/${ORDER}/providers/${url(`dubbo://192.168.27.102:20880/${ORDER}?application=order&side=provider`)}`,
      `/dubbo/${ORDER}/providers/${url(`dubbo://139.159.250.208:20880/${ORDER}?application=order&side=provider`)}`,
      `/dubbo/${ORDER}/consumers/${url(`consumer://172.16.8.101/${ORDER}?application=api&side=consumer`)}`,
    ]);
    // The same registration behind ACLs, as Dubbo leaves them with a registry username and password.
    await registerZnodes(zk, [`/secured/${ORDER}/providers/${url(`dubbo://139.159.250.208:20880/${ORDER}?application=order&side=provider`)}`], { digest: 'dubbo:s3cret' });
    lab = await startExampleLab(root);
    await vscode.commands.executeCommand('dubboTopology.refresh');
    await waitFor('the lab topology in the model', () => model.topology?.hostById.get('api-1')?.ssh?.port?.value === lab.hosts.get('api-1')!.port, 30_000);
  });

  suiteTeardown(async () => {
    if (lab) {
      writeFileSync(join(root, 'dubbo-topology.yaml'), lab.originalTopology);
      await vscode.commands.executeCommand('dubboTopology.refresh');
      await lab.stop();
    }
    await zk?.stop();
  });

  test('through SSH to api-1: the internal address order registered is unreachable from api-2; the report opens', async () => {
    const result = await vscode.commands.executeCommand<RegistryCommandResult>('dubboTopology.checkRegistry', 'registry', {
      route: { address: '127.0.0.1', port: zk.port, via: 'api-1' },
      knownHostsFile: lab.knownHostsFile,
    });
    assert.ok(result, 'the command ran');
    const order = result.report.interfaces.find((i) => i.name === ORDER);
    assert.deepEqual(
      order?.providers.map((p) => [p.owner?.id, p.problems.map((x) => x.kind)]),
      [
        ['app-2', []],
        ['app-1', ['unreachable']],
      ],
    );
    assert.match(result.markdown, /through SSH to api-1/);
    assert.match(result.markdown, /unreachable from api-2 \(华东2, subscribed\)/);
    const editor = await waitFor('the report in an editor', () => (vscode.window.activeTextEditor?.document.getText() === result.markdown ? vscode.window.activeTextEditor : undefined));
    assertPlanDocument(editor.document, 'Live registry check: registry');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a registry on two hosts: each member asked through SSH to it, an Ensemble section in the report', async () => {
    const { model } = await api();
    const file = join(root, 'dubbo-topology.yaml');
    const lab1 = readFileSync(file, 'utf8');
    // Two members of a real ensemble on loopback addresses, as hosts zk-a and zk-b of two regions of
    // their own, reached through api-1's sshd; the registry runs on them alone.
    const members = await startZooKeeperEnsemble(2, { addresses: ['127.0.1.2', '127.0.2.2'] });
    const sshPort = lab.hosts.get('api-1')!.port;
    const region = (id: string, n: number) =>
      `  lab-${id}:\n    name: lab-${id}\n    lan: [127.0.${n}.0/24]\n    hosts:\n      zk-${id}:\n        internal: 127.0.${n}.2\n        ssh: { host: 127.0.0.1, port: ${sshPort}, user: root, identityFile: .ssh-lab/id_lab }\n        services: [registry]\n`;
    const two = lab1
      .replace('services: [gateway, api, registry]', 'services: [gateway, api]')
      .replace('\nservices:\n', `\n${region('a', 1)}${region('b', 2)}services:\n`)
      .replace(/(\n {2}registry:\n {4}kind: zookeeper\n {4}port: )\d+/, `$1${members[0].port}`);
    assert.match(two, /zk-b:/);
    assert.match(two, new RegExp(`port: ${members[0].port}`));
    writeFileSync(file, two);
    try {
      await vscode.commands.executeCommand('dubboTopology.refresh');
      await waitFor('registry on zk-a and zk-b', () => model.topology?.serviceById.get('registry')?.hosts.map((h) => h.id).join() === 'zk-a,zk-b', 30_000);
      await waitFor('a leader', async () => (await Promise.all(members.map(zooKeeperMode))).includes('leader'), 30_000);
      const result = await vscode.commands.executeCommand<RegistryCommandResult>('dubboTopology.checkRegistry', 'registry', {
        route: { address: '127.0.0.1', port: zk.port, via: 'api-1' },
        knownHostsFile: lab.knownHostsFile,
      });
      assert.ok(result?.ensemble, 'the members were asked');
      assert.deepEqual(result.ensemble.members.map((m) => [m.host.id, m.via, m.address]), [
        ['zk-a', 'zk-a', `127.0.1.2:${members[0].port}`],
        ['zk-b', 'zk-b', `127.0.2.2:${members[0].port}`],
      ]);
      assert.deepEqual(result.ensemble.members.map((m) => m.mode).sort(), ['follower', 'leader']);
      assert.equal(result.ensemble.verdict, 'ok');
      assert.match(result.markdown, /## Ensemble\n\nEvery member serves; leader: zk-[ab]\./);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      writeFileSync(file, lab1);
      await vscode.commands.executeCommand('dubboTopology.refresh');
      await waitFor('the lab topology back', () => model.topology?.serviceById.get('registry')?.hosts.map((h) => h.id).join() === 'api-1', 30_000);
      for (const m of members) await m.stop();
    }
  });

  test('a registry that does not answer: an error, no report', async () => {
    const result = await vscode.commands.executeCommand('dubboTopology.checkRegistry', 'registry', { route: { address: '127.0.0.1', port: 9 } });
    assert.equal(result, undefined);
  });

  test('a service that is not a registry is refused', async () => {
    assert.equal(await vscode.commands.executeCommand('dubboTopology.checkRegistry', 'order', { route: 0 }), undefined);
  });

  test('a registry with ACLs: the credentials asked for once, then kept in SecretStorage; refused ones asked again', async () => {
    const route = { address: '127.0.0.1', port: zk.port, via: 'api-1' };
    const asked: boolean[] = [];
    const answers = ['dubbo:wrong', 'dubbo:s3cret'];
    await withSetting('registry.root', '/secured', async () => {
      const first = await vscode.commands.executeCommand<RegistryCommandResult>('dubboTopology.checkRegistry', 'registry', {
        route,
        knownHostsFile: lab.knownHostsFile,
        askDigest: async (refused: boolean) => {
          asked.push(refused);
          return answers.shift();
        },
      });
      assert.deepEqual(first?.report.interfaces.map((i) => [i.name, i.providers.length]), [[ORDER, 1]]);
      assert.deepEqual(asked, [false, true]);
      const second = await vscode.commands.executeCommand<RegistryCommandResult>('dubboTopology.checkRegistry', 'registry', {
        route,
        knownHostsFile: lab.knownHostsFile,
        askDigest: () => assert.fail('asked again although the credentials were saved'),
      });
      assert.equal(second?.report.providers, 1);
    });
  });
});
