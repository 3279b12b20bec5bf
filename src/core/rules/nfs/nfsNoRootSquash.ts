import type { EffectiveOption, ExportClient, ExportEntry, ExportOption } from '../../nfs/exports';
import { nameList } from '../../l10n';
import { isRootUid, rootExposure } from '../../nfs/options';
import type { Share } from '../../topology/model';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import { deciding, shareOptionFindings, type ExportsCheck, type TopologyShareCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-no-root-squash',
  severity: 'warning',
  area: 'nfs',
  description: {
    en: '`no_root_squash` or `anonuid=0`: root (or every user) on a client is root on the share.',
    'zh-cn': '`no_root_squash` 或 `anonuid=0`：客户端的 root（或所有用户）在共享上就是 root。',
  },
  messages: {
    noRootSquash: {
      en: 'no_root_squash lets root on {clients} act as root on {path}: whoever gains root on a client can plant setuid files or rewrite anything in the share. Use root_squash (the default) unless the clients are diskless.',
      'zh-cn': 'no_root_squash 使 {clients} 上的 root 在 {path} 上拥有 root 权限：任何取得客户端 root 的人都能放置 setuid 文件或改写共享中的任何内容。除非是无盘客户端，请使用 root_squash（默认）。',
    },
    anonRoot: {
      en: 'anonuid=0 maps root on {clients} to uid 0 on {path}: root_squash then changes nothing, and root on a client acts as root on the share. Use an unprivileged anonuid, such as 65534 (the default).',
      'zh-cn': 'anonuid=0 把 {clients} 上的 root 映射为 {path} 上的 uid 0：root_squash 因此不起作用，客户端的 root 在共享上仍是 root。请使用非特权的 anonuid，例如 65534（默认）。',
    },
    allSquashAnonRoot: {
      en: 'all_squash with anonuid=0 maps every user on {clients} to uid 0 on {path}: any user on a client acts as root on the share and can plant setuid files or rewrite anything in it. Use an unprivileged anonuid, such as 65534 (the default).',
      'zh-cn': 'all_squash 加 anonuid=0 会把 {clients} 上的所有用户映射为 {path} 上的 uid 0：客户端上的任何用户在共享上都以 root 身份操作，能放置 setuid 文件或改写其中的任何内容。请使用非特权的 anonuid，例如 65534（默认）。',
    },
    shareOption: {
      en: 'Share {share} asks for no_root_squash: the setup command would export {path} with root on the clients acting as root on the server. Use root_squash.',
      'zh-cn': '共享 {share} 要求 no_root_squash：设置命令导出的 {path} 会让客户端的 root 在服务器上拥有 root 权限。请使用 root_squash。',
    },
    shareAnonRoot: {
      en: 'Share {share} asks for anonuid=0: the setup command would export {path} with the users it squashes (root, or every user with all_squash) acting as root on the server. Use an unprivileged anonuid.',
      'zh-cn': '共享 {share} 要求 anonuid=0：设置命令导出的 {path} 会让被映射的用户（root，或 all_squash 时的所有用户）在服务器上拥有 root 权限。请使用非特权的 anonuid。',
    },
    useRootSquash: { en: 'Replace with root_squash', 'zh-cn': '替换为 root_squash' },
    useNobody: { en: 'Replace with anonuid=65534', 'zh-cn': '替换为 anonuid=65534' },
  },
};

// Not safe for --fix: files the clients write as root become owned by the anonymous user.
const SAFE = false;
const NOBODY = 'anonuid=65534';

/** True where all_squash maps every uid to anonuid: root_squash and no_root_squash then change nothing. */
const allSquash = (values: Map<string, EffectiveOption>) => values.get('allSquash')?.name === 'all_squash';

export function check(c: ExportsCheck): Finding[] {
  const noRoot: Finding[] = deciding(c.parsed, 'rootSquash', 'no_root_squash', (v) => !allSquash(v)).map(({ option, entry, clients }) => ({
    rule: meta.id,
    file: c.file,
    range: option.range,
    message: {
      id: 'noRootSquash',
      data: { clients: nameList(clients.map((x) => x.host || '*')), path: entry.path },
    },
    fixes: [{ title: { id: 'useRootSquash' }, safe: SAFE, edits: [{ file: c.file, range: option.range, newText: 'root_squash' }] }],
  }));
  return [...noRoot, ...anonRoot(c)];
}

/**
 * `anonuid=0` where squashing is on: the squashed users (root with root_squash, every user with
 * all_squash) get uid 0 on the server. Once per written `anonuid=0` and kind.
 */
function anonRoot(c: ExportsCheck): Finding[] {
  const hits = new Map<ExportOption, Map<string, { option: ExportOption; entry: ExportEntry; id: string; clients: ExportClient[] }>>();
  for (const entry of c.parsed.entries) {
    for (const client of entry.clients) {
      const anon = anonuidOf(entry, client);
      if (!anon || !isRootUid(anon.value)) continue;
      for (const values of [client.effective, ...(client.earlierBlocks ?? [])]) {
        const id = allSquash(values) ? 'allSquashAnonRoot' : values.get('rootSquash')?.name === 'root_squash' ? 'anonRoot' : undefined;
        if (!id) continue;
        const byId = hits.get(anon) ?? new Map();
        const hit = byId.get(id) ?? { option: anon, entry, id, clients: [] };
        if (!hit.clients.includes(client)) hit.clients.push(client);
        byId.set(id, hit);
        hits.set(anon, byId);
      }
    }
  }
  return [...hits.values()].flatMap((byId) => [...byId.values()]).map(({ option, entry, id, clients }) => ({
    rule: meta.id,
    file: c.file,
    range: option.range,
    message: { id, data: { clients: nameList(clients.map((x) => x.host || '*')), path: entry.path } },
    fixes: [{ title: { id: 'useNobody' }, safe: SAFE, edits: [{ file: c.file, range: option.range, newText: NOBODY }] }],
  }));
}

/** The `anonuid=` in effect for a client: its own last one, else the line's. */
function anonuidOf(entry: ExportEntry, client: ExportClient): ExportOption | undefined {
  let out: ExportOption | undefined;
  for (const o of [...(entry.defaults?.options ?? []), ...(client.options?.options ?? [])]) if (o.name === 'anonuid' && o.spec) out = o;
  return out;
}

export function checkTopology(c: TopologyShareCheck): Finding[] {
  // The options the setup command writes: root_squash unless the share says otherwise.
  const data = (share: Share) => ({ share: share.id, path: share.path ?? '' });
  return [
    ...shareOptionFindings(c, meta.id, 'no_root_squash', { text: 'root_squash', title: 'useRootSquash', safe: SAFE }, (share) =>
      rootExposure(share.options) === 'noRootSquash' ? data(share) : undefined,
    ),
    ...shareOptionFindings(
      c,
      meta.id,
      'anonuid=0',
      { text: NOBODY, title: 'useNobody', safe: SAFE },
      (share) => (rootExposure(share.options) === 'anonRoot' ? data(share) : undefined),
      'shareAnonRoot',
    ),
  ];
}
