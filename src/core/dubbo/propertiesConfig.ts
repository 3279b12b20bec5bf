import { parseProperties, type PropertiesFile } from '../properties/parse';
import { LineIndex } from '../text';
import type { Range } from '../types';
import { apacheSchema, looseName } from './schema';
import { DUBBO_NS_APACHE, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Dubbo configuration written as properties (`dubbo.properties`, Spring Boot's
 * `application.properties`): `dubbo.<tag>.<attribute>=value` configures the single `<dubbo:tag>`,
 * `dubbo.<tags>.<id>.<attribute>=value` the one with that id (`dubbo.registries.east.address`).
 * Each such group of keys is read as the element it configures, with every attribute's name and
 * value at their offsets in the properties text, so the Dubbo rules judge both forms alike.
 *
 * Names bind loosely, as Spring Boot's relaxed binding does: `config-center`, `configCenter` and
 * `config_center` are one tag; `qosEnable` is the attribute `qos-enable`. Keys of other prefixes
 * and keys nested below an attribute (`dubbo.registry.parameters.x`) are not read.
 */

/** The tags Dubbo's properties configure, with the plural (keyed by id) form where there is one. */
const TAGS: readonly (readonly [string, string | undefined])[] = [
  ['application', undefined],
  ['registry', 'registries'],
  ['protocol', 'protocols'],
  ['provider', 'providers'],
  ['consumer', 'consumers'],
  ['config-center', 'config-centers'],
  ['metadata-report', 'metadata-reports'],
  ['monitor', 'monitors'],
  ['module', 'modules'],
  ['metrics', 'metricses'],
  ['tracing', 'tracings'],
  ['ssl', undefined],
];

/** The element tags `dubbo.<tag>.…` keys configure, in the order completion offers them. */
export const PROPERTY_TAGS: readonly string[] = TAGS.map(([tag]) => tag);

/** Singular and plural forms by their loose name. */
const SINGULAR = new Map<string, string>();
const PLURAL = new Map<string, string>();
for (const [tag, plural] of TAGS) {
  SINGULAR.set(looseName(tag), tag);
  if (plural) PLURAL.set(looseName(plural), tag);
}

/** The tag a key's second segment names in the singular form, however written (`configCenter` → `config-center`). */
export function propertyTag(segment: string): string | undefined {
  return SINGULAR.get(looseName(segment));
}

/** How a properties file holds Dubbo configuration: the elements it reads as, and which entries made them. */
export interface PropertiesDubboConfig {
  doc: XmlDocument;
  /** Keys read as attributes (the others are plain values, e.g. for placeholders). */
  keys: ReadonlySet<string>;
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map();

/** The canonical attribute name of an element for a key's loosely written one (as written when unknown). */
function attributeName(tag: string, written: string): string {
  const info = apacheSchema.elements.get(tag);
  if (!info || info.attributes.has(written)) return written;
  const loose = looseName(written);
  for (const name of info.attributes.keys()) if (looseName(name) === loose) return name;
  return written;
}

/** Reads the `dubbo.*` keys of a properties file as Dubbo elements (none: no element). */
export function dubboConfigOfProperties(text: string, props: PropertiesFile = parseProperties(text)): PropertiesDubboConfig {
  const index = new LineIndex(text);
  const groups = new Map<string, XmlElement>();
  const keys = new Set<string>();
  const placeholders: { el: XmlElement; a: XmlAttribute }[] = [];
  const offset = (r: Range['start']) => index.offsetAt(r);
  for (const e of props.entries) {
    // The last definition of a key is the one Java reads.
    if (props.byKey.get(e.key) !== e || !e.key.startsWith('dubbo.')) continue;
    const keyStart = offset(e.keyRange.start);
    const valueStart = offset(e.valueRange.start);
    const valueEnd = offset(e.valueRange.end);
    // Only keys and values written without escapes: their offsets map one to one.
    if (text.slice(keyStart, offset(e.keyRange.end)) !== e.key || text.slice(valueStart, valueEnd) !== e.value) continue;
    const parts = e.key.split('.');
    let tag = parts.length === 3 ? SINGULAR.get(looseName(parts[1])) : undefined;
    let id: string | undefined;
    if (!tag && parts.length === 4) {
      tag = PLURAL.get(looseName(parts[1]));
      id = parts[2];
    }
    if (!tag || parts[parts.length - 1] === '' || (id !== undefined && id === '')) continue;
    const written = parts[parts.length - 1];
    const attrStart = keyStart + e.key.length - written.length;
    const groupKey = id === undefined ? tag : `${tag}\u0000${id}`;
    let el = groups.get(groupKey);
    if (!el) {
      // The element's name is the key up to the attribute: `dubbo.registry`, `dubbo.registries.east`.
      el = {
        name: `dubbo:${tag}`,
        prefix: 'dubbo',
        local: tag,
        ns: DUBBO_NS_APACHE,
        start: keyStart,
        nameStart: keyStart,
        nameEnd: attrStart - 1,
        tagEnd: valueEnd,
        selfClosing: true,
        end: valueEnd,
        attrs: [],
        children: [],
        scope: EMPTY_SCOPE,
      };
      groups.set(groupKey, el);
      if (id !== undefined) {
        const idStart = keyStart + parts[0].length + parts[1].length + 2;
        el.attrs.push({ name: 'id', local: 'id', value: id, raw: id, placeholder: false, nameStart: idStart, nameEnd: idStart + id.length, valueStart: idStart, valueEnd: idStart + id.length });
      }
    }
    const local = attributeName(tag, written);
    const a: XmlAttribute = {
      name: local,
      local,
      value: e.value,
      raw: e.value,
      placeholder: e.value.includes('${'),
      nameStart: attrStart,
      nameEnd: attrStart + written.length,
      valueStart,
      valueEnd,
    };
    el.attrs.push(a);
    el.tagEnd = el.end = Math.max(el.tagEnd, valueEnd);
    keys.add(e.key);
    if (a.placeholder) placeholders.push({ el, a });
  }
  const elements = [...groups.values()].sort((x, y) => x.start - y.start);
  placeholders.sort((x, y) => x.a.nameStart - y.a.nameStart);
  return { doc: { text, index, roots: elements, elements, placeholders, format: 'properties' }, keys };
}

const CACHE_SIZE = 1024;
const cache = new Map<string, { text: string; config: PropertiesDubboConfig }>();

/** `dubboConfigOfProperties`, cached by file and text (the model and the analysis share one reading). */
export function propertiesConfigCached(file: string, text: string, props?: PropertiesFile): PropertiesDubboConfig {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.config;
  const config = dubboConfigOfProperties(text, props);
  if (hit) cache.delete(file);
  else if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(file, { text, config });
  return config;
}

export function clearPropertiesConfigCache(): void {
  cache.clear();
}

/** Whether a workspace path names a Java properties file. */
export function isPropertiesFile(file: string): boolean {
  return file.toLowerCase().endsWith('.properties');
}

/** The key an attribute of a properties file's element is written as (`dubbo.protocol.port`). */
export function propertyKey(doc: XmlDocument, el: XmlElement, a: XmlAttribute): string {
  const prefix = doc.text.slice(el.nameStart, el.nameEnd);
  // The id of `dubbo.registries.<id>.…` sits inside the element's name.
  return a.nameStart < el.nameEnd ? prefix : `${prefix}.${doc.text.slice(a.nameStart, a.nameEnd)}`;
}

/** An attribute with a value as the file writes it: `port="-1"` in XML, `dubbo.protocol.port=-1` in properties. */
export function writtenSetting(doc: XmlDocument, el: XmlElement, a: XmlAttribute, value: string): string {
  return doc.format === 'properties' ? `${propertyKey(doc, el, a)}=${value}` : `${a.name}="${value}"`;
}
