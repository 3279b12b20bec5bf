import type { Vantage } from '../../analyzer';
import { type IpAddress, readIp } from '../../ip';
import { type AddressMember, parseAddressList } from '../../dubbo/address';
import type { DubboFile } from '../../dubbo/fileContext';
import { findPlaceholders, locate, type ResolvedValue } from '../../dubbo/placeholders';
import { setProperty } from '../../dubbo/topologyEdits';
import { attr, type XmlAttribute, type XmlElement } from '../../dubbo/xml';
import { nameList } from '../../l10n';
import type { Host, Region, Topology } from '../../topology/model';
import { type AddressJudgement, bestAddressFrom, describeHosts, judgeFrom } from '../../topology/reach';
import type { Finding, Fix, RelatedInfo, TextEdit } from '../../types';
import type { RuleMeta } from '../meta';
import { addDefinition, addressRange } from './addressSpot';

export const meta: RuleMeta = {
  id: 'dubbo-registry-unreachable',
  severity: 'error',
  area: 'dubbo',
  description: {
    en: 'A registry address a vantage host cannot reach.',
    'zh-cn': '某些视角主机无法访问的注册中心地址。',
  },
  messages: {
    unreachable: {
      en: 'Registry address {address} is the internal IP of {target} in {targetRegion}: {hosts} cannot reach it, so Dubbo there cannot register or discover services.',
      'zh-cn': '注册中心地址 {address} 是 {targetRegion} 中 {target} 的内网 IP：{hosts} 无法访问，这些主机上的 Dubbo 无法注册或发现服务。',
    },
    inOtherLan: {
      en: 'Registry address {address} lies in the LAN of {region} ({lan}), where no host of the topology has it: {hosts} cannot reach it, so Dubbo there cannot register or discover services. Reach the registry by its external IP, and add its host to the topology.',
      'zh-cn': '注册中心地址 {address} 位于 {region} 的局域网（{lan}）内，拓扑中没有主机使用该地址：{hosts} 无法访问，这些主机上的 Dubbo 无法注册或发现服务。请通过外网 IP 访问注册中心，并把它所在的主机加入拓扑。',
    },
    useExternal: { en: 'Use the external IP of {target} ({value}), which every host can reach', 'zh-cn': '改用 {target} 的外网 IP（{value}），所有主机都可访问' },
    perRegion: {
      en: 'Define {key} per region in the topology (the internal IP inside {targetRegion}, the external IP elsewhere)',
      'zh-cn': '在拓扑中按地域定义 {key}（{targetRegion} 内用内网 IP，其他地域用外网 IP）',
    },
    perHost: {
      en: 'Set {key} in the topology for the hosts that cannot reach it (the internal IP inside {targetRegion}, the external IP elsewhere)',
      'zh-cn': '在拓扑中为无法访问的主机设置 {key}（{targetRegion} 内用内网 IP，其他地域用外网 IP）',
    },
  },
};

interface Failure {
  rv: ResolvedValue;
  vantage: Vantage[];
  hosts: Host[];
  /**
   * Unreachable member offsets in the resolved text and the host they belong to, or for an address
   * no host has, the region whose LAN holds it.
   */
  members: Member[];
}

interface Member {
  start: number;
  end: number;
  text: string;
  target?: Host;
  lan?: Region;
  hosts: Host[];
  /** The index of its entry in the address (`a|b`: each entry is a registry of its own). */
  entry: number;
}

/** How each member looks from `from`, when none of them can be reached from there. */
function unreachable(topo: Topology, from: Host, ips: { m: AddressMember; ip: IpAddress | undefined }[]): { m: AddressMember; j: AddressJudgement }[] | undefined {
  for (const x of ips) if (judgeFrom(topo, from, x.ip!).reachable) return undefined;
  return ips.map((x) => ({ m: x.m, j: judgeFrom(topo, from, x.ip!) }));
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  if (f.vantage.length === 0) return out;
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i].el;
    if (el.local !== 'registry') continue;
    const a = attr(el, 'address');
    if (!a) continue;
    const failures = failuresOf(f, a);
    if (failures.length === 0) continue;
    // One finding per registry of the address that some host cannot reach.
    const entries = [...new Set(failures.flatMap((x) => x.members.map((m) => m.entry)))].sort((p, q) => p - q);
    for (const e of entries) out.push(report(f, el, a, failures, e));
  }
  return out;
}

// Finding the failures and reporting them are kept in separate functions: most registries do not
// fail, and the optimizing compiler then compiles the small search alone.

