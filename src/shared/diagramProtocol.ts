import type { DiagramEdge, DiagramGraph, DiagramProblem, EdgeKind } from '../core/diagram/graph';
import type { Range } from '../core/types';
import type { CountText } from './counts';

/**
 * Messages between the extension and the diagram webview. Both bundles import this module; it
 * holds types and plain validators only (no `vscode`, no DOM).
 *
 * Notifications are one-way; a request carries an `id` and is answered by a response with the same
 * id and method. Method names are scoped: `diagram/<name>`.
 */

export const DIAGRAM_VIEW_TYPE = 'dubboTopology.diagram';

export interface Notification<M extends string, P> {
  type: 'notification';
  method: M;
  params: P;
}

export interface Request<M extends string, P> {
  type: 'request';
  id: number;
  method: M;
  params: P;
}

export interface Response<M extends string, R> {
  type: 'response';
  id: number;
  method: M;
  result?: R;
  /** Set instead of `result` when the request failed. */
  error?: string;
}

/** Texts of the webview, localized by the extension. `{0}` marks an inserted value. */
export interface DiagramStrings {
  title: string;
  fit: string;
  zoomIn: string;
  zoomOut: string;
  exportSvg: string;
  exportPng: string;
  regions: string;
  serviceKinds: string;
  edgeKinds: string;
  publicInternet: string;
  unreachable: string;
  empty: string;
  layoutFailed: string;
  /** `{0} error` / `{0} errors`, … */
  errors: CountText;
  warnings: CountText;
  /** Infos and hints together. */
  infos: CountText;
  /** What a host's counts take in (a tooltip line). */
  hostCountsScope: string;
  internal: string;
  external: string;
  lan: string;
  /** Tooltip line telling what a click does. */
  clickToOpen: string;
  /** Status line of a picture whose edges are bundled: `{0}` drawn of `{1}`. */
  bundledEdges: string;
  /** Tooltip line of an edge drawn for several: `{0}` edges between these hosts. */
  bundledEdge: string;
  undefinedService: string;
  unknownAddress: string;
  kinds: Record<'dubbo-provider' | 'dubbo-consumer' | 'dubbo' | 'nginx' | 'zookeeper' | 'http' | 'other', string>;
  edges: Record<'registry' | 'ensemble' | 'call' | 'upstream' | 'nfs', string>;
}

// ---- extension → webview ----

export interface UpdateParams {
  /** Increases with every update, so a stale layout is dropped. */
  revision: number;
  /**
   * The graph as UTF-8 JSON (`graphToJson`); undefined when the workspace has no topology. A typed
   * array crosses to the webview as bytes, where an object would be serialized on the extension host's
   * thread (the lint worker makes these bytes).
   */
  graphJson: Uint8Array | undefined;
  strings: DiagramStrings;
  /** Most edges drawn one by one (`dubboTopology.diagram.maxEdges`); beyond, they are bundled. */
  maxEdges: number;
}

export interface ExportResult {
  saved: boolean;
  /** Where it was saved (a path for display). */
  path?: string;
}

export type UpdateNotification = Notification<'diagram/update', UpdateParams>;
export type ExportResponse = Response<'diagram/export', ExportResult>;
export type ExtensionToWebview = UpdateNotification | ExportResponse;

// ---- webview → extension ----

export interface ReadyParams {
  /** The revision the webview shows already (from its saved state), if any. */
  revision?: number;
}

export interface OpenLocationParams {
  /** Workspace-relative path. */
  file: string;
  range: Range;
}

export interface ExportParams {
  format: 'svg' | 'png';
  /** SVG text, or the PNG as base64 (no `data:` prefix). */
  data: string;
}

export type ReadyNotification = Notification<'diagram/ready', ReadyParams>;
export type OpenLocationNotification = Notification<'diagram/openLocation', OpenLocationParams>;
export type ExportRequest = Request<'diagram/export', ExportParams>;
export type WebviewToExtension = ReadyNotification | OpenLocationNotification | ExportRequest;

/** Result type of each request method. */
export interface RequestResults {
  'diagram/export': ExportResult;
}

// ---- validation of what arrives (a webview is a separate, less trusted context) ----

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const isPosition = (x: unknown): boolean =>
  isObject(x) && Number.isInteger(x.line) && Number.isInteger(x.character) && (x.line as number) >= 0 && (x.character as number) >= 0;
export const isRange = (x: unknown): x is Range => isObject(x) && isPosition(x.start) && isPosition(x.end);

/** Checks a message posted by the webview; anything else is ignored by the extension. */
export function parseWebviewMessage(x: unknown): WebviewToExtension | undefined {
  if (!isObject(x) || !isObject(x.params)) return undefined;
  const p = x.params;
  if (x.type === 'notification' && x.method === 'diagram/ready') {
    if (p.revision !== undefined && typeof p.revision !== 'number') return undefined;
    return { type: 'notification', method: 'diagram/ready', params: { revision: p.revision as number | undefined } };
  }
  if (x.type === 'notification' && x.method === 'diagram/openLocation') {
    if (typeof p.file !== 'string' || p.file.length === 0 || !isRange(p.range)) return undefined;
    return { type: 'notification', method: 'diagram/openLocation', params: { file: p.file, range: p.range } };
  }
  if (x.type === 'request' && x.method === 'diagram/export' && Number.isInteger(x.id)) {
    if ((p.format !== 'svg' && p.format !== 'png') || typeof p.data !== 'string') return undefined;
    return { type: 'request', id: x.id as number, method: 'diagram/export', params: { format: p.format, data: p.data } };
  }
  return undefined;
}

