import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkRegistry, type ProviderEntry, type RegistryReport, type RegistrySnapshot } from '../../../src/core/registry/check';
import { endpointOf, parseInstanceId, parseRegisteredUrl } from '../../../src/core/registry/dubboUrl';
import { renderRegistryReport } from '../../../src/core/registry/render';
import { contextFor } from '../support/context';

const ORDER = 'com.example.OrderService';
const DRIVER = 'com.example.DriverService';

/** A znode name as Dubbo writes it: the whole URL percent-encoded. */
function node(url: string): string {
  return encodeURIComponent(url);
}

function provider(address: string, port: number, iface = ORDER, app = 'order'): string {
  return node(`dubbo://${address}:${port}/${iface}?anyhost=true&application=${app}&interface=${iface}&side=provider&timestamp=1`);
}

function consumer(address: string, iface = ORDER): string {
  return node(`consumer://${address}/${iface}?application=api&category=consumers&check=false&interface=${iface}&side=consumer`);
}

/** The example (examples/two-region): registry on api-1; order and driver on app-1 (华东1) and app-2 (华东2); api on api-1 and api-2. */
function check(interfaces: RegistrySnapshot['interfaces'], applications?: RegistrySnapshot['applications']): RegistryReport {
  const ctx = contextFor();
  const registry = ctx.topology.serviceById.get('registry')!;
  return checkRegistry(ctx, registry, { root: '/dubbo', interfaces, ...(applications ? { servicesRoot: '/services', applications } : {}) });
}

function providerAt(report: RegistryReport, iface: string, host: string): ProviderEntry {
  const p = report.interfaces.find((i) => i.name === iface)?.providers.find((x) => x.url.host === host);
  assert.ok(p, `no provider ${host} under ${iface}`);
  return p;
}

describe('registered URLs', () => {
  test('a provider URL: protocol, address, port, interface and decoded parameters', () => {
    const u = parseRegisteredUrl(provider('192.168.27.102', 20880));
    assert.ok(u);
    assert.equal(u.protocol, 'dubbo');
    assert.equal(u.host, '192.168.27.102');
    assert.equal(u.port, 20880);
    assert.equal(u.path, ORDER);
    assert.equal(u.params.get('application'), 'order');
    assert.equal(u.params.get('side'), 'provider');
    assert.equal(endpointOf(u), 'dubbo://192.168.27.102:20880');
  });

  test('a consumer URL has no port; IPv6 keeps its brackets out of the host; credentials are dropped', () => {
    const c = parseRegisteredUrl(consumer('172.16.8.101'));
    assert.equal(c?.host, '172.16.8.101');
    assert.equal(c?.port, undefined);
    const v6 = parseRegisteredUrl(node(`tri://[fd00::5]:50051/${ORDER}?a=%E5%8D%8E%E4%B8%9C`));
    assert.equal(v6?.host, 'fd00::5');
    assert.equal(v6?.port, 50051);
    assert.equal(v6?.params.get('a'), '华东');
    assert.equal(endpointOf(v6!), 'tri://[fd00::5]:50051');
    assert.equal(parseRegisteredUrl(node(`dubbo://admin:secret@10.0.0.5:20880/${ORDER}`))?.host, '10.0.0.5');
  });

  test('what is not a URL is undefined, not an exception', () => {
    for (const bad of ['', 'just-a-name', '%E0%A4%A', node('dubbo://:20880/x'), node('dubbo://10.0.0.5:port/x'), node('dubbo://[fd00::1/x')]) {
      assert.equal(parseRegisteredUrl(bad), undefined, bad);
    }
  });
});

describe('Dubbo 3 instance ids', () => {
  test('host:port, IPv6 keeping its colons (with or without brackets); anything else refused', () => {
    assert.deepEqual([parseInstanceId('192.168.27.102:20880')?.host, parseInstanceId('192.168.27.102:20880')?.port], ['192.168.27.102', 20880]);
    assert.equal(parseInstanceId('fd00::5:50051')?.host, 'fd00::5');
    assert.equal(parseInstanceId('[fd00::5]:50051')?.host, 'fd00::5');
    assert.equal(endpointOf(parseInstanceId('192.168.27.102:20880')!), '192.168.27.102:20880');
    for (const bad of ['', 'order', ':20880', '10.0.0.5:', '10.0.0.5:port', 'a b:1', '10.0.0.5:123456']) assert.equal(parseInstanceId(bad), undefined, bad);
  });
});

