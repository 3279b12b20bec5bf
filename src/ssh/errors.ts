/**
 * Errors of the SSH layer. `code` is stable (callers localize by it); `id` and `data` say exactly what
 * happened (the message is built from them, so the same failure can be told of another host that
 * shares the connection); `message` is English and names the host. Never carries a secret.
 */
export type SshErrorCode =
  | 'connect-failed'
  | 'connect-timeout'
  | 'auth-failed'
  | 'host-key-changed'
  | 'host-key-rejected'
  | 'host-key-revoked'
  | 'connection-lost'
  | 'command-timeout'
  | 'transfer-failed'
  | 'aborted'
  | 'target';

export type SshErrorData = Record<string, string | number>;

/** The English text of each SSH error by message id; `{host}` is the topology host it is told of. */
const MESSAGES: Record<string, string> = {
  'connect/failed': 'cannot connect to {host} ({target}): {detail}',
  'connect/closed': 'connection to {host} ({target}) closed during the handshake',
  'connect/timeout': 'timed out connecting to {host} ({target}) after {ms} ms',
  'connect/through': '{host}: cannot reach {address}:{port} through it: {detail}',
  'auth/failed': 'authentication to {host} ({target}) failed (tried: {tried})',
  'host-key/changed':
    'HOST KEY CHANGED for {host} ({name}): the server now presents {keyType} {fingerprint}, which differs from the key in {file}:{line}. Refusing to connect; if the change is expected, remove that line.',
  'host-key/revoked': 'the host key of {host} ({name}, {fingerprint}) is marked revoked in {file}',
  'host-key/rejected': 'the host key of {host} ({name}, {fingerprint}) was not trusted',
  'lost/command': 'connection to {host} ({target}) lost during `{command}`',
  'lost/upload': 'connection to {host} ({target}) lost during the upload of {file}',
  'lost/write': 'connection to {host} ({target}) lost during writing {file}',
  'lost/read': 'connection to {host} ({target}) lost during reading {file}',
  'lost/transfer': 'connection to {host} ({target}) lost during a file transfer',
  'lost/shell': 'connection to {host} ({target}) lost during opening a shell',
  'lost/forward': 'connection to {host} ({target}) lost during forwarding',
  'exec/start': '{host}: cannot start a command: {detail}',
  'sftp/start': '{host}: cannot start SFTP: {detail}',
  'sftp/upload': '{host}: upload of {file} failed: {detail}',
  'sftp/write': '{host}: cannot write {file}: {detail}',
  'sftp/chmod': '{host}: chmod {file}: {detail}',
  'sftp/read': '{host}: cannot read {file}: {detail}',
  aborted: 'cancelled ({host})',
  'target/no-address':
    'host {host} has no SSH target: give it ssh.host, an external address, an alias in the SSH config, or a jump host (ssh.via) for its internal address',
  'target/unknown-host': '{host} is not a host of the topology',
  'target/unknown-jump-host': 'host {host}: jump host {via} is not a host of the topology',
  'target/jump-cycle': 'jump hosts of {host} form a cycle: {chain}',
};

function fill(template: string, data: SshErrorData): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => (k in data ? String(data[k]) : all));
}

/** The English message of an SSH error; a lost connection adds why it was lost when that is known. */
export function sshMessage(id: string, data: SshErrorData): string {
  const text = fill(MESSAGES[id] ?? id, data);
  return id.startsWith('lost/') && data.detail ? `${text}: ${data.detail}` : text;
}

export class SshError extends Error {
  override readonly name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    readonly hostId: string,
    message: string,
    /** Values for a localized message: host, file, detail, fingerprint … */
    readonly data: SshErrorData = {},
    /** What the message says (`MESSAGES`); undefined for an error made with a message of its own. */
    readonly id?: string,
  ) {
    super(message);
  }
}

/** An error of host `data.host`, its message built from `id` and `data`. */
export function sshError(code: SshErrorCode, id: string, data: SshErrorData & { host: string }): SshError {
  return new SshError(code, data.host, sshMessage(id, data), data, id);
}

/**
 * The error a connection opened for `owner` failed with, told of `hostId` that shares it (the same
 * SSH target): an error of `owner` itself names `hostId`; one of another host (its jump host) is
 * left as it is.
 */
export function errorForHost(e: unknown, owner: string, hostId: string): unknown {
  if (owner === hostId || !(e instanceof SshError) || e.hostId !== owner || e.id === undefined) return e;
  return sshError(e.code, e.id, { ...e.data, host: hostId });
}

export function isAbortError(e: unknown): boolean {
  return (e instanceof SshError && e.code === 'aborted') || (e instanceof Error && e.name === 'AbortError');
}

export function abortedError(hostId: string): SshError {
  return sshError('aborted', 'aborted', { host: hostId });
}
