/**
 * The seed's outage on a real network and a real ZooKeeper: a Dubbo-style provider in region 1
 * registers its internal address; a consumer in region 2 reads it from the registry and cannot
 * connect. The lint of the same topology reports `dubbo-registers-internal-ip`. With
 * `registerAs: external` (deploy sets DUBBO_IP_TO_REGISTRY) the consumer connects and the lint
 * is quiet. Check Live Registry, reading the same ZooKeeper from region 2, agrees both times.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { lintWorkspace } from '../../../src/core/engine';
import { checkRegistry, type RegistrySnapshot } from '../../../src/core/registry/check';
import { hostEnvironment } from '../../../src/deploy/plan';
import { parseTopology } from '../../../src/core/topology/parse';
import type { Topology } from '../../../src/core/topology/model';
import { contextFor, memoryWorkspace } from '../support/context';
import { springXml } from '../support/dubbo';
import { buildTwoRegionLab, labSkipReason, startZooKeeper, ZK_SERVER, type LabHost, type TwoRegionLab } from '../../support/twoRegionLab';

const skip = labSkipReason(['java', ZK_SERVER]);
if (skip) console.log(`# lab Dubbo registry tests skipped: ${skip}`);

const RULE = 'dubbo-registers-internal-ip';
const IFACE = 'com.example.OrderService';
const ORDER_XML = 'order/applicationContext.xml';
const WEB_XML = 'web/applicationContext.xml';
const ZK_CLIENT = require.resolve('node-zookeeper-client');

/**
 * A provider standing in for a Dubbo service: binds its port on the host's address, registers
 * `dubbo://<DUBBO_IP_TO_REGISTRY or bind address>:<port>/<interface>?...` as an ephemeral znode
 * under /dubbo/<interface>/providers (Dubbo's ZooKeeper layout, URL-encoded), and answers each
 * connection with a line naming itself. Ends its session on SIGTERM.
 */
const PROVIDER = `
const net = require('net');
const zookeeper = require(process.env.ZK_CLIENT);
const [zk, iface, bind, port, app] = process.argv.slice(1);
const registered = process.env.DUBBO_IP_TO_REGISTRY || bind;
const server = net.createServer((s) => s.end(iface + ' provider on ' + bind + ':' + port + '\\n'));
const client = zookeeper.createClient(zk, { sessionTimeout: 10000 });
server.listen(Number(port), bind, () => client.connect());
client.once('connected', () => {
  const dir = '/dubbo/' + iface + '/providers';
  const url = 'dubbo://' + registered + ':' + port + '/' + iface + '?anyhost=false&application=' + app + '&interface=' + iface + '&side=provider&timestamp=' + Date.now();
  client.mkdirp(dir, (e) => {
    if (e) { console.error(String(e)); process.exit(2); }
    client.create(dir + '/' + encodeURIComponent(url), zookeeper.CreateMode.EPHEMERAL, (e2) => {
      if (e2) { console.error(String(e2)); process.exit(2); }
      console.log('registered ' + url);
    });
  });
});
process.on('SIGTERM', () => {
  client.once('disconnected', () => process.exit(0));
  client.close();
  server.close();
  setTimeout(() => process.exit(0), 2000);
});
`;

/** A consumer: reads the provider list from ZooKeeper, then connects to every registered address (bounded). */
const CONSUMER = `
const net = require('net');
const zookeeper = require(process.env.ZK_CLIENT);
const [zk, iface, timeoutMs] = process.argv.slice(1);
const client = zookeeper.createClient(zk, { sessionTimeout: 10000 });
const fail = setTimeout(() => { console.log(JSON.stringify({ error: 'registry not reached' })); process.exit(1); }, 15000);
const probe = (host, port) => new Promise((resolve) => {
  const s = net.connect({ host, port });
  let reply = '';
  const t = setTimeout(() => { s.destroy(); resolve({ outcome: 'timeout', reply }); }, Number(timeoutMs));
  s.on('data', (d) => (reply += d));
  s.on('end', () => { clearTimeout(t); resolve({ outcome: 'connected', reply }); });
  s.on('error', (e) => { clearTimeout(t); resolve({ outcome: e.code === 'ECONNREFUSED' ? 'refused' : 'error', reply, detail: e.code }); });
});
client.once('connected', () => {
  client.getChildren('/dubbo/' + iface + '/providers', async (e, children) => {
    if (e) { console.log(JSON.stringify({ error: String(e) })); process.exit(1); }
    const providers = [];
    for (const c of children.sort()) {
      const url = decodeURIComponent(c);
      const u = new URL(url);
      providers.push({ url, host: u.hostname, port: Number(u.port), ...(await probe(u.hostname, Number(u.port))) });
    }
    clearTimeout(fail);
    console.log(JSON.stringify({ providers }));
    client.close();
    setTimeout(() => process.exit(0), 200);
  });
});
client.connect();
`;

