import type { AnalyzerContext, Resolution, Vantage } from '../analyzer';
import { isKeyValueFile } from '../properties/yaml';
import { LineIndex } from '../text';
import type { Position, Range, RelatedInfo } from '../types';

/**
 * Spring `${key}` / `${key:default}` placeholders: where they are in a value, and the value each
 * vantage host sees, with a map from every character of the resolved text back to where it is
 * written (the attribute itself, a properties line, a topology property, or the default), so a
 * finding can sit on the attribute while its fix edits the definition.
 */

export interface PlaceholderRef {
  key: string;
  fallback?: string;
  /** Offsets in the text that holds the placeholder: `${` … `}`. */
  start: number;
  end: number;
  keyStart: number;
  keyEnd: number;
  fallbackStart?: number;
}

/** Top-level placeholders of a text (nested ones stay inside their parent's key or default). */
export function findPlaceholders(text: string): PlaceholderRef[] {
  const out: PlaceholderRef[] = [];
  let i = text.indexOf('${');
  while (i >= 0) {
    let depth = 0;
    let end = -1;
    let colon = -1;
    for (let j = i + 2; j < text.length; j++) {
      if (text.startsWith('${', j)) {
        depth++;
        j++;
      } else if (text[j] === '}') {
        if (depth === 0) {
          end = j;
          break;
        }
        depth--;
      } else if (text[j] === ':' && depth === 0 && colon < 0) colon = j;
    }
    if (end < 0) break;
    const keyEnd = colon >= 0 ? colon : end;
    out.push({
      key: text.slice(i + 2, keyEnd).trim(),
      fallback: colon >= 0 ? text.slice(colon + 1, end) : undefined,
      start: i,
      end: end + 1,
      keyStart: i + 2,
      keyEnd,
      fallbackStart: colon >= 0 ? colon + 1 : undefined,
    });
    i = text.indexOf('${', end + 1);
  }
  return out;
}

export function hasPlaceholder(text: string): boolean {
  return text.includes('${');
}

/**
 * System properties every JVM defines (the keys `System.getProperties()` is documented to always hold,
 * and `file.encoding`). Spring resolves placeholders against the JVM's system properties too, so
 * `${user.home}` (as in `file="${user.home}/.dubbo/registry.cache"`) has a value on every host even
 * when the topology and the properties files say nothing of it.
 */
export const JVM_SYSTEM_PROPERTIES: ReadonlySet<string> = new Set([
  'java.version',
  'java.vendor',
  'java.vendor.url',
  'java.home',
  'java.vm.specification.version',
  'java.vm.specification.vendor',
  'java.vm.specification.name',
  'java.vm.version',
  'java.vm.vendor',
  'java.vm.name',
  'java.specification.version',
  'java.specification.vendor',
  'java.specification.name',
  'java.class.version',
  'java.class.path',
  'java.library.path',
  'java.io.tmpdir',
  'os.name',
  'os.arch',
  'os.version',
  'file.separator',
  'path.separator',
  'line.separator',
  'user.name',
  'user.home',
  'user.dir',
  'file.encoding',
]);

/**
 * System properties Tomcat's startup scripts set for every application it runs (`catalina.sh` starts
 * the JVM with `-Dcatalina.base=… -Dcatalina.home=…`). A file naming them is taken to run in Tomcat,
 * as the seed's consumers do (`upstream tomcatServer`).
 */
export const TOMCAT_SYSTEM_PROPERTIES: ReadonlySet<string> = new Set(['catalina.base', 'catalina.home']);

/**
 * Who gives a placeholder a value on every host without the topology or the files saying so: the
 * JVM (its system properties), Tomcat (`catalina.base`, `catalina.home`), or in a Spring Boot
 * configuration (a properties or YAML file) Spring Boot's `random.*` values
 * (`${random.int[20880,20980]}`, `${random.uuid}`), which Spring XML alone does not have.
 */
