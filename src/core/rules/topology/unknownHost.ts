import type { Host, Located, Topology } from '../../topology/model';
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
    joined: {
      en: 'Unknown host "{id}": "{sep}" does not separate list items in YAML, so this is one id. Separate the ids with ", " (ASCII comma): {list}.',
      'zh-cn': '未知主机 "{id}"：YAML 不把“{sep}”当作列表分隔符，因此这是一个 id。请用半角逗号 ", " 分隔各个 id：{list}。',
    },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
    viaLoop: {
      en: 'ssh.via goes round in a loop ({chain}): no host in it can be reached first, so SSH to {host} cannot be set up.',
      'zh-cn': 'ssh.via 形成了循环（{chain}）：其中没有哪台主机能先被连上，因此无法建立到 {host} 的 SSH 连接。',
    },
  },
};

export function check(t: Topology): Finding[] {
  const refs: Located<string>[] = [];
  for (const h of t.hosts) if (h.ssh?.via) refs.push(h.ssh.via);
  for (const s of t.shares) {
    if (s.server) refs.push(s.server);
    refs.push(...s.clients);
  }
  return [...unknownRefs(t, refs, new Set(t.hostById.keys()), meta.id), ...viaLoops(t)];
}

/** Each loop of `ssh.via` jump hosts once, on the `via` of its first host in the topology's order. */
function viaLoops(t: Topology): Finding[] {
  const out: Finding[] = [];
  const order = new Map(t.hosts.map((h, i) => [h, i]));
  for (const h of t.hosts) {
    const chain: Host[] = [h];
    let next = h.ssh?.via && t.hostById.get(h.ssh.via.value);
    while (next && next !== h && !chain.includes(next) && chain.length <= t.hosts.length) {
      chain.push(next);
      next = next.ssh?.via && t.hostById.get(next.ssh.via.value);
    }
    // A loop through h, reported from the member that comes first.
    if (next !== h || chain.some((x) => order.get(x)! < order.get(h)!)) continue;
    out.push({
      rule: meta.id,
      file: t.file,
      range: h.ssh!.via!.range,
      message: { id: 'viaLoop', data: { host: h.id, chain: [...chain, h].map((x) => x.id).join(' → ') } },
    });
  }
  return out;
}
