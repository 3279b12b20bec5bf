import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { type Box, drawnEdges, type EdgePath, type ElkLike, type LaidOut, MAX_DRAWN_EDGES, type Point, pathData, prepareLayout, runLayout, visibleGraph } from '../../../src/core/diagram/elkInput';
import { buildDiagramGraph, type DiagramGraph } from '../../../src/core/diagram/graph';
import { observedEdges } from '../../../src/core/diagram/observed';
import { createContext, lintWorkspace } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { exampleDir } from '../support/context';

// The bundled ELK build, as the webview uses it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ELK = require('elkjs/lib/elk.bundled.js') as new () => ElkLike;

function exampleGraph(): DiagramGraph {
  const ws = new NodeWorkspace(exampleDir);
  const r = lintWorkspace(ws, { analyzers: defaultAnalyzers })!;
  return buildDiagramGraph({ topology: r.topology, diagnostics: r.diagnostics, observed: observedEdges(createContext(ws, r.topology)) });
}

const inside = (a: Box, b: Box) => a.x >= b.x - 0.5 && a.y >= b.y - 0.5 && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5;
const disjoint = (a: Box, b: Box) => a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
const near = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.abs(p.x - q.x) < 0.51 && Math.abs(p.y - q.y) < 0.51;
const within = (p: Point, b: Box) => p.x > b.x + 0.5 && p.x < b.x + b.width - 0.5 && p.y > b.y + 0.5 && p.y < b.y + b.height - 0.5;

/** Points along a path, every few pixels (curves at 50 steps). */
function sample(p: EdgePath): Point[] {
  const out: Point[] = [];
  const line = (a: Point, b: Point) => {
    const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2));
    for (let i = 0; i <= n; i++) out.push({ x: a.x + ((b.x - a.x) * i) / n, y: a.y + ((b.y - a.y) * i) / n });
  };
  const cubic = (a: Point, c1: Point, c2: Point, b: Point) => {
    for (let i = 0; i <= 50; i++) {
      const t = i / 50;
      const u = 1 - t;
      out.push({ x: u * u * u * a.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * b.x, y: u * u * u * a.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * b.y });
    }
  };
  if (p.kind === 'curve') cubic(p.from, p.c1, p.c2, p.to);
  else
    for (let i = 1; i < p.points.length; i++) {
      const c = p.controls?.[i - 1];
      if (c) cubic(p.points[i - 1], c[0], c[1], p.points[i]);
      else line(p.points[i - 1], p.points[i]);
    }
  return out;
}

/**
 * Every edge between regions, or to an address outside every region, goes through no host but its
 * ends' and no region but theirs.
 */
function assertClearRoutes(g: DiagramGraph, laid: LaidOut): number {
  const hostOf = new Map<string, string>([...g.hosts.map((h): [string, string] => [h.id, h.id]), ...g.services.map((s): [string, string] => [s.id, s.hostId])]);
  const regionOfHost = new Map(g.hosts.map((h) => [h.id, h.regionId]));
  const regionOf = (node: string) => regionOfHost.get(hostOf.get(node) ?? '') ?? g.addresses.find((a) => a.id === node)?.regionId;
  let checked = 0;
  for (const e of g.edges) {
    const from = regionOf(e.source);
    const to = regionOf(e.target);
    if (from === to) continue;
    const p = laid.paths.get(e.id)!;
    assert.equal(p.kind, 'polyline', e.id);
    const own = new Set([hostOf.get(e.source), hostOf.get(e.target)]);
    for (const q of sample(p)) {
      for (const h of g.hosts) if (!own.has(h.id)) assert.ok(!within(q, laid.boxes.get(h.id)!), `${e.id} crosses ${h.id} at ${q.x},${q.y}`);
      for (const r of g.regions) if (r.id !== from && r.id !== to) assert.ok(!within(q, laid.boxes.get(r.id)!), `${e.id} crosses ${r.id} at ${q.x},${q.y}`);
    }
    checked++;
  }
  return checked;
}

