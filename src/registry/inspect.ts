/**
 * Reading what a live ZooKeeper registry holds for Dubbo, directly or through an SSH tunnel to a
 * host of the registry's region (registries usually listen on a LAN address only). Read-only: the
 * registry is listed, never written.
 */
import type { Duplex } from 'node:stream';
import { hostPort } from '../core/ip';
import type { Service } from '../core/topology/model';
import type { RegistrySnapshot } from '../core/registry/check';
import { judgeEnsemble, modeOfSrvr, type EnsembleReport, type MemberAttempt, type MemberStatus } from '../core/registry/ensemble';
import type { HostSessionProvider } from '../ssh/hostSessions';
import { sshText } from '../core/sshMessages';
import { SshError } from '../ssh/errors';
import { connectError, connectTcp, ZAUTHFAILED, ZNOAUTH, ZooKeeperError, ZooKeeperSession, type ZooKeeperErrorReason } from './zookeeper';

export const DEFAULT_ZOOKEEPER_PORT = 2181;
export const DEFAULT_DUBBO_ROOT = '/dubbo';
/** Where Dubbo 3 registers application instances (Curator service discovery, `rootPath`). */
export const DEFAULT_SERVICES_ROOT = '/services';

/** One way to reach a registry: a TCP address, either straight from here or from an SSH host. */
export interface RegistryRoute {
  address: string;
  port: number;
  /** The topology host to tunnel through (its SSH target); undefined: connect from this machine. */
  via?: string;
}

/**
 * The ways to reach a registry service, best first: through SSH to each of its hosts (to the
 * host's internal IP, which ZooKeeper listens on in a LAN setup), then directly to each host's
 * external and internal IP.
 */
export function registryRoutes(registry: Service): RegistryRoute[] {
  const port = registry.port ?? DEFAULT_ZOOKEEPER_PORT;
  const out: RegistryRoute[] = [];
  for (const h of registry.hosts) out.push({ address: h.internal?.ip?.text ?? '127.0.0.1', port, via: h.id });
  for (const h of registry.hosts) {
    for (const a of [h.external?.ip?.text, h.internal?.ip?.text]) if (a) out.push({ address: a, port });
  }
  return out;
}

/** `host:port`, with brackets for IPv6. */
export function routeAddress(r: RegistryRoute): string {
  return hostPort(r.address, r.port);
}

export interface ReadOptions {
  root?: string;
  /** Dubbo 3's application-level root; empty: not read. */
  servicesRoot?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Needed for routes through SSH. */
  sessions?: HostSessionProvider;
  /** Digest credentials (`user:password`) for a registry whose znodes have ACLs. */
  digest?: string;
}

