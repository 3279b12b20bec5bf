/**
 * A real ZooKeeper (the Debian package) on a loopback port for tests: each `startLocalZooKeeper`
 * runs its own standalone server with a throwaway data directory; `registerZnodes` writes znodes
 * into it with another client (node-zookeeper-client), as Dubbo processes would.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './sshd';

/** The Debian package's start script. */
export const ZK_SERVER = '/usr/share/zookeeper/bin/zkServer.sh';

/**
 * A standalone server's zoo.cfg in `dir` (data under `dir/data`, `ruok` allowed, no admin server)
 * listening on `address:port`, and the environment that starts it small and quick.
 */
export function writeZooKeeperConfig(dir: string, address: string, port: number, extra: string[] = []): { config: string; env: NodeJS.ProcessEnv } {
  const config = join(dir, 'zoo.cfg');
  writeFileSync(
    config,
    [
      'tickTime=2000',
      'initLimit=5',
      'syncLimit=2',
      `dataDir=${join(dir, 'data')}`,
      `clientPort=${port}`,
      `clientPortAddress=${address}`,
      'admin.enableServer=false',
      '4lw.commands.whitelist=ruok,srvr',
      ...extra,
      '',
    ].join('\n'),
  );
  return { config, env: { ...process.env, ZOOCFGDIR: dir, ZOO_LOG_DIR: dir, JVMFLAGS: '-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1' } };
}

export interface LocalZooKeeper {
  host: string;
  port: number;
  /** Kills the server and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

/** Why a local ZooKeeper cannot run here, or undefined. In CI, missing tools are errors, not skips. */
export function zooKeeperSkipReason(): string | undefined {
  const ci = process.env.CI;
  const strict = !!ci && ci !== 'false' && ci !== '0';
  const missing: string[] = [];
  if (!existsSync(ZK_SERVER)) missing.push(ZK_SERVER);
  if (spawnSync('sh', ['-c', 'command -v java'], { stdio: 'ignore' }).status !== 0) missing.push('java');
  if (missing.length === 0 || strict) return undefined;
  return `a local ZooKeeper needs ${missing.join(' and ')} (install with scripts/setup-system.sh)`;
}

/** Sends `ruok` and resolves with the reply ('' when nothing listens yet). */
function ruok(port: number, host = '127.0.0.1'): Promise<string> {
  return fourLetterWord(port, 'ruok', host);
}

/** Sends a four-letter command to a server and resolves with its reply ('' when nothing listens). */
export function askZooKeeper(zk: Pick<LocalZooKeeper, 'host' | 'port'>, word: string): Promise<string> {
  return fourLetterWord(zk.port, word, zk.host);
}

/** Polls `check` every 250 ms until it holds; fails after 60 s, with `last()` (what was seen) in the message. */
export async function pollUntil(what: string, check: () => Promise<boolean>, last: () => Promise<unknown> = async () => undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} within 60 s; last seen: ${JSON.stringify(await last())}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function fourLetterWord(port: number, word: string, host = '127.0.0.1'): Promise<string> {
  return new Promise((done) => {
    const s = netConnect(port, host);
    let reply = '';
    const timer = setTimeout(() => s.destroy(), 1000);
    s.on('connect', () => s.end(word));
    s.on('data', (d: Buffer) => (reply += d.toString()));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(timer);
      done(reply);
    });
  });
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts a standalone ZooKeeper on 127.0.0.1 and a free port; resolves once it answers `imok` (30 s at
 * most). A server that exits at once is started again on another port, twice at most: the port was
 * free when picked, but another process (the browser of an editor test, say) may take it before the
 * JVM binds it, and the Debian package's logger prints nothing of why.
 */
export async function startLocalZooKeeper(): Promise<LocalZooKeeper> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(await freePort());
    } catch (e) {
      if (attempt >= 3 || !(e instanceof ExitedEarly)) throw e;
    }
  }
}

/**
 * Where a member of an ensemble stands, from `srvr`: `leader`, `follower`, `standalone`, `not serving`
 * (running without a quorum: "This ZooKeeper instance is not currently serving requests"), or '' when
 * nothing answers.
 */
export async function zooKeeperMode(zk: Pick<LocalZooKeeper, 'host' | 'port'>): Promise<string> {
  const reply = await askZooKeeper(zk, 'srvr');
  if (reply.includes('not currently serving')) return 'not serving';
  return /^Mode: (\S+)/m.exec(reply)?.[1] ?? '';
}

/**
 * Starts an ensemble of `size` ZooKeeper servers on 127.0.0.1, or on `addresses` (each its own client, quorum and
 * election port, and `myid`); resolves once every member answers `ruok` — not yet once they have
 * elected a leader (see zooKeeperMode).
 */
