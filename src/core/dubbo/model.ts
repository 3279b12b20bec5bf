import type { AnalyzerContext, Vantage } from '../analyzer';
import { parseIp } from '../ip';
import type { Host, Region, Service, Topology } from '../topology/model';
import { judgeFrom } from '../topology/reach';
import { TextCache } from '../text';
import { declaredEnsemble } from '../zookeeper/ensemble';
import { changedSince, type Stamp, stampOf } from '../changes';
import { type AddressEntry, type AddressMember, clearAddressLists, parseAddressList } from './address';
import { serviceImports } from './imports';
import { registration } from './exports';
import { anyOverrides, elementOf, overrideKey } from './overrides';
import { resolveShared, resolveText, type ResolvedValue } from './placeholders';
import { clearPropertiesConfigCache, isPropertiesFile, propertiesConfigCached } from './propertiesConfig';
import { attr, attrValueOffset, isDubboNamespace, parseXml, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * What the Dubbo configs of the whole workspace say, per service and host: which registries each
 * host uses (identified as the topology's services — zookeeper ones, or of kind other on the
 * address's port — not by address text), which
 * consumers call which providers, and the address each provider host registers.
 */

export function isProvider(s: Service): boolean {
  return s.kind === 'dubbo-provider' || s.kind === 'dubbo';
}

export function isConsumer(s: Service): boolean {
  return s.kind === 'dubbo-consumer' || s.kind === 'dubbo';
}

export function isDubboService(s: Service): boolean {
  return isProvider(s) || isConsumer(s);
}

// ---------------------------------------------------------------------------------------------
// Parsed XML, cached by text so the model and the per-file analysis share one parse.

const parseCache = new TextCache<XmlDocument>(4096);

export function parseCached(file: string, text: string): XmlDocument {
  return parseCache.get(file, text, () => parseXml(text));
}

/** Drops every cached parse (benchmarks measure parsing, not the cache). */
export function clearParseCache(): void {
  parseCache.clear();
  clearPropertiesConfigCache();
  clearAddressLists();
}

/**
 * The properties files of a service (`config:` then `properties:`, then those they import) holding `dubbo.*` configuration;
 * with a host, those it reads there, as it reads them (`AnalyzerContext.readOrder`: the Spring
 * profiles active there choose its profile documents and profile-specific files, and a key a later
 * file sets is that file's).
 */
export function propertiesConfigs(ctx: AnalyzerContext, s: Service, host?: Host): { file: string; doc: XmlDocument }[] {
  const v: Vantage | undefined = host && { host, service: s };
  const out: { file: string; doc: XmlDocument }[] = [];
  const files = v ? ctx.readOrder(v) : new Set([...[...s.config, ...s.properties].map((f) => f.value), ...ctx.configImports(s)]);
  for (const file of files) {
    if (!isPropertiesFile(file)) continue;
    const text = ctx.ws.read(file);
    if (text === undefined) continue;
    const { doc } = propertiesConfigCached(file, text, ctx.properties(file, v));
    if (doc.elements.length > 0) out.push({ file, doc });
  }
  return out;
}

const dubboElementCache = new WeakMap<XmlDocument, { all: XmlElement[]; byLocal: Map<string, XmlElement[]> }>();

/** Dubbo-namespace elements of a document (of one local name), in document order; shared lists, not to be changed. */
export function dubboElements(doc: XmlDocument, local?: string): XmlElement[] {
  let c = dubboElementCache.get(doc);
  if (!c) {
    c = { all: doc.elements.filter((e) => isDubboNamespace(e.ns)), byLocal: new Map() };
    dubboElementCache.set(doc, c);
  }
  if (local === undefined) return c.all;
  let list = c.byLocal.get(local);
  if (!list) c.byLocal.set(local, (list = c.all.filter((e) => e.local === local)));
  return list;
}

/**
 * Resolves an attribute's value for one vantage host, mapped back to the XML and definitions. Hosts
 * that see the same definitions share one result (computed once per distinct outcome).
 */
export function resolveAttribute(ctx: AnalyzerContext, file: string, doc: XmlDocument, a: XmlAttribute, v: Vantage): ResolvedValue {
  const key = anyOverrides(ctx) ? attributeOverride(ctx, doc, a, v) : undefined;
  if (key !== undefined) {
    // The host's or region's value for the key, mapped to where the topology writes it.
    let owners = overrideOwners.get(a);
    if (!owners) overrideOwners.set(a, (owners = new Map()));
    let owner = owners.get(key);
    if (!owner) owners.set(key, (owner = {}));
    return resolveShared(ctx, owner, v, `\${${key}}`, file, () => undefined);
  }
  return resolveShared(ctx, a, v, a.value, file, () => (k) => doc.index.positionAt(attrValueOffset(a, k)));
}

/** Owners of the resolutions of overridden attributes, per key (another text than the attribute's own). */
const overrideOwners = new WeakMap<XmlAttribute, Map<string, object>>();

/** The topology key (deployed as -D) that sets a Dubbo attribute on the host of `v`, if any (see overrides.ts). */
export function attributeOverride(ctx: AnalyzerContext, doc: XmlDocument, a: XmlAttribute, v: Vantage): string | undefined {
  if (a.prefix !== undefined) return undefined;
  const el = elementOf(doc, a);
  if (!el || !isDubboNamespace(el.ns) || (a.local === 'id' && a.nameStart < el.nameEnd)) return undefined;
  return overrideKey(ctx, el, el.local, a.local, v);
}

/** A literal value seen the same way from every host (no placeholder). */
export function literalValue(file: string, doc: XmlDocument, a: XmlAttribute): ResolvedValue {
  return {
    text: a.value,
    segments: [{ start: 0, end: a.value.length, file, map: (k) => doc.index.positionAt(attrValueOffset(a, k)) }],
    unresolved: [],
    used: [],
  };
}

// ---------------------------------------------------------------------------------------------

export interface RegistryMember {
  member: AddressMember;
  entry: AddressEntry;
  /** The topology host the address belongs to, seen from the vantage host. */
  host?: Host;
  /** The registry service running there (see `registryOn`). */
  registry?: Service;
  reachable: boolean;
}

export interface RegistryUse {
  /** The `<dubbo:registry>` element, undefined when the topology's `registry:` names it. */
  element?: XmlElement;
  file?: string;
  registry?: Service;
  /** The resolved address and its members, when written in XML. */
  rv?: ResolvedValue;
  entries: AddressEntry[];
  members: RegistryMember[];
  register: boolean;
  subscribe: boolean;
}

export interface DubboModel {
  ctx: AnalyzerContext;
  /**
   * XML configs of a service that parse and hold Dubbo elements (else its properties files holding
   * `dubbo.*` keys). With a host: as that host reads them, which differs only for properties files
   * with documents for the Spring profiles the deploy activates there (engine.ts, `activeProfiles`).
   */
  configs(service: Service, host?: Host): { file: string; doc: XmlDocument }[];
  /** Registries a host of a service uses, as written in its XML (or given by `registry:`). */
  registryUses(service: Service, host: Host): RegistryUse[];
  /** Registry services a host of a service registers with (provider side) or subscribes to (consumer side). */
  registries(service: Service, host: Host, side: 'provider' | 'consumer'): Service[];
  /** Hosts of consumers that look up `provider` in `registry` (uses: when given, else the same registry). */
  consumerHosts(provider: Service, registry: Service): { host: Host; service: Service }[];
  /** Services and hosts that use a registry, either side. */
  registryUsers(registry: Service): { service: Service; hosts: Host[] }[];
  /**
   * The registry picture in one string: the configs holding Dubbo elements of every Dubbo service,
   * and the registries every host of it registers with and subscribes to. The same string object
   * is handed back while the picture is the same.
   */
  summary(): string;
}

const models = new WeakMap<AnalyzerContext, DubboModel>();

type Indexed = { order: number; service: Service; host?: Host };

/**
 * Answers that read the registries of every Dubbo service (who calls a provider, who uses a
 * registry), kept across analyses of one topology while its registry summary is the same: they
 * depend on nothing else.
 */
interface CrossFile {
  summary: string;
  consumerIndex?: { byRegistry: Map<Service, Indexed[]>; byUse: Map<string, Indexed[]> };
  consumers: Map<Service, Map<Service, { host: Host; service: Service }[]>>;
  users: Map<Service, { service: Service; hosts: Host[] }[]>;
  /** Whether `users` holds the users of every registry. */
  usersRead?: boolean;
}

const crossFiles = new WeakMap<Topology, CrossFile>();

/** Each service's part of the summary, with the config and properties texts it was made from; and the last summary. */
const summaries = new WeakMap<
  Topology,
  { parts: Map<Service, { files: string[]; texts: (string | undefined)[]; part: string }>; last?: string; lastParts?: string[]; stamp?: Stamp }
>();

/** Registry uses per service and host, kept across analyses with the texts they were read from. */
const usesAcrossRuns = new WeakMap<Topology, Map<Service, { texts: unknown[]; byHost: Map<Host, RegistryUse[]> }>>();

export function dubboModel(ctx: AnalyzerContext): DubboModel {
  let m = models.get(ctx);
  if (!m) {
    m = buildModel(ctx);
    models.set(ctx, m);
  }
  return m;
}

const registriesByHost = new WeakMap<Topology, Map<Host, { zookeepers: Service[]; others: Service[] }>>();

/**
 * The registry service a registry address names on a host: a zookeeper service there (the one on the
 * address's port, else the first), else a service of kind `other` on exactly that port (a Nacos,
 * etcd or Consul registry, which the topology has no kind of its own for).
 */
function registryOn(ctx: AnalyzerContext, host: Host, port: number | undefined): Service | undefined {
  // Indexed once per topology: asked for every registry member from every host.
  let index = registriesByHost.get(ctx.topology);
  if (!index) {
    index = new Map();
    for (const s of ctx.topology.services) {
      if (s.kind !== 'zookeeper' && s.kind !== 'other') continue;
      for (const h of new Set(s.hosts)) {
        let on = index.get(h);
        if (!on) index.set(h, (on = { zookeepers: [], others: [] }));
        (s.kind === 'zookeeper' ? on.zookeepers : on.others).push(s);
      }
    }
    registriesByHost.set(ctx.topology, index);
  }
  const on = index.get(host);
  if (!on) return undefined;
  const zk = on.zookeepers.find((s) => port !== undefined && s.port === port) ?? on.zookeepers[0];
  return zk ?? (port === undefined ? undefined : on.others.find((s) => s.port === port));
}

/** The files a service reads: its config and properties files, then the XML these import. */
function serviceFiles(ctx: AnalyzerContext, s: Service): string[] {
  return [...s.config.map((f) => f.value), ...s.properties.map((f) => f.value), ...serviceImports(ctx, s), ...ctx.configImports(s)];
}

/** Whether `files` are the files of a service and read as `texts` (in that order). */
function sameTexts(ctx: AnalyzerContext, s: Service, files: readonly string[], texts: readonly (string | undefined)[]): boolean {
  // As serviceFiles lists them, without making the list: asked of every Dubbo service on every run.
  if (texts.length !== files.length) return false;
  let i = 0;
  const same = (f: string) => i < files.length && files[i] === f && ctx.ws.read(f) === texts[i++];
  for (const c of s.config) if (!same(c.value)) return false;
  for (const p of s.properties) if (!same(p.value)) return false;
  for (const f of serviceImports(ctx, s)) if (!same(f)) return false;
  for (const f of ctx.configImports(s)) if (!same(f)) return false;
  return i === files.length;
}

function isFalse(a: XmlAttribute | undefined): boolean {
  return a !== undefined && a.value.trim().toLowerCase() === 'false';
}

function buildModel(ctx: AnalyzerContext): DubboModel {
  const topo = ctx.topology;
  const configCache = new Map<Service, { file: string; doc: XmlDocument }[]>();
  const useCache = new Map<string, RegistryUse[]>();

  const configsOf = (s: Service) => {
    let c = configCache.get(s);
    if (!c) {
      c = [];
      // The listed XML, then the XML it imports (`<import resource>`), read as part of it.
      for (const file of [...s.config.map((f) => f.value), ...serviceImports(ctx, s)]) {
        if (!file.toLowerCase().endsWith('.xml')) continue;
        const text = ctx.ws.read(file);
        if (text === undefined) continue;
        const doc = parseCached(file, text);
        if (doc.elements.some((e) => isDubboNamespace(e.ns))) c.push({ file, doc });
      }
      // Without Dubbo XML (a Spring Boot service), its Dubbo configuration is the `dubbo.*` keys of
      // its properties files. With XML, those files only fill its placeholders.
      if (c.length === 0 && isDubboService(s)) c.push(...propertiesConfigs(ctx, s));
      configCache.set(s, c);
    }
    return c;
  };

  // Per host, for a Spring Boot service whose files read differently there (profiles the deploy activates).
  const onHost = new Map<Service, Map<Host, { file: string; doc: XmlDocument }[]>>();
  const configsOn = (s: Service, h?: Host) => {
    const all = configsOf(s);
    if (!h || !isDubboService(s) || all.some((c) => c.doc.format === undefined)) return all;
    let byHost = onHost.get(s);
    if (!byHost) onHost.set(s, (byHost = new Map()));
    let c = byHost.get(h);
    if (!c) {
      c = propertiesConfigs(ctx, s, h);
      // The same configurations (the usual case): the service's list itself.
      if (c.length === all.length && c.every((x, i) => x.file === all[i].file && x.doc === all[i].doc)) c = all;
      byHost.set(h, c);
    }
    return c;
  };

  // The members of a resolved registry address as seen from a region: judgeFrom depends on the
  // vantage host's region only, so hosts of one region sharing a resolution share the judgement.
  const judgedCache = new WeakMap<ResolvedValue, Map<Region, { entries: AddressEntry[]; members: RegistryMember[] }>>();
  const membersFrom = (rv: ResolvedValue, el: XmlElement, from: Host): { entries: AddressEntry[]; members: RegistryMember[] } => {
    const region = from.region;
    let byRegion = judgedCache.get(rv);
    if (!byRegion) judgedCache.set(rv, (byRegion = new Map()));
    const hit = byRegion.get(region);
    if (hit) return hit;
    const entries = byRegion.size > 0 ? byRegion.values().next().value!.entries : parseAddressList(rv.text);
    const members: RegistryMember[] = [];
    const defaultPort = Number(attr(el, 'port')?.value) || undefined;
    for (const entry of entries) {
      for (const member of entry.members) {
        const ip = parseIp(member.host);
        let host: Host | undefined;
        let reachable = true;
        if (ip) {
          const j = judgeFrom(topo, from, ip);
          host = j.host;
          reachable = j.reachable;
        } else {
          host = topo.hostById.get(member.host);
        }
        const registry = host ? registryOn(ctx, host, member.port ?? defaultPort) : undefined;
        members.push({ member, entry, host, registry, reachable });
      }
    }
    const out = { entries, members };
    byRegion.set(region, out);
    return out;
  };

  const registryUses = (s: Service, h: Host): RegistryUse[] => {
    const key = `${s.id}\u0000${h.id}`;
    const cached = useCache.get(key);
    if (cached) return cached;
    // Across analyses: reused while the service's own config and properties texts are unchanged.
    let perService = usesAcrossRuns.get(topo);
    if (!perService) usesAcrossRuns.set(topo, (perService = new Map()));
    // The parsed documents themselves (elements are compared by identity) and the properties texts.
    // Spring Boot files listed under config: too, which may only say which profiles are active.
    const texts: unknown[] = [
      ...configsOf(s).map((c) => c.doc),
      ...s.properties.map((f) => ctx.ws.read(f.value)),
      ...s.config.filter((f) => isPropertiesFile(f.value)).map((f) => ctx.ws.read(f.value)),
      ...ctx.configImports(s).map((f) => ctx.ws.read(f)),
    ];
    let memo = perService.get(s);
    if (!memo || memo.texts.length !== texts.length || !memo.texts.every((t, i) => t === texts[i])) {
      memo = { texts, byHost: new Map() };
      perService.set(s, memo);
    }
    const earlier = memo.byHost.get(h);
    if (earlier) {
      useCache.set(key, earlier);
      return earlier;
    }
    const out: RegistryUse[] = [];
    const named = s.registry ? topo.serviceById.get(s.registry.value) : undefined;
    const v: Vantage = { host: h, service: s };
    const all = configsOn(s, h);
    const exports = all.flatMap((c) => dubboElements(c.doc, 'service'));
    const providers = all.flatMap((c) => dubboElements(c.doc, 'provider'));
    const annotations = all.some((c) => dubboElements(c.doc, 'annotation').length > 0);
    const registersWith = registration(exports, providers, annotations);
    for (const { file, doc } of all) {
      for (const el of dubboElements(doc, 'registry')) {
        const a = attr(el, 'address');
        const use: RegistryUse = {
          element: el,
          file,
          entries: [],
          members: [],
          register: !isFalse(attr(el, 'register')) && registersWith(el),
          subscribe: !isFalse(attr(el, 'subscribe')),
        };
        if (a) {
          const rv = resolveAttribute(ctx, file, doc, a, v);
          use.rv = rv;
          if (rv.unresolved.length === 0) {
            const judged = membersFrom(rv, el, h);
            // `a|b` lists registries: one use each, as Dubbo makes one registry of each.
            if (judged.entries.length > 1) {
              for (const entry of judged.entries) {
                const members = judged.members.filter((m) => m.entry === entry);
                out.push({ ...use, entries: [entry], members, registry: named ?? members.find((m) => m.registry)?.registry });
              }
              continue;
            }
            use.entries = judged.entries;
            use.members = judged.members;
            use.registry = named ?? use.members.find((m) => m.registry)?.registry;
          }
        }
        if (!use.registry && named) use.registry = named;
        out.push(use);
      }
    }
    if (out.length === 0 && named) out.push({ registry: named, entries: [], members: [], register: registersWith(undefined), subscribe: true });
    useCache.set(key, out);
    memo.byHost.set(h, out);
    return out;
  };

  // Nested maps, not string keys: these are asked for every (service, host) pair many times.
  const regCache = new Map<Service, Map<Host, { provider?: Service[]; consumer?: Service[] }>>();
  const registries = (s: Service, h: Host, side: 'provider' | 'consumer'): Service[] => {
    let byHost = regCache.get(s);
    if (!byHost) regCache.set(s, (byHost = new Map()));
    let entry = byHost.get(h);
    if (!entry) byHost.set(h, (entry = {}));
    const hit = entry[side];
    if (hit) return hit;
    const set = new Set<Service>();
    for (const u of registryUses(s, h)) {
      if (!u.registry) continue;
      if (side === 'provider' ? u.register : u.subscribe) set.add(u.registry);
    }
    const out = [...set];
    entry[side] = out;
    return out;
  };

  let summaryText: string | undefined;
  const summary = (): string => {
    if (summaryText !== undefined) return summaryText;
    let memo = summaries.get(topo);
    if (!memo) summaries.set(topo, (memo = { parts: new Map() }));
    // Every part was checked at the last summary: where the workspace says which files changed since,
    // only the parts read from those are looked at again (else every part's texts are compared).
    const stamp = stampOf(ctx.ws);
    const changed = changedSince(ctx.ws, memo.stamp);
    const parts: string[] = [];
    for (const s of topo.services) {
      if (!isDubboService(s)) continue;
      const hit = memo.parts.get(s);
      if (hit && (changed ? !hit.files.some((f) => changed.has(f)) : sameTexts(ctx, s, hit.files, hit.texts))) {
        parts.push(hit.part);
        continue;
      }
      const read = serviceFiles(ctx, s);
      const texts = read.map((f) => ctx.ws.read(f));
      const ids = (list: Service[]) => list.map((r) => r.id).join(',');
      const files = configsOf(s).map((c) => c.file).join(',');
      const part = `${s.id}[${files}]:${s.hosts.map((h) => `${h.id}=${ids(registries(s, h, 'provider'))}/${ids(registries(s, h, 'consumer'))}`).join(';')}`;
      memo.parts.set(s, { files: read, texts, part });
      parts.push(part);
    }
    // The ensembles the registries' zoo.cfg files declare (dubbo-registry-quorum reads them).
    for (const s of topo.services) {
      if (s.kind !== 'zookeeper' || s.config.length === 0) continue;
      const e = declaredEnsemble(ctx, s);
      if (e) parts.push(`zk ${e.text}`);
    }
    // The same object as last time when equal: cached findings compare it by identity first.
    const lastParts = memo.lastParts;
    const same = memo.last !== undefined && lastParts !== undefined && lastParts.length === parts.length && parts.every((p, i) => p === lastParts[i]);
    if (!same) {
      const text = parts.join('\n');
      if (memo.last !== text) memo.last = text;
      memo.lastParts = parts;
    }
    memo.stamp = stamp;
    summaryText = memo.last!;
    return summaryText;
  };

  // Service ids may repeat in a broken topology: the cross-file answers are then not kept.
  const idsUnique = topo.serviceById.size === topo.services.length;
  let cross: CrossFile | undefined;
  const crossFile = (): CrossFile => {
    if (cross) return cross;
    const text = summary();
    let c = idsUnique ? crossFiles.get(topo) : undefined;
    if (!c || c.summary !== text) {
      c = { summary: text, consumers: new Map(), users: new Map() };
      if (idsUnique) crossFiles.set(topo, c);
    }
    cross = c;
    return c;
  };

  // Consumers indexed once: those without `uses:` by the registries their hosts subscribe to, those
  // with `uses:` by the services they name. Entries keep the topology's service order.
  const consumersIndexed = () => {
    const c = crossFile();
    if (c.consumerIndex) return c.consumerIndex;
    const byRegistry = new Map<Service, Indexed[]>();
    const byUse = new Map<string, Indexed[]>();
    topo.services.forEach((c, order) => {
      if (!isConsumer(c)) return;
      if (c.uses) {
        for (const id of new Set(c.uses.map((u) => u.value))) {
          const list = byUse.get(id) ?? [];
          list.push({ order, service: c });
          byUse.set(id, list);
        }
        return;
      }
      for (const h of c.hosts) {
        for (const r of registries(c, h, 'consumer')) {
          const list = byRegistry.get(r) ?? [];
          list.push({ order, service: c, host: h });
          byRegistry.set(r, list);
        }
      }
    });
    c.consumerIndex = { byRegistry, byUse };
    return c.consumerIndex;
  };

  const consumerHosts = (p: Service, r: Service): { host: Host; service: Service }[] => {
    const consumerCache = crossFile().consumers;
    let byRegistry = consumerCache.get(p);
    if (!byRegistry) consumerCache.set(p, (byRegistry = new Map()));
    const hit = byRegistry.get(r);
    if (hit) return hit;
    const index = consumersIndexed();
    const implicit = (index.byRegistry.get(r) ?? []).filter((e) => e.service !== p);
    const named = (index.byUse.get(p.id) ?? []).filter((e) => {
      if (e.service === p) return false;
      const known = e.service.hosts.flatMap((h) => registries(e.service, h, 'consumer'));
      return known.length === 0 || known.includes(r);
    });
    const merged = [...implicit, ...named].sort((a, b) => a.order - b.order);
    const out: { host: Host; service: Service }[] = [];
    for (const e of merged) {
      if (e.host) out.push({ host: e.host, service: e.service });
      else for (const h of e.service.hosts) out.push({ host: h, service: e.service });
    }
    byRegistry.set(r, out);
    return out;
  };

  // The users of every registry, read in one pass over the services (the first question asks
  // for all of them: each is asked about by the configs of its users).
  const registryUsers = (r: Service): { service: Service; hosts: Host[] }[] => {
    const c = crossFile();
    const usersCache = c.users;
    if (!c.usersRead) {
      c.usersRead = true;
      for (const s of topo.services) {
        if (!isDubboService(s)) continue;
        const hostsOf = new Map<Service, Host[]>();
        for (const h of s.hosts) {
          const used = new Set<Service>(registries(s, h, 'provider'));
          for (const x of registries(s, h, 'consumer')) used.add(x);
          for (const x of used) {
            const list = hostsOf.get(x);
            if (list) list.push(h);
            else hostsOf.set(x, [h]);
          }
        }
        for (const [x, hosts] of hostsOf) {
          const list = usersCache.get(x);
          if (list) list.push({ service: s, hosts });
          else usersCache.set(x, [{ service: s, hosts }]);
        }
      }
    }
    let out = usersCache.get(r);
    if (!out) usersCache.set(r, (out = []));
    return out;
  };

  return { ctx, configs: configsOn, registryUses, registries, consumerHosts, registryUsers, summary };
}

// ---------------------------------------------------------------------------------------------
// The address a provider host registers (ServiceConfig#findConfiguredHosts, DUBBO_IP_TO_REGISTRY).

export interface Registered {
  address: string;
  /** `env`: DUBBO_IP_TO_REGISTRY; `bind-env`: DUBBO_IP_TO_BIND (registered when nothing says otherwise). */
  how: 'env' | 'bind-env' | 'registerAs' | 'protocol-host' | 'provider-host' | 'internal';
  /** The host attribute that supplied it, and its resolution. */
  attr?: XmlAttribute;
  rv?: ResolvedValue;
}

/** `isInvalidLocalHost`: values Dubbo ignores for the bind address. */
export function isInvalidLocalHost(h: string): boolean {
  const s = h.trim().toLowerCase();
  return s === '' || s === 'localhost' || s === '0.0.0.0' || s.startsWith('127.');
}

export function registeredAddress(
  ctx: AnalyzerContext,
  service: Service,
  host: Host,
  file: string,
  doc: XmlDocument,
  protocol: XmlElement | undefined,
): Registered | undefined {
  const env = service.deploy?.env ?? {};
  const protoName = (protocol && attr(protocol, 'name')?.value.trim().toUpperCase()) || 'DUBBO';
  const fromEnv = env[`${protoName}_DUBBO_IP_TO_REGISTRY`] ?? env.DUBBO_IP_TO_REGISTRY;
  if (fromEnv && parseIp(fromEnv.trim())) return { address: fromEnv.trim(), how: 'env' };
  // The deploy sets DUBBO_IP_TO_REGISTRY to the host's external IP; a host without one in the
  // topology gets nothing, and Dubbo picks its address as if registerAs were not set.
  const ext = service.registerAs === 'external' ? host.external?.ip?.text : undefined;
  if (ext) return { address: ext, how: 'registerAs' };
  // Without an address to register, Dubbo registers the one it binds: DUBBO_IP_TO_BIND comes first.
  const toBind = env[`${protoName}_DUBBO_IP_TO_BIND`] ?? env.DUBBO_IP_TO_BIND;
  if (toBind && parseIp(toBind.trim()) && !isInvalidLocalHost(toBind)) return { address: toBind.trim(), how: 'bind-env' };
  const v: Vantage = { host, service };
  const providers = dubboElements(doc, 'provider');
  const candidates: [XmlElement | undefined, 'protocol' | 'provider', Registered['how']][] = [
    [protocol, 'protocol', 'protocol-host'],
    ...(providers.length > 0 ? providers : [undefined]).map((p): [XmlElement | undefined, 'provider', Registered['how']] => [p, 'provider', 'provider-host']),
  ];
  for (const [el, tag, how] of candidates) {
    const a = el ? attr(el, 'host') : undefined;
    let rv: ResolvedValue | undefined;
    if (a) {
      rv = resolveAttribute(ctx, file, doc, a, v);
    } else {
      // `dubbo.protocol.host` (or `dubbo.provider.host`) set for the host or region in the topology,
      // passed as -D, counts even where the config does not write the attribute.
      const key = anyOverrides(ctx) ? overrideKey(ctx, el, tag, 'host', v) : undefined;
      if (key !== undefined) rv = resolveText(ctx, v, `\${${key}}`, file, undefined);
    }
    if (!rv || rv.unresolved.length > 0 || isInvalidLocalHost(rv.text)) continue;
    return { address: rv.text.trim(), how, attr: a, rv };
  }
  const internal = host.internal?.ip?.text;
  return internal ? { address: internal, how: 'internal' } : undefined;
}
