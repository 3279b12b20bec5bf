import type { AnalyzerContext } from '../../analyzer';
import { dubboModel } from '../../dubbo/model';
import type { Host, Region, Service, Topology } from '../../topology/model';
import type { Finding } from '../../types';
import { nameList } from '../../l10n';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-registry-single-region',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: "All of a registry's hosts in one region while its users span several (the DR hole).",
    'zh-cn': '注册中心的所有主机都在一个地域，而使用者分布在多个地域（容灾漏洞）。',
  },
  messages: {
    singleRegion: {
      en: 'Registry {registry} runs only in {region} ({hosts}) but serves hosts in {regions}: if {region} goes down, the other regions lose service discovery with it. Run ZooKeeper members in more than one region.',
      'zh-cn': '注册中心 {registry} 只部署在 {region}（{hosts}），却为 {regions} 的主机服务：{region} 故障时，其他地域也会随之失去服务发现。请在多个地域部署 ZooKeeper 节点。',
    },
    singleRegionOther: {
      en: 'Registry {registry} runs only in {region} ({hosts}) but serves hosts in {regions}: if {region} goes down, the other regions lose service discovery with it. Run its cluster members in more than one region, or a registry per region and list both, separated by |.',
      'zh-cn': '注册中心 {registry} 只部署在 {region}（{hosts}），却为 {regions} 的主机服务：{region} 故障时，其他地域也会随之失去服务发现。请在多个地域部署其集群节点，或每个地域各用一个注册中心，并用 | 同时列出。',
    },
  },
};

/**
 * Reported on the registry service in the topology, once per registry, from the workspace as a whole:
 * its users may be known from the topology alone (`registry:` of services with no config file).
 */
export function check(ctx: AnalyzerContext): Finding[] {
  const out: Finding[] = [];
  const topo = ctx.topology;
  const model = dubboModel(ctx);
  for (const r of topo.services) {
    if (r.hosts.length === 0) continue;
    const regions = new Set<Region>(r.hosts.map((h) => h.region));
    if (regions.size !== 1) continue;
    const region = [...regions][0];
    const users = model.registryUsers(r);
    // Only the hosts that use the registry count (not the registry's own): all in one region, no hole.
    if (new Set(users.flatMap((u) => u.hosts.map((h) => h.region))).size < 2) continue;
    // Hosts elsewhere that also use a registry running outside the region keep service discovery.
    const keeps = (s: Service, h: Host) =>
      [...model.registries(s, h, 'provider'), ...model.registries(s, h, 'consumer')].some((x) => x !== r && x.hosts.some((m) => m.region !== region));
    const stranded = new Set(users.flatMap((u) => u.hosts.filter((h) => h.region !== region && !keeps(u.service, h))));
    if (stranded.size === 0) continue;
    const userHosts = [...new Set(users.flatMap((u) => u.hosts))].filter((h) => h.region === region || stranded.has(h));
    const userRegions = [...new Set(userHosts.map((h) => h.region))];
    out.push(report(topo, r, region, userHosts, userRegions));
  }
  return out;
}

// Apart from the search above: the optimizing compiler then compiles it alone.
function report(topo: Topology, r: Service, region: Region, userHosts: Host[], userRegions: Region[]): Finding {
  return {
    rule: meta.id,
    file: topo.file,
    range: r.keyRange,
    message: {
      id: r.kind === 'zookeeper' ? 'singleRegion' : 'singleRegionOther',
      data: { registry: r.id, region: region.name, hosts: nameList(r.hosts.map((h) => h.id)), regions: nameList(regionsNamed(region, userRegions).map((x) => x.name)) },
    },
    related: userHosts
      .filter((h) => h.region !== region)
      .map((h) => ({ file: topo.file, range: h.keyRange, message: { id: 'common/topologyHost', data: { host: h.id, region: h.region.name } } })),
  };
}

/** The regions of the users, the registry's own first when some of them are there. */
function regionsNamed(region: Region, userRegions: Region[]): Region[] {
  return userRegions.includes(region) ? [region, ...userRegions.filter((x) => x !== region)] : userRegions;
}
