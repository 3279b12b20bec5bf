import { isAlias, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { nearest } from '../ip';
import { nameList } from '../l10n';
import type { LineIndex } from '../text';
import type { Finding, MessageRef, Range } from '../types';

/**
 * A small JSON-Schema (draft-07 subset) validator that walks the YAML AST, so every
 * `topology-schema` finding points at the exact key or value. Supports the keywords the topology
 * schema uses: $ref, type, enum, pattern, properties, additionalProperties, propertyNames.pattern,
 * required, items, minItems, minimum, maximum, oneOf.
 */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: { pattern?: string; enum?: string[] };
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  oneOf?: JsonSchema[];
  description?: string;
  definitions?: Record<string, JsonSchema>;
}

export function validateYaml(
  root: Node | null,
  schema: JsonSchema,
  file: string,
  idx: LineIndex,
  /** `everyNode`: walk into every node, without first asking whether it holds anything to report (the reference the tests hold the shortcut to). */
  options: { everyNode?: boolean } = {},
): Finding[] {
  const out: Finding[] = [];
  // Ranges and paths are only made when a finding needs them: a valid topology of a few hundred
  // hosts has thousands of keys and none of them is reported.
  const rangeOf = (n: Node | null | undefined, fallback: Where): Range =>
    n?.range ? idx.rangeOf(n.range[0], n.range[1]) : fallback.range();
  const resolved = new Map<JsonSchema, JsonSchema>();
  const resolve = (s: JsonSchema): JsonSchema => {
    if (!s.$ref) return s;
    let r = resolved.get(s);
    if (!r) {
      const name = s.$ref.replace('#/definitions/', '');
      const target = schema.definitions?.[name] ?? {};
      const { $ref: _ignored, ...rest } = s;
      r = { ...resolve(target), ...rest };
      resolved.set(s, r);
    }
    return r;
  };
  const patterns = new Map<string, RegExp>();
  const pattern = (p: string): RegExp => {
    let re = patterns.get(p);
    if (!re) patterns.set(p, (re = new RegExp(p)));
    return re;
  };

  const typeOf = (n: Node | null): string => {
    if (n === null || n === undefined) return 'null';
    if (isMap(n)) return 'object';
    if (isSeq(n)) return 'array';
    if (isScalar(n)) {
      const v = n.value;
      if (v === null) return 'null';
      if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
      return typeof v;
    }
    return 'unknown';
  };
  const typeMatches = (actual: string, expected: string | string[]): boolean => {
    const list = Array.isArray(expected) ? expected : [expected];
    return list.some((e) => e === actual || (e === 'number' && actual === 'integer'));
  };

  /**
   * Whether `walk` would find nothing in `n`, found without making anything: a topology is mostly
   * valid, and `walk` only goes into the parts where this says it would report.
   */
  const valid = (n: Node | null, s0: JsonSchema): boolean => {
    if (isAlias(n)) return true;
    const s = resolve(s0);
    if (s.oneOf) return s.oneOf.some((alt) => valid(n, alt));
    if (s.type && !typeMatches(typeOf(n), s.type)) return false;
    if (isScalar(n)) {
      const v = n.value;
      if (s.enum && !s.enum.includes(v)) return false;
      if (s.pattern && typeof v === 'string' && !pattern(s.pattern).test(v)) return false;
      if (typeof v === 'number' && ((s.minimum !== undefined && v < s.minimum) || (s.maximum !== undefined && v > s.maximum))) return false;
      return true;
    }
    if (isSeq(n)) {
      if (s.minItems !== undefined && n.items.length < s.minItems) return false;
      if (s.items) for (const it of n.items) if (!valid(it as Node, s.items)) return false;
      return true;
    }
    if (isMap(n)) {
      const items = n.items as Pair<Node, Node>[];
      for (const pair of items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        if (s.propertyNames?.pattern && !pattern(s.propertyNames.pattern).test(key)) return false;
        if (s.propertyNames?.enum && !s.propertyNames.enum.includes(key)) return false;
        const prop = s.properties?.[key];
        if (prop) {
          if (!valid(pair.value, prop)) return false;
        } else if (s.additionalProperties === false) return false;
        else if (typeof s.additionalProperties === 'object' && !valid(pair.value, s.additionalProperties)) return false;
      }
      for (const req of s.required ?? []) if (!items.some((p) => (isScalar(p.key) ? String(p.key.value) : '') === req)) return false;
    }
    return true;
  };

  const walk = (n: Node | null, s0: JsonSchema, where: Where, sink: Finding[]) => {
    if (!options.everyNode && valid(n, s0)) return;
    // An alias that could not be followed is a topology-syntax finding already.
    if (isAlias(n)) return;
    const s = resolve(s0);
    const push = (range: Range, message: MessageRef) =>
      sink.push({ rule: 'topology-schema', file, range, message });
    if (s.oneOf) {
      let best: Finding[] | undefined;
      for (const alt of s.oneOf) {
        const trial: Finding[] = [];
        walk(n, alt, where, trial);
        if (trial.length === 0) return;
        const altType = resolve(alt).type;
        const typeOk = altType === undefined || typeMatches(typeOf(n), altType);
        if (typeOk && (!best || trial.length < best.length)) best = trial;
      }
      if (best) sink.push(...best);
      else push(rangeOf(n, where), { id: 'wrongType', data: { path: where.path(), expected: describeOneOf(s.oneOf.map(resolve)), actual: typeRef(typeOf(n)), hint: '' } });
      return;
    }
    const actual = typeOf(n);
    if (s.type && !typeMatches(actual, s.type)) {
      // `port: "20880"`: a number in quotes is a string to YAML.
      const quoted = isScalar(n) && typeof n.value === 'string' && typeMatches('integer', s.type) && /^-?\d+(\.\d+)?$/.test(n.value.trim());
      // `name: 2024`: text that YAML reads as a number or a boolean, quoted as written.
      // Not where a list of words is expected (`ip-duplicate: false` in rules:): quoting would not help.
      const bare = isScalar(n) && (typeof n.value === 'number' || typeof n.value === 'boolean') && n.range && typeMatches('string', s.type) && !s.enum;
      const hint: MessageRef | '' = quoted
        ? { id: 'quotedNumber', data: { value: String(n.value).trim() } }
        : bare
          ? { id: 'quoteText', data: { value: idx.text.slice(n.range![0], n.range![1]) } }
          : '';
      push(rangeOf(n, where), { id: actual === 'null' ? 'empty' : 'wrongType', data: { path: where.path(), expected: typeRef(s.type), actual: typeRef(actual), hint } });
      return;
    }
    if (s.enum && isScalar(n) && !s.enum.includes(n.value)) {
      push(rangeOf(n, where), { id: 'notInEnum', data: { path: where.path(), value: String(n.value), expected: nameList(s.enum.map(String)) } });
    }
    if (s.pattern && isScalar(n) && typeof n.value === 'string' && !pattern(s.pattern).test(n.value)) {
      push(rangeOf(n, where), { id: 'noMatch', data: { path: where.path(), value: n.value, expected: patternRef(s.pattern) } });
    }
    if (isScalar(n) && typeof n.value === 'number') {
      if (s.minimum !== undefined && n.value < s.minimum)
        push(rangeOf(n, where), { id: 'tooSmall', data: { path: where.path(), value: n.value, limit: s.minimum } });
      if (s.maximum !== undefined && n.value > s.maximum)
        push(rangeOf(n, where), { id: 'tooLarge', data: { path: where.path(), value: n.value, limit: s.maximum } });
    }
    if (isSeq(n)) {
      if (s.minItems !== undefined && n.items.length < s.minItems)
        push(rangeOf(n, where), { id: n.items.length === 0 && s.minItems === 1 ? 'emptyList' : 'tooFew', data: { path: where.path(), count: s.minItems } });
      if (s.items) {
        const itemSchema = s.items;
        n.items.forEach((it, i) => walk(it as Node, itemSchema, item(where, n, i), sink));
      }
    }
    if (isMap(n)) {
      const seen = new Set<string>();
      // Keys offered as the fix of a misspelled key: that finding covers the key missing too.
      const offered = new Set<string>();
      for (const pair of n.items as Pair<Node, Node>[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '';
        const child = member(where, key, () => rangeOf(pair.key, where));
        seen.add(key);
        if (s.propertyNames?.pattern && !pattern(s.propertyNames.pattern).test(key)) {
          push(child.range(), { id: 'badId', data: { path: child.path(), pattern: s.propertyNames.pattern } });
        }
        const names = s.propertyNames?.enum;
        if (names && !names.includes(key)) {
          // A name from a closed list (a rule id in `rules:`): the closest one as a fix.
          const range = child.range();
          const near = nearest(key, names, Math.max(2, Math.floor(key.length / 3)));
          sink.push({
            rule: 'topology-schema',
            file,
            range,
            message: { id: 'unknownName', data: { key, path: where.path() || '/', suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } },
            fixes: near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file, range, newText: near }] }] : [],
          });
        }
        const prop = s.properties?.[key];
        if (prop) walk(pair.value, prop, child, sink);
        else if (s.additionalProperties === false) {
          // A misspelled key (`extrenal`): the closest known key as a did-you-mean and a fix.
          const keys = Object.keys(s.properties ?? {});
          const range = child.range();
          // Never a key the mapping has already: the fix would write it twice.
          const written = new Set((n.items as Pair<Node, Node>[]).map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
          const near = nearest(key, keys.filter((k) => !written.has(k)), Math.max(2, Math.floor(key.length / 3)));
          if (near) offered.add(near);
          sink.push({
            rule: 'topology-schema',
            file,
            range,
            message: { id: 'unknownKey', data: { key, path: where.path() || '/', expected: nameList(keys), suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } },
            fixes: near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file, range, newText: near }] }] : [],
          });
        } else if (typeof s.additionalProperties === 'object') {
          walk(pair.value, s.additionalProperties, child, sink);
        }
      }
      for (const req of s.required ?? []) {
        if (!seen.has(req) && !offered.has(req)) push(where.range(), { id: 'missing', data: { path: where.path() || '/', key: req } });
      }
    }
  };

  const origin: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  walk(root, schema, { path: () => '', range: () => origin }, out);
  return out;

  /** A sequence item: its path `a.b[i]`; without a range of its own, the sequence's. */
  function item(parent: Where, seq: Node, i: number): Where {
    return { path: () => `${parent.path()}[${i}]`, range: () => rangeOf(seq, parent) };
  }
}

