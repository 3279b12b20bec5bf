import { LineIndex } from '../../text';
import type { Finding, Range } from '../../types';
import type { RuleMeta } from '../meta';
import type { ExportsCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-space-before-options',
  severity: 'error',
  area: 'nfs',
  description: {
    en: '`host (rw)`: the space makes the options apply to every host.',
    'zh-cn': '`host (rw)`：空格使选项作用于所有主机。',
  },
  messages: {
    detached: {
      en: 'The space before "{options}" exports {path} to {host} with default options ({access}) and "{options}" to every host. Write {host}{options}.',
      'zh-cn': '"{options}" 前的空格使 {path} 以默认选项（{access}）导出给 {host}，而 "{options}" 作用于所有主机。应写成 {host}{options}。',
    },
    join: { en: 'Remove the space: {host}{options}', 'zh-cn': '删除空格：{host}{options}' },
  },
};

export function check(c: ExportsCheck): Finding[] {
  const out: Finding[] = [];
  for (const e of c.parsed.entries) {
    for (const client of e.clients) {
      const prev = client.detachedFrom;
      if (!prev || !client.options) continue;
      const options = optionsText(c.text, client.tokenRange);
      const data = { host: prev.host, options, path: e.path, access: prev.effective.get('access')?.name ?? 'ro' };
      out.push({
        rule: meta.id,
        file: c.file,
        range: client.tokenRange,
        message: { id: 'detached', data },
        fixes: [
          {
            title: { id: 'join', data },
            safe: true,
            edits: [{ file: c.file, range: { start: prev.tokenRange.end, end: client.tokenRange.start }, newText: '' }],
          },
        ],
      });
    }
  }
  return out;
}

function optionsText(text: string, r: Range): string {
  const idx = new LineIndex(text);
  return text.slice(idx.offsetAt(r.start), idx.offsetAt(r.end));
}
