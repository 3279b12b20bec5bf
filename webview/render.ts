import type {
  DiagramEdge,
  DiagramGraph,
  DiagramProblem,
  SeverityCounts,
  SourceLocation,
} from '../src/core/diagram/graph';
import { GEOMETRY, pathData, regionLanLabel, serviceLabel, type Box, type EdgePath, type LaidOut, type Point } from '../src/core/diagram/elkInput';
import { countText, severityCountLines } from '../src/shared/counts';
import type { DiagramStrings } from '../src/shared/diagramProtocol';
import { kindIcon, svgElement as el } from './icons';

/** What a click on a diagram element opens. */
export interface ClickTarget {
  /** The definition in the topology (or where an edge's address is written). */
  definition: SourceLocation;
  /** The most severe diagnostic, opened by a plain click when there is one. */
  problem?: DiagramProblem;
}

export interface RenderInput {
  graph: DiagramGraph;
  laid: LaidOut;
  strings: DiagramStrings;
}

function text(x: number, y: number, cls: string, content: string): SVGElement {
  const t = el('text', { x, y, class: cls });
  t.textContent = content;
  return t;
}

function title(lines: string[]): SVGElement {
  const t = el('title', {});
  t.textContent = lines.filter((l) => l !== '').join('\n');
  return t;
}

function rect(b: Box, cls: string, rx: number): SVGElement {
  return el('rect', { x: b.x, y: b.y, width: Math.max(0, b.width), height: Math.max(0, b.height), rx, class: cls });
}

/** Severity pills, right-aligned so that the last ends at `right`; returns the left edge. */
function badges(parent: SVGElement, c: SeverityCounts, right: number, y: number, s: DiagramStrings): number {
  const items: [string, number, string][] = [];
  if (c.error) items.push(['error', c.error, countText(s.errors, c.error)]);
  if (c.warning) items.push(['warning', c.warning, countText(s.warnings, c.warning)]);
  if (c.info + c.hint) items.push(['info', c.info + c.hint, countText(s.infos, c.info + c.hint)]);
  let x = right;
  for (const [sev, n, tip] of items.reverse()) {
    const w = GEOMETRY.badgeWidth - 4;
    x -= w;
    const g = el('g', { class: `badge ${sev}` });
    g.appendChild(el('rect', { x, y, width: w, height: 14, rx: 7 }));
    g.appendChild(text(x + w / 2, y + 10.5, '', n > 99 ? '99+' : String(n)));
    g.appendChild(title([tip]));
    parent.appendChild(g);
    x -= 4;
  }
  return x;
}

function problemLines(problems: DiagramProblem[], max = 8): string[] {
  const lines = problems.slice(0, max).map((p) => `• [${p.rule}] ${p.message}`);
  if (problems.length > max) lines.push('…');
  return lines;
}

function locate(g: SVGElement, target: ClickTarget): void {
  const open = target.problem ?? target.definition;
  g.setAttribute('data-open-file', open.file);
  g.setAttribute('data-open-line', String(open.range.start.line + 1));
  g.setAttribute('tabindex', '0');
  g.setAttribute('role', 'button');
}

/**
 * Draws the laid-out graph into `root` (which is emptied first). Layers from bottom to top: regions,
 * edges, hosts, the ends of edges inside hosts, services and addresses. Hosts and services are
 * opaque and drawn over the edges, so no edge crosses a name, an address or a badge: an edge that
 * passes a host goes behind it. Inside a host, where an edge reaches a service row from the host's
 * border (and the edges between two services of one host), the edge is drawn over the host's
 * background. A region's name, LAN and badges are kept clear of the edges that cross its header.
 * Returns what each clickable element opens, by element id.
 */
