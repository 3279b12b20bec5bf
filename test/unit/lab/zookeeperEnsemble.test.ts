/**
 * A ZooKeeper ensemble across the lab's two regions, for real: one member per region (real
 * ZooKeeper 3.8 in each host's namespace), its zoo.cfg written three ways, and the lint of the same
 * topology each time.
 * - internal IPs: the members cannot reach each other; the lint reports `cross-region-internal-ip`;
 * - external IPs: each member tries to listen on its own external address, which the lab maps by NAT
 *   as a cloud maps an elastic IP: the bind fails and ZooKeeper exits; the lint reports
 *   `zookeeper-quorum-listen`;
 * - external IPs and quorumListenOnAllIPs=true: the two elect a leader; the lint reports only that
 *   their traffic crosses the internet in plain text (`zookeeper-quorum-plaintext-public`);
 * - each member by its internal and its external IP on one line (3.6+), with the JVM flag that lets
 *   ZooKeeper take such a line: the two elect a leader; the lint reports the plain text, not the
 *   internal IPs, and asks for the flag (`zookeeper-multi-address`) when the topology does not give it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace } from '../../../src/core/engine';
import { memoryWorkspace } from '../support/context';
import { buildTwoRegionLab, labSkipReason, tcpProbe, ZK_SERVER, type LabHost, type LabProcess, type TwoRegionLab } from '../../support/twoRegionLab';
import { writeZooKeeperConfig } from '../../support/zookeeper';

const skip = labSkipReason(['java', ZK_SERVER]);
if (skip) console.log(`# lab ZooKeeper ensemble tests skipped: ${skip}`);

const ZOO_CFG = 'zk/zoo.cfg';

function topologyYaml(lab: TwoRegionLab, registry = `{ kind: zookeeper, port: 2181, config: [${ZOO_CFG}] }`): string {
  const [r1, r2] = lab.regions;
  const [h1, h2] = [r1.hosts[0], r2.hosts[0]];
  const host = (h: LabHost) => `      ${h.id}:\n        internal: ${h.internal}\n        external: ${h.external}\n        services: [registry]\n`;
  return `version: 1
regions:
  ${r1.id}:
    name: ${r1.name}
    lan: [${r1.lan}]
    hosts:
${host(h1)}  ${r2.id}:
    name: ${r2.name}
    lan: [${r2.lan}]
    hosts:
${host(h2)}services:
  registry: ${registry}
`;
}

/** The server lines (and extra settings) of the ensemble's zoo.cfg. */
function ensembleLines(addresses: [string, string], extra: string[] = []): string[] {
  return [...addresses.map((a, i) => `server.${i + 1}=${a}:2888:3888`), ...extra];
}

