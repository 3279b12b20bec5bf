import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import { planDeploy, type DeployScope } from '../../../src/deploy/plan';
import { DeployLog } from '../../../src/deploy/log';
import { deployText } from '../../../src/deploy/messages';
import { rollbackService, runDeploy, type DeployOptions, type DeployProgress } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { APP_HEALTH, APP_RESTART, LabPrompter, startLab, type Lab } from '../../support/deployLab';
import { sh } from '../../support/sshd';
import { resolveTarget } from '../../../src/ssh/target';

interface YamlOpts {
  serial?: number;
  order?: string[];
  keep?: number;
  healthTimeout?: number;
  restart?: string;
  jump?: boolean;
}

function yamlFor(lab: Lab, o: YamlOpts = {}): string {
  const port = (id: string) => lab.hosts.get(id)!.port;
  const restart = o.restart ?? APP_RESTART;
  return `version: 1
regions:
  east-1:
    lan: [192.168.27.0/24]
    properties:
      zookeeper.host: zookeeper://192.168.27.101:2181
    hosts:
      a1:
        internal: 192.168.27.101
        external: 203.0.113.1
        ssh: { host: 127.0.0.1, port: ${port('a1')}, user: root }
        services: [app]
      a2:
        internal: 192.168.27.102
        external: 203.0.113.2
        ssh: { host: 127.0.0.1, port: ${port('a2')}, user: root }
        properties:
          zookeeper.host: zookeeper://203.0.113.1:2181
          app.label: "two words"
        services: [app]
  east-2:
    lan: [${o.jump ? '127.0.0.0/8' : '172.16.8.0/24'}]
    hosts:
      b1:
        internal: ${o.jump ? '127.0.0.1' : '172.16.8.101'}
${o.jump ? '' : '        external: 198.51.100.1\n'}        ssh: ${o.jump ? `{ port: ${port('b1')}, user: root, via: a1 }` : `{ host: 127.0.0.1, port: ${port('b1')}, user: root }`}
        services: [app]
services:
  app:
    kind: dubbo-provider
    port: 20880
    ports: { external: 30880 }
    registerAs: external
    deploy:
      artifact: app/dist/app-*.js
      dir: ${lab.remote}/{host}/app
      restart: ${JSON.stringify(restart)}
      health: { command: ${JSON.stringify(APP_HEALTH)}, timeout: ${o.healthTimeout ?? 5} }
      serial: ${o.serial ?? 1}
      order: ${JSON.stringify(o.order ?? ['east-2', 'east-1'])}
      keep: ${o.keep ?? 3}
      env: { APP_MODE: "blue green" }
`;
}

