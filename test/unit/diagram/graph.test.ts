import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  buildDiagramGraph,
  mentions,
  type DiagramEdge,
  type DiagramGraph,
  type ObservedEdge,
} from '../../../src/core/diagram/graph';
import { observedEdges } from '../../../src/core/diagram/observed';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { createContext, lintWorkspace, localizeFor } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { LineIndex } from '../../../src/core/text';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import type { Diagnostic, Range, Severity } from '../../../src/core/types';
import { exampleDir, memoryWorkspace, tempWorkspace } from '../support/context';
import { zkFiles } from '../support/zookeeper';

const API_XML = 'api/src/main/resources/applicationContext.xml';
const ORDER_XML = 'order/src/main/resources/applicationContext.xml';
const DRIVER_XML = 'driver/src/main/resources/applicationContext.xml';
const NGINX = 'nginx/nginx.conf';
const EXPORTS = 'nfs/exports';

const exampleText = (file: string) => readFileSync(join(exampleDir, file), 'utf8');
const topology = () => parseTopology(TOPOLOGY_FILE, exampleText(TOPOLOGY_FILE)).topology;

/** Range of the first occurrence of `needle` in an example file. */
function rangeOf(file: string, needle: string): Range {
  const text = exampleText(file);
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} in ${file}`);
  return new LineIndex(text).rangeOf(at, at + needle.length);
}

function diag(rule: string, file: string, range: Range, message: string, severity: Severity = 'error'): Diagnostic {
  return { rule, file, range, severity, message, fixes: [], related: [] };
}

/** `kind source -> target` of every edge, sorted, without the node id prefixes. */
function edgeList(g: DiagramGraph, pick: (e: DiagramEdge) => boolean = () => true): string[] {
  const short = (id: string) => id.replace(/^(service|host|address)-/, '');
  return g.edges
    .filter(pick)
    .map((e) => `${e.kind} ${short(e.source)} -> ${short(e.target)}`)
    .sort();
}

test('regions, hosts and services of the two-region example', () => {
  const g = buildDiagramGraph({ topology: topology(), diagnostics: [] });
  assert.deepEqual(
    g.regions.map((r) => [r.id, r.name, r.lan]),
    [
      ['region-east-1', '华东1', ['192.168.27.0/24']],
      ['region-east-2', '华东2', ['172.16.8.0/24']],
    ],
  );
  assert.deepEqual(
    g.hosts.map((h) => [h.id, h.regionId, h.internal, h.external]),
    [
      ['host-api-1', 'region-east-1', '192.168.27.101', '139.159.250.7'],
      ['host-app-1', 'region-east-1', '192.168.27.102', '139.159.250.8'],
      ['host-api-2', 'region-east-2', '172.16.8.101', '139.159.250.207'],
      ['host-app-2', 'region-east-2', '172.16.8.102', '139.159.250.208'],
    ],
  );
  assert.deepEqual(
    g.services.map((s) => [s.id, s.kind, s.port ?? null]),
    [
      ['service-api-1--gateway', 'nginx', 443],
      ['service-api-1--api', 'dubbo-consumer', 8680],
      ['service-api-1--registry', 'zookeeper', 2181],
      ['service-app-1--order', 'dubbo-provider', 20880],
      ['service-app-1--driver', 'dubbo-provider', 20881],
      ['service-api-2--api', 'dubbo-consumer', 8680],
      ['service-app-2--order', 'dubbo-provider', 20880],
      ['service-app-2--driver', 'dubbo-provider', 20881],
    ],
  );
  // Definitions point into the topology file.
  const api2 = g.hosts.find((h) => h.host === 'api-2')!;
  assert.equal(api2.location.file, TOPOLOGY_FILE);
  assert.equal(exampleText(TOPOLOGY_FILE).split('\n')[api2.location.range.start.line].trim(), 'api-2:');
});

test('edges per host instance: registry, calls to every provider on the registry, NFS', () => {
  const g = buildDiagramGraph({ topology: topology(), diagnostics: [] });
  assert.deepEqual(edgeList(g), [
    'call api-1--api -> app-1--driver',
    'call api-1--api -> app-1--order',
    'call api-1--api -> app-2--driver',
    'call api-1--api -> app-2--order',
    'call api-2--api -> app-1--driver',
    'call api-2--api -> app-1--order',
    'call api-2--api -> app-2--driver',
    'call api-2--api -> app-2--order',
    'nfs api-1 -> api-2',
    'registry api-1--api -> api-1--registry',
    'registry api-2--api -> api-1--registry',
    'registry app-1--driver -> api-1--registry',
    'registry app-1--order -> api-1--registry',
    'registry app-2--driver -> api-1--registry',
    'registry app-2--order -> api-1--registry',
  ]);
  // Edges between regions go over the public internet; edges inside one do not.
  assert.deepEqual(edgeList(g, (e) => e.public), [
    'call api-1--api -> app-2--driver',
    'call api-1--api -> app-2--order',
    'call api-2--api -> app-1--driver',
    'call api-2--api -> app-1--order',
    'nfs api-1 -> api-2',
    'registry api-2--api -> api-1--registry',
    'registry app-2--driver -> api-1--registry',
    'registry app-2--order -> api-1--registry',
  ]);
  assert.ok(g.edges.every((e) => e.public === e.crossRegion));
  assert.ok(g.edges.every((e) => !e.unreachable), 'no diagnostics, no red edge');
  assert.equal(new Set(g.edges.map((e) => e.id)).size, g.edges.length, 'edge ids are unique');
  assert.ok(g.edges.some((e) => e.id === 'edge-registry-api-2--api-to-api-1--registry'));
});

test('uses: narrows the calls to the services listed', () => {
  const text = exampleText(TOPOLOGY_FILE).replace(
    '    config: [api/src/main/resources/applicationContext.xml]',
    '    uses: [order]\n    config: [api/src/main/resources/applicationContext.xml]',
  );
  const parsed = parseTopology(TOPOLOGY_FILE, text);
  assert.deepEqual(parsed.findings, []);
  const g = buildDiagramGraph({ topology: parsed.topology, diagnostics: [] });
  assert.deepEqual(edgeList(g, (e) => e.kind === 'call'), [
    'call api-1--api -> app-1--order',
    'call api-1--api -> app-2--order',
    'call api-2--api -> app-1--order',
    'call api-2--api -> app-2--order',
  ]);
});

/** The seed's outage as the analyzers report it (messages built from the real rule templates where they exist). */
function outageDiagnostics(): Diagnostic[] {
  const registryAttr = rangeOf(API_XML, 'address="${zookeeper.host}"');
  const crossMsg = localizeFor(
    'cross-region-internal-ip',
    {
      id: 'unreachable',
      data: { address: '192.168.27.101', target: 'api-1', targetRegion: '华东1', hosts: 'api-2 (华东2)', external: ' 139.159.250.7' },
    },
    'en',
  );
  assert.match(crossMsg, /unreachable from api-2/);
  return [
    diag('cross-region-internal-ip', API_XML, registryAttr, crossMsg),
    diag('dubbo-registry-unreachable', API_XML, registryAttr, 'The registry 192.168.27.101:2181 cannot be reached from api-2 (华东2).'),
    diag(
      'dubbo-registers-internal-ip',
      ORDER_XML,
      rangeOf(ORDER_XML, '<dubbo:protocol name="dubbo" port="-1"/>'),
      'order registers internal addresses: app-1 (华东1) as 192.168.27.102 for api-2 (华东2); app-2 (华东2) as 172.16.8.102 for api-1 (华东1).',
    ),
    diag('dubbo-protocol-random-port', ORDER_XML, rangeOf(ORDER_XML, 'port="-1"'), 'port -1 picks a random port', 'warning'),
    diag('nfs-client-mismatch', EXPORTS, rangeOf(EXPORTS, '139.159.257.207'), 'The export lists 139.159.257.207, not api-2 as api-1 reaches it (139.159.250.207).'),
  ];
}

test('red edges: the 华东2 consumer reaches 华东1 by internal addresses', () => {
  const g = buildDiagramGraph({ topology: topology(), diagnostics: outageDiagnostics() });
  assert.deepEqual(edgeList(g, (e) => e.unreachable), [
    'call api-1--api -> app-2--order',
    'call api-2--api -> app-1--order',
    'nfs api-1 -> api-2',
    'registry api-2--api -> api-1--registry',
  ]);
  const reg = g.edges.find((e) => e.id === 'edge-registry-api-2--api-to-api-1--registry')!;
  assert.deepEqual(reg.problems.map((p) => p.rule).sort(), ['cross-region-internal-ip', 'dubbo-registry-unreachable']);
  assert.deepEqual(reg.counts, { error: 2, warning: 0, info: 0, hint: 0 });
  assert.equal(reg.location.file, API_XML, 'a red edge opens the diagnostic');
  assert.equal(reg.location.range.start.line, rangeOf(API_XML, 'address="${zookeeper.host}"').start.line);
  // The same consumer in 华东1 and the driver calls stay black.
  for (const id of ['edge-registry-api-1--api-to-api-1--registry', 'edge-call-api-2--api-to-app-1--driver', 'edge-registry-app-2--order-to-api-1--registry']) {
    const e = g.edges.find((x) => x.id === id)!;
    assert.equal(e.unreachable, false, id);
    assert.deepEqual(e.problems, [], id);
  }
});

test('per-host counts follow the hosts a diagnostic concerns', () => {
  const g = buildDiagramGraph({ topology: topology(), diagnostics: outageDiagnostics() });
  const host = (id: string) => g.hosts.find((h) => h.host === id)!;
  // api-2: the two registry findings of the api XML; api-1: the NFS export it serves.
  assert.deepEqual(host('api-2').counts, { error: 2, warning: 0, info: 0, hint: 0 });
  assert.deepEqual(host('api-1').counts, { error: 1, warning: 0, info: 0, hint: 0 });
  assert.deepEqual(host('api-1').problems.map((p) => p.rule), ['nfs-client-mismatch']);
  // Both order hosts register internal addresses; the random-port warning is in their shared file.
  for (const h of ['app-1', 'app-2']) assert.deepEqual(host(h).counts, { error: 1, warning: 1, info: 0, hint: 0 }, h);
  const order1 = g.services.find((s) => s.id === 'service-app-1--order')!;
  assert.deepEqual(order1.problems.map((p) => [p.severity, p.rule]), [
    ['error', 'dubbo-registers-internal-ip'],
    ['warning', 'dubbo-protocol-random-port'],
  ]);
  assert.deepEqual(g.services.find((s) => s.id === 'service-app-1--driver')!.counts, { error: 0, warning: 0, info: 0, hint: 0 });
  // Distinct diagnostics per region: 华东1 has the export and the registration; 华东2 the two registry findings and the registration.
  assert.deepEqual(g.regions.map((r) => r.counts.error), [2, 3]);
  assert.deepEqual(g.counts, { error: 4, warning: 1, info: 0, hint: 0 });
});

test("a share's NFS edge turns red by its exports file's findings and by findings in its entry in the topology", () => {
  const nfsRed = (d: Diagnostic) => edgeList(buildDiagramGraph({ topology: topology(), diagnostics: [d] }), (e) => e.unreachable);
  const client = rangeOf(EXPORTS, '139.159.257.207');
  // An address in the exports file that is another region's internal IP.
  assert.deepEqual(nfsRed(diag('cross-region-internal-ip', EXPORTS, client, '192.168.27.101 is unreachable from api-2 (华东2).')), ['nfs api-1 -> api-2']);
  // A finding inside the share's entry in the topology (its clients), of either rule.
  const clients = rangeOf(TOPOLOGY_FILE, 'clients: [api-2]');
  assert.deepEqual(nfsRed(diag('nfs-client-mismatch', TOPOLOGY_FILE, clients, 'api-2 is not among the export clients.')), ['nfs api-1 -> api-2']);
  assert.deepEqual(nfsRed(diag('cross-region-internal-ip', TOPOLOGY_FILE, clients, 'unreachable from api-2 (华东2).')), ['nfs api-1 -> api-2']);
  // The same finding on a host's entry, outside the share: no NFS edge.
  const host = rangeOf(TOPOLOGY_FILE, 'internal: 192.168.27.101');
  assert.deepEqual(nfsRed(diag('nfs-client-mismatch', TOPOLOGY_FILE, host, 'api-2 is not among the export clients.')), []);
});

test('a red-rule diagnostic elsewhere, or another rule, turns no edge red', () => {
  const g = buildDiagramGraph({
    topology: topology(),
    diagnostics: [
      // The driver's file: its registry edges across regions are the only candidates.
      diag('dubbo-registry-unreachable', DRIVER_XML, rangeOf(DRIVER_XML, 'address='), 'The registry cannot be reached from app-2 (华东2).'),
      // Not a reachability rule.
      diag('ip-invalid', API_XML, rangeOf(API_XML, 'address='), '139.159.257.207 is not an IP address'),
      // A file no service lists.
      diag('cross-region-internal-ip', 'other/app.xml', rangeOf(API_XML, 'address='), '192.168.27.101 … unreachable from api-2 (华东2)'),
    ],
  });
  assert.deepEqual(edgeList(g, (e) => e.unreachable), ['registry app-2--driver -> api-1--registry']);
});

test('messages in Chinese name hosts the same way', () => {
  const msg = localizeFor(
    'cross-region-internal-ip',
    { id: 'unreachable', data: { address: '192.168.27.101', target: 'api-1', targetRegion: '华东1', hosts: 'api-2（华东2）', external: ' 139.159.250.7' } },
    'zh-cn',
  );
  const g = buildDiagramGraph({ topology: topology(), diagnostics: [diag('cross-region-internal-ip', API_XML, rangeOf(API_XML, 'address='), msg)] });
  assert.deepEqual(edgeList(g, (e) => e.unreachable), ['registry api-2--api -> api-1--registry']);
});

test('mentions matches whole host ids only', () => {
  assert.equal(mentions('unreachable from api-2 (华东2)', 'api-2'), true);
  assert.equal(mentions('unreachable from api-20 (华东2)', 'api-2'), false);
  assert.equal(mentions('from xapi-2.', 'api-2'), false);
  assert.equal(mentions('from api-2.', 'api-2'), true);
  assert.equal(mentions('from api-2.example.com', 'api-2'), false);
  assert.equal(mentions('主机api-2无法访问', 'api-2'), true);
});

test('observed nginx upstream servers become edges to the backend service, matched to their diagnostics', () => {
  const topo = topology();
  const first = rangeOf(NGINX, '192.168.27.101:8680');
  const second = rangeOf(NGINX, '139.159.257.207:8680');
  const observed: ObservedEdge[] = [
    { kind: 'upstream', service: 'gateway', address: '192.168.27.101', port: 8680, file: NGINX, range: first },
    { kind: 'upstream', service: 'gateway', address: '139.159.257.207', port: 8680, file: NGINX, range: second },
    { kind: 'upstream', service: 'gateway', address: '172.16.8.101', port: 8680, file: NGINX, range: first },
  ];
  // The third line is made up: a backend written as 华东2's internal IP, reported by the address rules.
  const g = buildDiagramGraph({
    topology: topo,
    observed: observed.slice(0, 2),
    diagnostics: [diag('ip-invalid', NGINX, second, '139.159.257.207 is not a valid IP address')],
  });
  assert.deepEqual(edgeList(g, (e) => e.kind === 'upstream'), [
    'upstream api-1--gateway -> 139_159_257_207',
    'upstream api-1--gateway -> api-1--api',
  ]);
  const bad = g.edges.find((e) => e.target === 'address-139_159_257_207')!;
  assert.equal(bad.unreachable, false, 'ip-invalid is not a reachability finding');
  assert.deepEqual(bad.counts, { error: 1, warning: 0, info: 0, hint: 0 });
  assert.deepEqual(g.addresses.map((a) => [a.id, a.address, a.regionId ?? null]), [['address-139_159_257_207', '139.159.257.207', null]]);
  const good = g.edges.find((e) => e.target === 'service-api-1--api')!;
  assert.equal(good.public, false);
  assert.deepEqual(good.counts, { error: 0, warning: 0, info: 0, hint: 0 });

  const other = new LineIndex(exampleText(NGINX));
  const line = other.rangeOf(0, 5);
  const g2 = buildDiagramGraph({
    topology: topo,
    observed: [observed[0], { ...observed[2], range: line }],
    diagnostics: [diag('cross-region-internal-ip', NGINX, line, '172.16.8.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 (华东1).')],
  });
  assert.deepEqual(edgeList(g2, (e) => e.unreachable), ['upstream api-1--gateway -> api-2--api']);
  assert.deepEqual(edgeList(g2, (e) => e.kind === 'upstream' && e.crossRegion), ['upstream api-1--gateway -> api-2--api']);
});

test('diagnostics the topology rules report land on the host that has them', () => {
  const dir = tempWorkspace();
  const file = join(dir, TOPOLOGY_FILE);
  const text = readFileSync(file, 'utf8').replace('services: [api]\n', 'services: [api, apii]\n');
  writeFileSync(file, text);
  const result = lintWorkspace(new NodeWorkspace(dir))!;
  const unknown = result.diagnostics.filter((d) => d.rule === 'unknown-service');
  assert.equal(unknown.length, 1);
  const g = buildDiagramGraph({ topology: result.topology, diagnostics: result.diagnostics });
  const node = g.services.find((s) => s.id === 'service-api-2--apii')!;
  assert.equal(node.undefinedService, true);
  assert.equal(node.counts.error, 1);
  assert.equal(g.hosts.find((h) => h.host === 'api-2')!.counts.error, 1);
  assert.equal(g.hosts.find((h) => h.host === 'api-1')!.counts.error, 0);
});

test('the example through the real analyzers: the outage is red, the rest is not', () => {
  const ws = new NodeWorkspace(exampleDir);
  const result = lintWorkspace(ws, { analyzers: defaultAnalyzers })!;
  const ctx = createContext(ws, result.topology);
  const observed = observedEdges(ctx);
  const g = buildDiagramGraph({ topology: result.topology, diagnostics: result.diagnostics, observed });
  assert.deepEqual(edgeList(g, (e) => e.unreachable), [
    'call api-1--api -> app-2--driver',
    'call api-1--api -> app-2--order',
    'call api-2--api -> app-1--driver',
    'call api-2--api -> app-1--order',
    'registry api-2--api -> api-1--registry',
    'registry app-2--driver -> api-1--registry',
    'registry app-2--order -> api-1--registry',
  ]);
  // Registry edges come from the XML as resolved per host: the address and where it is written.
  const reg = g.edges.find((e) => e.id === 'edge-registry-api-2--api-to-api-1--registry')!;
  assert.equal(reg.address, '192.168.27.101');
  assert.equal(reg.port, 2181);
  assert.deepEqual(reg.location, { file: API_XML, range: rangeOf(API_XML, '${zookeeper.host}') });
  assert.deepEqual(reg.problems.map((p) => p.rule), ['dubbo-registry-unreachable']);
  // nginx backends: the 华东1 one resolves to the api service on api-1; the misspelt one stays an address.
  assert.deepEqual(edgeList(g, (e) => e.kind === 'upstream'), [
    'upstream api-1--gateway -> 139_159_257_207',
    'upstream api-1--gateway -> api-1--api',
  ]);
  const typo = g.edges.find((e) => e.kind === 'upstream' && e.target.startsWith('address-'))!;
  assert.equal(typo.unreachable, false);
  assert.ok(typo.problems.some((p) => p.rule === 'ip-invalid'));
  assert.equal(g.edges.find((e) => e.kind === 'nfs')!.unreachable, false, 'the export is invalid, not reported as a mismatch');
  const hosts = Object.fromEntries(g.hosts.map((h) => [h.host, h.counts.error]));
  assert.ok(hosts['api-2'] >= 1 && hosts['app-2'] >= 1, JSON.stringify(hosts));
});

test('ZooKeeper ensemble: a line of several addresses is one edge per member, to the address it would use', () => {
  const graphOf = (files: Record<string, string>) => {
    const ws = memoryWorkspace(files);
    const topo = parseTopology(TOPOLOGY_FILE, files[TOPOLOGY_FILE]).topology;
    return buildDiagramGraph({ topology: topo, diagnostics: lintWorkspace(ws, { analyzers: [...defaultAnalyzers] })!.diagnostics, observed: observedEdges(createContext(ws, topo)) });
  };
  // zk-1 and app-1 in 华东1, app-2 in 华东2, each line with the member's internal and external IP: the LAN within 华东1, the external IPs across.
  const g = graphOf(zkFiles(['zk-1', 'app-1', 'app-2'], ['192.168.27.101:2888:3888|139.159.250.7', '192.168.27.102:2888:3888|139.159.250.8', '172.16.8.102:2888:3888|139.159.250.208'], 'quorumListenOnAllIPs=true'));
  const ens = g.edges.filter((e) => e.kind === 'ensemble');
  assert.deepEqual(
    ens.map((e) => `${e.sourceHost} -> ${e.targetHost} ${e.address}${e.unreachable ? ' red' : ''}${e.public ? ' public' : ''}`).sort(),
    [
      'app-1 -> app-2 139.159.250.208 public',
      'app-1 -> zk-1 192.168.27.101',
      'app-2 -> app-1 139.159.250.8 public',
      'app-2 -> zk-1 139.159.250.7 public',
      'zk-1 -> app-1 192.168.27.102',
      'zk-1 -> app-2 139.159.250.208 public',
    ],
  );
  // None of server.1's addresses reachable from app-2: its one edge there is red, with the finding.
  const red = graphOf(zkFiles(['zk-1', 'app-2'], ['192.168.27.101:2888:3888|192.168.27.50', '172.16.8.102:2888:3888|139.159.250.208']));
  assert.deepEqual(
    red.edges.filter((e) => e.kind === 'ensemble').map((e) => `${e.sourceHost} -> ${e.targetHost ?? e.target} ${e.address}${e.unreachable ? ' red' : ''} ${e.problems.map((p) => p.rule).join(',')}`).sort(),
    ['app-2 -> zk-1 192.168.27.101 red cross-region-internal-ip', 'zk-1 -> app-2 139.159.250.208 zookeeper-quorum-plaintext-public'],
  );
});

test('ZooKeeper ensemble: each member to the peers its zoo.cfg names, red where it names another region by its internal IP', () => {
  const files = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']);
  const ws = memoryWorkspace(files);
  const topo = parseTopology(TOPOLOGY_FILE, files[TOPOLOGY_FILE]).topology;
  const diagnostics = lintWorkspace(ws, { analyzers: [...defaultAnalyzers] })!.diagnostics;
  const g = buildDiagramGraph({ topology: topo, diagnostics, observed: observedEdges(createContext(ws, topo)) });
  assert.deepEqual(edgeList(g, (e) => e.kind === 'ensemble'), ['ensemble app-2--registry -> zk-1--registry', 'ensemble zk-1--registry -> app-2--registry']);
  for (const e of g.edges.filter((x) => x.kind === 'ensemble')) {
    assert.equal(e.unreachable, true, e.id);
    assert.equal(e.crossRegion, true, e.id);
    assert.deepEqual(e.problems.map((p) => p.rule), ['cross-region-internal-ip'], e.id);
    assert.equal(e.location.file, 'zk/zoo.cfg');
  }
  // By external IPs (and listening on all addresses), the same edges, dashed across the public network, not red.
  const fixed = { ...zkFiles(['zk-1', 'app-2'], ['139.159.250.7', '139.159.250.208'], 'quorumListenOnAllIPs=true') };
  const ws2 = memoryWorkspace(fixed);
  const topo2 = parseTopology(TOPOLOGY_FILE, fixed[TOPOLOGY_FILE]).topology;
  const g2 = buildDiagramGraph({ topology: topo2, diagnostics: lintWorkspace(ws2, { analyzers: [...defaultAnalyzers] })!.diagnostics, observed: observedEdges(createContext(ws2, topo2)) });
  const ens = g2.edges.filter((e) => e.kind === 'ensemble');
  assert.equal(ens.length, 2);
  assert.ok(ens.every((e) => !e.unreachable && e.public && e.port === 2888));
});

test('a diagnostic in an XML file a service imports (<import resource>) belongs to that service', () => {
  const imported = 'api/src/main/resources/spring-dubbo.xml';
  const d = diag('dubbo-registry-unreachable', imported, rangeOf(API_XML, 'address='), 'The registry cannot be reached from api-2 (华东2).');
  // Without the imports, a file of no service: no edge turns red.
  assert.deepEqual(edgeList(buildDiagramGraph({ topology: topology(), diagnostics: [d] }), (e) => e.unreachable), []);
  const g = buildDiagramGraph({ topology: topology(), diagnostics: [d], imported: new Map([['api', [imported]]]) });
  assert.deepEqual(edgeList(g, (e) => e.unreachable), ['registry api-2--api -> api-1--registry']);
  assert.deepEqual(g.hosts.find((h) => h.host === 'api-2')!.counts, { error: 1, warning: 0, info: 0, hint: 0 });
});