test('ELK input: one graph per region; services are rows of their host with ports on its border', () => {
  const g = exampleGraph();
  const { regions, loose, serviceOffsets } = prepareLayout(g);
  assert.deepEqual(regions.map((r) => [r.regionId, r.routed]), [
    ['region-east-1', true],
    ['region-east-2', true],
  ]);
  const [east1, east2] = regions.map((r) => r.input);
  assert.equal(east1.layoutOptions?.['elk.algorithm'], 'layered');
  assert.deepEqual(east1.children.map((c) => c.id), ['host-api-1', 'host-app-1']);
  assert.deepEqual(loose.map((a) => a.id), ['address-139_159_257_207'], 'the misspelt backend is in no LAN');
  const api1 = east1.children[0];
  // gateway, api and registry stacked in topology order.
  const rows = ['service-api-1--gateway', 'service-api-1--api', 'service-api-1--registry'].map((id) => serviceOffsets.get(id)!.y);
  assert.ok(rows[0] < rows[1] && rows[1] < rows[2]);
  // Registrations are laid out from the registry: it gets an east port.
  const ports = new Map(api1.ports!.map((p) => [p.id, p]));
  assert.equal(ports.get('service-api-1--registry.out')?.layoutOptions?.['elk.port.side'], 'EAST');
  assert.equal(ports.get('service-api-1--api.out')?.layoutOptions?.['elk.port.side'], 'EAST');
  assert.equal(ports.get('service-api-1--registry.out')?.y, serviceOffsets.get('service-api-1--registry')!.y + 13);
  // Inside a region only: not the edge within one host, not the edges to the other region.
  const ids = east1.edges.map((e) => e.id).sort();
  assert.deepEqual(ids, [
    'edge-call-api-1--api-to-app-1--driver',
    'edge-call-api-1--api-to-app-1--order',
    'edge-registry-app-1--driver-to-api-1--registry',
    'edge-registry-app-1--order-to-api-1--registry',
  ]);
  const reg = east1.edges.find((e) => e.id === 'edge-registry-app-1--order-to-api-1--registry')!;
  assert.deepEqual([reg.sources, reg.targets], [['service-api-1--registry.out'], ['service-app-1--order.in']]);
  assert.deepEqual(east2.edges.map((e) => e.id).sort(), ['edge-call-api-2--api-to-app-2--driver', 'edge-call-api-2--api-to-app-2--order']);
});

