import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { deciding, shareOptionFindings, type ExportsCheck, type TopologyShareCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-async',
  severity: 'info',
  area: 'nfs',
  description: { en: '`async` risks data loss on a server crash.', 'zh-cn': '`async` 在服务器崩溃时可能丢失数据。' },
  messages: {
    async: {
      en: 'async answers writes to {path} before they reach disk: if the server crashes, data the clients believe saved is lost or corrupted. sync is the default.',
      'zh-cn': 'async 在数据落盘前就应答对 {path} 的写入：服务器崩溃时，客户端认为已保存的数据会丢失或损坏。默认是 sync。',
    },
    shareOption: {
      en: 'Share {share} asks for async: writes are acknowledged before they reach the server\'s disk.',
      'zh-cn': '共享 {share} 要求 async：写入在落到服务器磁盘前就被确认。',
    },
    useSync: { en: 'Replace with sync', 'zh-cn': '替换为 sync' },
  },
};

// Not safe for --fix: sync can slow writes a lot; the user decides.
const SAFE = false;

export function check(c: ExportsCheck): Finding[] {
  return deciding(c.parsed, 'sync', 'async').map(({ option, entry }) => ({
    rule: meta.id,
    file: c.file,
    range: option.range,
    message: { id: 'async', data: { path: entry.path } },
    fixes: [{ title: { id: 'useSync' }, safe: SAFE, edits: [{ file: c.file, range: option.range, newText: 'sync' }] }],
  }));
}

export function checkTopology(c: TopologyShareCheck): Finding[] {
  return shareOptionFindings(c, meta.id, 'async', { text: 'sync', title: 'useSync', safe: SAFE }, (share) => ({ share: share.id }));
}