export async function startZooKeeperEnsemble(size: number, opts: { addresses?: string[] } = {}): Promise<LocalZooKeeper[]> {
  // Given loopback addresses (127.0.1.2, …), every member listens on its own, all on one client port,
  // as the members of a real ensemble do on their hosts.
  const common = opts.addresses ? await freePort() : undefined;
  const ports = [];
  for (let i = 0; i < size; i++) ports.push({ client: common ?? (await freePort()), quorum: await freePort(), election: await freePort() });
  const address = (i: number) => opts.addresses?.[i] ?? '127.0.0.1';
  const servers = ports.map((p, i) => `server.${i + 1}=${address(i)}:${p.quorum}:${p.election}`);
  const members: LocalZooKeeper[] = [];
  try {
    for (const [i, p] of ports.entries()) members.push(await startOnce(p.client, servers, i + 1, address(i)));
  } catch (e) {
    for (const m of members) await m.stop();
    throw e;
  }
  return members;
}

class ExitedEarly extends Error {}

async function standaloneServing(port: number, host: string): Promise<boolean> {
  return /^Mode: standalone/m.test(await fourLetterWord(port, 'srvr', host));
}

/**
 * The servers to kill when the test process is interrupted (SIGINT, SIGTERM): Node then exits without
 * its 'exit' event, and the servers run in their own process groups, so they would outlive it. One
 * handler for all; it kills them, then lets the signal end the process as it would have.
 */
const onSignal = new Set<() => void>();
let signalsWatched = false;

function stopOnSignal(kill: () => void): void {
  if (!signalsWatched) {
    signalsWatched = true;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.once(sig, () => {
        for (const k of onSignal) k();
        process.kill(process.pid, sig);
      });
    }
  }
  onSignal.add(kill);
}

/**
 * A started server's process group, killed if the test process exits or is interrupted first;
 * `end` stops it (SIGTERM, then SIGKILL after 5 s) and waits for it.
 */
function guarded(child: ChildProcess): { running(): boolean; end(): Promise<void> } {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const running = () => child.exitCode === null && child.signalCode === null;
  const killNow = () => child.pid !== undefined && running() && killGroup(child.pid, 'SIGKILL');
  process.once('exit', killNow);
  stopOnSignal(killNow);
  const end = async (): Promise<void> => {
    process.removeListener('exit', killNow);
    onSignal.delete(killNow);
    if (child.pid !== undefined && running()) {
      killGroup(child.pid, 'SIGTERM');
      const hard = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(hard);
    }
  };
  return { running, end };
}

