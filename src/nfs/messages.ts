/**
 * Texts of the NFS commands (plan, progress, errors) in English and Simplified Chinese, as data,
 * so the plan, the runner's report and the editor show the same words.
 */
import { commonMessages, localize, nameList } from '../core/l10n';
import { sshText } from '../core/sshMessages';
import type { Locale, MessageRef } from '../core/types';
import type { MessageTemplate } from '../core/rules/meta';

const t = (en: string, zh: string): MessageTemplate => ({ en, 'zh-cn': zh });

export const nfsMessages: Record<string, MessageTemplate> = {
  // steps (progress and report)
  'step/connect': t('Connecting to {host}', '正在连接 {host}'),
  'step/privileges': t('Checking privileges on {host}', '正在检查 {host} 上的权限'),
  'step/distro': t('Detecting the distribution of {host}', '正在识别 {host} 的发行版'),
  'step/packages': t('Checking NFS packages on {host}', '正在检查 {host} 上的 NFS 软件包'),
  'step/install': t('Installing {packages} on {host}', '正在 {host} 上安装 {packages}'),
  'step/services-state': t('Reading service states on {host}', '正在读取 {host} 上的服务状态'),
  'step/export-dir': t('Creating {path} on {host}', '正在 {host} 上创建 {path}'),
  'step/backup': t('Backing up {file} on {host}', '正在 {host} 上备份 {file}'),
  'step/write': t('Writing {file} on {host}', '正在 {host} 上写入 {file}'),
  'step/services': t('Enabling and starting {units} on {host}', '正在 {host} 上启用并启动 {units}'),
  'step/exportfs': t('Re-exporting (exportfs -ra) on {host}', '正在 {host} 上重新导出（exportfs -ra）'),
  'step/verify': t('Verifying on {host}', '正在 {host} 上验证'),
  'step/fstab-check': t('Checking {file} on {host}', '正在检查 {host} 上的 {file}'),
  'step/mount-point': t('Creating mount point {path} on {host}', '正在 {host} 上创建挂载点 {path}'),
  'step/mount': t('Mounting {source} on {host}', '正在 {host} 上挂载 {source}'),
  'step/probe': t('Writing and reading a probe file on {host}', '正在 {host} 上写入并读取探测文件'),
  'step/umount': t('Unmounting {path} on {host}', '正在 {host} 上卸载 {path}'),
  'step/cleanup': t('Removing what the setup created on {host}', '正在 {host} 上移除设置时创建的内容'),
  'step/state': t('Recording the setup on {host}', '正在 {host} 上记录设置'),
  'step/rollback': t('Restoring {host} after the failure', '失败后正在恢复 {host}'),

  // outcomes
  'done/setup': t('Share {share} is exported by {host}.', '共享 {share} 已由 {host} 导出。'),
  'done/mount': t('Share {share} is mounted on {hosts}.', '共享 {share} 已挂载到 {hosts}。'),
  'done/unmount': t('Share {share} is unmounted from {hosts}.', '共享 {share} 已从 {hosts} 卸载。'),
  'done/remove': t('Share {share} is unmounted and no longer exported.', '共享 {share} 已卸载且不再导出。'),
  'done/restored': t('{host} was restored to its state before the command.', '{host} 已恢复到命令执行前的状态。'),
  'warn/probeReadOnly': t(
    '{host}: the share is mounted, but {user} cannot write to it ({detail}). With root_squash, root on the client is the anonymous user on the server: give the directory on the server to the application\'s user.',
    '{host}：共享已挂载，但 {user} 无法写入（{detail}）。启用 root_squash 时，客户端的 root 在服务器上是匿名用户：请在服务器上把目录交给应用的用户。',
  ),
  'warn/otherEntries': t(
    '{file} on {host} also exports {path} outside the managed block (line {lines}); exportfs applies both.',
    '{host} 上的 {file} 在托管块之外也导出了 {path}（第 {lines} 行）；exportfs 会同时应用两者。',
  ),
  'warn/dirNotEmpty': t('{path} on {host} is not empty and was kept.', '{host} 上的 {path} 非空，已保留。'),
  'warn/packagesKept': t('Packages installed by the setup were kept on {host}: {packages}.', '设置时安装的软件包保留在 {host} 上：{packages}。'),
  'warn/servicesKept': t('{host} still exports other directories: NFS services keep running.', '{host} 仍导出其他目录：NFS 服务保持运行。'),

  // errors
  'error/sudo-password': t('sudo on {host} needs a password and none was given.', '{host} 上的 sudo 需要密码，但未提供。'),
  'error/sudo-missing': t('{host}: {user} is not root and sudo is not installed.', '{host}：{user} 不是 root，且未安装 sudo。'),
  'prompt/sudo': t('sudo password for {user} on {host}', '{host} 上 {user} 的 sudo 密码'),
  'error/sudo-failed': t('sudo on {host} refused the password.', '{host} 上的 sudo 拒绝了密码。'),
  'error/unknown-distro': t(
    '{host}: unsupported distribution "{id}" (RHEL-like or Debian-like needed).',
    '{host}：不支持的发行版 "{id}"（需要 RHEL 系或 Debian 系）。',
  ),
  'error/no-package-manager': t('{host}: no dnf, yum or apt-get found.', '{host}：未找到 dnf、yum 或 apt-get。'),
  'error/install-declined': t('Installation on {host} was declined; nothing was changed.', '已拒绝在 {host} 上安装；未做任何更改。'),
  'error/command-failed': t('{host}: "{command}" failed (exit {code}): {detail}', '{host}："{command}" 失败（退出码 {code}）：{detail}'),
  'error/command-timeout': t('{host}: "{command}" did not finish in {ms} ms and was stopped', '{host}："{command}" 未在 {ms} 毫秒内完成，已被终止'),
  'error/verify-failed': t('{host}: verification failed: {detail}', '{host}：验证失败：{detail}'),
  'error/block': t('{host}: the managed block in {file} is damaged ({detail}, line {line}); fix it by hand first.', '{host}：{file} 中的托管块已损坏（{detail}，第 {line} 行）；请先手动修复。'),
  'error/fstab-conflict': t(
    '{host}: {file} already has an entry for {path} outside the managed block (line {line}: {entry}). Both would be mounted at boot, so the share\'s line was not added: remove or comment out that entry, or mount without adding to /etc/fstab.',
    '{host}：{file} 在托管块之外已有 {path} 的条目（第 {line} 行：{entry}）。两者都会在启动时挂载，因此没有加入共享的行：请删除或注释掉该条目，或者挂载时不写入 /etc/fstab。',
  ),
  'error/mount-busy': t('{host}: {path} already has {other} mounted.', '{host}：{path} 上已挂载了 {other}。'),
  'error/plan': t('The share cannot be set up: {detail}', '无法设置该共享：{detail}'),
  'error/cancelled': t('Cancelled on {host}; changes were undone.', '已在 {host} 上取消；更改已撤销。'),
  'error/cancelled-not-restored': t('Cancelled on {host}.', '已在 {host} 上取消。'),
  'error/connection-lost': t('{host}: the SSH connection was lost during "{command}" ({detail}).', '{host}：执行 "{command}" 时 SSH 连接中断（{detail}）。'),
  'error/reconnect-failed': t('cannot reconnect to {host}: {detail}', '无法重新连接 {host}：{detail}'),
  'error/notRestored': t('{host} was NOT restored: undoing the changes failed ({detail}).', '{host} 未能恢复：撤销更改失败（{detail}）。'),
  'error/notRestoredFile': t('{file} still has the change; its previous content is in {backup}.', '{file} 仍保留此次更改；原内容在 {backup} 中。'),
  'error/notRestoredNewFile': t('{file} was created by the command and is still there.', '{file} 由该命令创建，仍然存在。'),
  'error/ssh': t('{host}: {detail}', '{host}：{detail}'),

  // undo steps (named in the report when undoing them failed)
  'undo/remove-packages': t('remove packages', '移除安装的软件包'),
  'undo/remove-dirs': t('remove created directories', '删除创建的目录'),
  'undo/restore-services': t('restore services', '恢复服务状态'),
  'undo/unmount': t('unmount', '卸载'),
  'undo/mount-again': t('mount again', '重新挂载'),
  'undo/restore-file': t('restore {file}', '恢复 {file}'),
  'undo/remove-file': t('remove {file}', '删除 {file}'),
  'undo/start-services': t('start services', '启动服务'),
  'undo/enable-services': t('enable services', '启用服务'),
  'undo/failed': t('{steps}: {error}', '{steps}：{error}'),

  // what a verification found
  'check/notListed': t('{path} is not listed by {command}', '{command} 未列出 {path}'),
  'check/findmnt': t('findmnt shows {found} ({fstype}) at {path}, expected {source} (nfs)', 'findmnt 显示 {path} 上挂载的是 {found}（{fstype}），应为 {source}（nfs）'),
  'check/findmntNothing': t('findmnt shows nothing at {path}, expected {source} (nfs)', 'findmnt 显示 {path} 上没有挂载任何内容，应为 {source}（nfs）'),
  'check/probe': t('probe file read back differently', '探测文件读回的内容与写入的不同'),
  'check/notBase64': t('the output is not base64', '输出不是 base64'),

  // plan problems
  'problem/unknown-share': t('there is no share "{detail}"', '没有名为 "{detail}" 的共享'),
  'problem/no-server': t('share {detail} has no server', '共享 {detail} 没有 server'),
  'problem/unknown-server': t('the server {host} is not a host of the topology', '服务器 {host} 不是拓扑中的主机'),
  'problem/no-path': t('share {detail} has no path', '共享 {detail} 没有 path'),
  'problem/relative-path': t('"{detail}" is not an absolute path', '"{detail}" 不是绝对路径'),
  'problem/no-route': t('{host} and the server cannot reach each other (no external IP)', '{host} 与服务器互相不可达（没有外网 IP）'),
  'problem/bad-options': t('the options "{detail}" are not valid export options', '选项 "{detail}" 不是合法的导出选项'),
  'problem/no-clients': t('share {detail} has no clients', '共享 {detail} 没有客户端'),

  // plan text
  'plan/title': t('NFS plan: share {share}', 'NFS 计划：共享 {share}'),
  'plan/nothingRuns': t('Nothing has been executed. This is what the commands would do.', '尚未执行任何操作。以下是这些命令将要执行的内容。'),
  'plan/summary': t('{server} ({serverRegion}) exports `{path}`; clients: {clients}.', '{server}（{serverRegion}）导出 `{path}`；客户端：{clients}。'),
  'plan/clientSeen': t('{host} ({region}) seen as {address}', '{host}（{region}，地址 {address}）'),
  'plan/problems': t('Problems', '问题'),
  'plan/warnings': t('Warnings', '警告'),
  'plan/setup': t('Set Up NFS Share — server {host} ({region})', '设置 NFS 共享 — 服务器 {host}（{region}）'),
  'plan/mount': t('Mount NFS Share — client {host} ({region})', '挂载 NFS 共享 — 客户端 {host}（{region}）'),
  'plan/remove': t('Unmount / Remove Share', '卸载 / 移除共享'),
  'plan/sudo': t(
    'Commands run as root: directly when the SSH user is root, else through `sudo` (the password is asked once, kept in the editor\'s secret storage, and fed on standard input, never on the command line or in logs).',
    '命令以 root 身份执行：SSH 用户是 root 时直接执行，否则经 `sudo`（密码只询问一次，保存在编辑器的安全存储中，经标准输入传递，绝不出现在命令行或日志中）。',
  ),
  'plan/rollback': t(
    'If any step fails or is cancelled, the backups are restored and everything the command created is removed, so the host is left as it was (over a new connection if the old one dropped). A host that cannot be restored is named in the result, with each file left changed and its backup.',
    '任何一步失败或被取消时，会恢复备份并移除命令创建的内容，使主机保持原状（连接中断时通过新连接进行）。无法恢复的主机会在结果中指出，并列出每个仍被改动的文件及其备份。',
  ),
  'plan/detect': t('Read `/etc/os-release` to pick the package manager and packages.', '读取 `/etc/os-release` 以确定包管理器和软件包。'),
  'plan/installIf': t('If `{program}` is missing, install (after you confirm):', '如果缺少 `{program}`，在你确认后安装：'),
  'plan/rhel': t('RHEL, CentOS, Rocky, Alma, Fedora', 'RHEL、CentOS、Rocky、Alma、Fedora'),
  'plan/debian': t('Debian, Ubuntu', 'Debian、Ubuntu'),
  'plan/mkdirExport': t('Create the exported directory if missing:', '如果导出目录不存在则创建：'),
  'plan/backupExports': t('Back up `/etc/exports` (when it changes):', '备份 `/etc/exports`（内容变化时）：'),
  'plan/writeBlock': t('Write the managed block in `/etc/exports` (other lines are kept as they are):', '在 `/etc/exports` 中写入托管块（其他行保持不变）：'),
  'plan/services': t('Enable and start the services:', '启用并启动服务：'),
  'plan/reexport': t('Apply the exports:', '应用导出：'),
  'plan/verifyServer': t('Verify that the path is exported:', '验证路径已导出：'),
  'plan/mkdirMount': t('Create the mount point if missing:', '如果挂载点不存在则创建：'),
  'plan/mountCmd': t('Mount (skipped when already mounted from the same source):', '挂载（已从同一来源挂载时跳过）：'),
  'plan/fstab': t(
    'Optionally persist in `/etc/fstab` (backed up first), managed block; refused before anything changes when `/etc/fstab` already has a line for the mount point outside the block (the error names that line):',
    '可选：写入 `/etc/fstab`（先备份），托管块；若 `/etc/fstab` 在托管块之外已有该挂载点的行，则在做任何更改之前拒绝（错误信息会指出那一行）：',
  ),
  'plan/verifyClient': t('Verify the mount and write, read and delete a probe file:', '验证挂载，并写入、读取、删除一个探测文件：'),
  'plan/removeClients': t(
    'On each client: `umount`, remove the fstab block (backed up first), remove the mount point if the mount created it and it is empty.',
    '在每个客户端：`umount`，移除 fstab 托管块（先备份），若挂载点由挂载命令创建且为空则删除。',
  ),
  'plan/removeServer': t(
    'On the server (Remove only): remove the block from `/etc/exports` (backed up first), `exportfs -ra`; services and packages return to their state before the setup when no other export needs them (packages only after you confirm); the exported directory is removed only if the setup created it and it is empty.',
    '在服务器上（仅移除时）：从 `/etc/exports` 删除托管块（先备份），执行 `exportfs -ra`；若没有其他导出需要，服务和软件包恢复到设置前的状态（软件包需你确认）；导出目录仅在由设置创建且为空时删除。',
  ),
  'plan/warnNoRootSquash': t('The share asks for no_root_squash: root on the clients is root on the share.', '共享要求 no_root_squash：客户端的 root 在共享上就是 root。'),
  'plan/warnAnonRoot': t(
    'The share maps squashed users to anonuid=0: they act as root on the share.',
    '共享把被压缩的用户映射为 anonuid=0：他们在共享上就是 root。',
  ),
  'plan/warnPublic': t(
    '{host} mounts across regions over the public network and NFS is not encrypted: use a WireGuard/SSH tunnel or sec=krb5p.',
    '{host} 跨地域经公网挂载，而 NFS 不加密：请使用 WireGuard/SSH 隧道或 sec=krb5p。',
  ),
};

/** Items of a list in a message, joined as the language joins them (`a, b`; in Chinese `a、b`). */
export function nfsList(items: readonly (string | number)[], locale: Locale): string {
  return localize(nameList(items.map(String)), locale, () => undefined);
}

/**
 * A value said in `locale`: an NFS message (`check/…`, `undo/…`), a list (`nameList`), or a message
 * of the SSH layer.
 */
export function nfsRefText(ref: MessageRef, locale: Locale): string {
  if (ref.id in nfsMessages) return nfsText(ref.id, locale, (ref.data ?? {}) as Record<string, string | number>);
  if (ref.id in commonMessages) return localize(ref, locale, () => undefined);
  return sshText(ref, locale);
}

export function nfsText(id: string, locale: Locale, data: Record<string, string | number> = {}): string {
  const m = nfsMessages[id];
  const s = m ? m[locale] ?? m.en : id;
  return s.replace(/\{(\w+)\}/g, (all, k: string) => (k in data ? String(data[k]) : all));
}
