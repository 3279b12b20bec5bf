import type { Located, Topology } from './model';
import { topologySymbols, type DocumentSymbolEntry } from '../symbols';
import { rangeContains } from '../text';
import type { Position, Range } from '../types';

/**
 * Where the topology names its own hosts and services: each host and service key (the definition)
 * and every place that refers to one by id — a host's `services:`, a service's `registry:` and
 * `uses:`, a share's `server:` and `clients:`, an SSH `via:`. For Go to Definition, Find All
 * References and Rename inside `dubbo-topology.yaml`; and the files it names, for links.
 */

export interface TopologyRef {
  kind: 'host' | 'service';
  id: string;
  range: Range;
  definition: boolean;
}

export function topologyRefs(t: Topology): TopologyRef[] {
  const out: TopologyRef[] = [];
  const use = (kind: TopologyRef['kind'], l: Located<string> | undefined) => {
    if (l) out.push({ kind, id: l.value, range: l.range, definition: false });
  };
  for (const h of t.hosts) {
    out.push({ kind: 'host', id: h.id, range: h.keyRange, definition: true });
    for (const s of h.services) use('service', s);
    use('host', h.ssh?.via);
  }
  for (const s of t.services) {
    out.push({ kind: 'service', id: s.id, range: s.keyRange, definition: true });
    use('service', s.registry);
    for (const u of s.uses ?? []) use('service', u);
  }
  for (const sh of t.shares) {
    use('host', sh.server);
    for (const c of sh.clients) use('host', c);
  }
  return out;
}

/**
 * What the topology file's own editor features read of it — the outline, the links to the files it
 * names, and the ids it defines and names (`topologyRefs`) — as plain data: made where the text is
 * parsed (the lint worker) and read where the editor asks.
 */
export interface TopologyOutline {
  symbols: DocumentSymbolEntry[];
  links: { file: string; range: Range }[];
  refs: TopologyRef[];
}

export function topologyOutline(t: Topology): TopologyOutline {
  return { symbols: topologySymbols(t), links: topologyFileLinks(t), refs: topologyRefs(t) };
}

/** The host or service id under the cursor (a key or a reference), if any. */
export function topologyRefAt(refs: readonly TopologyRef[], p: Position): TopologyRef | undefined {
  return refs.find((r) => rangeContains(r.range, p));
}

/** Every place naming the same host or service as `ref`, its definition first. */
export function sameRefs(refs: readonly TopologyRef[], ref: Pick<TopologyRef, 'kind' | 'id'>): TopologyRef[] {
  const all = refs.filter((r) => r.kind === ref.kind && r.id === ref.id);
  return [...all.filter((r) => r.definition), ...all.filter((r) => !r.definition)];
}

/** An id that YAML reads as a plain string and the topology's messages can show as written. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type IdChange =
  | { ok: true; edits: { range: Range; newText: string }[] }
  | { ok: false; reason: 'invalid' | 'taken' | 'same' | 'undefined' };

/**
 * Renames a host or service everywhere the topology names it. Refused for an id that is not a plain
 * word (`[A-Za-z0-9][A-Za-z0-9._-]*`), one another host or service already has, and an id the
 * topology does not define (renaming a dangling reference would hide the mistake).
 */
export function renameId(refs: readonly TopologyRef[], ref: Pick<TopologyRef, 'kind' | 'id'>, newId: string): IdChange {
  const id = newId.trim();
  if (!ID.test(id)) return { ok: false, reason: 'invalid' };
  if (id === ref.id) return { ok: false, reason: 'same' };
  const defines = (x: string) => refs.some((r) => r.definition && r.kind === ref.kind && r.id === x);
  if (!defines(ref.id)) return { ok: false, reason: 'undefined' };
  if (defines(id)) return { ok: false, reason: 'taken' };
  return { ok: true, edits: sameRefs(refs, ref).map((r) => ({ range: r.range, newText: id })) };
}

/** The workspace files the topology names (`config:`, `properties:`, `exportsFile:`), where it names them. */
export function topologyFileLinks(t: Topology): { file: string; range: Range }[] {
  const out: { file: string; range: Range }[] = [];
  for (const s of t.services) for (const l of [...s.config, ...s.properties]) out.push({ file: l.value, range: l.range });
  for (const sh of t.shares) if (sh.exportsFile) out.push({ file: sh.exportsFile.value, range: sh.exportsFile.range });
  return out;
}
