import type { ServiceKind } from '../topology/model';
import type { DiagramEdge, DiagramGraph, EdgeKind, SeverityCounts } from './graph';

/**
 * The layout of the diagram: ELK inputs and the reading of ELK's results.
 *
 * Regions contain hosts, hosts contain their services. Each region is one ELK graph, laid out
 * left to right (layered): registries and callers come before callees. The services of a host are
 * stacked in a fixed column (in topology order), and each service with traffic gets a port on the
 * host's border at its row, so ELK places hosts and routes edges between service rows without laying
 * out the inside of every host (which made a 200-host layout several times slower).
 *
 * The regions are then placed on a grid, and traffic between regions (and to addresses outside
 * every region) is drawn as curves between the ports: edges in both directions between two regions,
 * as in a disaster-recovery setup, would otherwise tangle the layout of both.
 *
 * Inside a region, up to `routedEdgeLimit` edges are routed by ELK. Beyond that, the per-instance
 * traffic is drawn as curves too, and ELK gets one representative edge per service pair, which is
 * what decides the placement: routing thousands of edges would take far longer than a second and
 * would not be readable either.
 *
 * Node sizes come from a text measure so the webview can use real font metrics; the default
 * estimate keeps this module usable in Node (tests, bench).
 */

export type TextStyle = 'title' | 'label' | 'small';
export type Measure = (text: string, style: TextStyle) => number;

export interface ElkInputOptions {
  /** Region ids (not node ids) left out of the picture. */
  hiddenRegions?: readonly string[];
  /** Service kinds left out of the picture. */
  hiddenKinds?: readonly ServiceKind[];
  /** Edge kinds left out of the picture. */
  hiddenEdgeKinds?: readonly EdgeKind[];
  measure?: Measure;
  /** Labels written before a host's IPs (for their width). */
  labels?: { internal: string; external: string };
  direction?: 'RIGHT' | 'DOWN';
  /** Most edges inside one region that ELK routes one by one (default 150). */
  routedEdgeLimit?: number;
}

export interface ElkInputPort {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  layoutOptions?: Record<string, string>;
}

export interface ElkInputNode {
  id: string;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkInputNode[];
  ports?: ElkInputPort[];
}

export interface ElkInputEdge {
  id: string;
  sources: string[];
  targets: string[];
}

export interface ElkInputGraph extends ElkInputNode {
  children: ElkInputNode[];
  edges: ElkInputEdge[];
}

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The ELK graph of one region: its hosts (with their services as rows) and the traffic inside it. */
export interface RegionLayout {
  regionId: string;
  input: ElkInputGraph;
  /** Every edge inside the region is routed by ELK (else drawn as curves between ports). */
  routed: boolean;
  /** Room for the region's header. */
  minWidth: number;
}

/** The layout inputs plus what is needed to read the results back. */
export interface PreparedLayout {
  /** The part of the graph that is drawn. */
  visible: DiagramGraph;
  regions: RegionLayout[];
  /** Addresses outside every region, with their sizes. */
  loose: { id: string; width: number; height: number }[];
  /** Service boxes relative to their host's top-left corner. */
  serviceOffsets: Map<string, Box>;
}

/** What is used of an ELK instance (`elkjs/lib/elk.bundled.js`). */
export interface ElkLike {
  layout(graph: ElkInputGraph): Promise<ElkResultNode>;
}

export const GEOMETRY = {
  serviceHeight: 26,
  serviceGap: 6,
  iconSize: 16,
  servicePadX: 8,
  hostHeaderLine: 16,
  hostPad: 10,
  regionHeader: 44,
  regionPad: 16,
  badgeWidth: 30,
  font: { title: 13, label: 12, small: 11 } as Record<TextStyle, number>,
};

/** Width estimate without a browser: CJK and other wide characters take 1em, the rest ~0.6em. */
export const estimateWidth: Measure = (text, style) => {
  const size = GEOMETRY.font[style];
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w += cp > 0x2e80 ? size : size * 0.6;
  }
  return Math.ceil(style === 'title' ? w * 1.06 : w);
};

