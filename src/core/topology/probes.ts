import { parseIp } from '../ip';
import { servicePorts, type Host, type Service, type Topology } from './model';
import { judgeFrom, type AddressRole } from './reach';

/**
 * The topology's claims about the network, as TCP connects to try: from each vantage host, every
 * port of every service on every other host, at both its internal and its external IP, each with
 * what the topology says should happen (reach.ts). Trying them for real (src/reach/probe.ts) shows
 * where the description and the network disagree — a firewall the topology does not know, a LAN
 * wider than declared, a VPN between regions — before the analyzers' verdicts are trusted. Pure.
 */

export interface Probe {
  address: string;
  port: number;
  target: Host;
  service: Service;
  /** How the address looks from the vantage host. */
  role: AddressRole;
  /** What the topology says: a connection attempt reaches the host. */
  expected: boolean;
  /**
   * A ZooKeeper ensemble's quorum port (`ports.quorum`): only the leader listens there, so a
   * follower's refusal shows the path open, as the topology says.
   */
  leaderOnly?: boolean;
}

export interface HostProbes {
  vantage: Host;
  probes: Probe[];
  /** Probes left out beyond the cap. */
  omitted: number;
}


/** The probes from each of `vantages`, at most `maxPerHost` each (the topology's order, nearest region first). */
export function probePlan(topology: Topology, vantages: Host[], maxPerHost = 200): HostProbes[] {
  const targets: { host: Host; service: Service; port: number; leaderOnly: boolean }[] = [];
  for (const s of topology.services) {
    for (const port of servicePorts(s)) {
      const leaderOnly = s.kind === 'zookeeper' && s.ports.quorum === port && s.port !== port && Object.entries(s.ports).every(([k, v]) => k === 'quorum' || v !== port);
      for (const host of s.hosts) targets.push({ host, service: s, port, leaderOnly });
    }
  }
  return vantages.map((vantage) => {
    const all: Probe[] = [];
    const seen = new Set<string>();
    // The vantage host's own region first: when the cap cuts, what is left out is the far side.
    const ordered = [...targets.filter((t) => t.host.region === vantage.region), ...targets.filter((t) => t.host.region !== vantage.region)];
    for (const t of ordered) {
      if (t.host === vantage) continue;
      for (const a of [t.host.internal, t.host.external]) {
        const ip = a?.ip ?? (a ? parseIp(a.text) : undefined);
        if (!ip) continue;
        const key = `${ip.text}:${t.port}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const j = judgeFrom(topology, vantage, ip);
        all.push({ address: ip.text, port: t.port, target: t.host, service: t.service, role: j.role, expected: j.reachable, ...(t.leaderOnly ? { leaderOnly: true } : {}) });
      }
    }
    return { vantage, probes: all.slice(0, maxPerHost), omitted: Math.max(0, all.length - maxPerHost) };
  });
}

/** What one connection attempt saw. `refused` still reached the host: it answered. */
export type ProbeOutcome = 'open' | 'refused' | 'timeout' | 'unreachable' | 'error';

export type ProbeVerdict =
  /** As the topology says. */
  | 'agrees'
  /** Reached the host as expected, but nothing listens on the port. */
  | 'not-listening'
  /** The topology says reachable; the connection went nowhere. */
  | 'blocked'
  /** The topology says unreachable; the host answered. */
  | 'reachable-unexpectedly'
  /** The vantage host could not try (no bash or nc, an error). */
  | 'untested';

export function verdictOf(expected: boolean, outcome: ProbeOutcome, leaderOnly = false): ProbeVerdict {
  if (outcome === 'error') return 'untested';
  const reached = outcome === 'open' || outcome === 'refused';
  if (expected && reached) return outcome === 'open' || leaderOnly ? 'agrees' : 'not-listening';
  if (expected) return 'blocked';
  return reached ? 'reachable-unexpectedly' : 'agrees';
}
