import { editDistance } from '../ip';
import type { MessageTemplate } from '../rules/meta';

/**
 * Export options of exports(5) as nfs-utils' `parseopts` accepts them, with their meaning and
 * defaults (EXPORT_DEFAULT_FLAGS = ro, root_squash, wdelay, no_subtree_check; also sync, secure,
 * no_all_squash, hide, anonuid/anongid 65534, sec=sys).
 */
export interface ExportOptionSpec {
  /** The keyword, without `=value`. */
  name: string;
  /** Options that set the same flag: the last one written wins. */
  family?: string;
  /** `required`: `name=value`; `optional`: `name` or `name=value`; undefined: a bare flag. */
  value?: 'required' | 'optional';
  /** Accepted values (checked when present); a RegExp for free-form values. */
  values?: readonly string[] | RegExp;
  /** True when this keyword is what applies if the family is not written at all. */
  isDefault?: boolean;
  /** Shown in completion lists; aliases and obsolete spellings are hidden. */
  hidden?: boolean;
  doc: MessageTemplate;
}

const t = (en: string, zh: string): MessageTemplate => ({ en, 'zh-cn': zh });

export const SEC_FLAVORS = ['sys', 'krb5', 'krb5i', 'krb5p', 'unix', 'null', 'none'] as const;
export const XPRTSEC_MODES = ['none', 'tls', 'mtls'] as const;