export function badgeCount(c: SeverityCounts): number {
  return (c.error > 0 ? 1 : 0) + (c.warning > 0 ? 1 : 0) + (c.info + c.hint > 0 ? 1 : 0);
}

export function serviceLabel(s: { service: string; port?: number }): string {
  return s.port !== undefined ? `${s.service} :${s.port}` : s.service;
}

export function regionLanLabel(lan: readonly string[]): string {
  return `LAN ${lan.join(', ')}`;
}

/** Header lines of a host box: id, then internal and external IP when present. */
export function hostHeaderLines(h: { internal?: string; external?: string }): number {
  return 1 + (h.internal !== undefined ? 1 : 0) + (h.external !== undefined ? 1 : 0);
}

export function hostHeaderHeight(h: { internal?: string; external?: string }): number {
  return GEOMETRY.hostPad + hostHeaderLines(h) * GEOMETRY.hostHeaderLine + 4;
}

/** The part of the graph a filter leaves visible. */
export function visibleGraph(graph: DiagramGraph, opts: ElkInputOptions = {}): DiagramGraph {
  const hiddenRegions = new Set(opts.hiddenRegions ?? []);
  const hiddenKinds = new Set<string>(opts.hiddenKinds ?? []);
  const hiddenEdges = new Set<string>(opts.hiddenEdgeKinds ?? []);
  const regions = graph.regions.filter((r) => !hiddenRegions.has(r.region));
  const regionIds = new Set(regions.map((r) => r.id));
  const hosts = graph.hosts.filter((h) => regionIds.has(h.regionId));
  const hostIds = new Set(hosts.map((h) => h.id));
  const services = graph.services.filter((s) => hostIds.has(s.hostId) && !hiddenKinds.has(s.kind));
  const addresses = graph.addresses.filter((a) => a.regionId === undefined || regionIds.has(a.regionId));
  const nodes = new Set<string>([...hostIds, ...services.map((s) => s.id), ...addresses.map((a) => a.id)]);
  const edges = graph.edges.filter((e) => !hiddenEdges.has(e.kind) && nodes.has(e.source) && nodes.has(e.target));
  // Address nodes nothing points at any more are dropped.
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { ...graph, regions, hosts, services, addresses: addresses.filter((a) => used.has(a.id)), edges };
}

export const inPort = (node: string) => `${node}.in`;
export const outPort = (node: string) => `${node}.out`;

/**
 * Builds one ELK graph per visible region (see the module comment). Traffic between regions and
 * to addresses outside every region is left to readLayout.
 */
