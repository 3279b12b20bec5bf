/**
 * Reading a real ZooKeeper the way the **Check Live Registry** command does — directly, and through
 * an SSH tunnel to a topology host (a real sshd on loopback) — then judging the listing against the
 * example topology.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { checkRegistry } from '../../../src/core/registry/check';
import { parseTopology } from '../../../src/core/topology/parse';
import { needsCredentials, readRegistry, readWithCredentials, registryRoutes, type RegistryCredentials } from '../../../src/registry/inspect';
import { hostSessions } from '../../../src/ssh/hostSessions';
import { SshPool } from '../../../src/ssh/pool';
import { startExampleLab, type ExampleLab } from '../../support/exampleLab';
import { freePort, tempDir } from '../../support/sshd';
import { registerZnodes, startLocalZooKeeper, zooKeeperSkipReason, type LocalZooKeeper } from '../../support/zookeeper';
import { exampleDir } from '../support/context';

const skip = zooKeeperSkipReason();
if (skip) console.log(`# live registry tests skipped: ${skip}`);

const ORDER = 'com.example.OrderService';
const DRIVER = 'com.example.DriverService';

const url = (u: string) => encodeURIComponent(u);

describe('Check Live Registry against a real ZooKeeper', { skip }, () => {
  let zk: LocalZooKeeper;
  let lab: ExampleLab;
  let ws: string;

  before(async () => {
    zk = await startLocalZooKeeper();
    // The seed: order registered with internal IPs in both regions, api subscribed from both.
    await registerZnodes(zk, [
      `/dubbo/${ORDER}/providers/${url(`dubbo://192.168.27.102:20880/${ORDER}?application=order&side=provider`)}`,
      `/dubbo/${ORDER}/providers/${url(`dubbo://172.16.8.102:20880/${ORDER}?application=order&side=provider`)}`,
      `/dubbo/${ORDER}/consumers/${url(`consumer://192.168.27.101/${ORDER}?application=api&side=consumer`)}`,
      `/dubbo/${ORDER}/consumers/${url(`consumer://172.16.8.101/${ORDER}?application=api&side=consumer`)}`,
      `/dubbo/${ORDER}/configurators`,
      `/dubbo/${DRIVER}/providers/${url(`dubbo://139.159.250.8:20881/${DRIVER}?application=driver&side=provider`)}`,
      `/dubbo/com.example.Retired/configurators`,
      // Dubbo 3 application-level: /services/<application>/<host:port>.
      '/services/order/192.168.27.102:20880',
      '/services/order/139.159.250.208:20880',
      '/services/idle',
    ]);
    // A registry whose znodes have ACLs, as Dubbo leaves them with a registry username and password.
    await registerZnodes(zk, [`/secured/${ORDER}/providers/${url(`dubbo://139.159.250.8:20880/${ORDER}?application=order&side=provider`)}`], { digest: 'dubbo:s3cret' });
    ws = join(tempDir('registry-lab-'), 'two-region');
    cpSync(exampleDir, ws, { recursive: true });
    lab = await startExampleLab(ws);
  });

  after(async () => {
    await lab?.stop();
    await zk?.stop();
  });

  const topology = () => parseTopology('dubbo-topology.yaml', readFileSync(join(ws, 'dubbo-topology.yaml'), 'utf8')).topology;

  test('directly: every interface with providers or consumers, in name order', async () => {
    const snapshot = await readRegistry({ address: '127.0.0.1', port: zk.port });
    assert.equal(snapshot.root, '/dubbo');
    assert.deepEqual(snapshot.interfaces.map((i) => [i.name, i.providers.length, i.consumers.length]), [
      [DRIVER, 1, 0],
      [ORDER, 2, 2],
    ]);
    assert.ok(snapshot.interfaces[1].providers.includes(url(`dubbo://192.168.27.102:20880/${ORDER}?application=order&side=provider`)));
    assert.equal(snapshot.servicesRoot, '/services');
    assert.deepEqual(snapshot.applications, [{ name: 'order', instances: ['139.159.250.208:20880', '192.168.27.102:20880'] }]);
    const skipped = await readRegistry({ address: '127.0.0.1', port: zk.port }, { servicesRoot: '' });
    assert.equal(skipped.applications, undefined);
  });

  test('another root (a registry `group`) that does not exist reads as empty', async () => {
    const snapshot = await readRegistry({ address: '127.0.0.1', port: zk.port }, { root: '/other-group' });
    assert.deepEqual(snapshot, { root: '/other-group', interfaces: [], servicesRoot: '/services', applications: [{ name: 'order', instances: ['139.159.250.208:20880', '192.168.27.102:20880'] }] });
  });

  test('through SSH to a topology host (a real sshd), then judged: the seed\'s outage, live', async () => {
    const topo = topology();
    const registry = topo.serviceById.get('registry')!;
    assert.deepEqual(registryRoutes(registry).map((r) => r.via ?? r.address), ['api-1', '139.159.250.7', '192.168.27.101']);
    const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: lab.knownHostsFile });
    try {
      const sessions = hostSessions(topo, pool, { home: ws, localUser: 'root', baseDir: ws, defaultIdentityFiles: [] });
      // In the lab every host is a loopback sshd; the registry listens on loopback as well.
      const snapshot = await readRegistry({ address: '127.0.0.1', port: zk.port, via: 'api-1' }, { sessions });
      const report = checkRegistry(createContext(new NodeWorkspace(ws), topo), registry, snapshot);
      const order = report.interfaces.find((i) => i.name === ORDER)!;
      const verdicts = order.providers.map((p) => [p.owner?.id, p.problems.flatMap((x) => (x.kind === 'unreachable' ? x.callers.map((c) => c.host.id) : [x.kind]))]);
      assert.deepEqual(verdicts, [
        ['app-2', ['api-1']],
        ['app-1', ['api-2']],
      ]);
      // Two interface-level providers and, from /services, the instance on app-1's internal IP.
      assert.equal(report.problemProviders, 3);
      assert.deepEqual(
        report.applications.map((a) => [a.name, a.providers.map((p) => [p.owner?.id, p.problems.map((x) => x.kind)])]),
        [['order', [['app-2', []], ['app-1', ['unreachable']]]]],
      );
      assert.deepEqual(report.interfaces.find((i) => i.name === DRIVER)?.providers.map((p) => [p.owner?.id, p.service?.id, p.problems.length]), [['app-1', 'driver', 0]]);
    } finally {
      await pool.closeAll();
    }
  });

  test('a registry with ACLs: NOAUTH without credentials, the listing with them', async () => {
    const route = { address: '127.0.0.1', port: zk.port };
    const refused = await readRegistry(route, { root: '/secured', servicesRoot: '' }).then(
      () => assert.fail('read without credentials'),
      (e: unknown) => e,
    );
    assert.ok(needsCredentials(refused), String(refused));
    assert.match(String(refused), /NOAUTH/);
    const snapshot = await readRegistry(route, { root: '/secured', servicesRoot: '', digest: 'dubbo:s3cret' });
    assert.deepEqual(snapshot.interfaces.map((i) => [i.name, i.providers.length]), [[ORDER, 1]]);
  });

  /** Credentials kept in memory, recording what the flow did. */
  function memoryCredentials(saved: string | undefined, answers: (string | undefined)[]) {
    const log: string[] = [];
    const creds: RegistryCredentials = {
      saved: async () => saved,
      ask: async (refused) => {
        log.push(`ask ${refused ? 'refused' : 'first'}`);
        return answers.shift();
      },
      save: async (d) => {
        log.push(`save ${d}`);
        saved = d;
      },
      forget: async () => {
        log.push('forget');
        saved = undefined;
      },
    };
    return { creds, log, saved: () => saved };
  }

  test('readWithCredentials: asks on NOAUTH, again when the answer is wrong, and saves only what worked', async () => {
    const route = { address: '127.0.0.1', port: zk.port };
    const read = (digest: string | undefined) => readRegistry(route, { root: '/secured', servicesRoot: '', digest });
    const first = memoryCredentials(undefined, ['dubbo:wrong', 'dubbo:s3cret']);
    const snapshot = await readWithCredentials(read, first.creds);
    assert.equal(snapshot.interfaces.length, 1);
    assert.deepEqual(first.log, ['ask first', 'ask refused', 'save dubbo:s3cret']);
    // Saved credentials are used without asking.
    const again = memoryCredentials('dubbo:s3cret', []);
    await readWithCredentials(read, again.creds);
    assert.deepEqual(again.log, []);
    // Saved credentials that stopped working are forgotten; declining ends with the registry's refusal.
    const stale = memoryCredentials('dubbo:old', [undefined]);
    await assert.rejects(readWithCredentials(read, stale.creds), /NOAUTH/);
    assert.deepEqual(stale.log, ['forget', 'ask refused']);
    assert.equal(stale.saved(), undefined);
    // An open registry never asks; other errors are not a question of credentials.
    const open = memoryCredentials(undefined, []);
    await readWithCredentials((d) => readRegistry(route, { digest: d }), open.creds);
    assert.deepEqual(open.log, []);
    const port = await freePort();
    await assert.rejects(readWithCredentials((d) => readRegistry({ address: '127.0.0.1', port }, { digest: d, timeoutMs: 2000 }), open.creds), /connection refused/);
    assert.deepEqual(open.log, []);
  });

  test('readWithCredentials: gives up after the attempts allowed', async () => {
    const route = { address: '127.0.0.1', port: zk.port };
    const wrong = memoryCredentials(undefined, ['a:b', 'c:d', 'e:f']);
    await assert.rejects(readWithCredentials((d) => readRegistry(route, { root: '/secured', servicesRoot: '', digest: d }), wrong.creds, 3), /NOAUTH/);
    assert.deepEqual(wrong.log, ['ask first', 'ask refused']);
  });

  test('a refused connection is an error naming the address, not a hang', async () => {
    const port = await freePort();
    await assert.rejects(readRegistry({ address: '127.0.0.1', port }, { timeoutMs: 2000 }), (e: Error) => e.message.includes(`127.0.0.1:${port}`));
  });

  test('a route through SSH without sessions says so', async () => {
    await assert.rejects(readRegistry({ address: '127.0.0.1', port: zk.port, via: 'api-1' }), /no SSH sessions/);
  });
});