test('the real ELK layout: nesting, no overlap, every edge drawn from node to node', async () => {
  const g = exampleGraph();
  const laid = await runLayout(new ELK(), prepareLayout(g), { aspect: 1.6 });
  const box = (id: string) => {
    const b = laid.boxes.get(id);
    assert.ok(b, id);
    return b;
  };
  for (const h of g.hosts) assert.ok(inside(box(h.id), box(h.regionId)), `${h.id} inside ${h.regionId}`);
  for (const s of g.services) assert.ok(inside(box(s.id), box(s.hostId)), `${s.id} inside ${s.hostId}`);
  assert.ok(disjoint(box('region-east-1'), box('region-east-2')));
  assert.ok(disjoint(box('host-api-1'), box('host-app-1')));
  for (const id of ['region-east-1', 'region-east-2', 'address-139_159_257_207']) {
    assert.ok(inside(box(id), { x: 0, y: 0, width: laid.width, height: laid.height }), id);
  }
  // Two regions of this size are stacked: 华东2 below 华东1; the loose address to their right.
  assert.ok(box('region-east-2').y >= box('region-east-1').y + box('region-east-1').height);
  assert.ok(box('address-139_159_257_207').x >= box('region-east-1').x + box('region-east-1').width);
  assert.equal(laid.paths.size, g.edges.length);
  // Inside a region ELK's routes; between the two regions (one above the other) a route out of the
  // region by the space beside its host, and a curve across the gap.
  const across = laid.paths.get('edge-registry-api-2--api-to-api-1--registry')!;
  assert.equal(across.kind, 'polyline');
  assert.equal(across.kind === 'polyline' && across.controls?.filter(Boolean).length, 1);
  assert.equal(laid.paths.get('edge-call-api-1--api-to-app-1--order')!.kind, 'polyline');
  for (const e of g.edges) {
    const p = laid.paths.get(e.id)!;
    assert.ok(p, e.id);
    assert.doesNotMatch(pathData(p), /NaN/);
    const first = p.kind === 'polyline' ? p.points[0] : p.from;
    const last = p.kind === 'polyline' ? p.points[p.points.length - 1] : p.to;
    const src = box(e.source);
    const dst = box(e.target);
    // Starts on the source's border and ends on the target's (east or west side).
    assert.ok(near(first, { x: src.x, y: first.y }) || near(first, { x: src.x + src.width, y: first.y }), `${e.id} starts at its source`);
    assert.ok(near(last, { x: dst.x, y: last.y }) || near(last, { x: dst.x + dst.width, y: last.y }), `${e.id} ends at its target`);
    assert.ok(first.y >= src.y && first.y <= src.y + src.height);
    assert.ok(last.y >= dst.y && last.y <= dst.y + dst.height);
  }
  // Registry edges are laid out from the registry, so they arrive on its east side.
  const regBox = box('service-api-1--registry');
  for (const id of ['edge-registry-api-2--api-to-api-1--registry', 'edge-registry-app-1--order-to-api-1--registry']) {
    const p = laid.paths.get(id)!;
    const end = p.kind === 'polyline' ? p.points[p.points.length - 1] : p.to;
    assert.ok(near(end, { x: regBox.x + regBox.width, y: regBox.y + regBox.height / 2 }), `${id} arrives on the east side`);
  }
  // In a wide view the two regions sit side by side instead.
  const wide = await runLayout(new ELK(), prepareLayout(g), { aspect: 6 });
  const [a, b] = ['region-east-1', 'region-east-2'].map((id) => wide.boxes.get(id)!);
  assert.ok(b.x >= a.x + a.width && b.y === a.y);
});

test('filters leave out regions, service kinds and edge kinds, and what only they connected', () => {
  const g = exampleGraph();
  const v = visibleGraph(g, { hiddenRegions: ['east-2'], hiddenKinds: ['nginx'], hiddenEdgeKinds: ['nfs'] });
  assert.deepEqual(v.regions.map((r) => r.region), ['east-1']);
  assert.deepEqual(v.hosts.map((h) => h.host), ['api-1', 'app-1']);
  assert.ok(!v.services.some((s) => s.kind === 'nginx'));
  assert.ok(v.edges.every((e) => e.kind !== 'nfs' && !e.source.includes('api-2') && !e.target.includes('app-2')));
  assert.deepEqual(v.addresses, [], 'the unknown backend only the hidden gateway used is gone');
  assert.ok(v.edges.length > 0);
});

/**
 * Three regions of `hosts` hosts each: the registry on the first host, `consumers` consumers per
 * region, the rest providers of two services. Consumers call every provider.
 */
function instancesGraph(hosts: number, consumers: number): DiagramGraph {
  const lines = ['version: 1', 'regions:'];
  for (let r = 0; r < 3; r++) {
    lines.push(`  r${r}:`, `    name: R${r}`, `    lan: [10.${r}.0.0/16]`, '    hosts:');
    for (let i = 0; i < hosts; i++) {
      const svc = r === 0 && i === 0 ? 'registry' : i < consumers ? 'web' : i % 2 ? 'order' : 'user';
      lines.push(`      h${r}-${i}: { internal: 10.${r}.0.${i + 1}, external: 198.51.100.${r * 20 + i + 1}, services: [${svc}] }`);
    }
  }
  lines.push('services:', '  registry: { kind: zookeeper, port: 2181 }', '  web: { kind: dubbo-consumer }', '  order: { kind: dubbo-provider }', '  user: { kind: dubbo-provider }');
  const parsed = parseTopology(TOPOLOGY_FILE, lines.join('\n') + '\n');
  assert.deepEqual(parsed.findings, []);
  return buildDiagramGraph({ topology: parsed.topology, diagnostics: [] });
}