export function prepareLayout(graph: DiagramGraph, opts: ElkInputOptions = {}): PreparedLayout {
  const g = visibleGraph(graph, opts);
  const m = opts.measure ?? estimateWidth;
  const G = GEOMETRY;
  const limit = opts.routedEdgeLimit ?? 150;
  const labels = opts.labels ?? { internal: 'internal', external: 'external' };

  const hostOfNode = hostIndex(g);
  const regionOf = regionIndex(g);
  const servicesByHost = new Map<string, DiagramGraph['services']>();
  for (const s of g.services) {
    const list = servicesByHost.get(s.hostId) ?? [];
    list.push(s);
    servicesByHost.set(s.hostId, list);
  }
  const addressIds = new Set(g.addresses.map((a) => a.id));
  const endpoint = (node: string, dir: 'in' | 'out') => (addressIds.has(node) ? node : dir === 'in' ? inPort(node) : outPort(node));
  const serviceOffsets = new Map<string, Box>();

  const regions: RegionLayout[] = g.regions.map((r) => {
    const inside = g.edges.filter((e) => !sameHost(e, hostOfNode) && regionOf.get(e.source) === r.id && regionOf.get(e.target) === r.id);
    const routed = inside.length <= limit;
    const layoutEdges = routed ? inside : representativeEdges({ ...g, edges: inside });
    const needIn = new Set(layoutEdges.map((e) => layoutEnds(e).target));
    const needOut = new Set(layoutEdges.map((e) => layoutEnds(e).source));

    const children: ElkInputNode[] = [];
    for (const h of g.hosts) {
      if (h.regionId !== r.id) continue;
      const header = hostHeaderHeight(h);
      const services = servicesByHost.get(h.id) ?? [];
      const serviceWidth = Math.max(
        0,
        ...services.map((s) => G.servicePadX * 2 + G.iconSize + 6 + m(serviceLabel(s), 'label') + badgeCount(s.counts) * G.badgeWidth),
      );
      const headerWidth = Math.max(
        m(h.host, 'title') + badgeCount(h.counts) * G.badgeWidth + 8,
        h.internal !== undefined ? m(`${labels.internal} ${h.internal}`, 'small') : 0,
        h.external !== undefined ? m(`${labels.external} ${h.external}`, 'small') : 0,
      );
      const width = Math.ceil(Math.max(headerWidth, serviceWidth) + 2 * G.hostPad);
      const rows = services.length;
      const height = header + rows * G.serviceHeight + Math.max(0, rows - 1) * G.serviceGap + G.hostPad;
      const ports: ElkInputPort[] = [];
      const portAt = (id: string, side: 'WEST' | 'EAST', y: number) =>
        ports.push({ id, x: side === 'WEST' ? 0 : width, y, width: 0, height: 0, layoutOptions: { 'elk.port.side': side } });
      services.forEach((s, i) => {
        const y = header + i * (G.serviceHeight + G.serviceGap);
        serviceOffsets.set(s.id, { x: G.hostPad, y, width: width - 2 * G.hostPad, height: G.serviceHeight });
        if (needIn.has(s.id)) portAt(inPort(s.id), 'WEST', y + G.serviceHeight / 2);
        if (needOut.has(s.id)) portAt(outPort(s.id), 'EAST', y + G.serviceHeight / 2);
      });
      if (needIn.has(h.id)) portAt(inPort(h.id), 'WEST', G.hostPad + G.hostHeaderLine / 2);
      if (needOut.has(h.id)) portAt(outPort(h.id), 'EAST', G.hostPad + G.hostHeaderLine / 2);
      children.push({ id: h.id, width, height, ports, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } });
    }
    for (const a of g.addresses) if (a.regionId === r.id) children.push({ id: a.id, ...addressSize(a.address, m) });

    const minWidth = Math.ceil(
      Math.max(m(r.name, 'title') + badgeCount(r.counts) * G.badgeWidth + 8, m(regionLanLabel(r.lan), 'small')) + 2 * G.regionPad,
    );
    const input: ElkInputGraph = {
      id: r.id,
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': opts.direction ?? 'RIGHT',
        'elk.edgeRouting': 'ORTHOGONAL',
        'elk.padding': `[top=${G.regionHeader},left=${G.regionPad},bottom=${G.regionPad},right=${G.regionPad}]`,
        'elk.layered.spacing.nodeNodeBetweenLayers': '48',
        'elk.layered.spacing.edgeNodeBetweenLayers': '16',
        'elk.spacing.nodeNode': '20',
        'elk.spacing.edgeEdge': '6',
        ...(routed ? { 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' } : {}),
      },
      children,
      edges: layoutEdges.map((e) => {
        const ends = layoutEnds(e);
        return { id: e.id, sources: [endpoint(ends.source, 'out')], targets: [endpoint(ends.target, 'in')] };
      }),
    };
    return { regionId: r.id, input, routed, minWidth };
  });
  const loose = g.addresses.filter((a) => a.regionId === undefined).map((a) => ({ id: a.id, ...addressSize(a.address, m) }));
  return { visible: g, regions, loose, serviceOffsets };
}

