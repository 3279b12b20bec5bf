import { isMap, isScalar, isSeq, type Node, parseAllDocuments, type Scalar } from 'yaml';
import { LineIndex } from '../text';
import { activeDocuments, isActivationKey, type KeySegment, parseProperties, type PropertiesFile, type PropertyEntry } from './parse';

/**
 * Spring Boot's YAML configuration (`application.yml`) read as the properties it stands for:
 * nested keys joined with dots (`dubbo: { protocol: { port: -1 } }` is `dubbo.protocol.port`), list
 * items as `key[0]`, each scalar with the offsets of its key and value in the file. Documents that
 * only apply to a profile or platform (`spring.config.activate.on-profile`, `spring.profiles`, ...) are
 * left out unless the file activates that profile itself (see `activeDocuments`); a later document
 * overrides an earlier one, as Spring reads them. Never throws: what does not parse yields no entries.
 */
export function parseSpringYaml(text: string): PropertiesFile {
  const index = new LineIndex(text);
  const entries: PropertyEntry[] = [];
  const byKey = new Map<string, PropertyEntry>();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { uniqueKeys: false });
  } catch {
    return { entries, byKey };
  }
  const list = Array.isArray(docs) ? docs : [];
  const found: PropertyEntry[][] = [];
  for (const doc of list) {
    const one: PropertyEntry[] = [];
    walk(doc.contents, [], one, index, text);
    found.push(one);
  }
  if (found.length === 1 && !found[0].some((e) => isActivationKey(e.key))) {
    for (const e of found[0]) {
      entries.push(e);
      byKey.set(e.key, e);
    }
    return { entries, byKey };
  }
  return activeDocuments(found);
}

/** Whether a workspace path names a YAML file. */
export function isYamlFile(file: string): boolean {
  return /\.ya?ml$/i.test(file);
}

/** Whether a workspace path names a file of keys and values: `.properties`, or Spring Boot YAML. */
export function isKeyValueFile(file: string): boolean {
  return /\.(properties|ya?ml)$/i.test(file);
}

function walk(node: Node | null | undefined, path: KeySegment[], out: PropertyEntry[], index: LineIndex, text: string): void {
  if (!node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      const k = pair.key;
      if (!isScalar(k) || !k.range) continue;
      const written = String(k.value);
      const [start, end] = scalarSpan(k, text);
      walk(pair.value as Node | null, [...path, { text: written, start, end }], out, index, text);
    }
    return;
  }
  if (isSeq(node)) {
    node.items.forEach((item, i) => {
      const last = path[path.length - 1];
      if (!last) return;
      walk(item as Node, [...path.slice(0, -1), { ...last, text: `${last.text}[${i}]` }], out, index, text);
    });
    return;
  }
  if (!isScalar(node) || path.length === 0 || !node.range) return;
  const [valueStart, valueEnd] = scalarSpan(node, text);
  const raw = text.slice(valueStart, valueEnd);
  // A plain scalar's value is its text (`-1`, `true`, `6s` as written); a quoted one's is decoded. A
  // null (`~`, `null`) is an empty value: Spring Boot's YAML loader reads it as "", which binds as unset.
  // A plain scalar over several lines is folded into one (its line breaks read as spaces).
  const folded = node.type === 'PLAIN' && raw.includes('\n') && typeof node.value === 'string';
  const value = node.value === null || node.value === undefined ? '' : node.type === 'PLAIN' && !folded ? raw : String(node.value);
  const key = path.map((s) => s.text).join('.');
  const last = path[path.length - 1];
  const entry: PropertyEntry = {
    key,
    value,
    keyRange: index.rangeOf(last.start, last.end),
    valueRange: index.rangeOf(valueStart, valueEnd),
    // The entry's own line(s): its last key and the value.
    range: index.rangeOf(last.start, valueEnd),
    segments: path,
  };
  // A block scalar (`>-`, `|`) or a folded plain one: where each character of the value is written.
  if (value !== raw && (folded || node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL')) {
    const from = node.type === 'PLAIN' ? valueStart : text.indexOf('\n', valueStart) + 1;
    if (from > 0) entry.valueOffsets = placesOf(value, text, from, node.range[1]);
  }
  out.push(entry);
}

/**
 * Where each character of a folded or block scalar's value is written between `from` and `to`, and
 * its end: the characters in order, passing over indentation, a line break standing for a space or a
 * line break of the value. Undefined when the value cannot be found so (then it is not judged).
 */
function placesOf(value: string, text: string, from: number, to: number): number[] | undefined {
  const out: number[] = [];
  let p = from;
  for (let k = 0; k < value.length; k++) {
    const c = value[k];
    while (p < to && text[p] !== c) {
      // A line break of the text read as a space (folding) or as the value's own line break.
      if ((c === ' ' || c === '\n') && (text[p] === '\n' || text[p] === '\r')) break;
      if (text[p] !== ' ' && text[p] !== '\t' && text[p] !== '\n' && text[p] !== '\r') return undefined;
      p++;
    }
    if (p >= to) return c === '\n' && k === value.length - 1 ? [...out, to, to] : undefined;
    out.push(p++);
  }
  out.push(out.length > 0 ? out[out.length - 1] + 1 : from);
  return out;
}

/** Offsets of a scalar's text: inside the quotes for a quoted one. */
function scalarSpan(s: Scalar, text: string): [number, number] {
  const [start, end] = s.range!;
  if ((s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') && end - start >= 2) {
    // The range ends after the closing quote (and may include trailing blanks).
    let close = end;
    while (close > start && text[close - 1] !== (s.type === 'QUOTE_DOUBLE' ? '"' : "'")) close--;
    return [start + 1, Math.max(start + 1, close - 1)];
  }
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return [start, e];
}

/** A file of values by key: Spring Boot YAML by its extension, else Java properties. */
export function parsePropertiesFile(file: string, text: string): PropertiesFile {
  return isYamlFile(file) ? parseSpringYaml(text) : parseProperties(text);
}
