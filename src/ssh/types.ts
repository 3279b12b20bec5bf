/**
 * The SSH layer's interface, shared by deploy (src/deploy) and NFS (src/nfs). Implemented over
 * ssh2 in src/ssh/connection.ts. No `vscode` import: user interaction goes through `Prompter`,
 * which the extension implements with VS Code UI and SecretStorage, and tests implement directly.
 */

export interface ExecOptions {
  /** Extra environment for the remote command, exported in the command line (sshd may refuse `env`). */
  env?: Record<string, string>;
  stdin?: string | Buffer;
  /** Kills the command (and reports a timeout) after this many milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Streamed output, for logs. Never passed secrets. */
  onStdout?(chunk: string): void;
  onStderr?(chunk: string): void;
}

export interface ExecResult {
  /** Exit code, or null when the command was killed by a signal / timeout. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when `timeoutMs` elapsed and the command was killed (code is then null). */
  timedOut?: boolean;
}

export interface UploadOptions {
  signal?: AbortSignal;
  onProgress?(transferred: number, total: number): void;
  mode?: number;
}

/** An open SSH connection to one host of the topology. */
export interface RemoteSession {
  readonly hostId: string;
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  upload(localPath: string, remotePath: string, opts?: UploadOptions): Promise<void>;
  writeFile(remotePath: string, data: string | Buffer, opts?: { mode?: number }): Promise<void>;
  /** Undefined when the file does not exist. */
  readFile(remotePath: string): Promise<Buffer | undefined>;
  close(): void;
}

/** Where and how to connect, after the topology's SSH target rules and ~/.ssh/config are applied. */
export interface ConnectTarget {
  hostId: string;
  host: string;
  port: number;
  username: string;
  identityFiles: string[];
  /** Use the ssh-agent at this socket (usually $SSH_AUTH_SOCK). */
  agent?: string;
  /** Jump host, connected first; this target is reached through a forwarded channel. */
  via?: ConnectTarget;
  /** Name used in known_hosts: `host` or `[host]:port`. */
  knownHostsName: string;
}

/** User interaction the SSH layer needs, supplied by the caller (VS Code UI, CLI prompt or test). */
export interface Prompter {
  /** An unknown host key: show the SHA256 fingerprint and ask. true = trust and remember. */
  confirmUnknownHostKey(hostId: string, knownHostsName: string, keyType: string, fingerprintSha256: string): Promise<boolean>;
  /** A secret (password, key passphrase, sudo password). `key` identifies it in SecretStorage. */
  secret(key: string, prompt: string): Promise<string | undefined>;
  /** Forget a stored secret that turned out wrong. */
  forgetSecret(key: string): Promise<void>;
}
