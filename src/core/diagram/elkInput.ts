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
 * The regions are then placed on a grid. Traffic between regions (and to addresses outside every
 * region) is not laid out by ELK: edges in both directions between two regions, as in a
 * disaster-recovery setup, would tangle the layout of both. It leaves its region through the free
 * space beside its host to the border facing the other region, and runs on along the gaps between
 * regions (see gatedRoutes), round the other hosts and regions rather than through them.
 *
 * Inside a region, up to `routedEdgeLimit` edges are routed by ELK. Beyond that, the per-instance
 * traffic is drawn as curves too, and ELK gets one representative edge per service pair, which is
 * what decides the placement: routing thousands of edges would take far longer than a second and
 * would not be readable either.
 *
 * A picture with more edges than `maxEdges` (a monorepo's thousands of consumer → provider calls)
 * draws one edge per kind and pair of hosts instead, the most severe of them, and, when those are
 * still too many, the most severe `maxEdges` of those (see `drawnEdges`): tens of thousands of SVG
 * paths would hold the webview for a minute and more, and show nothing readable.
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
  /** Most edges drawn (default `MAX_DRAWN_EDGES`); beyond it they are bundled, see `drawnEdges`. */
  maxEdges?: number;
}

/** How many edges the diagram draws one by one, unless the `dubboTopology.diagram.maxEdges` setting says otherwise. */
export const MAX_DRAWN_EDGES = 1500;

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
  /** The part of the graph that is drawn (its edges as `drawnEdges` leaves them). */
  visible: DiagramGraph;
  /** Set when fewer edges are drawn than the filters leave: how many are drawn, of how many. */
  bundled?: { drawn: number; of: number };
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
  const shown = visibleGraph(graph, opts);
  const drawn = drawnEdges(shown, opts.maxEdges ?? MAX_DRAWN_EDGES);
  const g = drawn === shown.edges ? shown : { ...shown, edges: drawn };
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
  return { visible: g, regions, loose, serviceOffsets, ...(drawn === shown.edges ? {} : { bundled: { drawn: drawn.length, of: shown.edges.length } }) };
}

/** Orders edges most severe first: an unreachable address, then errors, warnings, infos; then the larger bundle. */
function severer(a: DiagramEdge, b: DiagramEdge): number {
  return (
    Number(b.unreachable) - Number(a.unreachable) ||
    b.counts.error - a.counts.error ||
    b.counts.warning - a.counts.warning ||
    b.counts.info + b.counts.hint - (a.counts.info + a.counts.hint) ||
    (b.bundled ?? 1) - (a.bundled ?? 1)
  );
}

/**
 * The edges the diagram draws. Up to `max`, every edge. Beyond it, one per kind and pair of hosts
 * (an address node is its own end): the most severe edge of the pair, red when any of them is,
 * marked public when any of them is, with `bundled` set to how many it stands for. When those are
 * still more than `max`, the `max` most severe of them, in the order they came. Returns `g.edges`
 * itself when nothing is left out.
 */
