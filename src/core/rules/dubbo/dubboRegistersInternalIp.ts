import { addressScope, readIp } from '../../ip';
import { nameList } from '../../l10n';
import { nameRange, type DubboFile } from '../../dubbo/fileContext';
import { isProvider, registeredAddress, type Registered } from '../../dubbo/model';
import { findPlaceholders, originOf } from '../../dubbo/placeholders';
import { setProperty, setServiceField } from '../../dubbo/topologyEdits';
import { attributeInsertion } from '../../dubbo/configEdits';
import { keySetting } from '../../dubbo/propertiesConfig';
import { attr, attrValueRange, type XmlElement } from '../../dubbo/xml';
import type { Host, Region, Service, Topology } from '../../topology/model';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Finding, Fix, MessageRef, Range, RelatedInfo, TextEdit } from '../../types';
import type { RuleMeta } from '../meta';
import { providersOfFile, providerTargets } from './providerTargets';

const providerHostSets = new WeakMap<Topology, Set<string>>();

/** Ids of hosts running some provider, once per topology (asked for every finding's fix). */
function providerHosts(topo: Topology): Set<string> {
  let set = providerHostSets.get(topo);
  if (!set) {
    set = new Set(topo.services.filter(isProvider).flatMap((p) => p.hosts.map((h) => h.id)));
    providerHostSets.set(topo, set);
  }
  return set;
}

export const meta: RuleMeta = {
  id: 'dubbo-registers-internal-ip',
  severity: 'error',
  area: 'dubbo',
  description: {
    en: 'A provider registers an address a consumer host of the same registry cannot reach.',
    'zh-cn': '提供者注册的地址，同一注册中心的某些消费者主机无法访问。',
  },
  messages: {
    unreachable: {
      en: '{service} registers addresses in registry {registry} that some consumers cannot reach: {details}. Their calls fail. Register an address every consumer can reach.',
      'zh-cn': '{service} 向注册中心 {registry} 注册的地址有消费者无法访问：{details}。这些调用会失败。请注册所有消费者都能访问的地址。',
    },
    detail: {
      en: '{address} ({provider}) is unreachable from {hosts}',
      'zh-cn': '{provider} 的 {address}，{hosts} 无法访问',
    },
    detailNoExternal: {
      en: '{address} ({provider}, which has no external IP in the topology for registerAs: external) is unreachable from {hosts}',
      'zh-cn': '{provider} 的 {address}（拓扑中没有它的外网 IP，registerAs: external 对它不起作用），{hosts} 无法访问',
    },
    registerExternal: {
      en: 'Set registerAs: external for {service} in the topology (deploy sets DUBBO_IP_TO_REGISTRY to each host\'s external IP)',
      'zh-cn': '在拓扑中为 {service} 设置 registerAs: external（部署时将 DUBBO_IP_TO_REGISTRY 设为各主机的外网 IP）',
    },
    placeholder: {
      en: 'Use host="{placeholder}" with a value per {scope} in the topology',
      'zh-cn': '使用 host="{placeholder}"，并在拓扑中按{scope}设置取值',
    },
    'scope.region': { en: 'region', 'zh-cn': '地域' },
    'scope.host': { en: 'host', 'zh-cn': '主机' },
    literal: { en: 'Set host="{value}" (the external IP of {host}, the only host of {service})', 'zh-cn': '设置 host="{value}"（{service} 唯一主机 {host} 的外网 IP）' },
    literalKey: { en: 'Set {setting} (the external IP of {host}, the only host of {service})', 'zh-cn': '设置 {setting}（{service} 唯一主机 {host} 的外网 IP）' },
  },
};

const PLACEHOLDER_KEY = 'dubbo.protocol.host';

/**
 * Whether `from` cannot reach the address a provider host registers. Judged once per region of the
 * consumer hosts (judgeFrom depends on the vantage host's region only): registries serve hundreds of
 * consumer hosts.
 */
function reachability(f: DubboFile, provider: Host, address: string): ((from: Host) => boolean) | undefined {
  const ip = readIp(address);
  if (!ip) return undefined;
  if (addressScope(ip) === 'loopback' || addressScope(ip) === 'unspecified') return (from) => from !== provider;
  const byRegion = new Map<Region, boolean>();
  return (from) => {
    let bad = byRegion.get(from.region);
    if (bad === undefined) byRegion.set(from.region, (bad = !judgeFrom(f.ctx.topology, from, ip).reachable));
    return bad;
  };
}

/** Where consumers of a provider host sit: all in its own region → internal is enough. */
function valueFor(f: DubboFile, s: Service, h: Host): string | undefined {
  for (const r of f.model.registries(s, h, 'provider')) {
    for (const c of f.model.consumerHosts(s, r)) if (c.host.region !== h.region) return h.external?.ip?.text;
  }
  return h.internal?.ip?.text;
}

