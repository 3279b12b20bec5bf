import type { Vantage } from '../../analyzer';
import { defaults, enclosingProvider, idsOf } from '../../dubbo/exports';
import type { DubboFile } from '../../dubbo/fileContext';
import { dubboElements, isProvider, literalValue, resolveAttribute } from '../../dubbo/model';
import { anyOverrides, overrideKey } from '../../dubbo/overrides';
import { locate, originOf, resolveText, type ResolvedValue } from '../../dubbo/placeholders';
import { writtenSetting } from '../../dubbo/propertiesConfig';
import { protocolDefaultPorts } from '../../dubbo/schema';
import { attr, attrValueRange, type XmlDocument, type XmlElement } from '../../dubbo/xml';
import type { Service, Topology } from '../../topology/model';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-protocol-random-port',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: '`port` negative (`-1`): a random port. A missing port is the fixed default, not random.',
    'zh-cn': '`port` 为负数（`-1`）：随机端口。不写端口时使用固定的默认端口，并非随机。',
  },
  messages: {
    random: {
      en: '{setting} makes Dubbo pick a free port at start-up, scanning up from {base}: it can differ between hosts and restarts, so firewall rules, security groups and direct URLs cannot rely on it.',
      'zh-cn': '{setting} 会让 Dubbo 在启动时从 {base} 起向上寻找空闲端口：不同主机、每次重启都可能不同，防火墙、安全组和直连 URL 都无法依赖它。',
    },
    useServicePort: { en: 'Use port {port} (service {service} in the topology)', 'zh-cn': '使用端口 {port}（拓扑中服务 {service} 的端口）' },
    useDefaultPort: { en: 'Use port {port} (the default of protocol {protocol})', 'zh-cn': '使用端口 {port}（{protocol} 协议的默认端口）' },
  },
};

/** A negative port: Dubbo picks a random one. */
const NEGATIVE = /^\s*-\d+\s*$/;

function protocolName(el: XmlElement | undefined): string {
  return (el?.local === 'protocol' ? attr(el, 'name')?.value.trim() : undefined) || 'dubbo';
}

/** Ports other services use on the hosts of `s`. */
function portsInUse(t: Topology, s: Service): Set<number> {
  const used = new Set<number>();
  for (const other of t.services) {
    if (other === s || !other.hosts.some((h) => s.hosts.includes(h))) continue;
    if (other.port !== undefined) used.add(other.port);
    for (const p of Object.values(other.ports)) used.add(p);
  }
  return used;
}

/** The fixed port to suggest: the service's port in the topology, else the protocol default. */
export function suggestedPort(f: DubboFile, el: XmlElement, proto = protocolName(el)): { port: number; title: MessageRef } {
  const base = protocolDefaultPorts[proto] || 20880;
  const services = [...new Set(f.vantage.map((v) => v.service).filter((s): s is Service => s !== undefined))];
  const s = services[0];
  if (s) {
    const own = s.ports[proto] ?? (isProvider(s) ? s.port : undefined);
    if (own !== undefined && own > 0) return { port: own, title: { id: 'useServicePort', data: { port: own, service: s.id } } };
    const used = portsInUse(f.ctx.topology, s);
    let port = base;
    while (used.has(port)) port++;
    return { port, title: { id: 'useDefaultPort', data: { port, protocol: proto } } };
  }
  return { port: base, title: { id: 'useDefaultPort', data: { port: base, protocol: proto } } };
}

// ---------------------------------------------------------------------------------------------
// Which port a protocol binds (ServiceConfig#findConfiguredPort in 3.x, #findConfigedPorts in 2.6/2.7,
// the same order in both): `<NAME>_DUBBO_PORT_TO_BIND` or `DUBBO_PORT_TO_BIND` (environment, then -D);
// else the protocol's `port` unless it is unset or 0; else the `port` of the service's provider;
// else the protocol's default port. Only a negative result is a random port, so a provider's `-1`
// counts only for protocols without a port of their own.

interface Config {
  file: string;
  doc: XmlDocument;
}

/** Whether Dubbo takes the bind port of a protocol from the environment (or -D) on a host, before any config. */
function portFromEnvironment(v: Vantage | undefined, proto: string): boolean {
  if (!v) return false;
  const names = [`${proto.toUpperCase()}_DUBBO_PORT_TO_BIND`, 'DUBBO_PORT_TO_BIND'];
  const env = v.service?.deploy?.env ?? {};
  return names.some((n) => (env[n] ?? '').trim() !== '' || v.host.properties.has(n) || v.host.region.properties.has(n));
}

/** The configs a host's service reads (this file among them), or this file alone. */
function configsOn(f: DubboFile, v: Vantage | undefined): Config[] {
  const own: Config = { file: f.file, doc: f.doc };
  if (!v?.service) return [own];
  const list = f.model.configs(v.service);
  return list.some((c) => c.file === f.file) ? list : [own, ...list];
}

/** A config's Dubbo elements of one kind, with the config they are in. */
function elementsOf(configs: readonly Config[], local: string): { el: XmlElement; c: Config }[] {
  return configs.flatMap((c) => dubboElements(c.doc, local).map((el) => ({ el, c })));
}

