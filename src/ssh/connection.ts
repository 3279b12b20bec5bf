/**
 * SSH connections over ssh2: host keys checked against known_hosts (unknown → ask, changed → refuse),
 * agent / identity file / password authentication through a `Prompter`, jump hosts, timeouts,
 * keepalive, exec with exported environment, SFTP upload with progress and cancellation.
 */
import type * as Ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthenticationType, Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { readFileSync, existsSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type { ConnectTarget, ExecOptions, ExecResult, Prompter, RemoteSession, UploadOptions } from './types';
import { abortedError, sshError, type SshError } from './errors';
import { envPrefix } from './quote';
import { connectFailureId } from '../core/sshMessages';
import {
  appendKnownHost,
  checkHostKey,
  fingerprintSha256,
  keyTypeOfBlob,
  knownKeyTypes,
  readKnownHostsFiles,
} from './knownHosts';

/** ssh2, loaded on the first connection: the extension activates without evaluating it. */
function ssh2(): typeof Ssh2 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ssh2') as typeof Ssh2;
}

export interface ConnectTimeouts {
  /** TCP connect + handshake + authentication, excluding time spent waiting for the user. Default 15 s. */
  connectMs?: number;
  /** Default limit for `exec` when the call gives none. 0 = none. Default 0. */
  commandMs?: number;
}

export interface ConnectOptions {
  prompter: Prompter;
  /** Read for known keys; a newly trusted key is appended here. */
  knownHostsFile: string;
  /** Further read-only known_hosts files (e.g. /etc/ssh/ssh_known_hosts). */
  globalKnownHostsFiles?: string[];
  timeouts?: ConnectTimeouts;
  keepalive?: { intervalMs: number; countMax: number };
  signal?: AbortSignal;
  /** Diagnostic lines (never secrets). */
  log?(line: string): void;
  /** Connects the jump host of a target; default: a new connection closed with this one. */
  connectVia?(target: ConnectTarget, signal?: AbortSignal): Promise<SshSession>;
}

export type HostKeyStatus = 'known' | 'accepted';

const DEFAULT_HOST_KEY_ALGOS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

function algosForKeyType(t: string): string[] {
  return t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t];
}

/** Key types already known for the name come first, so a server with several keys shows a known one. */
function hostKeyAlgorithms(known: string[]): string[] {
  const first = known.flatMap(algosForKeyType).filter((a) => DEFAULT_HOST_KEY_ALGOS.includes(a));
  return [...new Set([...first, ...DEFAULT_HOST_KEY_ALGOS])];
}

/** `user@host:port`, how a message shows where it connects. */
function targetText(t: ConnectTarget): string {
  return `${t.username}@${t.host}:${t.port}`;
}

/**
 * The state of one SSH connection, shared by the sessions of every topology host that reaches it
 * (hosts with the same SSH target share one connection, each with its own host id in messages).
 */
class Link {
  sftpPromise: Promise<SFTPWrapper> | undefined;
  closed = false;
  closeListeners: (() => void)[] = [];
  /** Set when the connection dropped (not by `close()`). */
  lostReason: string | undefined;

  constructor(
    readonly client: Client,
    readonly hostKeyStatus: HostKeyStatus,
    readonly hostKeyFingerprint: string,
    readonly defaultCommandMs: number,
    readonly owned: SshSession | undefined,
  ) {
    client.on('close', () => {
      if (!this.closed) this.lostReason ??= 'connection closed';
      this.markClosed();
    });
    client.on('error', (e: Error) => {
      this.lostReason ??= e.message;
    });
  }

  markClosed(): void {
    if (this.closed && this.closeListeners.length === 0) return;
    this.closed = true;
    const ls = this.closeListeners;
    this.closeListeners = [];
    for (const l of ls) l();
    this.owned?.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.end();
    const ls = this.closeListeners;
    this.closeListeners = [];
    for (const l of ls) l();
    this.owned?.close();
  }
}

/**
 * An open connection, as one topology host's session. Implements the shared `RemoteSession` plus
 * terminal and forwarding access. `forHost` gives the session of another host on the same
 * connection: the same link, its errors naming that host.
 */
export class SshSession implements RemoteSession {
  private readonly link: Link;

  constructor(
    readonly target: ConnectTarget,
    client: Client | Link,
    hostKeyStatus: HostKeyStatus = 'known',
    hostKeyFingerprint = '',
    defaultCommandMs = 0,
    owned: SshSession | undefined = undefined,
  ) {
    this.link = client instanceof Link ? client : new Link(client, hostKeyStatus, hostKeyFingerprint, defaultCommandMs, owned);
  }

