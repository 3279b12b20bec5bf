import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../../src/core/topology/parse';
import { planDeploy } from '../../../src/deploy/plan';
import { runDeploy } from '../../../src/deploy/engine';
import { DeployLog } from '../../../src/deploy/log';
import { SshPool } from '../../../src/ssh/pool';
import { hostSessions } from '../../../src/ssh/hostSessions';
import { startExampleLab, type ExampleLab } from '../../support/exampleLab';
import { sh, tempDir } from '../../support/sshd';
import { exampleDir } from '../support/context';

describe('the example pointed at loopback sshd hosts', () => {
  let lab: ExampleLab;
  let ws: string;
  before(async () => {
    ws = join(tempDir('example-lab-'), 'two-region');
    cpSync(exampleDir, ws, { recursive: true });
    lab = await startExampleLab(ws);
  });
  after(async () => {
    await lab.stop();
  });

  test('the rewritten topology is valid and every host points at its loopback sshd', () => {
    const { topology, findings } = parseTopology('dubbo-topology.yaml', readFileSync(join(ws, 'dubbo-topology.yaml'), 'utf8'));
    assert.deepEqual(findings.filter((f) => f.rule === 'topology-schema' || f.rule === 'topology-syntax'), []);
    for (const h of topology.hosts) {
      assert.equal(h.ssh?.host?.value, '127.0.0.1', h.id);
      assert.equal(h.ssh?.port?.value, lab.hosts.get(h.id)!.port, h.id);
    }
    assert.ok(topology.serviceById.get('order')?.deploy?.build);
    assert.deepEqual(topology.serviceById.get('driver')?.deploy?.order, ['east-2', 'east-1']);
  });

  test('Deploy All builds, deploys order and driver region by region, and both serve', async () => {
    const { topology } = parseTopology('dubbo-topology.yaml', readFileSync(join(ws, 'dubbo-topology.yaml'), 'utf8'));
    const plan = planDeploy(topology, { all: true }, ws);
    assert.deepEqual(plan.services.map((s) => [s.serviceId, s.batches.flat().map((h) => h.hostId)]), [['order', ['app-2', 'app-1']], ['driver', ['app-2', 'app-1']]]);
    const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: lab.knownHostsFile });
    const report = await runDeploy(plan, { topology, root: ws, session: hostSessions(topology, pool, { home: ws, localUser: 'root', baseDir: ws, defaultIdentityFiles: [] }), log: new DeployLog({ root: ws }) });
    await pool.closeAll();
    assert.ok(report.ok, JSON.stringify(report.outcomes.filter((o) => o.status !== 'deployed'), null, 1));
    const r = await sh(`curl -fsS http://127.0.0.1:${lab.ports.get('app-2/order')}/`);
    const body = JSON.parse(r.stdout);
    assert.deepEqual([body.service, body.host, body.ipToRegistry], ['order', 'app-2', '139.159.250.208']);
  });
});