/** The product's registry reader (src/registry/inspect.ts), run inside a region's namespace: prints the snapshot. */
const READER = `
const { readRegistry } = require(process.env.INSPECT);
const [host, port] = process.argv.slice(1);
readRegistry({ address: host, port: Number(port) }, { timeoutMs: 10000 }).then(
  (s) => console.log(JSON.stringify(s)),
  (e) => { console.log(JSON.stringify({ error: e.message })); process.exit(1); },
);
`;
const INSPECT = require.resolve('../../../src/registry/inspect');

interface Seen {
  url: string;
  host: string;
  port: number;
  outcome: 'connected' | 'timeout' | 'refused' | 'error';
  reply: string;
}

function topologyYaml(lab: TwoRegionLab, provider: string): string {
  const [r1, r2] = lab.regions;
  const [h1, h2] = [r1.hosts[0], r2.hosts[0]];
  return `version: 1
regions:
  ${r1.id}:
    name: ${r1.name}
    lan: [${r1.lan}]
    properties:
      zookeeper.host: zookeeper://${h1.internal}:2181
    hosts:
      ${h1.id}:
        internal: ${h1.internal}
        external: ${h1.external}
        services: [registry, order]
  ${r2.id}:
    name: ${r2.name}
    lan: [${r2.lan}]
    properties:
      zookeeper.host: zookeeper://${h1.external}:2181
    hosts:
      ${h2.id}:
        internal: ${h2.internal}
        external: ${h2.external}
        services: [web]
services:
  registry: { kind: zookeeper, port: 2181 }
  order:
    kind: dubbo-provider
    port: 20880
    registry: registry
    config: [${ORDER_XML}]
${provider}  web:
    kind: dubbo-consumer
    port: 8080
    registry: registry
    config: [${WEB_XML}]
`;
}

function workspaceFiles(yaml: string): Record<string, string> {
  return {
    'dubbo-topology.yaml': yaml,
    [ORDER_XML]: springXml(
      '  <dubbo:application name="order"/>\n  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>\n' +
        `  <dubbo:service interface="${IFACE}" ref="orderService"/>`,
    ),
    [WEB_XML]: springXml(`  <dubbo:application name="web"/>\n  <dubbo:registry address="\${zookeeper.host}"/>\n  <dubbo:reference id="orderService" interface="${IFACE}"/>`),
  };
}

