/**
 * The members' modes in Check Live Registry, against real ZooKeeper 3.8 servers on loopback: the
 * `srvr` answers of a standalone server, a leader and a follower, a member without a quorum and a
 * member that does not allow `srvr`; a registry of two or three members read directly and through
 * SSH (a real sshd), then reported, by the library and by `dubbo-topology registry`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { registryMain } from '../../../src/cliRegistry';
import { judgeEnsemble, modeOfSrvr } from '../../../src/core/registry/ensemble';
import { registryReportJson, renderRegistryReport } from '../../../src/core/registry/render';
import { checkRegistry } from '../../../src/core/registry/check';
import { createContext } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { parseTopology } from '../../../src/core/topology/parse';
import type { Topology } from '../../../src/core/topology/model';
import { readMemberModes } from '../../../src/registry/inspect';
import { hostSessions } from '../../../src/ssh/hostSessions';
import { SshPool } from '../../../src/ssh/pool';
import { freePort, makeKey, startSshd, tempDir, writeKnownHosts, type SshdHost } from '../../support/sshd';
import { askZooKeeper, pollUntil, startLocalZooKeeper, startZooKeeperEnsemble, zooKeeperSkipReason, type LocalZooKeeper } from '../../support/zookeeper';

const skip = zooKeeperSkipReason();
if (skip) console.log(`# ensemble tests skipped: ${skip}`);

/** Listens on argv[1]:argv[2] with a queue of one and never accepts; prints a line when ready. */
const HANG = 'import socket, sys, time\ns = socket.socket()\ns.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\ns.bind((sys.argv[1], int(sys.argv[2])))\ns.listen(0)\nprint("ready", flush=True)\ntime.sleep(120)\n';

/** Three regions with one registry member each (on its own loopback address); SSH to each through one loopback sshd. */
function topologyText(port: number, sshPort: number, members: number): string {
  const region = (i: number) =>
    `  r${i}:\n    name: region-${i}\n    lan: [127.0.${i}.0/24]\n    hosts:\n      zk-${i}:\n        internal: 127.0.${i}.2\n        ssh: { host: 127.0.0.1, port: ${sshPort}, user: root, identityFile: key/id_test }\n        services: [${i <= members ? 'registry' : ''}]\n`;
  return `version: 1\nregions:\n${[1, 2, 3].map(region).join('')}services:\n  registry: { kind: zookeeper, port: ${port} }\n`;
}

test('srvr answers as ZooKeeper 3.8 gives them: standalone, not allowed', { skip }, async () => {
  const zk = await startLocalZooKeeper();
  try {
    assert.equal(modeOfSrvr(await askZooKeeper(zk, 'srvr')), 'standalone');
  } finally {
    await zk.stop();
  }
  // A server whose whitelist leaves srvr out answers every command with a refusal (here: `stat`, not listed in the tests' servers).
  const [m] = await startZooKeeperEnsemble(1);
  try {
    const refusal = await askZooKeeper(m, 'stat');
    assert.match(refusal, /is not executed because it is not in the whitelist/);
    assert.equal(modeOfSrvr(refusal.replace('stat', 'srvr')), 'not-allowed');
  } finally {
    await m.stop();
  }
  assert.equal(modeOfSrvr('something else'), 'unknown');
  assert.equal(judgeEnsemble([]).verdict, 'unknown');
});

/** A report with nothing registered: only the ensemble section matters. */
const EMPTY = { registry: 'registry', root: '/dubbo', interfaces: [], applications: [], instances: 0, orphaned: [], providers: 0, consumers: 0, problemProviders: 0 };

