/**
 * Deploy and Roll Back with hosts that cannot be reached: each host's outcome is in the report, a
 * failed host asks whether to go on (as Deploy does), and the journal's summary names the service.
 * No connection is made: the session function refuses as SSH does for a closed port.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../../src/core/topology/parse';
import { rollbackService, runDeploy, type DeployOptions, type HostOutcome } from '../../../src/deploy/engine';
import { DeployLog } from '../../../src/deploy/log';
import { planDeploy } from '../../../src/deploy/plan';
import { sshError } from '../../../src/ssh/errors';
import { tempDir } from '../../support/sshd';

const YAML = `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
      h1: { internal: 10.0.0.1, external: 203.0.113.1, services: [app] }
      h2: { internal: 10.0.0.2, external: 203.0.113.2, services: [app] }
services:
  app:
    kind: http
    deploy: { artifact: app.jar, dir: /srv/app, serial: 1 }
`;

function setup(): { options: (asked: string[], answer: boolean) => DeployOptions; lines: string[]; root: string } {
  const root = tempDir('deploy-unreachable-');
  writeFileSync(join(root, 'app.jar'), 'jar');
  const { topology } = parseTopology('dubbo-topology.yaml', YAML);
  const lines: string[] = [];
  const log = new DeployLog({ output: (l) => lines.push(l), now: () => new Date('2026-01-02T03:04:05Z') });
  const session: DeployOptions['session'] = (hostId) =>
    Promise.reject(sshError('connect-failed', 'connect/refused', { host: hostId, target: 'deploy@127.0.0.1:1', address: '127.0.0.1', detail: 'connect ECONNREFUSED 127.0.0.1:1' }));
  return {
    root,
    lines,
    options: (asked, answer) => ({
      topology,
      root,
      session,
      log,
      continueAfterFailure: async (f: HostOutcome) => {
        asked.push(f.hostId);
        return answer;
      },
    }),
  };
}

test('the journal\'s summary of a deploy names its service, with one space between the words', async () => {
  const { options, lines, root } = setup();
  const o = options([], false);
  const report = await runDeploy(planDeploy(o.topology, { service: 'app' }, root), o);
  assert.deepEqual(report.outcomes.map((x) => [x.hostId, x.status]), [['h1', 'failed'], ['h2', 'skipped']]);
  const summary = lines.find((l) => / summary: /.test(l));
  assert.equal(summary?.split('\n')[0], '[2026-01-02T03:04:05.000Z] deploy app summary: failed');
  assert.ok(lines.every((l) => !/ {2}/.test(l.split('\n')[0])), lines.join('\n'));
});

test('Roll Back asks whether to go on after a host fails, as Deploy does, and reports every host', async () => {
  const { options, lines } = setup();
  const asked: string[] = [];
  const stop = await rollbackService('app', options(asked, false));
  assert.deepEqual(asked, ['h1']);
  assert.deepEqual(stop.outcomes.map((x) => [x.hostId, x.status]), [['h1', 'failed'], ['h2', 'skipped']]);
  assert.equal(stop.action, 'rollback');
  assert.equal(lines.find((l) => / summary: /.test(l))?.split('\n')[0], '[2026-01-02T03:04:05.000Z] rollback app summary: failed');
  const goOn: string[] = [];
  const all = await rollbackService('app', options(goOn, true));
  assert.deepEqual(goOn, ['h1']);
  assert.deepEqual(all.outcomes.map((x) => [x.hostId, x.status, x.messageRef?.id]), [['h1', 'failed', 'connect/refused'], ['h2', 'failed', 'connect/refused']]);
});
