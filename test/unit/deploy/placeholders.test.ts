import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../../src/core/topology/parse';
import { fillCommand, planDeploy } from '../../../src/deploy/plan';
import { runDeploy } from '../../../src/deploy/engine';
import { appTopologyYaml, startLab, type Lab } from '../../support/deployLab';
import { sh } from '../../support/sshd';

const vars = { host: 'a1', service: 'app', region: 'east-1', dir: "/srv/it's my app" };

/** What /bin/sh makes of a command: its words, one per line. */
async function words(command: string): Promise<string[]> {
  const r = await sh(`set -- ${command}; printf '%s\\n' "$@"`);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split('\n').slice(0, -1);
}

describe('placeholders in restart and health commands', () => {
  test('a value with a space and a quote stays one word, bare, in double quotes, in single quotes and in $(…)', async () => {
    assert.deepEqual(await words(fillCommand('{dir}/app.pid {host}', vars)), ["/srv/it's my app/app.pid", 'a1']);
    assert.deepEqual(await words(fillCommand('"{dir}/log" x', vars)), ["/srv/it's my app/log", 'x']);
    assert.deepEqual(await words(fillCommand("'{dir}' x", vars)), ["/srv/it's my app", 'x']);
    assert.deepEqual(await words(fillCommand('"$(printf %s {dir})"', vars)), ["/srv/it's my app"]);
    // An unquoted $(…) is split into words by the shell as usual; the value inside it is intact.
    assert.deepEqual(await words(fillCommand('$(printf %s "{dir}") {service}', vars)), ["/srv/it's", 'my', 'app', 'app']);
    // Values that need no quoting are inserted as they are.
    assert.equal(fillCommand('systemctl restart {service}@{host}', vars), 'systemctl restart app@a1');
  });

  test('the plan shows the quoted commands', () => {
    const yaml = `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
      a1: { internal: 10.0.0.1, services: [app] }
services:
  app:
    kind: http
    port: 80
    deploy:
      artifact: app.js
      dir: /srv/my apps/{host}
      restart: ./run.sh {dir} {host}
      health: { command: "test -f {dir}/ok" }
`;
    const { topology } = parseTopology('dubbo-topology.yaml', yaml);
    const hp = planDeploy(topology, { service: 'app' }, '/nonexistent').services[0].batches[0][0];
    assert.match(hp.commands.find((c) => c.step === 'restart')!.command, / && \.\/run\.sh '\/srv\/my apps\/a1' a1$/);
    assert.ok(hp.commands.find((c) => c.step === 'health')!.command.includes(`sh -c 'test -f '\\''/srv/my apps/a1'\\''/ok'`));
  });
});

describe('deploy to a directory whose name has a space and a quote', () => {
  let lab: Lab;
  let dir: string;
  before(async () => {
    lab = await startLab(['a1']);
    dir = join(lab.remote, 'a1', "it's my app");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'port'), String(lab.appPorts.get('a1')));
  });
  after(async () => {
    const pidf = join(dir, 'app.pid');
    if (existsSync(pidf)) await sh(`kill ${Number(readFileSync(pidf, 'utf8'))} 2>/dev/null`);
    await lab.stop();
  });

  test('restart and health run with {dir} quoted: the service comes up', async () => {
    const topology = lab.load(appTopologyYaml(lab, 'a1', { dir: "it's my app" }));
    lab.writeApp('1.0.0');
    const rt = lab.runtime(topology);
    try {
      const report = await runDeploy(planDeploy(topology, { service: 'app' }, lab.root), { topology, root: lab.root, session: rt.session, log: rt.log });
      assert.equal(report.outcomes[0].status, 'deployed', JSON.stringify(report.outcomes[0]));
    } finally {
      await rt.pool.closeAll();
    }
    assert.equal(JSON.parse((await lab.fetch('a1'))!).version, '1.0.0');
    assert.ok(existsSync(join(dir, 'app.pid')));
  });
});