describe('the live registry judged against the topology', () => {
  test("the seed's outage: internal addresses registered, the other region's consumers cannot reach them", () => {
    const report = check([
      {
        name: ORDER,
        providers: [provider('192.168.27.102', 20880), provider('172.16.8.102', 20880)],
        consumers: [consumer('192.168.27.101'), consumer('172.16.8.101')],
      },
    ]);
    const east1 = providerAt(report, ORDER, '192.168.27.102');
    assert.equal(east1.owner?.id, 'app-1');
    assert.equal(east1.service?.id, 'order');
    const unreachable = east1.problems.find((p) => p.kind === 'unreachable');
    assert.ok(unreachable && unreachable.kind === 'unreachable');
    assert.deepEqual(unreachable.callers.map((c) => [c.host.id, c.live]), [['api-2', true]]);
    const east2 = providerAt(report, ORDER, '172.16.8.102');
    const u2 = east2.problems.find((p) => p.kind === 'unreachable');
    assert.ok(u2 && u2.kind === 'unreachable');
    assert.deepEqual(u2.callers.map((c) => c.host.id), ['api-1']);
    assert.equal(report.problemProviders, 2);
    assert.deepEqual(report.interfaces[0].consumers.map((c) => c.host?.id), ['api-1', 'api-2']);
  });

  test('external addresses registered: every caller reaches them, nothing to report', () => {
    const report = check([
      {
        name: ORDER,
        providers: [provider('139.159.250.8', 20880), provider('139.159.250.208', 20880)],
        consumers: [consumer('192.168.27.101'), consumer('172.16.8.101')],
      },
    ]);
    assert.equal(report.problemProviders, 0);
    assert.deepEqual(
      report.interfaces[0].providers.map((p) => [p.owner?.id, p.service?.id, p.problems.length]),
      [
        ['app-1', 'order', 0],
        ['app-2', 'order', 0],
      ],
    );
  });

  test('with no consumer subscribed, the consumer hosts of the topology are the callers (a DR standby counts)', () => {
    const report = check([{ name: ORDER, providers: [provider('192.168.27.102', 20880)], consumers: [] }]);
    const p = providerAt(report, ORDER, '192.168.27.102');
    assert.ok(p.callers.length > 0, 'the topology names consumer hosts of this registry');
    assert.ok(p.callers.every((c) => !c.live));
    const u = p.problems.find((x) => x.kind === 'unreachable');
    assert.ok(u && u.kind === 'unreachable');
    assert.ok(u.callers.every((c) => c.host.region.id === 'east-2'), u.callers.map((c) => c.host.id).join());
  });

  test('a random port (port="-1") matches none of the ports the topology gives the services of that host', () => {
    const report = check([{ name: DRIVER, providers: [provider('139.159.250.8', 20883, DRIVER, 'driver')], consumers: [] }]);
    const p = providerAt(report, DRIVER, '139.159.250.8');
    const port = p.problems.find((x) => x.kind === 'port');
    assert.ok(port && port.kind === 'port');
    assert.deepEqual(port.services.map((s) => s.id).sort(), ['driver', 'order']);
    assert.deepEqual(port.expected, [20880, 20881]);
    assert.equal(p.service, undefined);
  });

  test('loopback, unknown and host-name addresses, and an interface with consumers only', () => {
    const report = check([
      { name: ORDER, providers: [provider('127.0.0.1', 20880), provider('10.9.9.9', 20880), provider('order-1.internal', 20880)], consumers: [consumer('172.16.8.101')] },
      { name: DRIVER, providers: [], consumers: [consumer('172.16.8.101', DRIVER), 'not-a-url'] },
    ]);
    assert.deepEqual(providerAt(report, ORDER, '127.0.0.1').problems.map((p) => p.kind), ['local-address']);
    assert.deepEqual(providerAt(report, ORDER, '10.9.9.9').problems.map((p) => p.kind), ['unknown-address']);
    assert.deepEqual(providerAt(report, ORDER, 'order-1.internal').problems.map((p) => p.kind), ['hostname']);
    assert.deepEqual(report.orphaned, [DRIVER]);
    assert.deepEqual(report.interfaces.find((i) => i.name === DRIVER)?.unparsed, ['not-a-url']);
  });
});