async function startOnce(port: number, servers: string[] = [], myid?: number, address = '127.0.0.1'): Promise<LocalZooKeeper> {
  const dir = mkdtempSync(join(tmpdir(), 'dt-zk-'));
  const { config, env } = writeZooKeeperConfig(dir, address, port, servers);
  if (myid !== undefined) {
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'myid'), `${myid}\n`);
  }
  // Its own process group, so stop() also ends anything the script started.
  const child = spawn(ZK_SERVER, ['start-foreground', config], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  child.on('error', (e) => (out += `\n${String(e)}\n`));
  const { running, end } = guarded(child);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await end();
    rmSync(dir, { recursive: true, force: true });
  };

  const logTail = (): string => {
    const logs = readdirSync(dir).filter((f) => f.endsWith('.log') || f.endsWith('.out'));
    const files = logs.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    return `${out}\n${files}`.trim().slice(-3000);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    // `ruok` answers as soon as the server runs; a standalone server still says "not currently
    // serving requests" until its database is loaded, so wait for that too (members wait for a leader).
    if ((await ruok(port, address)) === 'imok' && (servers.length > 0 || (await standaloneServing(port, address)))) return { host: address, port, stop };
    if (!running() || Date.now() > deadline) {
      const early = !running();
      const why = early ? `(exited ${child.exitCode ?? child.signalCode})` : 'within 30 s';
      const tail = logTail();
      await stop();
      throw new (early ? ExitedEarly : Error)(`ZooKeeper did not answer ruok on ${address}:${port} ${why}:\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The part of node-zookeeper-client the tests use (it ships no types). */
interface ZkClientModule {
  createClient(connectionString: string, opts?: { sessionTimeout?: number }): {
    connect(): void;
    close(): void;
    once(event: 'connected', cb: () => void): void;
    mkdirp(path: string, data: Buffer | null, acls: unknown[], mode: number, cb: (e: Error | null) => void): void;
    addAuthInfo(scheme: string, auth: Buffer): void;
    create(path: string, data: Buffer | null, acls: unknown[], mode: number, cb: (e: Error | null) => void): void;
  };
  ACL: new (permission: number, id: unknown) => unknown;
  Id: new (scheme: string, id: string) => unknown;
  Permission: { ALL: number };
  CreateMode: { PERSISTENT: number };
}

/**
 * Creates each znode (persistent, empty) with any missing parents. With `digest` (`user:password`)
 * the nodes and the parents created for them are open to that user alone, as Dubbo's registry
 * `username`/`password` leave them, so an anonymous read gets NOAUTH.
 */
export async function registerZnodes(zk: Pick<LocalZooKeeper, 'host' | 'port'>, paths: string[], opts: { digest?: string } = {}): Promise<void> {
  const lib = createRequire(__filename)('node-zookeeper-client') as ZkClientModule;
  const client = lib.createClient(`${zk.host}:${zk.port}`, { sessionTimeout: 10_000 });
  const call = (fn: (cb: (e: Error | null) => void) => void) => new Promise<void>((ok, fail) => fn((e) => (e ? fail(e) : ok())));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`node-zookeeper-client did not connect to ${zk.host}:${zk.port} within 10 s`)), 10_000);
    client.once('connected', () => {
      clearTimeout(timer);
      ok();
    });
    client.connect();
  });
  try {
    const [user] = (opts.digest ?? '').split(':');
    const id = opts.digest ? new lib.Id('digest', `${user}:${createHash('sha1').update(opts.digest).digest('base64')}`) : new lib.Id('world', 'anyone');
    if (opts.digest) client.addAuthInfo('digest', Buffer.from(opts.digest));
    const acls = [new lib.ACL(lib.Permission.ALL, id)];
    for (const path of paths) {
      const parent = path.slice(0, path.lastIndexOf('/'));
      if (parent) await call((cb) => client.mkdirp(parent, null, acls, lib.CreateMode.PERSISTENT, cb));
      await call((cb) => client.create(path, null, acls, lib.CreateMode.PERSISTENT, cb));
    }
  } finally {
    client.close();
  }
}

/** The dynamic file of `dynamicZooKeeperConfig`, named as ZooKeeper names one (version 0x100000000). */
export const DYNAMIC_FILE = 'zoo.cfg.dynamic.100000000';

export interface DynamicZooKeeperConfig {
  dir: string;
  /** The client port. */
  port: number;
  env: NodeJS.ProcessEnv;
  /** The texts written: zoo.cfg and the dynamic file. */
  static: string;
  dynamic: string;
}

/**
 * A member's configuration split the ZooKeeper 3.5+ way, in a fresh directory (the caller removes it):
 * zoo.cfg, with the settings of `writeZooKeeperConfig`, `dynamicConfigFile=` naming the dynamic file
 * and `staticExtra`; the dynamic file, with an ensemble of two on 127.0.0.1 (this member is server.1,
 * with a `myid`) and `dynamicExtra`.
 */
export async function dynamicZooKeeperConfig(staticExtra: string[] = [], dynamicExtra: string[] = []): Promise<DynamicZooKeeperConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'dt-zk-'));
  const port = await freePort();
  const { config, env } = writeZooKeeperConfig(dir, '127.0.0.1', port, [`dynamicConfigFile=${join(dir, DYNAMIC_FILE)}`, ...staticExtra]);
  mkdirSync(join(dir, 'data'), { recursive: true });
  writeFileSync(join(dir, 'data', 'myid'), '1\n');
  const servers: string[] = [];
  for (const id of [1, 2]) servers.push(`server.${id}=127.0.0.1:${await freePort()}:${await freePort()}:participant`);
  const dynamic = [...servers, ...dynamicExtra, ''].join('\n');
  writeFileSync(join(dir, DYNAMIC_FILE), dynamic);
  return { dir, port, env, static: readFileSync(config, 'utf8'), dynamic };
}

/**
 * Starts ZooKeeper on the configuration in `c.dir` as written now: 'started' once it answers ruok
 * (it is then stopped), else its exit code (2 for "Invalid config, exiting abnormally"). With
 * `settleMs`, a server that answers is watched that long more, and its exit code is the answer when
 * it exits meanwhile (14 when it cannot bind its election address: the client port answers first).
 */
export async function zooKeeperStartsOn(c: Pick<DynamicZooKeeperConfig, 'dir' | 'port' | 'env'>, opts: { settleMs?: number } = {}): Promise<'started' | number | string> {
  const child = spawn(ZK_SERVER, ['start-foreground', join(c.dir, 'zoo.cfg')], { env: c.env, cwd: c.dir, stdio: 'ignore', detached: true });
  const { running, end } = guarded(child);
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      if ((await ruok(c.port)) === 'imok') {
        const settled = Date.now() + (opts.settleMs ?? 0);
        while (running() && Date.now() < settled) await new Promise((r) => setTimeout(r, 200));
        return running() ? 'started' : (child.exitCode ?? String(child.signalCode));
      }
      if (!running()) return child.exitCode ?? String(child.signalCode);
      if (Date.now() > deadline) throw new Error(`ZooKeeper neither answered ruok on 127.0.0.1:${c.port} nor exited within 30 s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await end();
  }
}