/** Where a node sits, made on demand: its dotted path and the range a finding about it points at. */
interface Where {
  path(): string;
  range(): Range;
}

function member(parent: Where, key: string, range: () => Range): Where {
  return {
    path: () => {
      const p = parent.path();
      return p ? `${p}.${key}` : key;
    },
    range,
  };
}

const TYPE_IDS: Record<string, string> = {
  object: 'typeObject',
  array: 'typeArray',
  string: 'typeString',
  integer: 'typeInteger',
  number: 'typeNumber',
  boolean: 'typeBoolean',
  null: 'typeNull',
};

/** A JSON type, or a list of them joined by ` | `, named in the reader's language. */
function typeRef(t: string | string[]): MessageRef | string {
  const refs = (Array.isArray(t) ? t : [t]).map((x): MessageRef | string => (TYPE_IDS[x] ? { id: TYPE_IDS[x], data: {} } : x));
  return refs.reduce((a, b) => ({ id: 'either', data: { a, b } }));
}

/**
 * What a string `pattern` asks for, in words for the patterns the topology schema uses (`^/`: an
 * absolute path) and as the pattern itself for any other.
 */
const PATTERN_IDS: Record<string, string> = {
  '^/': 'patternAbsolutePath',
};

function patternRef(p: string): MessageRef {
  return PATTERN_IDS[p] ? { id: PATTERN_IDS[p], data: {} } : { id: 'patternOther', data: { pattern: p } };
}

function describeOneOf(alts: JsonSchema[]): string {
  return alts
    .map((a) => (a.type === 'object' && a.required ? `{ ${a.required.join(', ')} }` : String(a.type ?? '?')))
    .join(' | ');
}
