import { editDistance, looksLikeIPv4, parseIp } from '../../ip';
import { upstreamKey } from '../../nginx/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-unknown-upstream',
  severity: 'error',
  area: 'nginx',
  description: {
    en: '`proxy_pass` to a name that is neither an upstream of the configuration nor a resolvable host name.',
    'zh-cn': '`proxy_pass` 指向的名称既不是配置中的 upstream，也不是可解析的主机名。',
  },
  messages: {
    unknown: {
      en: '"{name}" is not an upstream of this configuration. nginx will look it up as a host name when it starts and fail with "host not found in upstream" unless DNS or /etc/hosts knows it.',
      'zh-cn': '"{name}" 不是本配置中的 upstream。nginx 启动时会把它当作主机名解析，除非 DNS 或 /etc/hosts 能解析，否则报 "host not found in upstream"。',
    },
    didYouMean: {
      en: '"{name}" is not an upstream of this configuration; did you mean "{suggestion}"? nginx would look "{name}" up as a host name and fail with "host not found in upstream".',
      'zh-cn': '"{name}" 不是本配置中的 upstream；是否想写 "{suggestion}"？nginx 会把 "{name}" 当作主机名解析并报 "host not found in upstream"。',
    },
    replace: { en: 'Replace with upstream "{value}"', 'zh-cn': '替换为 upstream "{value}"' },
  },
};

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const p of c.localPasses) {
    const t = p.target;
    if (!t || p.upstream || t.port !== undefined) continue;
    const name = t.host;
    if (name.includes('.') || name.includes(':') || parseIp(name) || looksLikeIPv4(name) || name === 'localhost') continue;
    if (c.ctx.topology.hostById.has(name) || c.upstreams.get(upstreamKey(name))?.some((u) => u.family === p.family)) continue;
    const candidates = [...c.upstreams.values()].flat().filter((u) => u.family === p.family).map((u) => u.name);
    let suggestion: string | undefined;
    let best = 3;
    for (const n of candidates) {
      const dist = editDistance(upstreamKey(name), upstreamKey(n));
      if (dist < best) {
        best = dist;
        suggestion = n;
      }
    }
    out.push({
      rule: meta.id,
      file: c.file,
      range: t.hostRange,
      message: suggestion ? { id: 'didYouMean', data: { name, suggestion } } : { id: 'unknown', data: { name } },
      fixes: suggestion
        ? [{ title: { id: 'replace', data: { value: suggestion } }, safe: false, edits: [{ file: c.file, range: t.hostRange, newText: suggestion }] }]
        : [],
    });
  }
  return out;
}
