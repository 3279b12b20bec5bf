import type { ServiceKind } from '../topology/model';
import type { DiagramGraph, EdgeKind, SeverityCounts } from './graph';

/**
 * The layout input for ELK (layered, compound nodes: regions contain hosts, hosts contain
 * services) and the reading of its result. Node sizes come from a text measure so the webview can
 * pass the real font metrics; the default estimate keeps this module usable in Node (tests, bench).
 * Coordinates of the result are absolute (`elk.json.shapeCoords`/`edgeCoords` = ROOT).
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
  direction?: 'RIGHT' | 'DOWN';
}

export interface ElkInputNode {
  id: string;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  children?: ElkInputNode[];
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

/** Geometry constants shared with the renderer. */
export const GEOMETRY = {
  serviceHeight: 26,
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
    w += cp > 0x2e80 ? size : cp >= 0x30 && cp <= 0x39 ? size * 0.56 : size * 0.6;
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

/** The part of the graph a filter leaves visible. */
export function visibleGraph(graph: DiagramGraph, opts: ElkInputOptions = {}): DiagramGraph {
  const hiddenRegions = new Set((opts.hiddenRegions ?? []).map(String));
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
  // Drop address nodes nothing points at any more.
  const used = new Set(edges.flatMap((e) => [e.source, e.target]));
  return { ...graph, regions, hosts, services, addresses: addresses.filter((a) => used.has(a.id)), edges };
}

/** Builds the ELK graph of the visible part of `graph`. */
export function buildElkInput(graph: DiagramGraph, opts: ElkInputOptions = {}): ElkInputGraph {
  const g = visibleGraph(graph, opts);
  const m = opts.measure ?? estimateWidth;
  const G = GEOMETRY;
  const pad = (top: number, side: number) => `[top=${top},left=${side},bottom=${side},right=${side}]`;

  const servicesByHost = new Map<string, ElkInputNode[]>();
  for (const s of g.services) {
    const w =
      G.servicePadX * 2 + G.iconSize + 6 + m(serviceLabel(s), 'label') + badgeCount(s.counts) * G.badgeWidth;
    const list = servicesByHost.get(s.hostId) ?? [];
    list.push({ id: s.id, width: Math.ceil(w), height: G.serviceHeight });
    servicesByHost.set(s.hostId, list);
  }
  const addressNode = (id: string, address: string): ElkInputNode => ({
    id,
    width: Math.ceil(G.servicePadX * 2 + G.iconSize + 6 + m(address, 'label')),
    height: G.serviceHeight,
  });

  const hostHeader = (lines: number) => G.hostPad + lines * G.hostHeaderLine + 4;
  const regionChildren = new Map<string, ElkInputNode[]>();
  for (const h of g.hosts) {
    const lines = [h.internal, h.external].filter((x) => x !== undefined).length + 1;
    const header = hostHeader(lines);
    const minW = Math.ceil(
      Math.max(
        m(h.host, 'title') + badgeCount(h.counts) * G.badgeWidth + 8,
        ...[h.internal, h.external].filter((x): x is string => x !== undefined).map((ip) => m(`${ip} (int)`, 'small')),
      ) +
        2 * G.hostPad,
    );
    const children = servicesByHost.get(h.id) ?? [];
    const node: ElkInputNode =
      children.length > 0
        ? {
            id: h.id,
            children,
            layoutOptions: {
              'elk.padding': pad(header, G.hostPad),
              'elk.nodeSize.constraints': 'MINIMUM_SIZE',
              'elk.nodeSize.minimum': `(${minW},${header + G.hostPad})`,
              'elk.spacing.nodeNode': '8',
            },
          }
        : { id: h.id, width: minW, height: header + G.hostPad };
    const list = regionChildren.get(h.regionId) ?? [];
    list.push(node);
    regionChildren.set(h.regionId, list);
  }
  const topLevel: ElkInputNode[] = [];
  for (const a of g.addresses) {
    const node = addressNode(a.id, a.address);
    if (a.regionId === undefined) {
      topLevel.push(node);
      continue;
    }
    const list = regionChildren.get(a.regionId) ?? [];
    list.push(node);
    regionChildren.set(a.regionId, list);
  }
  const regions: ElkInputNode[] = g.regions.map((r) => {
    const minW = Math.ceil(Math.max(m(r.name, 'title') + badgeCount(r.counts) * G.badgeWidth + 8, m(regionLanLabel(r.lan), 'small')) + 2 * G.regionPad);
    const children = regionChildren.get(r.id) ?? [];
    return {
      id: r.id,
      children,
      layoutOptions: {
        'elk.padding': pad(G.regionHeader, G.regionPad),
        'elk.nodeSize.constraints': 'MINIMUM_SIZE',
        'elk.nodeSize.minimum': `(${minW},${G.regionHeader + G.regionPad})`,
        'elk.spacing.nodeNode': '16',
      },
    };
  });

  return {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': opts.direction ?? 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.layered.spacing.nodeNodeBetweenLayers': '40',
      'elk.layered.spacing.edgeNodeBetweenLayers': '16',
      'elk.spacing.nodeNode': '24',
      'elk.spacing.edgeEdge': '8',
      'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
      'elk.json.shapeCoords': 'ROOT',
      'elk.json.edgeCoords': 'ROOT',
    },
    children: [...regions, ...topLevel],
    edges: g.edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  };
}

/** What ELK returns, as far as the renderer reads it. */
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

export interface LaidOut {
  width: number;
  height: number;
  /** Absolute boxes by node id. */
  boxes: Map<string, Box>;
  /** Polyline points of each edge by edge id. */
  routes: Map<string, Point[]>;
}

/** Reads ELK's result (absolute coordinates, as requested by buildElkInput). */
export function readLayout(root: ElkResultNode): LaidOut {
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
  visit(root);
  return { width: root.width ?? 0, height: root.height ?? 0, boxes, routes };
}