function addressSize(address: string, m: Measure): { width: number; height: number } {
  return { width: Math.ceil(GEOMETRY.servicePadX * 2 + GEOMETRY.iconSize + 6 + m(address, 'label')), height: GEOMETRY.serviceHeight };
}

function hostIndex(g: DiagramGraph): Map<string, string> {
  return new Map<string, string>([...g.hosts.map((h): [string, string] => [h.id, h.id]), ...g.services.map((sv): [string, string] => [sv.id, sv.hostId])]);
}

function regionIndex(g: DiagramGraph): Map<string, string | undefined> {
  const hostRegion = new Map(g.hosts.map((h) => [h.id, h.regionId]));
  return new Map<string, string | undefined>([
    ...hostRegion,
    ...g.services.map((sv): [string, string | undefined] => [sv.id, hostRegion.get(sv.hostId)]),
    ...g.addresses.map((a): [string, string | undefined] => [a.id, a.regionId]),
  ]);
}

/** Lays out every region with `elk` (one after the other) and places them (see readLayout). */
export async function runLayout(elk: ElkLike, prepared: PreparedLayout, place: PlaceOptions = {}): Promise<LaidOut> {
  const results: ElkResultNode[] = [];
  for (const r of prepared.regions) results.push(await elk.layout(r.input));
  return readLayout(results, prepared, place);
}


/**
 * The direction ELK lays an edge out in. Registry edges are laid out from the registry to the
 * service (drawn with the arrow still at the registry): registries then come first, callers before
 * callees, and a host running both a consumer and the registry does not form a cycle with the
 * providers' hosts.
 */
export function layoutEnds(e: DiagramEdge): { source: string; target: string; reversed: boolean } {
  return e.kind === 'registry' ? { source: e.target, target: e.source, reversed: true } : { source: e.source, target: e.target, reversed: false };
}

function sameHost(e: DiagramEdge, hostOfNode: Map<string, string>): boolean {
  const a = hostOfNode.get(e.source);
  return a !== undefined && a === hostOfNode.get(e.target);
}

/**
 * One edge per (kind, source service, target service, source region, target region): enough for
 * ELK to put callers before callees in every region, far fewer than the per-instance edges.
 */