  /** This connection as the session of `hostId` (a host with the same SSH target). */
  forHost(hostId: string): SshSession {
    return hostId === this.target.hostId ? this : new SshSession({ ...this.target, hostId }, this.link);
  }

  get hostId(): string {
    return this.target.hostId;
  }

  get hostKeyStatus(): HostKeyStatus {
    return this.link.hostKeyStatus;
  }

  get hostKeyFingerprint(): string {
    return this.link.hostKeyFingerprint;
  }

  get closed(): boolean {
    return this.link.closed;
  }

  onClose(fn: () => void): void {
    if (this.link.closed) fn();
    else this.link.closeListeners.push(fn);
  }

  private get client(): Client {
    return this.link.client;
  }

  private data(more: Record<string, string | number> = {}): { host: string; target: string } & Record<string, string | number> {
    return { host: this.hostId, target: targetText(this.target), ...more };
  }

  private lost(id: 'command' | 'upload' | 'write' | 'read' | 'transfer' | 'shell' | 'forward', more: Record<string, string> = {}): SshError {
    return sshError('connection-lost', `lost/${id}`, this.data({ ...more, detail: this.link.lostReason ?? '' }));
  }

  private removeCloseListener(fn: () => void): void {
    this.link.closeListeners = this.link.closeListeners.filter((l) => l !== fn);
  }

  exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const { signal } = opts;
    if (signal?.aborted) return Promise.reject(abortedError(this.hostId));
    if (this.link.closed) return Promise.reject(this.lost('command', { command: firstLineOf(command) }));
    // sshd starts each command in its own session, so the shell's PID is the process group to
    // signal on cancel/timeout (closing the channel alone leaves the command running). The PID
    // comes first on stdout and is stripped from the result.
    const full = 'echo "$$"; ' + envPrefix(opts.env) + command;
    const timeoutMs = opts.timeoutMs ?? this.link.defaultCommandMs;
    return new Promise<ExecResult>((resolve, reject) => {
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      let channel: ClientChannel | undefined;
      let timedOut = false;
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const outDec = new StringDecoder('utf8');
      const errDec = new StringDecoder('utf8');
      let exitCode: number | null | undefined;
      const cleanup = () => {
        if (timer) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.removeCloseListener(onLost);
      };
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        cleanup();
        fn();
      };
      let pgid: number | undefined;
      let head = Buffer.alloc(0);
      const kill = () => {
        if (!channel) return;
        if (pgid !== undefined && pgid > 1 && !this.link.closed) {
          const g = pgid;
          this.client.exec(`kill -TERM -- -${g} 2>/dev/null; sleep 1; kill -KILL -- -${g} 2>/dev/null; true`, (e, ch2) => {
            if (!e) {
              ch2.on('data', () => undefined);
              ch2.stderr.on('data', () => undefined);
              ch2.on('close', () => undefined);
            }
          });
        }
        try {
          channel.close();
        } catch {
          // already closed
        }
      };
      const onAbort = () => {
        kill();
        finish(() => reject(abortedError(this.hostId)));
      };
      const onLost = () => finish(() => reject(this.lost('command', { command: firstLineOf(command) })));
      signal?.addEventListener('abort', onAbort, { once: true });
      this.link.closeListeners.push(onLost);
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          timedOut = true;
          kill();
          const text = Buffer.concat(err).toString('utf8');
          finish(() =>
            resolve({
              code: null,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: text + `${text && !text.endsWith('\n') ? '\n' : ''}timed out after ${timeoutMs} ms\n`,
              timedOut: true,
            }),
          );
        }, timeoutMs);
      }
      this.client.exec(full, (e, ch) => {
        if (e) {
          finish(() => reject(this.link.closed ? this.lost('command', { command: firstLineOf(command) }) : sshError('connection-lost', 'exec/start', this.data({ detail: e.message }))));
          return;
        }
        channel = ch;
        if (settled) {
          kill();
          return;
        }
        ch.on('data', (chunk: Buffer) => {
          let d = chunk;
          if (pgid === undefined) {
            head = Buffer.concat([head, d]);
            const nl = head.indexOf(10);
            if (nl < 0) return;
            pgid = Number(head.subarray(0, nl).toString('latin1').trim()) || 0;
            d = head.subarray(nl + 1);
            if (d.length === 0) return;
          }
          out.push(d);
          if (opts.onStdout) {
            const s = outDec.write(d);
            if (s) opts.onStdout(s);
          }
        });
        ch.stderr.on('data', (d: Buffer) => {
          err.push(d);
          if (opts.onStderr) {
            const s = errDec.write(d);
            if (s) opts.onStderr(s);
          }
        });
        ch.on('exit', (code: number | null) => {
          exitCode = typeof code === 'number' ? code : null;
        });
        ch.on('close', () => {
          if (timedOut) return;
          if (exitCode === undefined && this.link.closed) {
            onLost();
            return;
          }
          finish(() =>
            resolve({
              code: exitCode ?? null,
              stdout: Buffer.concat(out).toString('utf8'),
              stderr: Buffer.concat(err).toString('utf8'),
            }),
          );
        });
        if (opts.stdin !== undefined) ch.end(opts.stdin);
        else ch.end();
      });
    });
  }

  private openSftp(): Promise<SFTPWrapper> {
    return new Promise((resolve, reject) => {
      if (this.link.closed) return reject(this.lost('transfer'));
      this.client.sftp((e, sftp) => {
        if (e) reject(this.link.closed ? this.lost('transfer') : sshError('transfer-failed', 'sftp/start', this.data({ detail: e.message })));
        else resolve(sftp);
      });
    });
  }

  private sharedSftp(): Promise<SFTPWrapper> {
    const link = this.link;
    if (!link.sftpPromise) {
      const p = this.openSftp();
      link.sftpPromise = p;
      p.then(
        (s) => s.on('close', () => {
          if (link.sftpPromise === p) link.sftpPromise = undefined;
        }),
        () => {
          if (link.sftpPromise === p) link.sftpPromise = undefined;
        },
      );
    }
    return link.sftpPromise;
  }

  /** Uploads over a dedicated SFTP channel; cancelling closes that channel. */
  async upload(localPath: string, remotePath: string, opts: UploadOptions = {}): Promise<void> {
    const { signal } = opts;
    if (signal?.aborted) throw abortedError(this.hostId);
    const sftp = await this.openSftp();
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          signal?.removeEventListener('abort', onAbort);
          this.removeCloseListener(onLost);
          fn();
        };
        const onAbort = () => finish(() => reject(abortedError(this.hostId)));
        const onLost = () => finish(() => reject(this.lost('upload', { file: remotePath })));
        signal?.addEventListener('abort', onAbort, { once: true });
        this.link.closeListeners.push(onLost);
        sftp.fastPut(
          localPath,
          remotePath,
          {
            concurrency: 64,
            chunkSize: 32768,
            mode: opts.mode,
            step: (transferred, _chunk, total) => opts.onProgress?.(transferred, total),
          },
          (e) => {
            if (!e) return finish(resolve);
            if (this.link.closed) return onLost();
            finish(() => reject(sshError('transfer-failed', 'sftp/upload', this.data({ file: remotePath, detail: e.message }))));
          },
        );
      });
    } finally {
      try {
        sftp.end();
      } catch {
        // already closed
      }
    }
  }

  async writeFile(remotePath: string, data: string | Buffer, opts: { mode?: number } = {}): Promise<void> {
    const sftp = await this.sharedSftp();
    await new Promise<void>((resolve, reject) => {
      sftp.writeFile(remotePath, data, opts.mode !== undefined ? { mode: opts.mode } : {}, (e) => {
        if (e) reject(this.link.closed ? this.lost('write', { file: remotePath }) : sshError('transfer-failed', 'sftp/write', this.data({ file: remotePath, detail: e.message })));
        else resolve();
      });
    });
    if (opts.mode !== undefined) {
      await new Promise<void>((resolve, reject) =>
        sftp.chmod(remotePath, opts.mode!, (e) => (e ? reject(sshError('transfer-failed', 'sftp/chmod', this.data({ file: remotePath, detail: e.message }))) : resolve())),
      );
    }
  }

  async readFile(remotePath: string): Promise<Buffer | undefined> {
    const sftp = await this.sharedSftp();
    return new Promise((resolve, reject) => {
      sftp.readFile(remotePath, (e: (Error & { code?: unknown }) | undefined, data: Buffer) => {
        if (!e) return resolve(data);
        if (e.code === 2) return resolve(undefined);
        reject(this.link.closed ? this.lost('read', { file: remotePath }) : sshError('transfer-failed', 'sftp/read', this.data({ file: remotePath, detail: e.message })));
      });
    });
  }

  /** An interactive shell with a pseudo-terminal (for a terminal view). */
  shell(size: { rows: number; cols: number; term?: string }): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      this.client.shell({ rows: size.rows, cols: size.cols, term: size.term ?? 'xterm-256color' }, (e, ch) => (e ? reject(this.lost('shell')) : resolve(ch)));
    });
  }

  /** A TCP stream to host:port opened from this host (for jump hosts). */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      if (this.link.closed) return reject(this.lost('forward'));
      this.client.forwardOut('127.0.0.1', 0, host, port, (e, ch) => {
        if (e) reject(sshError('connect-failed', 'connect/through', this.data({ address: host, port, detail: e.message })));
        else resolve(ch);
      });
    });
  }

  /** Closes the connection (for every host that shares it). */
  close(): void {
    this.link.close();
  }
}

