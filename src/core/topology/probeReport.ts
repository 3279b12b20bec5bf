import { hostPort } from '../ip';
import { format } from '../l10n';
import { sshText } from '../sshMessages';
import type { Locale, MessageRef } from '../types';
import type { Host } from './model';
import { verdictOf, type HostProbes, type Probe, type ProbeOutcome, type ProbeVerdict } from './probes';
import { hostInRegion } from './reach';

/** The outcome of a reachability check on one vantage host: each probe with what it saw, or why none ran. */
export interface HostProbeReport {
  vantage: Host;
  rows: { probe: Probe; outcome: ProbeOutcome; detail: string; verdict: ProbeVerdict }[];
  omitted: number;
  /** The host could not be checked (SSH failed, the script failed). English. */
  error?: string;
  /** `error` to tell in any language (`sshText`), when the SSH layer said it. */
  errorRef?: MessageRef;
}

export function hostReport(vantage: Host, probes: Probe[], results: { outcome: ProbeOutcome; detail: string }[], omitted = 0): HostProbeReport {
  return {
    vantage,
    omitted,
    rows: probes.map((probe, i) => {
      const r = results[i] ?? { outcome: 'error' as const, detail: '' };
      return { probe, outcome: r.outcome, detail: r.detail, verdict: verdictOf(probe.expected, r.outcome, probe.leaderOnly) };
    }),
  };
}

/** Probes whose outcome contradicts the topology. */
export function disagreements(reports: HostProbeReport[]): number {
  return reports.reduce((n, r) => n + r.rows.filter((x) => x.verdict === 'blocked' || x.verdict === 'reachable-unexpectedly').length, 0);
}

/** Probes that could not be made (no bash or nc on the host, the script failed): nothing is known of them. */
export function untested(reports: HostProbeReport[]): number {
  return reports.reduce((n, r) => n + r.rows.filter((x) => x.verdict === 'untested').length, 0);
}

const MESSAGES = {
  title: { en: 'Reachability check', 'zh-cn': '连通性检查' },
  source: {
    en: 'From {hosts} host(s) at {at}: {probes} TCP connection attempt(s), {timeout} s each at most.',
    'zh-cn': '于 {at} 从 {hosts} 台主机发起 {probes} 次 TCP 连接尝试，每次最多 {timeout} 秒。',
  },
  allAgree: { en: 'The network behaves as the topology says.', 'zh-cn': '网络的表现与拓扑描述一致。' },
  unchecked: { en: '{count} of {hosts} host(s) could not be checked (below).', 'zh-cn': '{hosts} 台主机中有 {count} 台未能检查（见下文）。' },
  someDisagree: { en: '{count} attempt(s) contradict the topology.', 'zh-cn': '有 {count} 次尝试与拓扑描述不符。' },
  someUntested: { en: '{count} attempt(s) could not be made (below).', 'zh-cn': '有 {count} 次尝试未能进行（见下文）。' },
  hostError: { en: 'Not checked: {error}', 'zh-cn': '未检查：{error}' },
  omitted: {
    en: '{count} more attempt(s) left out (the limit per host: dubboTopology.reach.maxProbesPerHost, or --max-per-host).',
    'zh-cn': '另有 {count} 次尝试被省略（每台主机的上限：dubboTopology.reach.maxProbesPerHost，或 --max-per-host）。',
  },
  agreeing: { en: '{count} attempt(s) as the topology says.', 'zh-cn': '{count} 次尝试与拓扑描述一致。' },
  nothing: { en: 'No other host has a service with a port: nothing to try.', 'zh-cn': '没有其他主机的服务声明了端口：无可尝试。' },
  'role.own-internal': { en: 'internal IP, same region', 'zh-cn': '同地域内网 IP' },
  'role.external': { en: 'external IP', 'zh-cn': '外网 IP' },
  'role.other-internal': { en: 'internal IP of another region', 'zh-cn': '其他地域的内网 IP' },
  'role.own-lan': { en: 'in this region\'s LAN', 'zh-cn': '本地域局域网内' },
  'role.other-lan': { en: 'in another region\'s LAN', 'zh-cn': '其他地域局域网内' },
  'role.loopback': { en: 'loopback', 'zh-cn': '回环地址' },
  'role.unknown': { en: 'not in the topology', 'zh-cn': '不在拓扑中' },
  'outcome.open': { en: 'connected', 'zh-cn': '已连接' },
  'outcome.refused': { en: 'refused (the host answered)', 'zh-cn': '被拒绝（主机有应答）' },
  'outcome.timeout': { en: 'no answer within {timeout} s', 'zh-cn': '{timeout} 秒内无应答' },
  'outcome.unreachable': { en: 'no route', 'zh-cn': '无路由' },
  'outcome.error': { en: 'error', 'zh-cn': '出错' },
  'verdict.blocked': {
    en: 'the topology says reachable; {outcome}. A firewall or security group drops it, or the network is not as described.',
    'zh-cn': '拓扑认为可达；实际{outcome}。可能被防火墙或安全组拦截，或网络与描述不符。',
  },
  'verdict.reachable-unexpectedly': {
    en: 'the topology says unreachable; {outcome}. A VPN or peering joins the LANs? Then describe it in the topology: the findings that call this address unreachable are false alarms.',
    'zh-cn': '拓扑认为不可达；实际{outcome}。是否有 VPN 或对等连接打通了局域网？若是，请在拓扑中描述：把此地址判为不可达的诊断是误报。',
  },
  'verdict.not-listening': {
    en: 'the host answered, but nothing listens on port {port}: the service is down, or listens on another port than the topology says.',
    'zh-cn': '主机有应答，但端口 {port} 无服务监听：服务未运行，或监听的端口与拓扑不同。',
  },
  'verdict.untested': { en: 'not tried: {detail}', 'zh-cn': '未尝试：{detail}' },
  planTitle: { en: 'Reachability plan', 'zh-cn': '连通性检查计划' },
  planIntro: {
    en: 'Nothing has been run. Verify Reachability would try these TCP connections from each host over SSH ({probes} in all) and compare each with what the topology says.',
    'zh-cn': '尚未运行任何命令。“验证连通性”会通过 SSH 从各主机发起以下 TCP 连接（共 {probes} 次），并与拓扑的描述逐一比较。',
  },
  expectReach: { en: 'should connect', 'zh-cn': '应能连接' },
  expectNoReach: { en: 'should not get through', 'zh-cn': '应无法连通' },
} satisfies Record<string, Record<Locale, string>>;

