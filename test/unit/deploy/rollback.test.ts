/**
 * Where a rollback goes: the automatic one after a failed deploy puts `current` back exactly as it
 * was, and Roll Back Service returns to the release that was live before the current one was
 * deployed, which pruning keeps.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { rollbackService, runDeploy, type DeployOptions } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { appSource, appTopologyYaml, startLab, type Lab } from '../../support/deployLab';

function yamlFor(lab: Lab, host: string, o: { keep?: number; healthTimeout?: number } = {}): string {
  return appTopologyYaml(lab, host, { keep: o.keep ?? 2, healthTimeout: o.healthTimeout });
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
    const topology = lab.load(yamlFor(lab, 'legacy', { healthTimeout: 5 }));
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

  const manifest = (host: string, release: string) => JSON.parse(readFileSync(join(lab.remote, host, 'app', 'releases', release, '.deploy.json'), 'utf8'));

  test('after a roll back, the next deploy keeps the release it replaced and Roll Back returns to it', async () => {
    const topology = lab.load(yamlFor(lab, 'h1', { keep: 2 }));
    lab.writeApp('A');
    await deploy(topology);
    const a = lab.currentRelease('h1')!;
    lab.writeApp('B');
    await deploy(topology);
    const b = lab.currentRelease('h1')!;
    assert.equal(manifest('h1', b).previous, a);
    assert.deepEqual((await rollBack(topology)).outcomes.map((o) => [o.status, o.release]), [['rolled-back', a]]);
    assert.equal(await version('h1'), 'A');
    lab.writeApp('C');
    const deployed = (await deploy(topology)).outcomes[0];
    const c = lab.currentRelease('h1')!;
    assert.deepEqual([deployed.status, deployed.previous], ['deployed', a]);
    assert.equal(manifest('h1', c).previous, a);
    // keep 2 keeps B and C by age; A stays too, as the release C replaced.
    assert.deepEqual(lab.releases('h1'), [a, b, c]);
    const back = (await rollBack(topology)).outcomes[0];
    assert.deepEqual([back.status, back.release, back.previous], ['rolled-back', a, c]);
    assert.equal(lab.currentRelease('h1'), a);
    assert.equal(await version('h1'), 'A');
    // A was the first release: nothing was live before it.
    const again = (await rollBack(topology)).outcomes[0];
    assert.deepEqual([again.status, again.errorCode], ['failed', 'no-previous-release']);
    assert.match(again.message!, /no release was live before/);
    assert.equal(lab.currentRelease('h1'), a);
  });

  test('keep: 1 still keeps the release that was live, so Roll Back works', async () => {
    const topology = lab.load(yamlFor(lab, 'k1', { keep: 1 }));
    lab.writeApp('D1');
    await deploy(topology);
    const d1 = lab.currentRelease('k1')!;
    lab.writeApp('D2');
    await deploy(topology);
    const d2 = lab.currentRelease('k1')!;
    assert.deepEqual(lab.releases('k1'), [d1, d2]);
    lab.writeApp('D3');
    await deploy(topology);
    const d3 = lab.currentRelease('k1')!;
    assert.deepEqual(lab.releases('k1'), [d2, d3], 'at most keep + 1 releases');
    const back = (await rollBack(topology)).outcomes[0];
    assert.deepEqual([back.status, back.release], ['rolled-back', d2]);
    assert.equal(await version('k1'), 'D2');
  });

  test('a release whose manifest predates the recorded history rolls back to the release before it by name', async () => {
    const topology = lab.load(yamlFor(lab, 'k1', { keep: 1 }));
    lab.writeApp('D4');
    await deploy(topology);
    const d4 = lab.currentRelease('k1')!;
    const [d2] = lab.releases('k1');
    const file = join(lab.remote, 'k1', 'app', 'releases', d4, '.deploy.json');
    const { previous: _previous, ...old } = manifest('k1', d4);
    writeFileSync(file, JSON.stringify(old));
    const back = (await rollBack(topology)).outcomes[0];
    assert.deepEqual([back.status, back.release], ['rolled-back', d2]);
  });
});