function placeholderFix(f: DubboFile, s: Service, el: XmlElement): Fix | undefined {
  const hostAttr = attr(el, 'host');
  const refs = hostAttr ? findPlaceholders(hostAttr.value) : [];
  const single = hostAttr && refs.length === 1 && refs[0].start === 0 && refs[0].end === hostAttr.value.length;
  const key = single ? refs[0].key : PLACEHOLDER_KEY;
  const placeholder = `\${${key}}`;
  const edits: TextEdit[] = [];
  if (!hostAttr) {
    const insertion = attributeInsertion(f.doc, el, 'host', placeholder);
    if (!insertion) return undefined;
    edits.push({ file: f.file, ...insertion });
  } else if (!single) {
    edits.push({ file: f.file, range: attrValueRange(f.doc, hostAttr), newText: placeholder });
  }
  const topo = f.ctx.topology;
  const providerHostIds = providerHosts(topo);
  const byRegion = new Map<string, Host[]>();
  for (const h of s.hosts) byRegion.set(h.region.id, [...(byRegion.get(h.region.id) ?? []), h]);
  let perHost = false;
  for (const hosts of byRegion.values()) {
    const region = hosts[0].region;
    const otherProviders = region.hosts.filter((h) => !hosts.includes(h) && providerHostIds.has(h.id));
    if (hosts.length > 1 || otherProviders.length > 0) perHost = true;
  }
  for (const hosts of byRegion.values()) {
    for (const h of perHost ? hosts : hosts.slice(0, 1)) {
      const value = valueFor(f, s, h);
      if (!value) return undefined;
      edits.push(...setProperty(f.ctx, perHost ? h : h.region, key, value));
    }
  }
  return { title: { id: 'placeholder', data: { placeholder, scope: { id: perHost ? 'scope.host' : 'scope.region' } } }, safe: false, edits };
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  for (const s of providersOfFile(f)) {
    for (const el of providerTargets(f, s)) {
      // Per provider host that fails (in order): the address it registers and the consumer hosts
      // that cannot reach it; all consumers and registries in the order their failures come.
      const byProvider = new Map<Host, { reg: Registered; consumers: Set<Host> }>();
      const consumers = new Set<Host>();
      const registryIds = new Set<string>();
      const failingRegs: Registered[] = [];
      for (const h of s.hosts) {
        const reg = registeredAddress(f.ctx, s, h, f.file, f.doc, el.local === 'protocol' ? el : undefined);
        if (!reg) continue;
        const unreachable = reachability(f, h, reg.address);
        if (!unreachable) continue;
        let failed = false;
        for (const r of f.model.registries(s, h, 'provider')) {
          const users = f.model.consumerHosts(s, r);
          for (let i = 0; i < users.length; i++) {
            const c = users[i].host;
            if (c === h || !unreachable(c)) continue;
            let g = byProvider.get(h);
            if (!g) byProvider.set(h, (g = { reg, consumers: new Set() }));
            g.consumers.add(c);
            consumers.add(c);
            registryIds.add(r.id);
            failed = true;
          }
        }
        if (failed) failingRegs.push(reg);
      }
      if (failingRegs.length > 0) out.push(report(f, s, el, { byProvider, consumers, registryIds, failingRegs }));
    }
  }
  return out;
}

/** What one target element's providers fail with, in the order the failures come. */
interface Failures {
  byProvider: Map<Host, { reg: Registered; consumers: Set<Host> }>;
  consumers: Set<Host>;
  registryIds: Set<string>;
  failingRegs: Registered[];
}

// Apart from the search above: few elements fail, and the optimizing compiler then compiles the
// search alone.
function report(f: DubboFile, s: Service, el: XmlElement, { byProvider, consumers, registryIds, failingRegs }: Failures): Finding {
  const topo = f.ctx.topology;
  const hostAttr = el.local === 'protocol' ? attr(el, 'host') : undefined;
  const range: Range = hostAttr ? attrValueRange(f.doc, hostAttr) : nameRange(f, el);
  const providersFailing = [...byProvider.keys()];
  const details = providersFailing.map((h) => {
    const g = byProvider.get(h)!;
    const id = s.registerAs === 'external' && !h.external?.ip ? 'detailNoExternal' : 'detail';
    return { id, data: { address: g.reg.address, provider: h.id, hosts: describeHosts([...g.consumers]) } };
  });
  const registries = nameList([...registryIds]);
  const related: RelatedInfo[] = [];
  for (const reg of failingRegs) {
    if (reg.rv) {
      const o = originOf(reg.rv, 0, reg.rv.text.length);
      if (o && !related.some((r) => r.file === o.file && r.range.start.line === o.range.start.line)) related.push(o);
    }
  }
  for (const h of [...providersFailing, ...consumers]) {
    related.push({ file: topo.file, range: h.keyRange, message: { id: 'common/topologyHost', data: { host: h.id, region: h.region.name } } });
  }
  const fixes: Fix[] = [];
  const fromEnv = failingRegs.some((reg) => reg.how === 'env');
  if (s.registerAs !== 'external' && !fromEnv && providersFailing.every((h) => h.external?.ip)) {
    fixes.push({ title: { id: 'registerExternal', data: { service: s.id } }, safe: true, edits: setServiceField(f.ctx, s, 'registerAs', 'external') });
  }
  if (el.local === 'protocol' && !fromEnv && s.registerAs !== 'external') {
    // In properties or YAML the key itself is what a -D or host property would set: no placeholder.
    const p = f.doc.format ? undefined : placeholderFix(f, s, el);
    if (p && p.edits.length > 0) fixes.push(p);
    const only = s.hosts.length === 1 ? s.hosts[0] : undefined;
    const ext = only?.external?.ip?.text;
    if (only && ext) {
      const insertion = hostAttr ? undefined : attributeInsertion(f.doc, el, 'host', ext);
      const edit: TextEdit | undefined = hostAttr ? { file: f.file, range: attrValueRange(f.doc, hostAttr), newText: ext } : insertion && { file: f.file, ...insertion };
      const title: MessageRef = f.doc.format
        ? { id: 'literalKey', data: { setting: keySetting(f.doc, `${el.key}.host`, ext), host: only.id, service: s.id } }
        : { id: 'literal', data: { value: ext, host: only.id, service: s.id } };
      if (edit) fixes.push({ title, safe: false, edits: [edit] });
    }
  }
  return f.finding(meta.id, el, range, { id: 'unreachable', data: { service: s.id, details, registry: registries } }, { fixes, related });
}
