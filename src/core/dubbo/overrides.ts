import type { AnalyzerContext, Vantage } from '../analyzer';
import type { Topology } from '../topology/model';
import { pluralTag } from './propertiesConfig';
import { looseName } from './schema';
import { attr, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Dubbo settings the topology gives a host as system properties. The deploy passes a host's and its
 * region's `properties:` as `-D` (plan.ts); Dubbo reads `dubbo.<tag>[.<id>].<attribute>` system
 * properties before the XML (2.6 `AbstractConfig.appendProperties`; 3.x, with `dubbo.<tag>s.<id>.`
 * too), and Spring Boot binds them before `application.properties`. So a topology property such as
 * `dubbo.protocol.host` is the value of that attribute on that host, whatever the config writes —
 * even where it writes nothing.
 */

/** The `dubbo.*` keys any host or region of the topology sets, by loose name (once per topology). */
const keysByTopology = new WeakMap<Topology, Map<string, string[]>>();

function dubboKeys(topology: Topology): Map<string, string[]> {
  let keys = keysByTopology.get(topology);
  if (!keys) {
    keys = new Map();
    const add = (k: string) => {
      if (!k.startsWith('dubbo.')) return;
      const loose = looseKey(k);
      const list = keys!.get(loose);
      if (!list) keys!.set(loose, [k]);
      else if (!list.includes(k)) list.push(k);
    };
    for (const r of topology.regions) {
      for (const k of r.properties.keys()) add(k);
      for (const h of r.hosts) for (const k of h.properties.keys()) add(k);
    }
    keysByTopology.set(topology, keys);
  }
  return keys;
}

/** A key compared as Spring's relaxed binding does: per part, case, `-` and `_` do not count. */
function looseKey(k: string): string {
  return k.split('.').map(looseName).join('.');
}

/** The keys that set `attribute` of `el` (a `<dubbo:tag>`, or the tag's default when there is no element), most specific first. */
function candidates(el: XmlElement | undefined, tag: string, attribute: string): string[] {
  const out: string[] = [];
  if (el?.key) out.push(`${el.key}.${attribute}`);
  const id = el ? attr(el, 'id')?.value.trim() : undefined;
  if (id) {
    out.push(`dubbo.${tag}.${id}.${attribute}`);
    const plural = pluralTag(tag);
    if (plural) out.push(`dubbo.${plural}.${id}.${attribute}`);
  }
  out.push(`dubbo.${tag}.${attribute}`);
  return out;
}

/**
 * The topology key that sets `attribute` of `el` on the host of `v` (its host's or region's
 * `properties:`), if any.
 */
export function overrideKey(ctx: AnalyzerContext, el: XmlElement | undefined, tag: string, attribute: string, v: Vantage): string | undefined {
  const keys = dubboKeys(ctx.topology);
  if (keys.size === 0) return undefined;
  for (const c of candidates(el, tag, attribute)) {
    for (const k of keys.get(looseKey(c)) ?? []) if (v.host.properties.has(k) || v.host.region.properties.has(k)) return k;
  }
  return undefined;
}

/** Whether any topology property could set an attribute of a document's elements (cheap: none in most workspaces). */
export function anyOverrides(ctx: AnalyzerContext): boolean {
  return dubboKeys(ctx.topology).size > 0;
}

const elementsByDoc = new WeakMap<XmlDocument, Map<XmlAttribute, XmlElement>>();

/** The element an attribute belongs to (indexed once per document, only where overrides exist). */
export function elementOf(doc: XmlDocument, a: XmlAttribute): XmlElement | undefined {
  let map = elementsByDoc.get(doc);
  if (!map) {
    map = new Map();
    for (const el of doc.elements) for (const x of el.attrs) map.set(x, el);
    elementsByDoc.set(doc, map);
  }
  return map.get(a);
}
