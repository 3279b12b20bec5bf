import { format, semicolonList, tidyChinese } from '../l10n';
import { hostInRegion } from '../topology/reach';
import type { Locale } from '../types';
import type { RegistryReport, ProviderEntry, ProviderProblem, CallerHost } from './check';
import { endpointOf } from './dubboUrl';
import { isServing, type EnsembleReport, type MemberAttempt, type MemberStatus } from './ensemble';
import { sshText } from '../sshMessages';

/** Where a listing was read from, for the report's first line. */
export interface RegistrySource {
  /** `host:port` connected to. */
  address: string;
  /** The SSH host the connection went through, if any. */
  via?: string;
  /** When it was read (ISO 8601). */
  at: string;
}

const MESSAGES = {
  title: { en: 'Live registry check: {registry}', 'zh-cn': '在线注册中心检查：{registry}' },
  source: {
    en: 'Read from ZooKeeper {address} at {at}, under {root}: {interfaces} interface(s), {providers} provider(s), {consumers} consumer(s).',
    'zh-cn': '于 {at} 从 ZooKeeper {address} 的 {root} 下读取：{interfaces} 个接口，{providers} 个提供者，{consumers} 个消费者。',
  },
  sourceVia: {
    en: 'Read from ZooKeeper {address} through SSH to {via} at {at}, under {root}: {interfaces} interface(s), {providers} provider(s), {consumers} consumer(s).',
    'zh-cn': '于 {at} 经 SSH 主机 {via} 从 ZooKeeper {address} 的 {root} 下读取：{interfaces} 个接口，{providers} 个提供者，{consumers} 个消费者。',
  },
  instancesRead: {
    en: 'Dubbo 3 application-level registrations under {root}: {applications} application(s), {instances} instance(s).',
    'zh-cn': '{root} 下的 Dubbo 3 应用级注册：{applications} 个应用，{instances} 个实例。',
  },
  applications: { en: 'Applications (Dubbo 3 instances, {root})', 'zh-cn': '应用（Dubbo 3 实例，{root}）' },
  allGood: { en: 'Every provider is reachable from the hosts that call it.', 'zh-cn': '所有提供者都能被调用它的主机访问。' },
  someBad: { en: '{count} of {total} provider(s) have problems.', 'zh-cn': '{total} 个提供者中有 {count} 个存在问题。' },
  empty: { en: 'Nothing is registered under {root}.', 'zh-cn': '{root} 下没有任何注册。' },
  callers: { en: 'callers: {list}', 'zh-cn': '调用方：{list}' },
  ok: { en: 'OK', 'zh-cn': '正常' },
  notInTopology: { en: 'not in the topology', 'zh-cn': '不在拓扑中' },
  noCallers: { en: 'none known', 'zh-cn': '未知' },
  consumers: { en: 'Consumers: {list}', 'zh-cn': '消费者：{list}' },
  noProviders: { en: 'No provider is registered: calls fail (consumers with check="false" start anyway).', 'zh-cn': '没有注册任何提供者：调用会失败（check="false" 的消费者仍会启动）。' },
  orphaned: { en: 'Interfaces with consumers and no provider: {list}.', 'zh-cn': '有消费者但没有提供者的接口：{list}。' },
  unparsed: { en: 'Entries that could not be read: {list}', 'zh-cn': '无法识别的条目：{list}' },
  live: { en: 'subscribed', 'zh-cn': '已订阅' },
  expected: { en: 'expected from the topology', 'zh-cn': '按拓扑应调用' },
  'problem.unreachable': {
    en: 'unreachable from {hosts}. Register an address every caller can reach: registerAs: external for {service} in the topology (deploy sets DUBBO_IP_TO_REGISTRY).',
    'zh-cn': '{hosts} 无法访问。请注册所有调用方都能访问的地址：在拓扑中为 {service} 设置 registerAs: external（部署时设置 DUBBO_IP_TO_REGISTRY）。',
  },
  'problem.unreachableUnknown': {
    en: 'unreachable from {hosts}. Register an address every caller can reach (DUBBO_IP_TO_REGISTRY).',
    'zh-cn': '{hosts} 无法访问。请注册所有调用方都能访问的地址（DUBBO_IP_TO_REGISTRY）。',
  },
  'problem.local-address': {
    en: '{address} is a local address: only the provider\'s own host can call it. Set DUBBO_IP_TO_REGISTRY or the protocol\'s host.',
    'zh-cn': '{address} 是本机地址：只有提供者自己的主机能调用。请设置 DUBBO_IP_TO_REGISTRY 或 protocol 的 host。',
  },
  'problem.unknown-address': { en: '{address} belongs to no host of the topology.', 'zh-cn': '{address} 不属于拓扑中的任何主机。' },
  'problem.hostname': {
    en: '{address} is a host name: each caller resolves it on its own (its DNS or /etc/hosts), so it is not judged here.',
    'zh-cn': '{address} 是主机名：每个调用方各自解析（DNS 或 /etc/hosts），此处不作判断。',
  },
  'problem.port': {
    en: 'port {port} is none of the ports the topology gives {services} ({expected}): a random port (port="-1")? Firewall rules cannot name it.',
    'zh-cn': '端口 {port} 不是拓扑中 {services} 的端口（{expected}）：随机端口（port="-1"）？防火墙规则无法针对它。',
  },
  'problem.ambiguous': {
    en: '{address} is an internal IP of several hosts ({hosts}): which one registered cannot be told.',
    'zh-cn': '{address} 是多个主机（{hosts}）的内网 IP：无法判断是哪一个注册的。',
  },
  ensemble: { en: 'Ensemble', 'zh-cn': '集群' },
  'ensemble.ok': { en: 'Every member serves; leader: {leader}.', 'zh-cn': '所有成员都在提供服务；leader：{leader}。' },
  'ensemble.okStandalone': { en: 'Every member serves, each on its own (standalone, not one ensemble).', 'zh-cn': '所有成员都在提供服务，各自独立运行（standalone，不是同一个集群）。' },
  'ensemble.degraded': {
    en: '{serving} of {total} members serve (leader: {leader}); the others below do not.',
    'zh-cn': '{total} 个成员中有 {serving} 个在提供服务（leader：{leader}）；其余成员（见下）没有。',
  },
  'ensemble.down': {
    en: 'No member serves: the ensemble has no quorum, and the Dubbo services using it cannot register or discover providers.',
    'zh-cn': '没有任何成员在提供服务：集群没有法定多数，使用它的 Dubbo 服务无法注册或发现提供者。',
  },
  'ensemble.unknown': { en: 'The members\' modes could not be read.', 'zh-cn': '无法读取各成员的状态。' },
  'mode.leader': { en: 'leader', 'zh-cn': 'leader' },
  'mode.follower': { en: 'follower', 'zh-cn': 'follower' },
  'mode.observer': { en: 'observer', 'zh-cn': 'observer' },
  'mode.standalone': { en: 'standalone', 'zh-cn': 'standalone（独立运行）' },
  'mode.not-serving': { en: 'not serving (no quorum)', 'zh-cn': '未提供服务（没有法定多数）' },
  'mode.not-allowed': { en: 'srvr is not allowed (4lw.commands.whitelist)', 'zh-cn': '不允许 srvr 命令（4lw.commands.whitelist）' },
  'mode.unreachable': { en: 'unreachable', 'zh-cn': '无法连接' },
  'mode.unknown': { en: 'unexpected answer', 'zh-cn': '无法识别的回答' },
  memberVia: { en: '{address} through SSH to {via}', 'zh-cn': '经 SSH 主机 {via} 访问 {address}' },
  member: { en: '{host}: {mode}', 'zh-cn': '{host}：{mode}' },
  memberDetail: { en: ' ({detail})', 'zh-cn': '（{detail}）' },
  attempt: { en: '{address}: {error}', 'zh-cn': '{address}：{error}' },
  attemptVia: { en: '{address} via {via}: {error}', 'zh-cn': '经 SSH 主机 {via} 访问 {address}：{error}' },
  noAttempt: { en: 'no address to try', 'zh-cn': '没有可尝试的地址' },
} satisfies Record<string, Record<Locale, string>>;