test('the members\' details are written in the report\'s language; what ZooKeeper or the system said stays as it was', () => {
  const topo = parseTopology('dubbo-topology.yaml', topologyText(2181, 22, 3)).topology;
  const [zk1, zk2, zk3] = ['zk-1', 'zk-2', 'zk-3'].map((id) => topo.hostById.get(id)!);
  const timeout = { id: 'zookeeper/through-timeout', data: { address: '127.0.2.2:2181', via: 'zk-2', ms: 1500 } };
  const e = judgeEnsemble([
    { host: zk1, mode: 'leader', address: '127.0.1.2:2181', via: 'zk-1' },
    {
      host: zk2,
      mode: 'unreachable',
      attempts: [
        { address: '127.0.2.2:2181', via: 'zk-2', error: 'cannot connect to ZooKeeper at 127.0.2.2:2181 through zk-2: no answer within 1500 ms', ref: timeout },
        { address: '127.0.2.3:2181', error: 'connect EHOSTUNREACH 127.0.2.3:2181' },
      ],
    },
    { host: zk3, mode: 'unreachable', attempts: [] },
  ]);
  const zh = renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'zh-cn', e);
  assert.match(zh, /\n- ✓ zk-1（region-1）：leader — 经 SSH 主机 zk-1 访问 `127\.0\.1\.2:2181`\n/);
  assert.match(
    zh,
    /\n- ✗ zk-2（region-2）：无法连接（经 SSH 主机 zk-2 访问 127\.0\.2\.2:2181：无法经由 zk-2 连接到 127\.0\.2\.2:2181 上的 ZooKeeper：1500 毫秒内没有应答；127\.0\.2\.3:2181：connect EHOSTUNREACH 127\.0\.2\.3:2181）\n/,
  );
  assert.match(zh, /\n- ✗ zk-3（region-3）：无法连接（没有可尝试的地址）\n/);
  const en = renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'en', e);
  assert.match(en, /\n- ✓ zk-1 \(region-1\): leader — `127\.0\.1\.2:2181` through SSH to zk-1\n/);
  assert.match(
    en,
    /\n- ✗ zk-2 \(region-2\): unreachable \(127\.0\.2\.2:2181 via zk-2: cannot connect to ZooKeeper at 127\.0\.2\.2:2181 through zk-2: no answer within 1500 ms; 127\.0\.2\.3:2181: connect EHOSTUNREACH 127\.0\.2\.3:2181\)\n/,
  );
  assert.match(en, /\n- ✗ zk-3 \(region-3\): unreachable \(no address to try\)\n/);
  // The JSON keeps its one English `detail` per member.
  const json = registryReportJson(EMPTY, { address: 'x', at: 'y' }, e) as { ensemble: { members: { detail: string | null }[] } };
  assert.deepEqual(json.ensemble.members.map((m) => m.detail), [
    null,
    '127.0.2.2:2181 via zk-2: cannot connect to ZooKeeper at 127.0.2.2:2181 through zk-2: no answer within 1500 ms; 127.0.2.3:2181: connect EHOSTUNREACH 127.0.2.3:2181',
    'no address to try',
  ]);
  // A member that took the connection and never answered srvr.
  const silent = judgeEnsemble([
    { host: zk1, mode: 'unreachable', attempts: [{ address: '127.0.1.2:2181', error: 'no answer to srvr within 3000 ms', ref: { id: 'zookeeper/word-timeout', data: { word: 'srvr', ms: 3000 } } }] },
  ]);
  assert.match(renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'zh-cn', silent), /\n- ✗ zk-1（region-1）：无法连接（127\.0\.1\.2:2181：3000 毫秒内没有对 srvr 命令的应答）\n/);
  assert.match(renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'en', silent), /\n- ✗ zk-1 \(region-1\): unreachable \(127\.0\.1\.2:2181: no answer to srvr within 3000 ms\)\n/);
  // An answer srvr does not give is quoted as it came, in the language's parentheses.
  const odd = judgeEnsemble([{ host: zk1, mode: 'unknown', address: '127.0.1.2:2181', detail: 'Mode: read-only' }]);
  assert.match(renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'zh-cn', odd), /\n- \? zk-1（region-1）：无法识别的回答 — `127\.0\.1\.2:2181`（Mode: read-only）\n/);
  assert.match(renderRegistryReport(EMPTY, { address: 'x', at: 'y' }, 'en', odd), /\n- \? zk-1 \(region-1\): unexpected answer — `127\.0\.1\.2:2181` \(Mode: read-only\)\n/);
});

