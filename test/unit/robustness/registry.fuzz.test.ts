import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Duplex } from 'node:stream';
import fc from 'fast-check';
import { checkRegistry, type RegistrySnapshot } from '../../../src/core/registry/check';
import { endpointOf, parseInstanceId, parseRegisteredUrl } from '../../../src/core/registry/dubboUrl';
import { registryReportJson, renderRegistryReport } from '../../../src/core/registry/render';
import { ZooKeeperError, ZooKeeperSession } from '../../../src/registry/zookeeper';
import { contextFor } from '../support/context';
import { params, textFrom } from './fuzz';

// What a registry hands back is input from the network: any znode name, any bytes on the wire.
// FUZZ_RUNS and FUZZ_SEED as in parsers.fuzz.test.ts.

const URLS = [
  'dubbo://192.168.27.102:20880/com.example.OrderService?anyhost=true&application=order&side=provider',
  'consumer://172.16.8.101/com.example.OrderService?application=api&category=consumers&check=false',
  'tri://[fd00::5]:50051/com.example.DriverService?a=%E5%8D%8E',
  'dubbo://admin:secret@139.159.250.8:20881/com.example.DriverService',
];
const ALPHABET = ['dubbo', '://', ':', '/', '?', '&', '=', '%', '%2F', '%3A', '[', ']', '@', '.', '192.168.27.102', '20880', '65536', 'é', ' '];
const node = textFrom([...URLS, ...URLS.map(encodeURIComponent)], ALPHABET);

test('registered URLs: any znode name parses or is refused, never throws', () => {
  fc.assert(
    fc.property(node, (name) => {
      const id = parseInstanceId(name);
      if (id) assert.ok(id.host.length > 0 && Number.isInteger(id.port));
      const u = parseRegisteredUrl(name);
      if (!u) return;
      assert.ok(u.host.length > 0);
      assert.ok(u.port === undefined || (Number.isInteger(u.port) && u.port >= 0 && u.port <= 99_999));
      endpointOf(u);
    }),
    params(),
  );
});

test('the check and its report: any listing, in both languages and as JSON, never throws and counts every entry', () => {
  const ctx = contextFor();
  const registry = ctx.topology.serviceById.get('registry')!;
  const iface = fc.record({ name: fc.string({ maxLength: 30 }), providers: fc.array(node, { maxLength: 4 }), consumers: fc.array(node, { maxLength: 4 }) });
  const app = fc.record({ name: fc.string({ maxLength: 20 }), instances: fc.array(node, { maxLength: 4 }) });
  fc.assert(
    fc.property(fc.array(iface, { maxLength: 5 }), fc.array(app, { maxLength: 3 }), (interfaces, applications) => {
      const snapshot: RegistrySnapshot = { root: '/dubbo', interfaces, servicesRoot: '/services', applications };
      const report = checkRegistry(ctx, registry, snapshot);
      const listed = report.interfaces.reduce((n, i) => n + i.providers.length + i.consumers.length + i.unparsed.length, 0);
      assert.equal(listed, interfaces.reduce((n, i) => n + i.providers.length + i.consumers.length, 0));
      assert.equal(report.applications.reduce((n, a) => n + a.providers.length + a.unparsed.length, 0), applications.reduce((n, a) => n + a.instances.length, 0));
      for (const locale of ['en', 'zh-cn'] as const) renderRegistryReport(report, { address: '127.0.0.1:2181', at: 'now' }, locale);
      JSON.stringify(registryReportJson(report, { address: '127.0.0.1:2181', at: 'now' }));
    }),
    params(0.2),
  );
});

/** A valid ConnectResponse (timeout 4000, session 1, 16-byte password, read-only false), framed. */
function connectResponse(): Buffer {
  const b = Buffer.alloc(4 + 37);
  b.writeInt32BE(37, 0);
  b.writeInt32BE(4000, 8);
  b.writeBigInt64BE(1n, 12);
  b.writeInt32BE(16, 20);
  return b;
}

/** `body` behind its 4-byte length, as ZooKeeper frames every packet. */
function framed(body: Uint8Array): Buffer {
  const b = Buffer.alloc(4 + body.length);
  b.writeInt32BE(body.length, 0);
  Buffer.from(body).copy(b, 4);
  return b;
}

/** A reply header (xid, zxid, err) for one of the two requests, a ping or a watch event, then any bytes. */
const reply = fc
  .tuple(fc.constantFrom(1, 2, 3, -1, -2), fc.constantFrom(0, -101, -102, -4, 7), fc.uint8Array({ maxLength: 40 }))
  .map(([xid, err, tail]) => {
    const head = Buffer.alloc(16);
    head.writeInt32BE(xid, 0);
    head.writeInt32BE(err, 12);
    return framed(Buffer.concat([head, Buffer.from(tail)]));
  });

/** What a broken or hostile server may send: raw bytes, framed junk, reply-shaped packets, cut anywhere. */
const serverBytes = fc
  .tuple(fc.array(fc.oneof(fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)), fc.uint8Array({ maxLength: 40 }).map(framed), reply), { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 4 }))
  .map(([parts, cuts]) => {
    const all = Buffer.concat(parts);
    const at = [...new Set(cuts.map((c) => (all.length === 0 ? 0 : c % all.length)))].sort((a, b) => a - b);
    return [0, ...at].map((start, i) => all.subarray(start, at[i] ?? all.length));
  });

test('the ZooKeeper reader: any bytes from the server end in an answer or a ZooKeeperError, never a throw or a hang', async () => {
  await fc.assert(
    fc.asyncProperty(fc.boolean(), serverBytes, async (handshake, chunks) => {
      const stream = new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
      const opened = ZooKeeperSession.open(stream, { timeoutMs: 2000 });
      if (handshake) stream.push(connectResponse());
      const settled = (async () => {
        const zk = await opened;
        const listing = zk.getChildrenMany(['/dubbo', '/dubbo/a/providers']);
        for (const c of chunks) stream.push(c);
        stream.push(null);
        const lists = await listing;
        for (const l of lists) assert.ok(l === undefined || l.every((x) => typeof x === 'string'));
        await zk.close();
      })();
      if (!handshake) {
        for (const c of chunks) stream.push(c);
        stream.push(null);
      }
      await settled.catch((e: unknown) => assert.ok(e instanceof ZooKeeperError, String(e)));
    }),
    params(0.05),
  );
});