type MessageId = keyof typeof MESSAGES;

function t(locale: Locale, id: MessageId, data?: Record<string, string | number>): string {
  const text = format(MESSAGES[id][locale], data);
  return locale === 'zh-cn' ? tidyChinese(text) : text;
}

/** A list as the language writes one. */
function list(locale: Locale, items: (string | number)[]): string {
  return items.join(locale === 'zh-cn' ? '、' : ', ');
}

function callerLabel(locale: Locale, c: CallerHost): string {
  const state = t(locale, c.live ? 'live' : 'expected');
  return locale === 'zh-cn' ? `${c.host.id}（${c.host.region.name}，${state}）` : `${c.host.id} (${c.host.region.name}, ${state})`;
}

function problemText(locale: Locale, p: ProviderEntry, problem: ProviderProblem): string {
  const address = p.url.host;
  switch (problem.kind) {
    case 'unreachable':
      return p.judgedAs.length === 0
        ? t(locale, 'problem.unreachableUnknown', { hosts: list(locale, problem.callers.map((c) => callerLabel(locale, c))) })
        : t(locale, 'problem.unreachable', { hosts: list(locale, problem.callers.map((c) => callerLabel(locale, c))), service: list(locale, p.judgedAs.map((s) => s.id)) });
    case 'port':
      return t(locale, 'problem.port', { port: p.url.port ?? '', services: list(locale, problem.services.map((s) => s.id)), expected: list(locale, problem.expected) });
    case 'ambiguous':
      return t(locale, 'problem.ambiguous', { address, hosts: list(locale, problem.hosts.map((h) => hostInRegion(h, locale))) });
    default:
      return t(locale, `problem.${problem.kind}`, { address });
  }
}

