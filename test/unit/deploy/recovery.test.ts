/**
 * Putting a host back after a failure the connection itself caused, and saying so when it could
 * not be put back.
 */
import { sshText } from '../../../src/core/sshMessages';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { aftermath, runDeploy, type DeployOptions } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { SshError } from '../../../src/ssh/errors';
import { APP_RESTART, appTopologyYaml, startLab, type Lab } from '../../support/deployLab';

function yamlFor(lab: Lab, host: string, healthTimeout = 5, o: { unit?: boolean; health?: string } = {}): string {
  return appTopologyYaml(lab, host, { restart: o.unit ? '{ unit: app.service }' : undefined, health: o.health, healthTimeout, keep: 3 });
}

describe('recovery after a failed deploy', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab(['d1', 'd2', 'f1', 's1', 's2', 'c1', 'c2', 'c3']);
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
    const topology = lab.load(yamlFor(lab, 'd2', 6));
    const rt = lab.runtime(topology);
    // Once the connection is cut, the host answers no new one (as when its network is down).
    let cut = false;
    const reconnects: string[] = [];
    const session: DeployOptions['session'] = (hostId, signal) => {
      if (!cut) return rt.session(hostId, signal);
      reconnects.push(hostId);
      return Promise.reject(new SshError('connect-failed', hostId, `cannot reach ${hostId}`));
    };
    let report;
    try {
      report = await runDeploy(planDeploy(topology, { service: 'app' }, lab.root), {
        topology,
        root: lab.root,
        session,
        log: rt.log,
        onProgress: (p) => {
          if (p.step === 'health' && !cut) {
            setTimeout(() => {
              cut = true;
              void lab.hosts.get('d2')!.killConnections();
            }, 1000);
          }
        },
      });
    } finally {
      await rt.pool.closeAll();
    }
    const o = report.outcomes[0];
    assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'health', 'connection-lost']);
    // What failed, to tell in the user's language.
    assert.equal(o.messageRef?.id, 'lost/command');
    assert.match(sshText(o.messageRef!, 'zh-cn'), /^执行 `.*` 时与 d2（root@127\.0\.0\.1:\d+）的连接中断/);
    assert.ok(reconnects.length > 0, 'a new connection was asked for');
    assert.equal(o.rollback?.ok, false);
    assert.equal(o.rollback?.release, before);
    assert.match(o.rollback?.message ?? '', /cannot reach d2/);
    assert.equal(o.leftOn, o.release);
    assert.deepEqual(aftermath(o), { state: 'rollback-failed', live: o.release, message: o.rollback?.message });
    assert.equal(lab.currentRelease('d2'), o.release);
    const last = journal().filter((l) => l.host === 'd2' && l.step === 'host').pop();
    assert.match(last.detail, new RegExp(`host left changed: ${o.release} is live`));
  });

  test('a failed first deploy has nothing to go back to: the outcome says the new release is live', async () => {
    lab.writeApp('0.1.0', 'crash');
    const o = (await deploy(lab.load(yamlFor(lab, 'f1', 1)))).outcomes[0];
    assert.deepEqual([o.status, o.step], ['failed', 'health']);
    assert.deepEqual(o.rollback, { ok: false, message: 'no previous release to roll back to', messageRef: { id: 'detail/no-previous-to-roll-back' } });
    assert.equal(o.leftOn, o.release);
    assert.equal(lab.currentRelease('f1'), o.release);
  });

  /** A stand-in for systemctl on the host: records each call with the drop-in's last line at that moment. */
  function systemd(name: string) {
    const unitDir = join(lab.dir, `systemd-${name}`);
    const dropIn = join(unitDir, 'app.service.d', 'dubbo-topology.conf');
    const calls = join(lab.dir, `systemctl-${name}-calls`);
    const systemctl = join(lab.dir, `systemctl-${name}`);
    writeFileSync(systemctl, `#!/bin/sh\necho "$* | $(tail -n 1 '${dropIn}' 2>/dev/null || echo none)" >> '${calls}'\n`);
    chmodSync(systemctl, 0o755);
    return {
      options: { systemd: { unitDir, systemctl } },
      dropIn,
      calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []),
      clear: () => writeFileSync(calls, ''),
    };
  }

  test('a first deploy cancelled before the switch removes the drop-in it wrote, and systemd is reloaded', async () => {
    const sd = systemd('s2');
    lab.writeApp('1.0.0');
    const ac = new AbortController();
    const report = await deploy(lab.load(yamlFor(lab, 's2', 5, { unit: true })), {
      ...sd.options,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 'switch') ac.abort();
      },
    });
    const o = report.outcomes[0];
    assert.deepEqual([o.status, o.step], ['cancelled', 'switch'], JSON.stringify(o));
    assert.equal(lab.currentRelease('s2'), undefined);
    assert.ok(!existsSync(sd.dropIn), 'the drop-in is gone');
    assert.ok(!existsSync(join(sd.dropIn, '..')), 'and the directory it was created in');
    assert.deepEqual(sd.calls(), ['daemon-reload | none']);
  });

  test('a failed deploy puts an earlier drop-in back before restarting the old release', async () => {
    const sd = systemd('s1');
    lab.writeApp('1.0.0');
    // The health check passes for any release but the one whose artifact says BAD.
    const health = '! grep -q BAD "$DEPLOY_ARTIFACT"';
    const first = await deploy(lab.load(yamlFor(lab, 's1', 1, { unit: true, health })), sd.options);
    assert.equal(first.outcomes[0].status, 'deployed', JSON.stringify(first.outcomes[0]));
    const ours = `EnvironmentFile=-${lab.remote}/s1/app/current/.deploy.env`;
    assert.equal(readFileSync(sd.dropIn, 'utf8'), `[Service]\n${ours}\n`);
    // A drop-in of the host's own (say, written by an earlier version, without the "-").
    const own = `[Service]\nEnvironmentFile=${lab.remote}/s1/app/current/.deploy.env\n`;
    mkdirSync(join(sd.dropIn, '..'), { recursive: true });
    writeFileSync(sd.dropIn, own);
    sd.clear();
    const before = lab.currentRelease('s1');
    lab.writeApp('BAD');
    const o = (await deploy(lab.load(yamlFor(lab, 's1', 1, { unit: true, health })), sd.options)).outcomes[0];
    assert.deepEqual([o.status, o.step], ['failed', 'health'], JSON.stringify(o));
    assert.deepEqual(o.rollback, { ok: true, release: before });
    assert.equal(readFileSync(sd.dropIn, 'utf8'), own);
    const theirs = own.trim().split('\n').pop();
    assert.deepEqual(sd.calls(), [`daemon-reload | ${ours}`, `restart app.service | ${ours}`, `daemon-reload | ${theirs}`, `restart app.service | ${theirs}`]);
  });

  test('a cancel reports per host what became of it: put back, left on the new release, or unchanged', async () => {
    const port = (h: string) => lab.hosts.get(h)!.port;
    const yaml = (restart: string) => `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
${['c1', 'c2', 'c3'].map((h, i) => `      ${h}: { internal: 10.0.0.${i + 1}, ssh: { host: 127.0.0.1, port: ${port(h)}, user: root }, services: [app] }`).join('\n')}
services:
  app:
    kind: http
    port: 80
    deploy:
      artifact: app/dist/app-*.js
      dir: ${lab.remote}/{host}/app
      restart: ${JSON.stringify(restart)}
      serial: 2
`;
    lab.writeApp('1.0.0');
    const first = lab.load(yaml(APP_RESTART));
    const rt = lab.runtime(first);
    try {
      const r = await runDeploy(planDeploy(first, { service: 'app', host: 'c1' }, lab.root), { topology: first, root: lab.root, session: rt.session, log: rt.log });
      assert.equal(r.outcomes[0].status, 'deployed');
    } finally {
      await rt.pool.closeAll();
    }
    const c1 = lab.currentRelease('c1')!;
    // c1 has a release to go back to, c2 gets its first one; both are cancelled while restarting.
    lab.writeApp('2.0.0');
    const ac = new AbortController();
    const restarting = new Set<string>();
    const report = await deploy(lab.load(yaml(`${APP_RESTART}; sleep 3`)), {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step !== 'restart' || !p.hostId || restarting.has(p.hostId)) return;
        restarting.add(p.hostId);
        if (restarting.size === 2) setTimeout(() => ac.abort(), 300);
      },
    });
    assert.ok(report.cancelled);
    const byHost = new Map(report.outcomes.map((o) => [o.hostId, o]));
    assert.deepEqual(report.outcomes.map((o) => [o.hostId, o.status]), [['c1', 'cancelled'], ['c2', 'cancelled'], ['c3', 'cancelled']]);
    assert.deepEqual(aftermath(byHost.get('c1')!), { state: 'rolled-back', release: c1 });
    const c2 = byHost.get('c2')!;
    assert.deepEqual(aftermath(c2), { state: 'no-previous', live: c2.release });
    assert.equal(lab.currentRelease('c2'), c2.release);
    assert.deepEqual(aftermath(byHost.get('c3')!), { state: 'unchanged' });
    assert.equal(lab.currentRelease('c3'), undefined);
  });
});
