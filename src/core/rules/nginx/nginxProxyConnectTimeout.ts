import { formatTime, parseTime } from '../../nginx/values';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-proxy-connect-timeout',
  severity: 'warning',
  area: 'nginx',
  description: {
    en: '`proxy_connect_timeout` (and the other upstream connect timeouts) over 75 s.',
    'zh-cn': '`proxy_connect_timeout`（及其他上游连接超时）超过 75 秒。',
  },
  messages: {
    tooLong: {
      en: '{name} {value} is {duration}. The nginx documentation says this timeout "usually cannot exceed 75 seconds": the operating system gives up on an unanswered connection attempt first, so a longer value does not make nginx wait longer for a backend that does not answer. Use 75s or less.',
      'zh-cn': '{name} {value} 即 {duration}。nginx 文档指出该超时“通常不能超过 75 秒”：操作系统会先放弃无应答的连接尝试，因此设得更长并不会让 nginx 对无应答的后端多等。请使用 75s 或更短。',
    },
    tooLongPlain: {
      en: '{name} {value} is longer than 75 seconds. The nginx documentation says this timeout "usually cannot exceed 75 seconds": the operating system gives up on an unanswered connection attempt first, so a longer value does not make nginx wait longer for a backend that does not answer. Use 75s or less.',
      'zh-cn': '{name} {value} 超过了 75 秒。nginx 文档指出该超时“通常不能超过 75 秒”：操作系统会先放弃无应答的连接尝试，因此设得更长并不会让 nginx 对无应答的后端多等。请使用 75s 或更短。',
    },
    use75: { en: 'Use 75s', 'zh-cn': '改为 75s' },
  },
};

const LIMIT_MS = 75_000;

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, info, opaque } of c.uses) {
    if (opaque || !info?.limit75 || d.args.length !== 1) continue;
    const a = d.args[0];
    const ms = parseTime(a.value, 'ms');
    if (ms === undefined || ms <= LIMIT_MS) continue;
    const duration = formatTime(ms);
    out.push({
      rule: meta.id,
      file: c.file,
      range: a.range,
      // `10m` needs no reading as `10m`; `500` does, as `8m20s`.
      message: duration === a.value ? { id: 'tooLongPlain', data: { name: d.name, value: a.value } } : { id: 'tooLong', data: { name: d.name, value: a.value, duration } },
      fixes: [{ title: { id: 'use75' }, safe: true, edits: [{ file: c.file, range: a.range, newText: '75s' }] }],
    });
  }
  return out;
}