/**
 * Why a member is unreachable, or the answer it gave that `srvr` does not give: each address tried
 * with its error, in `locale`; what the system or the server said is quoted as it came.
 */
function memberDetail(m: MemberStatus, locale: Locale): string | undefined {
  if (!m.attempts) return m.detail;
  if (m.attempts.length === 0) return t(locale, 'noAttempt');
  const one = (a: MemberAttempt) => t(locale, a.via ? 'attemptVia' : 'attempt', { address: a.address, via: a.via ?? '', error: a.ref ? sshText(a.ref, locale) : a.error });
  return semicolonList(m.attempts.map(one), locale);
}

/** The ensemble section: the verdict, then one line per member. */
function ensembleLines(out: string[], e: EnsembleReport, locale: Locale): void {
  const serving = e.members.filter((m) => isServing(m.mode));
  const leaders = e.members.filter((m) => m.mode === 'leader').map((m) => m.host.id);
  const leader = leaders.length > 0 ? list(locale, leaders) : '—';
  out.push(`## ${t(locale, 'ensemble')}`, '');
  if (e.verdict === 'ok') out.push(t(locale, leaders.length > 0 ? 'ensemble.ok' : 'ensemble.okStandalone', { leader }));
  else if (e.verdict === 'degraded') out.push(`**${t(locale, 'ensemble.degraded', { serving: serving.length, total: e.members.length, leader })}**`);
  else out.push(`**${t(locale, e.verdict === 'down' ? 'ensemble.down' : 'ensemble.unknown')}**`);
  out.push('');
  for (const m of e.members) {
    const mark = isServing(m.mode) ? '✓' : m.mode === 'not-allowed' || m.mode === 'unknown' ? '?' : '✗';
    const where = m.address ? ` — ${m.via ? t(locale, 'memberVia', { address: `\`${m.address}\``, via: m.via }) : `\`${m.address}\``}` : '';
    const detail = memberDetail(m, locale);
    // Not through `t`: the detail may quote text whose spacing is its own.
    out.push(`- ${mark} ${format(MESSAGES.member[locale], { host: hostInRegion(m.host, locale), mode: t(locale, `mode.${m.mode}`) })}${where}${detail ? format(MESSAGES.memberDetail[locale], { detail }) : ''}`);
  }
}

/** The report as a Markdown document, in the user's language (with the members' modes, when they were read). */
export function renderRegistryReport(report: RegistryReport, source: RegistrySource, locale: Locale, ensemble?: EnsembleReport): string {
  const out: string[] = [`# ${t(locale, 'title', { registry: report.registry })}`, ''];
  const counts = { root: report.root, at: source.at, address: source.address, via: source.via ?? '', interfaces: report.interfaces.length, providers: report.providers, consumers: report.consumers };
  out.push(`_${t(locale, source.via ? 'sourceVia' : 'source', counts)}_`, '');
  if (report.applications.length > 0) {
    out.push(`_${t(locale, 'instancesRead', { root: report.servicesRoot ?? '', applications: report.applications.length, instances: report.instances })}_`, '');
  }
  if (ensemble) ensembleLines(out, ensemble, locale);
  if (ensemble) out.push('');
  if (report.interfaces.length === 0 && report.applications.length === 0) {
    out.push(t(locale, 'empty', { root: report.root }));
    return out.join('\n') + '\n';
  }
  const total = report.providers + report.instances;
  out.push(report.problemProviders === 0 ? `**${t(locale, 'allGood')}**` : `**${t(locale, 'someBad', { count: report.problemProviders, total })}**`);
  if (report.orphaned.length > 0) out.push('', `**${t(locale, 'orphaned', { list: list(locale, report.orphaned) })}**`);
  for (const iface of report.interfaces) {
    out.push('', `## ${iface.name}`, '');
    if (iface.providers.length === 0) out.push(t(locale, 'noProviders'));
    providerLines(out, iface.providers, locale);
    if (iface.consumers.length > 0) {
      const consumers = iface.consumers.map((c) => (c.host ? `${hostInRegion(c.host, locale)} \`${c.url.host}\`` : `\`${c.url.host}\` (${t(locale, 'notInTopology')})`));
      out.push('', t(locale, 'consumers', { list: list(locale, consumers) }));
    }
    if (iface.unparsed.length > 0) out.push('', t(locale, 'unparsed', { list: list(locale, iface.unparsed.map((u) => `\`${u}\``)) }));
  }
  if (report.applications.length > 0) out.push('', `## ${t(locale, 'applications', { root: report.servicesRoot ?? '' })}`);
  for (const app of report.applications) {
    out.push('', `### ${app.name}`, '');
    providerLines(out, app.providers, locale);
    if (app.unparsed.length > 0) out.push('', t(locale, 'unparsed', { list: list(locale, app.unparsed.map((u) => `\`${u}\``)) }));
  }
  return out.join('\n') + '\n';
}