export function drawnEdges(g: DiagramGraph, max: number): DiagramEdge[] {
  if (g.edges.length <= max) return g.edges;
  const hostOfNode = hostIndex(g);
  const end = (node: string) => hostOfNode.get(node) ?? node;
  const groups = new Map<string, DiagramEdge[]>();
  for (const e of g.edges) {
    const key = `${e.kind}\u0000${end(e.source)}\u0000${end(e.target)}`;
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  let out: DiagramEdge[] = [];
  for (const list of groups.values()) {
    if (list.length === 1) {
      out.push(list[0]);
      continue;
    }
    const worst = list.reduce((a, b) => (severer(a, b) > 0 ? b : a));
    out.push({ ...worst, unreachable: list.some((e) => e.unreachable), public: list.some((e) => e.public), bundled: list.length });
  }
  if (out.length > max) {
    const kept = new Set([...out].sort(severer).slice(0, Math.max(0, max)));
    out = out.filter((e) => kept.has(e));
  }
  return out;
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

/**
 * A drawn edge: a polyline (where `controls[i]` is set, the piece from `points[i]` to
 * `points[i + 1]` is a cubic curve with those control points) or a cubic curve between ports.
 */
export type EdgePath =
  | { kind: 'polyline'; points: Point[]; controls?: (readonly [Point, Point] | undefined)[] }
  | { kind: 'curve'; from: Point; c1: Point; c2: Point; to: Point };

/** A piece of a route: straight to `to`, or curved with control points `c`. */
interface Piece {
  to: Point;
  c?: readonly [Point, Point];
}

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
  // Room right of and below the grid for the traffic between regions that runs there.
  const channel = REGION_GAP / 2 + 4;
  const gridBottom = (rowY.length > 0 ? rowY[rowY.length - 1] + rowHeights[rowHeights.length - 1] : MARGIN) + channel;
  const lx = gridRight + (prepared.regions.length > 0 ? REGION_GAP : 0);
  let ly = MARGIN;
  let right = gridRight + channel;
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
  const regionOf = regionIndex(g);
  const gated = gatedRoutes(g.edges, {
    cellOf: new Map(prepared.regions.map((r, i) => [r.regionId, { col: i % cols, row: Math.floor(i / cols) }])),
    cols,
    // The middle of the gap left of a column (right of the last for `cols`), and below a row.
    channelX: (c) => (c < cols ? colX[c] - REGION_GAP / 2 : gridRight + REGION_GAP / 2),
    channelY: (r) => rowY[r] + rowHeights[r] + REGION_GAP / 2,
    regionOf,
    boxes,
    hostOf: (node) => hostOfNode.get(node) ?? node,
    anchor,
    // What a line inside a region must go around: its hosts and addresses.
    obstacles: (region) => [...g.hosts.filter((h) => h.regionId === region).map((h) => h.id), ...g.addresses.filter((a) => a.regionId === region).map((a) => a.id)],
    rows: (region) =>
      [...g.hosts, ...g.services, ...g.addresses]
        .filter((n) => regionOf.get(n.id) === region)
        .flatMap((n) => anchor(n.id, 'east')?.y ?? []),
  });
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
    const gate = gated.get(e.id);
    if (gate) {
      // Laid out from the layout source's east side to the layout target's west side (see
      // gatedRoutes), from service box to service box; drawn from the source.
      const ends = layoutEnds(e);
      let start = gate.start;
      let pieces = gate.pieces;
      if (hostOfService.has(ends.source)) {
        pieces = [{ to: start }, ...pieces];
        start = anchor(ends.source, 'east')!;
      }
      if (hostOfService.has(ends.target)) pieces = [...pieces, { to: anchor(ends.target, 'west')! }];
      if (reversed) ({ start, pieces } = reversedRoute(start, pieces));
      paths.set(e.id, routePath(start, pieces));
      continue;
    }
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

/** Room between the lanes of a gap, and around a host or address box for lines passing by. */
const LANE = 6;
const CLEAR = 10;

interface Cell {
  col: number;
  row: number;
}

interface Channels {
  cellOf: Map<string, Cell>;
  cols: number;
  channelX: (col: number) => number;
  channelY: (row: number) => number;
  regionOf: Map<string, string | undefined>;
  boxes: Map<string, Box>;
  hostOf: (node: string) => string;
  anchor: (node: string, side: 'east' | 'west') => Point | undefined;
  obstacles: (region: string) => string[];
  /** The heights in a region where lines leave or reach a node. */
  rows: (region: string) => number[];
}

/** A gap a route runs along: between columns (`x`, at channelX) or rows (`y`, at channelY). */
interface Line {
  axis: 'x' | 'y';
  at: number;
}

type Border = 'top' | 'bottom' | 'left' | 'right';

/**
 * The border a route leaves its region by, and enters the other by: the bottom and top facing each
 * other when the target region is in a later row (the top and bottom in an earlier row), the right
 * and left (or left and right) of neighbours in a row, else in the same row the bottoms of both
 * (along the gap below it). An address outside every region is reached from the bottom of the
 * source region, by the gap below its row and the one right of the grid.
 */
function gateSides(src: Cell, dst: Cell | undefined): { out: Border; in: Border } {
  if (dst && dst.row < src.row) return { out: 'top', in: 'bottom' };
  if (dst && dst.row > src.row) return { out: 'bottom', in: 'top' };
  if (dst && dst.col === src.col + 1) return { out: 'right', in: 'left' };
  if (dst && dst.col === src.col - 1) return { out: 'left', in: 'right' };
  return { out: 'bottom', in: 'bottom' };
}

/** The gap beside a border of a region's cell. */
function gapBeside(c: Cell, border: Border): Line {
  if (border === 'bottom') return { axis: 'y', at: c.row };
  if (border === 'top') return { axis: 'y', at: c.row - 1 };
  return { axis: 'x', at: border === 'right' ? c.col + 1 : c.col };
}

/**
 * Routes of the traffic between regions, in layout order (from the layout source's host border to
 * the layout target's), by edge id:
 * - inside each region, from the side of the host (east for the source, west for the target) to
 *   the region's border (see gateSides): to its top or bottom along the node's row to the first
 *   place from which the way there meets no host or address box, to a side straight along the row;
 *   where these are barred (hosts packed close), the shortest way around the boxes (RegionGrid);
 * - between the regions, a curve across the gap when the two face each other (neighbours in a
 *   column or a row), else along the gaps: the one beside the source's border, one across when
 *   needed, and the one beside the target's.
 * The lines of one node keep a lane of their own, in a gap and beside its host. An edge with no way
 * out of its region, and one from an address outside every region, are left out (drawn as curves).
 */
function gatedRoutes(edges: readonly DiagramEdge[], ch: Channels): Map<string, { start: Point; pieces: Piece[] }> {
  type Inner = { points: Point[]; key: string };
  const inner = new Map<string, Inner>();
  const grids = new Map<string, RegionGrid>();
  const obstacleBoxes = new Map<string, Box[]>();
  const obstaclesIn = (region: string): Box[] => {
    let list = obstacleBoxes.get(region);
    if (!list) obstacleBoxes.set(region, (list = ch.obstacles(region).flatMap((id) => ch.boxes.get(id) ?? [])));
    return list;
  };
  // Whether a straight line (across or along) meets a box, with room around each box.
  const blocked = (boxes: readonly Box[], x0: number, x1: number, y0: number, y1: number): boolean =>
    boxes.some((b) => Math.max(x0, x1) >= b.x - CLEAR / 2 && Math.min(x0, x1) <= b.x + b.width + CLEAR / 2 && Math.max(y0, y1) >= b.y - CLEAR / 2 && Math.min(y0, y1) <= b.y + b.height + CLEAR / 2);
  // The lanes on each side of a host: one per (node, direction, border), in the order first seen.
  const lanes = new Map<string, string[]>();
  const laneOf = (host: string, key: string) => {
    const list = lanes.get(host) ?? [];
    if (!list.includes(key)) list.push(key);
    lanes.set(host, list);
    return list.indexOf(key);
  };
  // From a node's side to the region's border (out) or back (in): along the node's row to the
  // first place from which the way to the border is free, then straight to the border.
  const gate = (node: string, region: string, dir: 'out' | 'in', border: Border): Inner | undefined => {
    const key = `${dir} ${border} ${node}`;
    const known = inner.get(key);
    if (known) return known;
    const hostId = ch.hostOf(node);
    const host = ch.boxes.get(hostId);
    const at = ch.anchor(node, dir === 'out' ? 'east' : 'west');
    const r = ch.boxes.get(region);
    if (!host || !at || !r) return undefined;
    const side = { x: dir === 'out' ? host.x + host.width : host.x, y: at.y };
    const others = obstaclesIn(region).filter((b) => b !== host);
    const sign = dir === 'out' ? 1 : -1;
    const grid = (): RegionGrid => {
      let g = grids.get(region);
      if (!g) grids.set(region, (g = new RegionGrid(obstaclesIn(region), r, ch.rows(region))));
      return g;
    };
    const keep = (way: Point[] | undefined): Inner | undefined => {
      if (!way) return undefined;
      const made = { points: dir === 'out' ? way : [...way].reverse(), key };
      inner.set(key, made);
      return made;
    };
    // The line beside the host a searched way starts from.
    const beside = { x: side.x + sign * (CLEAR / 2 + 1), y: side.y };
    if (border === 'left' || border === 'right') {
      // Straight along the row to the border the side faces, else the way around what is in it.
      const edgeX = border === 'right' ? r.x + r.width : r.x;
      if ((border === 'right') === (dir === 'out') && !blocked(others, side.x + sign, edgeX, side.y, side.y)) return keep([side, { x: edgeX, y: side.y }]);
      const found = grid().way(beside, { axis: 'x', at: edgeX });
      return keep(found && [side, ...found]);
    }
    const edgeY = border === 'bottom' ? r.y + r.height : r.y;
    const step = CLEAR / 2 + 4 + laneOf(`${dir} ${hostId}`, key) * LANE;
    // Beside the host, else beside each box further along the row; inside the region.
    const candidates = [side.x + sign * step, ...others.map((b) => (dir === 'out' ? b.x + b.width + step : b.x - step))]
      .map((x) => Math.min(r.x + r.width - 2, Math.max(r.x + 2, x)))
      .filter((x) => sign * (x - side.x) > 0)
      .sort((p, q) => sign * (p - q));
    let x: number | undefined;
    for (const c of candidates) {
      if (blocked(others, side.x + sign, c, side.y, side.y)) break;
      if (!blocked(others, c, c, side.y, edgeY)) {
        x = c;
        break;
      }
    }
    if (x !== undefined) return keep([side, { x, y: side.y }, { x, y: edgeY }]);
    // Boxed in along its row (hosts packed close): the shortest way with few turns.
    const found = grid().way(beside, { axis: 'y', at: edgeY });
    return keep(found && [side, ...found]);
  };

  type Leg = { line: Line; by: string };
  const plans: { edge: string; out: Inner; into: Point[]; legs: Leg[]; curve: boolean }[] = [];
  for (const e of edges) {
    const { source, target } = layoutEnds(e);
    const from = ch.regionOf.get(source);
    const to = ch.regionOf.get(target);
    if (from === undefined || from === to) continue;
    const src = ch.cellOf.get(from);
    const dst = to === undefined ? undefined : ch.cellOf.get(to);
    if (!src || (to !== undefined && !dst)) continue;
    const sides = gateSides(src, dst);
    const out = gate(source, from, 'out', sides.out);
    let into: Inner | undefined;
    if (to === undefined) {
      const west = ch.anchor(target, 'west');
      if (west) into = { points: [west], key: `in ${target}` };
    } else into = gate(target, to, 'in', sides.in);
    if (!out || !into) continue;
    const first = gapBeside(src, sides.out);
    const last: Line = dst ? gapBeside(dst, sides.in) : { axis: 'x', at: ch.cols };
    const legs: Leg[] = [{ line: first, by: out.key }];
    if (first.axis === 'y' && last.axis === 'y' && last.at !== first.at) {
      // Along the gap between two columns to another row's gap: beside the source's column, on the
      // side of the target's.
      legs.push({ line: { axis: 'x', at: dst!.col < src.col ? src.col : src.col + 1 }, by: out.key });
    }
    if (last.axis !== first.axis || last.at !== first.at) legs.push({ line: last, by: into.key });
    // Neighbours facing each other across a gap.
    const curve = first.axis === last.axis && first.at === last.at && (first.axis === 'x' || dst!.col === src.col);
    plans.push({ edge: e.id, out, into: into.points, legs, curve });
  }
  // Each line's users, numbered in the order first seen.
  const users = new Map<number, Map<string, number>>();
  // Lines by number: the gaps between columns, then those between rows.
  const lineKey = (l: Line) => (l.axis === 'x' ? l.at : 1_000_000 + l.at);
  for (const p of plans) {
    if (p.curve) continue;
    for (const l of p.legs) {
      let u = users.get(lineKey(l.line));
      if (!u) users.set(lineKey(l.line), (u = new Map()));
      if (!u.has(l.by)) u.set(l.by, u.size);
    }
  }
  const coord = (l: Leg): number => {
    const u = users.get(lineKey(l.line))!;
    const room = REGION_GAP / 2 - LANE;
    const lane = Math.max(-room, Math.min(room, (u.get(l.by)! - (u.size - 1) / 2) * LANE));
    return (l.line.axis === 'x' ? ch.channelX(l.line.at) : ch.channelY(l.line.at)) + lane;
  };
  const out = new Map<string, { start: Point; pieces: Piece[] }>();
  const straight = (pts: readonly Point[]): Piece[] => pts.map((to) => ({ to }));
  for (const p of plans) {
    const P = p.out.points[p.out.points.length - 1];
    const Q = p.into[0];
    const head = straight(p.out.points.slice(1));
    const tail = straight(p.into.slice(1));
    if (p.curve) {
      // From one border to the other, square to both: it stays inside the gap between them.
      const across = p.legs[0].line.axis === 'x';
      const mid = across ? (P.x + Q.x) / 2 : (P.y + Q.y) / 2;
      const c: [Point, Point] = across ? [{ x: mid, y: P.y }, { x: mid, y: Q.y }] : [{ x: P.x, y: mid }, { x: Q.x, y: mid }];
      out.set(p.edge, { start: p.out.points[0], pieces: [...head, { to: Q, c }, ...tail] });
      continue;
    }
    const at = p.legs.map(coord);
    // Onto the first gap, from gap to gap where they cross, off the last gap.
    const onto = (q: Point, k: number): Point => (p.legs[k].line.axis === 'x' ? { x: at[k], y: q.y } : { x: q.x, y: at[k] });
    const mid: Point[] = [onto(P, 0)];
    for (let k = 1; k < p.legs.length; k++) mid.push(p.legs[k].line.axis === 'x' ? { x: at[k], y: at[k - 1] } : { x: at[k - 1], y: at[k] });
    mid.push(onto(Q, p.legs.length - 1));
    out.set(p.edge, { start: p.out.points[0], pieces: [...head, ...straight(mid), { to: Q }, ...tail] });
  }
  return out;
}

/** What a turn costs a way through a region, in pixels of length. */
const TURN = 40;

/**
 * Ways through a region around its boxes (hosts, addresses; each with CLEAR / 2 of room), along the
 * lines just beside their edges: a grid built once per region, searched once per way.
 */
class RegionGrid {
  private readonly xs: number[];
  private readonly ys: number[];
  /** Whether each grid point lies outside every box. */
  private readonly open: Uint8Array;
  /** Per point, whether the piece to the next point right (bit 0) and down (bit 1) is known (bits 2, 3) to be clear. */
  private readonly pieces: Uint8Array;
  // The search's state, kept from one way to the next: a distance counts in the search whose
  // number it bears.
  private readonly dist: Float64Array;
  private readonly prev: Int32Array;
  private readonly seen: Uint32Array;
  private readonly closed: Uint32Array;
  private search = 0;
  private readonly heap = new MinHeap();

  /** `rows`: the heights ways start at (the rows of services and hosts' headers). */
  constructor(
    private readonly boxes: readonly Box[],
    r: Box,
    rows: readonly number[],
  ) {
    const m = CLEAR / 2 + 1;
    const lines = (vs: number[], lo: number, hi: number) => [...new Set(vs.map(snap))].filter((v) => v >= lo && v <= hi).sort((p, q) => p - q);
    this.xs = lines([r.x, r.x + 4, r.x + r.width - 4, r.x + r.width, ...boxes.flatMap((b) => [b.x - m, b.x + b.width + m])], r.x, r.x + r.width);
    this.ys = lines([r.y, r.y + r.height, ...rows, ...boxes.flatMap((b) => [b.y - m, b.y + b.height + m])], r.y, r.y + r.height);
    this.open = new Uint8Array(this.xs.length * this.ys.length);
    this.pieces = new Uint8Array(this.open.length);
    this.dist = new Float64Array(this.open.length * 2);
    this.prev = new Int32Array(this.open.length * 2);
    this.seen = new Uint32Array(this.open.length * 2);
    this.closed = new Uint32Array(this.open.length * 2);
    for (let j = 0; j < this.ys.length; j++) for (let i = 0; i < this.xs.length; i++) this.open[j * this.xs.length + i] = this.inBox(this.xs[i], this.ys[j]) ? 0 : 1;
  }

  private inBox(x: number, y: number): boolean {
    return this.boxes.some((b) => x > b.x - CLEAR / 2 && x < b.x + b.width + CLEAR / 2 && y > b.y - CLEAR / 2 && y < b.y + b.height + CLEAR / 2);
  }

  /**
   * Whether the piece from point `k` to its neighbour right (`down` false) or below is clear: both
   * ends are, and its middle (a box between two neighbouring lines would have its own lines between them).
   */
  private clear(k: number, down: boolean): boolean {
    const known = down ? 8 : 4;
    const value = down ? 2 : 1;
    const f = this.pieces[k];
    if (f & known) return (f & value) !== 0;
    const W = this.xs.length;
    const other = down ? k + W : k + 1;
    const x = (this.xs[k % W] + this.xs[other % W]) / 2;
    const y = (this.ys[Math.floor(k / W)] + this.ys[Math.floor(other / W)]) / 2;
    const ok = this.open[k] === 1 && this.open[other] === 1 && !this.inBox(x, y);
    this.pieces[k] = f | known | (ok ? value : 0);
    return ok;
  }

  /**
   * The shortest way (length plus TURN per turn) from `from` — a point on the grid, left across —
   * to a border of the region (`y = at` for its top or bottom, `x = at` for a side): the points
   * where it turns, `from` first, the point on the border last; undefined when there is none.
   */
  way(from: Point, to: { axis: 'x' | 'y'; at: number }): Point[] | undefined {
    const W = this.xs.length;
    const c0 = this.xs.indexOf(snap(from.x));
    const r0 = this.ys.indexOf(snap(from.y));
    const goal = (to.axis === 'y' ? this.ys : this.xs).indexOf(snap(to.at));
    if (c0 < 0 || r0 < 0 || goal < 0 || this.open[r0 * W + c0] === 0) return undefined;
    const byY = to.axis === 'y';
    // A* over (point, direction of the last piece: 0 across, 1 up or down), guided by the distance
    // left to the border.
    const { dist, prev, seen, closed, heap } = this;
    const search = ++this.search;
    const distOf = (st: number) => (seen[st] === search ? dist[st] : Infinity);
    const start = (r0 * W + c0) * 2;
    seen[start] = search;
    dist[start] = 0;
    prev[start] = -1;
    const goalAt = byY ? this.ys[goal] : this.xs[goal];
    const left = (k: number) => Math.abs((byY ? this.ys[Math.floor(k / W)] : this.xs[k % W]) - goalAt);
    heap.clear();
    heap.push(left(r0 * W + c0), start);
    while (heap.size > 0) {
      const state = heap.pop();
      // Each state once: the distance left never overstates what is left, so the first time is by
      // the shortest way.
      if (closed[state] === search) continue;
      closed[state] = search;
      const d = distOf(state);
      const k = state >> 1;
      const row = Math.floor(k / W);
      const col = k % W;
      if ((byY ? row : col) === goal) {
        const out: Point[] = [];
        for (let st = state; st >= 0; st = prev[st]) {
          const p = { x: this.xs[(st >> 1) % W], y: this.ys[Math.floor((st >> 1) / W)] };
          // Only where the way turns.
          if (out.length >= 2) {
            const [q1, q2] = [out[out.length - 1], out[out.length - 2]];
            if ((q1.x === q2.x && q1.x === p.x) || (q1.y === q2.y && q1.y === p.y)) out.pop();
          }
          out.push(p);
        }
        return out.reverse();
      }
      const step = (next: number, axis: number, ok: boolean) => {
        if (!ok) return;
        const length = Math.abs(this.xs[next % W] - this.xs[col]) + Math.abs(this.ys[Math.floor(next / W)] - this.ys[row]);
        const cost = d + length + (axis !== (state & 1) ? TURN : 0);
        const key = next * 2 + axis;
        if (cost < distOf(key)) {
          seen[key] = search;
          dist[key] = cost;
          prev[key] = state;
          heap.push(cost + left(next), key);
        }
      };
      if (col + 1 < W) step(k + 1, 0, this.clear(k, false));
      if (col > 0) step(k - 1, 0, this.clear(k - 1, false));
      if (row + 1 < this.ys.length) step(k + W, 1, this.clear(k, true));
      if (row > 0) step(k - W, 1, this.clear(k - W, true));
    }
    return undefined;
  }
}

/** Coordinates to half pixels, so that the same line is found again. */
const snap = (v: number) => Math.round(v * 2) / 2;

/** A binary min-heap of values by priority. */
class MinHeap {
  private readonly priorities: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  clear(): void {
    this.priorities.length = 0;
    this.values.length = 0;
  }

  push(priority: number, value: number): void {
    const p = this.priorities;
    const v = this.values;
    let i = v.length;
    p.push(priority);
    v.push(value);
    while (i > 0) {
      const j = (i - 1) >> 1;
      if (p[j] <= priority) break;
      p[i] = p[j];
      v[i] = v[j];
      i = j;
    }
    p[i] = priority;
    v[i] = value;
  }

  /** The value of least priority, taken out (the heap must not be empty). */
  pop(): number {
    const p = this.priorities;
    const v = this.values;
    const top = v[0];
    const lastP = p.pop()!;
    const lastV = v.pop()!;
    const n = v.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const k = l + 1 < n && p[l + 1] < p[l] ? l + 1 : l;
        if (p[k] >= lastP) break;
        p[i] = p[k];
        v[i] = v[k];
        i = k;
      }
      p[i] = lastP;
      v[i] = lastV;
    }
    return top;
  }
}