/** The first line of a command, as a message shows it. */
function firstLineOf(command: string): string {
  return command.split('\n')[0].slice(0, 80);
}

/** Auth attempts in order: agent, each identity file, then password / keyboard-interactive. */
function makeAuthHandler(target: ConnectTarget, prompter: Prompter, pause: (p: Promise<unknown>) => void, log: (s: string) => void) {
  const username = target.username;
  const passwordKey = `ssh-password:${username}@${target.host}:${target.port}`;
  const steps: (() => Promise<AnyAuthMethod | undefined>)[] = [];
  let passwordTries = 0;
  let lastWasPassword = false;
  let allowed: AuthenticationType[] | null = null;
  const ask = <T>(p: Promise<T>): Promise<T> => {
    pause(p);
    return p;
  };

  if (target.agent) {
    steps.push(async () => (allowed && !allowed.includes('publickey') ? undefined : { type: 'agent', username, agent: target.agent! }));
  }
  for (const file of target.identityFiles) {
    steps.push(async () => {
      if (allowed && !allowed.includes('publickey')) return undefined;
      if (!existsSync(file)) return undefined;
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        log(`cannot read identity file ${file}`);
        return undefined;
      }
      let parsed = ssh2().utils.parseKey(data);
      if (!(parsed instanceof Error)) return { type: 'publickey', username, key: data };
      if (!/encrypt|passphrase/i.test(parsed.message)) {
        log(`skipping identity file ${file}: ${parsed.message}`);
        return undefined;
      }
      const secretKey = `ssh-passphrase:${file}`;
      for (let attempt = 0; attempt < 3; attempt++) {
        const pass = await ask(prompter.secret(secretKey, `Passphrase for ${file}`));
        if (pass === undefined) return undefined;
        parsed = ssh2().utils.parseKey(data, pass);
        if (!(parsed instanceof Error)) return { type: 'publickey', username, key: data, passphrase: pass };
        await prompter.forgetSecret(secretKey);
      }
      return undefined;
    });
  }
  const passwordStep = async (): Promise<AnyAuthMethod | undefined> => {
    if (allowed && !allowed.includes('password') && !allowed.includes('keyboard-interactive')) return undefined;
    const pw = await ask(prompter.secret(passwordKey, `Password for ${username}@${target.host}`));
    if (pw === undefined) return undefined;
    lastWasPassword = true;
    passwordTries++;
    if (!allowed || allowed.includes('password')) return { type: 'password', username, password: pw };
    return {
      type: 'keyboard-interactive',
      username,
      prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => pw)),
    };
  };

  let i = 0;
  return (methodsLeft: AuthenticationType[] | null, _partial: boolean | null, next: (m: AnyAuthMethod | false) => void) => {
    allowed = methodsLeft;
    void (async () => {
      if (lastWasPassword) {
        // the previous password was refused
        lastWasPassword = false;
        await prompter.forgetSecret(passwordKey);
      }
      while (i < steps.length) {
        const step = steps[i++];
        const m = await step();
        if (m) return next(m);
      }
      if (passwordTries < 3) {
        const m = await passwordStep();
        if (m) return next(m);
      }
      next(false);
    })().catch(() => next(false));
  };
}

/**
 * Opens a connection to `target` (through its jump host when `via` is set). Rejects with an
 * `SshError` whose message names the host.
 */