describe('the members of a registry, live', { skip }, () => {
  let members: LocalZooKeeper[] = [];
  let sshd: SshdHost;
  let dir: string;
  let topology: Topology;

  before(async () => {
    members = await startZooKeeperEnsemble(3, { addresses: ['127.0.1.2', '127.0.2.2', '127.0.3.2'] });
    dir = tempDir('ensemble-');
    const key = await makeKey(join(dir, 'key'), 'id_test');
    sshd = await startSshd({ authorizedKeys: [key.publicKey], dir: join(dir, 'sshd') });
    writeKnownHosts(join(dir, 'known_hosts'), [sshd]);
    const text = topologyText(members[0].port, sshd.port, 3);
    writeFileSync(join(dir, 'dubbo-topology.yaml'), text);
    topology = parseTopology('dubbo-topology.yaml', text).topology;
    await pollUntil('a leader and two followers', async () => {
      const modes = (await Promise.all(members.map((m) => askZooKeeper(m, 'srvr')))).map(modeOfSrvr).sort();
      return modes.join() === 'follower,follower,leader';
    });
  });

  after(async () => {
    for (const m of members) await m.stop();
    await sshd?.stop();
  });

  const registry = () => topology.serviceById.get('registry')!;

  test('directly: every member serves, one leader; the report says so', async () => {
    const e = await readMemberModes(registry(), { timeoutMs: 3000 });
    assert.equal(e.verdict, 'ok');
    assert.deepEqual(e.members.map((m) => m.host.id), ['zk-1', 'zk-2', 'zk-3']);
    assert.deepEqual(e.members.map((m) => m.mode).sort(), ['follower', 'follower', 'leader']);
    assert.deepEqual(e.members.map((m) => m.address), members.map((m) => `${m.host}:${m.port}`));
    const report = checkRegistry(createContext(new NodeWorkspace(dir), topology), registry(), { root: '/dubbo', interfaces: [] });
    const md = renderRegistryReport(report, { address: `127.0.1.2:${members[0].port}`, at: '2026-11-29T00:00:00Z' }, 'en', e);
    const leader = e.members.find((m) => m.mode === 'leader')!.host.id;
    assert.match(md, new RegExp(`## Ensemble\\n\\nEvery member serves; leader: ${leader}\\.\\n\\n- ✓ zk-1 \\(region-1\\): (leader|follower) — \`127\\.0\\.1\\.2:${members[0].port}\``));
    const json = registryReportJson(report, { address: 'x', at: 'y' }, e) as { ensemble: { verdict: string; members: { host: string; mode: string }[] } };
    assert.equal(json.ensemble.verdict, 'ok');
    assert.equal(json.ensemble.members.length, 3);
  });

  test('through SSH to each member (a real sshd), as the editor reads it', async () => {
    const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: join(dir, 'known_hosts') });
    try {
      const sessions = hostSessions(topology, pool, { home: dir, localUser: 'root', baseDir: dir, defaultIdentityFiles: [] });
      const e = await readMemberModes(registry(), { sessions, timeoutMs: 3000 });
      assert.equal(e.verdict, 'ok');
      assert.deepEqual(e.members.map((m) => m.via), ['zk-1', 'zk-2', 'zk-3']);
    } finally {
      await pool.closeAll();
    }
  });

  test('a member whose address takes connections but never answers: the tunnel to it is given up after the timeout', async () => {
    // A listener with a full queue: Linux drops further connection attempts (they neither open nor
    // fail), as a firewall that drops packets does. The sshd's connect to it waits; the read does not.
    const port = await freePort();
    const listener = spawn('python3', ['-c', HANG, '127.0.4.2', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ready) => listener.stdout.once('data', () => ready()));
      const filler = connect(port, '127.0.4.2');
      await new Promise((r) => filler.once('connect', r));
      const text = `version: 1\nregions:\n  r4:\n    name: region-4\n    lan: [127.0.4.0/24]\n    hosts:\n      zk-4:\n        internal: 127.0.4.2\n        ssh: { host: 127.0.0.1, port: ${sshd.port}, user: root, identityFile: key/id_test }\n        services: [registry]\nservices:\n  registry: { kind: zookeeper, port: ${port} }\n`;
      const topo = parseTopology('dubbo-topology.yaml', text).topology;
      const pool = new SshPool({ prompter: { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined }, knownHostsFile: join(dir, 'known_hosts') });
      try {
        const sessions = hostSessions(topo, pool, { home: dir, localUser: 'root', baseDir: dir, defaultIdentityFiles: [] });
        const t0 = Date.now();
        const e = await readMemberModes(topo.serviceById.get('registry')!, { sessions, timeoutMs: 1500 });
        assert.ok(Date.now() - t0 < 10_000, `given up after ${Date.now() - t0} ms`);
        assert.deepEqual(e.members.map((m) => [m.host.id, m.mode]), [['zk-4', 'unreachable']]);
        assert.deepEqual(e.members[0].attempts?.map((a) => [a.via, a.ref?.id]), [['zk-4', 'zookeeper/through-timeout']]);
        assert.match(e.members[0].attempts?.[0].error ?? '', /^cannot connect to ZooKeeper at 127\.0\.4\.2:\d+ through zk-4: no answer within 1500 ms$/);
      } finally {
        await pool.closeAll();
        filler.destroy();
      }
    } finally {
      listener.kill();
    }
  });

  test('one member down: degraded, the member unreachable with what was tried; then the CLI exits 1', async () => {
    await members[2].stop();
    await pollUntil('two members serving again', async () => {
      const modes = (await Promise.all(members.slice(0, 2).map((m) => askZooKeeper(m, 'srvr')))).map(modeOfSrvr).sort();
      return modes.join() === 'follower,leader';
    });
    const e = await readMemberModes(registry(), { timeoutMs: 3000 });
    assert.equal(e.verdict, 'degraded');
    const down = e.members.find((m) => m.host.id === 'zk-3')!;
    assert.equal(down.mode, 'unreachable');
    assert.match(down.attempts?.[0].error ?? '', /^cannot connect to ZooKeeper at 127\.0\.3\.2:\d+: connection refused/);
    const out: string[] = [];
    const code = await registryMain([dir], 'en', (s) => out.push(s), () => undefined);
    assert.equal(code, 1);
    assert.match(out.join('\n'), /\*\*2 of 3 members serve \(leader: zk-[12]\); the others below do not\.\*\*/);
    assert.match(out.join('\n'), /- ✗ zk-3 \(region-3\): unreachable/);
    const zh: string[] = [];
    await registryMain([dir], 'zh-cn', (s) => zh.push(s), () => undefined);
    assert.match(zh.join('\n'), /## 集群\n\n\*\*3 个成员中有 2 个在提供服务/);
    assert.match(zh.join('\n'), /\n- ✗ zk-3（region-3）：无法连接（127\.0\.3\.2:(\d+)：无法连接到 127\.0\.3\.2:\1 上的 ZooKeeper：连接被拒绝（ECONNREFUSED））\n/);
  });

  test('two members down: the one left does not serve — down', async () => {
    await members[1].stop();
    await pollUntil('the last member without a quorum', async () => modeOfSrvr(await askZooKeeper(members[0], 'srvr')) === 'not-serving');
    const e = await readMemberModes(registry(), { timeoutMs: 3000 });
    assert.equal(e.verdict, 'down');
    assert.deepEqual(e.members.map((m) => m.mode), ['not-serving', 'unreachable', 'unreachable']);
    const report = checkRegistry(createContext(new NodeWorkspace(dir), topology), registry(), { root: '/dubbo', interfaces: [] });
    assert.match(renderRegistryReport(report, { address: 'x', at: 'y' }, 'en', e), /\*\*No member serves: the ensemble has no quorum/);
  });
});
