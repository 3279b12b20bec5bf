import { addressScope, cidrContains, type IpAddress, parseIp, sameIp } from '../ip';
import { perLocale } from '../l10n';
import type { Locale, MessageRef } from '../types';
import type { Host, Region, Topology } from './model';

/**
 * How an address looks from one vantage host (topology-format.md, "Reachable" and
 * "Address → host"). Pure: depends only on the model.
 */
export type AddressRole =
  | 'loopback' // the vantage host's own loopback
  | 'own-internal' // an internal IP of a host in the vantage host's region
  | 'own-lan' // inside the vantage region's LAN but no host has it
  | 'external' // an external IP of some host (maybe in the same region)
  | 'other-internal' // an internal IP of a host in another region: unreachable
  | 'other-lan' // inside another region's LAN (no host has it): unreachable
  | 'unknown'; // matches nothing in the topology

export interface AddressJudgement {
  role: AddressRole;
  /** The host the address belongs to, if any (address → host). */
  host?: Host;
  /** For `other-lan`: the region whose LAN holds the address. */
  region?: Region;
  /** Reachable from the vantage host. Unknown addresses count as reachable (nothing to say). */
  reachable: boolean;
  /** Traffic to this address leaves the LAN and crosses the public network. */
  crossesPublic: boolean;
}

interface AddressIndex {
  hosts: number;
  /** Internal IP → first host with it, per region. */
  internal: Map<Region, Map<string, Host>>;
  /** External IP → first host with it. */
  external: Map<string, Host>;
  /** Internal IP → hosts with it, in region order. */
  internalAll: Map<string, Host[]>;
}

const indexes = new WeakMap<Topology, AddressIndex>();

/** Hosts by address, built once per topology: every address of every file is judged against it. */
function addressIndex(topology: Topology): AddressIndex {
  const hit = indexes.get(topology);
  if (hit && hit.hosts === topology.hosts.length) return hit;
  const internal = new Map<Region, Map<string, Host>>();
  const internalAll = new Map<string, Host[]>();
  for (const r of topology.regions) {
    const m = new Map<string, Host>();
    for (const h of r.hosts) {
      const t = h.internal?.ip?.text;
      if (t === undefined) continue;
      if (!m.has(t)) m.set(t, h);
      const list = internalAll.get(t);
      if (list) list.push(h);
      else internalAll.set(t, [h]);
    }
    internal.set(r, m);
  }
  const external = new Map<string, Host>();
  for (const h of topology.hosts) {
    const t = h.external?.ip?.text;
    if (t !== undefined && !external.has(t)) external.set(t, h);
  }
  const index = { hosts: topology.hosts.length, internal, external, internalAll };
  indexes.set(topology, index);
  return index;
}

export function judgeFrom(topology: Topology, vantage: Host, addr: IpAddress | string): AddressJudgement {
  const ip = typeof addr === 'string' ? parseIp(addr) : addr;
  if (!ip) return { role: 'unknown', reachable: true, crossesPublic: false };
  if (addressScope(ip) === 'loopback') return { role: 'loopback', reachable: true, crossesPublic: false };
  const own = vantage.region;
  const index = addressIndex(topology);
  // IP texts are canonical, so equal texts are equal addresses.
  const inOwn = index.internal.get(own);
  const ownHost = inOwn ? inOwn.get(ip.text) : own.hosts.find((h) => h.internal?.ip && sameIp(h.internal.ip, ip));
  if (ownHost) return { role: 'own-internal', host: ownHost, reachable: true, crossesPublic: false };
  const ext = index.external.get(ip.text);
  if (ext) return { role: 'external', host: ext, reachable: true, crossesPublic: true };
  if (inLan(own, ip)) return { role: 'own-lan', reachable: true, crossesPublic: false };
  const other = index.internalAll.get(ip.text)?.find((h) => h.region !== own);
  if (other) return { role: 'other-internal', host: other, reachable: false, crossesPublic: false };
  for (const r of topology.regions) {
    if (r !== own && inLan(r, ip)) return { role: 'other-lan', region: r, reachable: false, crossesPublic: false };
  }
  return {
    role: 'unknown',
    reachable: true,
    crossesPublic: addressScope(ip) === 'public',
  };
}

/** The hosts that have `ip` as their internal or external address, whatever the vantage (internal IPs may repeat across regions). */
export function hostsWithAddress(topology: Topology, ip: IpAddress): Host[] {
  const index = addressIndex(topology);
  const out = [...(index.internalAll.get(ip.text) ?? [])];
  const ext = index.external.get(ip.text);
  if (ext && !out.includes(ext)) out.push(ext);
  return out;
}

export function inLan(region: Region, ip: IpAddress): boolean {
  return region.lan.some((l) => l.cidr !== undefined && cidrContains(l.cidr, ip));
}

/**
 * The address a host should be reached by from `vantage`: its internal IP inside the same region,
 * else its external IP (undefined when it has none: no route).
 */
export function bestAddressFrom(target: Host, vantage: Host): string | undefined {
  if (target.region === vantage.region) return target.internal?.ip?.text ?? target.internal?.text;
  return target.external?.ip?.text;
}

/**
 * A host with its region as the language writes it: `api-2 (华东2)`; in Chinese with full-width
 * parentheses and no space, `api-2（华东2）`.
 */
export function hostInRegion(h: { id: string; region: { name: string } }, locale: Locale): string {
  return locale === 'zh-cn' ? `${h.id}（${h.region.name}）` : `${h.id} (${h.region.name})`;
}

/** Hosts with their regions, listed as the language lists: `a (R), b (R)`; `a（R）、b（R）`. */
export function hostsInRegions(hosts: readonly { id: string; region: { name: string } }[], locale: Locale): string {
  return hosts.map((h) => hostInRegion(h, locale)).join(locale === 'zh-cn' ? '、' : ', ');
}

/** A list of hosts with their regions for a message, in either language: `api-2 (华东2), driver-2 (华东2)`. */
export function describeHosts(hosts: Host[]): MessageRef {
  return perLocale({ en: hostsInRegions(hosts, 'en'), 'zh-cn': hostsInRegions(hosts, 'zh-cn') });
}
