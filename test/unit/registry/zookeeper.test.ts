/**
 * The ZooKeeper reader: its packets byte for byte, its framing against a scripted server on a fake
 * stream (1-byte chunks, packets glued together, cut, oversized, silent), and the real thing: a
 * standalone ZooKeeper 3.8 holding a Dubbo layout written by another client, read directly and
 * through an SSH tunnel.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { connectTcp, encodeAuth, encodeConnectRequest, encodeGetChildren, ZooKeeperError, ZooKeeperSession, type ZooKeeperErrorReason } from '../../../src/registry/zookeeper';
import { connect } from '../../../src/ssh/connection';
import type { Prompter } from '../../../src/ssh/types';
import { freePort, startSshd, tempDir, writeKnownHosts } from '../../support/sshd';
import { registerZnodes, startLocalZooKeeper, zooKeeperSkipReason, type LocalZooKeeper } from '../../support/zookeeper';

// Jute written by hand, independently of the module under test.
const int = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const long = (v: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
};
const ustring = (s: string) => Buffer.concat([int(Buffer.byteLength(s)), Buffer.from(s)]);
const frame = (...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([int(body.length), body]);
};
const connectResponse = (timeoutMs = 30_000) => frame(int(0), int(timeoutMs), long(0x1234n), int(16), Buffer.alloc(16, 7), Buffer.from([0]));
const reply = (xid: number, err: number, ...body: Buffer[]) => frame(int(xid), long(42n), int(err), ...body);
const childrenReply = (xid: number, names: string[]) => reply(xid, 0, int(names.length), ...names.map(ustring));

interface Request {
  xid: number;
  type: number;
  path?: string;
}

/**
 * A scripted ZooKeeper on the other end of a Duplex: decodes what the session writes, asks
 * `answer` what to send back for each request (undefined = stay silent) and delivers it in chunks
 * of `chunk` bytes (default: every reply to one write in a single chunk).
 */
class FakeZooKeeper {
  readonly writes: Buffer[] = [];
  readonly requests: Request[] = [];
  /** Sizes of the chunks the session's stream delivered. */
  readonly chunksSeen: number[] = [];
  connectRequest?: Buffer;
  readonly stream: Duplex;
  private inbox = Buffer.alloc(0);

  constructor(
    private readonly opts: {
      tree?: Record<string, string[]>;
      connect?: () => Buffer | undefined;
      answer?: (req: Request) => Buffer | undefined;
      chunk?: number;
    } = {},
  ) {
    this.stream = new Duplex({
      read() {},
      write: (data: Buffer, _enc, cb) => {
        this.received(data);
        cb();
      },
    });
    this.stream.on('data', (d: Buffer) => this.chunksSeen.push(d.length));
  }

  private received(data: Buffer): void {
    this.writes.push(data);
    this.inbox = Buffer.concat([this.inbox, data]);
    const out: Buffer[] = [];
    while (this.inbox.length >= 4 && this.inbox.length >= 4 + this.inbox.readInt32BE(0)) {
      const body = this.inbox.subarray(4, 4 + this.inbox.readInt32BE(0));
      this.inbox = this.inbox.subarray(4 + body.length);
      if (!this.connectRequest) {
        this.connectRequest = body;
        const r = this.opts.connect ? this.opts.connect() : connectResponse();
        if (r) out.push(r);
        continue;
      }
      const req: Request = { xid: body.readInt32BE(0), type: body.readInt32BE(4) };
      if (req.type === 8) req.path = body.subarray(12, 12 + body.readInt32BE(8)).toString();
      this.requests.push(req);
      const r = this.opts.answer ? this.opts.answer(req) : this.defaultAnswer(req);
      if (r) out.push(r);
    }
    if (out.length) setImmediate(() => this.send(Buffer.concat(out)));
  }

  private defaultAnswer(req: Request): Buffer | undefined {
    if (req.type === 11) return reply(-2, 0);
    if (req.type === -11) return reply(req.xid, 0);
    const names = this.opts.tree?.[req.path!];
    return names ? childrenReply(req.xid, names) : reply(req.xid, -101);
  }

  /** Pushes bytes to the session, `chunk` at a time. */
  send(bytes: Buffer): void {
    const size = this.opts.chunk ?? bytes.length;
    for (let i = 0; i < bytes.length; i += size) this.stream.push(bytes.subarray(i, i + size));
  }
}

