import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { disagreements, hostReport, renderProbePlan, renderProbeReport, untested } from '../../../src/core/topology/probeReport';
import { probePlan, verdictOf } from '../../../src/core/topology/probes';
import { parseProbeOutput, probeScript } from '../../../src/reach/probe';
import { freePort } from '../../support/sshd';
import { contextFor, exampleDir, memoryWorkspace } from '../support/context';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const topology = () => contextFor().topology;

describe('the probe plan: the topology\'s claims as connection attempts', () => {
  test('from api-2 (华东2): its own region first; another region\'s internal IPs expected unreachable, external IPs reachable', () => {
    const topo = topology();
    const [plan] = probePlan(topo, [topo.hostById.get('api-2')!]);
    const rows = plan.probes.map((p) => `${p.target.id} ${p.service.id} ${p.address}:${p.port} ${p.role} ${p.expected}`);
    assert.ok(rows.includes('app-2 order 172.16.8.102:20880 own-internal true'), rows.join('\n'));
    assert.ok(rows.includes('app-1 order 192.168.27.102:20880 other-internal false'), rows.join('\n'));
    assert.ok(rows.includes('app-1 order 139.159.250.8:20880 external true'), rows.join('\n'));
    assert.ok(rows.includes('api-1 registry 192.168.27.101:2181 other-internal false'), rows.join('\n'));
    assert.ok(!plan.probes.some((p) => p.target.id === 'api-2'), 'no probe of itself');
    assert.equal(plan.probes[0].target.region.id, 'east-2');
    assert.equal(new Set(plan.probes.map((p) => `${p.address}:${p.port}`)).size, plan.probes.length, 'each address:port once');
    assert.equal(plan.omitted, 0);
  });

  test('the cap keeps the nearest probes and counts the rest', () => {
    const topo = topology();
    const [full] = probePlan(topo, [topo.hostById.get('api-2')!]);
    const [capped] = probePlan(topo, [topo.hostById.get('api-2')!], 3);
    assert.deepEqual(capped.probes, full.probes.slice(0, 3));
    assert.equal(capped.omitted, full.probes.length - 3);
  });

  test('verdicts: a refused connection reached the host; a timeout did not', () => {
    assert.equal(verdictOf(true, 'open'), 'agrees');
    assert.equal(verdictOf(true, 'refused'), 'not-listening');
    assert.equal(verdictOf(true, 'timeout'), 'blocked');
    assert.equal(verdictOf(true, 'unreachable'), 'blocked');
    assert.equal(verdictOf(false, 'timeout'), 'agrees');
    assert.equal(verdictOf(false, 'unreachable'), 'agrees');
    assert.equal(verdictOf(false, 'open'), 'reachable-unexpectedly');
    assert.equal(verdictOf(false, 'refused'), 'reachable-unexpectedly');
    assert.equal(verdictOf(true, 'error'), 'untested');
    // On a port only one member listens on (ZooKeeper's quorum port: the leader), a refusal is the path open.
    assert.equal(verdictOf(true, 'refused', true), 'agrees');
    assert.equal(verdictOf(true, 'timeout', true), 'blocked');
    assert.equal(verdictOf(false, 'refused', true), 'reachable-unexpectedly');
  });

  test("a ZooKeeper ensemble's quorum port: the followers' refusals agree with the topology, the election port's do not", () => {
    const text = readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8');
    const yaml = text.replace(/( {2}registry:\n {4}kind: zookeeper\n)/, '$1    ports: { quorum: 2888, election: 3888 }\n');
    assert.notEqual(yaml, text);
    const topo = contextFor(memoryWorkspace({ 'dubbo-topology.yaml': yaml })).topology;
    const [plan] = probePlan(topo, [topo.hostById.get('app-1')!]);
    const registry = plan.probes.filter((p) => p.service.id === 'registry' && p.role === 'own-internal');
    assert.deepEqual(registry.map((p) => `${p.port} ${p.leaderOnly ?? false}`), ['2181 false', '2888 true', '3888 false']);
    const report = hostReport(plan.vantage, registry, registry.map(() => ({ outcome: 'refused' as const, detail: '' })));
    assert.deepEqual(report.rows.map((r) => `${r.probe.port} ${r.verdict}`), ['2181 not-listening', '2888 agrees', '3888 not-listening']);
  });
});