/** Checks a message posted by the extension. */
export function parseExtensionMessage(x: unknown): ExtensionToWebview | undefined {
  if (!isObject(x)) return undefined;
  if (x.type === 'notification' && x.method === 'diagram/update' && isObject(x.params) && isObject(x.params.strings)) {
    if (x.params.graphJson !== undefined && !(x.params.graphJson instanceof Uint8Array)) return undefined;
    return x as unknown as UpdateNotification;
  }
  if (x.type === 'response' && x.method === 'diagram/export' && Number.isInteger(x.id)) return x as unknown as ExportResponse;
  return undefined;
}

// ---- the graph as bytes ----

/**
 * An edge as `graphToJson` writes it: its fields in this order, without their names (a big workspace
 * has tens of thousands of edges, and the names were half of their text); an absent field is null,
 * the three flags are bits (crossRegion 1, public 2, unreachable 4), the location's file an index into
 * the graph's `files`.
 */
type EdgeRow = [
  id: string,
  kind: EdgeKind,
  source: string,
  target: string,
  sourceHost: string,
  targetHost: string | null,
  flags: number,
  address: string | null,
  port: number | null,
  share: string | null,
  file: number,
  startLine: number,
  startCharacter: number,
  endLine: number,
  endCharacter: number,
  error: number,
  warning: number,
  info: number,
  hint: number,
  problems: number[],
  bundled: number | null,
];

const EDGE_ROW_LENGTH = 21;

/** A list of distinct values, each added by `ref` when first met; `ref` gives its index. */
function listed<T>(): { list: T[]; ref: (x: T) => number } {
  const index = new Map<T, number>();
  const list: T[] = [];
  const ref = (x: T) => {
    let i = index.get(x);
    if (i === undefined) {
      i = list.length;
      index.set(x, i);
      list.push(x);
    }
    return i;
  };
  return { list, ref };
}

/**
 * The graph as JSON with each problem written once: many edges share a finding (a provider's
 * registered address reported once, drawn on every consumer's edge), and in a big workspace the
 * repeated messages were most of the text. Problems are listed in `problems` and each element's
 * `problems` holds indexes into it. Edges are rows (`EdgeRow`), their files listed once in `files`.
 */
export function graphToJson(graph: DiagramGraph): string {
  const problems = listed<DiagramProblem>();
  const ref = problems.ref;
  const refs = <T extends { problems: DiagramProblem[] }>(xs: T[]) => xs.map((x) => ({ ...x, problems: x.problems.map(ref) }));
  const files = listed<string>();
  const fileRef = files.ref;
  const edges = graph.edges.map((e): EdgeRow => {
    const { start, end } = e.location.range;
    const c = e.counts;
    return [
      e.id,
      e.kind,
      e.source,
      e.target,
      e.sourceHost,
      e.targetHost ?? null,
      (e.crossRegion ? 1 : 0) | (e.public ? 2 : 0) | (e.unreachable ? 4 : 0),
      e.address ?? null,
      e.port ?? null,
      e.share ?? null,
      fileRef(e.location.file),
      start.line,
      start.character,
      end.line,
      end.character,
      c.error,
      c.warning,
      c.info,
      c.hint,
      e.problems.map(ref),
      e.bundled ?? null,
    ];
  });
  return JSON.stringify({ problems: problems.list, files: files.list, graph: { ...graph, hosts: refs(graph.hosts), services: refs(graph.services), edges } });
}

/** Reads what `graphToJson` wrote; undefined when it is not that (a problem or file index out of range included). */
export function graphFromJson(json: string): DiagramGraph | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isObject(parsed) || !Array.isArray(parsed.problems) || !Array.isArray(parsed.files) || !isObject(parsed.graph)) return undefined;
  const table = parsed.problems as DiagramProblem[];
  const files = parsed.files as unknown[];
  const g = parsed.graph;
  let ok = true;
  const problemsOf = (ids: unknown): DiagramProblem[] => {
    if (!Array.isArray(ids) || !ids.every((i) => Number.isInteger(i) && (i as number) >= 0 && (i as number) < table.length)) {
      ok = false;
      return [];
    }
    return ids.map((i) => table[i as number]);
  };
  const back = (xs: unknown) => {
    if (!Array.isArray(xs)) {
      ok = false;
      return [];
    }
    for (const x of xs as { problems: unknown }[]) {
      if (!isObject(x)) {
        ok = false;
        continue;
      }
      x.problems = problemsOf(x.problems);
    }
    return xs;
  };
  back(g.hosts);
  back(g.services);
  if (!Array.isArray(g.edges)) return undefined;
  const edges: DiagramEdge[] = [];
  for (const row of g.edges as unknown[]) {
    const r = row as EdgeRow;
    if (!Array.isArray(r) || r.length !== EDGE_ROW_LENGTH || !Number.isInteger(r[10]) || typeof files[r[10]] !== 'string' || typeof r[6] !== 'number') return undefined;
    const e: DiagramEdge = {
      id: r[0],
      kind: r[1],
      source: r[2],
      target: r[3],
      sourceHost: r[4],
      crossRegion: (r[6] & 1) !== 0,
      public: (r[6] & 2) !== 0,
      unreachable: (r[6] & 4) !== 0,
      location: { file: files[r[10]] as string, range: { start: { line: r[11], character: r[12] }, end: { line: r[13], character: r[14] } } },
      counts: { error: r[15], warning: r[16], info: r[17], hint: r[18] },
      problems: problemsOf(r[19]),
    };
    if (r[5] !== null) e.targetHost = r[5];
    if (r[7] !== null) e.address = r[7];
    if (r[8] !== null) e.port = r[8];
    if (r[9] !== null) e.share = r[9];
    if (r[20] !== null) e.bundled = r[20];
    edges.push(e);
  }
  g.edges = edges;
  return ok ? (g as unknown as DiagramGraph) : undefined;
}
