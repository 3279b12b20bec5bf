/**
 * A minimal ZooKeeper client that lists the children of znodes: enough to read what Dubbo has
 * registered (`/dubbo/<interface>/providers/<url-encoded URL>`, `.../consumers/...`), with digest
 * credentials when the registry's znodes have ACLs (Dubbo's `username`/`password`). It speaks the
 * wire protocol itself (jute records, big-endian, each packet preceded by its 4-byte length) over
 * any Duplex, so the same code reads a registry through a TCP socket or an SSH channel. Read-only
 * and short-lived: no watches, no writes, no reconnects; when the stream fails, every pending call
 * fails and the caller opens a new session.
 */
import { connect as netConnect } from 'node:net';
import type { Duplex } from 'node:stream';
import { hostPort } from '../core/ip';
import { sshText } from '../core/sshMessages';
import type { MessageRef } from '../core/types';

export type ZooKeeperErrorReason = 'timeout' | 'closed' | 'protocol' | 'server' | 'cancelled';

export class ZooKeeperError extends Error {
  override readonly name = 'ZooKeeperError';
  constructor(
    readonly reason: ZooKeeperErrorReason,
    message: string,
    /** The server's error code for `server` (e.g. -101 NONODE, -102 NOAUTH). */
    readonly zkCode?: number,
    /** What the message says, to localize (`sshMessages`), for a failure to connect. */
    readonly ref?: MessageRef,
  ) {
    super(message);
  }
}

/** A failure to connect to `address`, its English message built from `ref`. */
export function connectError(reason: ZooKeeperErrorReason, id: string, data: Record<string, string | number>): ZooKeeperError {
  const ref = { id, data };
  return new ZooKeeperError(reason, sshText(ref, 'en'), undefined, ref);
}

