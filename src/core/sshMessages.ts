/**
 * Texts of connection errors in English and Simplified Chinese, by message id: the SSH layer's (the
 * `id` of an `SshError`, filled in from its `data`) and those of a direct connection to a ZooKeeper
 * registry (`zookeeper/…`). What the system said (`detail`: "connect ECONNREFUSED …")
 * stays as it was, in parentheses after the explanation; everything around it is translated. The
 * editor, the CLI (`--locale zh-cn`) and the reports use the same words.
 */
import { format } from './l10n';
import type { MessageTemplate } from './rules/meta';
import type { Locale, MessageRef } from './types';

const t = (en: string, zh: string): MessageTemplate => ({ en, 'zh-cn': zh });

export const sshMessages: Record<string, MessageTemplate> = {
  'connect/refused': t(
    'cannot connect to {host} ({target}): the connection was refused, so nothing listens on that port or a firewall turns it away ({detail})',
    '无法连接到 {host}（{target}）：连接被拒绝，该端口上没有服务在监听，或被防火墙拒绝（{detail}）',
  ),
  'connect/unreachable': t(
    'cannot connect to {host} ({target}): there is no route to that address ({detail})',
    '无法连接到 {host}（{target}）：没有通往该地址的路由（{detail}）',
  ),
  'connect/unresolved': t(
    'cannot connect to {host} ({target}): the name {address} cannot be resolved ({detail})',
    '无法连接到 {host}（{target}）：无法解析名称 {address}（{detail}）',
  ),
  'connect/reset': t(
    'cannot connect to {host} ({target}): the connection was reset before the SSH handshake ({detail})',
    '无法连接到 {host}（{target}）：SSH 握手之前连接被重置（{detail}）',
  ),
  'connect/os-timeout': t(
    'cannot connect to {host} ({target}): the connection attempt timed out ({detail})',
    '无法连接到 {host}（{target}）：连接尝试超时（{detail}）',
  ),
  'connect/failed': t('cannot connect to {host} ({target}): {detail}', '无法连接到 {host}（{target}）（{detail}）'),
  'connect/closed': t(
    'connection to {host} ({target}) closed during the handshake',
    '与 {host}（{target}）的连接在 SSH 握手完成之前被关闭',
  ),
  'connect/timeout': t(
    'timed out connecting to {host} ({target}) after {ms} ms',
    '连接 {host}（{target}）超时：{ms} 毫秒内未能建立连接',
  ),
  'connect/through': t('{host}: cannot reach {address}:{port} through it: {detail}', '{host}：无法经由它连接到 {address}:{port}（{detail}）'),
  'auth/failed': t(
    'authentication to {host} ({target}) failed (tried: {tried})',
    '{host}（{target}）身份验证失败（已尝试：{tried}）',
  ),
  'host-key/changed': t(
    'HOST KEY CHANGED for {host} ({name}): the server now presents {keyType} {fingerprint}, which differs from the key in {file}:{line}. Refusing to connect; if the change is expected, remove that line.',
    '{host}（{name}）的主机密钥已改变：服务器现在出示 {keyType} {fingerprint}，与 {file}:{line} 中的密钥不同。已拒绝连接；如果这一变化在预期之中，请删除那一行。',
  ),
  'host-key/revoked': t(
    'the host key of {host} ({name}, {fingerprint}) is marked revoked in {file}',
    '{host} 的主机密钥（{name}，{fingerprint}）在 {file} 中被标记为已吊销',
  ),
  'host-key/rejected': t(
    'the host key of {host} ({name}, {fingerprint}) was not trusted',
    '{host} 的主机密钥（{name}，{fingerprint}）未被信任',
  ),
  'lost/command': t('connection to {host} ({target}) lost during `{command}`', '执行 `{command}` 时与 {host}（{target}）的连接中断'),
  'lost/upload': t('connection to {host} ({target}) lost during the upload of {file}', '上传 {file} 时与 {host}（{target}）的连接中断'),
  'lost/write': t('connection to {host} ({target}) lost during writing {file}', '写入 {file} 时与 {host}（{target}）的连接中断'),
  'lost/read': t('connection to {host} ({target}) lost during reading {file}', '读取 {file} 时与 {host}（{target}）的连接中断'),
  'lost/transfer': t('connection to {host} ({target}) lost during a file transfer', '传输文件时与 {host}（{target}）的连接中断'),
  'lost/shell': t('connection to {host} ({target}) lost during opening a shell', '打开终端时与 {host}（{target}）的连接中断'),
  'lost/forward': t('connection to {host} ({target}) lost during forwarding', '转发连接时与 {host}（{target}）的连接中断'),
  /** Added to a `lost/…` message when the reason is known. */
  'lost/reason': t(': {detail}', '（{detail}）'),
  'exec/start': t('{host}: cannot start a command: {detail}', '{host}：无法启动命令（{detail}）'),
  'sftp/start': t('{host}: cannot start SFTP: {detail}', '{host}：无法启动 SFTP（{detail}）'),
  'sftp/upload': t('{host}: upload of {file} failed: {detail}', '{host}：上传 {file} 失败（{detail}）'),
  'sftp/write': t('{host}: cannot write {file}: {detail}', '{host}：无法写入 {file}（{detail}）'),
  'sftp/chmod': t('{host}: chmod {file}: {detail}', '{host}：无法修改 {file} 的权限（{detail}）'),
  'sftp/read': t('{host}: cannot read {file}: {detail}', '{host}：无法读取 {file}（{detail}）'),
  aborted: t('cancelled ({host})', '已取消（{host}）'),
  'target/no-address': t(
    'host {host} has no SSH target: give it ssh.host, an external address, an alias in the SSH config, or a jump host (ssh.via) for its internal address',
    '主机 {host} 没有 SSH 目标：请为它指定 ssh.host、外网地址、SSH 配置中的别名，或为其内网地址指定跳板机（ssh.via）',
  ),
  'target/unknown-host': t('{host} is not a host of the topology', '{host} 不是拓扑中的主机'),
  'target/unknown-jump-host': t('host {host}: jump host {via} is not a host of the topology', '主机 {host}：跳板机 {via} 不是拓扑中的主机'),
  'target/jump-cycle': t('jump hosts of {host} form a cycle: {chain}', '{host} 的跳板机构成循环：{chain}'),
  'zookeeper/refused': t('cannot connect to ZooKeeper at {address}: connection refused ({errno})', '无法连接到 {address} 上的 ZooKeeper：连接被拒绝（{errno}）'),
  'zookeeper/unresolved': t('cannot connect to ZooKeeper at {address}: host not found ({errno})', '无法连接到 {address} 上的 ZooKeeper：找不到该主机（{errno}）'),
  'zookeeper/failed': t('cannot connect to ZooKeeper at {address}: {detail}', '无法连接到 {address} 上的 ZooKeeper（{detail}）'),
  'zookeeper/timeout': t('cannot connect to ZooKeeper at {address}: no answer within {ms} ms', '无法连接到 {address} 上的 ZooKeeper：{ms} 毫秒内没有应答'),
  'zookeeper/through-timeout': t(
    'cannot connect to ZooKeeper at {address} through {via}: no answer within {ms} ms',
    '无法经由 {via} 连接到 {address} 上的 ZooKeeper：{ms} 毫秒内没有应答',
  ),
  'zookeeper/word-timeout': t('no answer to {word} within {ms} ms', '{ms} 毫秒内没有对 {word} 命令的应答'),
  'zookeeper/word-cancelled': t('{word} cancelled', '{word} 命令已取消'),
};

