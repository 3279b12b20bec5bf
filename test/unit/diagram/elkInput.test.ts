import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { type Box, type ElkLike, pathData, prepareLayout, runLayout, visibleGraph } from '../../../src/core/diagram/elkInput';
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
  // Edges between regions are curves; inside a region ELK's routes.
  assert.equal(laid.paths.get('edge-registry-api-2--api-to-api-1--registry')!.kind, 'curve');
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

test('beyond the routing limit, ELK places hosts by representative edges and every edge is a curve', async () => {
  // A topology with many instances: 3 regions x 12 hosts, consumers calling every provider.
  const lines = ['version: 1', 'regions:'];
  for (let r = 0; r < 3; r++) {
    lines.push(`  r${r}:`, `    name: R${r}`, `    lan: [10.${r}.0.0/16]`, '    hosts:');
    for (let i = 0; i < 12; i++) {
      const svc = r === 0 && i === 0 ? 'registry' : i < 4 ? 'web' : i % 2 ? 'order' : 'user';
      lines.push(`      h${r}-${i}: { internal: 10.${r}.0.${i + 1}, external: 198.51.100.${r * 20 + i + 1}, services: [${svc}] }`);
    }
  }
  lines.push('services:', '  registry: { kind: zookeeper, port: 2181 }', '  web: { kind: dubbo-consumer }', '  order: { kind: dubbo-provider }', '  user: { kind: dubbo-provider }');
  const parsed = parseTopology(TOPOLOGY_FILE, lines.join('\n') + '\n');
  assert.deepEqual(parsed.findings, []);
  const g = buildDiagramGraph({ topology: parsed.topology, diagnostics: [] });
  assert.ok(g.edges.length > 150, `${g.edges.length} edges`);
  const prepared = prepareLayout(g, { routedEdgeLimit: 20 });
  assert.ok(prepared.regions.every((r) => !r.routed));
  const given = prepared.regions.reduce((n, r) => n + r.input.edges.length, 0);
  // Per region: web -> order, web -> user, and (in the registry's region) the three registrations.
  assert.equal(given, 3 * 2 + 3, `${given} layout edges`);
  const laid = await runLayout(new ELK(), prepared);
  assert.equal(laid.paths.size, g.edges.length);
  assert.ok([...laid.paths.values()].every((p) => p.kind === 'curve'));
  for (const r of g.regions) for (const h of g.hosts.filter((x) => x.regionId === r.id)) assert.ok(inside(laid.boxes.get(h.id)!, laid.boxes.get(r.id)!));
});