export interface ZooKeeperOptions {
  /** Session timeout asked for; the server clamps it to 2..20 ticks. Default 30 s. */
  sessionTimeoutMs?: number;
  /** Longest wait for the server's next packet while a call is waiting. Default 5 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

const OP_GET_CHILDREN = 8;
const OP_PING = 11;
const OP_AUTH = 100;
const OP_CLOSE_SESSION = -11;
const XID_WATCHER_EVENT = -1;
const XID_PING = -2;
const XID_AUTH = -4;
const ZNONODE = -101;
export const ZNOAUTH = -102;
export const ZAUTHFAILED = -115;
/** Far above any sane listing (the server's own default limit, jute.maxbuffer, is about 1 MiB). */
const MAX_FRAME = 64 * 1024 * 1024;
const CODE_NAMES: Record<number, string> = { [-4]: 'CONNECTIONLOSS', [-7]: 'OPERATIONTIMEOUT', [-8]: 'BADARGUMENTS', [-101]: 'NONODE', [-102]: 'NOAUTH', [-112]: 'SESSIONEXPIRED', [-115]: 'AUTHFAILED' };

/** Reads jute fields from one packet; running off its end is a protocol error. */
class Reader {
  private at = 0;
  constructor(private readonly b: Buffer) {}
  private take(n: number): Buffer {
    if (n < 0 || this.at + n > this.b.length) throw new ZooKeeperError('protocol', `malformed ZooKeeper reply: ${this.b.length}-byte packet ends before a ${n}-byte field at ${this.at}`);
    return this.b.subarray(this.at, (this.at += n));
  }
  int(): number {
    return this.take(4).readInt32BE(0);
  }
  long(): bigint {
    return this.take(8).readBigInt64BE(0);
  }
  /** A jute buffer or ustring; length -1 is null. */
  bytes(): Buffer | undefined {
    const n = this.int();
    return n === -1 ? undefined : this.take(n);
  }
  /** A vector<ustring>; a null vector or string reads as empty. */
  strings(): string[] {
    const out: string[] = [];
    for (let n = this.int(); n > 0; n--) out.push(this.bytes()?.toString('utf8') ?? '');
    return out;
  }
}

/** A request packet: length, RequestHeader {xid, type}, then the request record. */
function requestPacket(xid: number, op: number, record = Buffer.alloc(0)): Buffer {
  const b = Buffer.alloc(12 + record.length);
  b.writeInt32BE(8 + record.length, 0);
  b.writeInt32BE(xid, 4);
  b.writeInt32BE(op, 8);
  record.copy(b, 12);
  return b;
}

/**
 * The ConnectRequest packet of a new session: protocolVersion 0, lastZxidSeen 0, timeOut,
 * sessionId 0, passwd (16 zero bytes), readOnly false. Exported for tests.
 */
export function encodeConnectRequest(sessionTimeoutMs: number): Buffer {
  const b = Buffer.alloc(4 + 45);
  b.writeInt32BE(45, 0);
  b.writeInt32BE(sessionTimeoutMs, 16);
  b.writeInt32BE(16, 28);
  return b;
}

/** A getChildren request: path as a ustring, watch false. Exported for tests. */
export function encodeGetChildren(xid: number, path: string): Buffer {
  const p = Buffer.from(path, 'utf8');
  const record = Buffer.alloc(4 + p.length + 1);
  record.writeInt32BE(p.length, 0);
  p.copy(record, 4);
  return requestPacket(xid, OP_GET_CHILDREN, record);
}

/** An AuthPacket {type 0, scheme, auth} with the auth request header. Exported for tests. */
export function encodeAuth(scheme: string, auth: string): Buffer {
  const s = Buffer.from(scheme, 'utf8');
  const a = Buffer.from(auth, 'utf8');
  const record = Buffer.alloc(12 + s.length + a.length);
  record.writeInt32BE(s.length, 4);
  s.copy(record, 8);
  record.writeInt32BE(a.length, 8 + s.length);
  a.copy(record, 12 + s.length);
  return requestPacket(XID_AUTH, OP_AUTH, record);
}

interface Waiter {
  resolve(r: Reader): void;
  reject(e: ZooKeeperError): void;
}

export class ZooKeeperSession {
  /** Negotiated by the server; pings go out every third of it. */
  sessionTimeoutMs = 0;
  sessionId = 0n;
  private readonly pending = new Map<number, Waiter>();
  /** The ConnectResponse has no reply header: the first packet goes here. */
  private connecting?: Waiter;
  /** Auth replies carry the fixed xid -4: one at a time. */
  private authenticating?: Waiter;
  private nextXid = 1;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private frameLength = -1;
  private ended?: ZooKeeperError;
  private closing?: Promise<void>;
  private watchdog?: NodeJS.Timeout;
  private pinger?: NodeJS.Timeout;
  private readonly onAbort = () => this.end(new ZooKeeperError('cancelled', 'ZooKeeper session cancelled'));

  private constructor(
    private readonly stream: Duplex,
    private readonly signal: AbortSignal | undefined,
    private readonly timeoutMs: number,
  ) {
    stream.on('data', (d: Buffer) => this.onData(d));
    stream.on('error', (e: Error) => this.end(new ZooKeeperError('closed', `connection to ZooKeeper failed: ${e.message}`)));
    for (const event of ['end', 'close']) stream.on(event, () => this.end(this.closedByServer()));
  }

  /** Starts a session on a connected stream; the session owns the stream from then on. */
  static open(stream: Duplex, opts: ZooKeeperOptions = {}): Promise<ZooKeeperSession> {
    const s = new ZooKeeperSession(stream, opts.signal, opts.timeoutMs ?? 5000);
    if (opts.signal?.aborted) {
      s.onAbort();
      return Promise.reject(s.ended);
    }
    opts.signal?.addEventListener('abort', s.onAbort, { once: true });
    return new Promise<ZooKeeperSession>((resolve, reject) => {
      s.connecting = { resolve: () => resolve(s), reject };
      s.arm();
      s.send(encodeConnectRequest(opts.sessionTimeoutMs ?? 30_000));
    });
  }

