import type { AnalyzerContext, Vantage } from '../analyzer';
import type { Service, Topology } from '../topology/model';
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
 *
 * The service's `deploy.env` comes next: since 2.7, Dubbo's environment configuration reads each
 * setting from an environment variable too (`dubbo.protocol.host` from `DUBBO_PROTOCOL_HOST`), after
 * the system properties and before the XML. Dubbo 2.6 does not.
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

/** Dubbo's address and port variables, read by their own rules (registeredAddress, dubbo-env-address), not as settings. */
const ADDRESS_VARIABLE = /^(?:[A-Za-z0-9]+_)?DUBBO_(?:IP|PORT)_TO_(?:REGISTRY|BIND)$/i;

/** Whether some Dubbo service's `deploy.env` has a variable Dubbo may read as a `dubbo.*` setting (once per topology). */
const envByTopology = new WeakMap<Topology, boolean>();

function anyDubboEnv(topology: Topology): boolean {
  let any = envByTopology.get(topology);
  if (any === undefined) {
    any = topology.services.some((s) => Object.keys(s.deploy?.env ?? {}).some((k) => /^dubbo[._]/i.test(k) && !ADDRESS_VARIABLE.test(k)));
    envByTopology.set(topology, any);
  }
  return any;
}

/**
 * The variables Dubbo's EnvironmentConfiguration looks up for a key, in its order: the key itself,
 * then with `.` as `_` in upper case — `-` as `_`, `-` dropped, `-` kept — and `.` and `-` as `_` as
 * written (`dubbo.application.qos-enable` → `DUBBO_APPLICATION_QOS_ENABLE`, `DUBBO_APPLICATION_QOSENABLE`,
 * …). Its last try, the key upper-cased with a `DUBBO_` prefix, is one of these for a `dubbo.` key.
 */
export function dubboEnvNames(key: string): string[] {
  const underscored = key.replace(/\./g, '_');
  const normalized = underscored.replace(/-/g, '_');
  return [...new Set([key, normalized.toUpperCase(), underscored.replace(/-/g, '').toUpperCase(), underscored.toUpperCase(), normalized])];
}

/** The variable of `service`'s `deploy.env` that sets `key`, if any. */
function envOverride(service: Service | undefined, key: string): string | undefined {
  const env = service?.deploy?.env;
  if (!env) return undefined;
  for (const name of dubboEnvNames(key)) if (Object.hasOwn(env, name) && env[name] !== '') return name;
  return undefined;
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
 * What sets `attribute` of `el` on the host of `v`, if anything does: a key of its host's or region's
 * `properties:` (a system property), else a variable of its service's `deploy.env`. Either is a name
 * the placeholder resolution finds (`${key}`). The most specific key wins, as in Dubbo 3, where the
 * first prefix with a value decides (`dubbo.registries.east.` before `dubbo.registry.`).
 */
export function overrideKey(ctx: AnalyzerContext, el: XmlElement | undefined, tag: string, attribute: string, v: Vantage): string | undefined {
  const keys = dubboKeys(ctx.topology);
  const env = anyDubboEnv(ctx.topology);
  if (keys.size === 0 && !env) return undefined;
  for (const c of candidates(el, tag, attribute)) {
    for (const k of keys.get(looseKey(c)) ?? []) if (v.host.properties.has(k) || v.host.region.properties.has(k)) return k;
    const name = env ? envOverride(v.service, c) : undefined;
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Whether any topology property or service variable could set an attribute of a document's elements (cheap: none in most workspaces). */
export function anyOverrides(ctx: AnalyzerContext): boolean {
  return dubboKeys(ctx.topology).size > 0 || anyDubboEnv(ctx.topology);
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
