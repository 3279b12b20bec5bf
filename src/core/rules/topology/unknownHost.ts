import type { Located, Topology } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { unknownRefs } from './unknownService';

export const meta: RuleMeta = {
  id: 'unknown-host',
  severity: 'error',
  area: 'topology',
  description: { en: 'A reference to a host id that does not exist.', 'zh-cn': '引用了不存在的主机 id。' },
  messages: {
    unknown: { en: 'Unknown host "{id}".{suggestion}', 'zh-cn': '未知主机 "{id}"。{suggestion}' },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  },
};

export function check(t: Topology): Finding[] {
  const refs: Located<string>[] = [];
  for (const h of t.hosts) if (h.ssh?.via) refs.push(h.ssh.via);
  for (const s of t.shares) {
    if (s.server) refs.push(s.server);
    refs.push(...s.clients);
  }
  return unknownRefs(t, refs, new Set(t.hostById.keys()), meta.id);
}
