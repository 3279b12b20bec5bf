import { isMap, isScalar, isSeq, type Node, parseAllDocuments, type Scalar } from 'yaml';
import { LineIndex } from '../text';
import { isActivationKey, type KeySegment, parseProperties, type PropertiesFile, type PropertyEntry } from './parse';

/**
 * Spring Boot's YAML configuration (`application.yml`) read as the properties it stands for:
 * nested keys joined with dots (`dubbo: { protocol: { port: -1 } }` is `dubbo.protocol.port`), list
 * items as `key[0]`, each scalar with the offsets of its key and value in the file. Documents that
 * only apply to a profile or platform (`spring.config.activate.on-profile`, `spring.profiles`, ...) are left out; of
 * the others, a later document overrides an earlier one, as Spring reads them. Never throws: what
 * does not parse yields no entries.
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
  for (const doc of list) {
    const found: PropertyEntry[] = [];
    walk(doc.contents, [], found, index, text);
    if (found.some((e) => isActivationKey(e.key))) continue;
    for (const e of found) {
      entries.push(e);
      byKey.set(e.key, e);
    }
  }
  return { entries, byKey };
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
  const value = node.value === null || node.value === undefined ? '' : node.type === 'PLAIN' ? raw : String(node.value);
  const key = path.map((s) => s.text).join('.');
  const last = path[path.length - 1];
  out.push({
    key,
    value,
    keyRange: index.rangeOf(last.start, last.end),
    valueRange: index.rangeOf(valueStart, valueEnd),
    // The entry's own line(s): its last key and the value.
    range: index.rangeOf(last.start, valueEnd),
    segments: path,
  });
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