function t(locale: Locale, id: keyof typeof MESSAGES, data?: Record<string, string | number>): string {
  return format(MESSAGES[id][locale], data);
}

/** `target · service, role: text` with the language's punctuation. */
function line(locale: Locale, p: Probe, text: string): string {
  const [comma, colon] = locale === 'zh-cn' ? ['，', '：'] : [', ', ': '];
  return `\`${endpoint(p)}\` — ${p.target.id} · ${p.service.id}${comma}${t(locale, `role.${p.role}`)}${colon}${text}`;
}

function endpoint(p: Probe): string {
  return hostPort(p.address, p.port);
}

/** The check as a Markdown document: per vantage host, what contradicts the topology first. */
export function renderProbeReport(reports: HostProbeReport[], opts: { at: string; timeoutSeconds: number }, locale: Locale): string {
  const probes = reports.reduce((n, r) => n + r.rows.length, 0);
  const bad = disagreements(reports);
  const out = [`# ${t(locale, 'title')}`, '', `_${t(locale, 'source', { hosts: reports.length, at: opts.at, probes, timeout: opts.timeoutSeconds })}_`, ''];
  // What was not tried is no agreement: said next to the verdict (alone when no host was checked).
  const unchecked = reports.filter((r) => r.error !== undefined).length;
  const notMade = untested(reports);
  const made = probes - notMade;
  if (bad > 0) out.push(`**${t(locale, 'someDisagree', { count: bad })}**`);
  else if ((unchecked < reports.length && (made > 0 || probes === 0)) || reports.length === 0) out.push(`**${t(locale, 'allAgree')}**`);
  const more: string[] = [];
  if (unchecked > 0) more.push(`**${t(locale, 'unchecked', { count: unchecked, hosts: reports.length })}**`);
  if (notMade > 0) more.push(`**${t(locale, 'someUntested', { count: notMade })}**`);
  for (const line of more) out.push(...(out[out.length - 1] !== '' ? [''] : []), line);
  const order = ['blocked', 'reachable-unexpectedly', 'not-listening', 'untested'] as const satisfies readonly ProbeVerdict[];
  for (const r of reports) {
    out.push('', `## ${hostInRegion(r.vantage, locale)}`, '');
    if (r.error !== undefined) {
      out.push(`- ✗ ${t(locale, 'hostError', { error: r.errorRef ? sshText(r.errorRef, locale) : r.error })}`);
      continue;
    }
    if (r.rows.length === 0) out.push(t(locale, 'nothing'));
    for (const verdict of order) {
      for (const row of r.rows.filter((x) => x.verdict === verdict)) {
        const p = row.probe;
        const mark = verdict === 'blocked' || verdict === 'reachable-unexpectedly' ? '✗' : verdict === 'not-listening' ? '⚠' : '?';
        const outcome = t(locale, `outcome.${row.outcome}`, { timeout: opts.timeoutSeconds });
        const text =
          verdict === 'not-listening'
            ? t(locale, 'verdict.not-listening', { port: p.port })
            : verdict === 'untested'
              ? t(locale, 'verdict.untested', { detail: row.detail || outcome })
              : t(locale, `verdict.${verdict}`, { outcome });
        out.push(`- ${mark} ${line(locale, p, text)}`);
      }
    }
    const agreeing = r.rows.filter((x) => x.verdict === 'agrees').length;
    if (agreeing > 0) out.push(`- ✓ ${t(locale, 'agreeing', { count: agreeing })}`);
    if (r.omitted > 0) out.push(`- ${t(locale, 'omitted', { count: r.omitted })}`);
  }
  return out.join('\n') + '\n';
}

/** The plan as a Markdown document: per host, each attempt and what the topology says it should do. */
export function renderProbePlan(plans: HostProbes[], locale: Locale): string {
  const probes = plans.reduce((n, p) => n + p.probes.length, 0);
  const out = [`# ${t(locale, 'planTitle')}`, '', `_${t(locale, 'planIntro', { probes })}_`];
  for (const plan of plans) {
    out.push('', `## ${hostInRegion(plan.vantage, locale)}`, '');
    if (plan.probes.length === 0) out.push(t(locale, 'nothing'));
    for (const p of plan.probes) {
      out.push(`- ${line(locale, p, t(locale, p.expected ? 'expectReach' : 'expectNoReach'))}`);
    }
    if (plan.omitted > 0) out.push(`- ${t(locale, 'omitted', { count: plan.omitted })}`);
  }
  return out.join('\n') + '\n';
}