export const EXPORT_OPTIONS: readonly ExportOptionSpec[] = [
  { name: 'rw', family: 'access', doc: t('Clients may read and write.', '客户端可读可写。') },
  { name: 'ro', family: 'access', isDefault: true, doc: t('Clients may only read (the default).', '客户端只读（默认）。') },
  {
    name: 'sync',
    family: 'sync',
    isDefault: true,
    doc: t(
      'Reply to writes only after the data is on stable storage (the default).',
      '数据写入稳定存储后才应答写请求（默认）。',
    ),
  },
  {
    name: 'async',
    family: 'sync',
    doc: t(
      'Reply before data reaches disk: faster, but a server crash can lose or corrupt data clients believe written.',
      '数据落盘前即应答：更快，但服务器崩溃时客户端认为已写入的数据可能丢失或损坏。',
    ),
  },
  {
    name: 'root_squash',
    family: 'rootSquash',
    isDefault: true,
    doc: t(
      'Map requests from client uid/gid 0 to the anonymous user (the default). Other privileged ids are not squashed.',
      '把客户端 uid/gid 0 的请求映射为匿名用户（默认）。其他特权用户不受影响。',
    ),
  },
  {
    name: 'no_root_squash',
    family: 'rootSquash',
    doc: t(
      'Client root acts as root on the export. Meant for diskless clients; anyone who is root on a client owns the share.',
      '客户端 root 在共享目录上就是 root。仅适用于无盘客户端；任何客户端上的 root 都能完全控制该共享。',
    ),
  },
  { name: 'all_squash', family: 'allSquash', doc: t('Map every uid/gid to the anonymous user.', '把所有 uid/gid 映射为匿名用户。') },
  { name: 'no_all_squash', family: 'allSquash', isDefault: true, doc: t('Keep client uids/gids (the default).', '保留客户端的 uid/gid（默认）。') },
  {
    name: 'secure',
    family: 'secure',
    isDefault: true,
    doc: t('Accept requests only from source ports below 1024 (the default).', '只接受源端口小于 1024 的请求（默认）。'),
  },
  {
    name: 'insecure',
    family: 'secure',
    doc: t('Accept requests from any source port (needed behind NAT that rewrites ports).', '接受任意源端口的请求（经端口改写的 NAT 时需要）。'),
  },
  {
    name: 'subtree_check',
    family: 'subtree',
    doc: t('Check that each file handle lies inside the exported subtree.', '检查每个文件句柄是否位于导出的子目录内。'),
  },
  {
    name: 'no_subtree_check',
    family: 'subtree',
    isDefault: true,
    doc: t(
      'Skip the subtree check (the default; exportfs warns when neither is written).',
      '不做子目录检查（默认；两者都未写时 exportfs 会警告）。',
    ),
  },
  { name: 'wdelay', family: 'wdelay', isDefault: true, doc: t('Gather related writes before committing them (the default).', '合并相关写操作后再提交（默认）。') },
  { name: 'no_wdelay', family: 'wdelay', doc: t('Commit each write at once (only matters with sync).', '每次写操作立即提交（仅在 sync 时有意义）。') },
  { name: 'hide', family: 'hide', isDefault: true, doc: t('Do not show file systems mounted below this export (the default).', '不显示挂载在此导出目录之下的文件系统（默认）。') },
  { name: 'nohide', family: 'hide', doc: t('Show file systems mounted below this export.', '显示挂载在此导出目录之下的文件系统。') },
  { name: 'crossmnt', family: 'crossmnt', doc: t('Like nohide for every file system mounted below this export.', '对此导出目录下挂载的所有文件系统相当于 nohide。') },
  { name: 'nocrossmnt', family: 'crossmnt', isDefault: true, hidden: true, doc: t('Do not cross mount points (the default).', '不跨越挂载点（默认）。') },
  { name: 'secure_locks', family: 'locks', isDefault: true, doc: t('Require credentials on lock requests (the default).', '锁请求需要认证（默认）。') },
  { name: 'auth_nlm', family: 'locks', hidden: true, doc: t('Same as secure_locks.', '同 secure_locks。') },
  { name: 'insecure_locks', family: 'locks', doc: t('Do not require credentials on lock requests (for old clients).', '锁请求不需要认证（兼容旧客户端）。') },
  { name: 'no_auth_nlm', family: 'locks', hidden: true, doc: t('Same as insecure_locks.', '同 insecure_locks。') },
  { name: 'acl', family: 'acl', isDefault: true, hidden: true, doc: t('Use ACLs (the default).', '使用 ACL（默认）。') },
  { name: 'no_acl', family: 'acl', doc: t('Do not use ACLs on this export.', '此导出不使用 ACL。') },
  { name: 'pnfs', family: 'pnfs', doc: t('Enable parallel NFS layouts.', '启用 pNFS 布局。') },
  { name: 'no_pnfs', family: 'pnfs', isDefault: true, hidden: true, doc: t('Disable parallel NFS layouts (the default).', '禁用 pNFS 布局（默认）。') },
  { name: 'nordirplus', doc: t('Disable READDIRPLUS for NFSv3 clients.', '对 NFSv3 客户端禁用 READDIRPLUS。') },
  { name: 'security_label', doc: t('Pass security labels (SELinux) to NFSv4.2 clients.', '向 NFSv4.2 客户端传递安全标签（SELinux）。') },
  { name: 'anonuid', value: 'required', values: /^-?\d+$/, doc: t('uid of the anonymous user (default 65534).', '匿名用户的 uid（默认 65534）。') },
  { name: 'anongid', value: 'required', values: /^-?\d+$/, doc: t('gid of the anonymous user (default 65534).', '匿名用户的 gid（默认 65534）。') },
  {
    name: 'fsid',
    value: 'required',
    values: /^(root|\d+|0x[0-9a-fA-F]+|(?:[0-9a-fA-F][^0-9a-fA-F]*){32})$/,
    doc: t('File system id: a number, `root`, or a UUID (32 hex digits).', '文件系统 ID：数字、`root` 或 UUID（32 位十六进制）。'),
  },
  {
    name: 'mountpoint',
    value: 'optional',
    doc: t('Export only if the path (or the given path) is a mount point.', '仅当路径（或指定路径）是挂载点时才导出。'),
  },
  { name: 'mp', value: 'optional', hidden: true, doc: t('Same as mountpoint.', '同 mountpoint。') },
  { name: 'refer', value: 'required', doc: t('NFSv4 referral to path@host.', 'NFSv4 引用：path@host。') },
  { name: 'replicas', value: 'required', doc: t('NFSv4 replica locations path@host.', 'NFSv4 副本位置：path@host。') },
  {
    name: 'sec',
    value: 'required',
    values: new RegExp(`^(${SEC_FLAVORS.join('|')})(:(${SEC_FLAVORS.join('|')}))*$`),
    doc: t(
      'Security flavours, colon-separated: sys (default, no cryptography), krb5 (authentication), krb5i (+integrity), krb5p (+encryption).',
      '安全方式，冒号分隔：sys（默认，无加密）、krb5（认证）、krb5i（+完整性）、krb5p（+加密）。',
    ),
  },
  {
    name: 'xprtsec',
    value: 'required',
    values: new RegExp(`^(${XPRTSEC_MODES.join('|')})(:(${XPRTSEC_MODES.join('|')}))*$`),
    doc: t(
      'RPC-with-TLS: none, tls or mtls (needs tlshd); protects sec=sys traffic.',
      'RPC-with-TLS：none、tls 或 mtls（需要 tlshd）；可保护 sec=sys 流量。',
    ),
  },
  {
    name: 'reexport',
    value: 'required',
    values: ['auto-fsidnum', 'predefined-fsidnum', 'none'],
    doc: t('How fsids are assigned when re-exporting an NFS mount.', '重新导出 NFS 挂载时如何分配 fsid。'),
  },
  { name: 'squash_uids', value: 'required', hidden: true, values: /^\d+(-\d+)?(,\d+(-\d+)?)*$/, doc: t('uids to squash (legacy).', '需映射的 uid（旧选项）。') },
  { name: 'squash_gids', value: 'required', hidden: true, values: /^\d+(-\d+)?(,\d+(-\d+)?)*$/, doc: t('gids to squash (legacy).', '需映射的 gid（旧选项）。') },
];

