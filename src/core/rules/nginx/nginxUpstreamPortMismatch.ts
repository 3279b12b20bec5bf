import { perLocale } from '../../l10n';
import { readIp } from '../../ip';
import type { AddressRef } from '../../nginx/model';
import { portOk } from '../../nginx/urls';
import { servicePorts, type Host, type Service, type Topology } from '../../topology/model';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';
import { hostOf, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-upstream-port-mismatch',
  severity: 'warning',
  area: 'nginx',
  description: {
    en: "A backend port that matches none of the ports of the services the topology places on that host.",
    'zh-cn': '后端端口与拓扑中该主机上任何服务的端口都不一致。',
  },
  messages: {
    mismatch: {
      en: '{address} uses port {port}{implicit}, but the topology runs {services} on {host}: nothing there listens on {port}.',
      'zh-cn': '{address} 使用端口 {port}{implicit}，但拓扑中 {host} 上运行的是 {services}：没有服务监听 {port}。',
    },
    implicit: { en: ' (none written: the default)', 'zh-cn': '（未写端口，使用默认值）' },
    usePort: { en: 'Use port {port} of {service}', 'zh-cn': '改用 {service} 的端口 {port}' },
  },
};


interface HostServices {
  /** The services with ports that the topology places on the host (nginx itself left out). */
  services: Service[];
  /** Every port of those services. */
  ports: Set<number>;
  /** `svc (port, port), ...` for messages; in Chinese `svc（port、port）、...`. */
  text: MessageRef;
}

const servicesByHost = new WeakMap<Host, HostServices>();

function servicesOn(host: Host, topo: Topology): HostServices {
  let hs = servicesByHost.get(host);
  if (!hs) {
    const services = host.services
      .map((l) => topo.serviceById.get(l.value))
      .filter((s): s is Service => s !== undefined && s.kind !== 'nginx' && servicePorts(s).length > 0);
    hs = {
      services,
      ports: new Set(services.flatMap(servicePorts)),
      text: perLocale({
        en: services.map((s) => `${s.id} (${servicePorts(s).join(', ')})`).join(', '),
        'zh-cn': services.map((s) => `${s.id}（${servicePorts(s).join('、')}）`).join('、'),
      }),
    };
    servicesByHost.set(host, hs);
  }
  return hs;
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  const topo = c.ctx.topology;
  const judge = (address: AddressRef, siblings: AddressRef[]) => {
    if (c.invalid.has(address) || !readIp(address.host) || address.effectivePort === 0) return;
    // A port nginx refuses is nginx-invalid-value's.
    if (address.portText !== undefined && !portOk(address.portText)) return;
    const target = hostOf(c, address.host);
    if (!target) return;
    const on = servicesOn(target.host, topo);
    const services = on.services;
    if (services.length === 0) return;
    const port = address.effectivePort;
    if (on.ports.has(port)) return;
    // The service the sibling servers of the upstream reach, else the only candidate.
    const siblingPorts = new Set(siblings.filter((x) => x !== address).map((x) => x.effectivePort));
    const pick = services.find((s) => servicePorts(s).some((p) => siblingPorts.has(p))) ?? (services.length === 1 ? services[0] : undefined);
    const fixes: Fix[] = [];
    if (pick) {
      const p = servicePorts(pick).find((x) => siblingPorts.has(x)) ?? servicePorts(pick)[0];
      const edit = address.portRange
        ? { file: c.file, range: address.portRange, newText: String(p) }
        : { file: c.file, range: { start: address.hostRange.end, end: address.hostRange.end }, newText: `:${p}` };
      fixes.push({ title: { id: 'usePort', data: { port: p, service: pick.id } }, safe: false, edits: [edit] });
    }
    out.push({
      rule: meta.id,
      file: c.file,
      range: address.range,
      message: {
        id: 'mismatch',
        data: {
          address: address.host,
          port,
          implicit: address.port === undefined ? { id: 'implicit' } : '',
          host: target.host.id,
          services: on.text,
        },
      },
      fixes,
    });
  };
  for (const u of c.localUpstreams) {
    const addrs = u.servers.map((s) => s.address).filter((a): a is AddressRef => a !== undefined);
    for (const a of addrs) judge(a, addrs);
  }
  for (const p of c.localPasses) if (!p.upstream && p.target) judge(p.target, []);
  return out;
}
