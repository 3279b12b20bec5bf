import type { AnalyzerContext } from '../analyzer';
import { parseIp } from '../ip';
import { dubboModel, isDubboService } from '../dubbo/model';
import { attr } from '../dubbo/xml';
import { nginxWorkspace } from '../nginx/model';
import { judgeFrom } from '../topology/reach';
import { zooConfigCached, type ZkServerAddress } from '../zookeeper/config';
import type { ObservedEdge } from './graph';

/**
 * The addresses the configuration files actually use, for the diagram: nginx backends (upstream
 * servers and `proxy_pass` to an address), per host, the registry addresses of Dubbo services
 * after placeholder resolution, and the peers every ZooKeeper member's zoo.cfg names. Each part is read on its own; a part that fails to read is left out
 * (the diagram then falls back to what the topology alone says).
 */
export function observedEdges(ctx: AnalyzerContext): ObservedEdge[] {
  const out: ObservedEdge[] = [];
  const attempt = (read: () => void) => {
    try {
      read();
    } catch {
      // The analyzers report problems of these files; the diagram draws what it can.
    }
  };
  attempt(() => out.push(...nginxBackends(ctx)));
  attempt(() => out.push(...registryAddresses(ctx)));
  attempt(() => out.push(...ensemblePeers(ctx)));
  return out;
}

export function nginxBackends(ctx: AnalyzerContext): ObservedEdge[] {
  const out: ObservedEdge[] = [];
  for (const model of nginxWorkspace(ctx).models) {
    const services = model.tree.root.services;
    if (services.length === 0) continue;
    const addresses = [
      ...[...model.upstreams.values()].flat().flatMap((u) => u.servers.map((s) => s.address)),
      ...model.proxyPasses.filter((p) => !p.upstream).map((p) => p.target),
    ];
    for (const a of addresses) {
      if (!a) continue;
      for (const s of services) {
        out.push({ kind: 'upstream', service: s.id, address: a.host, port: a.effectivePort, file: a.file, range: a.range });
      }
    }
  }
  return out;
}

export function registryAddresses(ctx: AnalyzerContext): ObservedEdge[] {
  const out: ObservedEdge[] = [];
  const dubbo = dubboModel(ctx);
  for (const s of ctx.topology.services) {
    if (!isDubboService(s)) continue;
    const docs = new Map(dubbo.configs(s).map((c) => [c.file, c.doc]));
    for (const h of s.hosts) {
      for (const use of dubbo.registryUses(s, h)) {
        if (!use.element || !use.file) continue;
        const doc = docs.get(use.file);
        const a = attr(use.element, 'address');
        if (!doc || !a) continue;
        const range = doc.index.rangeOf(a.valueStart, a.valueEnd);
        for (const m of use.members) {
          out.push({ kind: 'registry', service: s.id, host: h.id, address: m.member.host, port: m.member.port, file: use.file, range });
        }
      }
    }
  }
  return out;
}

/** From every member of a ZooKeeper ensemble to each other member its zoo.cfg names (at the quorum port). */
export function ensemblePeers(ctx: AnalyzerContext): ObservedEdge[] {
  const out: ObservedEdge[] = [];
  for (const s of ctx.topology.services) {
    if (s.kind !== 'zookeeper') continue;
    for (const c of s.config) {
      const text = ctx.ws.read(c.value);
      if (text === undefined) continue;
      for (const server of zooConfigCached(c.value, text).servers) {
        const placed = server.addresses.filter((a) => a.range);
        for (const h of s.hosts) {
          // A member's own line is where it listens, not a peer.
          const own = (a: ZkServerAddress) => {
            const ip = parseIp(a.host)?.text ?? a.host;
            return h.internal?.ip?.text === ip || h.external?.ip?.text === ip;
          };
          if (placed.length > 1) {
            // Several addresses (3.6+): the member uses one it reaches, over its LAN where it can.
            if (server.addresses.some(own)) continue;
            const judged = placed.map((a) => ({ a, j: judgeFrom(ctx.topology, h, a.host) }));
            const a = (judged.find((x) => x.j.reachable && !x.j.crossesPublic) ?? judged.find((x) => x.j.reachable) ?? judged[0]).a;
            out.push({ kind: 'ensemble', service: s.id, host: h.id, address: a.host, port: a.quorumPort, file: c.value, range: a.range! });
            continue;
          }
          for (const a of placed) {
            if (own(a)) continue;
            out.push({ kind: 'ensemble', service: s.id, host: h.id, address: a.host, port: a.quorumPort, file: c.value, range: a.range! });
          }
        }
      }
    }
  }
  return out;
}