/** A route run the other way: the same pieces backwards, each curve with its control points swapped. */
function reversedRoute(start: Point, pieces: readonly Piece[]): { start: Point; pieces: Piece[] } {
  const points = [start, ...pieces.map((p) => p.to)];
  const n = pieces.length;
  const out: Piece[] = [];
  for (let k = 0; k < n; k++) {
    const c = pieces[n - 1 - k].c;
    out.push(c ? { to: points[n - 1 - k], c: [c[1], c[0]] } : { to: points[n - 1 - k] });
  }
  return { start: points[n], pieces: out };
}

/** The path of a route, without straight pieces that go nowhere. */
function routePath(start: Point, pieces: readonly Piece[]): EdgePath {
  const points = [start];
  const controls: (readonly [Point, Point] | undefined)[] = [];
  for (const p of pieces) {
    const last = points[points.length - 1];
    if (!p.c && last.x === p.to.x && last.y === p.to.y) continue;
    points.push(p.to);
    controls.push(p.c);
  }
  return controls.some((c) => c) ? { kind: 'polyline', points, controls } : { kind: 'polyline', points };
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
  if (p.kind === 'polyline') {
    return p.points
      .map((q, i) => {
        const c = i > 0 ? p.controls?.[i - 1] : undefined;
        return i === 0 ? `M${f(q.x)},${f(q.y)}` : c ? `C${f(c[0].x)},${f(c[0].y)} ${f(c[1].x)},${f(c[1].y)} ${f(q.x)},${f(q.y)}` : `L${f(q.x)},${f(q.y)}`;
      })
      .join(' ');
  }
  return `M${f(p.from.x)},${f(p.from.y)} C${f(p.c1.x)},${f(p.c1.y)} ${f(p.c2.x)},${f(p.c2.y)} ${f(p.to.x)},${f(p.to.y)}`;
}
