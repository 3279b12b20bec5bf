// The topology diagram webview: receives the diagram graph from the extension, lays it out with ELK
// (the bundled build, no worker), draws it as SVG, and sends back clicks and exports.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { DiagramGraph, EdgeKind, SourceLocation } from '../src/core/diagram/graph';
import { GEOMETRY, prepareLayout, runLayout, type ElkLike, type LaidOut, type Measure } from '../src/core/diagram/elkInput';
import type { ServiceKind } from '../src/core/topology/model';
import {
  graphFromJson,
  parseExtensionMessage,
  type DiagramStrings,
  type ExportParams,
  type ExportResult,
  type WebviewToExtension,
} from '../src/shared/diagramProtocol';
import { markerDefs, renderDiagram, type ClickTarget } from './render';
import { resolveVariables, SVG_CSS } from './svgStyle';

interface VsCodeApi<S> {
  postMessage(message: WebviewToExtension): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

interface View {
  x: number;
  y: number;
  k: number;
  /** Set by Fit: the view follows size changes until the user zooms or pans. */
  fitted?: boolean;
}

/** What survives hide/show and a window reload (through the panel serializer). */
interface SavedState {
  view?: View;
  hiddenRegions: string[];
  hiddenKinds: ServiceKind[];
  hiddenEdgeKinds: EdgeKind[];
  revision?: number;
  graph?: DiagramGraph;
  strings?: DiagramStrings;
  maxEdges?: number;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const vscode = acquireVsCodeApi<SavedState>();
const saved = vscode.getState();
const state: SavedState = {
  hiddenRegions: [],
  hiddenKinds: [],
  hiddenEdgeKinds: [],
  ...saved,
};
// The page's texts come from the extension that wrote it; saved ones may be of an older version.
let strings: DiagramStrings = document.body.dataset.strings ? JSON.parse(document.body.dataset.strings) : (state.strings ?? ({} as DiagramStrings));
let graph: DiagramGraph | undefined = state.graph;
let laid: LaidOut | undefined;
let targets = new Map<string, ClickTarget>();
let view: View | undefined = state.view;
let layoutSeq = 0;

const elk = new ELK() as unknown as ElkLike;

// ---- DOM ----
const toolbar = document.getElementById('toolbar')!;
const filters = document.getElementById('filters')!;
const stage = document.getElementById('stage')!;
const status = document.getElementById('status')!;
const svg = document.createElementNS(SVG_NS, 'svg');
svg.setAttribute('id', 'diagram');
svg.setAttribute('class', 'diagram');
svg.appendChild(markerDefs());
const viewport = document.createElementNS(SVG_NS, 'g');
viewport.setAttribute('id', 'viewport');
svg.appendChild(viewport);
stage.appendChild(svg);

const sheet = new CSSStyleSheet();
sheet.replaceSync(SVG_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

function button(id: string, label: () => string, onClick: () => void): HTMLElement {
  const b = document.createElement('vscode-button');
  b.id = id;
  b.setAttribute('secondary', '');
  b.addEventListener('click', onClick);
  buttons.push([b, label]);
  toolbar.appendChild(b);
  return b;
}
const buttons: [HTMLElement, () => string][] = [];
button('fit', () => strings.fit, () => fit());
button('zoom-in', () => strings.zoomIn, () => zoomBy(1.25));
button('zoom-out', () => strings.zoomOut, () => zoomBy(0.8));
const sep = document.createElement('span');
sep.className = 'separator';
toolbar.appendChild(sep);
button('export-svg', () => strings.exportSvg, () => void exportAs('svg'));
button('export-png', () => strings.exportPng, () => void exportAs('png'));
const legend = document.createElement('span');
legend.id = 'legend';
toolbar.appendChild(legend);

function applyStrings(): void {
  for (const [b, label] of buttons) {
    b.textContent = label();
    b.setAttribute('title', label());
  }
  document.title = strings.title ?? '';
  legend.replaceChildren(legendItem('public', strings.publicInternet), legendItem('unreachable', strings.unreachable));
}

function legendItem(cls: string, label: string): HTMLElement {
  const span = document.createElement('span');
  span.className = 'legend-item';
  const line = document.createElementNS(SVG_NS, 'svg');
  line.setAttribute('width', '28');
  line.setAttribute('height', '10');
  line.setAttribute('class', 'diagram');
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', `edge ${cls}`);
  const p = document.createElementNS(SVG_NS, 'path');
  p.setAttribute('d', 'M1,5 H27');
  p.setAttribute('class', 'line');
  g.appendChild(p);
  line.appendChild(g);
  span.appendChild(line);
  span.appendChild(document.createTextNode(label));
  return span;
}

// ---- filters ----
function checkbox(label: string, checked: boolean, onChange: (checked: boolean) => void, id: string): HTMLElement {
  const c = document.createElement('vscode-checkbox') as HTMLElement & { checked: boolean };
  c.setAttribute('label', label);
  c.id = id;
  c.checked = checked;
  c.addEventListener('change', () => onChange(c.checked));
  return c;
}

function toggle<T>(list: T[], item: T, visible: boolean): T[] {
  const rest = list.filter((x) => x !== item);
  return visible ? rest : [...rest, item];
}

function buildFilters(): void {
  filters.replaceChildren();
  if (!graph) return;
  const group = (label: string, items: HTMLElement[]) => {
    if (items.length === 0) return;
    const span = document.createElement('span');
    span.className = 'filter-group';
    const l = document.createElement('span');
    l.className = 'filter-label';
    l.textContent = label;
    span.append(l, ...items);
    filters.appendChild(span);
  };
  group(
    strings.regions,
    graph.regions.map((r) =>
      checkbox(r.name, !state.hiddenRegions.includes(r.region), (on) => {
        state.hiddenRegions = toggle(state.hiddenRegions, r.region, on);
        void relayout();
      }, `filter-region-${r.region}`),
    ),
  );
  const kinds = [...new Set(graph.services.map((s) => s.kind))];
  group(
    strings.serviceKinds,
    kinds.map((k) =>
      checkbox(strings.kinds[k] ?? k, !state.hiddenKinds.includes(k), (on) => {
        state.hiddenKinds = toggle(state.hiddenKinds, k, on);
        void relayout();
      }, `filter-kind-${k}`),
    ),
  );
  const edgeKinds = [...new Set(graph.edges.map((e) => e.kind))];
  group(
    strings.edgeKinds,
    edgeKinds.map((k) =>
      checkbox(strings.edges[k] ?? k, !state.hiddenEdgeKinds.includes(k), (on) => {
        state.hiddenEdgeKinds = toggle(state.hiddenEdgeKinds, k, on);
        void relayout();
      }, `filter-edge-${k}`),
    ),
  );
}

// ---- layout and drawing ----
const canvas = document.createElement('canvas');
const ctx2d = canvas.getContext('2d');
const fontFamily = () => getComputedStyle(document.body).fontFamily || 'sans-serif';
const measure: Measure = (text, style) => {
  if (!ctx2d) return text.length * GEOMETRY.font[style] * 0.6;
  ctx2d.font = `${style === 'title' ? '600 ' : ''}${GEOMETRY.font[style]}px ${fontFamily()}`;
  return Math.ceil(ctx2d.measureText(text).width) + 2;
};

async function relayout(): Promise<void> {
  const seq = ++layoutSeq;
  save();
  if (!graph) {
    viewport.replaceChildren();
    laid = undefined;
    setStatus(strings.empty);
    return;
  }
  const prepared = prepareLayout(graph, {
    hiddenRegions: state.hiddenRegions,
    hiddenKinds: state.hiddenKinds,
    hiddenEdgeKinds: state.hiddenEdgeKinds,
    measure,
    labels: { internal: strings.internal, external: strings.external },
    maxEdges: state.maxEdges,
  });
  let result: LaidOut;
  try {
    const aspect = (stage.clientWidth || 800) / (stage.clientHeight || 600);
    result = await runLayout(elk, prepared, { aspect });
  } catch (err) {
    if (seq === layoutSeq) setStatus(`${strings.layoutFailed} ${err instanceof Error ? err.message : String(err)}`);
    return;
  }
  if (seq !== layoutSeq) return; // a newer update or filter change won
  laid = result;
  targets = renderDiagram(viewport, { graph: prepared.visible, laid, strings });
  svg.dataset.revision = String(state.revision ?? '');
  svg.dataset.ready = 'true';
  const bundled = prepared.bundled;
  svg.dataset.drawnEdges = String(prepared.visible.edges.length);
  setStatus(bundled && strings.bundledEdges ? fill(strings.bundledEdges, bundled.drawn, bundled.of) : '');
  if (!view || view.fitted) fit();
  else applyView();
}

// ---- zoom and pan ----
function applyView(): void {
  if (!view) return;
  viewport.setAttribute('transform', `translate(${view.x},${view.y}) scale(${view.k})`);
  svg.dataset.zoom = view.k.toFixed(3);
}

function fit(): void {
  if (!laid) return;
  const w = svg.clientWidth || stage.clientWidth || 800;
  const h = svg.clientHeight || stage.clientHeight || 600;
  const k = Math.min(2, Math.max(0.02, Math.min(w / Math.max(1, laid.width), h / Math.max(1, laid.height)) * 0.96));
  view = { k, x: (w - laid.width * k) / 2, y: (h - laid.height * k) / 2, fitted: true };
  applyView();
  save();
}

function zoomAt(factor: number, px: number, py: number): void {
  if (!view) return;
  const k = Math.min(8, Math.max(0.02, view.k * factor));
  const f = k / view.k;
  view = { k, x: px - (px - view.x) * f, y: py - (py - view.y) * f, fitted: false };
  applyView();
  saveSoon();
}

function zoomBy(factor: number): void {
  zoomAt(factor, svg.clientWidth / 2, svg.clientHeight / 2);
  // A button or key press is one step: keep it at once, the panel may be hidden right after.
  save();
}

svg.addEventListener(
  'wheel',
  (ev) => {
    ev.preventDefault();
    const r = svg.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * (ev.deltaMode === 1 ? 0.05 : 0.0015)), ev.clientX - r.left, ev.clientY - r.top);
  },
  { passive: false },
);

let drag: { x: number; y: number; vx: number; vy: number; moved: boolean; target: Element | null; id: number } | undefined;
svg.addEventListener('pointerdown', (ev) => {
  if (ev.button !== 0 || !view) return;
  drag = { x: ev.clientX, y: ev.clientY, vx: view.x, vy: view.y, moved: false, target: ev.target as Element, id: ev.pointerId };
});
svg.addEventListener('pointermove', (ev) => {
  if (!drag || !view || ev.pointerId !== drag.id) return;
  const dx = ev.clientX - drag.x;
  const dy = ev.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  if (!drag.moved) {
    drag.moved = true;
    svg.setPointerCapture(ev.pointerId);
    svg.classList.add('panning');
  }
  view = { ...view, x: drag.vx + dx, y: drag.vy + dy, fitted: false };
  applyView();
});
svg.addEventListener('pointerup', (ev) => {
  if (!drag || ev.pointerId !== drag.id) return;
  const d = drag;
  drag = undefined;
  svg.classList.remove('panning');
  if (d.moved) {
    save();
    return;
  }
  const el = d.target?.closest('[data-open-file]');
  if (el) open(el.id, ev.ctrlKey || ev.metaKey);
});
svg.addEventListener('pointercancel', () => {
  drag = undefined;
  svg.classList.remove('panning');
});
svg.addEventListener('keydown', (ev) => {
  const el = (ev.target as Element).closest?.('[data-open-file]');
  if (el && (ev.key === 'Enter' || ev.key === ' ')) {
    ev.preventDefault();
    open(el.id, ev.ctrlKey || ev.metaKey);
  }
});
document.addEventListener('keydown', (ev) => {
  if ((ev.target as Element).closest?.('vscode-checkbox, vscode-button')) return;
  if (ev.key === '+' || ev.key === '=') zoomBy(1.25);
  else if (ev.key === '-') zoomBy(0.8);
  else if (ev.key === '0') fit();
});
new ResizeObserver(() => {
  if (laid && view?.fitted !== false) fit();
}).observe(stage);

/** A plain click opens the most severe diagnostic, Ctrl/Cmd-click the definition. */
function open(id: string, definition: boolean): void {
  const t = targets.get(id);
  if (!t) return;
  const loc: SourceLocation = !definition && t.problem ? t.problem : t.definition;
  // What was last asked for, on the page, so a click that reached the diagram can be told apart
  // from one that did not.
  svg.dataset.opened = String(Number(svg.dataset.opened ?? 0) + 1);
  svg.dataset.openedTarget = `${id} ${loc.file}:${loc.range.start.line + 1}`;
  vscode.postMessage({ type: 'notification', method: 'diagram/openLocation', params: { file: loc.file, range: loc.range } });
}

// ---- export ----
const pending = new Map<number, (r: { result?: ExportResult; error?: string }) => void>();
let nextId = 1;

function request(params: ExportParams): Promise<{ result?: ExportResult; error?: string }> {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    vscode.postMessage({ type: 'request', id, method: 'diagram/export', params });
  });
}

