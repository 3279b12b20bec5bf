/**
 * Errors of the SSH layer. `code` is stable (callers localize by it); `id` and `data` say exactly what
 * happened (the message is built from them, so the same failure can be told of another host that
 * shares the connection); `message` is English and names the host. Never carries a secret.
 */
import { sshText } from '../core/sshMessages';
import type { MessageRef } from '../core/types';

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

/** The English message of an SSH error (`sshMessages`); a lost connection adds why it was lost when that is known. */
export function sshMessage(id: string, data: SshErrorData): string {
  return sshText({ id, data }, 'en');
}

export class SshError extends Error {
  override readonly name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    readonly hostId: string,
    message: string,
    /** Values for a localized message: host, file, detail, fingerprint … */
    readonly data: SshErrorData = {},
    /** What the message says (`sshMessages`); undefined for an error made with a message of its own. */
    readonly id?: string,
  ) {
    super(message);
  }

  /** The message as a reference to localize (`sshText`), when it was built from one. */
  get ref(): MessageRef | undefined {
    return this.id === undefined ? undefined : { id: this.id, data: this.data };
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