/** A protocol's or provider's bean id: its `id`, else (for protocols) its `name`. */
function beanId(el: XmlElement): string | undefined {
  return attr(el, 'id')?.value.trim() || (el.local === 'protocol' ? attr(el, 'name')?.value.trim() : undefined) || undefined;
}

/**
 * The protocols the services of a provider element export through: each `<dubbo:service>` nested in
 * it or naming it in `provider`, or (for a default provider) naming no provider, with the protocols
 * it names, else those its provider names, else the default protocols. A default provider also
 * serves services declared elsewhere (annotations), which use the default protocols.
 * `undefined` in the list stands for the protocol Dubbo adds when the configs declare none.
 */
function protocolsOfProvider(provider: XmlElement, configs: readonly Config[]): ({ el: XmlElement; c: Config } | undefined)[] {
  const protocols = elementsOf(configs, 'protocol');
  const providers = elementsOf(configs, 'provider');
  const isDefault = defaults(providers).some((p) => p.el === provider);
  const byIds = (ids: string[]) => protocols.filter((p) => ids.includes(beanId(p.el) ?? ''));
  const fallback = protocols.length > 0 ? defaults(protocols) : [undefined];
  const out = new Set<{ el: XmlElement; c: Config } | undefined>(isDefault ? fallback : []);
  for (const { el: service } of elementsOf(configs, 'service')) {
    const parent = enclosingProvider(service);
    const named = idsOf(service, 'provider');
    const own = parent ?? (named ? providers.find((p) => named.includes(attr(p.el, 'id')?.value.trim() ?? ''))?.el : undefined);
    if (own ? own !== provider : named || !isDefault) continue;
    const ids = idsOf(service, 'protocol') ?? idsOf(provider, 'protocol');
    for (const p of ids ? byIds(ids) : fallback) out.add(p);
  }
  return [...out];
}

/**
 * A protocol's own port on a host: `set` (a port, negative included), `none` (unset or 0: the
 * provider's port applies) or `unknown` (a placeholder left unresolved).
 */
function ownPort(f: DubboFile, protocol: { el: XmlElement; c: Config } | undefined, v: Vantage | undefined): 'set' | 'none' | 'unknown' {
  if (!protocol) return 'none';
  const { el, c } = protocol;
  const a = attr(el, 'port');
  let rv: ResolvedValue | undefined;
  if (a) rv = v ? resolveAttribute(f.ctx, c.file, c.doc, a, v) : literalValue(c.file, c.doc, a);
  else if (v && anyOverrides(f.ctx)) {
    // `dubbo.protocol.port` set for the host or region in the topology (passed as -D) counts too.
    const key = overrideKey(f.ctx, el, 'protocol', 'port', v);
    if (key !== undefined) rv = resolveText(f.ctx, v, `\${${key}}`, c.file, undefined);
  }
  if (!rv) return 'none';
  if (rv.unresolved.length > 0) return 'unknown';
  const text = rv.text.trim();
  if (text === '' || /^[+-]?0+$/.test(text)) return 'none';
  return /^[+-]?\d+$/.test(text) ? 'set' : 'unknown';
}

/**
 * The protocol a provider's negative port makes random on a host, if any: one its services export
 * through that has no port of its own and no bind port from the environment.
 */
function randomThroughProvider(f: DubboFile, provider: XmlElement, v: Vantage | undefined): { name: string } | undefined {
  for (const p of protocolsOfProvider(provider, configsOn(f, v))) {
    const name = protocolName(p?.el);
    // injvm binds no port.
    if (name !== 'injvm' && !portFromEnvironment(v, name) && ownPort(f, p, v) === 'none') return { name };
  }
  return undefined;
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i].el;
    if (el.local !== 'protocol' && el.local !== 'provider') continue;
    const a = attr(el, 'port');
    if (!a) continue;
    // A literal port reads the same from every host: nothing to resolve unless it is negative.
    if (!a.placeholder && !NEGATIVE.test(a.value)) continue;
    for (const { rv, vantage } of f.values(a)) {
      if (rv.unresolved.length > 0 || !NEGATIVE.test(rv.text)) continue;
      // The hosts where this port is the one bound (every host when none reads the file).
      const hosts: (Vantage | undefined)[] = vantage.length > 0 ? vantage : [undefined];
      let proto: string | undefined;
      for (const v of hosts) {
        proto = el.local === 'protocol' ? (portFromEnvironment(v, protocolName(el)) ? undefined : protocolName(el)) : randomThroughProvider(f, el, v)?.name;
        if (proto !== undefined) break;
      }
      if (proto === undefined) continue;
      const { port, title } = suggestedPort(f, el, proto);
      const spot = locate(rv, 0, rv.text.length);
      const fixes: Fix[] = spot ? [{ title, safe: true, edits: [{ ...spot, newText: String(port) }] }] : [];
      const origin = originOf(rv, 0, rv.text.length);
      const base = protocolDefaultPorts[proto] || 20880;
      out.push(
        f.finding(meta.id, el, attrValueRange(f.doc, a), { id: 'random', data: { setting: writtenSetting(f.doc, a, rv.text.trim()), base } }, { fixes, related: origin ? [origin] : undefined }),
      );
      break;
    }
  }
  return out;
}
