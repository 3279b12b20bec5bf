/**
 * Putting a host back after a failure the connection itself caused, and saying so when it could
 * not be put back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { runDeploy, type DeployOptions } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { APP_HEALTH, APP_RESTART, startLab, type Lab } from '../../support/deployLab';

function yamlFor(lab: Lab, host: string, healthTimeout = 5): string {
  return `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
      ${host}: { internal: 10.0.0.1, ssh: { host: 127.0.0.1, port: ${lab.hosts.get(host)!.port}, user: root }, services: [app] }
services:
  app:
    kind: http
    port: 80
    deploy:
      artifact: app/dist/app-*.js
      dir: ${lab.remote}/{host}/app
      restart: ${JSON.stringify(APP_RESTART)}
      health: { command: ${JSON.stringify(APP_HEALTH)}, timeout: ${healthTimeout} }
      keep: 3
`;
}

describe('recovery after a failed deploy', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab(['d1', 'd2', 'f1']);
  });
  after(async () => {
    await lab.stop();
  });

  async function deploy(topology: Topology, extra: Partial<DeployOptions> = {}) {
    const rt = lab.runtime(topology);
    try {
      return await runDeploy(planDeploy(topology, { service: 'app' }, lab.root), { topology, root: lab.root, session: rt.session, log: rt.log, ...extra });
    } finally {
      await rt.pool.closeAll();
    }
  }
  const version = async (host: string) => JSON.parse((await lab.fetch(host)) ?? '{}').version as string | undefined;
  const journal = () => readFileSync(join(lab.root, '.dubbo-topology', 'deploy-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  test('the connection drops during the health check: reconnect, roll back, report the health step', async () => {
    lab.writeApp('1.0.0');
    assert.equal((await deploy(lab.load(yamlFor(lab, 'd1')))).outcomes[0].status, 'deployed');
    const before = lab.currentRelease('d1');
    lab.writeApp('2.0.0', 'crash');
    let killed = false;
    const report = await deploy(lab.load(yamlFor(lab, 'd1', 6)), {
      onProgress: (p) => {
        if (p.step === 'health' && !killed) {
          killed = true;
          setTimeout(() => void lab.hosts.get('d1')!.killConnections(), 1000);
        }
      },
    });
    assert.ok(killed);
    const o = report.outcomes[0];
    assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'health', 'connection-lost']);
    assert.deepEqual(o.rollback, { ok: true, release: before });
    assert.equal(o.leftOn, undefined);
    assert.equal(lab.currentRelease('d1'), before);
    assert.equal(await version('d1'), '1.0.0');
    assert.ok(!lab.releases('d1').includes(o.release!), 'the failed release is removed');
  });

  test('the host cannot be reached again: the outcome says it was left on the new release', async () => {
    lab.writeApp('1.0.0');
    assert.equal((await deploy(lab.load(yamlFor(lab, 'd2')))).outcomes[0].status, 'deployed');
    const before = lab.currentRelease('d2');
    lab.writeApp('2.0.0', 'crash');
    const host = lab.hosts.get('d2')!;
    let stopped = false;
    try {
      const report = await deploy(lab.load(yamlFor(lab, 'd2', 6)), {
        onProgress: (p) => {
          if (p.step === 'health' && !stopped) {
            stopped = true;
            setTimeout(() => void host.stop(), 1000);
          }
        },
      });
      const o = report.outcomes[0];
      assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'health', 'connection-lost']);
      assert.equal(o.rollback?.ok, false);
      assert.equal(o.rollback?.release, before);
      assert.equal(o.leftOn, o.release);
      assert.equal(lab.currentRelease('d2'), o.release);
      const last = journal().filter((l) => l.host === 'd2' && l.step === 'host').pop();
      assert.match(last.detail, new RegExp(`host left changed: ${o.release} is live`));
    } finally {
      await host.restart();
    }
  });

  test('a failed first deploy has nothing to go back to: the outcome says the new release is live', async () => {
    lab.writeApp('0.1.0', 'crash');
    const o = (await deploy(lab.load(yamlFor(lab, 'f1', 1)))).outcomes[0];
    assert.deepEqual([o.status, o.step], ['failed', 'health']);
    assert.deepEqual(o.rollback, { ok: false, message: 'no previous release to roll back to' });
    assert.equal(o.leftOn, o.release);
    assert.equal(lab.currentRelease('f1'), o.release);
  });
});
