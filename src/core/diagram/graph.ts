import { parseIp } from '../ip';
import type { Host, Region, Service, ServiceKind, Share, Topology } from '../topology/model';
import { inLan, judgeFrom } from '../topology/reach';
import type { Diagnostic, Range, Severity } from '../types';

/**
 * The topology diagram as data: region containers, hosts, the services on each host, and the
 * traffic between them per host instance, annotated with the workspace's diagnostics. Pure, so the
 * extension, the webview and the tests share it.
 */

export interface SourceLocation {
  /** Workspace-relative path, `/` separators. */
  file: string;
  range: Range;
}

export interface SeverityCounts {
  error: number;
  warning: number;
  info: number;
  hint: number;
}

/** A diagnostic as the diagram shows it (hover text, click target). */
export interface DiagramProblem {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
}

export interface DiagramRegion {
  /** Node id: `region-<region id>`. */
  id: string;
  region: string;
  name: string;
  lan: string[];
  location: SourceLocation;
  counts: SeverityCounts;
}

export interface DiagramHost {
  /** Node id: `host-<host id>`. */
  id: string;
  host: string;
  /** Node id of the region container. */
  regionId: string;
  internal?: string;
  external?: string;
  location: SourceLocation;
  counts: SeverityCounts;
  /** Most severe first, at most MAX_PROBLEMS. */
  problems: DiagramProblem[];
}

export interface DiagramService {
  /** Node id: `service-<host id>--<service id>`. */
  id: string;
  service: string;
  /** Node id of the host it runs on. */
  hostId: string;
  host: string;
  kind: ServiceKind;
  /** The host lists a service the topology does not define. */
  undefinedService: boolean;
  port?: number;
  location: SourceLocation;
  counts: SeverityCounts;
  problems: DiagramProblem[];
}

/** An address that no host of the topology owns (drawn inside the region whose LAN holds it, if any). */
export interface DiagramAddress {
  /** Node id: `address-<address>`. */
  id: string;
  address: string;
  /** Node id of the region whose LAN contains it. */
  regionId?: string;
  location: SourceLocation;
}

/**
 * `registry`: a Dubbo service instance and its registry (consumers subscribe, providers register);
 * `call`: a consumer instance and a provider instance it calls; `upstream`: nginx and a backend;
 * `nfs`: a share's server and a client; `ensemble`: a ZooKeeper member and a peer its zoo.cfg names.
 */
export type EdgeKind = 'registry' | 'ensemble' | 'call' | 'upstream' | 'nfs';

export interface DiagramEdge {
  /** `edge-<kind>-<source>-to-<target>` (made unique). */
  id: string;
  kind: EdgeKind;
  /** Node ids (service, host or address nodes). */
  source: string;
  target: string;
  sourceHost: string;
  targetHost?: string;
  /** The edge joins two regions: the traffic crosses the public internet. */
  crossRegion: boolean;
  /** The traffic leaves the LAN (across regions, or to an external address). */
  public: boolean;
  /** A diagnostic says the address used for this edge cannot be reached. */
  unreachable: boolean;
  /** The address written in the configuration, when known. */
  address?: string;
  port?: number;
  /** Share id of an `nfs` edge. */
  share?: string;
  /** Where the edge is defined: the configured address, else the definition of its source. */
  location: SourceLocation;
  counts: SeverityCounts;
  problems: DiagramProblem[];
  /** Drawn for this many edges between the same two hosts (set by the layout of a big picture, see `drawnEdges`). */
  bundled?: number;
}

export interface DiagramGraph {
  topologyFile: string;
  regions: DiagramRegion[];
  hosts: DiagramHost[];
  services: DiagramService[];
  addresses: DiagramAddress[];
  edges: DiagramEdge[];
  /** Every diagnostic of the workspace. */
  counts: SeverityCounts;
}

/**
 * An address a configuration file actually uses, found by a file analyzer (nginx upstream servers,
 * a Dubbo registry address resolved per host). When given for a service and kind, these replace the
 * edges inferred from the topology alone for that service and kind.
 */
