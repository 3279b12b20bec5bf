import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionCheck } from '../../src/deploy/check';
import { PREVIOUS_CONFIG, type DeployReport } from '../../src/deploy/engine';
import { startExampleLab, type ExampleLab } from '../support/exampleLab';
import { sh } from '../support/sshd';
import { api, waitFor } from './support';

// The example workspace (a copy) pointed at loopback sshd hosts for the duration of the suite.
suite('Deploy commands against loopback sshd hosts', () => {
  let lab: ExampleLab;
  let root: string;

  suiteSetup(async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    root = model.root!.fsPath;
    lab = await startExampleLab(root);
    await vscode.workspace.getConfiguration('dubboTopology.ssh').update('knownHostsFile', lab.knownHostsFile, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('dubboTopology.refresh');
    await waitFor('deploy blocks in the model', () => model.topology?.serviceById.get('order')?.deploy, 30_000);
  });

  suiteTeardown(async () => {
    if (!lab) return;
    const { model } = await api();
    writeFileSync(join(root, 'dubbo-topology.yaml'), lab.originalTopology);
    await vscode.workspace.getConfiguration('dubboTopology.ssh').update('knownHostsFile', undefined, vscode.ConfigurationTarget.Workspace);
    // An open editor of the topology shows the file again only once VS Code has seen it change on
    // disk; the suites after this one need the model to have analyzed that text, not the lab's.
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === model.uri('dubbo-topology.yaml').toString());
    if (open) await waitFor('the topology editor to show the file as it was', () => open.getText() === lab.originalTopology);
    await vscode.commands.executeCommand('dubboTopology.refresh');
    await waitFor('the topology as it was in the model', () => model.topology && !model.topology.serviceById.get('order')?.deploy);
    await lab.stop();
  });

  test('Show Deploy Plan opens a Markdown dry run with hosts in region order', async () => {
    const text = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'order');
    assert.match(text, /^# Deploy plan: order/);
    assert.ok(text.indexOf('1. app-2 (east-2)') > 0 && text.indexOf('2. app-1 (east-1)') > text.indexOf('1. app-2'), text);
    assert.match(text, /DUBBO_IP_TO_REGISTRY/);
    const editor = await waitFor('the plan in an editor', () => (vscode.window.activeTextEditor?.document.languageId === 'markdown' ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.document.getText(), text);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('the plan of a service without a deploy block says so and shows how to add one, not commands', async () => {
    const text = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'gateway');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.match(text, /^# Deploy plan: gateway/);
    assert.match(text, /gateway has no `deploy:` block in dubbo-topology\.yaml: it cannot be deployed, so this plan has no commands\./);
    assert.match(text, /```yaml\nservices:\n {2}gateway:\n {4}deploy:\n {6}dir: \/etc\/nginx\n/);
    assert.doesNotMatch(text, /```sh|nginx -t|sftp put/);
    // A scope with nothing to deploy says how to make something deployable.
    const { renderPlanMarkdown } = await import('../../src/vscode/deployCommands');
    const none = renderPlanMarkdown({ scope: { all: true }, services: [], problems: [] }, root);
    assert.match(none, /No service with a deploy block in this scope\. Add a `deploy:` block to a service in dubbo-topology\.yaml, for example:\n\n```yaml\n/);
  });

  test('the tree offers Deploy inline only on services with a deploy block', async () => {
    const { tree } = await api();
    const services = tree.getChildren().flatMap((r) => tree.getChildren(r)).flatMap((h) => tree.getChildren(h));
    const context = (id: string) => services.map((n) => tree.getTreeItem(n)).find((i) => i.label === id)?.contextValue;
    assert.equal(context('order'), 'service deployable');
    assert.equal(context('gateway'), 'service');
    assert.equal(context('registry'), 'service-zookeeper');
    type Menu = { command: string; when: string; group?: string };
    const manifest = vscode.extensions.getExtension('dubbo-topology.dubbo-topology')?.packageJSON as { contributes: { menus: Record<string, Menu[]> } };
    const items = manifest.contributes.menus['view/item/context'];
    const inline = items.find((m) => m.command === 'dubboTopology.deployService' && m.group === 'inline');
    assert.ok(inline && /viewItem =~ \/\\bdeployable\\b\//.test(inline.when), inline?.when);
    for (const m of items.filter((x) => x.command === 'dubboTopology.deployService' || x.command === 'dubboTopology.rollbackService')) assert.match(m.when, /deployable/, m.command);
    assert.match(items.find((m) => m.command === 'dubboTopology.showDeployPlan')?.when ?? '', /viewItem =~ \/\^service\//);
  });

  test('the plan tells the health check in words', async () => {
    const text = await vscode.commands.executeCommand<string>('dubboTopology.showDeployPlan', 'order');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    assert.match(text, /^- Health check: the command `curl -fsS -m 2 http:\/\/127\.0\.0\.1:\$\(cat \{dir\}\/port\)\/` exits with 0, within 10 s$/m);
    const { healthText } = await import('../../src/vscode/deployCommands');
    assert.equal(healthText({ tcp: 20880 }), 'TCP port 20880 on the host accepts connections, within 60 s');
    assert.equal(healthText({ http: 'http://127.0.0.1:8680/health', timeout: 30 }), 'HTTP GET http://127.0.0.1:8680/health answers with a status below 400, within 30 s');
  });

  test('Test Connection: reachable, authenticated, host key known, sudo, disk space', async () => {
    const results = await vscode.commands.executeCommand<ConnectionCheck[]>('dubboTopology.testConnection', 'app-1');
    assert.equal(results.length, 1);
    const r = results[0];
    assert.deepEqual([r.hostId, r.reachable, r.authenticated, r.hostKey, r.sudo, r.error], ['app-1', true, true, 'known', 'root', undefined]);
    assert.ok(r.disk.length > 0 && r.disk.every((d) => d.availableKb > 0));
  });

  test('Test Connection of several hosts: a short summary, then one line per host for the Output channel', async () => {
    const { connectionTestText } = await import('../../src/vscode/deployCommands');
    const refused = (hostId: string): ConnectionCheck => ({
      hostId,
      reachable: false,
      authenticated: false,
      hostKey: 'unchecked',
      disk: [],
      error: {
        code: 'connect-failed',
        message: `cannot connect to ${hostId} (deploy@127.0.0.1:1): connect ECONNREFUSED 127.0.0.1:1`,
        ref: { id: 'connect/refused', data: { host: hostId, target: 'deploy@127.0.0.1:1', address: '127.0.0.1', detail: 'connect ECONNREFUSED 127.0.0.1:1' } },
      },
      durationMs: 3,
    });
    const good: ConnectionCheck = { hostId: 'app-1', reachable: true, authenticated: true, hostKey: 'known', sudo: 'root', disk: [{ path: '/opt/order', availableKb: 8 * 1024 * 1024, usePercent: 12 }], durationMs: 40 };
    const text = connectionTestText([refused('api-1'), good, refused('api-2')]);
    assert.equal(text.summary, 'Connection test: 1 of 3 host(s) OK. Not OK: api-1, api-2.');
    assert.deepEqual(text.lines, [
      'api-1: ✗ cannot connect to api-1 (deploy@127.0.0.1:1): the connection was refused, so nothing listens on that port or a firewall turns it away (connect ECONNREFUSED 127.0.0.1:1)',
      'app-1: ✓ reachable · ✓ authenticated · ✓ host key: known · ✓ sudo: root · ✓ disk /opt/order: 8.0 GB free (12% used)',
      'api-2: ✗ cannot connect to api-2 (deploy@127.0.0.1:1): the connection was refused, so nothing listens on that port or a firewall turns it away (connect ECONNREFUSED 127.0.0.1:1)',
    ]);
    assert.equal(connectionTestText([good]).summary, 'Connection test: 1 of 1 host(s) OK.');
  });

  test('a failed Roll Back says it was a rollback and what became of every host; so does a failed Deploy', async () => {
    const { reportMessage } = await import('../../src/vscode/deployCommands');
    const refused = { errorCode: 'connect-failed', message: 'cannot connect to app-2 (deploy@127.0.0.1:1): connect ECONNREFUSED 127.0.0.1:1', durationMs: 1 };
    const outcomes: DeployReport['outcomes'] = [
      { serviceId: 'order', hostId: 'app-2', status: 'failed', step: 'connect', ...refused },
      { serviceId: 'order', hostId: 'app-1', status: 'skipped', durationMs: 0 },
    ];
    assert.equal(
      reportMessage('order', { action: 'rollback', outcomes, problems: [], ok: false, cancelled: false }),
      'Rollback of order failed: cannot reach app-2; app-1: not tried, the rollback stopped after the failure.',
    );
    assert.equal(
      reportMessage('order', { action: 'deploy', outcomes: [{ ...outcomes[0] }, { serviceId: 'order', hostId: 'app-1', status: 'deployed', release: '20260102T030405Z', durationMs: 9 }], problems: [], ok: false, cancelled: false }),
      'Deploy of order failed: cannot reach app-2; app-1: deployed 20260102T030405Z.',
    );
    assert.equal(
      reportMessage('order', { action: 'rollback', outcomes: [{ serviceId: 'order', hostId: 'app-2', status: 'rolled-back', release: '20260101T000000Z', durationMs: 9 }, { serviceId: 'order', hostId: 'app-1', status: 'cancelled', durationMs: 0 }], problems: [], ok: false, cancelled: true }),
      'Rollback of order cancelled: 1 host(s) done, 1 cancelled. unchanged: app-1',
    );
    // An nginx host put back on its config backup, and a failure told from its message.
    const reload = { serviceId: 'gateway', hostId: 'api-1', status: 'failed' as const, step: 'swap', errorCode: 'reload-failed', message: 'api-1: reload exited with 1', durationMs: 1 };
    assert.equal(
      reportMessage('gateway', { action: 'deploy', outcomes: [{ ...reload, rollback: { ok: true, release: PREVIOUS_CONFIG } }], problems: [], ok: false, cancelled: false }),
      'Deploy of gateway failed: nginx reload failed on api-1 — its previous config restored.',
    );
    const switched = { ...reload, serviceId: 'order', errorCode: 'command-failed', messageRef: { id: 'error/exited', data: { host: 'api-1', what: { id: 'what/switch' }, code: 1 } } };
    assert.equal(
      reportMessage('order', { action: 'deploy', outcomes: [switched], problems: [], ok: false, cancelled: false }),
      'Deploy of order failed: api-1: switching current exited with 1.',
    );
  });

  test('Deploy Service deploys order to both hosts (build, upload, switch, restart, health)', async () => {
    const report = await vscode.commands.executeCommand<DeployReport>('dubboTopology.deployService', 'order', { confirm: false });
    assert.ok(report, 'the command ran');
    assert.deepEqual(report.outcomes.map((o) => [o.hostId, o.status]), [['app-2', 'deployed'], ['app-1', 'deployed']], JSON.stringify(report.outcomes));
    const r = await sh(`curl -fsS http://127.0.0.1:${lab.ports.get('app-2/order')}/`);
    assert.equal(JSON.parse(r.stdout).ipToRegistry, '139.159.250.208');
    const journal = await vscode.workspace.fs.readFile(vscode.Uri.file(join(root, '.dubbo-topology', 'deploy-log.jsonl')));
    assert.match(Buffer.from(journal).toString('utf8'), /"host":"app-1".*"step":"health","result":"ok"/);
  });

  test('Roll Back Service returns both hosts to the previous release', async () => {
    const again = await vscode.commands.executeCommand<DeployReport>('dubboTopology.deployService', 'order', { confirm: false });
    assert.ok(again.ok);
    const back = await vscode.commands.executeCommand<DeployReport>('dubboTopology.rollbackService', 'order', { confirm: false });
    assert.deepEqual(back.outcomes.map((o) => [o.hostId, o.status, o.release]), again.outcomes.map((o) => [o.hostId, 'rolled-back', o.previous]));
  });

  test('Open SSH Terminal opens a terminal on the host', async () => {
    const terminal = await vscode.commands.executeCommand<vscode.Terminal>('dubboTopology.openSshTerminal', 'api-1');
    assert.equal(terminal.name, 'SSH: api-1');
    terminal.dispose();
  });
});