function highContrast(): boolean {
  return document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
}

/** A standalone SVG document of the current picture (filters applied, zoom and pan not). */
function svgDocument(): string {
  if (!laid) return '';
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const css = resolveVariables(SVG_CSS, (name) => root.getPropertyValue(name) || body.getPropertyValue(name));
  const content = viewport.cloneNode(true) as SVGGElement;
  content.removeAttribute('transform');
  content.removeAttribute('id');
  content.querySelectorAll('[tabindex]').forEach((e) => {
    e.removeAttribute('tabindex');
    e.removeAttribute('role');
  });
  const xml = new XMLSerializer();
  const w = Math.ceil(laid.width);
  const h = Math.ceil(laid.height);
  return [
    `<svg xmlns="${SVG_NS}" class="diagram${highContrast() ? ' hc' : ''}" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<style><![CDATA[${css}\n.diagram { font-family: ${body.fontFamily}; }]]></style>`,
    `<rect class="canvas" x="0" y="0" width="${w}" height="${h}"/>`,
    xml.serializeToString(markerDefs()),
    xml.serializeToString(content),
    '</svg>',
  ].join('\n');
}

async function pngBase64(svgText: string, width: number, height: number): Promise<string> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.addEventListener('load', () => resolve());
      img.addEventListener('error', () => reject(new Error('the SVG could not be rendered')));
      img.src = url;
    });
    // Twice the size for sharpness, within what a canvas accepts.
    const scale = Math.min(2, 16000 / width, 16000 / height, Math.sqrt(120e6 / (width * height)));
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.floor(width * scale));
    c.height = Math.max(1, Math.floor(height * scale));
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0, c.width, c.height);
    return c.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