describe('the probe script, run by a real sh on loopback', () => {
  function listen(): Promise<Server> {
    return new Promise((resolve) => {
      const s = createServer((c) => c.end()).listen(0, '127.0.0.1', () => resolve(s));
    });
  }

  test('an open port connects, a closed one is refused; every probe reports once, in order', async () => {
    const server = await listen();
    const open = (server.address() as { port: number }).port;
    const closed = await freePort();
    try {
      const targets = [
        { address: '127.0.0.1', port: open },
        { address: '127.0.0.1', port: closed },
        ...Array.from({ length: 40 }, () => ({ address: '127.0.0.1', port: open })),
      ];
      const r = spawnSync('sh', ['-s'], { input: probeScript(targets, 2), encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      const results = parseProbeOutput(r.stdout, targets.length);
      assert.deepEqual(results.slice(0, 2).map((x) => x.outcome), ['open', 'refused']);
      assert.match(results[1].detail, /refused/i);
      assert.ok(results.slice(2).every((x) => x.outcome === 'open'), 'the second batch ran too');
    } finally {
      server.close();
    }
  });

  test('output lines that are missing or malformed leave an error, never a guess', () => {
    const results = parseProbeOutput('probe 0 open \nprobe 1 sideways x\ngarbage\nprobe 9 open\n', 3);
    assert.deepEqual(results.map((x) => x.outcome), ['open', 'error', 'error']);
  });
});

describe('the report', () => {
  const topo = topology();
  const api2 = topo.hostById.get('api-2')!;
  const [plan] = probePlan(topo, [api2]);
  // As if a VPN joined the regions: app-1's internal address answered; and app-1's external one was dropped.
  const results = plan.probes.map((p) =>
    p.address === '192.168.27.102' && p.port === 20880
      ? { outcome: 'open' as const, detail: '' }
      : p.address === '139.159.250.8' && p.port === 20880
        ? { outcome: 'timeout' as const, detail: '' }
        : p.address === '172.16.8.102' && p.port === 20881
          ? { outcome: 'refused' as const, detail: 'Connection refused' }
          : { outcome: p.expected ? ('open' as const) : ('timeout' as const), detail: '' },
  );
  const reports = [hostReport(api2, plan.probes, results), { vantage: topo.hostById.get('app-1')!, rows: [], omitted: 0, error: 'authentication to app-1 failed' }];

  test('English: what contradicts the topology first, then what only looks wrong, then the count of the rest', () => {
    assert.equal(disagreements(reports), 2);
    const md = renderProbeReport(reports, { at: '2026-11-29T11:00:00Z', timeoutSeconds: 3 }, 'en');
    assert.match(md, /\*\*2 attempt\(s\) contradict the topology\.\*\*/);
    const lines = md.split('\n');
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    const blocked = at(/^- ✗ `139\.159\.250\.8:20880` — app-1 · order, external IP: the topology says reachable; no answer within 3 s\. A firewall/);
    const vpn = at(/^- ✗ `192\.168\.27\.102:20880` — app-1 · order, internal IP of another region: the topology says unreachable; connected\. A VPN/);
    const idle = at(/^- ⚠ `172\.16\.8\.102:20881` — app-2 · driver, internal IP, same region: the host answered, but nothing listens on port 20881/);
    const rest = at(new RegExp(`^- ✓ ${plan.probes.length - 3} attempt\\(s\\) as the topology says\\.$`));
    assert.ok(blocked > 0 && vpn > blocked && idle > vpn && rest > idle, md);
    assert.match(md, /^## app-1 \(华东1\)\n\n- ✗ Not checked: authentication to app-1 failed$/m);
    assert.match(md, /\*\*1 of 2 host\(s\) could not be checked \(below\)\.\*\*/);
  });

  test('no host checked: no claim that the network agrees', () => {
    const down = [reports[1]];
    const md = renderProbeReport(down, { at: 'now', timeoutSeconds: 3 }, 'en');
    assert.doesNotMatch(md, /behaves as the topology says/);
    assert.match(md, /\*\*1 of 1 host\(s\) could not be checked \(below\)\.\*\*/);
    assert.match(renderProbeReport([reports[0]], { at: 'now', timeoutSeconds: 3 }, 'en'), /contradict the topology/);
  });

  test('attempts that could not be made are counted, and no claim that the network agrees is made for them', () => {
    const none = hostReport(api2, plan.probes, plan.probes.map(() => ({ outcome: 'error' as const, detail: 'neither bash nor nc on this host' })));
    assert.equal(untested([none]), plan.probes.length);
    const md = renderProbeReport([none], { at: 'now', timeoutSeconds: 3 }, 'en');
    assert.doesNotMatch(md, /behaves as the topology says/);
    assert.match(md, new RegExp(`\\*\\*${plan.probes.length} attempt\\(s\\) could not be made \\(below\\)\\.\\*\\*`));
    assert.match(renderProbeReport([none], { at: 'now', timeoutSeconds: 3 }, 'zh-cn'), new RegExp(`有 ${plan.probes.length} 次尝试未能进行`));
    // Some made, some not: the verdict on those made, and the count of the others.
    const some = hostReport(api2, plan.probes, plan.probes.map((p, i) => (i === 0 ? { outcome: 'error' as const, detail: 'x' } : { outcome: p.expected ? ('open' as const) : ('timeout' as const), detail: '' })));
    const md2 = renderProbeReport([some], { at: 'now', timeoutSeconds: 3 }, 'en');
    assert.match(md2, /\*\*The network behaves as the topology says\.\*\*\n\n\*\*1 attempt\(s\) could not be made \(below\)\.\*\*/);
    assert.equal(untested(reports), 0);
  });

  test('Simplified Chinese', () => {
    const md = renderProbeReport(reports, { at: 'now', timeoutSeconds: 3 }, 'zh-cn');
    assert.match(md, /^# 连通性检查$/m);
    assert.match(md, /拓扑认为可达；实际3 秒内无应答/);
    assert.match(md, /有 2 次尝试与拓扑描述不符/);
  });
});

describe('the plan (dry run)', () => {
  test('per host, each attempt with what the topology says it should do, in both languages', () => {
    const topo = topology();
    const plans = probePlan(topo, [topo.hostById.get('api-2')!, topo.hostById.get('app-1')!], 4);
    const md = renderProbePlan(plans, 'en');
    assert.match(md, /^# Reachability plan$/m);
    assert.match(md, new RegExp(`Nothing has been run\\. .*\\(${plans[0].probes.length + plans[1].probes.length} in all\\)`));
    assert.match(md, /^## api-2 \(华东2\)$/m);
    assert.match(md, /^- `172\.16\.8\.102:20880` — app-2 · order, internal IP, same region: should connect$/m);
    assert.match(md, new RegExp(`^- ${plans[0].omitted} more attempt\\(s\\) left out`, 'm'));
    const zh = renderProbePlan(plans, 'zh-cn');
    assert.match(zh, /^# 连通性检查计划$/m);
    assert.match(zh, /同地域内网 IP：应能连接/);
  });
});
