import type { AnalyzerContext } from '../analyzer';
import { dubboModel, isProvider } from '../dubbo/model';
import { addressScope, parseIp } from '../ip';
import { servicePorts, type Host, type Service } from '../topology/model';
import { hostsWithAddress, judgeFrom } from '../topology/reach';
import { parseInstanceId, parseRegisteredUrl, type RegisteredUrl } from './dubboUrl';

/**
 * What a live registry holds, judged against the topology: the seed's outage seen from the
 * registry itself. Every provider URL is checked from the hosts that will call it — the consumers
 * subscribed right now, and the consumer hosts the topology says use this registry (a standby DR
 * region has none running). Pure: the listing comes in as data (registry/inspect.ts reads it).
 */

/** The children read from the registry: per interface, the znode names under providers and consumers. */
export interface RegistrySnapshot {
  /** The root path read (`/dubbo` unless the registry address sets `group`). */
  root: string;
  interfaces: { name: string; providers: string[]; consumers: string[] }[];
  /**
   * Dubbo 3 application-level registrations: `<servicesRoot>/<application>/<host:port>`, one node per
   * running instance (Curator service discovery; the id is the registered host and port).
   */
  servicesRoot?: string;
  applications?: { name: string; instances: string[] }[];
}

export interface CallerHost {
  host: Host;
  /** Subscribed in the registry now (else only expected from the topology). */
  live: boolean;
}

export type ProviderProblem =
  /** Some callers cannot reach the registered address. */
  | { kind: 'unreachable'; callers: CallerHost[] }
  /** A loopback or unspecified address: only the provider's own host can use it. */
  | { kind: 'local-address' }
  /** An IP no topology host has. */
  | { kind: 'unknown-address' }
  /** A host name: each caller resolves it on its own, so it cannot be judged here. */
  | { kind: 'hostname' }
  /** The port is none of the ports the topology gives the provider services of its host (a random port, `port="-1"`?). */
  | { kind: 'port'; services: Service[]; expected: number[] }
  /** Several topology hosts have this internal IP (in different regions). */
  | { kind: 'ambiguous'; hosts: Host[] };

export interface ProviderEntry {
  url: RegisteredUrl;
  /** The topology host the address belongs to. */
  owner?: Host;
  /** The provider service of the topology this URL stands for, when it can be told. */
  service?: Service;
  /** The services it was judged as: the service, else every candidate on its host. */
  judgedAs: Service[];
  /** Hosts judged (live consumers first, then the topology's). */
  callers: CallerHost[];
  problems: ProviderProblem[];
}

export interface ConsumerEntry {
  url: RegisteredUrl;
  host?: Host;
}

export interface InterfaceEntry {
  name: string;
  providers: ProviderEntry[];
  consumers: ConsumerEntry[];
  /** Znode names that are neither a URL nor (for instances) host:port. */
  unparsed: string[];
}

export interface RegistryReport {
  registry: string;
  root: string;
  interfaces: InterfaceEntry[];
  /** Dubbo 3 application-level instances, per application (`providers` holds the instances). */
  servicesRoot?: string;
  applications: InterfaceEntry[];
  instances: number;
  /** Interfaces with consumers and no provider: calls fail (hidden at start-up by `check="false"`). */
  orphaned: string[];
  providers: number;
  consumers: number;
  /** Providers and instances with at least one problem. */
  problemProviders: number;
}

/** The topology host of an address in a registry URL, and every candidate when it is ambiguous. */
function ownerOf(ctx: AnalyzerContext, host: string): { owner?: Host; candidates: Host[] } {
  const ip = parseIp(host);
  if (!ip) return { candidates: [] };
  const candidates = hostsWithAddress(ctx.topology, ip);
  return { owner: candidates.length === 1 ? candidates[0] : undefined, candidates };
}


/**
 * One registered provider address judged from its callers: the live ones, then the consumer hosts
 * the topology expects for the service it stands for.
 */
