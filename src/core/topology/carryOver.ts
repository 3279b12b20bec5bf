import type { AnalyzerContext } from '../analyzer';
import { topologyEditsAgain } from '../dubbo/topologyEdits';
import type { Finding, Fix, Position, Range, RelatedInfo } from '../types';
import type { Topology } from './model';

/**
 * Where the places of one topology are in another of the same meaning (see topologyMeaning): every
 * range object of `from` — of its regions, hosts, services and shares, their fields, properties,
 * addresses and listed values — paired with the range at the same place in `to`.
 *
 * Both models are walked side by side, by field name, list position and map key; a list whose length
 * differs is not walked. Undefined when the edit between the two texts changed the order of those places
 * or which of them share a line (entries of a mapping written in another order, lines joined or split, a
 * value spread over more lines or fewer): a finding may have been made from those relations (related
 * places on one line are named once), so it has to be made again.
 */
export function rangesCarriedOver(from: Topology, to: Topology): Map<Range, Range> | undefined {
  const pairs = new Map<Range, Range>();
  // Regions, hosts, services and shares name each other (a host its region, a service its hosts):
  // each is walked once. Nothing else is reached by two paths.
  const seen = new Set<object>();
  const walk = (a: object, b: object): void => {
    const kind = a.constructor;
    if (kind === Array) {
      const x = a as unknown[];
      const y = b as unknown[];
      if (!Array.isArray(y) || x.length !== y.length) return;
      for (let i = 0; i < x.length; i++) pair(x[i], y[i]);
      return;
    }
    if (kind === Map) {
      if (!(b instanceof Map)) return;
      for (const [k, v] of a as Map<unknown, unknown>) pair(v, b.get(k));
      return;
    }
    if (kind === Set || b.constructor !== kind) return;
    const ao = a as Record<string, unknown>;
    if (typeof ao.id === 'string') {
      if (seen.has(a)) return;
      seen.add(a);
    }
    const bo = b as Record<string, unknown>;
    for (const k in ao) pair(ao[k], bo[k]);
  };
  const pair = (x: unknown, y: unknown): void => {
    if (x === y || typeof x !== 'object' || x === null || typeof y !== 'object' || y === null) return;
    if (isRange(x)) {
      if (isRange(y)) pairs.set(x, y);
      return;
    }
    walk(x, y);
  };
  walk(from, to);
  const list = [...pairs].sort((x, y) => compare(x[0].start, y[0].start));
  for (let i = 0; i < list.length; i++) {
    const [a, b] = list[i];
    if (a.end.line - a.start.line !== b.end.line - b.start.line) return undefined;
    if (i === 0) continue;
    const [pa, pb] = list[i - 1];
    if (Math.sign(compare(pa.start, a.start)) !== Math.sign(compare(pb.start, b.start))) return undefined;
    if ((pa.start.line === a.start.line) !== (pb.start.line === b.start.line)) return undefined;
  }
  return pairs;
}

function isRange(v: object): v is Range {
  const r = v as Partial<Range>;
  return r.start !== undefined && r.end !== undefined && isPosition(r.start) && isPosition(r.end);
}

function isPosition(p: unknown): p is Position {
  return typeof p === 'object' && p !== null && typeof (p as Position).line === 'number' && typeof (p as Position).character === 'number';
}

function compare(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * A finding as an analysis made it with the topology `from`, for `ctx` whose topology has the same
 * meaning (see rangesCarriedOver for `ranges`): its places in the topology file (its own, related
 * ones) moved to the same places there, and its fixes' edits of the topology made again there (see
 * topologyEditsAgain). Undefined when that cannot be done — a place worked out from the model's rather
 * than one of them, a topology edit made some other way —: the finding has to be made again.
 */
export function findingCarriedOver(f: Finding, ranges: ReadonlyMap<Range, Range>, ctx: AnalyzerContext): Finding | undefined {
  const file = ctx.topology.file;
  let out = f;
  if (f.file === file) {
    const range = ranges.get(f.range);
    if (!range || f.anchorLine !== undefined) return undefined;
    out = { ...out, range };
  }
  if (f.related?.some((r) => r.file === file)) {
    const related: RelatedInfo[] = [];
    for (const r of f.related) {
      if (r.file !== file) {
        related.push(r);
        continue;
      }
      const range = ranges.get(r.range);
      if (!range) return undefined;
      related.push({ ...r, range });
    }
    out = { ...out, related };
  }
  if (f.fixes?.some((x) => x.edits.some((e) => e.file === file))) {
    const fixes: Fix[] = [];
    for (const x of f.fixes) {
      if (!x.edits.some((e) => e.file === file)) {
        fixes.push(x);
        continue;
      }
      const edits = topologyEditsAgain(x.edits, ctx);
      if (!edits) return undefined;
      fixes.push({ ...x, edits });
    }
    out = { ...out, fixes };
  }
  return out;
}