  /** Names of the children of `path`, in the server's order (unsorted); undefined when the node does not exist. */
  async getChildren(path: string): Promise<string[] | undefined> {
    return (await this.getChildrenMany([path]))[0];
  }

  /**
   * Several getChildren at once, results in the order of `paths`: every request is written before
   * any reply is awaited, so a listing of hundreds of nodes costs one round trip, not hundreds.
   */
  getChildrenMany(paths: string[]): Promise<(string[] | undefined)[]> {
    const calls = paths.map((path) => this.request(OP_GET_CHILDREN, (xid) => encodeGetChildren(xid, path)));
    if (calls.length) this.send(Buffer.concat(calls.map((c) => c.packet)));
    return Promise.all(
      calls.map(async ({ reply }, i) => {
        const r = await reply;
        const err = r.int();
        if (err === ZNONODE) return undefined;
        if (err !== 0) throw new ZooKeeperError('server', `ZooKeeper getChildren ${paths[i]}: ${CODE_NAMES[err] ?? 'error'} (${err})`, err);
        return r.strings();
      }),
    );
  }

  /**
   * Adds credentials to the session (`digest` with `user:password`, as Dubbo's registry `username`
   * and `password` do). Resolves when the server accepts them; rejects `server` with AUTHFAILED when
   * it refuses (the server then closes the session).
   */
  addAuth(scheme: string, auth: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.ended || this.closing) return reject(this.afterEnd());
      if (this.authenticating) return reject(new ZooKeeperError('protocol', 'another addAuth is waiting for its answer'));
      this.authenticating = {
        resolve: (r) => {
          const err = r.int();
          if (err === 0) resolve();
          else reject(new ZooKeeperError('server', `ZooKeeper refused the ${scheme} credentials: ${CODE_NAMES[err] ?? 'error'} (${err})`, err));
        },
        reject,
      };
      this.arm();
      this.send(encodeAuth(scheme, auth));
    });
  }

  /** Ends the session on the server (waiting at most the timeout for its answer) and the stream. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (!this.ended) {
        const { packet, reply } = this.request(OP_CLOSE_SESSION, (xid) => requestPacket(xid, OP_CLOSE_SESSION));
        this.send(packet);
        await reply.catch(() => undefined);
      }
      this.end(new ZooKeeperError('closed', 'ZooKeeper session is closed'), true);
    })();
    return this.closing;
  }

  /** Registers a call: its packet (to send) and its reply positioned after the xid and zxid. */
  private request(op: number, encode: (xid: number) => Buffer): { packet: Buffer; reply: Promise<Reader> } {
    const xid = this.nextXid++;
    const reply = new Promise<Reader>((resolve, reject) => {
      if (this.ended || (this.closing && op !== OP_CLOSE_SESSION)) return reject(this.afterEnd());
      this.pending.set(xid, { resolve, reject });
      this.arm();
    });
    return { packet: encode(xid), reply };
  }

  private send(packet: Buffer): void {
    if (!this.ended && this.stream.writable) this.stream.write(packet);
  }

  /** While anything waits, the server must send a packet at least every timeoutMs. */
  private arm(): void {
    if (this.pending.size === 0 && !this.connecting && !this.authenticating) {
      clearTimeout(this.watchdog);
      this.watchdog = undefined;
    } else if (this.watchdog) this.watchdog.refresh();
    else this.watchdog = setTimeout(() => this.end(new ZooKeeperError('timeout', `ZooKeeper did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.ended) {
      if (this.frameLength < 0) {
        if (this.buffered < 4) return;
        const n = this.take(4).readInt32BE(0);
        if (n < 0 || n > MAX_FRAME) return this.end(new ZooKeeperError('protocol', `malformed ZooKeeper packet: length ${n} (not a ZooKeeper server, or a corrupted stream)`));
        this.frameLength = n;
      }
      if (this.buffered < this.frameLength) return;
      const frame = this.take(this.frameLength);
      this.frameLength = -1;
      try {
        this.onFrame(new Reader(frame));
      } catch (e) {
        this.end(e instanceof ZooKeeperError ? e : new ZooKeeperError('protocol', String(e)));
      }
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    this.chunks = all.length > n ? [all.subarray(n)] : [];
    this.buffered -= n;
    return all.subarray(0, n);
  }

  private onFrame(r: Reader): void {
    if (this.connecting) return this.onConnectResponse(r, this.connecting);
    const xid = r.int();
    r.long(); // zxid
    if (xid === XID_PING || xid === XID_WATCHER_EVENT) return;
    if (xid === XID_AUTH && this.authenticating) {
      const w = this.authenticating;
      this.authenticating = undefined;
      this.arm();
      return w.resolve(r);
    }
    const w = this.pending.get(xid);
    if (!w) throw new ZooKeeperError('protocol', `malformed ZooKeeper reply: unexpected xid ${xid}`);
    this.pending.delete(xid);
    this.arm();
    w.resolve(r);
  }

  private onConnectResponse(r: Reader, w: Waiter): void {
    r.int(); // protocolVersion
    this.sessionTimeoutMs = r.int();
    this.sessionId = r.long();
    r.bytes(); // passwd: only needed to resume the session elsewhere
    // A readOnly byte may follow (absent from servers before 3.4): not needed here.
    if (this.sessionTimeoutMs <= 0) return this.end(new ZooKeeperError('closed', 'ZooKeeper refused the session (negotiated timeout 0)'));
    this.connecting = undefined;
    this.arm();
    this.pinger = setInterval(() => this.send(requestPacket(XID_PING, OP_PING)), Math.max(100, this.sessionTimeoutMs / 3));
    this.pinger.unref();
    w.resolve(r);
  }

  private closedByServer(): ZooKeeperError {
    const mid = this.buffered > 0 || this.frameLength >= 0 ? ' in the middle of a packet' : '';
    return new ZooKeeperError('closed', `ZooKeeper closed the connection${mid}`);
  }

  private afterEnd(): ZooKeeperError {
    const e = this.ended;
    if (e?.reason === 'cancelled') return e;
    return new ZooKeeperError('closed', !e || this.closing ? 'ZooKeeper session is closed' : `ZooKeeper session is closed: ${e.message}`);
  }

  /** Fails whatever waits with `e`, stops the timers and ends the stream. */
  private end(e: ZooKeeperError, graceful = false): void {
    if (this.ended) return;
    this.ended = e;
    clearTimeout(this.watchdog);
    clearInterval(this.pinger);
    this.signal?.removeEventListener('abort', this.onAbort);
    const waiters = [...(this.connecting ? [this.connecting] : []), ...(this.authenticating ? [this.authenticating] : []), ...this.pending.values()];
    this.connecting = undefined;
    this.authenticating = undefined;
    this.pending.clear();
    for (const w of waiters) w.reject(e);
    if (graceful) this.stream.end();
    this.stream.destroy();
  }
}

/** A TCP connection to host:port, bounded by timeoutMs (default 5 s); errors name the address. */
export function connectTcp(host: string, port: number, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<Duplex> {
  const where = hostPort(host, port);
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host, port });
    const done = (e?: ZooKeeperError) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      sock.off('error', onError);
      if (!e) return resolve(sock.setNoDelay(true));
      sock.destroy();
      reject(e);
    };
    const onError = (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') return done(connectError('closed', 'zookeeper/refused', { address: where, errno: e.code }));
      if (e.code === 'ENOTFOUND') return done(connectError('closed', 'zookeeper/unresolved', { address: where, errno: e.code }));
      done(connectError('closed', 'zookeeper/failed', { address: where, detail: `${e.message}${e.code && !e.message.includes(e.code) ? ` (${e.code})` : ''}` }));
    };
    const onAbort = () => done(new ZooKeeperError('cancelled', `connecting to ZooKeeper at ${where} cancelled`));
    const timer = setTimeout(() => done(connectError('timeout', 'zookeeper/timeout', { address: where, ms: timeoutMs })), timeoutMs);
    sock.once('connect', () => done());
    sock.on('error', onError);
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