test('beyond the routing limit, ELK places hosts by representative edges and every edge inside a region is a curve', async () => {
  // A topology with many instances: 3 regions x 12 hosts, consumers calling every provider.
  const g = instancesGraph(12, 4);
  assert.ok(g.edges.length > 150, `${g.edges.length} edges`);
  const prepared = prepareLayout(g, { routedEdgeLimit: 20 });
  assert.ok(prepared.regions.every((r) => !r.routed));
  const given = prepared.regions.reduce((n, r) => n + r.input.edges.length, 0);
  // Per region: web -> order, web -> user, and (in the registry's region) the three registrations.
  assert.equal(given, 3 * 2 + 3, `${given} layout edges`);
  const laid = await runLayout(new ELK(), prepared);
  assert.equal(laid.paths.size, g.edges.length);
  const regionOfHost = new Map(g.hosts.map((h) => [h.id, h.regionId]));
  const hostOf = new Map(g.services.map((s) => [s.id, s.hostId]));
  const within1 = g.edges.filter((e) => regionOfHost.get(hostOf.get(e.source)!) === regionOfHost.get(hostOf.get(e.target)!));
  assert.ok(within1.length > 50, `${within1.length} edges inside regions`);
  assert.ok(within1.every((e) => laid.paths.get(e.id)!.kind === 'curve'));
  // Between regions, the routes around the hosts (see below).
  assert.equal(assertClearRoutes(g, laid), g.edges.length - within1.length);
  for (const r of g.regions) for (const h of g.hosts.filter((x) => x.regionId === r.id)) assert.ok(inside(laid.boxes.get(h.id)!, laid.boxes.get(r.id)!));
});

test('traffic between regions goes around hosts and other regions: stacked, side by side, and three regions of many hosts', async () => {
  const g = exampleGraph();
  for (const aspect of [1.6, 6]) {
    const laid = await runLayout(new ELK(), prepareLayout(g), { aspect });
    assert.equal(assertClearRoutes(g, laid), 9, `aspect ${aspect}`);
    // Stacked or side by side, the two regions face each other: the registry edge crosses by a curve.
    const reg = laid.paths.get('edge-registry-api-2--api-to-api-1--registry')!;
    assert.equal(reg.kind === 'polyline' && reg.controls?.filter(Boolean).length, 1, `aspect ${aspect}`);
    for (const id of ['region-east-1', 'region-east-2', 'address-139_159_257_207']) assert.ok(inside(laid.boxes.get(id)!, { x: 0, y: 0, width: laid.width, height: laid.height }));
    for (const p of laid.paths.values()) for (const q of sample(p)) assert.ok(q.x >= 0 && q.y >= 0 && q.x <= laid.width && q.y <= laid.height, 'inside the picture');
  }
  // Three regions of four hosts on a 2 x 2 grid: a region's traffic to the one diagonally across and
  // to the one beside it in its row.
  const many = instancesGraph(4, 2);
  for (const aspect of [1, 1.6, 6, 0.2]) {
    const laid = await runLayout(new ELK(), prepareLayout(many), { aspect });
    assert.ok(assertClearRoutes(many, laid) > 20, `aspect ${aspect}`);
  }
});