export function runtimeValue(key: string, file: string): 'jvm' | 'tomcat' | 'random' | undefined {
  if (JVM_SYSTEM_PROPERTIES.has(key)) return 'jvm';
  if (TOMCAT_SYSTEM_PROPERTIES.has(key)) return 'tomcat';
  if (key.startsWith('random.') && isKeyValueFile(file)) return 'random';
  return undefined;
}

/** A run of the resolved text and where it comes from. */
export interface Segment {
  start: number;
  end: number;
  file: string;
  /** File position of resolved offset `start + k` (undefined when the text is escaped or quoted differently). */
  map?: (k: number) => Position;
  /** The placeholder whose value this is (undefined for literal text of the attribute). */
  key?: string;
  origin?: Resolution['origin'];
  /** Where the placeholder's value is defined (the whole value). */
  definition?: { file: string; range: Range };
}

export interface ResolvedValue {
  text: string;
  segments: Segment[];
  /** Placeholders with no value for this vantage host and no default. */
  unresolved: string[];
  /** Keys used, with where their values came from. */
  used: { key: string; resolution?: Resolution; definition?: { file: string; range: Range } }[];
}

const indexCache = new WeakMap<AnalyzerContext, Map<string, LineIndex | undefined>>();

function indexOf(ctx: AnalyzerContext, file: string): LineIndex | undefined {
  let m = indexCache.get(ctx);
  if (!m) {
    m = new Map();
    indexCache.set(ctx, m);
  }
  if (!m.has(file)) {
    const t = ctx.ws.read(file);
    m.set(file, t === undefined ? undefined : new LineIndex(t));
  }
  return m.get(file);
}

/** Maps offsets inside a definition's value to file positions when the value is written verbatim on one line. */
function definitionMap(ctx: AnalyzerContext, file: string, range: Range, value: string): ((k: number) => Position) | undefined {
  if (range.start.line !== range.end.line) return undefined;
  const idx = indexOf(ctx, file);
  if (!idx) return undefined;
  const raw = idx.text.slice(idx.offsetAt(range.start), idx.offsetAt(range.end));
  let shift: number;
  if (raw === value) shift = 0;
  else if (raw.length === value.length + 2 && (raw[0] === '"' || raw[0] === "'") && raw.slice(1, -1) === value) shift = 1;
  else return undefined;
  const { line, character } = range.start;
  return (k: number) => ({ line, character: character + shift + k });
}

const MAX_DEPTH = 8;

/**
 * Resolves the placeholders of `text` for one vantage host. `map` locates each character of `text`
 * in `file` (undefined when it cannot).
 */
export function resolveText(
  ctx: AnalyzerContext,
  vantage: Vantage,
  text: string,
  file: string,
  map: ((k: number) => Position) | undefined,
  depth = 0,
): ResolvedValue {
  return resolveIn(ctx, vantage, text, file, map, depth, undefined);
}

/** A placeholder key looked up while resolving, and what the vantage host saw for it. */
interface Lookup {
  key: string;
  res: Resolution | undefined;
}

/** Resolutions of one text, each with the lookups it made (in order). */
const outcomes = new WeakMap<AnalyzerContext, WeakMap<object, { lookups: Lookup[]; rv: ResolvedValue }[]>>();

function sameResolution(a: Resolution | undefined, b: Resolution | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.value !== b.value || a.origin !== b.origin || a.file !== b.file) return false;
  if (a.range === b.range) return true;
  if (!a.range || !b.range) return false;
  return (
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}

/**
 * `resolveText` for a text that `owner` stands for (an XML attribute: the same text, file and map
 * every time), computed once per distinct outcome: a vantage host that sees the same definitions for
 * every key the resolution looked up gets the same result object. Resolution is deterministic given
 * those lookups, so results are identical to resolving again.
 */
export function resolveShared(
  ctx: AnalyzerContext,
  owner: object,
  vantage: Vantage,
  text: string,
  file: string,
  map: () => ((k: number) => Position) | undefined,
): ResolvedValue {
  let byOwner = outcomes.get(ctx);
  if (!byOwner) outcomes.set(ctx, (byOwner = new WeakMap()));
  let seen = byOwner.get(owner);
  if (!seen) byOwner.set(owner, (seen = []));
  outer: for (const o of seen) {
    for (const l of o.lookups) if (!sameResolution(ctx.resolve(l.key, vantage), l.res)) continue outer;
    return o.rv;
  }
  const lookups: Lookup[] = [];
  const rv = resolveIn(ctx, vantage, text, file, map(), 0, lookups);
  seen.push({ lookups, rv });
  return rv;
}

