import type { ServiceKind } from '../topology/model';
import type { DiagramEdge, DiagramGraph, EdgeKind, SeverityCounts } from './graph';

/**
 * The layout input for ELK and the reading of its result.
 *
 * Layered layout of compound nodes: regions contain hosts, hosts contain their services. The
 * services of a host are stacked in a fixed column (a host is small and its order is the one
 * written in the topology), and each service that has traffic gets a port on the host's border at
 * its row: outgoing edges leave on the east side, incoming ones arrive on the west side. ELK thus
 * places regions and hosts and routes edges between service ports, without having to lay out the
 * inside of every host (which made a 200-host layout several times slower).
 *
 * Up to `routedEdgeLimit` edges are all routed by ELK. Beyond that, per-instance traffic is drawn
 * as curves between the ports, and ELK gets one representative edge per service pair and region
 * pair, which is what decides the placement; routing thousands of edges would take far longer than a
 * second and would not be readable either.
 *
 * Node sizes come from a text measure so the webview can use real font metrics; the default
 * estimate keeps this module usable in Node (tests, bench). Coordinates of the result are absolute
 * (`elk.json.shapeCoords`/`edgeCoords` = ROOT).
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
  /** Most edges ELK routes one by one (default 150). */
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
  edges?: ElkInputEdge[];
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

/** The layout input plus what is needed to read the result back. */
export interface PreparedLayout {
  input: ElkInputGraph;
  /** The part of the graph that is drawn. */
  visible: DiagramGraph;
  /** Service boxes relative to their host's top-left corner. */
  serviceOffsets: Map<string, Box>;
  /** Whether ELK routes every drawn edge (else drawn edges are curves between ports). */
  routed: boolean;
}

/** Geometry constants shared with the renderer. */
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

