import type { AnalyzerContext } from '../analyzer';
import { LineIndex } from '../text';
import type { FieldRanges, Host, Property, Region, Service } from '../topology/model';
import type { Range, TextEdit } from '../types';

/**
 * Minimal edits of the topology YAML for quick fixes: set a field of a service, or a placeholder
 * property of a region or host. Block and flow mappings are both handled; indentation follows the
 * neighbouring keys.
 */

export function yamlScalar(s: string): string {
  if (/^[A-Za-z0-9_./${}][A-Za-z0-9_./:@${}-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/: |:$/.test(s)) return s;
  return JSON.stringify(s);
}

interface MappingSpot {
  fields: FieldRanges;
  range: Range;
}

const indexes = new WeakMap<AnalyzerContext, { text: string; idx: LineIndex }>();

function textOf(ctx: AnalyzerContext): { text: string; idx: LineIndex } | undefined {
  const text = ctx.ws.read(ctx.topology.file);
  if (text === undefined) return undefined;
  // One line index per analysis: fixes for every file of a big workspace edit the same topology.
  const hit = indexes.get(ctx);
  if (hit && hit.text === text) return hit;
  const t = { text, idx: new LineIndex(text) };
  indexes.set(ctx, t);
  return t;
}

/** Line after which a new field goes: after `after` when its value is on one line, else after the last field. */
function insertionLine(m: MappingSpot, after: readonly string[]): number {
  for (const k of after) {
    const f = m.fields[k];
    if (f && f.value.start.line === f.key.start.line && (f.value.end.line === f.key.start.line || (f.value.end.line === f.key.start.line + 1 && f.value.end.character === 0))) {
      return f.key.start.line + 1;
    }
  }
  let last = -1;
  for (const f of Object.values(m.fields)) {
    const end = f.value.end.character === 0 && f.value.end.line > f.key.start.line ? f.value.end.line : f.value.end.line + 1;
    last = Math.max(last, end);
  }
  return last;
}

function isFlow(idx: LineIndex, range: Range): boolean {
  return idx.text[idx.offsetAt(range.start)] === '{';
}

/** Adds `key: value` to a mapping (block or flow). */
function addField(ctx: AnalyzerContext, m: MappingSpot, key: string, valueText: string, after: readonly string[], nested?: string): TextEdit[] {
  const t = textOf(ctx);
  if (!t) return [];
  const file = ctx.topology.file;
  if (isFlow(t.idx, m.range)) {
    const close = t.idx.offsetAt(m.range.end) - 1;
    if (t.text[close] !== '}') return [];
    let at = close;
    while (at > 0 && /\s/.test(t.text[at - 1])) at--;
    const empty = t.text[at - 1] === '{';
    const entry = nested !== undefined ? `${key}: { ${nested}: ${valueText} }` : `${key}: ${valueText}`;
    const pos = t.idx.positionAt(at);
    return [{ file, range: { start: pos, end: pos }, newText: empty ? ` ${entry} ` : `, ${entry}` }];
  }
  const keys = Object.values(m.fields);
  if (keys.length === 0) return [];
  const indent = ' '.repeat(keys[0].key.start.character);
  const line = insertionLine(m, after);
  const body = nested !== undefined ? `${indent}${key}:\n${indent}  ${nested}: ${valueText}\n` : `${indent}${key}: ${valueText}\n`;
  if (line >= t.idx.lineCount) {
    const end = t.idx.positionAt(t.text.length);
    const needsBreak = !t.text.endsWith('\n');
    return [{ file, range: { start: end, end }, newText: (needsBreak ? '\n' : '') + body }];
  }
  const pos = { line, character: 0 };
  return [{ file, range: { start: pos, end: pos }, newText: body }];
}

/**
 * How each edit these functions made was made: the same call for the same entity (by id) in another
 * context. A finding whose fix edits the topology can then be carried over to a topology of the same
 * meaning whose text moved (see topology/carryOver.ts) by making its topology edits again there.
 */
const madeBy = new WeakMap<TextEdit, (ctx: AnalyzerContext) => TextEdit[] | undefined>();

function remembered(edits: TextEdit[], again: (ctx: AnalyzerContext) => TextEdit[] | undefined): TextEdit[] {
  for (const e of edits) madeBy.set(e, again);
  return edits;
}

/**
 * A fix's edits with those in the topology file made again in `ctx` (each call once, in its place);
 * undefined when one of them was not made here, or the call makes none there.
 */
export function topologyEditsAgain(edits: readonly TextEdit[], ctx: AnalyzerContext): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  let last: ((ctx: AnalyzerContext) => TextEdit[] | undefined) | undefined;
  for (const e of edits) {
    if (e.file !== ctx.topology.file) {
      out.push(e);
      last = undefined;
      continue;
    }
    const again = madeBy.get(e);
    if (!again) return undefined;
    if (again === last) continue;
    last = again;
    const made = again(ctx);
    if (!made || made.length === 0) return undefined;
    out.push(...made);
  }
  return out;
}