const byName = new Map(EXPORT_OPTIONS.map((o) => [o.name, o]));

export function exportOptionSpec(name: string): ExportOptionSpec | undefined {
  return byName.get(name);
}

/** The keyword that applies when nothing in the family is written, e.g. `ro` for `access`. */
export function familyDefault(family: string): string | undefined {
  return EXPORT_OPTIONS.find((o) => o.family === family && o.isDefault)?.name;
}

/** Safe defaults written by the setup command when the share's options leave a family open. */
export const SAFE_EXPORT_DEFAULTS: readonly string[] = ['rw', 'sync', 'root_squash', 'no_subtree_check'];

/**
 * The options the setup command writes: the share's own options, then a safe default for each
 * family among rw/ro, sync/async, root_squash, subtree_check the share leaves open.
 */
export function exportOptionsWithDefaults(options: readonly string[]): string[] {
  const out = [...options];
  const families = new Set(options.map((o) => byName.get(o.split('=')[0])?.family).filter((f): f is string => !!f));
  for (const d of SAFE_EXPORT_DEFAULTS) {
    const fam = byName.get(d)?.family;
    if (fam && !families.has(fam)) out.push(d);
  }
  return out;
}

/** The keyword of `family` in effect for a list of options (the last written), if any is written. */
export function writtenInFamily(options: readonly string[], family: string): string | undefined {
  let out: string | undefined;
  for (const o of options) if (byName.get(o.split('=')[0])?.family === family) out = o.split('=')[0];
  return out;
}

/**
 * True for an `anonuid=` value that is uid 0: the squashed users then act as root, with root's
 * capabilities on the server (the kernel gives them to uid 0 whatever the squashing).
 */
export function isRootUid(value: string | undefined): boolean {
  return value !== undefined && /^-?\d+$/.test(value) && Number(value) === 0;
}

/**
 * How a share's options, as the setup command writes them (defaults added), let clients act as root
 * on the share: `noRootSquash` (root stays root, unless `all_squash` squashes everyone), `anonRoot`
 * (the squashed users are mapped to `anonuid=0`), or undefined.
 */
export function rootExposure(options: readonly string[]): 'noRootSquash' | 'anonRoot' | undefined {
  const written = exportOptionsWithDefaults(options);
  const all = writtenInFamily(written, 'allSquash') === 'all_squash';
  const root = writtenInFamily(written, 'rootSquash');
  if (!all && root === 'no_root_squash') return 'noRootSquash';
  const anon = options.filter((o) => o.startsWith('anonuid=')).pop();
  if (isRootUid(anon?.slice('anonuid='.length)) && (all || root === 'root_squash')) return 'anonRoot';
  return undefined;
}

/** The known keyword closest to `name`, if it is close enough to be a typo (for did-you-mean). */
export function nearestOption(name: string): string | undefined {
  let best: string | undefined;
  let bestD = Math.min(2, Math.max(1, Math.floor(name.length / 3))) + 1;
  for (const o of EXPORT_OPTIONS) {
    const d = editDistance(name, o.name);
    if (d < bestD) {
      best = o.name;
      bestD = d;
    }
  }
  return best;
}