/** Builds the ELK graph of the visible part of `graph`. */
export function prepareLayout(graph: DiagramGraph, opts: ElkInputOptions = {}): PreparedLayout {
  const g = visibleGraph(graph, opts);
  const m = opts.measure ?? estimateWidth;
  const G = GEOMETRY;
  const pad = (top: number, side: number) => `[top=${top},left=${side},bottom=${side},right=${side}]`;
  const limit = opts.routedEdgeLimit ?? 150;

  const routed = g.edges.length <= limit;
  const layoutEdges = routed ? g.edges : representativeEdges(g);
  const needIn = new Set(layoutEdges.map((e) => e.target));
  const needOut = new Set(layoutEdges.map((e) => e.source));

  const servicesByHost = new Map<string, DiagramGraph['services']>();
  for (const s of g.services) {
    const list = servicesByHost.get(s.hostId) ?? [];
    list.push(s);
    servicesByHost.set(s.hostId, list);
  }

  const serviceOffsets = new Map<string, Box>();
  const regionChildren = new Map<string, ElkInputNode[]>();
  const addTo = (regionId: string, node: ElkInputNode) => {
    const list = regionChildren.get(regionId) ?? [];
    list.push(node);
    regionChildren.set(regionId, list);
  };
  for (const h of g.hosts) {
    const header = hostHeaderHeight(h);
    const services = servicesByHost.get(h.id) ?? [];
    const serviceWidth = Math.max(
      0,
      ...services.map((s) => G.servicePadX * 2 + G.iconSize + 6 + m(serviceLabel(s), 'label') + badgeCount(s.counts) * G.badgeWidth),
    );
    const labels = opts.labels ?? { internal: 'internal', external: 'external' };
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
      ports.push({ id, x: side === 'WEST' ? -1 : width - 1, y: y - 1, width: 2, height: 2, layoutOptions: { 'elk.port.side': side } });
    services.forEach((s, i) => {
      const y = header + i * (G.serviceHeight + G.serviceGap);
      serviceOffsets.set(s.id, { x: G.hostPad, y, width: width - 2 * G.hostPad, height: G.serviceHeight });
      if (needIn.has(s.id)) portAt(inPort(s.id), 'WEST', y + G.serviceHeight / 2);
      if (needOut.has(s.id)) portAt(outPort(s.id), 'EAST', y + G.serviceHeight / 2);
    });
    if (needIn.has(h.id)) portAt(inPort(h.id), 'WEST', G.hostPad + G.hostHeaderLine / 2);
    if (needOut.has(h.id)) portAt(outPort(h.id), 'EAST', G.hostPad + G.hostHeaderLine / 2);
    addTo(h.regionId, {
      id: h.id,
      width,
      height,
      ports,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
    });
  }
  const topLevel: ElkInputNode[] = [];
  for (const a of g.addresses) {
    const node: ElkInputNode = {
      id: a.id,
      width: Math.ceil(G.servicePadX * 2 + G.iconSize + 6 + m(a.address, 'label')),
      height: G.serviceHeight,
    };
    if (a.regionId === undefined) topLevel.push(node);
    else addTo(a.regionId, node);
  }
  const hostRegion = new Map(g.hosts.map((h) => [h.id, h.regionId]));
  const regionOf = new Map<string, string | undefined>([
    ...hostRegion,
    ...g.services.map((sv): [string, string | undefined] => [sv.id, hostRegion.get(sv.hostId)]),
    ...g.addresses.map((a): [string, string | undefined] => [a.id, a.regionId]),
  ]);
  const addressIds = new Set(g.addresses.map((a) => a.id));
  const endpoint = (node: string, dir: 'in' | 'out') => (addressIds.has(node) ? node : dir === 'in' ? inPort(node) : outPort(node));
  const elkEdge = (e: DiagramEdge): ElkInputEdge => ({ id: e.id, sources: [endpoint(e.source, 'out')], targets: [endpoint(e.target, 'in')] });
  // Without routing, each region is laid out on its own with the traffic inside it, and the regions
  // are placed by the traffic between them.
  const innerEdges = new Map<string, ElkInputEdge[]>();
  const rootEdges: ElkInputEdge[] = [];
  if (routed) rootEdges.push(...layoutEdges.map(elkEdge));
  else {
    const between = new Set<string>();
    for (const e of layoutEdges) {
      const a = regionOf.get(e.source);
      const b = regionOf.get(e.target);
      if (a !== undefined && a === b) {
        const list = innerEdges.get(a) ?? [];
        list.push(elkEdge(e));
        innerEdges.set(a, list);
      } else {
        const key = `${a ?? e.source}\u0000${b ?? e.target}`;
        if (between.has(key)) continue;
        between.add(key);
        rootEdges.push({ id: `between-${rootEdges.length}`, sources: [a ?? e.source], targets: [b ?? e.target] });
      }
    }
  }
  const regions: ElkInputNode[] = g.regions.map((r) => {
    const minW = Math.ceil(
      Math.max(m(r.name, 'title') + badgeCount(r.counts) * G.badgeWidth + 8, m(regionLanLabel(r.lan), 'small')) + 2 * G.regionPad,
    );
    return {
      id: r.id,
      children: regionChildren.get(r.id) ?? [],
      ...(innerEdges.has(r.id) ? { edges: innerEdges.get(r.id) } : {}),
      layoutOptions: {
        'elk.padding': pad(G.regionHeader, G.regionPad),
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minW},${G.regionHeader + G.regionPad})`,
        'elk.spacing.nodeNode': '16',
      },
    };
  });

  const input: ElkInputGraph = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': opts.direction ?? 'RIGHT',
      'elk.hierarchyHandling': routed ? 'INCLUDE_CHILDREN' : 'SEPARATE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeEdge': '6',

      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [...regions, ...topLevel],
    edges: rootEdges,
  };
  return { input, visible: g, serviceOffsets, routed };
}

/** Builds only the ELK graph (see prepareLayout). */
export function buildElkInput(graph: DiagramGraph, opts: ElkInputOptions = {}): ElkInputGraph {
  return prepareLayout(graph, opts).input;
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

/** Reads ELK's result (absolute coordinates, as requested by prepareLayout). */
export function readLayout(result: ElkResultNode, prepared: PreparedLayout): LaidOut {
  const boxes = new Map<string, Box>();
  const routes = new Map<string, Point[]>();
  const visit = (n: ElkResultNode) => {
    for (const c of n.children ?? []) {
      boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, width: c.width ?? 0, height: c.height ?? 0 });
      visit(c);
    }
    for (const e of n.edges ?? []) {
      const pts: Point[] = [];
      for (const s of e.sections ?? []) pts.push(s.startPoint, ...(s.bendPoints ?? []), s.endPoint);
      routes.set(e.id, pts);
    }
  };
  visit(result);
  const g = prepared.visible;
  for (const s of g.services) {
    const host = boxes.get(s.hostId);
    const off = prepared.serviceOffsets.get(s.id);
    if (host && off) boxes.set(s.id, { x: host.x + off.x, y: host.y + off.y, width: off.width, height: off.height });
  }
  const hostOfService = new Map(g.services.map((s) => [s.id, s.hostId]));
  const hostIds = new Set(g.hosts.map((h) => h.id));
  // Where an edge leaves its source / reaches its target: the service box side at its row, a host's
  // header row, an address box's side.
  const anchor = (node: string, side: 'out' | 'in'): Point | undefined => {
    const b = boxes.get(node);
    if (!b) return undefined;
    if (hostIds.has(node)) {
      const y = b.y + GEOMETRY.hostPad + GEOMETRY.hostHeaderLine / 2;
      return { x: side === 'out' ? b.x + b.width : b.x, y };
    }
    return { x: side === 'out' ? b.x + b.width : b.x, y: b.y + b.height / 2 };
  };
  const portPoint = (node: string, side: 'out' | 'in'): Point | undefined => {
    const a = anchor(node, side);
    const hostId = hostOfService.get(node);
    if (!a || hostId === undefined) return a;
    const host = boxes.get(hostId)!;
    return { x: side === 'out' ? host.x + host.width : host.x, y: a.y };
  };
  const paths = new Map<string, EdgePath>();
  for (const e of g.edges) {
    const from = anchor(e.source, 'out');
    const to = anchor(e.target, 'in');
    if (!from || !to) continue;
    const route = routes.get(e.id);
    if (prepared.routed && route && route.length >= 2) {
      // ELK's route runs from port to port on the host border; extend it to the service boxes.
      const pts = [...route];
      if (hostOfService.has(e.source)) pts.unshift(from);
      if (hostOfService.has(e.target)) pts.push(to);
      paths.set(e.id, { kind: 'polyline', points: dedupe(pts) });
      continue;
    }
    const p0 = portPoint(e.source, 'out')!;
    const p1 = portPoint(e.target, 'in')!;
    const dx = Math.max(40, Math.abs(p1.x - p0.x) / 2);
    paths.set(e.id, {
      kind: 'curve',
      from,
      c1: { x: p0.x + dx, y: p0.y },
      c2: { x: p1.x - dx, y: p1.y },
      to,
    });
  }
  return { width: result.width ?? 0, height: result.height ?? 0, boxes, paths };
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
