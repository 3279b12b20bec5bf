import { NO_BACKUP_METHODS, type UpstreamServer } from '../../nginx/model';
import { nameList, perLocale } from '../../l10n';
import type { Region } from '../../topology/model';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';
import { intendedHost, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-dr-upstream-no-backup',
  severity: 'hint',
  area: 'nginx',
  description: {
    en: 'An upstream that spreads requests evenly over servers in several regions, with no `backup` and no `max_fails`.',
    'zh-cn': 'upstream 把请求平均分到多个地域的服务器上，且没有 `backup` 或 `max_fails`。',
  },
  messages: {
    even: {
      en: 'upstream {name} spreads requests evenly over {regions} with no backup. From {local}, every request sent to {remote} leaves the region for another: it pays the latency of the link between them, and when that link is slow rather than down nginx keeps sending that share there, because a slow answer is not a failure (max_fails counts only errors and timeouts). Mark the servers of the other region "backup" so they take traffic only when the local ones fail, or weight the local ones higher.{byKey}',
      'zh-cn': 'upstream {name} 把请求平均分到 {regions}，且没有 backup。从 {local} 看，发往 {remote} 的每个请求都要离开本地域、去往另一地域：承受地域间链路的延迟；当链路变慢而非中断时，nginx 仍按比例发送过去，因为慢响应不算失败（max_fails 只统计错误和超时）。请把其他地域的服务器标为 "backup"，使其只在本地服务器故障时接收流量，或提高本地服务器的权重。{byKey}',
    },
    evenNoVantage: {
      en: 'upstream {name} spreads requests evenly over {regions} with no backup: the servers in the region nginx does not run in are reached across the public network, and when that link is slow rather than down nginx keeps sending them their share, because a slow answer is not a failure (max_fails counts only errors and timeouts). Mark the remote servers "backup", or weight the local ones higher.{byKey}',
      'zh-cn': 'upstream {name} 把请求平均分到 {regions}，且没有 backup：nginx 所在地域之外的服务器要经公网访问；当链路变慢而非中断时，nginx 仍按比例发送过去，因为慢响应不算失败（max_fails 只统计错误和超时）。请把远端服务器标为 "backup"，或提高本地服务器的权重。{byKey}',
    },
    markBackup: { en: 'Mark the servers in {remote} as backup', 'zh-cn': '将 {remote} 的服务器标为 backup' },
    byKey: {
      en: ' ("{method}" chooses the server itself and refuses "backup": weight the local servers higher, or balance with round robin or least_conn and mark the remote ones "backup".)',
      'zh-cn': '（"{method}" 自行选择服务器，不支持 "backup"：请提高本地服务器的权重，或改用轮询或 least_conn 并把远端服务器标为 "backup"。）',
    },
  },
};


function weight(s: UpstreamServer): string {
  return s.params.get('weight')?.value ?? '1';
}

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const u of c.localUpstreams) {
    // What the upstream says of itself first: placing its servers in the topology costs more.
    if (u.servers.some((s) => s.flags.has('backup') || s.params.has('max_fails'))) continue;
    if (new Set(u.servers.map(weight)).size !== 1) continue;
    const placed = u.servers
      .filter((s) => s.address && !s.flags.has('down'))
      .map((s) => ({ s, target: intendedHost(c, s.address!.host) }));
    const regions: Region[] = [];
    for (const p of placed) if (p.target && !regions.includes(p.target.host.region)) regions.push(p.target.host.region);
    if (regions.length < 2) continue;
    const name = u.directive.args[0];
    const range = c.config.lines.rangeOf(u.directive.nameToken.start, name.end);
    const byKey: MessageRef | string = NO_BACKUP_METHODS.has(u.method ?? '') ? { id: 'byKey', data: { method: u.method! } } : '';
    const localRegions = [...new Set(c.vantage.map((v) => v.host.region))];
    const regionList = nameList(regions.map((r) => r.name));
    if (localRegions.length !== 1) {
      out.push({ rule: meta.id, file: c.file, range, message: { id: 'evenNoVantage', data: { name: name.value, regions: regionList, byKey } } });
      continue;
    }
    const local = localRegions[0];
    const remoteServers = placed.filter((p) => p.target && p.target.host.region !== local);
    const remote = nameList([...new Set(remoteServers.map((p) => p.target!.host.region.name))]);
    const fixes: Fix[] = [];
    if (!NO_BACKUP_METHODS.has(u.method ?? '') && remoteServers.length > 0 && remoteServers.length < placed.length) {
      fixes.push({
        title: { id: 'markBackup', data: { remote } },
        safe: false,
        edits: remoteServers.map((p) => {
          const last = p.s.directive.args[p.s.directive.args.length - 1];
          return { file: c.file, range: c.config.lines.rangeOf(last.end, last.end), newText: ' backup' };
        }),
      });
    }
    out.push({
      rule: meta.id,
      file: c.file,
      range,
      message: {
        id: 'even',
        data: {
          name: name.value,
          regions: regionList,
          local: perLocale({
            en: `${c.vantage.map((v) => v.host.id).join(', ')} (${local.name})`,
            'zh-cn': `${c.vantage.map((v) => v.host.id).join('、')}（${local.name}）`,
          }),
          // Each address once: one listed on several ports is one destination.
          remote: perLocale({
            en: [...new Set(remoteServers.map((p) => `${p.s.address!.host} (${p.target!.host.id}, ${p.target!.host.region.name})`))].join(', '),
            'zh-cn': [...new Set(remoteServers.map((p) => `${p.s.address!.host}（${p.target!.host.id}，${p.target!.host.region.name}）`))].join('、'),
          }),
          byKey,
        },
      },
      fixes,
    });
  }
  return out;
}