function resolveIn(
  ctx: AnalyzerContext,
  vantage: Vantage,
  text: string,
  file: string,
  map: ((k: number) => Position) | undefined,
  depth: number,
  lookups: Lookup[] | undefined,
): ResolvedValue {
  const refs = findPlaceholders(text);
  const out: ResolvedValue = { text: '', segments: [], unresolved: [], used: [] };
  const literal = (from: number, to: number) => {
    if (to <= from) return;
    const start = out.text.length;
    out.text += text.slice(from, to);
    out.segments.push({ start, end: out.text.length, file, map: map ? (k) => map(from + k) : undefined });
  };
  let pos = 0;
  for (const ref of refs) {
    literal(pos, ref.start);
    pos = ref.end;
    // A key may itself hold placeholders (`${${env}.host}`).
    const key = hasPlaceholder(ref.key) && depth < MAX_DEPTH ? resolveIn(ctx, vantage, ref.key, file, undefined, depth + 1, lookups).text : ref.key;
    const res = depth < MAX_DEPTH ? ctx.resolve(key, vantage) : undefined;
    if (lookups && depth < MAX_DEPTH) lookups.push({ key, res });
    if (res && res.origin !== 'default') {
      const defFile = res.file ?? file;
      const definition = res.range ? { file: defFile, range: res.range } : undefined;
      out.used.push({ key, resolution: res, definition });
      const inner = resolveIn(ctx, vantage, res.value, defFile, res.range ? definitionMap(ctx, defFile, res.range, res.value) : undefined, depth + 1, lookups);
      const base = out.text.length;
      out.text += inner.text;
      for (const s of inner.segments) {
        out.segments.push({
          ...s,
          start: base + s.start,
          end: base + s.end,
          key: s.key ?? key,
          origin: s.origin ?? res.origin,
          definition: s.definition ?? definition,
        });
      }
      out.unresolved.push(...inner.unresolved);
      out.used.push(...inner.used);
    } else if (ref.fallback !== undefined) {
      out.used.push({ key });
      const fb = ref.fallbackStart!;
      const inner = resolveIn(ctx, vantage, ref.fallback, file, map ? (k) => map(fb + k) : undefined, depth + 1, lookups);
      const base = out.text.length;
      out.text += inner.text;
      for (const s of inner.segments) out.segments.push({ ...s, start: base + s.start, end: base + s.end, key: s.key ?? key, origin: s.origin ?? 'default' });
      out.unresolved.push(...inner.unresolved);
      out.used.push(...inner.used);
    } else {
      out.unresolved.push(key);
      out.used.push({ key });
      const start = out.text.length;
      out.text += text.slice(ref.start, ref.end);
      out.segments.push({ start, end: out.text.length, file, key });
    }
  }
  literal(pos, text.length);
  return out;
}

/** Where `[start, end)` of the resolved text is written, when it lies inside one mappable segment. */
export function locate(rv: ResolvedValue, start: number, end: number): { file: string; range: Range } | undefined {
  for (const s of rv.segments) {
    if (start >= s.start && end <= s.end && s.map && (s.key === undefined || s.origin !== undefined)) {
      return { file: s.file, range: { start: s.map(start - s.start), end: s.map(end - s.start) } };
    }
  }
  return undefined;
}

/** Related information pointing to the definition of the placeholder `[start, end)` comes from. */
export function originOf(rv: ResolvedValue, start: number, end: number): RelatedInfo | undefined {
  for (const s of rv.segments) {
    if (s.key !== undefined && s.definition && start < s.end && end > s.start) {
      return { file: s.definition.file, range: s.definition.range, message: { id: 'common/definedHere', data: { key: s.key } } };
    }
  }
  return undefined;
}