function judgeProvider(ctx: AnalyzerContext, registry: Service, url: RegisteredUrl, liveCallers: Host[]): ProviderEntry {
  const model = dubboModel(ctx);
  const topo = ctx.topology;
  const p: ProviderEntry = { url, callers: [], problems: [], judgedAs: [] };
  const ip = parseIp(url.host);
  const { owner, candidates } = ownerOf(ctx, url.host);
  p.owner = owner;
  // The provider service: the one on the owner that registers here with this port; the
  // candidates when the port matches none (a random port), whose callers all count.
  const services = owner
    ? topo.services.filter((s) => isProvider(s) && s.hosts.includes(owner) && model.registries(s, owner, 'provider').includes(registry))
    : [];
  const byPort = services.filter((s) => url.port !== undefined && servicePorts(s).includes(url.port));
  p.service = byPort.length === 1 ? byPort[0] : services.length === 1 ? services[0] : undefined;
  p.judgedAs = p.service ? [p.service] : byPort.length > 0 ? byPort : services;
  const expected = p.judgedAs.flatMap((s) => model.consumerHosts(s, registry).map((c) => c.host));
  const seen = new Set<Host>();
  for (const h of liveCallers) {
    seen.add(h);
    p.callers.push({ host: h, live: true });
  }
  for (const h of expected) {
    if (seen.has(h) || h === owner) continue;
    seen.add(h);
    p.callers.push({ host: h, live: false });
  }
  if (!ip) p.problems.push({ kind: 'hostname' });
  else {
    const scope = addressScope(ip);
    if (scope === 'loopback' || scope === 'unspecified') p.problems.push({ kind: 'local-address' });
    else if (candidates.length > 1) p.problems.push({ kind: 'ambiguous', hosts: candidates });
    else if (!owner) p.problems.push({ kind: 'unknown-address' });
    if (scope !== 'loopback' && scope !== 'unspecified' && candidates.length <= 1) {
      const failing = p.callers.filter((c) => c.host !== owner && !judgeFrom(topo, c.host, ip).reachable);
      if (failing.length > 0) p.problems.unshift({ kind: 'unreachable', callers: failing });
    }
  }
  if (url.port !== undefined && byPort.length === 0) {
    const ports = [...new Set(services.flatMap(servicePorts))].sort((a, b) => a - b);
    if (ports.length > 0) p.problems.push({ kind: 'port', services, expected: ports });
  }
  return p;
}

export function checkRegistry(ctx: AnalyzerContext, registry: Service, snapshot: RegistrySnapshot): RegistryReport {
  const report: RegistryReport = {
    registry: registry.id,
    root: snapshot.root,
    interfaces: [],
    servicesRoot: snapshot.servicesRoot,
    applications: [],
    instances: 0,
    orphaned: [],
    providers: 0,
    consumers: 0,
    problemProviders: 0,
  };
  for (const iface of [...snapshot.interfaces].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const entry: InterfaceEntry = { name: iface.name, providers: [], consumers: [], unparsed: [] };
    for (const node of iface.consumers) {
      const url = parseRegisteredUrl(node);
      if (!url) entry.unparsed.push(node);
      else entry.consumers.push({ url, host: ownerOf(ctx, url.host).owner });
    }
    const liveCallers = [...new Set(entry.consumers.flatMap((c) => (c.host ? [c.host] : [])))];
    for (const node of iface.providers) {
      const url = parseRegisteredUrl(node);
      if (!url) {
        entry.unparsed.push(node);
        continue;
      }
      const p = judgeProvider(ctx, registry, url, liveCallers);
      entry.providers.push(p);
      if (p.problems.length > 0) report.problemProviders++;
    }
    report.providers += entry.providers.length;
    report.consumers += entry.consumers.length;
    if (entry.providers.length === 0 && entry.consumers.length > 0) report.orphaned.push(iface.name);
    report.interfaces.push(entry);
  }
  // An application node without instances is one that stopped: nothing to judge.
  const apps = (snapshot.applications ?? []).filter((a) => a.instances.length > 0);
  for (const app of apps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const entry: InterfaceEntry = { name: app.name, providers: [], consumers: [], unparsed: [] };
    for (const id of app.instances) {
      const url = parseInstanceId(id);
      if (!url) {
        entry.unparsed.push(id);
        continue;
      }
      const p = judgeProvider(ctx, registry, url, []);
      entry.providers.push(p);
      if (p.problems.length > 0) report.problemProviders++;
    }
    report.instances += entry.providers.length;
    report.applications.push(entry);
  }
  return report;
}