export interface ObservedEdge {
  kind: 'upstream' | 'registry' | 'ensemble' | 'call';
  /** The service whose configuration holds the address. */
  service: string;
  /** The host using the address; undefined: every host of `service`. */
  host?: string;
  /** Address without port or brackets. */
  address: string;
  port?: number;
  file: string;
  range: Range;
}

export interface DiagramInput {
  topology: Topology;
  diagnostics: readonly Diagnostic[];
  observed?: readonly ObservedEdge[];
  /** By service id, the files its configs import (`<import resource>`, `spring.config.import`): part of its configuration. */
  imported?: ReadonlyMap<string, readonly string[]>;
}

/** Rules whose diagnostics turn an edge red: the address it uses cannot be reached. */
export const UNREACHABLE_RULES = [
  'cross-region-internal-ip',
  'dubbo-registers-internal-ip',
  'dubbo-registry-unreachable',
  'nfs-client-mismatch',
] as const;

export const MAX_PROBLEMS = 50;

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

export function emptyCounts(): SeverityCounts {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

export function isConsumer(kind: ServiceKind): boolean {
  return kind === 'dubbo-consumer' || kind === 'dubbo';
}

export function isProvider(kind: ServiceKind): boolean {
  return kind === 'dubbo-provider' || kind === 'dubbo';
}

/** Characters kept in SVG/DOM ids; anything else becomes `_`. */
export function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '_');
}

export function regionNodeId(region: string): string {
  return `region-${idPart(region)}`;
}

export function hostNodeId(host: string): string {
  return `host-${idPart(host)}`;
}

export function serviceNodeId(host: string, service: string): string {
  return `service-${idPart(host)}--${idPart(service)}`;
}

export function addressNodeId(address: string): string {
  return `address-${idPart(address)}`;
}

