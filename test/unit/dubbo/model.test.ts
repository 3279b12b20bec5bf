import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dubboModel, parseCached, registeredAddress } from '../../../src/core/dubbo/model';
import { dubboContext, exampleFiles, providerYaml, springXml, ZK } from '../support/dubbo';

test('model: registry identity comes from the topology — the address matched to the host running ZooKeeper, seen from each host', () => {
  const ctx = dubboContext(exampleFiles());
  const m = dubboModel(ctx);
  const t = ctx.topology;
  const registry = t.serviceById.get('registry')!;
  for (const id of ['api', 'order', 'driver']) {
    const s = t.serviceById.get(id)!;
    for (const h of s.hosts) assert.deepEqual(m.registries(s, h, 'consumer').map((r) => r.id), ['registry'], `${id} on ${h.id}`);
  }
  // From 华东2 the address is another region's internal IP: still the same registry, and unreachable.
  const use = m.registryUses(t.serviceById.get('api')!, t.hostById.get('api-2')!)[0];
  assert.equal(use.members[0].host?.id, 'api-1');
  assert.equal(use.members[0].reachable, false);
  assert.deepEqual(m.consumerHosts(t.serviceById.get('order')!, registry).map((c) => `${c.service.id}@${c.host.id}`), ['api@api-1', 'api@api-2']);
  assert.deepEqual(m.registryUsers(registry).map((u) => u.service.id), ['api', 'order', 'driver']);
});

test('model: `registry:` in the topology names the registry; register="false" / subscribe="false" drop it per side', () => {
  const files = {
    'dubbo-topology.yaml': providerYaml({ provider: '    registry: registry\n' }),
    'svc.xml': springXml('  <dubbo:registry address="zookeeper://10.9.9.9:2181" subscribe="false"/>'),
    'web.xml': springXml('  <dubbo:registry address="${zookeeper.host}" register="false"/>'),
    'svc.properties': '',
    'web.properties': ZK,
  };
  const ctx = dubboContext(files);
  const m = dubboModel(ctx);
  const t = ctx.topology;
  const [svc, web, app1] = [t.serviceById.get('svc')!, t.serviceById.get('web')!, t.hostById.get('app-1')!];
  assert.deepEqual(m.registries(svc, app1, 'provider').map((r) => r.id), ['registry']);
  assert.deepEqual(m.registries(svc, app1, 'consumer').map((r) => r.id), []);
  assert.deepEqual(m.registries(web, app1, 'consumer').map((r) => r.id), ['registry']);
  assert.deepEqual(m.registries(web, app1, 'provider').map((r) => r.id), []);
});

test('model: the registered address — DUBBO_IP_TO_REGISTRY, registerAs, protocol host, provider host, else the internal IP', () => {
  const xml = (protocolHost: string, providerHost: string) =>
    springXml(`  <dubbo:protocol name="tri" ${protocolHost}/>\n  <dubbo:provider ${providerHost}/>`);
  const at = (yamlProvider: string, text: string) => {
    const ctx = dubboContext({ 'dubbo-topology.yaml': providerYaml({ provider: yamlProvider }), 'svc.xml': text, 'svc.properties': 'h=10.1.1.1\n' });
    const doc = parseCached('svc.xml', text);
    const s = ctx.topology.serviceById.get('svc')!;
    const r = registeredAddress(ctx, s, ctx.topology.hostById.get('app-2')!, 'svc.xml', doc, doc.elements.find((e) => e.local === 'protocol'))!;
    return `${r.how} ${r.address}`;
  };
  assert.equal(at('', xml('', '')), 'internal 172.16.8.102');
  assert.equal(at('', xml('', 'host="10.2.2.2"')), 'provider-host 10.2.2.2');
  assert.equal(at('', xml('host="${h}"', 'host="10.2.2.2"')), 'protocol-host 10.1.1.1');
  // Dubbo ignores an invalid local host (127.*, 0.0.0.0, localhost) for the bind address.
  assert.equal(at('', xml('host="127.0.0.1"', '')), 'internal 172.16.8.102');
  assert.equal(at('    registerAs: external\n', xml('host="${h}"', '')), 'registerAs 139.159.250.208');
  assert.equal(at('    deploy: { env: { TRI_DUBBO_IP_TO_REGISTRY: 10.3.3.3 } }\n', xml('host="${h}"', '')), 'env 10.3.3.3');
});