test('drawnEdges: up to the limit every edge; beyond it one per kind and pair of hosts, the most severe, then the most severe of those', async () => {
  const g = instancesGraph(12, 4);
  const hostOf = new Map(g.services.flatMap((s) => [[s.id, s.hostId], [`${s.id}-2`, s.hostId]]));
  const pair = (e: { kind: string; source: string; target: string }) => `${e.kind} ${hostOf.get(e.source) ?? e.source} ${hostOf.get(e.target) ?? e.target}`;
  const pairs = new Set(g.edges.map(pair));
  assert.equal(drawnEdges(g, g.edges.length), g.edges.length === 0 ? [] : g.edges, 'at the limit: the same list');
  assert.equal(pairs.size, g.edges.length, 'one edge per pair of hosts in this topology');
  // Two services per host make pairs of hosts with two edges: h0-0 runs the registry, give every
  // consumer host a second consumer service by doubling its edges under another source service.
  const second = g.edges.filter((e) => e.kind === 'call').map((e, i) => ({
    ...e,
    id: `${e.id}-2`,
    source: `${e.source}-2`,
    unreachable: i % 7 === 0,
    public: i % 5 === 0,
    counts: { error: i % 3 === 0 ? 1 : 0, warning: 0, info: 0, hint: 0 },
  }));
  const doubled: DiagramGraph = {
    ...g,
    services: [...g.services, ...g.services.filter((s) => s.kind === 'dubbo-consumer').map((s) => ({ ...s, id: `${s.id}-2` }))],
    edges: [...g.edges, ...second],
  };
  const bundled = drawnEdges(doubled, doubled.edges.length - 1);
  assert.equal(bundled.length, pairs.size, 'one per pair of hosts');
  assert.deepEqual(new Set(bundled.map(pair)), pairs);
  for (const e of bundled) {
    const members = doubled.edges.filter((x) => pair(x) === pair(e));
    assert.equal(e.bundled, members.length > 1 ? members.length : undefined, pair(e));
    assert.equal(e.unreachable, members.some((x) => x.unreachable), `${pair(e)}: red when any is`);
    assert.equal(e.public, members.some((x) => x.public), `${pair(e)}: public when any is`);
    // The one drawn is the most severe: an unreachable one, else one with an error.
    const worst = members.find((x) => x.unreachable) ?? members.find((x) => x.counts.error > 0) ?? members[0];
    assert.equal(e.id, worst.id, `${pair(e)}: the most severe drawn`);
  }
  assert.ok(bundled.some((e) => e.bundled === 2) && bundled.some((e) => e.unreachable), 'bundles and red ones compared');
  // Fewer allowed than pairs: the red ones first, then those with errors, in the order they came.
  const cut = drawnEdges(doubled, 10);
  assert.equal(cut.length, 10);
  const reds = bundled.filter((e) => e.unreachable);
  assert.ok(reds.length > 10, `${reds.length} red bundles`);
  const rank = (e: (typeof bundled)[number]) => Number(e.unreachable) * 1e6 + e.counts.error * 1e3 + (e.bundled ?? 1);
  const kept = new Set(cut.map((e) => e.id));
  const left = bundled.filter((e) => !kept.has(e.id));
  assert.ok(Math.min(...cut.map(rank)) >= Math.max(...left.map(rank)), 'none left out is more severe than one drawn');
  assert.ok(cut.every((e) => e.unreachable));
  assert.deepEqual(cut.map((e) => e.id), bundled.filter((e) => kept.has(e.id)).map((e) => e.id), 'in the order they came');
  // prepareLayout draws what drawnEdges leaves, and says how many of how many.
  const prepared = prepareLayout(doubled, { maxEdges: 10 });
  assert.deepEqual(prepared.visible.edges.map((e) => e.id), cut.map((e) => e.id));
  assert.deepEqual(prepared.bundled, { drawn: 10, of: doubled.edges.length });
  const laid = await runLayout(new ELK(), prepared);
  assert.deepEqual([...laid.paths.keys()].sort(), cut.map((e) => e.id).sort());
  // Under the default limit nothing is bundled.
  assert.ok(doubled.edges.length < MAX_DRAWN_EDGES);
  assert.equal(prepareLayout(doubled).bundled, undefined);
  assert.equal(prepareLayout(doubled).visible.edges.length, doubled.edges.length);
});