export function representativeEdges(g: DiagramGraph): DiagramEdge[] {
  const serviceOf = new Map(g.services.map((s) => [s.id, s]));
  const regionOfHost = new Map(g.hosts.map((h) => [h.id, h.regionId]));
  const hostNode = (node: string) => serviceOf.get(node)?.hostId ?? node;
  const group = (node: string) => `${serviceOf.get(node)?.service ?? node}@${regionOfHost.get(hostNode(node)) ?? ''}`;
  const seen = new Set<string>();
  const out: DiagramEdge[] = [];
  for (const e of g.edges) {
    if (hostNode(e.source) === hostNode(e.target)) continue;
    const key = `${e.kind}|${group(e.source)}|${group(e.target)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** What ELK returns, as far as it is read here. */
export interface ElkResultNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  children?: ElkResultNode[];
  edges?: ElkResultEdge[];
}

export interface ElkResultEdge {
  id: string;
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}

/** A drawn edge: a polyline (ELK's route) or a cubic curve between ports. */
export type EdgePath = { kind: 'polyline'; points: Point[] } | { kind: 'curve'; from: Point; c1: Point; c2: Point; to: Point };

export interface LaidOut {
  width: number;
  height: number;
  /** Absolute boxes of regions, hosts, services and addresses, by node id. */
  boxes: Map<string, Box>;
  /** Paths of every visible edge, by edge id. */
  paths: Map<string, EdgePath>;
}


export interface PlaceOptions {
  /** Width / height the arrangement of regions aims at (the view's; default 1.6). */
  aspect?: number;
}

const REGION_GAP = 56;
const MARGIN = 20;

/**
 * Reads ELK's results (one per region, in the order of `prepared.regions`), places the regions on a
 * grid (in topology order, row by row) whose shape comes closest to `aspect`, the addresses outside
 * every region in a column to the right, and computes the path of every visible edge.
 */
export function readLayout(results: readonly ElkResultNode[], prepared: PreparedLayout, place: PlaceOptions = {}): LaidOut {
  const G = GEOMETRY;
  const sizes = prepared.regions.map((r, i) => ({
    width: Math.max(results[i]?.width ?? 0, r.minWidth),
    height: Math.max(results[i]?.height ?? 0, G.regionHeader + G.regionPad),
  }));
  const aspect = place.aspect !== undefined && place.aspect > 0 ? place.aspect : 1.6;
  let cols = 1;
  let best = Infinity;
  for (let c = 1; c <= Math.max(1, sizes.length); c++) {
    const { width, height } = gridSize(sizes, c);
    const score = Math.abs(Math.log(Math.max(1, width) / Math.max(1, height) / aspect));
    if (score < best - 1e-9) {
      best = score;
      cols = c;
    }
  }
  const colWidths: number[] = [];
  const rowHeights: number[] = [];
  sizes.forEach((sz, i) => {
    colWidths[i % cols] = Math.max(colWidths[i % cols] ?? 0, sz.width);
    rowHeights[Math.floor(i / cols)] = Math.max(rowHeights[Math.floor(i / cols)] ?? 0, sz.height);
  });
  const offsets = (xs: number[]) => xs.map((_, i) => MARGIN + xs.slice(0, i).reduce((a, w) => a + w + REGION_GAP, 0));
  const colX = offsets(colWidths);
  const rowY = offsets(rowHeights);

  const boxes = new Map<string, Box>();
  const routes = new Map<string, Point[]>();
  prepared.regions.forEach((r, i) => {
    const ox = colX[i % cols];
    const oy = rowY[Math.floor(i / cols)];
    boxes.set(r.regionId, { x: ox, y: oy, width: sizes[i].width, height: sizes[i].height });
    const res = results[i];
    for (const c of res?.children ?? []) boxes.set(c.id, { x: ox + (c.x ?? 0), y: oy + (c.y ?? 0), width: c.width ?? 0, height: c.height ?? 0 });
    if (!r.routed) return;
    for (const e of res?.edges ?? []) {
      const pts: Point[] = [];
      for (const sec of e.sections ?? []) pts.push(sec.startPoint, ...(sec.bendPoints ?? []), sec.endPoint);
      routes.set(e.id, pts.map((p) => ({ x: ox + p.x, y: oy + p.y })));
    }
  });
  const gridRight = colX.length > 0 ? colX[colX.length - 1] + colWidths[colWidths.length - 1] : MARGIN;
  const gridBottom = rowY.length > 0 ? rowY[rowY.length - 1] + rowHeights[rowHeights.length - 1] : MARGIN;
  const lx = gridRight + (prepared.regions.length > 0 ? REGION_GAP : 0);
  let ly = MARGIN;
  let right = gridRight;
  for (const a of prepared.loose) {
    boxes.set(a.id, { x: lx, y: ly, width: a.width, height: a.height });
    ly += a.height + 12;
    right = Math.max(right, lx + a.width);
  }

  const g = prepared.visible;
  for (const s of g.services) {
    const host = boxes.get(s.hostId);
    const off = prepared.serviceOffsets.get(s.id);
    if (host && off) boxes.set(s.id, { x: host.x + off.x, y: host.y + off.y, width: off.width, height: off.height });
  }
  const hostOfService = new Map(g.services.map((s) => [s.id, s.hostId]));
  const hostOfNode = hostIndex(g);
  const hostIds = new Set(g.hosts.map((h) => h.id));
  type Side = 'east' | 'west';
  // Where an edge meets a node: the side of a service box at its row, a host's header row, an
  // address box's side.
  const anchor = (node: string, side: Side): Point | undefined => {
    const b = boxes.get(node);
    if (!b) return undefined;
    const y = hostIds.has(node) ? b.y + G.hostPad + G.hostHeaderLine / 2 : b.y + b.height / 2;
    return { x: side === 'east' ? b.x + b.width : b.x, y };
  };
  // The same row on the host's border, where the port is.
  const portPoint = (node: string, side: Side): Point | undefined => {
    const a = anchor(node, side);
    const hostId = hostOfService.get(node);
    if (!a || hostId === undefined) return a;
    const host = boxes.get(hostId)!;
    return { x: side === 'east' ? host.x + host.width : host.x, y: a.y };
  };
  const paths = new Map<string, EdgePath>();
  for (const e of g.edges) {
    const { reversed } = layoutEnds(e);
    const fromSide: Side = reversed ? 'west' : 'east';
    const toSide: Side = reversed ? 'east' : 'west';
    if (sameHost(e, hostOfNode)) {
      // Beside the host's services, on its east side.
      const a = anchor(e.source, 'east');
      const b = anchor(e.target, 'east');
      if (!a || !b) continue;
      const x = Math.max(a.x, b.x) + G.hostPad * 0.6;
      paths.set(e.id, { kind: 'polyline', points: [a, { x, y: a.y }, { x, y: b.y }, b] });
      continue;
    }
    const from = anchor(e.source, fromSide);
    const to = anchor(e.target, toSide);
    if (!from || !to) continue;
    const route = routes.get(e.id);
    if (route && route.length >= 2) {
      // ELK's route runs from port to port on the host borders; extend it to the service boxes.
      const pts = reversed ? [...route].reverse() : [...route];
      if (hostOfService.has(e.source)) pts.unshift(from);
      if (hostOfService.has(e.target)) pts.push(to);
      paths.set(e.id, { kind: 'polyline', points: dedupe(pts) });
      continue;
    }
    const p0 = portPoint(e.source, fromSide)!;
    const p1 = portPoint(e.target, toSide)!;
    const dx = Math.max(40, Math.abs(p1.x - p0.x) / 2);
    const dir = (side: Side) => (side === 'east' ? 1 : -1);
    paths.set(e.id, {
      kind: 'curve',
      from,
      c1: { x: p0.x + dir(fromSide) * dx, y: p0.y },
      c2: { x: p1.x + dir(toSide) * dx, y: p1.y },
      to,
    });
  }
  return { width: right + MARGIN, height: Math.max(gridBottom, ly) + MARGIN, boxes, paths };
}

function gridSize(sizes: { width: number; height: number }[], cols: number): { width: number; height: number } {
  const colW: number[] = [];
  const rowH: number[] = [];
  sizes.forEach((s, i) => {
    colW[i % cols] = Math.max(colW[i % cols] ?? 0, s.width);
    rowH[Math.floor(i / cols)] = Math.max(rowH[Math.floor(i / cols)] ?? 0, s.height);
  });
  const span = (xs: number[]) => xs.reduce((a, b) => a + b, 0) + Math.max(0, xs.length - 1) * REGION_GAP;
  return { width: span(colW), height: span(rowH) };
}

function dedupe(points: Point[]): Point[] {
  return points.filter((p, i) => i === 0 || p.x !== points[i - 1].x || p.y !== points[i - 1].y);
}

/** SVG path data of an edge path. */
export function pathData(p: EdgePath): string {
  const f = (n: number) => Math.round(n * 10) / 10;
  if (p.kind === 'polyline') return p.points.map((q, i) => `${i === 0 ? 'M' : 'L'}${f(q.x)},${f(q.y)}`).join(' ');
  return `M${f(p.from.x)},${f(p.from.y)} C${f(p.c1.x)},${f(p.c1.y)} ${f(p.c2.x)},${f(p.c2.y)} ${f(p.to.x)},${f(p.to.y)}`;
}
