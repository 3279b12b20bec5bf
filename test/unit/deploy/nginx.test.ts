import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { planDeploy } from '../../../src/deploy/plan';
import { rollbackService, runDeploy, type DeployOptions } from '../../../src/deploy/engine';
import type { Topology } from '../../../src/core/topology/model';
import { startLab, type Lab } from '../../support/deployLab';
import { freePort, sh, shOk } from '../../support/sshd';

function mainConf(live: string, port: number): string {
  return `pid ${live}/nginx.pid;
error_log ${live}/error.log;
events {}
http {
  access_log off;
  server {
    listen 127.0.0.1:${port};
    location / {
      include snippets/body.conf;
    }
  }
}
`;
}

async function served(port: number, want: string): Promise<string | undefined> {
  // A reload replaces workers gracefully: wait until the new ones answer (or give up).
  let last: string | undefined;
  for (let i = 0; i < 50; i++) {
    const r = await sh(`curl -fsS -m 2 http://127.0.0.1:${port}/`);
    last = r.code === 0 ? r.stdout.trim() : undefined;
    if (last === want) return last;
    await new Promise((res) => setTimeout(res, 100));
  }
  return last;
}

describe('nginx config deploy against real sshd and nginx', () => {
  let lab: Lab;
  let port: number;
  let live: string;
  let topology: Topology;
  let yaml: string;

  before(async () => {
    lab = await startLab(['gw']);
    port = await freePort();
    live = join(lab.remote, 'gw', 'nginx');
    mkdirSync(join(live, 'snippets'), { recursive: true });
    writeFileSync(join(live, 'nginx.conf'), mainConf(live, port));
    writeFileSync(join(live, 'snippets', 'body.conf'), 'return 200 "v1\\n";\n');
    await shOk(`nginx -c ${live}/nginx.conf`);
    mkdirSync(join(lab.root, 'gw', 'snippets'), { recursive: true });
    writeFileSync(join(lab.root, 'gw', 'nginx.conf'), mainConf(live, port));
    topology = lab.load((yaml = `version: 1
regions:
  r1:
    lan: [10.0.0.0/24]
    hosts:
      gw:
        internal: 10.0.0.1
        ssh: { host: 127.0.0.1, port: ${lab.hosts.get('gw')!.port}, user: root }
        services: [gateway]
services:
  gateway:
    kind: nginx
    port: ${port}
    config: [gw/nginx.conf, gw/snippets/body.conf]
    deploy:
      dir: ${live}
      restart: nginx -c {dir}/nginx.conf -s reload
      keep: 2
`));
  });

  after(async () => {
    await sh(`nginx -c ${live}/nginx.conf -s stop`);
    await lab.stop();
  });

  async function run(fn: (o: DeployOptions) => Promise<unknown>, t = topology, extra: Partial<DeployOptions> = {}) {
    const rt = lab.runtime(t);
    try {
      return await fn({ topology: t, root: lab.root, session: rt.session, log: rt.log, ...extra });
    } finally {
      await rt.pool.closeAll();
    }
  }

  test('plan: staged upload, nginx -t on the staging copy, swap, reload', () => {
    const sp = planDeploy(topology, { service: 'gateway' }, lab.root).services[0];
    assert.equal(sp.mode, 'nginx');
    assert.deepEqual(sp.files.map((f) => f.name), ['nginx.conf', 'snippets/body.conf']);
    const cmds = sp.batches[0][0].commands;
    assert.deepEqual([...new Set(cmds.map((c) => c.step))], ['prepare', 'upload', 'verify', 'test-config', 'swap', 'reload', 'prune']);
    assert.match(cmds.find((c) => c.step === 'test-config')!.command, /^nginx -t -c .*nginx\.staging-\{release\}\/nginx\.conf'?$/);
  });

  test('a valid config is tested, swapped in and reloaded', async () => {
    assert.equal(await served(port, 'v1'), 'v1');
    writeFileSync(join(lab.root, 'gw', 'snippets', 'body.conf'), 'return 200 "v2\\n";\n');
    const report = (await run((o) => runDeploy(planDeploy(topology, { service: 'gateway' }, lab.root), o))) as Awaited<ReturnType<typeof runDeploy>>;
    assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    assert.equal(readFileSync(join(live, 'snippets', 'body.conf'), 'utf8'), 'return 200 "v2\\n";\n');
    assert.equal(await served(port, 'v2'), 'v2');
    const parent = join(lab.remote, 'gw');
    assert.ok(!readdirSync(parent).some((n) => n.startsWith('nginx.staging-')), 'staging removed');
    const backups = readdirSync(parent).filter((n) => n.startsWith('nginx.backup-'));
    assert.equal(backups.length, 1);
    assert.equal(readFileSync(join(parent, backups[0], 'snippets', 'body.conf'), 'utf8'), 'return 200 "v1\\n";\n');
  });

  test('an invalid config fails nginx -t: nginx\'s message reported, the live config kept', async () => {
    writeFileSync(join(lab.root, 'gw', 'snippets', 'body.conf'), 'retrun 200 "v3\\n";\n');
    const report = (await run((o) => runDeploy(planDeploy(topology, { service: 'gateway' }, lab.root), o))) as Awaited<ReturnType<typeof runDeploy>>;
    const o = report.outcomes[0];
    assert.deepEqual([o.status, o.step, o.errorCode], ['failed', 'test-config', 'config-test-failed']);
    assert.match(o.output ?? '', /unknown directive "retrun"/);
    assert.equal(o.rollback, undefined);
    assert.equal(readFileSync(join(live, 'snippets', 'body.conf'), 'utf8'), 'return 200 "v2\\n";\n');
    assert.equal(await served(port, 'v2'), 'v2');
    assert.ok(!readdirSync(join(lab.remote, 'gw')).some((n) => n.startsWith('nginx.staging-')));
  });

  test('with a systemd unit: the plan, the deploy and the roll back all reload through systemctl', async () => {
    // A stand-in for systemctl on the host: records its arguments and reloads the lab's nginx.
    const calls = join(lab.dir, 'nginx-systemctl-calls');
    const systemctl = join(lab.dir, 'nginx-systemctl');
    writeFileSync(systemctl, `#!/bin/sh\necho "$@" >> '${calls}'\nexec nginx -c '${live}/nginx.conf' -s reload\n`);
    chmodSync(systemctl, 0o755);
    const withUnit = lab.load(yaml.replace(/ {6}restart: .*\n/, '      restart: { unit: gw-nginx.service }\n'));
    const plan = planDeploy(withUnit, { service: 'gateway' }, lab.root);
    assert.equal(plan.services[0].batches[0][0].commands.find((c) => c.step === 'reload')?.command, 'systemctl reload gw-nginx.service');
    writeFileSync(join(lab.root, 'gw', 'snippets', 'body.conf'), 'return 200 "v4\\n";\n');
    const deployed = (await run((o) => runDeploy(plan, o), withUnit, { systemd: { systemctl } })) as Awaited<ReturnType<typeof runDeploy>>;
    assert.equal(deployed.outcomes[0].status, 'deployed', JSON.stringify(deployed.outcomes[0]));
    assert.equal(await served(port, 'v4'), 'v4');
    const back = (await run((o) => rollbackService('gateway', o), withUnit, { systemd: { systemctl } })) as Awaited<ReturnType<typeof rollbackService>>;
    assert.equal(back.outcomes[0].status, 'rolled-back', JSON.stringify(back.outcomes[0]));
    assert.equal(await served(port, 'v2'), 'v2');
    assert.equal(readFileSync(calls, 'utf8'), 'reload gw-nginx.service\nreload gw-nginx.service\n');
  });

  test('roll back restores the previous config and reloads', async () => {
    const report = (await run((o) => rollbackService('gateway', o))) as Awaited<ReturnType<typeof rollbackService>>;
    assert.equal(report.outcomes[0].status, 'rolled-back', JSON.stringify(report.outcomes[0]));
    assert.equal(readFileSync(join(live, 'snippets', 'body.conf'), 'utf8'), 'return 200 "v1\\n";\n');
    assert.equal(await served(port, 'v1'), 'v1');
    assert.ok(existsSync(join(live, 'nginx.conf')));
  });

  test('a deploy that fails its health check leaves no backup behind: Roll Back still goes to the config before the last good deploy', async () => {
    const backups = () => readdirSync(join(lab.remote, 'gw')).filter((n) => n.startsWith('nginx.backup-')).sort();
    const body = (v: string) => writeFileSync(join(lab.root, 'gw', 'snippets', 'body.conf'), `return 200 "${v}\\n";\n`);
    const liveBody = () => readFileSync(join(live, 'snippets', 'body.conf'), 'utf8');
    assert.equal(await served(port, 'v1'), 'v1');
    body('v2');
    const ok = (await run((o) => runDeploy(planDeploy(topology, { service: 'gateway' }, lab.root), o))) as Awaited<ReturnType<typeof runDeploy>>;
    assert.equal(ok.outcomes[0].status, 'deployed', JSON.stringify(ok.outcomes[0]));
    const afterGood = backups();
    assert.equal(afterGood.length, 1);
    body('v3');
    const failing = lab.load(yaml + '      health: { command: "false", timeout: 1 }\n');
    const bad = (await run((o) => runDeploy(planDeploy(failing, { service: 'gateway' }, lab.root), o), failing)) as Awaited<ReturnType<typeof runDeploy>>;
    const o = bad.outcomes[0];
    assert.deepEqual([o.status, o.step, o.rollback?.ok], ['failed', 'health', true], JSON.stringify(o));
    assert.equal(liveBody(), 'return 200 "v2\\n";\n');
    assert.deepEqual(backups(), afterGood, 'the failed deploy\'s backup is gone');
    const back = (await run((x) => rollbackService('gateway', x))) as Awaited<ReturnType<typeof rollbackService>>;
    assert.equal(back.outcomes[0].status, 'rolled-back', JSON.stringify(back.outcomes[0]));
    assert.equal(liveBody(), 'return 200 "v1\\n";\n');
    assert.equal(await served(port, 'v1'), 'v1');
  });

  test('two deploys within one second keep separate backups: two Roll Backs return to the config before both', async () => {
    const body = (v: string) => writeFileSync(join(lab.root, 'gw', 'snippets', 'body.conf'), `return 200 "${v}\\n";\n`);
    const liveBody = () => readFileSync(join(live, 'snippets', 'body.conf'), 'utf8');
    const before = liveBody();
    const now = () => new Date('2031-05-06T07:08:09.000Z');
    for (const v of ['v5', 'v6']) {
      body(v);
      const report = (await run((o) => runDeploy(planDeploy(topology, { service: 'gateway' }, lab.root), o), topology, { now })) as Awaited<ReturnType<typeof runDeploy>>;
      assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
      assert.equal(await served(port, v), v);
    }
    const backups = readdirSync(join(lab.remote, 'gw')).filter((n) => n.startsWith('nginx.backup-20310506T070809Z')).sort();
    assert.deepEqual(backups, ['nginx.backup-20310506T070809Z', 'nginx.backup-20310506T070809Z-2']);
    for (const want of ['return 200 "v5\\n";\n', before]) {
      const back = (await run((o) => rollbackService('gateway', o))) as Awaited<ReturnType<typeof rollbackService>>;
      assert.equal(back.outcomes[0].status, 'rolled-back', JSON.stringify(back.outcomes[0]));
      assert.equal(liveBody(), want);
    }
  });
});
