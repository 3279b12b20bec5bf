import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ofRule } from '../support/lint';
import { dubboContext, lintDubbo, springXml } from '../support/dubbo';
import { dubboModel } from '../../../src/core/dubbo/model';
import { buildDiagramGraph } from '../../../src/core/diagram/graph';
import { observedEdges } from '../../../src/core/diagram/observed';

/**
 * A registry the topology has no kind for (Nacos, etcd, Consul), written as a service of kind `other`
 * on its port: the seed's setup with a Nacos registry in 杭州, the provider `order` there and the
 * consumer `web` in 上海.
 */
function topology(opts: { nacosKind?: string; nacosPort?: number; nacosHosts?: string } = {}): string {
  return `version: 1
regions:
  hz:
    name: 杭州
    lan: [10.10.0.0/16]
    hosts:
      nacos1: { internal: 10.10.1.30, external: 47.96.1.30, services: [nacos] }
      app1: { internal: 10.10.2.21, external: 47.96.2.21, services: [order] }
  sh:
    name: 上海
    lan: [10.20.0.0/16]
    hosts:
      app2: { internal: 10.20.2.21, external: 106.14.2.21, services: [web${opts.nacosHosts ?? ''}] }
services:
  nacos: { kind: ${opts.nacosKind ?? 'other'}, port: ${opts.nacosPort ?? 8848} }
  order: { kind: dubbo-provider, port: 20880, config: [provider.xml] }
  web: { kind: dubbo-consumer, config: [consumer.xml] }
`;
}

const PROVIDER = springXml('  <dubbo:application name="order"/>\n  <dubbo:registry address="nacos://47.96.1.30:8848?namespace=prod"/>\n  <dubbo:protocol name="dubbo" port="20880"/>');
const CONSUMER = springXml('  <dubbo:application name="web"/>\n  <dubbo:registry address="nacos://47.96.1.30:8848?namespace=prod"/>');

function files(opts: Parameters<typeof topology>[0] = {}, provider = PROVIDER): Record<string, string> {
  return { 'dubbo-topology.yaml': topology(opts), 'provider.xml': provider, 'consumer.xml': CONSUMER };
}

test('other registry: a Nacos service of kind other on the address\'s port is the registry both sides use', () => {
  const ctx = dubboContext(files());
  const model = dubboModel(ctx);
  const at = (service: string, host: string, side: 'provider' | 'consumer') =>
    model.registries(ctx.topology.serviceById.get(service)!, ctx.topology.hostById.get(host)!, side).map((r) => r.id);
  assert.deepEqual(at('order', 'app1', 'provider'), ['nacos']);
  assert.deepEqual(at('web', 'app2', 'consumer'), ['nacos']);
  // On another port, or another kind than zookeeper and other: not a registry.
  for (const opts of [{ nacosPort: 8849 }, { nacosKind: 'http' }]) {
    const c = dubboContext(files(opts));
    assert.deepEqual(dubboModel(c).registries(c.topology.serviceById.get('order')!, c.topology.hostById.get('app1')!, 'provider'), [], JSON.stringify(opts));
  }
});

test('other registry: the seed\'s errors with Nacos — a provider registering its internal IP, the registry in one region', () => {
  const ds = lintDubbo(files());
  const registers = ofRule(ds, 'dubbo-registers-internal-ip');
  assert.equal(registers.length, 1);
  assert.match(registers[0].message, /^order registers addresses in registry nacos that some consumers cannot reach: 10\.10\.2\.21 \(app1\) is unreachable from app2 \(上海\)/);
  const single = ofRule(ds, 'dubbo-registry-single-region');
  assert.deepEqual(
    single.map((d) => d.message),
    ['Registry nacos runs only in 杭州 (nacos1) but serves hosts in 杭州, 上海: if 杭州 goes down, the other regions lose service discovery with it. Run its cluster members in more than one region, or a registry per region and list both, separated by |.'],
  );
  assert.match(ofRule(lintDubbo(files(), { locale: 'zh-cn' }), 'dubbo-registry-single-region')[0].message, /请在多个地域部署其集群节点/);
  // Registering the external IP fixes the first.
  const external = PROVIDER.replace('<dubbo:protocol name="dubbo" port="20880"/>', '<dubbo:protocol name="dubbo" port="20880" host="47.96.2.21"/>');
  assert.deepEqual(ofRule(lintDubbo(files({}, external)), 'dubbo-registers-internal-ip'), []);
});

test('other registry: ZooKeeper-only judgements stay with ZooKeeper — no quorum for a Nacos cluster split across regions; Nacos TLS advice, not ZooKeeper\'s', () => {
  // Nacos on nacos1 (杭州) and app2 (上海), addressed as one cluster: one member each, which a ZooKeeper ensemble could not survive.
  const both = (f: Record<string, string>) => Object.fromEntries(Object.entries(f).map(([k, t]) => [k, t.replaceAll('47.96.1.30:8848?', '47.96.1.30:8848,106.14.2.21:8848?')]));
  const ds = lintDubbo(both(files({ nacosHosts: ', nacos' })));
  assert.deepEqual(ofRule(ds, 'dubbo-registry-quorum'), []);
  assert.deepEqual(ofRule(ds, 'dubbo-registry-single-region'), []);
  const plaintext = ofRule(ds, 'dubbo-registry-plaintext-public');
  assert.ok(plaintext.length > 0);
  for (const d of plaintext) {
    assert.match(d.message, /the Nacos client talks to the server unencrypted/);
    assert.doesNotMatch(d.message, /ZooKeeper/);
  }
  // The same as a ZooKeeper ensemble is reported.
  const zk = both(files({ nacosKind: 'zookeeper', nacosHosts: ', nacos' }));
  const asZk = Object.fromEntries(Object.entries(zk).map(([f, t]) => [f, t.replaceAll('nacos://', 'zookeeper://')]));
  assert.equal(ofRule(lintDubbo(asZk), 'dubbo-registry-quorum').length, 1);
});

test('other registry in the diagram: the registry edges go to the Nacos service, and consumers call the providers registered there', () => {
  const ctx = dubboContext(files());
  const g = buildDiagramGraph({ topology: ctx.topology, diagnostics: [], observed: observedEdges(ctx) });
  const short = (id: string) => id.replace(/^(service|host|address)-/, '');
  assert.deepEqual(g.edges.map((e) => `${e.kind} ${short(e.source)} -> ${short(e.target)}`).sort(), [
    'call app2--web -> app1--order',
    'registry app1--order -> nacos1--nacos',
    'registry app2--web -> nacos1--nacos',
  ]);
  // A consumer whose configs name no registry the topology has: no call is guessed for it.
  const other = dubboContext({ ...files(), 'consumer.xml': CONSUMER.replace('47.96.1.30:8848', '47.96.9.9:8848') });
  const g2 = buildDiagramGraph({ topology: other.topology, diagnostics: [], observed: observedEdges(other) });
  assert.ok(!g2.edges.some((e) => e.kind === 'call'), g2.edges.map((e) => e.id).join(' '));
});