export function renderDiagram(root: SVGElement, input: RenderInput): Map<string, ClickTarget> {
  const { graph, laid, strings: s } = input;
  while (root.firstChild) root.removeChild(root.firstChild);
  const targets = new Map<string, ClickTarget>();
  const layer = (name: string) => {
    const g = el('g', { class: `layer layer-${name}` });
    root.appendChild(g);
    return g;
  };
  const regionsLayer = layer('regions');
  const edgesLayer = layer('edges');
  const hostsLayer = layer('hosts');
  const edgeEndsLayer = layer('edge-ends');
  const servicesLayer = layer('services');

  const G = GEOMETRY;
  for (const r of graph.regions) {
    const b = laid.boxes.get(r.id);
    if (!b) continue;
    const g = el('g', { id: r.id, class: 'node region', 'data-region': r.region });
    g.appendChild(rect(b, 'box', 8));
    g.appendChild(text(b.x + G.regionPad, b.y + 20, 'name', r.name));
    g.appendChild(text(b.x + G.regionPad, b.y + 36, 'lan muted', regionLanLabel(r.lan).replace(/^LAN/, s.lan)));
    badges(g, r.counts, b.x + b.width - G.regionPad, b.y + 9, s);
    const target: ClickTarget = { definition: r.location };
    g.appendChild(title([`${r.name} (${r.region})`, `${s.lan} ${r.lan.join(', ')}`, ...severityCountLines(r.counts, s), s.clickToOpen]));
    locate(g, target);
    targets.set(r.id, target);
    regionsLayer.appendChild(g);
  }
  clipAroundRegionTitles(root, regionsLayer, edgesLayer);

  for (const h of graph.hosts) {
    const b = laid.boxes.get(h.id);
    if (!b) continue;
    const g = el('g', {
      id: h.id,
      class: 'node host',
      'data-host': h.host,
      'data-errors': h.counts.error,
      'data-warnings': h.counts.warning,
    });
    g.appendChild(rect(b, 'box', 5));
    const x = b.x + G.hostPad;
    let y = b.y + G.hostPad + 12;
    g.appendChild(text(x, y, 'name', h.host));
    badges(g, h.counts, b.x + b.width - G.hostPad + 4, b.y + 7, s);
    for (const [label, ip] of [
      [s.internal, h.internal],
      [s.external, h.external],
    ] as const) {
      if (ip === undefined) continue;
      y += G.hostHeaderLine;
      const t = el('text', { x, y, class: 'ip' });
      const tl = el('tspan', { class: 'muted' });
      tl.textContent = `${label} `;
      t.appendChild(tl);
      t.appendChild(document.createTextNode(ip));
      g.appendChild(t);
    }
    const target: ClickTarget = { definition: h.location, problem: h.problems[0] };
    g.appendChild(
      title([
        h.host,
        h.internal !== undefined ? `${s.internal} ${h.internal}` : '',
        h.external !== undefined ? `${s.external} ${h.external}` : '',
        ...severityCountLines(h.counts, s),
        h.problems.length > 0 ? s.hostCountsScope : '',
        ...problemLines(h.problems),
        s.clickToOpen,
      ]),
    );
    locate(g, target);
    targets.set(h.id, target);
    hostsLayer.appendChild(g);
  }

  const labelOf = new Map<string, string>();
  for (const h of graph.hosts) labelOf.set(h.id, h.host);
  for (const sv of graph.services) labelOf.set(sv.id, `${sv.service}@${sv.host}`);
  for (const a of graph.addresses) labelOf.set(a.id, a.address);

  const hostOfService = new Map(graph.services.map((sv) => [sv.id, sv.hostId]));
  const hostOf = (node: string) => hostOfService.get(node) ?? node;
  // Red edges last, so they are drawn on top.
  const ordered = [...graph.edges].sort((a, b) => Number(a.unreachable) - Number(b.unreachable));
  for (const e of ordered) {
    const p = laid.paths.get(e.id);
    if (!p) continue;
    const cls = ['edge', `kind-${e.kind}`];
    if (e.public) cls.push('public');
    if (e.unreachable) cls.push('unreachable');
    const g = el('g', {
      id: e.id,
      class: cls.join(' '),
      'data-unreachable': String(e.unreachable),
      'data-public': String(e.public),
      'data-source': e.source,
      'data-target': e.target,
    });
    const marker = e.unreachable ? 'url(#arrow-unreachable)' : 'url(#arrow)';
    // Between two services of one host: all of it inside the host, over its background.
    const inside = hostOfService.has(e.source) && hostOf(e.source) === hostOf(e.target);
    // The pieces between the host's border and a service row, drawn over the host (the arrow with them).
    const ends = inside ? [] : edgeEnds(p, e, hostOfService, laid);
    const d = pathData(p);
    g.appendChild(el('path', { d, class: 'hit' }));
    const line = el('path', { d, class: 'line' });
    if (!ends.some((x) => x.target)) line.setAttribute('marker-end', marker);
    g.appendChild(line);
    g.appendChild(title(edgeTitle(e, labelOf, s)));
    const target: ClickTarget = { definition: e.location, problem: e.problems[0] };
    locate(g, target);
    targets.set(e.id, target);
    (inside ? edgeEndsLayer : edgesLayer).appendChild(g);
    for (const end of ends) {
      const stub = el('g', { class: ['edge-end', ...cls.slice(1)].join(' '), 'data-edge': e.id });
      const piece = el('path', { d: `M${end.from.x},${end.from.y} L${end.to.x},${end.to.y}`, class: 'line' });
      if (end.target) piece.setAttribute('marker-end', marker);
      stub.appendChild(piece);
      edgeEndsLayer.appendChild(stub);
    }
  }

  for (const sv of graph.services) {
    const b = laid.boxes.get(sv.id);
    if (!b) continue;
    const g = el('g', {
      id: sv.id,
      class: `node service kind-${sv.kind}${sv.undefinedService ? ' undefined' : ''}`,
      'data-service': sv.service,
      'data-host': sv.host,
      'data-kind': sv.kind,
      'data-errors': sv.counts.error,
      'data-warnings': sv.counts.warning,
    });
    g.appendChild(rect(b, 'box', 4));
    g.appendChild(kindIcon(sv.kind, b.x + G.servicePadX, b.y + (b.height - G.iconSize) / 2));
    g.appendChild(text(b.x + G.servicePadX + G.iconSize + 6, b.y + b.height / 2 + 4, 'label', serviceLabel(sv)));
    badges(g, sv.counts, b.x + b.width - 4, b.y + 6, s);
    const target: ClickTarget = { definition: sv.location, problem: sv.problems[0] };
    g.appendChild(
      title([
        `${sv.service} — ${s.kinds[sv.kind]}${sv.port !== undefined ? ` :${sv.port}` : ''}`,
        sv.undefinedService ? s.undefinedService : '',
        ...severityCountLines(sv.counts, s),
        ...problemLines(sv.problems),
        s.clickToOpen,
      ]),
    );
    locate(g, target);
    targets.set(sv.id, target);
    servicesLayer.appendChild(g);
  }
  for (const a of graph.addresses) {
    const b = laid.boxes.get(a.id);
    if (!b) continue;
    const g = el('g', { id: a.id, class: 'node address', 'data-address': a.address });
    g.appendChild(rect(b, 'box', 4));
    g.appendChild(kindIcon('address', b.x + G.servicePadX, b.y + (b.height - G.iconSize) / 2));
    g.appendChild(text(b.x + G.servicePadX + G.iconSize + 6, b.y + b.height / 2 + 4, 'label', a.address));
    const target: ClickTarget = { definition: a.location };
    g.appendChild(title([a.address, s.unknownAddress, s.clickToOpen]));
    locate(g, target);
    targets.set(a.id, target);
    servicesLayer.appendChild(g);
  }
  return targets;
}