/** `zookeeper://a:p` of a host's region property → `a:p`. */
function zkAddressFor(topology: Topology, host: LabHost): string {
  const v = topology.hostById.get(host.id)!.region.properties.get('zookeeper.host')!.value;
  return v.replace(/^zookeeper:\/\//, '');
}

describe('two-region lab: a provider registering its internal IP, for real', { skip }, () => {
  let lab: TwoRegionLab | undefined;
  let h1: LabHost;
  let h2: LabHost;

  before(async () => {
    lab = await buildTwoRegionLab();
    [h1, h2] = lab.hosts;
    await startZooKeeper(lab, h1);
  });

  after(async () => {
    await lab?.teardown();
  });

  /** Runs the provider as the topology deploys it on host-1; returns the URL it registered. */
  async function runProvider(topology: Topology) {
    const service = topology.serviceById.get('order')!;
    const host = topology.hostById.get(h1.id)!;
    const deployEnv = hostEnvironment(service, host, service.deploy, '/srv/order').env;
    const env: NodeJS.ProcessEnv = { ...process.env, ZK_CLIENT };
    if (deployEnv.DUBBO_IP_TO_REGISTRY) env.DUBBO_IP_TO_REGISTRY = deployEnv.DUBBO_IP_TO_REGISTRY;
    const proc = lab!.start(h1.ns, process.execPath, ['-e', PROVIDER, zkAddressFor(topology, h1), IFACE, h1.internal, String(service.port), 'order'], { env });
    const line = await proc.waitFor(/^registered /, 20_000);
    return { proc, url: line.slice('registered '.length) };
  }

  /** Reads the providers from region 2 (through the registry address region 2 is configured with) and connects to each. */
  async function consumeFromRegion2(topology: Topology): Promise<Seen[]> {
    const r = await lab!.exec(h2.ns, process.execPath, ['-e', CONSUMER, zkAddressFor(topology, h2), IFACE, '2000'], {
      env: { ...process.env, ZK_CLIENT },
      timeoutMs: 30_000,
    });
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { providers?: Seen[]; error?: string };
    assert.ok(out.providers, `consumer failed: ${r.stdout} ${r.stderr}`);
    return out.providers;
  }

  /** Check Live Registry from region 2: the registry read there, judged against the topology. */
  async function liveCheckFromRegion2(yaml: string, topology: Topology) {
    const [host, port] = zkAddressFor(topology, h2).split(':');
    const r = await lab!.exec(h2.ns, process.execPath, ['-e', READER, host, port], { env: { ...process.env, INSPECT }, timeoutMs: 30_000 });
    const snapshot = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as RegistrySnapshot;
    assert.ok(snapshot.interfaces, `reader failed: ${r.stdout} ${r.stderr}`);
    const ctx = contextFor(memoryWorkspace(workspaceFiles(yaml)));
    return checkRegistry(ctx, ctx.topology.serviceById.get('registry')!, snapshot);
  }

  function lint(yaml: string) {
    const res = lintWorkspace(memoryWorkspace(workspaceFiles(yaml)), { analyzers: [...defaultAnalyzers] });
    assert.ok(res);
    return res.diagnostics;
  }

  test('internal IP registered: region 2 reads it from ZooKeeper, the connect times out, and the lint and the live check report it', async () => {
    const yaml = topologyYaml(lab!, '');
    const parsed = parseTopology('dubbo-topology.yaml', yaml);
    assert.deepEqual(parsed.findings, []);
    const { proc, url } = await runProvider(parsed.topology);
    try {
      const seen = await consumeFromRegion2(parsed.topology);
      assert.equal(seen.length, 1, JSON.stringify(seen));
      const [p] = seen;
      assert.equal(p.url, url, 'region 2 read what region 1 registered');
      assert.equal(p.outcome, 'timeout', JSON.stringify(p));

      const found = lint(yaml).filter((d) => d.rule === RULE);
      assert.equal(found.length, 1, JSON.stringify(found.map((d) => d.message)));
      assert.equal(found[0].file, ORDER_XML);
      // The lint names the very address the consumer failed on, and the consumer host.
      assert.ok(found[0].message.includes(`${p.host} (${h1.id}) is unreachable from ${h2.id}`), found[0].message);

      // The live check, read from region 2, names the same address and the same caller.
      const live = await liveCheckFromRegion2(yaml, parsed.topology);
      const [entry] = live.interfaces.find((i) => i.name === IFACE)!.providers;
      assert.equal(entry.url.host, p.host);
      assert.deepEqual(
        entry.problems.map((x) => (x.kind === 'unreachable' ? x.callers.map((c) => c.host.id) : x.kind)),
        [[h2.id]],
      );
    } finally {
      await proc.stop();
    }
  });

  test('registerAs: external: region 2 connects to the registered address, and the lint and the live check are quiet', async () => {
    const yaml = topologyYaml(lab!, '    registerAs: external\n');
    const parsed = parseTopology('dubbo-topology.yaml', yaml);
    assert.deepEqual(parsed.findings, []);
    const { proc, url } = await runProvider(parsed.topology);
    try {
      const seen = await consumeFromRegion2(parsed.topology);
      assert.equal(seen.length, 1, `the previous session's provider is gone: ${JSON.stringify(seen)}`);
      const [p] = seen;
      assert.equal(p.url, url);
      assert.equal(p.host, h1.external);
      assert.equal(p.outcome, 'connected', JSON.stringify(p));
      assert.equal(p.reply, `${IFACE} provider on ${h1.internal}:20880\n`, 'the provider itself answered');

      assert.deepEqual(
        lint(yaml)
          .filter((d) => d.rule === RULE)
          .map((d) => d.message),
        [],
      );
      const live = await liveCheckFromRegion2(yaml, parsed.topology);
      assert.deepEqual(live.interfaces.find((i) => i.name === IFACE)!.providers.map((e) => [e.url.host, e.problems]), [[h1.external, []]]);
    } finally {
      await proc.stop();
    }
  });
});
