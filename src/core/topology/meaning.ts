import type { Topology } from './model';

/**
 * What the analyses of the workspace's files read from a topology, as one string, with no source
 * positions: regions, hosts, services and shares with every value, in their order. Two topologies
 * with the same meaning give every file the same findings, except those that point into the topology
 * file itself (related locations, fixes), whose positions may differ. Left out: the `rules:` section
 * (severities are applied when findings are reported), the hosts' `ssh:` and, of a service's `deploy:`,
 * all but `env` — what the deploy and SSH commands read, and the topology's own checks, which are
 * made anew for every text.
 */
export function topologyMeaning(t: Topology): string {
  const lists = new Set<unknown>([t.regions, t.hosts, t.services, t.shares]);
  const entities = new Set<unknown>([...t.regions, ...t.hosts, ...t.services, ...t.shares]);
  return JSON.stringify([t.version, t.regions, t.hosts, t.services, t.shares], function (this: unknown, key: string, value: unknown) {
    if (key === 'range' || key === 'fields' || key.endsWith('Range') || key === 'ssh') return undefined;
    if (value === null || typeof value !== 'object') return value;
    if (key === 'deploy') return { env: (value as { env?: unknown }).env };
    // A region names its hosts, a host its region, a service its hosts: each is written once, in its
    // own list, and by id wherever else it appears.
    if (entities.has(value) && !lists.has(this)) return `#${(value as { id: string }).id}`;
    if (value instanceof Map) return { map: [...value] };
    if (value instanceof Set) return { set: [...value] };
    // A position under another name.
    const p = value as { line?: unknown; character?: unknown };
    if (typeof p.line === 'number' && typeof p.character === 'number') return undefined;
    return value;
  });
}