/**
 * Which `connect/…` message tells a failure to open the TCP connection, from the system's error code
 * (`ECONNREFUSED` …).
 */
export function connectFailureId(errno: string | undefined): string {
  switch (errno) {
    case 'ECONNREFUSED':
      return 'connect/refused';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EHOSTDOWN':
    case 'ENETDOWN':
      return 'connect/unreachable';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return 'connect/unresolved';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'connect/reset';
    case 'ETIMEDOUT':
      return 'connect/os-timeout';
    default:
      return 'connect/failed';
  }
}

/** An SSH error's message in `locale`; an unknown id is shown as it is. */
export function sshText(ref: MessageRef, locale: Locale): string {
  const m = sshMessages[ref.id];
  if (!m) return format(ref.id, ref.data);
  const text = format(m[locale] ?? m.en, ref.data);
  const detail = ref.data?.detail;
  return ref.id.startsWith('lost/') && detail ? text + format(sshMessages['lost/reason'][locale], { detail }) : text;
}

/** The message reference an error carries (an SSH or deploy error's `ref`), if any. */
export function refOfError(e: unknown): MessageRef | undefined {
  const ref = (e as { ref?: unknown } | undefined)?.ref;
  return ref && typeof ref === 'object' && typeof (ref as MessageRef).id === 'string' ? (ref as MessageRef) : undefined;
}

/** What failed, in `locale`: the localized text of an error that carries a message reference, else its message. */
export function errorText(e: unknown, locale: Locale): string {
  const ref = refOfError(e);
  if (ref) return sshText(ref, locale);
  return e instanceof Error ? e.message : String(e);
}
