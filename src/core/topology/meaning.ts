import type { Topology } from './model';

/** Parts of a topology that some analyses do not read (see `Analyzer.topologyParts`). */
export type TopologyPart = 'properties' | 'shares' | 'env';

/**
 * What the analyses of the workspace's files read from a topology, with no source positions: the
 * regions, hosts and services with every value, in their order (`core`), and apart from them the
 * regions' and hosts' `properties:`, the `shares:` and the services' `deploy.env`. Two topologies with
 * the same meaning give every file the same findings, except those that point into the topology file
 * itself (related locations, fixes), whose positions may differ.
 *
 * Left out: the `rules:` section (severities are applied when findings are reported), the hosts'
 * `ssh:` and, of a service's `deploy:`, all but `env` — what the deploy and SSH commands read, and
 * the topology's own checks, which are made anew for every text.
 */
export interface TopologyMeaning {
  core: string;
  properties: string;
  shares: string;
  env: string;
}

export function topologyMeaning(t: Topology): TopologyMeaning {
  const lists = new Set<unknown>([t.regions, t.hosts, t.services, t.shares]);
  const entities = new Set<unknown>([...t.regions, ...t.hosts, ...t.services, ...t.shares]);
  const placed = new Set<unknown>([...t.regions, ...t.hosts]);
  const write = (value: unknown, apart: boolean): string =>
    JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
      if (key === 'range' || key === 'fields' || key.endsWith('Range') || key === 'ssh') return undefined;
      // The parts apart (in the core, a region's or host's properties and a service's deploy).
      if (!apart && ((key === 'properties' && placed.has(this)) || key === 'deploy')) return undefined;
      if (v === null || typeof v !== 'object') return v;
      // A region names its hosts, a host its region, a service its hosts: each is written once, in its
      // own list, and by id wherever else it appears.
      if (entities.has(v) && !lists.has(this)) return `#${(v as { id: string }).id}`;
      if (v instanceof Map) return { map: [...v] };
      if (v instanceof Set) return { set: [...v] };
      // A position under another name.
      const p = v as { line?: unknown; character?: unknown };
      if (typeof p.line === 'number' && typeof p.character === 'number') return undefined;
      return v;
    });
  return {
    core: write([t.version, t.regions, t.hosts, t.services], false),
    properties: write([t.regions.map((r) => [r.id, r.properties]), t.hosts.map((h) => [h.id, h.properties])], true),
    shares: write(t.shares, true),
    env: write(t.services.map((s) => [s.id, s.deploy?.env ?? null]), true),
  };
}

/** Whether two meanings are the same in their core and in `parts` (all when not given). */
export function sameMeaning(a: TopologyMeaning, b: TopologyMeaning, parts?: readonly TopologyPart[]): boolean {
  if (a.core !== b.core) return false;
  for (const p of parts ?? (['properties', 'shares', 'env'] as const)) if (a[p] !== b[p]) return false;
  return true;
}
