import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { DEFAULT_COMMAND_TIMEOUT_S, DEFAULT_RESTART_TIMEOUT_S, runDeploy, timeoutsFromSeconds } from '../../../src/deploy/engine';
import { APP_RESTART, appTopologyYaml, startLab, type Lab } from '../../support/deployLab';
import { repoRoot } from '../support/context';

describe('deploy timeouts', () => {
  test('the settings exist with the engine\'s defaults', () => {
    const props = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).contributes.configuration.properties;
    assert.equal(props['dubboTopology.deploy.commandTimeoutSeconds'].default, DEFAULT_COMMAND_TIMEOUT_S);
    assert.equal(props['dubboTopology.deploy.restartTimeoutSeconds'].default, DEFAULT_RESTART_TIMEOUT_S);
    assert.deepEqual(timeoutsFromSeconds({}), { commandMs: 60000, restartMs: 120000 });
    assert.deepEqual(timeoutsFromSeconds({ commandSeconds: 5, restartSeconds: 600 }), { commandMs: 5000, restartMs: 600000 });
    assert.deepEqual(timeoutsFromSeconds({ commandSeconds: 0, restartSeconds: Number.NaN }), { commandMs: 60000, restartMs: 120000 });
  });

  describe('against a real sshd host', () => {
    let lab: Lab;
    before(async () => {
      lab = await startLab(['a1']);
    });
    after(async () => {
      await lab.stop();
    });

    test('a restart that outlasts the restart timeout fails the host, and the rollback restarts the old release', async () => {
      const yaml = (restart: string) => appTopologyYaml(lab, 'a1', { restart: JSON.stringify(restart), health: null });
      const run = async (restart: string, restartSeconds?: number) => {
        const topology = lab.load(yaml(restart));
        const rt = lab.runtime(topology);
        try {
          return await runDeploy(planDeploy(topology, { service: 'app' }, lab.root), { topology, root: lab.root, session: rt.session, log: rt.log, timeouts: timeoutsFromSeconds({ restartSeconds }) });
        } finally {
          await rt.pool.closeAll();
        }
      };
      lab.writeApp('1.0.0');
      assert.equal((await run(APP_RESTART)).outcomes[0].status, 'deployed');
      const first = lab.currentRelease('a1');
      lab.writeApp('2.0.0');
      const t0 = Date.now();
      // The new release's restart hangs; the old one's (the rollback) is quick.
      const slow = `if grep -q 2.0.0 "$DEPLOY_ARTIFACT"; then sleep 60; fi; ${APP_RESTART}`;
      const o = (await run(slow, 5)).outcomes[0];
      assert.ok(Date.now() - t0 < 40000, `took ${Date.now() - t0} ms`);
      assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'restart', 'restart-failed']);
      assert.match(o.message!, /restart timed out/);
      assert.deepEqual(o.rollback, { ok: true, release: first });
      assert.equal(lab.currentRelease('a1'), first);
      // Without a health check the deploy does not wait for the restarted app to listen: give it the time to start.
      let served: string | undefined;
      for (let deadline = Date.now() + 15000; served === undefined && Date.now() < deadline; ) {
        served = await lab.fetch('a1');
        if (served === undefined) await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(JSON.parse(served!).version, '1.0.0');
    });
  });
});
