import type { XmlDocument, XmlElement } from './dubbo/xml';
import type { NginxNode } from './nginx/parser';
import { positionAtOrBefore } from './text';
import type { Topology } from './topology/model';
import type { Range } from './types';

/**
 * Document outlines (the editor's Outline view, breadcrumbs and Go to Symbol): the topology as
 * regions → hosts → the services they run, then services and NFS shares; an nginx config as its
 * blocks (`http`, `server` with its names and ports, `location` with its match, `upstream` with its
 * name, ...); a Dubbo Spring XML file as its elements, each known by what identifies it.
 */

export type SymbolKind = 'region' | 'host' | 'service' | 'share' | 'block' | 'server' | 'location' | 'upstream' | 'element';

export interface DocumentSymbolEntry {
  name: string;
  detail: string;
  kind: SymbolKind;
  /** The whole definition. */
  range: Range;
  /** What to reveal and select: its key or name. */
  selectionRange: Range;
  children: DocumentSymbolEntry[];
}

function spanning(range: Range, inner: Range): Range {
  return {
    start: positionAtOrBefore(range.start, inner.start) ? range.start : inner.start,
    end: positionAtOrBefore(inner.end, range.end) ? range.end : inner.end,
  };
}

/**
 * Widens each symbol's range to hold its selection and its children, as the editor requires. Only
 * a file with syntax errors needs it (a mapping the YAML parser closed early, an XML element closed
 * by a mismatched end tag).
 */
function nested(symbols: DocumentSymbolEntry[]): DocumentSymbolEntry[] {
  for (const s of symbols) {
    nested(s.children);
    s.range = spanning(s.range, s.selectionRange);
    for (const c of s.children) s.range = spanning(s.range, c.range);
  }
  return symbols;
}

export function topologySymbols(topology: Topology): DocumentSymbolEntry[] {
  const service = (id: string) => topology.serviceById.get(id);
  const serviceDetail = (id: string) => {
    const s = service(id);
    return s ? `${s.kind}${s.port !== undefined ? ` :${s.port}` : ''}` : '';
  };
  const regions = topology.regions.map(
    (r): DocumentSymbolEntry => ({
      name: r.id,
      detail: [r.name !== r.id ? r.name : '', r.lan.map((l) => l.text).join(', ')].filter(Boolean).join(' · '),
      kind: 'region',
      range: r.range,
      selectionRange: r.keyRange,
      children: r.hosts.map((h) => ({
        name: h.id,
        detail: [h.internal?.text, h.external?.text].filter(Boolean).join(' · '),
        kind: 'host',
        range: h.range,
        selectionRange: h.keyRange,
        children: h.services.map((s) => ({ name: s.value, detail: serviceDetail(s.value), kind: 'service', range: s.range, selectionRange: s.range, children: [] })),
      })),
    }),
  );
  const services = topology.services.map(
    (s): DocumentSymbolEntry => ({
      name: s.id,
      detail: serviceDetail(s.id),
      kind: 'service',
      range: s.range,
      selectionRange: s.keyRange,
      children: [],
    }),
  );
  const shares = topology.shares.map(
    (s): DocumentSymbolEntry => ({
      name: s.id,
      detail: `${s.server?.value ?? '?'}:${s.path ?? '?'} → ${s.clients.map((c) => c.value).join(', ')}`,
      kind: 'share',
      range: s.range,
      selectionRange: s.keyRange,
      children: [],
    }),
  );
  return nested([...regions, ...services, ...shares]);
}

const MAX_NAME = 80;

function clip(s: string): string {
  return s.length > MAX_NAME ? `${s.slice(0, MAX_NAME - 1)}…` : s;
}

/** Every block directive of an nginx config, nested as written. */
export function nginxSymbols(nodes: readonly NginxNode[]): DocumentSymbolEntry[] {
  return nested(nginxBlocks(nodes));
}

function nginxBlocks(nodes: readonly NginxNode[]): DocumentSymbolEntry[] {
  const out: DocumentSymbolEntry[] = [];
  for (const n of nodes) {
    if (n.kind !== 'directive' || (!n.block && !n.rawBody)) continue;
    const args = n.args.map((a) => a.raw).join(' ');
    const children = n.block ? nginxBlocks(n.block) : [];
    let detail = '';
    if (n.name === 'server' && n.block) {
      // A server is known by its names and ports.
      const of = (name: string) =>
        n.block!.flatMap((c) => (c.kind === 'directive' && c.name === name ? c.args.map((a) => a.value).filter((v, i) => name !== 'listen' || i === 0) : []));
      detail = [...of('server_name'), ...of('listen')].join(' ');
    }
    const kind: SymbolKind = n.name === 'server' ? 'server' : n.name === 'location' ? 'location' : n.name === 'upstream' ? 'upstream' : 'block';
    const range = n.range;
    const nameRange = n.nameToken.range;
    const last = n.args[n.args.length - 1];
    out.push({
      name: clip(args ? `${n.name} ${args}` : n.name),
      detail: clip(detail),
      kind,
      range,
      selectionRange: last ? { start: nameRange.start, end: last.range.end } : nameRange,
      children,
    });
  }
  return out;
}

/** The attribute that says which one an element is, in order of preference. */
const IDENTIFYING = ['id', 'interface', 'name', 'address', 'class', 'base-package', 'package', 'location', 'ref'];

/** The elements of an XML document, nested, each with its identifying attribute as detail. */
export function xmlSymbols(doc: XmlDocument): DocumentSymbolEntry[] {
  const of = (el: XmlElement): DocumentSymbolEntry => {
    const key = IDENTIFYING.map((n) => el.attrs.find((a) => a.name === n)).find((a) => a !== undefined);
    // An element never closed runs to the end of the file (its children with it).
    const end = el.end ?? doc.text.length;
    return {
      name: el.name,
      detail: key ? clip(`${key.name}=${key.value}`) : '',
      kind: 'element',
      range: doc.index.rangeOf(el.start, Math.max(end, el.nameEnd)),
      selectionRange: doc.index.rangeOf(el.nameStart, el.nameEnd),
      children: el.children.map(of),
    };
  };
  return nested(doc.roots.map(of));
}