describe('deploy engine against real sshd hosts', () => {
  let lab: Lab;
  before(async () => {
    lab = await startLab(['a1', 'a2', 'b1']);
  });
  after(async () => {
    await lab.stop();
  });

  function options(topology: Topology, extra: Partial<DeployOptions> = {}): DeployOptions & { close(): Promise<void> } {
    const rt = lab.runtime(topology);
    return { topology, root: lab.root, session: rt.session, log: rt.log, close: () => rt.pool.closeAll(), ...extra };
  }

  async function deploy(topology: Topology, scope: DeployScope, extra: Partial<DeployOptions> = {}) {
    const o = options(topology, extra);
    try {
      return await runDeploy(planDeploy(topology, scope, lab.root), o);
    } finally {
      await o.close();
    }
  }

  test('dry run: plan lists hosts in order, files and commands, and executes nothing', async () => {
    lab.writeApp('1.0.0');
    const topology = lab.load(yamlFor(lab, { serial: 2 }));
    const plan = planDeploy(topology, { service: 'app' }, lab.root);
    assert.deepEqual(plan.problems, []);
    const sp = plan.services[0];
    assert.deepEqual(sp.problems, []);
    assert.deepEqual(sp.batches.map((b) => b.map((h) => h.hostId)), [['b1', 'a1'], ['a2']]);
    assert.equal(sp.files[0].name, 'app-1.0.0.js');
    assert.equal(sp.files[0].local, join(lab.root, 'app/dist/app-1.0.0.js'));
    const a2 = sp.batches[1][0];
    assert.equal(a2.dir, `${lab.remote}/a2/app`);
    assert.equal(a2.env.DUBBO_IP_TO_REGISTRY, '203.0.113.2');
    assert.equal(a2.env.DUBBO_PORT_TO_REGISTRY, '30880');
    assert.equal(a2.env.APP_MODE, 'blue green');
    assert.deepEqual(a2.systemProperties, { 'zookeeper.host': 'zookeeper://203.0.113.1:2181', 'app.label': 'two words' });
    assert.equal(a2.env.JAVA_TOOL_OPTIONS, '-Dzookeeper.host=zookeeper://203.0.113.1:2181 "-Dapp.label=two words"');
    assert.deepEqual(a2.commands.map((c) => c.step), ['prepare', 'upload', 'verify', 'environment', 'switch', 'restart', 'health', 'prune']);
    assert.match(a2.commands.find((c) => c.step === 'switch')!.command, /^ln -sfn 'releases\/\{release\}' .* && mv -Tf .*\/a2\/app\/current && \{ /);
    // Nothing ran: no connection was asked for and no remote tree exists.
    let sessions = 0;
    const o = options(topology, { session: async () => { sessions++; throw new Error('no'); } });
    await o.close();
    assert.equal(sessions, 0);
    assert.ok(!existsSync(join(lab.remote, 'a2', 'app', 'releases')));
  });

  test('first deploy: every host gets a verified release, current switched, service up with its environment', async () => {
    lab.writeApp('1.0.0');
    const topology = lab.load(yamlFor(lab, { serial: 2 }));
    const progress: DeployProgress[] = [];
    const report = await deploy(topology, { service: 'app' }, { onProgress: (p) => progress.push(p) });
    assert.deepEqual(report.outcomes.map((o) => [o.hostId, o.status]), [['b1', 'deployed'], ['a1', 'deployed'], ['a2', 'deployed']], JSON.stringify(report.outcomes, null, 1));
    assert.ok(report.ok);
    for (const h of ['a1', 'a2', 'b1']) {
      const rel = lab.currentRelease(h);
      assert.match(rel ?? '', /^\d{8}T\d{6}Z(-\d+)?$/);
      const manifest = JSON.parse(readFileSync(join(lab.remote, h, 'app', 'releases', rel!, '.deploy.json'), 'utf8'));
      assert.equal(manifest.files[0].name, 'app-1.0.0.js');
      const served = JSON.parse((await lab.fetch(h))!);
      assert.equal(served.version, '1.0.0');
      assert.equal(served.extra, 'blue green');
    }
    const a2 = JSON.parse((await lab.fetch('a2'))!);
    assert.equal(a2.ipToRegistry, '203.0.113.2');
    assert.equal(a2.portToRegistry, '30880');
    assert.match(a2.javaToolOptions, /-Dzookeeper\.host=zookeeper:\/\/203\.0\.113\.1:2181/);
    const envFile = readFileSync(join(lab.remote, 'a1', 'app', 'current', '.deploy.env'), 'utf8');
    assert.match(envFile, /^DUBBO_IP_TO_REGISTRY="203\.0\.113\.1"$/m);
    assert.match(readFileSync(join(lab.remote, 'a1', 'app', 'current', '.deploy.properties'), 'utf8'), /^zookeeper.host=zookeeper:\/\/192\.168\.27\.101:2181$/m);
    assert.ok(progress.some((p) => p.step === 'upload' && p.fraction === 1));
    // The journal: who, what, where, result, duration.
    const lines = readFileSync(join(lab.root, '.dubbo-topology', 'deploy-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const sw = lines.filter((l) => l.step === 'switch' && l.result === 'ok').map((l) => l.host).sort();
    assert.deepEqual(sw, ['a1', 'a2', 'b1']);
    for (const l of lines) {
      assert.ok(l.who && l.time && l.action && l.result);
    }
    assert.ok(lines.filter((l) => l.step === 'upload').every((l) => typeof l.durationMs === 'number' && l.service === 'app'));
  });

  test('redeploy: a new release goes live, the previous stays for rollback, old ones are pruned beyond keep', async () => {
    const topology = lab.load(yamlFor(lab, { keep: 2 }));
    const first = lab.currentRelease('a1');
    lab.writeApp('2.0.0');
    const r2 = await deploy(topology, { service: 'app', host: 'a1' });
    assert.equal(r2.outcomes[0].status, 'deployed');
    assert.equal(r2.outcomes[0].previous, first);
    assert.notEqual(lab.currentRelease('a1'), first);
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '2.0.0');
    lab.writeApp('3.0.0');
    const r3 = await deploy(topology, { service: 'app', host: 'a1' });
    assert.equal(r3.outcomes[0].status, 'deployed');
    const rels = lab.releases('a1');
    assert.equal(rels.length, 2, rels.join(','));
    assert.ok(!rels.includes(first!));
    assert.equal(lab.currentRelease('a1'), rels[1]);
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '3.0.0');
    // Other hosts untouched.
    assert.equal(JSON.parse((await lab.fetch('a2'))!).version, '1.0.0');
  });

  test('rollback command: switches back to the previous release and restarts it', async () => {
    const topology = lab.load(yamlFor(lab, { keep: 2 }));
    const [older, newer] = lab.releases('a1');
    assert.equal(lab.currentRelease('a1'), newer);
    const o = options(topology);
    const report = await rollbackService('app', o, { hosts: ['a1'] });
    await o.close();
    assert.deepEqual(report.outcomes.map((x) => [x.hostId, x.status, x.release]), [['a1', 'rolled-back', older]]);
    assert.equal(lab.currentRelease('a1'), older);
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '2.0.0');
  });

  test('health failure: automatic rollback, old release live and serving, rollout stops', async () => {
    const topology = lab.load(yamlFor(lab, { healthTimeout: 2, order: ['east-1', 'east-2'] }));
    const before = { a1: lab.currentRelease('a1'), a2: lab.currentRelease('a2'), b1: lab.currentRelease('b1') };
    lab.writeApp('4.0.0-bad', 'crash');
    const report = await deploy(topology, { service: 'app' });
    const [a1, a2, b1] = report.outcomes;
    assert.deepEqual([a1.hostId, a1.status, a1.step, a1.errorCode], ['a1', 'failed', 'health', 'health-failed']);
    assert.deepEqual(a1.rollback, { ok: true, release: before.a1 });
    assert.deepEqual([a2.hostId, a2.status], ['a2', 'skipped']);
    assert.deepEqual([b1.hostId, b1.status], ['b1', 'skipped']);
    assert.ok(!report.ok);
    assert.equal(lab.currentRelease('a1'), before.a1);
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '2.0.0');
    assert.equal(lab.currentRelease('a2'), before.a2);
    assert.equal(lab.currentRelease('b1'), before.b1);
    // The failed release is gone; the journal names the host and the rollback.
    assert.ok(!lab.releases('a1').includes(a1.release!));
    assert.ok(lab.outputLines.some((l) => /rollback: ok/.test(l) && /a1/.test(l)));
  });

  test('in Chinese: a failed health check and its rollback are told in Chinese, the journal file in English', async () => {
    const topology = lab.load(yamlFor(lab, { healthTimeout: 1 }));
    const before = lab.currentRelease('a1');
    lab.writeApp('4.0.2-bad', 'crash');
    const lines: string[] = [];
    const log = new DeployLog({ root: lab.root, output: (l) => lines.push(l), locale: 'zh-cn' });
    const report = await deploy(topology, { service: 'app', host: 'a1' }, { log });
    const [a1] = report.outcomes;
    assert.deepEqual([a1.status, a1.errorCode, a1.rollback?.ok], ['failed', 'health-failed', true]);
    assert.equal(lab.currentRelease('a1'), before);
    assert.match(a1.message!, /^a1: health check exited with \d+$/);
    assert.match(deployText(a1.messageRef!, 'zh-cn'), /^a1：健康检查失败，退出码 \d+$/);
    const text = lines.join('\n');
    assert.match(text, /部署 app @ a1 健康检查：失败/);
    assert.match(text, /a1：健康检查失败，退出码 \d+\n.*\n?.*回滚：成功，\S+ 在线/);
    assert.match(text, /部署 app @ a1 汇总：失败\n {4}已部署 0，失败 1，已回滚 0，已取消 0，已跳过 0/);
    assert.doesNotMatch(text, /health check|rollback: ok/);
    const journal = readFileSync(join(lab.root, '.dubbo-topology', 'deploy-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const summary = journal.filter((e) => e.step === 'summary').pop();
    assert.equal(summary.detail, 'deployed 0, failed 1, rolled back 0, cancelled 0, skipped 0');
  });

  test('continue after a failed host when the caller chooses to', async () => {
    const topology = lab.load(yamlFor(lab, { healthTimeout: 1, order: ['east-1', 'east-2'] }));
    lab.writeApp('4.0.1-bad', 'crash');
    const asked: string[] = [];
    const report = await deploy(topology, { service: 'app' }, { continueAfterFailure: async (f) => { asked.push(f.hostId); return true; } });
    assert.deepEqual(report.outcomes.map((o) => o.status), ['failed', 'failed', 'failed']);
    assert.deepEqual(asked, ['a1', 'a2']);
    assert.ok(report.outcomes.every((o) => o.rollback?.ok));
  });

  test('connection killed mid-upload: old release untouched, clear error, no partial release left', async () => {
    const topology = lab.load(yamlFor(lab));
    const before = lab.currentRelease('b1');
    const releasesBefore = lab.releases('b1');
    const big = lab.writeApp('5.0.0');
    appendFileSync(big, '//' + 'x'.repeat(40 * 1024 * 1024) + '\n');
    let killed = false;
    const report = await deploy(topology, { service: 'app' }, {
      onProgress: (p) => {
        if (p.hostId === 'b1' && p.step === 'upload' && (p.fraction ?? 0) > 0.2 && !killed) {
          killed = true;
          void lab.hosts.get('b1')!.killConnections();
        }
      },
    });
    assert.ok(killed);
    const b1 = report.outcomes[0];
    assert.deepEqual([b1.hostId, b1.status, b1.step, b1.errorCode], ['b1', 'failed', 'upload', 'connection-lost']);
    assert.match(b1.message!, /b1/);
    assert.match(b1.message!, /lost during the upload/);
    assert.equal(b1.rollback, undefined);
    assert.deepEqual(report.outcomes.slice(1).map((o) => o.status), ['skipped', 'skipped']);
    assert.equal(lab.currentRelease('b1'), before);
    assert.deepEqual(lab.releases('b1'), releasesBefore);
    assert.equal(JSON.parse((await lab.fetch('b1'))!).version, '1.0.0');
  });

  test('checksum mismatch on the host: refused before the switch', async () => {
    const topology = lab.load(yamlFor(lab));
    const before = lab.currentRelease('b1');
    const releasesBefore = lab.releases('b1');
    lab.writeApp('6.0.0');
    const report = await deploy(topology, { service: 'app', host: 'b1' }, {
      onProgress: (p) => {
        if (p.hostId === 'b1' && p.step === 'verify') {
          // Corrupt the uploaded file on the host's disk.
          const relDir = join(lab.remote, 'b1', 'app', 'releases');
          for (const r of readdirSync(relDir)) {
            const part = join(relDir, r, 'app-6.0.0.js.part');
            if (existsSync(part)) appendFileSync(part, '\n// corrupted\n');
          }
        }
      },
    });
    const b1 = report.outcomes[0];
    assert.deepEqual([b1.status, b1.step, b1.errorCode], ['failed', 'verify', 'checksum-mismatch']);
    assert.match(b1.message!, /checksum mismatch for app-6\.0\.0\.js/);
    assert.equal(lab.currentRelease('b1'), before);
    assert.deepEqual(lab.releases('b1'), releasesBefore);
  });

  test('cancellation mid-rollout: the host being uploaded keeps its old release, later hosts are not touched', async () => {
    const topology = lab.load(yamlFor(lab, { order: ['east-1', 'east-2'] }));
    const before = { a1: lab.currentRelease('a1'), a2: lab.currentRelease('a2'), b1: lab.currentRelease('b1') };
    const big = lab.writeApp('7.0.0');
    appendFileSync(big, '//' + 'y'.repeat(30 * 1024 * 1024) + '\n');
    const ac = new AbortController();
    const report = await deploy(topology, { service: 'app' }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.hostId === 'a2' && p.step === 'upload' && (p.fraction ?? 0) > 0.1) ac.abort();
      },
    });
    assert.deepEqual(report.outcomes.map((o) => [o.hostId, o.status]), [['a1', 'deployed'], ['a2', 'cancelled'], ['b1', 'cancelled']]);
    assert.ok(report.cancelled);
    assert.notEqual(lab.currentRelease('a1'), before.a1);
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '7.0.0');
    assert.equal(lab.currentRelease('a2'), before.a2);
    assert.equal(lab.currentRelease('b1'), before.b1);
    assert.ok(lab.releases('a2').every((r) => existsSync(join(lab.remote, 'a2', 'app', 'releases', r, '.deploy.json'))), 'no partial release left');
    const journal = readFileSync(join(lab.root, '.dubbo-topology', 'deploy-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(journal.some((l) => l.host === 'a2' && l.step === 'upload' && l.result === 'cancelled'));
  });

  test('cancellation after the switch restores the previous release', async () => {
    const restart = `${APP_RESTART}; sleep 3`;
    const topology = lab.load(yamlFor(lab, { restart }));
    const before = lab.currentRelease('b1');
    lab.writeApp('7.1.0');
    const ac = new AbortController();
    const report = await deploy(topology, { service: 'app', host: 'b1' }, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 'restart') setTimeout(() => ac.abort(), 500);
      },
    });
    const b1 = report.outcomes[0];
    assert.equal(b1.status, 'cancelled');
    assert.equal(b1.rollback?.ok, true);
    assert.equal(lab.currentRelease('b1'), before);
  });

  test('changed host key: the host fails with an error naming it, nothing deployed there', async () => {
    const topology = lab.load(yamlFor(lab));
    const h = lab.hosts.get('b1')!;
    const before = lab.currentRelease('b1');
    await h.restart({ newHostKey: true });
    try {
      lab.writeApp('8.0.0');
      const report = await deploy(topology, { service: 'app', host: 'b1' });
      const b1 = report.outcomes[0];
      assert.deepEqual([b1.status, b1.step, b1.errorCode], ['failed', 'connect', 'host-key-changed']);
      assert.match(b1.message!, /b1/);
      assert.equal(lab.currentRelease('b1'), before);
    } finally {
      // Trust the new key again for later tests.
      const kh = readFileSync(lab.knownHostsFile, 'utf8').split('\n').filter((l) => l && !l.startsWith(`[127.0.0.1]:${h.port} `));
      writeFileSync(lab.knownHostsFile, [...kh, h.knownHostsLine].join('\n') + '\n');
    }
  });

  test('unknown host key: the prompter is asked once per host and the key is remembered', async () => {
    const topology = lab.load(yamlFor(lab));
    const kh = readFileSync(lab.knownHostsFile, 'utf8');
    const h = lab.hosts.get('a2')!;
    writeFileSync(lab.knownHostsFile, kh.split('\n').filter((l) => !l.startsWith(`[127.0.0.1]:${h.port} `)).join('\n'));
    const prompter = new LabPrompter(true);
    const rt = lab.runtime(topology, prompter);
    lab.writeApp('8.1.0');
    const report = await runDeploy(planDeploy(topology, { service: 'app', host: 'a2' }, lab.root), { topology, root: lab.root, session: rt.session, log: rt.log });
    await rt.pool.closeAll();
    assert.equal(report.outcomes[0].status, 'deployed');
    assert.deepEqual(prompter.questions, [`a2 [127.0.0.1]:${h.port} ssh-ed25519 ${h.hostKeyFingerprint}`]);
    assert.ok(readFileSync(lab.knownHostsFile, 'utf8').includes(h.knownHostsLine));
  });

  test('jump host: a host reached through ssh.via deploys like any other', async () => {
    const topology = lab.load(yamlFor(lab, { jump: true }));
    lab.writeApp('9.0.0');
    const target = resolveTarget(topology, 'b1', { home: lab.dir, localUser: 'root', defaultIdentityFiles: [lab.key.path] }).target!;
    assert.deepEqual([target.host, target.via?.hostId, target.via?.port], ['127.0.0.1', 'a1', lab.hosts.get('a1')!.port]);
    const o = options(topology);
    const report = await runDeploy(planDeploy(topology, { service: 'app', host: 'b1' }, lab.root), o);
    assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    // Only b1 was deployed, yet the jump host a1 holds a connection: the route went through it.
    const kids = await sh(`pgrep -c -P "$(cat '${lab.hosts.get('a1')!.dir}/sshd.pid')"`);
    await o.close();
    assert.ok(Number(kids.stdout.trim()) > 0, 'the jump host carries the connection');
    assert.equal(JSON.parse((await lab.fetch('b1'))!).version, '9.0.0');
    const journal = readFileSync(join(lab.root, '.dubbo-topology', 'deploy-log.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(journal.some((l) => l.host === 'b1' && l.step === 'switch' && l.result === 'ok'));
  });

  test('systemd unit restart: drop-in with EnvironmentFile, daemon-reload and restart through systemctl', async () => {
    const fake = join(lab.dir, 'fake-systemctl');
    const calls = join(lab.dir, 'systemctl-calls');
    writeFileSync(fake, `#!/bin/sh\necho "$@" >> '${calls}'\n`);
    chmodSync(fake, 0o755);
    const unitDir = join(lab.dir, 'systemd');
    const yaml = yamlFor(lab).replace(/ {6}restart: .*\n/, '      restart: { unit: app.service }\n').replace(/ {6}health: .*\n/, '');
    const topology = lab.load(yaml);
    lab.writeApp('10.0.0');
    const report = await deploy(topology, { service: 'app', host: 'a2' }, { systemd: { unitDir, systemctl: fake } });
    assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    assert.equal(readFileSync(join(unitDir, 'app.service.d', 'dubbo-topology.conf'), 'utf8'), `[Service]\nEnvironmentFile=-${lab.remote}/a2/app/current/.deploy.env\n`);
    assert.equal(readFileSync(calls, 'utf8'), 'daemon-reload\nrestart app.service\n');
    const env = readFileSync(join(lab.remote, 'a2', 'app', 'current', '.deploy.env'), 'utf8');
    assert.match(env, /^DUBBO_IP_TO_REGISTRY="203\.0\.113\.2"$/m);
    assert.match(env, /^JAVA_TOOL_OPTIONS="-Dzookeeper\.host=zookeeper:\/\/203\.0\.113\.1:2181 \\"-Dapp\.label=two words\\""$/m);
    // systemd reads this file: check that a shell reading it the same way sees the values.
    const r = await sh(`set -a; . '${join(lab.remote, 'a2', 'app', 'current', '.deploy.env')}'; printf '%s' "$JAVA_TOOL_OPTIONS"`);
    assert.equal(r.stdout, '-Dzookeeper.host=zookeeper://203.0.113.1:2181 "-Dapp.label=two words"');
  });

  test('systemd unit restart with a dir relative to the home directory: the drop-in names the environment file by its absolute path', async () => {
    // systemd ignores an EnvironmentFile that is not absolute, so the unit would start without the release's environment.
    const fake = join(lab.dir, 'fake-systemctl-rel');
    writeFileSync(fake, '#!/bin/sh\n');
    chmodSync(fake, 0o755);
    const unitDir = join(lab.dir, 'systemd-rel');
    // The SSH user of the lab is this process's user, so its home is the remote home too.
    const rel = relative(homedir(), lab.remote);
    assert.ok(!rel.startsWith('/'));
    const yaml = yamlFor(lab)
      .replace(/ {6}restart: .*\n/, '      restart: { unit: app.service }\n')
      .replace(/ {6}health: .*\n/, '')
      .replace(/ {6}dir: .*\n/, `      dir: ${rel}/{host}/app\n`);
    assert.ok(yaml.includes(`dir: ${rel}/{host}/app`));
    const topology = lab.load(yaml);
    lab.writeApp('10.1.0');
    const report = await deploy(topology, { service: 'app', host: 'a2' }, { systemd: { unitDir, systemctl: fake } });
    assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    assert.equal(readFileSync(join(unitDir, 'app.service.d', 'dubbo-topology.conf'), 'utf8'), `[Service]\nEnvironmentFile=-${lab.remote}/a2/app/current/.deploy.env\n`);
    assert.ok(existsSync(join(lab.remote, 'a2', 'app', 'current', '.deploy.env')));
  });

  test('build runs locally first and the artifact glob is resolved after it', async () => {
    const yaml = yamlFor(lab).replace('      artifact: app/dist/app-*.js\n', `      build: mkdir -p app/built && printf '%s' "$(cat app/dist/app-*.js)" > app/built/app-built.js\n      artifact: app/built/app-*.js\n`);
    const topology = lab.load(yaml);
    lab.writeApp('11.0.0');
    const report = await deploy(topology, { service: 'app', host: 'a1' });
    assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '11.0.0');
    const failing = lab.load(yaml.replace(/build: .*\n/, 'build: echo compile error >&2; exit 2\n'));
    const bad = await deploy(failing, { service: 'app', host: 'a1' });
    assert.deepEqual([bad.outcomes[0].status, bad.outcomes[0].step, bad.outcomes[0].errorCode], ['failed', 'build', 'build-failed']);
    assert.match(bad.outcomes[0].output ?? '', /compile error/);
  });
});
