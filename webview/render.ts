import type {
  DiagramEdge,
  DiagramGraph,
  DiagramProblem,
  SeverityCounts,
  SourceLocation,
} from '../src/core/diagram/graph';
import { GEOMETRY, pathData, regionLanLabel, serviceLabel, type Box, type LaidOut } from '../src/core/diagram/elkInput';
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
 * hosts, edges, services and addresses, so edges run over host backgrounds but under service boxes.
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
  const hostsLayer = layer('hosts');
  const edgesLayer = layer('edges');
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
    const d = pathData(p);
    g.appendChild(el('path', { d, class: 'hit' }));
    g.appendChild(el('path', { d, class: 'line', 'marker-end': e.unreachable ? 'url(#arrow-unreachable)' : 'url(#arrow)' }));
    g.appendChild(title(edgeTitle(e, labelOf, s)));
    const target: ClickTarget = { definition: e.location, problem: e.problems[0] };
    locate(g, target);
    targets.set(e.id, target);
    edgesLayer.appendChild(g);
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

function edgeTitle(e: DiagramEdge, labelOf: Map<string, string>, s: DiagramStrings): string[] {
  const from = labelOf.get(e.source) ?? e.source;
  const to = labelOf.get(e.target) ?? e.target;
  const addr = e.address !== undefined ? ` (${e.address}${e.port !== undefined ? `:${e.port}` : ''})` : '';
  const lines = [`${s.edges[e.kind]}${e.share ? ` ${e.share}` : ''}: ${from} → ${to}${addr}`];
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