async function rejectsWith(p: Promise<unknown>, reason: ZooKeeperErrorReason, message?: RegExp): Promise<ZooKeeperError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ZooKeeperError, `expected ZooKeeperError, got ${String(e)}`);
    assert.equal(e.reason, reason, e.message);
    if (message) assert.match(e.message, message);
    return e;
  }
  assert.fail(`expected a ZooKeeperError '${reason}'`);
}

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const TREE = { '/dubbo': ['com.example.OrderService', 'com.example.UserService'], '/dubbo/com.example.OrderService/providers': ['dubbo%3A%2F%2F10.0.0.1%3A20880'] };

describe('ZooKeeper packets', () => {
  test('ConnectRequest: version 0, no zxid, the timeout, session 0, 16 zero password bytes, not read-only', () => {
    const expected = hex(`0000002d
      00000000 0000000000000000 00007530 0000000000000000
      00000010 00000000000000000000000000000000
      00`);
    assert.deepEqual(encodeConnectRequest(30_000), expected);
  });

  test('getChildren: xid, op 8, the path as a UTF-8 ustring, watch false', () => {
    assert.deepEqual(encodeGetChildren(1, '/dubbo'), hex('00000013 00000001 00000008 00000006 2f647562626f 00'));
    // The length counts bytes, not characters.
    assert.deepEqual(encodeGetChildren(0x01020304, '/ü'), hex('00000010 01020304 00000008 00000003 2fc3bc 00'));
    // AuthPacket: xid -4, type 100 (auth), then {int type 0, ustring scheme, buffer auth}.
    assert.deepEqual(encodeAuth('digest', 'ops:secret'), hex('00000024 fffffffc 00000064 00000000 00000006 646967657374 0000000a 6f70733a736563726574'));
  });

  test('what the session writes: the ConnectRequest, then requests with increasing xids, then closeSession', async () => {
    const zk = new FakeZooKeeper({ tree: TREE });
    const s = await ZooKeeperSession.open(zk.stream, { sessionTimeoutMs: 12_000 });
    assert.deepEqual(zk.writes[0], encodeConnectRequest(12_000));
    assert.equal(s.sessionTimeoutMs, 30_000);
    assert.equal(s.sessionId, 0x1234n);
    assert.deepEqual(await s.getChildren('/dubbo'), TREE['/dubbo']);
    assert.deepEqual(zk.writes[1], encodeGetChildren(1, '/dubbo'));
    await s.getChildren('/dubbo');
    assert.deepEqual(zk.writes[2], encodeGetChildren(2, '/dubbo'));
    await s.close();
    assert.deepEqual(zk.writes[3], hex('00000008 00000003 fffffff5'));
    assert.ok(zk.stream.destroyed);
  });
});

