/**
 * Real OpenSSH servers on loopback ports for tests: each `startSshd` runs its own `sshd -D` with a
 * throwaway host key, an authorized_keys file and its own temporary directory. Several servers on
 * different ports stand for several hosts. Commands run as the current user (root on test machines).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, appendFileSync } from 'node:fs';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SSHD = '/usr/sbin/sshd';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell command locally, as the same user the test servers log in as. */
export function sh(command: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((done) => {
    execFile('/bin/sh', ['-c', command], { cwd: opts.cwd, env: opts.env ?? process.env, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : null) : 0;
      done({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Like `sh`, but rejects on a non-zero exit. Returns stdout. */
export async function shOk(command: string, opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const r = await sh(command, opts);
  if (r.code !== 0) throw new Error(`${command} exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

export function tempDir(prefix = 'dubbo-topology-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** SHA256 fingerprint as OpenSSH prints it: `SHA256:` + unpadded base64 of the key blob's digest. */
export function fingerprintOf(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1], 'base64');
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export interface KeyPair {
  /** Absolute path of the private key; the public key is `${path}.pub`. */
  path: string;
  publicKey: string;
  fingerprint: string;
}

/** Generates an ed25519 (or other type) key with ssh-keygen. An empty passphrase means unencrypted. */
export async function makeKey(dir: string, name: string, opts: { passphrase?: string; type?: 'ed25519' | 'rsa' | 'ecdsa' } = {}): Promise<KeyPair> {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, name);
  rmSync(path, { force: true });
  rmSync(path + '.pub', { force: true });
  await new Promise<void>((done, fail) => {
    const args = ['-q', '-t', opts.type ?? 'ed25519', '-N', opts.passphrase ?? '', '-C', name, '-f', path];
    if (opts.type === 'rsa') args.push('-b', '2048');
    execFile('ssh-keygen', args, (err, _o, stderr) => (err ? fail(new Error(`ssh-keygen: ${stderr || err.message}`)) : done()));
  });
  const publicKey = readFileSync(path + '.pub', 'utf8').trim();
  return { path, publicKey, fingerprint: fingerprintOf(publicKey) };
}

export async function freePort(): Promise<number> {
  // One after another, the system may hand back a port it just released: a port handed out before in
  // this process (hosts started side by side each ask for one) is not handed out again.
  for (let i = 0; i < 50; i++) {
    const port = await anyFreePort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error('no free port that was not handed out before');
}

/** The ports freePort handed out in this process. */
const handedOut = new Set<number>();

function anyFreePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => done(port));
    });
  });
}

/**
 * `n` distinct free ports: each is held until all are picked, so no two are the same (one after
 * another, `freePort` may hand back a port it just released).
 */
export async function freePorts(n: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const srv = createServer();
      servers.push(srv);
      await new Promise<void>((done, fail) => {
        srv.once('error', fail);
        srv.listen(0, '127.0.0.1', () => done());
      });
    }
    const ports = servers.map((srv) => {
      const addr = srv.address();
      return typeof addr === 'object' && addr ? addr.port : 0;
    });
    // Nor does freePort hand them out later.
    for (const p of ports) handedOut.add(p);
    return ports;
  } finally {
    await Promise.all(servers.map((srv) => new Promise<void>((r) => (srv.listening ? srv.close(() => r()) : r()))));
  }
}

/** Resolves once something on the port answers with an SSH banner. */
async function waitForBanner(port: number, deadlineMs: number, proc: ChildProcess, log: () => string): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`sshd exited (${proc.exitCode ?? proc.signalCode}): ${log()}`);
    }
    const ok = await new Promise<boolean>((done) => {
      const s = netConnect(port, '127.0.0.1');
      let buf = '';
      const finish = (v: boolean) => {
        s.destroy();
        done(v);
      };
      s.setTimeout(1000, () => finish(false));
      s.on('data', (d) => {
        buf += d.toString('latin1');
        if (buf.includes('\n')) finish(buf.startsWith('SSH-2.0'));
      });
      s.on('error', () => finish(false));
      s.on('close', () => finish(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd on port ${port} did not answer: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface SshdOptions {
  /** Directory for config, keys, pid file and the host's home-like tree. Default: a new temp dir. */
  dir?: string;
  /** Port to listen on; default: a free one. */
  port?: number;
  /** Public key lines accepted for login (authorized_keys). Default: a new client key of this server. */
  authorizedKeys?: string[];
  /** Host key type; default ed25519. */
  hostKeyType?: 'ed25519' | 'rsa' | 'ecdsa';
  /** Extra sshd_config lines. */
  extraConfig?: string[];
}

export interface SshdHost {
  port: number;
  dir: string;
  /** `SHA256:…` of the host key. */
  hostKeyFingerprint: string;
  hostPublicKey: string;
  /** The line a known_hosts file needs to trust this server: `[127.0.0.1]:port type base64`. */
  knownHostsLine: string;
  /** A client key in authorized_keys (generated unless `authorizedKeys` was given). */
  clientKeyPath: string;
  /** Kills every open connection (the per-connection sshd processes); the listener stays up. */
  killConnections(): Promise<number>;
  /** Restarts on the same port; with `newHostKey`, the host key changes (a "changed host key"). */
  restart(opts?: { newHostKey?: boolean }): Promise<void>;
  stop(): Promise<void>;
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(after[1]) === pid) out.push(Number(name));
    } catch {
      // process ended while scanning
    }
  }
  return out;
}

function descendantsOf(pid: number): number[] {
  const all: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const c of childrenOf(p)) {
      all.push(c);
      queue.push(c);
    }
  }
  return all;
}

const running = new Set<SshdHost>();

/** Starts one sshd. Stop it with `stop()` (or `stopAllSshd()` in an `after` hook). */
export async function startSshd(opts: SshdOptions = {}): Promise<SshdHost> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = resolve(opts.dir ?? tempDir('sshd-'));
  mkdirSync(dir, { recursive: true });
  const hostKeyType = opts.hostKeyType ?? 'ed25519';
  let hostKey = await makeKey(dir, `ssh_host_${hostKeyType}_key`, { type: hostKeyType });
  let clientKeyPath = '';
  const authorized: string[] = [...(opts.authorizedKeys ?? [])];
  if (!opts.authorizedKeys) {
    const client = await makeKey(dir, 'id_client');
    clientKeyPath = client.path;
    authorized.push(client.publicKey);
  }
  writeFileSync(join(dir, 'authorized_keys'), authorized.join('\n') + '\n', { mode: 0o600 });
  let port = opts.port ?? (await freePort());
  const cfgPath = join(dir, 'sshd_config');
  const writeConfig = () =>
    writeFileSync(
      cfgPath,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey.path}`,
        `PidFile ${join(dir, 'sshd.pid')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin yes',
        'PubkeyAuthentication yes',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'AllowTcpForwarding yes',
        'MaxStartups 100',
        'MaxSessions 100',
        'Subsystem sftp internal-sftp',
        'LogLevel ERROR',
        // Bash reads the login user's ~/.bashrc for a command sshd starts only as a top-level shell
        // (SHLVL unset); with SHLVL=1 it is a nested one. The lab's hosts then run commands without the
        // machine's own shell set-up, which may wait on locks of its own (a version manager's rehash)
        // long enough to time the tests out.
        'SetEnv SHLVL=1',
        ...(opts.extraConfig ?? []),
        '',
      ].join('\n'),
    );
  writeConfig();

  let proc: ChildProcess;
  let stderr = '';
  const launch = async () => {
    stderr = '';
    proc = spawn(SSHD, ['-D', '-e', '-f', cfgPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr!.on('data', (d) => {
      stderr += d.toString();
      if (stderr.length > 20000) stderr = stderr.slice(-10000);
    });
    await waitForBanner(port, 10000, proc, () => stderr);
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (e) {
      // Another process took the port meanwhile: another one, unless the caller chose it.
      if (opts.port !== undefined || attempt >= 5 || !/Address already in use/.test(String(e))) throw e;
      port = await freePort();
      writeConfig();
    }
  }

  const kill = async (p: ChildProcess) => {
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    await exited;
  };

  const host: SshdHost = {
    port,
    dir,
    hostKeyFingerprint: hostKey.fingerprint,
    hostPublicKey: hostKey.publicKey,
    knownHostsLine: knownHostsLineFor(port, hostKey.publicKey),
    clientKeyPath,
    async killConnections() {
      const kids = descendantsOf(proc.pid!);
      for (const k of kids) {
        try {
          process.kill(k, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return kids.length;
    },
    async restart(r = {}) {
      await host.killConnections();
      await kill(proc);
      if (r.newHostKey) {
        hostKey = await makeKey(dir, `ssh_host_${hostKeyType}_key`, { type: hostKeyType });
        host.hostKeyFingerprint = hostKey.fingerprint;
        host.hostPublicKey = hostKey.publicKey;
        host.knownHostsLine = knownHostsLineFor(port, hostKey.publicKey);
        writeConfig();
      }
      await launch();
    },
    async stop() {
      running.delete(host);
      await host.killConnections();
      await kill(proc);
    },
  };
  running.add(host);
  return host;
}

function knownHostsLineFor(port: number, publicKey: string): string {
  const [type, blob] = publicKey.split(/\s+/);
  return `${port === 22 ? '127.0.0.1' : `[127.0.0.1]:${port}`} ${type} ${blob}`;
}

export async function stopAllSshd(): Promise<void> {
  await Promise.all([...running].map((h) => h.stop()));
}

/** Writes (or appends to) a known_hosts file trusting the given servers. */
export function writeKnownHosts(path: string, hosts: { knownHostsLine: string }[], append = false): void {
  const text = hosts.map((h) => h.knownHostsLine).join('\n') + '\n';
  if (append && existsSync(path)) appendFileSync(path, text);
  else writeFileSync(path, text);
}

export interface SshAgent {
  socket: string;
  pid: number;
  add(keyPath: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a real ssh-agent on a socket in `dir`. */
export async function startAgent(dir: string): Promise<SshAgent> {
  const socket = join(resolve(dir), `agent-${process.pid}-${Date.now()}.sock`);
  const out = await shOk(`ssh-agent -s -a '${socket}'`);
  const m = /SSH_AGENT_PID=(\d+)/.exec(out);
  if (!m) throw new Error(`ssh-agent: unexpected output ${out}`);
  const pid = Number(m[1]);
  return {
    socket,
    pid,
    async add(keyPath) {
      await shOk(`ssh-add '${keyPath}'`, { env: { ...process.env, SSH_AUTH_SOCK: socket } });
    },
    async stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}
