/** The reachability check over real SSH: two loopback sshd hosts probing each other. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { disagreements } from '../../../src/core/topology/probeReport';
import { parseTopology } from '../../../src/core/topology/parse';
import { checkReachability } from '../../../src/reach/probe';
import { hostSessions } from '../../../src/ssh/hostSessions';
import { SshPool } from '../../../src/ssh/pool';
import { startLoopbackHosts, type LoopbackHosts } from '../../support/loopbackHosts';
import { tempDir } from '../../support/sshd';

let dir: string;
let lab: LoopbackHosts;

before(async () => {
  dir = tempDir('reach-');
  lab = await startLoopbackHosts(dir);
});

after(async () => {
  await lab?.stop();
});

test('each host probes the other over its SSH session; a host that cannot be reached is reported, the rest go on', async () => {
  const { topology, findings } = parseTopology('dubbo-topology.yaml', lab.topology);
  assert.deepEqual(findings.filter((f) => f.rule === 'topology-schema'), []);
  const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: lab.knownHostsFile });
  try {
    const sessions = hostSessions(topology, pool, { home: dir, localUser: 'root', baseDir: dir, defaultIdentityFiles: [] });
    const done: string[] = [];
    const reports = await checkReachability(topology, ['host-a', 'host-b'], sessions, { timeoutSeconds: 2, onHost: (h) => done.push(h) });
    assert.deepEqual(done.sort(), ['host-a', 'host-b']);
    const [a, b] = reports;
    assert.deepEqual(a.rows.map((r) => [r.probe.address, r.probe.port, r.outcome, r.verdict]), [['127.0.0.2', lab.idlePort, 'refused', 'not-listening']]);
    assert.deepEqual(b.rows.map((r) => [r.probe.address, r.probe.port, r.outcome, r.verdict]), [['127.0.0.1', lab.hosts.get('host-a')!.port, 'open', 'agrees']]);
    assert.equal(disagreements(reports), 0);

    await lab.hosts.get('host-b')!.stop();
    pool.closeAll();
    const again = await checkReachability(topology, ['host-a', 'host-b'], hostSessions(topology, pool, { home: dir, localUser: 'root', baseDir: dir, defaultIdentityFiles: [] }), { timeoutSeconds: 2 });
    assert.equal(again[0].error, undefined);
    assert.match(again[1].error ?? '', /host-b|127\.0\.0\.1/);
    assert.deepEqual(again[1].rows, []);
  } finally {
    await pool.closeAll();
  }
});

test('a cancelled check reports every host as not checked', async () => {
  const { topology } = parseTopology('dubbo-topology.yaml', lab.topology);
  const ac = new AbortController();
  ac.abort();
  const reports = await checkReachability(topology, ['host-a'], () => Promise.reject(new Error('must not connect')), { signal: ac.signal });
  assert.equal(reports[0].error, 'cancelled');
});