describe('ZooKeeper session against a scripted server', () => {
  test('replies arriving one byte at a time', async () => {
    const zk = new FakeZooKeeper({ tree: TREE, chunk: 1 });
    const s = await ZooKeeperSession.open(zk.stream);
    assert.deepEqual(await s.getChildrenMany(['/dubbo', '/nope', '/dubbo/com.example.OrderService/providers']), [TREE['/dubbo'], undefined, ['dubbo%3A%2F%2F10.0.0.1%3A20880']]);
    assert.ok(zk.chunksSeen.length > 100 && zk.chunksSeen.every((n) => n === 1));
    await s.close();
  });

  test('several packets in one chunk: the ConnectResponse with a ping reply, replies with a watcher event', async () => {
    const zk = new FakeZooKeeper({
      connect: () => Buffer.concat([connectResponse(), reply(-2, 0)]),
      answer: (req) => {
        if (req.type === -11) return reply(req.xid, 0);
        if (req.xid === 2) return Buffer.concat([childrenReply(1, ['a']), reply(-1, 0, int(4), int(3), ustring('/x')), childrenReply(2, ['b', 'c'])]);
      },
    });
    const s = await ZooKeeperSession.open(zk.stream);
    assert.deepEqual(await s.getChildrenMany(['/1', '/2']), [['a'], ['b', 'c']]);
    assert.equal(zk.chunksSeen.length, 2);
    assert.equal(zk.chunksSeen[0], connectResponse().length + 20);
    await s.close();
  });

  test('getChildrenMany writes every request before awaiting any reply', async () => {
    const held: Request[] = [];
    const zk = new FakeZooKeeper({
      answer: (req) => {
        if (req.type !== 8) return reply(req.xid, 0);
        held.push(req);
        return held.length === 3 ? Buffer.concat(held.map((r) => childrenReply(r.xid, [r.path!]))) : undefined;
      },
    });
    const s = await ZooKeeperSession.open(zk.stream);
    assert.deepEqual(await s.getChildrenMany(['/a', '/b', '/c']), [['/a'], ['/b'], ['/c']]);
    assert.equal(zk.writes.length, 2, 'the three requests went out in one write');
    assert.deepEqual(await s.getChildrenMany([]), []);
    await s.close();
  });

  test('addAuth: the answer with xid -4 resolves it; AUTHFAILED rejects with the code', async () => {
    let auths = 0;
    const zk = new FakeZooKeeper({ tree: TREE, answer: (req): Buffer | undefined => (req.type === 100 ? reply(-4, ++auths === 1 ? 0 : -115) : undefined) });
    const s = await ZooKeeperSession.open(zk.stream);
    await s.addAuth('digest', 'ops:secret');
    assert.deepEqual(zk.writes[1], encodeAuth('digest', 'ops:secret'));
    const e = await rejectsWith(s.addAuth('digest', 'ops:wrong'), 'server', /refused the digest credentials: AUTHFAILED \(-115\)/);
    assert.equal(e.zkCode, -115);
    await s.close();
  });

  test('addAuth: a server that never answers times out; a closed session rejects at once', async () => {
    const zk = new FakeZooKeeper({ answer: () => undefined });
    const s = await ZooKeeperSession.open(zk.stream, { timeoutMs: 150 });
    await rejectsWith(s.addAuth('digest', 'a:b'), 'timeout');
    await rejectsWith(s.addAuth('digest', 'a:b'), 'closed');
    await s.close();
  });

  test('NONODE is undefined; another server error names the path and carries the code', async () => {
    const zk = new FakeZooKeeper({ answer: (req) => reply(req.xid, req.path === '/secret' ? -102 : -101) });
    const s = await ZooKeeperSession.open(zk.stream);
    assert.equal(await s.getChildren('/gone'), undefined);
    const e = await rejectsWith(s.getChildren('/secret'), 'server', /\/secret.*NOAUTH/);
    assert.equal(e.zkCode, -102);
    assert.equal(await s.getChildren('/gone'), undefined, 'the session goes on after a server error');
    await s.close();
  });

  test('the server closing in the middle of a reply fails the call at once', async () => {
    const zk = new FakeZooKeeper({
      answer: (req) => {
        setImmediate(() => {
          zk.stream.push(childrenReply(req.xid, ['abc']).subarray(0, 10));
          zk.stream.push(null);
        });
        return undefined;
      },
    });
    const s = await ZooKeeperSession.open(zk.stream, { timeoutMs: 60_000 });
    const t = Date.now();
    await rejectsWith(s.getChildren('/dubbo'), 'closed', /closed the connection in the middle of a packet/);
    assert.ok(Date.now() - t < 1000);
    await rejectsWith(s.getChildren('/dubbo'), 'closed');
    await s.close();
  });

  test('the stream ending before the ConnectResponse, or a refused session, rejects open', async () => {
    const silent = new FakeZooKeeper({ connect: () => undefined });
    const opening = ZooKeeperSession.open(silent.stream, { timeoutMs: 60_000 });
    silent.stream.push(null);
    await rejectsWith(opening, 'closed', /closed the connection/);
    const refusing = new FakeZooKeeper({ connect: () => connectResponse(0) });
    await rejectsWith(ZooKeeperSession.open(refusing.stream), 'closed', /refused the session/);
    assert.ok(refusing.stream.destroyed);
  });

  test('an oversized or negative packet length is a protocol error', async () => {
    for (const length of [64 * 1024 * 1024 + 1, -5]) {
      const zk = new FakeZooKeeper({ answer: () => int(length) });
      const s = await ZooKeeperSession.open(zk.stream, { timeoutMs: 60_000 });
      await rejectsWith(s.getChildren('/dubbo'), 'protocol', new RegExp(`length ${length}`));
      assert.ok(zk.stream.destroyed);
    }
  });

  test('a reply to a request never made, or cut short inside the packet, is a protocol error', async () => {
    const stray = new FakeZooKeeper({ answer: (req) => childrenReply(req.xid + 7, []) });
    const s1 = await ZooKeeperSession.open(stray.stream);
    await rejectsWith(s1.getChildren('/dubbo'), 'protocol', /unexpected xid 8/);
    const short = new FakeZooKeeper({ answer: (req) => reply(req.xid, 0, int(2), ustring('a')) });
    const s2 = await ZooKeeperSession.open(short.stream);
    await rejectsWith(s2.getChildren('/dubbo'), 'protocol', /ends before/);
    await s2.close();
  });

  test('a stream error fails what waits with its message', async () => {
    const zk = new FakeZooKeeper({ answer: () => undefined });
    const s = await ZooKeeperSession.open(zk.stream);
    const p = s.getChildren('/dubbo');
    zk.stream.destroy(new Error('channel reset'));
    await rejectsWith(p, 'closed', /channel reset/);
  });

  test('silence: open and calls time out after timeoutMs', async () => {
    const mute = new FakeZooKeeper({ connect: () => undefined });
    await rejectsWith(ZooKeeperSession.open(mute.stream, { timeoutMs: 100 }), 'timeout', /100 ms/);
    assert.ok(mute.stream.destroyed);
    const zk = new FakeZooKeeper({ answer: () => undefined });
    const s = await ZooKeeperSession.open(zk.stream, { timeoutMs: 100 });
    const t = Date.now();
    await rejectsWith(s.getChildren('/dubbo'), 'timeout');
    assert.ok(Date.now() - t < 1000);
    await rejectsWith(s.getChildren('/dubbo'), 'closed', /did not answer/);
  });

  test('abort: pending calls reject cancelled and the stream is destroyed', async () => {
    const zk = new FakeZooKeeper({ answer: () => undefined });
    const ac = new AbortController();
    const s = await ZooKeeperSession.open(zk.stream, { signal: ac.signal, timeoutMs: 60_000 });
    const p = s.getChildrenMany(['/a', '/b']);
    ac.abort();
    await rejectsWith(p, 'cancelled');
    assert.ok(zk.stream.destroyed);
    await rejectsWith(s.getChildren('/a'), 'cancelled');
    const already = new FakeZooKeeper();
    await rejectsWith(ZooKeeperSession.open(already.stream, { signal: AbortSignal.abort() }), 'cancelled');
    assert.ok(already.stream.destroyed);
    assert.equal(already.writes.length, 0);
  });

  test('pings every third of the negotiated timeout, none after close', async () => {
    const zk = new FakeZooKeeper({ connect: () => connectResponse(300) });
    const s = await ZooKeeperSession.open(zk.stream);
    // Every 100 ms; a loaded machine may run the timer late, so wait for two, up to 3 s.
    const until = Date.now() + 3000;
    while (zk.requests.filter((r) => r.type === 11).length < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    const pings = zk.requests.filter((r) => r.type === 11);
    assert.ok(pings.length >= 2, `${pings.length} pings`);
    assert.ok(zk.writes.slice(1).every((w) => w.equals(hex('00000008 fffffffe 0000000b'))));
    await s.close();
    const after = zk.requests.length;
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(zk.requests.length, after);
  });

  test('close: waits at most timeoutMs for a silent server, is idempotent, then every call rejects closed', async () => {
    const zk = new FakeZooKeeper({ answer: () => undefined });
    const s = await ZooKeeperSession.open(zk.stream, { timeoutMs: 100 });
    const t = Date.now();
    await Promise.all([s.close(), s.close()]);
    assert.ok(Date.now() - t < 1000);
    await s.close();
    assert.equal(zk.requests.filter((r) => r.type === -11).length, 1);
    await rejectsWith(s.getChildren('/dubbo'), 'closed', /^ZooKeeper session is closed$/);
    await rejectsWith(s.getChildrenMany(['/a', '/b']), 'closed');
  });
});

const skip = zooKeeperSkipReason();
if (skip) console.log(`# live ZooKeeper tests skipped: ${skip}`);

const IFACE = 'com.example.OrderService';
const PROVIDER = 'dubbo://192.168.27.101:20880/com.example.OrderService?application=order&side=provider';
const CONSUMER = 'consumer://192.168.27.102/com.example.OrderService?application=web&side=consumer';

describe('ZooKeeper session against a real ZooKeeper', { skip }, () => {
  let zk: LocalZooKeeper;
  let extra: string[];

  /** The Dubbo layout, written by another client as providers and consumers would. */
  async function populate(): Promise<void> {
    await registerZnodes(zk, [`/dubbo/${IFACE}/providers/${encodeURIComponent(PROVIDER)}`, `/dubbo/${IFACE}/consumers/${encodeURIComponent(CONSUMER)}`, '/dubbo/com.example.UserService/providers']);
    await registerZnodes(zk, ['/secret'], { digest: 'ops:secret' });
    extra = Array.from({ length: 40 }, (_, i) => `svc-${String(i).padStart(2, '0')}`);
    await registerZnodes(zk, extra.map((n) => `/many/${n}`));
  }

  const open = async (opts: { sessionTimeoutMs?: number } = {}) => ZooKeeperSession.open(await connectTcp(zk.host, zk.port), opts);

  before(async () => {
    zk = await startLocalZooKeeper();
    await populate();
  });
  after(async () => {
    await zk?.stop();
  });

  test('lists the interfaces, their providers and consumers; a missing node is undefined', async () => {
    const s = await open();
    assert.deepEqual((await s.getChildren('/dubbo'))?.sort(), [IFACE, 'com.example.UserService']);
    const providers = await s.getChildren(`/dubbo/${IFACE}/providers`);
    assert.deepEqual(providers?.map(decodeURIComponent), [PROVIDER]);
    assert.deepEqual((await s.getChildren(`/dubbo/${IFACE}/consumers`))?.map(decodeURIComponent), [CONSUMER]);
    assert.deepEqual(await s.getChildren('/dubbo/com.example.UserService/providers'), []);
    assert.equal(await s.getChildren('/nope'), undefined);
    const e = await rejectsWith(s.getChildren('/secret'), 'server', /NOAUTH/);
    assert.equal(e.zkCode, -102);
    assert.deepEqual((await s.getChildren('/many'))?.sort(), extra, 'the session goes on after a server error');
    await s.close();
  });

  test('digest credentials open a node with an ACL; wrong ones leave it NOAUTH (ZooKeeper accepts any digest and checks it on use)', async () => {
    const s = await open();
    await s.addAuth('digest', 'ops:secret');
    assert.deepEqual(await s.getChildren('/secret'), []);
    await s.close();
    const wrong = await open();
    await wrong.addAuth('digest', 'ops:wrong');
    const e = await rejectsWith(wrong.getChildren('/secret'), 'server', /NOAUTH/);
    assert.equal(e.zkCode, -102);
    await wrong.close();
  });

  test('getChildrenMany answers in the order asked, 300 requests in one write', async () => {
    const s = await open();
    const asked = [`/dubbo/${IFACE}/consumers`, '/nope', `/dubbo/${IFACE}/providers`, '/dubbo/com.example.UserService/providers'];
    assert.deepEqual(await s.getChildrenMany(asked), [[encodeURIComponent(CONSUMER)], undefined, [encodeURIComponent(PROVIDER)], []]);
    const paths = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `/many/${extra[i % 40]}` : i % 3 === 1 ? `/missing-${i}` : '/many'));
    const lists = await s.getChildrenMany(paths);
    assert.equal(lists.length, 300);
    lists.forEach((l, i) => {
      const expected = i % 3 === 0 ? [] : i % 3 === 1 ? undefined : extra;
      assert.deepEqual(i % 3 === 2 ? l?.slice().sort() : l, expected, paths[i]);
    });
    await s.close();
  });

  test('close ends the session; later calls reject closed', async () => {
    const s = await open();
    await s.close();
    await s.close();
    await rejectsWith(s.getChildren('/dubbo'), 'closed');
  });

  test('pings keep an idle session alive past its timeout', async () => {
    // The server clamps the timeout to 2 ticks (4 s); without pings it expires the session and hangs up.
    const s = await open({ sessionTimeoutMs: 1000 });
    assert.equal(s.sessionTimeoutMs, 4000);
    await new Promise((r) => setTimeout(r, 7000));
    assert.deepEqual((await s.getChildren('/dubbo'))?.sort(), [IFACE, 'com.example.UserService']);
    await s.close();
  });

  test('connectTcp to a closed port names the address', async () => {
    const port = await freePort();
    await rejectsWith(connectTcp('127.0.0.1', port), 'closed', new RegExp(`127\\.0\\.0\\.1:${port}: connection refused`));
  });

  test('through an SSH tunnel (an ssh2 channel, not a socket)', async () => {
    const sshd = await startSshd();
    const kh = join(tempDir('zk-ssh-'), 'known_hosts');
    writeKnownHosts(kh, [sshd]);
    const prompter: Prompter = { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined };
    const ssh = await connect(
      { hostId: 'zk-host', host: '127.0.0.1', port: sshd.port, username: 'root', identityFiles: [sshd.clientKeyPath], knownHostsName: `[127.0.0.1]:${sshd.port}` },
      { prompter, knownHostsFile: kh },
    );
    try {
      const s = await ZooKeeperSession.open(await ssh.forwardOut('127.0.0.1', zk.port));
      const paths = Array.from({ length: 300 }, (_, i) => (i % 2 ? `/dubbo/${IFACE}/providers` : '/dubbo'));
      const lists = await s.getChildrenMany(paths);
      assert.deepEqual(lists[1]?.map(decodeURIComponent), [PROVIDER]);
      assert.deepEqual(lists[298]?.sort(), [IFACE, 'com.example.UserService']);
      await s.close();
    } finally {
      ssh.close();
      await sshd.stop();
    }
  });
});