async function exportAs(format: 'svg' | 'png'): Promise<void> {
  if (!laid) return;
  try {
    const text = svgDocument();
    const data = format === 'svg' ? text : await pngBase64(text, Math.ceil(laid.width), Math.ceil(laid.height));
    const r = await request({ format, data });
    if (r.error) setStatus(r.error);
  } catch (err) {
    setStatus(err instanceof Error ? err.message : String(err));
  }
}

// ---- messages and state ----
/** `{0}`, `{1}`, … of a text from the extension replaced by the numbers, written as the locale writes them. */
function fill(text: string, ...values: number[]): string {
  return text.replace(/\{(\d+)\}/g, (m, i: string) => (values[Number(i)] !== undefined ? values[Number(i)].toLocaleString() : m));
}

function setStatus(text: string): void {
  status.textContent = text;
  status.hidden = text === '';
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
/** Graphs up to this many edges are kept in the saved state, to draw at once when shown again. */
const SAVED_GRAPH_EDGES = 2000;

function save(): void {
  state.view = view;
  state.strings = strings;
  state.graph = graph && graph.edges.length <= SAVED_GRAPH_EDGES ? graph : undefined;
  vscode.setState(state);
}
function saveSoon(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(save, 200);
}
// Hiding the panel discards the page: keep a pending wheel or drag change first.
const flush = () => {
  if (!saveTimer) return;
  clearTimeout(saveTimer);
  saveTimer = undefined;
  save();
};
window.addEventListener('pagehide', flush);
document.addEventListener('visibilitychange', flush);

window.addEventListener('message', (ev: MessageEvent) => {
  const msg = parseExtensionMessage(ev.data);
  if (!msg) return;
  if (msg.type === 'response') {
    const resolve = pending.get(msg.id);
    pending.delete(msg.id);
    resolve?.({ result: msg.result, error: msg.error });
    return;
  }
  const p = msg.params;
  strings = p.strings;
  state.maxEdges = p.maxEdges;
  graph = p.graphJson && graphFromJson(new TextDecoder().decode(p.graphJson));
  state.revision = p.revision;
  // Filters naming regions that no longer exist are dropped.
  if (graph) state.hiddenRegions = state.hiddenRegions.filter((r) => graph!.regions.some((x) => x.region === r));
  applyStrings();
  buildFilters();
  void relayout();
});

new MutationObserver(() => svg.classList.toggle('hc', highContrast())).observe(document.body, { attributes: true, attributeFilter: ['class'] });
svg.classList.toggle('hc', highContrast());

applyStrings();
buildFilters();
if (graph) void relayout();
else setStatus('');
vscode.postMessage({ type: 'notification', method: 'diagram/ready', params: { revision: state.revision } });
