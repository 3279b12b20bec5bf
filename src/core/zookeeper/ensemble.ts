import type { AnalyzerContext } from '../analyzer';
import { parseIp } from '../ip';
import type { Host, Service } from '../topology/model';
import { zooConfigCached } from './config';

export interface DeclaredEnsemble {
  /** The topology hosts of the voting members (participants) its configuration names, in `server.<id>` order. */
  members: Host[];
  /** The number of voting members, those naming no topology host included. */
  voters: number;
  /** A short text of the membership (for cache keys). */
  text: string;
}

/**
 * The ensemble a `zookeeper` service's configuration (`config:`, `zoo.cfg`) declares: its voting
 * `server.<id>` lines, when there are two or more, each mapped to the host its address is (one of
 * the service's hosts first, then any host of the topology; of several addresses, the first a host has). Undefined without such a file.
 */
export function declaredEnsemble(ctx: AnalyzerContext, r: Service): DeclaredEnsemble | undefined {
  for (const c of r.config) {
    const text = ctx.ws.read(c.value);
    if (text === undefined) continue;
    const voters = zooConfigCached(c.value, text).servers.filter((s) => s.role === 'participant' && s.addresses.length > 0);
    if (voters.length < 2) continue;
    const members: Host[] = [];
    const named: string[] = [];
    for (const s of voters) {
      // Several addresses (3.6+) are one member's: the first one a host has names it.
      const h = s.addresses.map((a) => hostOf(ctx, r, a.host)).find((x) => x !== undefined);
      if (h && !members.includes(h)) members.push(h);
      named.push(`${s.id}@${h?.id ?? '?'}`);
    }
    return { members, voters: voters.length, text: `${r.id}:${named.join(',')}` };
  }
  return undefined;
}

function hostOf(ctx: AnalyzerContext, r: Service, address: string): Host | undefined {
  const ip = parseIp(address);
  if (!ip) return undefined;
  const is = (h: Host) => h.internal?.ip?.text === ip.text || h.external?.ip?.text === ip.text;
  return r.hosts.find(is) ?? ctx.topology.hosts.find(is);
}