export async function connect(target: ConnectTarget, opts: ConnectOptions): Promise<SshSession> {
  const { prompter, signal } = opts;
  const log = opts.log ?? (() => undefined);
  if (signal?.aborted) throw abortedError(target.hostId);
  const connectMs = opts.timeouts?.connectMs ?? 15000;

  let jump: SshSession | undefined;
  let ownsJump = false;
  let sock: Duplex | undefined;
  if (target.via) {
    if (opts.connectVia) jump = await opts.connectVia(target.via, signal);
    else {
      jump = await connect(target.via, { ...opts, connectVia: undefined });
      ownsJump = true;
    }
    try {
      sock = await jump.forwardOut(target.host, target.port);
    } catch (e) {
      if (ownsJump) jump.close();
      throw e;
    }
  }

  const entries = readKnownHostsFiles([opts.knownHostsFile, ...(opts.globalKnownHostsFiles ?? [])]);
  const about = { host: target.hostId, target: targetText(target) };
  const client = new (ssh2().Client)();
  let failure: SshError | undefined;
  let hostKeyStatus: HostKeyStatus = 'known';
  let fingerprint = '';

  return new Promise<SshSession>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let waitingForUser = 0;
    const armTimer = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        if (waitingForUser > 0) return;
        fail(sshError('connect-timeout', 'connect/timeout', { ...about, ms: connectMs }));
      }, connectMs);
    };
    const pause = (p: Promise<unknown>) => {
      waitingForUser++;
      if (timer) clearTimeout(timer);
      const resume = () => {
        waitingForUser--;
        if (waitingForUser === 0 && !settled) armTimer();
      };
      p.then(resume, resume);
    };
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (e: SshError) => {
      if (settled) return;
      settled = true;
      cleanup();
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.end();
      client.destroy();
      if (ownsJump) jump?.close();
      reject(e);
    };
    const onAbort = () => fail(abortedError(target.hostId));
    signal?.addEventListener('abort', onAbort, { once: true });

    client.on('ready', () => {
      if (settled) {
        client.end();
        return;
      }
      settled = true;
      cleanup();
      const session = new SshSession(target, client, hostKeyStatus, fingerprint, opts.timeouts?.commandMs ?? 0, ownsJump ? jump : undefined);
      if (jump && !ownsJump) jump.onClose(() => session.close());
      resolve(session);
    });
    client.on('error', (e: Error & { level?: string; code?: string }) => {
      if (settled) return;
      if (failure) return fail(failure);
      if (e.level === 'client-authentication') {
        return fail(sshError('auth-failed', 'auth/failed', { ...about, user: target.username, tried: authTried(target) }));
      }
      if (e.level === 'client-timeout') {
        return fail(sshError('connect-timeout', 'connect/timeout', { ...about, ms: connectMs }));
      }
      fail(sshError('connect-failed', connectFailureId(e.code), { ...about, address: target.host, detail: e.message }));
    });
    client.on('close', () => {
      if (settled) return;
      fail(failure ?? sshError('connect-failed', 'connect/closed', { ...about, detail: 'closed' }));
    });

    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
      fingerprint = fingerprintSha256(key);
      const keyType = keyTypeOfBlob(key);
      const verdict = checkHostKey(entries, target.knownHostsName, key);
      if (verdict.status === 'known') return verify(true);
      if (verdict.status === 'revoked') {
        failure = sshError('host-key-revoked', 'host-key/revoked', { ...about, name: target.knownHostsName, fingerprint, file: verdict.entry.file });
        return verify(false);
      }
      if (verdict.status === 'changed') {
        failure = sshError('host-key-changed', 'host-key/changed', {
          ...about,
          name: target.knownHostsName,
          keyType,
          fingerprint,
          file: verdict.entry.file,
          line: verdict.entry.line,
        });
        return verify(false);
      }
      const asked = prompter.confirmUnknownHostKey(target.hostId, target.knownHostsName, keyType, fingerprint);
      pause(asked);
      asked.then(
        (yes) => {
          if (settled) return;
          if (!yes) {
            failure = sshError('host-key-rejected', 'host-key/rejected', { ...about, name: target.knownHostsName, fingerprint });
            return verify(false);
          }
          try {
            appendKnownHost(opts.knownHostsFile, target.knownHostsName, key);
          } catch (e) {
            log(`cannot write ${opts.knownHostsFile}: ${(e as Error).message}`);
          }
          hostKeyStatus = 'accepted';
          verify(true);
        },
        () => {
          failure = sshError('host-key-rejected', 'host-key/rejected', { ...about, name: target.knownHostsName, fingerprint });
          verify(false);
        },
      );
    };

    armTimer();
    try {
      client.connect({
        ...(sock ? { sock } : { host: target.host, port: target.port }),
        username: target.username,
        readyTimeout: 0,
        keepaliveInterval: opts.keepalive?.intervalMs ?? 15000,
        keepaliveCountMax: opts.keepalive?.countMax ?? 3,
        algorithms: { serverHostKey: hostKeyAlgorithms(knownKeyTypes(entries, target.knownHostsName)) as never },
        hostVerifier,
        authHandler: makeAuthHandler(target, prompter, pause, log) as never,
      });
    } catch (e) {
      fail(sshError('connect-failed', 'connect/failed', { ...about, detail: (e as Error).message }));
    }
  });
}

function authTried(t: ConnectTarget): string {
  const parts: string[] = [];
  if (t.agent) parts.push('ssh-agent');
  const files = t.identityFiles.filter((f) => existsSync(f));
  if (files.length) parts.push(...files);
  parts.push('password');
  return parts.join(', ');
}
