/**
 * Errors of the SSH layer. `code` is stable (callers localize by it); `message` is English and names
 * the host. Never carries a secret.
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

export class SshError extends Error {
  override readonly name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    readonly hostId: string,
    message: string,
    /** Values for a localized message: host, file, detail, fingerprint … */
    readonly data: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export function isAbortError(e: unknown): boolean {
  return (e instanceof SshError && e.code === 'aborted') || (e instanceof Error && e.name === 'AbortError');
}

export function abortedError(hostId: string): SshError {
  return new SshError('aborted', hostId, `cancelled (${hostId})`, { host: hostId });
}
