import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { deciding, shareOptionFindings, type ExportsCheck, type TopologyShareCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-no-root-squash',
  severity: 'warning',
  area: 'nfs',
  description: { en: '`no_root_squash`: root on a client is root on the share.', 'zh-cn': '`no_root_squash`：客户端的 root 在共享上就是 root。' },
  messages: {
    noRootSquash: {
      en: 'no_root_squash lets root on {clients} act as root on {path}: whoever gains root on a client can plant setuid files or rewrite anything in the share. Use root_squash (the default) unless the clients are diskless.',
      'zh-cn': 'no_root_squash 使 {clients} 上的 root 在 {path} 上拥有 root 权限：任何取得客户端 root 的人都能放置 setuid 文件或改写共享中的任何内容。除非是无盘客户端，请使用 root_squash（默认）。',
    },
    shareOption: {
      en: 'Share {share} asks for no_root_squash: the setup command would export {path} with root on the clients acting as root on the server. Use root_squash.',
      'zh-cn': '共享 {share} 要求 no_root_squash：设置命令导出的 {path} 会让客户端的 root 在服务器上拥有 root 权限。请使用 root_squash。',
    },
    useRootSquash: { en: 'Replace with root_squash', 'zh-cn': '替换为 root_squash' },
  },
};

// Not safe for --fix: files the clients write as root become owned by the anonymous user.
const SAFE = false;

export function check(c: ExportsCheck): Finding[] {
  return deciding(c.parsed, 'rootSquash', 'no_root_squash').map(({ option, entry, clients }) => ({
    rule: meta.id,
    file: c.file,
    range: option.range,
    message: {
      id: 'noRootSquash',
      data: { clients: clients.map((x) => x.host || '*').join(', '), path: entry.path },
    },
    fixes: [{ title: { id: 'useRootSquash' }, safe: SAFE, edits: [{ file: c.file, range: option.range, newText: 'root_squash' }] }],
  }));
}

export function checkTopology(c: TopologyShareCheck): Finding[] {
  return shareOptionFindings(c, meta.id, 'no_root_squash', { text: 'root_squash', title: 'useRootSquash', safe: SAFE }, (share) => ({ share: share.id, path: share.path ?? '' }));
}
