import { type KeySegment, parseProperties, type PropertiesFile, type PropertyEntry } from '../properties/parse';
import { isKeyValueFile, isYamlFile, parsePropertiesFile } from '../properties/yaml';
import { LineIndex, TextCache } from '../text';
import { validProperty } from './beanProperties';
import { apacheSchema, looseName } from './schema';
import { DUBBO_NS_APACHE, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Dubbo configuration written as properties (`dubbo.properties`, Spring Boot's
 * `application.properties`, or `application.yml` read as the properties it stands for, see
 * properties/yaml.ts): `dubbo.<tag>.<attribute>=value` configures the single `<dubbo:tag>`,
 * `dubbo.<tags>.<id>.<attribute>=value` the one with that id (`dubbo.registries.east.address`).
 * Each such group of keys is read as the element it configures, with every attribute's name and
 * value at their offsets in the file, so the Dubbo rules judge every form alike.
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

/**
 * The tag a key's parts set an attribute of: `dubbo.<tag>.<attribute>` (singular) or
 * `dubbo.<tags>.<id>.<attribute>` (plural), the tag however written (`configCenter` → `config-center`).
 */
function tagOfParts(parts: readonly string[]): string | undefined {
  if (parts[0] !== 'dubbo' || parts.some((p) => p === '')) return undefined;
  if (parts.length === 3) return SINGULAR.get(looseName(parts[1]));
  if (parts.length === 4) return PLURAL.get(looseName(parts[1]));
  return undefined;
}

/** The plural form of a tag (`protocols`), keyed by id, where there is one. */
export function pluralTag(tag: string): string | undefined {
  return TAGS.find(([t]) => t === tag)?.[1];
}

/** The element and attribute a whole key sets (`dubbo.protocols.p1.port` → protocol, port), if it sets one. */
export function elementOfKey(key: string): { tag: string; attribute: string } | undefined {
  const parts = key.split('.');
  const tag = tagOfParts(parts);
  return tag ? { tag, attribute: parts[parts.length - 1] } : undefined;
}

/** The tag a key prefix names for its attributes (`dubbo.protocol`, `dubbo.protocols.p1`), if any. */
export function elementOfPrefix(prefix: string): string | undefined {
  return elementOfKey(`${prefix}.x`)?.tag;
}

/** How a properties file holds Dubbo configuration: the elements it reads as, and which entries made them. */
export interface PropertiesDubboConfig {
  doc: XmlDocument;
  /** Keys read as attributes (the others are plain values, e.g. for placeholders). */
  keys: ReadonlySet<string>;
}

const EMPTY_SCOPE: ReadonlyMap<string, string> = new Map();

/**
 * The canonical name of the property a key's loosely written last part sets (`qosEnable` →
 * `qos-enable`, `metadataServicePort` → `metadata-service-port`): the XSD's attribute, else the
 * config bean's property; as written when the class has neither.
 */
function attributeName(tag: string, written: string): string {
  const info = apacheSchema.elements.get(tag);
  if (!info || info.attributes.has(written)) return written;
  const loose = looseName(written);
  for (const name of info.attributes.keys()) if (looseName(name) === loose) return name;
  return validProperty(tag, written) ?? written;
}

/**
 * The dot-separated parts of an entry's key with their offsets, when every part is written as it
 * reads (no escapes, no quotes changing it); undefined otherwise.
 */
function keyParts(text: string, index: LineIndex, e: PropertyEntry): KeySegment[] | undefined {
  const written: KeySegment[] = e.segments ?? [{ text: e.key, start: index.offsetAt(e.keyRange.start), end: index.offsetAt(e.keyRange.end) }];
  const parts: KeySegment[] = [];
  for (const seg of written) {
    if (text.slice(seg.start, seg.end) !== seg.text) return undefined;
    let at = seg.start;
    for (const part of seg.text.split('.')) {
      parts.push({ text: part, start: at, end: at + part.length });
      at += part.length + 1;
    }
  }
  return parts;
}

/** Reads the `dubbo.*` keys of a properties or Spring Boot YAML file as Dubbo elements (none: no element). */
export function dubboConfigOfProperties(text: string, props: PropertiesFile = parseProperties(text), format: 'properties' | 'yaml' = 'properties'): PropertiesDubboConfig {
  const index = new LineIndex(text);
  const groups = new Map<string, XmlElement>();
  const keys = new Set<string>();
  const placeholders: { el: XmlElement; a: XmlAttribute }[] = [];
  for (const e of props.entries) {
    // The last definition of a key is the one Java reads.
    if (props.byKey.get(e.key) !== e || !e.key.startsWith('dubbo.')) continue;
    const valueStart = index.offsetAt(e.valueRange.start);
    const valueEnd = index.offsetAt(e.valueRange.end);
    // Keys written as they read; values too, or with the place of each character (continuation lines).
    const written = text.slice(valueStart, valueEnd);
    const parts = written === e.value || e.valueOffsets ? keyParts(text, index, e) : undefined;
    if (!parts || parts.some((p) => p.text === '' || p.text.includes('['))) continue;
    const tag = tagOfParts(parts.map((p) => p.text));
    if (!tag) continue;
    const id: KeySegment | undefined = parts.length === 4 ? parts[2] : undefined;
    const attrPart = parts[parts.length - 1];
    const named = parts.slice(0, parts.length - 1);
    const prefix = named.map((p) => p.text).join('.');
    const groupKey = id === undefined ? tag : `${tag}\u0000${id.text}`;
    let el = groups.get(groupKey);
    if (!el) {
      // The element's name is the key up to the attribute (`dubbo.registries.east`) where it is
      // written in one piece, else (nested YAML) the part naming it (`protocol:`, `east:`).
      const whole = text.slice(named[0].start, named[named.length - 1].end) === prefix;
      const last = named[named.length - 1];
      el = {
        name: `dubbo:${tag}`,
        prefix: 'dubbo',
        local: tag,
        ns: DUBBO_NS_APACHE,
        start: whole ? named[0].start : last.start,
        nameStart: whole ? named[0].start : last.start,
        nameEnd: last.end,
        tagEnd: valueEnd,
        selfClosing: true,
        end: valueEnd,
        attrs: [],
        children: [],
        scope: EMPTY_SCOPE,
        key: prefix,
      };
      groups.set(groupKey, el);
      if (id !== undefined) {
        el.attrs.push({ name: 'id', local: 'id', value: id.text, raw: id.text, placeholder: false, nameStart: id.start, nameEnd: id.end, valueStart: id.start, valueEnd: id.end, key: prefix });
      }
    }
    const local = attributeName(tag, attrPart.text);
    const a: XmlAttribute = {
      name: local,
      local,
      value: e.value,
      raw: written,
      placeholder: e.value.includes('${'),
      nameStart: attrPart.start,
      nameEnd: attrPart.end,
      valueStart,
      valueEnd,
      key: e.key,
    };
    if (written !== e.value) a.valueMap = e.valueOffsets;
    el.attrs.push(a);
    el.tagEnd = el.end = Math.max(el.tagEnd, valueEnd);
    keys.add(e.key);
    if (a.placeholder) placeholders.push({ el, a });
  }
  const elements = [...groups.values()].sort((x, y) => x.start - y.start);
  placeholders.sort((x, y) => x.a.nameStart - y.a.nameStart);
  return { doc: { text, index, roots: elements, elements, placeholders, format }, keys };
}

const cache = new TextCache<PropertiesDubboConfig>(1024);

/** The configurations of readings of a file with profiles the deploy activates (`withProfiles`), by reading. */
const withProfilesCache = new WeakMap<PropertiesFile, PropertiesDubboConfig>();

/**
 * `dubboConfigOfProperties`, cached by file and text (the model and the analysis share one reading);
 * for a reading with profiles set from outside the file (`props.own`), by that reading.
 */
export function propertiesConfigCached(file: string, text: string, props?: PropertiesFile): PropertiesDubboConfig {
  if (props?.own) {
    let c = withProfilesCache.get(props);
    if (!c) withProfilesCache.set(props, (c = dubboConfigOfProperties(text, props, isYamlFile(file) ? 'yaml' : 'properties')));
    return c;
  }
  return cache.get(file, text, () => dubboConfigOfProperties(text, props ?? parsePropertiesFile(file, text), isYamlFile(file) ? 'yaml' : 'properties'));
}

export function clearPropertiesConfigCache(): void {
  cache.clear();
}

/** Whether a workspace path names a file of keys and values Dubbo can be configured by (properties, Spring Boot YAML). */
export function isPropertiesFile(file: string): boolean {
  return isKeyValueFile(file);
}

/** The key an attribute of a properties or YAML element is set by (`dubbo.protocol.port`). */
export function propertyKey(a: XmlAttribute): string {
  return a.key ?? a.name;
}

/** An attribute with a value as the file writes it: `port="-1"` in XML, `dubbo.protocol.port=-1` in properties, `dubbo.protocol.port: -1` for YAML. */
export function writtenSetting(doc: XmlDocument, a: XmlAttribute, value: string): string {
  return doc.format ? keySetting(doc, propertyKey(a), value) : `${a.name}="${value}"`;
}

/** A key with a value as a properties (`key=value`) or YAML (`key: value`) file writes it. */
export function keySetting(doc: XmlDocument, key: string, value: string): string {
  return doc.format === 'yaml' ? `${key}: ${value}` : `${key}=${value}`;
}