/** Whether `message` names `id` as a whole token (ids may contain `-` and `.`). */
export function mentions(message: string, id: string): boolean {
  let from = 0;
  for (;;) {
    const i = message.indexOf(id, from);
    if (i < 0) return false;
    const before = i === 0 ? '' : message[i - 1];
    const after = message[i + id.length] ?? '';
    if (!/[A-Za-z0-9_.-]/.test(before) && !/[A-Za-z0-9_-]/.test(after) && !(after === '.' && /[A-Za-z0-9]/.test(message[i + id.length + 1] ?? ''))) {
      return true;
    }
    from = i + 1;
  }
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  // Touching empty ranges count as overlapping (a diagnostic may be a point).
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function within(inner: Range, outer: Range): boolean {
  const le = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** One problem object per finding, shared by every element it concerns (a graph's JSON writes each once). */
const problems = new WeakMap<Diagnostic, DiagramProblem>();

function problemOf(d: Diagnostic): DiagramProblem {
  let p = problems.get(d);
  if (!p) {
    p = { rule: d.rule, severity: d.severity, message: d.message, file: d.file, range: d.range };
    problems.set(d, p);
  }
  return p;
}

/** Collects diagnostics for one diagram element without counting one twice. */
class Bag {
  private readonly items = new Set<Diagnostic>();
  add(d: Diagnostic): void {
    this.items.add(d);
  }
  addAll(ds: Iterable<Diagnostic>): void {
    for (const d of ds) this.items.add(d);
  }
  all(): Diagnostic[] {
    return [...this.items];
  }
  counts(): SeverityCounts {
    return countOf(this.items);
  }
  problems(): DiagramProblem[] {
    return sortProblems([...this.items]).slice(0, MAX_PROBLEMS).map(problemOf);
  }
}

function countOf(ds: Iterable<Diagnostic>): SeverityCounts {
  const c = emptyCounts();
  for (const d of ds) c[d.severity]++;
  return c;
}

function sortProblems(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );
}

/** Workspace-relative files a service's hosts are the vantage hosts of. */
export function serviceFiles(s: Service): string[] {
  return [...s.config.map((c) => c.value), ...s.properties.map((p) => p.value)];
}

interface EdgeDraft extends Omit<DiagramEdge, 'id' | 'counts' | 'problems'> {
  /** The service (or share) whose configuration decides this edge, for diagnostic matching. */
  owner: { service?: Service; share?: Share };
  /** The service at the target end, for rules reported in the target's files. */
  targetService?: Service;
  observed: boolean;
  bag: Bag;
  redBy: Diagnostic[];
}

/** Builds the diagram graph of a topology and its diagnostics. */
export function buildDiagramGraph(input: DiagramInput): DiagramGraph {
  const { topology: topo, diagnostics } = input;
  const observed = input.observed ?? [];
  // A service's files, once per build (diagnostics are matched to services by file).
  const filesMemo = new Map<Service, string[]>();
  const filesOf = (s: Service): string[] => {
    let files = filesMemo.get(s);
    if (!files) {
      const imported = input.imported?.get(s.id);
      files = imported && imported.length > 0 ? [...serviceFiles(s), ...imported] : serviceFiles(s);
      filesMemo.set(s, files);
    }
    return files;
  };

  // ---- nodes ----
  const regions: DiagramRegion[] = [];
  const hosts: DiagramHost[] = [];
  const services: DiagramService[] = [];
  const addresses = new Map<string, DiagramAddress>();
  const serviceNodes = new Map<string, DiagramService>(); // node id -> node
  const loc = (range: Range): SourceLocation => ({ file: topo.file, range });

  for (const r of topo.regions) {
    regions.push({
      id: regionNodeId(r.id),
      region: r.id,
      name: r.name || r.id,
      lan: r.lan.map((l) => l.cidr ? `${l.cidr.address.text}/${l.cidr.prefix}` : l.text),
      location: loc(r.keyRange),
      counts: emptyCounts(),
    });
    for (const h of r.hosts) {
      hosts.push({
        id: hostNodeId(h.id),
        host: h.id,
        regionId: regionNodeId(r.id),
        internal: h.internal?.text,
        external: h.external?.text,
        location: loc(h.keyRange),
        counts: emptyCounts(),
        problems: [],
      });
      const seen = new Set<string>();
      for (const entry of h.services) {
        if (seen.has(entry.value)) continue;
        seen.add(entry.value);
        const s = topo.serviceById.get(entry.value);
        const node: DiagramService = {
          id: serviceNodeId(h.id, entry.value),
          service: entry.value,
          hostId: hostNodeId(h.id),
          host: h.id,
          kind: s?.kind ?? 'other',
          undefinedService: !s,
          port: s?.port,
          location: loc(s ? s.keyRange : entry.range),
          counts: emptyCounts(),
          problems: [],
        };
        services.push(node);
        serviceNodes.set(node.id, node);
      }
    }
  }

  // The hosts running each service id, in the topology's host order, each host once.
  const instancesOf = new Map<string, Host[]>();
  for (const h of topo.hosts) {
    for (const e of h.services) {
      let list = instancesOf.get(e.value);
      if (!list) instancesOf.set(e.value, (list = []));
      if (list[list.length - 1] !== h) list.push(h);
    }
  }
  const hostsRunning = (s: Service): readonly Host[] => instancesOf.get(s.id) ?? [];
  const runs = (h: Host, s: Service): boolean => h.services.some((e) => e.value === s.id);

  // ---- edges ----
  const drafts: EdgeDraft[] = [];
  // Observed addresses replace the inferred edges of a service instance, per kind.
  const observedKey = new Set<string>();
  for (const o of observed) {
    const svc = topo.serviceById.get(o.service);
    const hostIds = o.host !== undefined ? [o.host] : svc ? hostsRunning(svc).map((h) => h.id) : [];
    for (const h of hostIds) observedKey.add(`${o.kind}\u0000${o.service}\u0000${h}`);
  }
  const isObserved = (kind: EdgeKind, s: Service, h: Host) => observedKey.has(`${kind}\u0000${s.id}\u0000${h.id}`);
  const zookeepers = topo.services.filter((s) => s.kind === 'zookeeper');
  // The one registry service the registry addresses of a Dubbo service's configs name (a Nacos
  // service of kind other, one of several ZooKeepers); null when they name several.
  const namedRegistry = new Map<Service, Service | null>();
  for (const o of observed) {
    if (o.kind !== 'registry') continue;
    const s = topo.serviceById.get(o.service);
    const h = o.host !== undefined ? topo.hostById.get(o.host) : undefined;
    if (!s || !h) continue;
    const at = observedHost(topo, h, o).resolved;
    const reg = at && pickTargetService(topo, at, o);
    if (!reg || (reg.kind !== 'zookeeper' && reg.kind !== 'other')) continue;
    const seen = namedRegistry.get(s);
    namedRegistry.set(s, seen === undefined || seen === reg ? reg : null);
  }
  // `registry:` in the topology, else the one its configs name, else the only ZooKeeper.
  const registryOf = (s: Service): Service | undefined => {
    if (s.registry) return topo.serviceById.get(s.registry.value);
    return namedRegistry.get(s) ?? (zookeepers.length === 1 ? zookeepers[0] : undefined);
  };

  const serviceEdge = (
    kind: EdgeKind,
    from: Service,
    h: Host,
    to: Service,
    h2: Host,
  ): EdgeDraft => {
    const cross = h.region !== h2.region;
    return {
      kind,
      source: serviceNodeId(h.id, from.id),
      target: serviceNodeId(h2.id, to.id),
      sourceHost: h.id,
      targetHost: h2.id,
      crossRegion: cross,
      public: cross,
      unreachable: false,
      location: loc(from.keyRange),
      owner: { service: from },
      targetService: to,
      observed: false,
      bag: new Bag(),
      redBy: [],
    };
  };

  for (const s of topo.services) {
    const instances = hostsRunning(s);
    // Registry: every Dubbo service instance talks to its registry's instances.
    if (isConsumer(s.kind) || isProvider(s.kind)) {
      const reg = registryOf(s);
      if (reg && reg !== s) {
        const regHosts = hostsRunning(reg);
        for (const h of instances) {
          if (isObserved('registry', s, h)) continue;
          for (const r of regHosts) drafts.push(serviceEdge('registry', s, h, reg, r));
        }
      }
    }
    // Calls: `uses:` when given, else every provider on the same registry.
    const kind: EdgeKind = s.kind === 'nginx' ? 'upstream' : 'call';
    let callees: Service[] = [];
    if (s.uses) {
      callees = s.uses.map((u) => topo.serviceById.get(u.value)).filter((x): x is Service => x !== undefined && x !== s);
    } else if (isConsumer(s.kind)) {
      const reg = registryOf(s);
      if (reg) callees = topo.services.filter((p) => p !== s && isProvider(p.kind) && registryOf(p) === reg);
    }
    for (const p of callees) {
      const targets = hostsRunning(p);
      for (const h of instances) {
        if (isObserved(kind, s, h)) continue;
        for (const h2 of targets) drafts.push(serviceEdge(kind, s, h, p, h2));
      }
    }
  }

  // Observed addresses, resolved per vantage host.
  const observedSeen = new Set<string>();
  for (const o of observed) {
    const s = topo.serviceById.get(o.service);
    if (!s) continue;
    const vantage = o.host !== undefined ? [topo.hostById.get(o.host)].filter((h): h is Host => h !== undefined && runs(h, s)) : hostsRunning(s);
    for (const h of vantage) {
      const { j, resolved } = observedHost(topo, h, o);
      let target: string;
      let targetHost: Host | undefined;
      let targetService: Service | undefined;
      let targetRegion: Region | undefined;
      if (resolved) {
        targetHost = resolved;
        targetRegion = resolved.region;
        targetService = pickTargetService(topo, resolved, o);
        target = targetService ? serviceNodeId(resolved.id, targetService.id) : hostNodeId(resolved.id);
      } else {
        const ip = parseIp(o.address);
        targetRegion = ip ? topo.regions.find((r) => inLan(r, ip)) : undefined;
        const id = addressNodeId(ip?.text ?? o.address);
        if (!addresses.has(id)) {
          addresses.set(id, {
            id,
            address: ip?.text ?? o.address,
            regionId: targetRegion ? regionNodeId(targetRegion.id) : undefined,
            location: { file: o.file, range: o.range },
          });
        }
        target = id;
      }
      const cross = targetRegion !== undefined && targetRegion !== h.region;
      const source = serviceNodeId(h.id, s.id);
      const key = `${o.kind}\u0000${source}\u0000${target}\u0000${o.address}\u0000${o.port ?? ''}`;
      if (target === source || observedSeen.has(key)) continue;
      observedSeen.add(key);
      drafts.push({
        kind: o.kind,
        source,
        target,
        sourceHost: h.id,
        targetHost: targetHost?.id,
        crossRegion: cross,
        public: cross || j.crossesPublic,
        unreachable: false,
        address: o.address,
        port: o.port,
        location: { file: o.file, range: o.range },
        owner: { service: s },
        targetService,
        observed: true,
        bag: new Bag(),
        redBy: [],
      });
    }
  }

  // NFS: server host -> client hosts.
  for (const sh of topo.shares) {
    const server = sh.server ? topo.hostById.get(sh.server.value) : undefined;
    if (!server) continue;
    for (const c of sh.clients) {
      const client = topo.hostById.get(c.value);
      if (!client || client === server) continue;
      const cross = client.region !== server.region;
      drafts.push({
        kind: 'nfs',
        source: hostNodeId(server.id),
        target: hostNodeId(client.id),
        sourceHost: server.id,
        targetHost: client.id,
        crossRegion: cross,
        public: cross,
        unreachable: false,
        share: sh.id,
        location: loc(sh.keyRange),
        owner: { share: sh },
        observed: false,
        bag: new Bag(),
        redBy: [],
      });
    }
  }

  // ---- diagnostics ----
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    let list = byFile.get(d.file);
    if (!list) byFile.set(d.file, (list = []));
    list.push(d);
  }
  const inFiles = (files: string[]): Diagnostic[] => [...new Set(files)].flatMap((f) => byFile.get(f) ?? []);
  const topoDiags = byFile.get(topo.file) ?? [];
  const shareFiles = (sh: Share): string[] => (sh.exportsFile ? [sh.exportsFile.value] : []);
  const shareDiags = (sh: Share): Diagnostic[] => [
    ...inFiles(shareFiles(sh)),
    ...topoDiags.filter((d) => within(d.range, sh.range)),
  ];

  // Indexes for candidatesOf: edges by the service or share that owns them and by the service they
  // call, the services holding each file, the shares each file's findings may concern.
  const edgesOfService = new Map<Service, EdgeDraft[]>();
  const callsTo = new Map<Service, EdgeDraft[]>();
  const edgesOfShare = new Map<Share, EdgeDraft[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const e of drafts) {
    if (e.owner.share) push(edgesOfShare, e.owner.share, e);
    else if (e.owner.service) push(edgesOfService, e.owner.service, e);
    if (e.targetService) push(callsTo, e.targetService, e);
  }
  const servicesWithFile = new Map<string, Service[]>();
  for (const s of topo.services) for (const f of new Set(filesOf(s))) push(servicesWithFile, f, s);
  const sharesWithFile = new Map<string, Share[]>();
  for (const sh of topo.shares) for (const f of new Set(shareFiles(sh))) push(sharesWithFile, f, sh);
  /** The shares whose findings (shareDiags) hold `d`. */
  const sharesOf = (d: Diagnostic): Share[] => {
    const found = new Set(sharesWithFile.get(d.file) ?? []);
    if (d.file === topo.file) for (const sh of topo.shares) if (within(d.range, sh.range)) found.add(sh);
    return [...found];
  };

  // Diagnostics located on an observed address belong to that edge.
  for (const e of drafts) {
    if (!e.observed) continue;
    for (const d of byFile.get(e.location.file) ?? []) if (overlaps(d.range, e.location.range)) e.bag.add(d);
  }

  // Red edges: which edges a diagnostic of an unreachable-address rule is about.
  const vantageSide = new Map<Diagnostic, Set<string>>(); // diagnostic -> hosts it concerns
  for (const d of diagnostics) {
    if (!(UNREACHABLE_RULES as readonly string[]).includes(d.rule)) continue;
    const candidates = candidatesOf(d);
    if (candidates.length === 0) continue;
    // An address observed where the diagnostic sits pins it to those edges; a file shared by several
    // hosts still needs the message to tell which of them fail.
    const exact = candidates.filter((e) => e.observed && e.location.file === d.file && overlaps(e.location.range, d.range));
    let chosen = exact.length > 0 ? exact : candidates.filter((e) => !e.observed || e.location.file !== d.file);
    if (d.rule !== 'nfs-client-mismatch') chosen = chosen.filter((e) => e.crossRegion);
    // cross-region-internal-ip names the host the address belongs to: only edges to it qualify.
    chosen = narrowByMention(chosen, d.message, d.rule === 'cross-region-internal-ip');
    const concerned = new Set<string>();
    for (const e of chosen) {
      e.unreachable = true;
      e.redBy.push(d);
      e.bag.add(d);
      // The vantage host of the file: the provider for registrations, else the source.
      if (d.rule === 'dubbo-registers-internal-ip' && e.targetHost) concerned.add(e.targetHost);
      else concerned.add(e.sourceHost);
    }
    if (concerned.size > 0) vantageSide.set(d, concerned);
  }

  /**
   * The edges a diagnostic of an unreachable-address rule may be about:
   * - `dubbo-registers-internal-ip`: the calls to a service whose files hold it;
   * - `dubbo-registry-unreachable`: the registry edges of a service whose files hold it;
   * - `nfs-client-mismatch`: the NFS edges of a share it concerns (its exports file, or its entry in the topology);
   * - `cross-region-internal-ip`: those, of any kind, and every edge of a service whose files hold it.
   * Looked up in indexes made once: a workspace with thousands of findings and edges would otherwise
   * compare each finding with each edge.
   */
  function candidatesOf(d: Diagnostic): EdgeDraft[] {
    const out: EdgeDraft[] = [];
    const ofServices = (index: Map<Service, EdgeDraft[]>, kind?: EdgeKind) => {
      for (const s of servicesWithFile.get(d.file) ?? []) for (const e of index.get(s) ?? []) if (!kind || e.kind === kind) out.push(e);
    };
    const ofShares = () => {
      // A share owns only its NFS edges.
      for (const sh of sharesOf(d)) out.push(...(edgesOfShare.get(sh) ?? []));
    };
    switch (d.rule) {
      case 'dubbo-registers-internal-ip':
        ofServices(callsTo, 'call');
        break;
      case 'dubbo-registry-unreachable':
        ofServices(edgesOfService, 'registry');
        break;
      case 'nfs-client-mismatch':
        ofShares();
        break;
      case 'cross-region-internal-ip':
        ofShares();
        ofServices(edgesOfService);
        break;
    }
    return out;
  }

  // Service instances: diagnostics of the service's files that concern this host.
  const concernsHost = (d: Diagnostic, host: Host, candidates: readonly Host[]): boolean => {
    const v = vantageSide.get(d);
    if (v) return v.has(host.id);
    const named = candidates.filter((h) => mentions(d.message, h.id));
    return named.length === 0 || named.includes(host);
  };
  const hostBags = new Map<string, Bag>();
  const bagOf = (hostId: string): Bag => {
    let b = hostBags.get(hostId);
    if (!b) hostBags.set(hostId, (b = new Bag()));
    return b;
  };
  for (const node of services) {
    const s = topo.serviceById.get(node.service);
    const h = topo.hostById.get(node.host)!;
    const bag = new Bag();
    if (s) {
      const instances = hostsRunning(s);
      for (const d of inFiles(filesOf(s))) if (concernsHost(d, h, instances)) bag.add(d);
      for (const d of topoDiags) if (within(d.range, s.range)) bag.add(d);
    }
    const entry = h.services.find((e) => e.value === node.service);
    if (entry) for (const d of topoDiags) if (within(d.range, entry.range)) bag.add(d);
    node.counts = bag.counts();
    node.problems = bag.problems();
    bagOf(h.id).addAll(bag.all());
  }
  for (const sh of topo.shares) {
    const server = sh.server ? topo.hostById.get(sh.server.value) : undefined;
    if (server) bagOf(server.id).addAll(shareDiags(sh));
  }
  for (const node of hosts) {
    const h = topo.hostById.get(node.host)!;
    const bag = bagOf(h.id);
    for (const d of topoDiags) if (within(d.range, h.range)) bag.add(d);
    node.counts = bag.counts();
    node.problems = bag.problems();
  }
  for (const node of regions) {
    const r = topo.regionById.get(node.region)!;
    const bag = new Bag();
    for (const d of topoDiags) if (within(d.range, r.range)) bag.add(d);
    for (const h of r.hosts) bag.addAll(bagOf(h.id).all());
    node.counts = bag.counts();
  }

  // ---- finish edges: ids, counts, locations ----
  const usedIds = new Set<string>();
  const edges: DiagramEdge[] = drafts.map((e) => {
    const base = `edge-${e.kind}-${stripPrefix(e.source)}-to-${stripPrefix(e.target)}`;
    let id = base;
    for (let n = 2; usedIds.has(id); n++) id = `${base}-${n}`;
    usedIds.add(id);
    const red = sortProblems([...e.redBy])[0];
    return {
      id,
      kind: e.kind,
      source: e.source,
      target: e.target,
      sourceHost: e.sourceHost,
      targetHost: e.targetHost,
      crossRegion: e.crossRegion,
      public: e.public,
      unreachable: e.unreachable,
      address: e.address,
      port: e.port,
      share: e.share,
      location: red && !e.observed ? { file: red.file, range: red.range } : e.location,
      counts: e.bag.counts(),
      problems: e.bag.problems(),
    };
  });

  return {
    topologyFile: topo.file,
    regions,
    hosts,
    services,
    addresses: [...addresses.values()],
    edges,
    counts: countOf(diagnostics),
  };
}

function stripPrefix(nodeId: string): string {
  return nodeId.replace(/^(service|host|address|region)-/, '');
}

/**
 * Keeps the edges whose hosts the message names: first by source host, then by target host. A
 * message naming none of them leaves the candidates as they are (the rule applies to all), unless
 * `targetNamed` says the message always names the target.
 */
function narrowByMention<E extends { sourceHost: string; targetHost?: string }>(
  edges: E[],
  message: string,
  targetNamed = false,
): E[] {
  let out = edges;
  const bySource = out.filter((e) => mentions(message, e.sourceHost));
  if (bySource.length > 0) out = bySource;
  const byTarget = out.filter((e) => e.targetHost !== undefined && mentions(message, e.targetHost));
  if (byTarget.length > 0 || targetNamed) out = byTarget;
  return out;
}

/** The host an observed address names, seen from `h` (its own loopback or name: `h` itself), with how `h` reaches it. */
function observedHost(topo: Topology, h: Host, o: ObservedEdge): { j: ReturnType<typeof judgeFrom>; resolved: Host | undefined } {
  const j = judgeFrom(topo, h, o.address);
  const self = j.role === 'loopback' || o.address === 'localhost' || o.address === h.id;
  return { j, resolved: self ? h : (j.host ?? topo.hostById.get(o.address)) };
}

/** The service on `host` an observed address points at: by port, else by kind. */
function pickTargetService(topo: Topology, host: Host, o: ObservedEdge): Service | undefined {
  const list = host.services.map((e) => topo.serviceById.get(e.value)).filter((s): s is Service => s !== undefined);
  if (o.port !== undefined) {
    const byPort = list.filter((s) => s.port === o.port || Object.values(s.ports).includes(o.port!));
    if (byPort.length === 1) return byPort[0];
    if (byPort.length > 1) return byPort.find((s) => fits(s.kind, o.kind)) ?? byPort[0];
  }
  const byKind = list.filter((s) => fits(s.kind, o.kind));
  return byKind.length === 1 ? byKind[0] : undefined;
}

function fits(kind: ServiceKind, edge: ObservedEdge['kind']): boolean {
  if (edge === 'registry' || edge === 'ensemble') return kind === 'zookeeper';
  if (edge === 'call') return isProvider(kind);
  return kind === 'http' || isConsumer(kind) || kind === 'other';
}