/** The resolutions of a registry address under which some vantage host reaches none of its members. */
function failuresOf(f: DubboFile, a: XmlAttribute): Failure[] {
  const topo = f.ctx.topology;
  const failures: Failure[] = [];
  for (const { rv, vantage } of f.values(a)) {
    if (rv.unresolved.length > 0) continue;
    const failure: Failure = { rv, vantage, hosts: [], members: [] };
    const entries = parseAddressList(rv.text);
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      if (entry.na) continue;
      const ips = entry.members.map((m) => ({ m, ip: readIp(m.host) })).filter((x) => x.ip);
      if (ips.length === 0) continue;
      for (const v of vantage) {
        const js = unreachable(topo, v.host, ips);
        if (!js) continue;
        if (!failure.hosts.includes(v.host)) failure.hosts.push(v.host);
        for (const x of js) {
          if (!x.j.host && !x.j.region) continue;
          // Each member with the hosts that cannot reach it: with `a|b`, a host may reach one entry and not the other.
          const known = failure.members.find((m) => m.start === x.m.hostStart);
          if (known) {
            if (!known.hosts.includes(v.host)) known.hosts.push(v.host);
          } else failure.members.push({ start: x.m.hostStart, end: x.m.hostEnd, text: x.m.host, target: x.j.host, lan: x.j.region, hosts: [v.host], entry: e });
        }
      }
    }
    if (failure.hosts.length > 0 && failure.members.length > 0) failures.push(failure);
  }
  return failures;
}

/** The finding for one entry of the address (`entry`), with fixes. */
function report(f: DubboFile, el: XmlElement, a: XmlAttribute, failures: Failure[], entry: number): Finding {
  const topo = f.ctx.topology;
  const failing = failures.filter((x) => x.members.some((m) => m.entry === entry));
  const firstFailure = failing[0];
  const first = firstFailure.members.find((m) => m.entry === entry)!;
  const range = addressRange(f, a, firstFailure.rv, first.start, first.end);
  // The hosts that cannot reach the member the finding names (the same address in every resolution).
  const hosts = [...new Set(failing.flatMap((x) => x.members.filter((m) => m.text === first.text).flatMap((m) => m.hosts)))];
  const related: RelatedInfo[] = [];
  for (const x of failing) addDefinition(related, x.rv, first.start, first.end);
  if (!first.target) {
    // An address no host has: no host to name, and no address of it to offer.
    const region = first.lan!;
    return f.finding(
      meta.id,
      el,
      range,
      { id: 'inOtherLan', data: { address: first.text, region: region.name, lan: nameList(region.lan.map((l) => l.text)), hosts: describeHosts(hosts) } },
      { fixes: [], related },
    );
  }
  const target = first.target;
  related.push({ file: topo.file, range: target.keyRange, message: { id: 'common/topologyHost', data: { host: target.id, region: target.region.name } } });

  const fixes: Fix[] = [];
  // Per-region values when the whole address is one placeholder: each failing host gets a value it
  // reaches where its own value comes from (host properties win over region properties, which win
  // over properties files and defaults: a region value is added for those).
  const refs = findPlaceholders(a.value);
  if (refs.length === 1 && refs[0].start === 0 && refs[0].end === a.value.length) {
    const edits: TextEdit[] = [];
    // The key set per host or region (the hosts of a region share its value).
    const done = new Map<Region | Host, string>();
    let ok = true;
    let onHost = false;
    let title = refs[0].key;
    for (const x of failures) {
      // The key as resolved (`${zk.${env}}`) and where this group of hosts takes its value from.
      const used = x.rv.used[0];
      const key = used?.key ?? refs[0].key;
      if (x === failures[0]) title = key;
      for (const h of x.hosts) {
        const scope = used?.resolution?.origin === 'host' ? h : h.region;
        const set = done.get(scope);
        if (set !== undefined) {
          // Hosts of one region resolving the key to different names (`${zk.${env}}`): one edit
          // there cannot suit them all.
          if (set !== key) ok = false;
          continue;
        }
        done.set(scope, key);
        if (scope === h) onHost = true;
        let value = x.rv.text;
        for (const m of [...x.members].sort((p, q) => q.start - p.start)) {
          // A member no host has (in some region's LAN) has no address to offer.
          const best = m.target && bestAddressFrom(m.target, h);
          if (!best) ok = false;
          else value = value.slice(0, m.start) + best + value.slice(m.end);
        }
        edits.push(...setProperty(f.ctx, scope, key, value));
      }
    }
    if (ok && edits.length > 0) {
      fixes.push({ title: { id: onHost ? 'perHost' : 'perRegion', data: { key: title, targetRegion: target.region.name } }, safe: true, edits });
    }
  }
  const ext = target.external?.ip?.text;
  if (ext) {
    const edits: TextEdit[] = [];
    const seen = new Set<string>();
    let ok = true;
    for (const x of failing) {
      for (const m of x.members) {
        if (m.entry !== entry) continue;
        const e = m.target?.external?.ip?.text;
        const s = locate(x.rv, m.start, m.end);
        if (!e || !s) {
          ok = false;
          continue;
        }
        const k = `${s.file}:${s.range.start.line}:${s.range.start.character}`;
        if (seen.has(k)) continue;
        seen.add(k);
        edits.push({ ...s, newText: e });
      }
    }
    if (ok && edits.length > 0) fixes.push({ title: { id: 'useExternal', data: { target: target.id, value: ext } }, safe: fixes.length === 0, edits });
  }
  return f.finding(
    meta.id,
    el,
    range,
    {
      id: 'unreachable',
      data: { address: first.text, target: target.id, targetRegion: target.region.name, hosts: describeHosts(hosts) },
    },
    { fixes, related },
  );
}