/** Sets a field of a service (`registerAs: external`). */
export function setServiceField(ctx: AnalyzerContext, service: Service, key: string, value: string): TextEdit[] {
  const id = service.id;
  return remembered(serviceFieldEdits(ctx, service, key, value), (c) => {
    const s = c.topology.serviceById.get(id);
    return s && setServiceField(c, s, key, value);
  });
}

function serviceFieldEdits(ctx: AnalyzerContext, service: Service, key: string, value: string): TextEdit[] {
  const f = service.fields[key];
  if (f) return [{ file: ctx.topology.file, range: f.value, newText: yamlScalar(value) }];
  return addField(ctx, service, key, yamlScalar(value), ['kind', 'port']);
}

/** Sets a placeholder property of a region or a host in the topology. */
export function setProperty(ctx: AnalyzerContext, scope: Region | Host, key: string, value: string): TextEdit[] {
  const edits = propertyEdits(ctx, scope, key, value);
  // A host by its place in the list (two regions may name a host alike), a region by its id.
  const id = scope.id;
  if (isRegionScope(scope)) {
    return remembered(edits, (c) => {
      const r = c.topology.regionById.get(id);
      return r && setProperty(c, r, key, value);
    });
  }
  const at = ctx.topology.hosts.indexOf(scope);
  if (at < 0) return edits;
  return remembered(edits, (c) => {
    const h = c.topology.hosts[at];
    return h?.id === id ? setProperty(c, h, key, value) : undefined;
  });
}

function isRegionScope(scope: Region | Host): scope is Region {
  return 'hosts' in scope && 'lan' in scope;
}

function propertyEdits(ctx: AnalyzerContext, scope: Region | Host, key: string, value: string): TextEdit[] {
  const existing: Property | undefined = scope.properties.get(key);
  const file = ctx.topology.file;
  if (existing) return [{ file, range: existing.range, newText: yamlScalar(value) }];
  const field = scope.fields.properties;
  if (field) {
    const t = textOf(ctx);
    if (!t) return [];
    if (isFlow(t.idx, field.value)) {
      return addField(ctx, { fields: { x: field }, range: field.value }, yamlScalar(key), yamlScalar(value), []);
    }
    const props = [...scope.properties.values()];
    if (props.length > 0) {
      const indent = ' '.repeat(props[0].keyRange.start.character);
      const last = props.reduce((a, b) => (b.range.end.line > a.range.end.line ? b : a));
      const pos = { line: last.range.end.line + 1, character: 0 };
      if (pos.line >= t.idx.lineCount) {
        const end = t.idx.positionAt(t.text.length);
        return [{ file, range: { start: end, end }, newText: `${t.text.endsWith('\n') ? '' : '\n'}${indent}${yamlScalar(key)}: ${yamlScalar(value)}\n` }];
      }
      return [{ file, range: { start: pos, end: pos }, newText: `${indent}${yamlScalar(key)}: ${yamlScalar(value)}\n` }];
    }
    // `properties:` with an empty value: give it a one-entry flow mapping.
    const sameAsKey = field.value.start.line === field.key.start.line && field.value.start.character === field.key.start.character;
    if (sameAsKey) {
      const colon = t.text.indexOf(':', t.idx.offsetAt(field.key.end));
      if (colon < 0) return [];
      const at = t.idx.positionAt(colon + 1);
      return [{ file, range: { start: at, end: at }, newText: ` { ${yamlScalar(key)}: ${yamlScalar(value)} }` }];
    }
    return [{ file, range: field.value, newText: `{ ${yamlScalar(key)}: ${yamlScalar(value)} }` }];
  }
  return addField(ctx, scope, 'properties', yamlScalar(value), isRegionScope(scope) ? ['lan', 'name'] : ['external', 'internal'], yamlScalar(key));
}
