/**
 * Cross-checks the reachability judgement (topology/reach.ts) against a real network: the
 * two-region lab (namespaces, veth, nftables NAT) with a real ZooKeeper in region 1 and a TCP
 * listener in region 2. For every (vantage host, address) pair, `judgeFrom(...).reachable` must
 * agree with what a TCP connect from that host's namespace sees. The Verify Reachability script,
 * run in each namespace, agrees with the lab's topology and contradicts a wrong one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeFrom } from '../../../src/core/topology/reach';
import { disagreements, hostReport } from '../../../src/core/topology/probeReport';
import { probePlan } from '../../../src/core/topology/probes';
import { parseProbeOutput, probeScript } from '../../../src/reach/probe';
import { parseTopology } from '../../../src/core/topology/parse';
import type { Topology } from '../../../src/core/topology/model';
import { buildTwoRegionLab, labSkipReason, startZooKeeper, tcpProbe, ZK_SERVER, type LabHost, type TwoRegionLab } from '../../support/twoRegionLab';

const skip = labSkipReason(['java', ZK_SERVER]);
if (skip) console.log(`# lab reachability tests skipped: ${skip}`);

const PORT = 2181;
const BANNER = 'region-2 listener';

/** The lab as a topology file, written from the lab's own description. */
function labTopologyYaml(lab: TwoRegionLab): string {
  const lines = ['version: 1', 'regions:'];
  for (const r of lab.regions) {
    lines.push(`  ${r.id}:`, `    name: ${r.name}`, `    lan: [${r.lan}]`, '    hosts:');
    for (const h of r.hosts) {
      const services = r.id === lab.regions[0].id ? '[registry]' : '[listener]';
      lines.push(`      ${h.id}:`, `        internal: ${h.internal}`, `        external: ${h.external}`, `        services: ${services}`);
    }
  }
  lines.push('services:', `  registry: { kind: zookeeper, port: ${PORT} }`, `  listener: { kind: other, port: ${PORT} }`, '');
  return lines.join('\n');
}

describe('two-region lab: judgeFrom agrees with real TCP connects', { skip }, () => {
  let lab: TwoRegionLab | undefined;
  let topology: Topology;
  let h1: LabHost;
  let h2: LabHost;

  before(async () => {
    lab = await buildTwoRegionLab();
    [h1, h2] = lab.hosts;
    const parsed = parseTopology('dubbo-topology.yaml', labTopologyYaml(lab));
    assert.deepEqual(parsed.findings, [], 'the lab topology is valid');
    topology = parsed.topology;
    // Region 1: a real ZooKeeper on the host's internal address. Region 2: a plain TCP listener
    // that names itself, so a connect proves which host answered.
    const listener = lab.start(h2.ns, process.execPath, [
      '-e',
      `require('net').createServer((s) => s.end(${JSON.stringify(BANNER + '\n')})).listen(${PORT}, ${JSON.stringify(h2.internal)}, () => console.log('listening'))`,
    ]);
    await Promise.all([startZooKeeper(lab, h1, { port: PORT }), listener.waitFor(/^listening$/, 10_000)]);
  });

  after(async () => {
    await lab?.teardown();
  });

  test('ZooKeeper answers ruok with imok on region-1 internal address (from region 1)', async () => {
    const r = await tcpProbe(lab!, h1.ns, h1.internal, PORT, { send: 'ruok' });
    assert.equal(r.outcome, 'connected');
    assert.equal(r.reply, 'imok');
  });

  const vantages = ['host-1', 'host-2'];
  const targets: [string, (l: TwoRegionLab) => string][] = [
    ['region-1 internal', (l) => l.hosts[0].internal],
    ['region-1 external', (l) => l.hosts[0].external],
    ['region-2 internal', (l) => l.hosts[1].internal],
    ['region-2 external', (l) => l.hosts[1].external],
  ];
  const seen = new Map<string, boolean>();

  for (const v of vantages) {
    for (const [label, addressOf] of targets) {
      test(`from ${v} to the ${label} address`, async () => {
        const vantageLab = lab!.hosts.find((h) => h.id === v)!;
        const vantage = topology.hostById.get(v);
        assert.ok(vantage, `${v} is in the topology`);
        const address = addressOf(lab!);
        const judged = judgeFrom(topology, vantage, address);
        const probe = await tcpProbe(lab!, vantageLab.ns, address, PORT, label.startsWith('region-1') ? { send: 'ruok' } : {});
        seen.set(`${v} ${label}`, probe.outcome === 'connected');
        // Unreachable must be a silent drop (a timeout), not a refusal or a local error.
        assert.ok(probe.outcome === 'connected' || probe.outcome === 'timeout', `unexpected probe result ${JSON.stringify(probe)}`);
        assert.equal(probe.outcome === 'connected', judged.reachable, `judgeFrom says ${judged.role}/reachable=${judged.reachable}; the network: ${probe.outcome}`);
        if (probe.outcome === 'connected') {
          // The answer comes from the host the address belongs to.
          if (label.startsWith('region-1')) assert.equal(probe.reply, 'imok');
          else assert.equal(probe.reply, `${BANNER}\n`);
        }
      });
    }
  }

  /** Runs the reachability check's script inside a host's namespace (as SSH would run it there). */
  async function checkFrom(topo: Topology, v: LabHost) {
    const [plan] = probePlan(topo, [topo.hostById.get(v.id)!]);
    const r = await lab!.exec(v.ns, 'sh', ['-s'], { input: probeScript(plan.probes, 2), timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    return hostReport(plan.vantage, plan.probes, parseProbeOutput(r.stdout, plan.probes.length));
  }

  test('Verify Reachability: from each host, every attempt agrees with the topology', async () => {
    for (const v of [h1, h2]) {
      const other = lab!.hosts.find((h) => h !== v)!;
      const report = await checkFrom(topology, v);
      assert.deepEqual(
        report.rows.map((x) => [x.probe.address, x.probe.expected, x.outcome, x.verdict]),
        [
          [other.internal, false, 'timeout', 'agrees'],
          [other.external, true, 'open', 'agrees'],
        ],
        v.id,
      );
    }
  });

  test('Verify Reachability: a topology that puts both hosts in one LAN is contradicted where it is wrong', async () => {
    const [r1, r2] = lab!.regions;
    const oneRegion = parseTopology(
      'dubbo-topology.yaml',
      [
        'version: 1',
        'regions:',
        `  ${r1.id}:`,
        `    name: ${r1.name}`,
        `    lan: [${r1.lan}, ${r2.lan}]`,
        '    hosts:',
        ...lab!.hosts.flatMap((h, i) => [`      ${h.id}:`, `        internal: ${h.internal}`, `        external: ${h.external}`, `        services: [${i === 0 ? 'registry' : 'listener'}]`]),
        'services:',
        `  registry: { kind: zookeeper, port: ${PORT} }`,
        `  listener: { kind: other, port: ${PORT} }`,
        '',
      ].join('\n'),
    ).topology;
    const report = await checkFrom(oneRegion, h2);
    const internal = report.rows.find((x) => x.probe.address === h1.internal)!;
    assert.deepEqual([internal.probe.role, internal.outcome, internal.verdict], ['own-internal', 'timeout', 'blocked']);
    assert.equal(disagreements([report]), 1);
  });

  test('the matrix holds both outcomes (the network really separates the regions)', () => {
    const values = [...seen.values()];
    assert.equal(values.length, vantages.length * targets.length);
    assert.ok(values.includes(true) && values.includes(false), JSON.stringify(Object.fromEntries(seen)));
  });
});
