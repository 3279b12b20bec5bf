import type { DubboFile } from '../../dubbo/fileContext';
import type { Host, Region, Service } from '../../topology/model';
import type { Finding } from '../../types';
import { nameList } from '../../l10n';
import type { RuleMeta } from '../meta';
import { declaredEnsemble } from '../../zookeeper/ensemble';
import { firstConfigOf, registriesOfFile } from './registryOnce';

export const meta: RuleMeta = {
  id: 'dubbo-registry-quorum',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: 'A ZooKeeper ensemble across regions that the loss of one region stops: that region holds half of its voting members or more, and ZooKeeper serves only while a majority of them is up.',
    'zh-cn': '跨地域的 ZooKeeper 集群会因一个地域故障而停止服务：该地域拥有半数或更多投票成员，而 ZooKeeper 只在多数投票成员存活时提供服务。',
  },
  messages: {
    majority: {
      en: 'Registry {registry} is one ZooKeeper ensemble across {regions}, but {region} holds {count} of its {total} voting members: if {region} goes down, the rest are no majority and stop serving, so the hosts in {others} lose service discovery with it. Spread the members so that no region holds half (for example a tie-breaking member in a third region), or run a registry per region and list both, separated by |.',
      'zh-cn': '注册中心 {registry} 是跨 {regions} 的同一个 ZooKeeper 集群，但 {region} 拥有其 {total} 个投票成员中的 {count} 个：{region} 故障时，其余成员不足多数而停止服务，{others} 的主机也随之失去服务发现。请调整成员分布，使任何地域都不超过半数（例如在第三个地域放一个仲裁成员），或每个地域各用一个注册中心，并用 | 同时列出。',
    },
    even: {
      en: 'Registry {registry} is one ZooKeeper ensemble split evenly between {regions} ({total} voting members): if either region goes down, the rest are no majority and the ensemble stops serving everywhere. Add a tie-breaking member in a third region, or run a registry per region and list both, separated by |.',
      'zh-cn': '注册中心 {registry} 是在 {regions} 之间平分的同一个 ZooKeeper 集群（{total} 个投票成员）：任一地域故障，其余成员都不足多数，整个集群在所有地域停止服务。请在第三个地域增加一个仲裁成员，或每个地域各用一个注册中心，并用 | 同时列出。',
    },
  },
};

/**
 * Whether the users of `r` address it as one ensemble (asked when the topology has no zoo.cfg of it):
 * some registry address lists two or more of its hosts in one entry (`a:2181,b:2181`, `?backup=`),
 * which a ZooKeeper client takes as members of one ensemble. A registry per region, listed with `|`
 * or per region by a placeholder, is not one.
 */
function addressedAsEnsemble(f: DubboFile, r: Service): boolean {
  for (const u of f.model.registryUsers(r)) {
    for (const h of u.hosts) {
      for (const use of f.model.registryUses(u.service, h)) {
        const hostsByEntry = new Map<object, Set<Host>>();
        for (const m of use.members) {
          if (m.registry !== r || !m.host) continue;
          const set = hostsByEntry.get(m.entry) ?? new Set<Host>();
          set.add(m.host);
          hostsByEntry.set(m.entry, set);
          if (set.size >= 2) return true;
        }
      }
    }
  }
  return false;
}

/** Reported on the registry service in the topology, once: by the first config file of the services using it. */
export function check(f: DubboFile): Finding[] {
  const registries = registriesOfFile(f);
  const out: Finding[] = [];
  for (const r of registries) {
    // A ZooKeeper ensemble's majority: another registry (Nacos keeps Dubbo's ephemeral instances without one) is not judged.
    if (r.kind !== 'zookeeper') continue;
    // The voting members its zoo.cfg declares, else every host running it.
    const declared = declaredEnsemble(f.ctx, r);
    const members = declared?.members ?? [...new Set(r.hosts)];
    const total = declared?.voters ?? members.length;
    // Every host in one region is dubbo-registry-single-region's finding.
    const regions = [...new Set([...r.hosts, ...members].map((h) => h.region))];
    if (regions.length < 2) continue;
    const byRegion = new Map<Region, Host[]>();
    for (const h of members) byRegion.set(h.region, [...(byRegion.get(h.region) ?? []), h]);
    // A region whose loss leaves no majority: it holds half of the voting members or more.
    const critical = [...byRegion].filter(([, hs]) => hs.length * 2 >= total);
    if (critical.length === 0 || firstConfigOf(f, r) !== f.file || (!declared && !addressedAsEnsemble(f, r))) continue;
    const finding = report(f, r, members, total, regions, critical);
    if (finding) out.push(finding);
  }
  return out;
}

function report(f: DubboFile, r: Service, members: Host[], total: number, across: Region[], critical: [Region, Host[]][]): Finding | undefined {
  const topo = f.ctx.topology;
  const regions = nameList(across.map((x) => x.name));
  let message: Finding['message'];
  if (critical.length >= 2) {
    message = { id: 'even', data: { registry: r.id, regions, total } };
  } else {
    const [region, hosts] = critical[0];
    // Who loses it with that region: the users elsewhere.
    const users = f.model.registryUsers(r).flatMap((u) => u.hosts);
    const others = [...new Set(users.map((h) => h.region))].filter((x) => x !== region);
    if (others.length === 0) return undefined;
    message = {
      id: 'majority',
      data: { registry: r.id, regions, region: region.name, count: hosts.length, total, others: nameList(others.map((x) => x.name)) },
    };
  }
  return {
    rule: meta.id,
    file: topo.file,
    range: r.keyRange,
    message,
    related: members.map((h) => ({ file: topo.file, range: h.keyRange, message: { id: 'common/topologyHost', data: { host: h.id, region: h.region.name } } })),
  };
}