describe('Dubbo 3 application-level instances', () => {
  test('judged like interface-level providers, from the consumer hosts the topology expects', () => {
    const report = check([], [
      { name: 'order', instances: ['139.159.250.208:20880', '192.168.27.102:20880', 'not-an-id'] },
      { name: 'empty', instances: [] },
    ]);
    assert.equal(report.instances, 2);
    assert.equal(report.problemProviders, 1);
    const order = report.applications.find((a) => a.name === 'order')!;
    assert.deepEqual(order.unparsed, ['not-an-id']);
    const [ok, bad] = order.providers;
    assert.deepEqual([ok.owner?.id, ok.service?.id, ok.problems], ['app-2', 'order', []]);
    const u = bad.problems.find((x) => x.kind === 'unreachable');
    assert.ok(u && u.kind === 'unreachable');
    assert.ok(u.callers.every((c) => !c.live && c.host.region.id === 'east-2'));
    const md = renderRegistryReport(report, { address: '127.0.0.1:2181', at: 'now' }, 'en');
    assert.match(md, /_Dubbo 3 application-level registrations under \/services: 1 application\(s\), 2 instance\(s\)\._/);
    assert.match(md, /^## Applications \(Dubbo 3 instances, \/services\)\n\n### order\n\n- ✓ `139\.159\.250\.208:20880` — app-2 \(华东2\) · order — OK/m);
    assert.match(md, /^- ✗ `192\.168\.27\.102:20880` — app-1 \(华东1\) · order/m);
    assert.match(md, /\*\*1 of 2 provider\(s\) have problems\.\*\*/);
  });
});

describe('the report as Markdown', () => {
  const report = check([
    { name: ORDER, providers: [provider('192.168.27.102', 20880), provider('139.159.250.208', 20880)], consumers: [consumer('172.16.8.101')] },
    { name: DRIVER, providers: [], consumers: [consumer('192.168.27.101', DRIVER)] },
  ]);
  const source = { address: '192.168.27.101:2181', via: 'api-1', at: '2026-11-29T10:00:00.000Z' };

  test('English: where it was read, the verdict, a row per provider, the advice', () => {
    const md = renderRegistryReport(report, source, 'en');
    assert.match(md, /^# Live registry check: registry$/m);
    assert.match(md, /through SSH to api-1/);
    assert.match(md, /\*\*1 of 2 provider\(s\) have problems\.\*\*/);
    assert.match(md, /Interfaces with consumers and no provider: com\.example\.DriverService/);
    assert.match(md, /^- ✗ `dubbo:\/\/192\.168\.27\.102:20880` — app-1 \(华东1\) · order — callers: api-2, api-1\n {2}- unreachable from api-2 \(华东2, subscribed\)\. .*registerAs: external for order/m);
    assert.match(md, /^- ✓ `dubbo:\/\/139\.159\.250\.208:20880` — app-2 \(华东2\) · order — OK; callers: api-2, api-1$/m);
  });

  test('Simplified Chinese', () => {
    const md = renderRegistryReport(report, source, 'zh-cn');
    assert.match(md, /^# 在线注册中心检查：registry$/m);
    assert.match(md, /经 SSH 主机 api-1/);
    assert.match(md, /2 个提供者中有 1 个存在问题/);
    assert.match(md, /^ {2}- api-2（华东2，已订阅）无法访问/m);
    assert.doesNotMatch(md, /\([^()]*华东/, 'host labels take full-width parentheses');
  });

  test('an empty registry says so', () => {
    const md = renderRegistryReport(check([]), source, 'en');
    assert.match(md, /Nothing is registered under \/dubbo\./);
  });
});