/**
 * Clips the edges out of the places where a region writes its name and LAN and shows its badges, so
 * an edge crossing a region's header passes behind them (regions lie under the edges). Measured on
 * the drawn text; nothing is clipped while the diagram is not displayed.
 */
function clipAroundRegionTitles(root: SVGElement, regionsLayer: SVGElement, edgesLayer: SVGElement): void {
  const holes: Box[] = [];
  const union = (els: Iterable<Element>): Box | undefined => {
    let box: Box | undefined;
    for (const e of els) {
      let b: DOMRect;
      try {
        b = (e as SVGGraphicsElement).getBBox();
      } catch {
        continue;
      }
      if (b.width === 0 || b.height === 0) continue;
      if (!box) box = { x: b.x, y: b.y, width: b.width, height: b.height };
      else {
        const x = Math.min(box.x, b.x);
        const y = Math.min(box.y, b.y);
        box = { x, y, width: Math.max(box.x + box.width, b.x + b.width) - x, height: Math.max(box.y + box.height, b.y + b.height) - y };
      }
    }
    return box;
  };
  for (const g of Array.from(regionsLayer.querySelectorAll(':scope > g.region'))) {
    for (const part of [g.querySelectorAll(':scope > text'), g.querySelectorAll(':scope > g.badge')]) {
      const b = union(Array.from(part));
      if (b) holes.push({ x: b.x - 3, y: b.y - 2, width: b.width + 6, height: b.height + 4 });
    }
  }
  if (holes.length === 0) return;
  const f = (n: number) => Math.round(n * 10) / 10;
  const far = 1e6;
  const d = [`M${-far},${-far} H${far} V${far} H${-far} Z`, ...holes.map((h) => `M${f(h.x)},${f(h.y)} h${f(h.width)} v${f(h.height)} h${f(-h.width)} Z`)].join(' ');
  const clip = el('clipPath', { id: 'edge-clip', clipPathUnits: 'userSpaceOnUse' });
  clip.appendChild(el('path', { d, 'clip-rule': 'evenodd' }));
  const defs = el('defs', {});
  defs.appendChild(clip);
  root.insertBefore(defs, root.firstChild);
  edgesLayer.setAttribute('clip-path', 'url(#edge-clip)');
}