describe('two-region lab: a ZooKeeper ensemble across the regions, for real', { skip }, () => {
  let lab: TwoRegionLab | undefined;
  let h1: LabHost;
  let h2: LabHost;

  before(async () => {
    lab = await buildTwoRegionLab();
    [h1, h2] = lab.hosts;
  });

  after(async () => {
    await lab?.teardown();
  });

  /**
   * Starts both members with `lines` in their zoo.cfg (and `flags` for their JVMs); resolves once each
   * answers `ruok` on its internal address.
   */
  async function startMembers(lines: string[], flags = ''): Promise<LabProcess[]> {
    const procs: LabProcess[] = [];
    for (const [i, h] of [h1, h2].entries()) {
      const dir = mkdtempSync(join(tmpdir(), 'dt-zk-'));
      lab!.ownDir(dir);
      const { config, env } = writeZooKeeperConfig(dir, h.internal, 2181, lines);
      if (flags) env.JVMFLAGS = `${env.JVMFLAGS ?? ''} ${flags}`;
      mkdirSync(join(dir, 'data'), { recursive: true });
      writeFileSync(join(dir, 'data', 'myid'), `${i + 1}\n`);
      procs.push(lab!.start(h.ns, ZK_SERVER, ['start-foreground', config], { env }));
    }
    for (const [i, h] of [h1, h2].entries()) {
      const deadline = Date.now() + 30_000;
      while ((await tcpProbe(lab!, h.ns, h.internal, 2181, { send: 'ruok', timeoutMs: 1000 })).reply !== 'imok') {
        if (Date.now() > deadline) assert.fail(`member ${i + 1} did not answer ruok:\n${procs[i].output().slice(-2000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    return procs;
  }

  /** `leader`, `follower`, or `not serving` (no quorum), from `srvr` inside the member's namespace. */
  async function mode(h: LabHost): Promise<string> {
    const reply = (await tcpProbe(lab!, h.ns, h.internal, 2181, { send: 'srvr', timeoutMs: 1000 })).reply;
    if (reply.includes('not currently serving')) return 'not serving';
    return /^Mode: (\S+)/m.exec(reply)?.[1] ?? `? ${reply.slice(0, 80)}`;
  }

  /** The zoo.cfg findings (rule and line) of the topology; `jvmFlags` as the registry's deploy env passes them. */
  function lint(lines: string[], jvmFlags?: string) {
    const registry = jvmFlags
      ? `\n    kind: zookeeper\n    port: 2181\n    config: [${ZOO_CFG}]\n    deploy: { dir: /opt/zookeeper, restart: bin/zkServer.sh restart, env: { JVMFLAGS: "${jvmFlags}" } }`
      : undefined;
    const files = { 'dubbo-topology.yaml': topologyYaml(lab!, registry), [ZOO_CFG]: ['tickTime=2000', 'clientPort=2181', ...lines, ''].join('\n') };
    const r = lintWorkspace(memoryWorkspace(files), { analyzers: [...defaultAnalyzers] })!;
    return r.diagnostics.filter((d) => d.file === ZOO_CFG).map((d) => `${d.rule} ${d.range.start.line}`);
  }

  test('internal IPs: the members never reach each other, as the lint says', async () => {
    const lines = ensembleLines([h1.internal, h2.internal]);
    assert.deepEqual(lint(lines), ['cross-region-internal-ip 2', 'cross-region-internal-ip 3']);
    const procs = await startMembers(lines);
    try {
      // Within a lab region a leader election takes under a second (the quorum test below); give it ten.
      await new Promise((r) => setTimeout(r, 10_000));
      assert.deepEqual([await mode(h1), await mode(h2)], ['not serving', 'not serving']);
    } finally {
      for (const p of procs) await p.stop();
    }
  });

  test('external IPs: each member fails to listen on its own NAT-mapped address and exits, as the lint says', async () => {
    const lines = ensembleLines([h1.external, h2.external]);
    assert.deepEqual(lint(lines).sort(), [
      'zookeeper-quorum-listen 2',
      'zookeeper-quorum-listen 3',
      'zookeeper-quorum-plaintext-public 2',
      'zookeeper-quorum-plaintext-public 3',
    ]);
    const procs = await startMembers(lines);
    try {
      // ZooKeeper retries the bind, then exits with 14 (ExitCode.UNABLE_TO_BIND_QUORUM_PORT).
      const deadline = Date.now() + 60_000;
      while (procs.some((p) => p.child.exitCode === null)) {
        if (Date.now() > deadline) assert.fail(`a member still runs after 60 s: ${JSON.stringify([await mode(h1), await mode(h2)])}`);
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.deepEqual(procs.map((p) => p.child.exitCode), [14, 14]);
    } finally {
      for (const p of procs) await p.stop();
    }
  });

  test('external IPs and quorumListenOnAllIPs=true: the two elect a leader across the regions, in plain text, as the lint says', async () => {
    const lines = ensembleLines([h1.external, h2.external], ['quorumListenOnAllIPs=true']);
    assert.deepEqual(lint(lines), ['zookeeper-quorum-plaintext-public 2', 'zookeeper-quorum-plaintext-public 3']);
    const procs = await startMembers(lines);
    try {
      await electLeader(procs);
    } finally {
      for (const p of procs) await p.stop();
    }
  });

  test('each member by its internal and its external IP on one line (3.6+): with -Dzookeeper.multiAddress.enabled=true the two elect a leader, as the lint says', async () => {
    // No quorumListenOnAllIPs: each member listens on its internal IP and only logs that it cannot bind
    // its external one; the other region reaches it at the external IP, which the NAT maps to the internal one.
    const lines = ensembleLines([`${h1.internal}:2888:3888|${h1.external}`, `${h2.internal}:2888:3888|${h2.external}`]);
    assert.match(lines[0], /^server\.1=[\d.]+:2888:3888\|[\d.]+:2888:3888$/);
    const flag = '-Dzookeeper.multiAddress.enabled=true';
    // Without the flag in the topology, the lint asks for it; with it, as the members are started here,
    // only the plain text is left.
    assert.deepEqual(lint(lines).sort(), [
      'zookeeper-multi-address 2',
      'zookeeper-multi-address 3',
      'zookeeper-quorum-plaintext-public 2',
      'zookeeper-quorum-plaintext-public 3',
    ]);
    assert.deepEqual(lint(lines, flag).sort(), ['zookeeper-quorum-plaintext-public 2', 'zookeeper-quorum-plaintext-public 3']);
    const procs = await startMembers(lines, flag);
    try {
      await electLeader(procs);
    } finally {
      for (const p of procs) await p.stop();
    }
  });

  /** Waits until one member leads and the other follows (30 s at most). */
  async function electLeader(procs: LabProcess[]): Promise<void> {
    const deadline = Date.now() + 30_000;
    let seen: string[];
    while (!((seen = [await mode(h1), await mode(h2)]).includes('leader') && seen.includes('follower'))) {
      if (Date.now() > deadline) assert.fail(`no leader within 30 s: ${JSON.stringify(seen)}\n${procs.map((p) => p.output().slice(-1500)).join('\n---\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
});
