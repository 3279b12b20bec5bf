/**
 * Where a rollback goes: the automatic one after a failed deploy puts `current` back exactly as it
 * was, and Roll Back Service returns to the release that was live before the current one was
 * deployed, which pruning keeps.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { rollbackService, runDeploy, type DeployOptions } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { APP_HEALTH, APP_RESTART, appSource, startLab, type Lab } from '../../support/deployLab';

function yamlFor(lab: Lab, host: string, o: { keep?: number; healthTimeout?: number } = {}): string {
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
      health: { command: ${JSON.stringify(APP_HEALTH)}, timeout: ${o.healthTimeout ?? 5} }
      keep: ${o.keep ?? 2}
`;
}

describe('rollback targets', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab(['legacy', 'h1', 'k1']);
  });
  after(async () => {
    await lab.stop();
  });

  async function withOptions<T>(topology: Topology, fn: (o: DeployOptions) => Promise<T>): Promise<T> {
    const rt = lab.runtime(topology);
    try {
      return await fn({ topology, root: lab.root, session: rt.session, log: rt.log });
    } finally {
      await rt.pool.closeAll();
    }
  }
  const deploy = (topology: Topology) => withOptions(topology, (o) => runDeploy(planDeploy(topology, { service: 'app' }, lab.root), o));
  const rollBack = (topology: Topology) => withOptions(topology, (o) => rollbackService('app', o));
  const version = async (host: string) => JSON.parse((await lab.fetch(host)) ?? '{}').version as string | undefined;

  test('a failed first deploy over an existing install outside releases/ puts its link back exactly', async () => {
    const dir = join(lab.remote, 'legacy', 'app');
    const legacy = join(dir, 'legacy');
    mkdirSync(legacy, { recursive: true });
    writeFileSync(join(legacy, 'app.js'), appSource('legacy', 'ok'));
    writeFileSync(join(legacy, '.deploy.env'), `DEPLOY_ARTIFACT="${legacy}/app.js"\n`);
    symlinkSync(legacy, join(dir, 'current'));
    const topology = lab.load(yamlFor(lab, 'legacy', { healthTimeout: 2 }));
    lab.writeApp('bad', 'crash');
    const o = (await deploy(topology)).outcomes[0];
    assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'health', 'health-failed']);
    assert.equal(o.previous, legacy);
    assert.deepEqual(o.rollback, { ok: true, release: legacy });
    assert.equal(readlinkSync(join(dir, 'current')), legacy);
    assert.equal(await version('legacy'), 'legacy');
    assert.deepEqual(lab.releases('legacy'), [], 'the failed release is removed');
    // Roll Back Service has no release to go to: the install is not one of ours.
    const back = (await rollBack(topology)).outcomes[0];
    assert.deepEqual([back.status, back.errorCode], ['failed', 'no-previous-release']);
    assert.equal(readlinkSync(join(dir, 'current')), legacy);
  });
});