/** One line per registered provider (or instance), its problems indented below it. */
function providerLines(out: string[], providers: ProviderEntry[], locale: Locale): void {
  for (const p of providers) {
    const bad = p.problems.some((x) => x.kind === 'unreachable' || x.kind === 'local-address');
    const mark = bad ? '✗' : p.problems.length > 0 ? '⚠' : '✓';
    const where = p.owner ? `${hostInRegion(p.owner, locale)}${p.service ? ` · ${p.service.id}` : ''}` : t(locale, 'notInTopology');
    const callers = t(locale, 'callers', { list: p.callers.length === 0 ? t(locale, 'noCallers') : list(locale, p.callers.map((c) => c.host.id)) });
    out.push(`- ${mark} \`${endpointOf(p.url)}\` — ${where} — ${p.problems.length === 0 ? `${t(locale, 'ok')}; ` : ''}${callers}`);
    for (const x of p.problems) out.push(`  - ${problemText(locale, p, x)}`);
  }
}

/** The report as plain data (the CLI's `--format json`): ids instead of model objects. */
export function registryReportJson(report: RegistryReport, source: RegistrySource, ensemble?: EnsembleReport): unknown {
  const problem = (x: ProviderProblem) => {
    switch (x.kind) {
      case 'unreachable':
        return { kind: x.kind, callers: x.callers.map((c) => ({ host: c.host.id, region: c.host.region.id, live: c.live })) };
      case 'port':
        return { kind: x.kind, services: x.services.map((s) => s.id), expected: x.expected };
      case 'ambiguous':
        return { kind: x.kind, hosts: x.hosts.map((h) => h.id) };
      default:
        return { kind: x.kind };
    }
  };
  const providerJson = (p: ProviderEntry) => ({
    url: p.url.url,
    address: p.url.host,
    port: p.url.port ?? null,
    host: p.owner?.id ?? null,
    region: p.owner?.region.id ?? null,
    service: p.service?.id ?? null,
    callers: p.callers.map((c) => ({ host: c.host.id, live: c.live })),
    problems: p.problems.map(problem),
  });
  return {
    registry: report.registry,
    root: report.root,
    source,
    providers: report.providers,
    consumers: report.consumers,
    problemProviders: report.problemProviders,
    orphaned: report.orphaned,
    interfaces: report.interfaces.map((i) => ({
      name: i.name,
      providers: i.providers.map(providerJson),
      consumers: i.consumers.map((c) => ({ url: c.url.url, address: c.url.host, host: c.host?.id ?? null })),
      unparsed: i.unparsed,
    })),
    servicesRoot: report.servicesRoot ?? null,
    instances: report.instances,
    applications: report.applications.map((a) => ({ name: a.name, instances: a.providers.map(providerJson), unparsed: a.unparsed })),
    ensemble: ensemble
      ? {
          verdict: ensemble.verdict,
          members: ensemble.members.map((m) => ({ host: m.host.id, region: m.host.region.id, mode: m.mode, address: m.address ?? null, via: m.via ?? null, detail: memberDetail(m, 'en') ?? null })),
        }
      : null,
  };
}