async function openStream(route: RegistryRoute, opts: ReadOptions): Promise<Duplex> {
  if (route.via === undefined) return connectTcp(route.address, route.port, { timeoutMs: opts.timeoutMs, signal: opts.signal });
  if (!opts.sessions) throw new Error(`no SSH sessions to reach ${routeAddress(route)} through ${route.via}`);
  const session = await opts.sessions(route.via, opts.signal);
  // The SSH server connects on our behalf: to an address nothing answers at, that takes as long as
  // its kernel waits. Bounded like a direct connection; a channel opened too late is closed.
  const timeoutMs = opts.timeoutMs ?? 5000;
  const opening = session.forwardOut(route.address, route.port);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      opening.then((stream) => stream.destroy(), () => undefined);
      reject(connectError('timeout', 'zookeeper/through-timeout', { address: routeAddress(route), via: route.via!, ms: timeoutMs }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([opening, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Requests in flight at once: ZooKeeper answers in order, so a pipeline keeps a tunnel busy. */
const BATCH = 256;

/** Lists `<root>/<interface>/{providers,consumers}` for every interface under the root. */
/** `/a` + `b` → `/a/b`; the root `/` too. */
function childPath(base: string, ...parts: string[]): string {
  return (base === '/' ? '' : base) + '/' + parts.join('/');
}

/** Children of each parent, `BATCH` requests in flight at a time, in the parents' order. */
async function childrenOfMany(zk: ZooKeeperSession, paths: string[]): Promise<(string[] | undefined)[]> {
  const out: (string[] | undefined)[] = [];
  for (let i = 0; i < paths.length; i += BATCH) out.push(...(await zk.getChildrenMany(paths.slice(i, i + BATCH))));
  return out;
}

/**
 * Lists `<root>/<interface>/{providers,consumers}` for every interface under the root and, unless
 * `servicesRoot` is empty, `<servicesRoot>/<application>/<instance>` (Dubbo 3).
 */
export async function readDubboRegistry(zk: ZooKeeperSession, root = DEFAULT_DUBBO_ROOT, servicesRoot = DEFAULT_SERVICES_ROOT): Promise<RegistrySnapshot> {
  const base = root.replace(/\/+$/, '') || '/';
  const names = ((await zk.getChildren(base)) ?? []).slice().sort();
  const lists = await childrenOfMany(zk, names.flatMap((n) => [childPath(base, n, 'providers'), childPath(base, n, 'consumers')]));
  const interfaces: RegistrySnapshot['interfaces'] = [];
  names.forEach((name, k) => {
    // ZooKeeper lists children in no set order: sorted, reports are stable.
    const providers = (lists[2 * k] ?? []).slice().sort();
    const consumers = (lists[2 * k + 1] ?? []).slice().sort();
    // Interface nodes without either list are other Dubbo data (configurators, routers only).
    if (providers.length > 0 || consumers.length > 0) interfaces.push({ name, providers, consumers });
  });
  const snapshot: RegistrySnapshot = { root: base, interfaces };
  const services = servicesRoot.replace(/\/+$/, '');
  if (services) {
    const apps = ((await zk.getChildren(services)) ?? []).slice().sort();
    const instances = await childrenOfMany(zk, apps.map((a) => childPath(services, a)));
    snapshot.servicesRoot = services;
    snapshot.applications = apps.map((name, k) => ({ name, instances: (instances[k] ?? []).slice().sort() })).filter((a) => a.instances.length > 0);
  }
  return snapshot;
}

/** Connects over `route`, lists the registry and closes the session. */
export async function readRegistry(route: RegistryRoute, opts: ReadOptions = {}): Promise<RegistrySnapshot> {
  const stream = await openStream(route, opts);
  const zk = await ZooKeeperSession.open(stream, { signal: opts.signal, timeoutMs: opts.timeoutMs });
  try {
    if (opts.digest !== undefined) await zk.addAuth('digest', opts.digest);
    return await readDubboRegistry(zk, opts.root, opts.servicesRoot);
  } finally {
    await zk.close();
  }
}

/**
 * Asks every member of a registry for its mode (`srvr`), the way the listing was read: through SSH to
 * the member itself when `sessions` are given, else directly at its external, then internal IP. A
 * member that answers none is `unreachable`, with what each attempt saw. Members are asked one after
 * another: each is a short exchange, and SSH sessions are shared.
 */
export async function readMemberModes(registry: Service, opts: Pick<ReadOptions, 'sessions' | 'signal' | 'timeoutMs'> = {}): Promise<EnsembleReport> {
  const members: MemberStatus[] = [];
  const routes = registryRoutes(registry).filter((r) => (r.via !== undefined) === (opts.sessions !== undefined));
  for (const host of registry.hosts) {
    const own = routes.filter((r) => (r.via !== undefined ? r.via === host.id : r.address === host.external?.ip?.text || r.address === host.internal?.ip?.text));
    const attempts: MemberAttempt[] = [];
    let status: MemberStatus | undefined;
    for (const route of own) {
      try {
        const reply = await fourLetterWord(await openStream(route, opts), 'srvr', opts.timeoutMs ?? 5000, opts.signal);
        status = { host, mode: modeOfSrvr(reply), address: routeAddress(route), via: route.via };
        if (status.mode === 'unknown') status.detail = reply.trim().slice(0, 200);
        break;
      } catch (e) {
        const ref = e instanceof ZooKeeperError || e instanceof SshError ? e.ref : undefined;
        attempts.push({ address: routeAddress(route), via: route.via, error: (e as Error).message, ...(ref ? { ref } : {}) });
      }
    }
    members.push(status ?? { host, mode: 'unreachable', attempts });
  }
  return judgeEnsemble(members);
}

/** A four-letter command left unanswered, its English message built from `ref`. */
function answerError(reason: ZooKeeperErrorReason, id: string, data: Record<string, string | number>): ZooKeeperError {
  const ref = { id, data };
  return new ZooKeeperError(reason, sshText(ref, 'en'), undefined, ref);
}

/** Sends a four-letter command on `stream` and resolves with everything ZooKeeper answers before it closes. */
function fourLetterWord(stream: Duplex, word: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const finish = (e?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.destroy();
      if (e) reject(e);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onAbort = () => finish(answerError('cancelled', 'zookeeper/word-cancelled', { word }));
    const timer = setTimeout(() => finish(chunks.length > 0 ? undefined : answerError('timeout', 'zookeeper/word-timeout', { word, ms: timeoutMs })), timeoutMs);
    stream.on('data', (d: Buffer) => chunks.push(d));
    stream.once('end', () => finish());
    stream.once('close', () => finish());
    stream.once('error', (e: Error) => finish(chunks.length > 0 ? undefined : e));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    stream.write(word);
  });
}

/** Where a registry's digest credentials are kept and how to ask for them (the editor: SecretStorage and input boxes). */
export interface RegistryCredentials {
  /** The saved `user:password`, if any. */
  saved(): Promise<string | undefined>;
  /** Asks for credentials; `refused` when the last ones were not enough. Undefined: the user declined. */
  ask(refused: boolean): Promise<string | undefined>;
  save(digest: string): Promise<void>;
  forget(): Promise<void>;
}

/** Whether a failed read asks for (other) credentials: the registry's ACLs refused the session. */
export function needsCredentials(e: unknown): boolean {
  return e instanceof ZooKeeperError && (e.zkCode === ZNOAUTH || e.zkCode === ZAUTHFAILED);
}

/**
 * Reads with the saved credentials (or none); when the registry refuses (NOAUTH, AUTHFAILED), drops
 * saved ones that failed, asks, and tries again — at most `attempts` reads. Credentials are saved
 * only once a read with them succeeded. A refusal the user does not answer is thrown as it was.
 */
export async function readWithCredentials<T>(read: (digest: string | undefined) => Promise<T>, creds: RegistryCredentials, attempts = 3): Promise<T> {
  let digest = await creds.saved();
  let fromUser = false;
  for (let n = 1; ; n++) {
    try {
      const result = await read(digest);
      if (fromUser && digest !== undefined) await creds.save(digest);
      return result;
    } catch (e) {
      if (!needsCredentials(e) || n >= attempts) throw e;
      if (digest !== undefined && !fromUser) await creds.forget();
      const next = await creds.ask(digest !== undefined);
      if (next === undefined) throw e;
      digest = next;
      fromUser = true;
    }
  }
}