/**
 * The straight pieces of an edge between the border of a host and a service row inside it, at
 * each end that is a service: from the border to the service box (where the path starts or ends).
 */
function edgeEnds(
  p: EdgePath,
  e: DiagramEdge,
  hostOfService: Map<string, string>,
  laid: LaidOut,
): { from: Point; to: Point; target: boolean }[] {
  const first = p.kind === 'polyline' ? p.points[0] : p.from;
  const last = p.kind === 'polyline' ? p.points[p.points.length - 1] : p.to;
  const out: { from: Point; to: Point; target: boolean }[] = [];
  for (const [node, at, target] of [
    [e.source, first, false],
    [e.target, last, true],
  ] as const) {
    const host = laid.boxes.get(hostOfService.get(node) ?? '');
    const box = laid.boxes.get(node);
    if (!host || !box || !at) continue;
    const east = Math.abs(at.x - (box.x + box.width)) < Math.abs(at.x - box.x);
    const border = { x: east ? host.x + host.width : host.x, y: at.y };
    out.push(target ? { from: border, to: at, target } : { from: at, to: border, target });
  }
  return out;
}

function edgeTitle(e: DiagramEdge, labelOf: Map<string, string>, s: DiagramStrings): string[] {
  const from = labelOf.get(e.source) ?? e.source;
  const to = labelOf.get(e.target) ?? e.target;
  const addr = e.address !== undefined ? ` (${e.address}${e.port !== undefined ? `:${e.port}` : ''})` : '';
  const lines = [`${s.edges[e.kind]}${e.share ? ` ${e.share}` : ''}: ${from} → ${to}${addr}`];
  if (e.bundled && s.bundledEdge) lines.push(s.bundledEdge.replace('{0}', e.bundled.toLocaleString()));
  if (e.public) lines.push(s.publicInternet);
  if (e.unreachable) lines.push(s.unreachable);
  lines.push(...problemLines(e.problems));
  lines.push(s.clickToOpen);
  return lines;
}

/** Arrow markers referenced by edges. */
export function markerDefs(): SVGElement {
  const defs = el('defs', {});
  for (const [id, cls] of [
    ['arrow', 'arrow'],
    ['arrow-unreachable', 'arrow unreachable'],
  ]) {
    const m = el('marker', {
      id,
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      markerUnits: 'userSpaceOnUse',
      orient: 'auto-start-reverse',
    });
    m.appendChild(el('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
    defs.appendChild(m);
  }
  return defs;
}
