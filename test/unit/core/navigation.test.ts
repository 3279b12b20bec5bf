import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import {
  addressesOfHost,
  addressHints,
  addressReferences,
  changeAddress,
  inlayHints,
  ipLiteralAt,
  ipLiterals,
  ownerRef,
  ownersByRef,
  ownersInFile,
  ownersOf,
  plainChange,
} from '../../../src/core/navigation';
import { parseIp } from '../../../src/core/ip';
import { LineIndex } from '../../../src/core/text';
import { parseTopology } from '../../../src/core/topology/parse';
import { contextFor, exampleDir, memoryWorkspace } from '../support/context';
import { TWO_REGIONS } from '../support/lint';

const literals = (text: string) => ipLiterals(text).map((l) => text.slice(l.start, l.end));

test('ipLiterals: addresses as nginx, Dubbo, properties and exports write them', () => {
  assert.deepEqual(literals('server 10.0.0.1:8080 weight=1;'), ['10.0.0.1']);
  assert.deepEqual(literals('zookeeper://1.2.3.4:2181?backup=5.6.7.8:2181,9.9.9.9'), ['1.2.3.4', '5.6.7.8', '9.9.9.9']);
  assert.deepEqual(literals('dubbo.protocol.host=192.168.27.101\n'), ['192.168.27.101']);
  assert.deepEqual(literals('/srv 10.0.0.0/24(rw) 172.16.8.102(ro)'), ['10.0.0.0', '172.16.8.102']);
  assert.deepEqual(literals('<dubbo:registry address="zookeeper://[2001:db8::1]:2181"/>'), ['2001:db8::1']);
  assert.deepEqual(literals('listen [::1]:80; # fe80::1 and ::ffff:10.0.0.1'), ['::1', 'fe80::1', '::ffff:10.0.0.1']);
  assert.deepEqual(literals('the old gateway was 10.0.0.9.'), ['10.0.0.9']);
});

test('ipLiterals: numbers, versions, words, times and invalid octets are not addresses', () => {
  assert.deepEqual(literals('version 1.2.3.4.5 and v10.0.0.1 and 10.0.0.1a and x_1.2.3.4'), []);
  assert.deepEqual(literals('upstream 139.159.257.207:8680; at 12:30:45, mac aa:bb:cc:dd:ee:ff'), []);
  assert.deepEqual(literals('ssl_ciphers HIGH:!aNULL:!MD5; ssl_session_cache shared:SSL:1m; std::cout'), []);
  assert.deepEqual(literals('1.2.3.4:5:6'), ['1.2.3.4']);
});

test('ipLiterals: offsets are exact, and ipLiteralAt finds the address under the cursor at either edge', () => {
  const text = 'a\nserver 10.0.0.1:8080;\r\nserver [fe80::2]:80;\n';
  const found = ipLiterals(text);
  assert.deepEqual(
    found.map((l) => [l.start, l.end, l.ip.text]),
    [
      [9, 17, '10.0.0.1'],
      [33, 40, 'fe80::2'],
    ],
  );
  assert.equal(ipLiteralAt(text, 9)?.ip.text, '10.0.0.1');
  assert.equal(ipLiteralAt(text, 17)?.ip.text, '10.0.0.1');
  assert.equal(ipLiteralAt(text, 18), undefined);
  assert.equal(ipLiteralAt(text, 35)?.ip.text, 'fe80::2');
  assert.equal(ipLiteralAt(text, 3), undefined);
});

/** Both regions use 10.0.0.0/24 inside: the same internal IP belongs to a host in each. */
const SAME_LAN = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [10.0.0.0/24]
    hosts:
      a-1:
        internal: 10.0.0.5
        external: 139.159.250.7
        services: [api]
  east-2:
    name: 华东2
    lan: [10.0.0.0/24]
    hosts:
      a-2:
        internal: "10.0.0.5"
        external: 139.159.250.207
        services: [web]
services:
  api: { kind: dubbo-provider, port: 20880, properties: [api.properties] }
  web: { kind: nginx, port: 80, config: [web.conf] }
`;

function sameLanContext() {
  return contextFor(
    memoryWorkspace({
      'dubbo-topology.yaml': SAME_LAN,
      'api.properties': 'dubbo.protocol.host=10.0.0.5\n',
      'web.conf': 'upstream u { server 10.0.0.5:20880; server 139.159.250.7:20880; }\n',
      'notes.txt': 'both: 10.0.0.5\n',
    }),
  );
}

test('ownersOf: an internal IP repeated across regions belongs to the vantage region’s host, else to both', () => {
  const ctx = sameLanContext();
  const ip = parseIp('10.0.0.5')!;
  const a1 = ctx.topology.hostById.get('a-1')!;
  const a2 = ctx.topology.hostById.get('a-2')!;
  assert.deepEqual(
    ownersOf(ctx.topology, ip).map((o) => o.host.id),
    ['a-1', 'a-2'],
  );
  assert.deepEqual(
    ownersOf(ctx.topology, ip, [a2]).map((o) => o.host.id),
    ['a-2'],
  );
  assert.deepEqual(
    ownersInFile(ctx, 'api.properties', ip).map((o) => `${o.host.id} ${o.role}`),
    ['a-1 internal'],
  );
  assert.deepEqual(
    ownersInFile(ctx, 'web.conf', ip).map((o) => `${o.host.id} ${o.role}`),
    ['a-2 internal'],
  );
  assert.deepEqual(
    ownersOf(ctx.topology, parseIp('139.159.250.7')!, [a2]).map((o) => `${o.host.id} ${o.role}`),
    ['a-1 external'],
  );
  assert.deepEqual(ownersOf(ctx.topology, parseIp('10.0.0.6')!), []);
  assert.equal(ownersOf(ctx.topology, parseIp('10.0.0.5')!, [a1])[0].definition.range.start.line, 7);
});

test('addressHints: each address of a host is followed by its host, region and whether it is the internal or external IP', () => {
  const ctx = contextFor(exampleDir);
  const file = 'nginx/nginx.conf';
  const text = ctx.ws.read(file)!;
  const hints = addressHints(ctx, file, text, 'en');
  // 139.159.257.207 (an invalid octet) belongs to nobody: only the LAN address gets a hint.
  assert.deepEqual(
    hints.map((h) => [h.position.line, h.label]),
    [[10, 'api-1 · 华东1 internal']],
  );
  const line = new LineIndex(text).lineText(10);
  assert.equal(line.slice(0, hints[0].position.character).trimStart(), 'server 192.168.27.101:8680');
  assert.equal(addressHints(ctx, file, text, 'zh-cn')[0].label, 'api-1 · 华东1 内网');
  // Only the requested range is scanned; the topology itself gets none (it is where they are defined).
  assert.deepEqual(addressHints(ctx, file, text, 'en', { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } }), []);
  assert.deepEqual(addressHints(ctx, ctx.topology.file, ctx.ws.read(ctx.topology.file)!, 'en'), []);
});

test('inlayHints: the analyzer\'s own hints and the addresses\' owners as plain data, in file order, each kind on request', () => {
  const ctx = contextFor(exampleDir);
  const file = 'order/src/main/resources/applicationContext.xml';
  // A placeholder whose value is an address, and the same address written out after it.
  const text = ctx.ws.read(file)!.replace('<dubbo:', '<!-- 192.168.27.101:2181 --><dubbo:');
  const analyzer = { hints: () => [{ position: { line: 13, character: 0 }, label: '= own' }] };
  const both = inlayHints(ctx, analyzer, file, text, 'zh-cn', undefined, { placeholders: true, addresses: true });
  assert.ok(both.length >= 2, JSON.stringify(both));
  const address = both.find((h) => 'owners' in h);
  assert.ok(address && 'owners' in address);
  assert.deepEqual(address.owners, [
    { label: 'api-1 · 华东1 内网', host: 'api-1', region: '华东1', role: 'internal', definition: ctx.topology.hostById.get('api-1')!.internal!.range },
  ]);
  const lines = both.map((h) => h.position.line * 1e6 + h.position.character);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.deepEqual(inlayHints(ctx, analyzer, file, text, 'en', undefined, { placeholders: true, addresses: false }), [{ position: { line: 13, character: 0 }, label: '= own' }]);
  assert.ok(inlayHints(ctx, analyzer, file, text, 'en', undefined, { placeholders: false, addresses: true }).every((h) => 'owners' in h));
  assert.deepEqual(inlayHints(ctx, undefined, file, text, 'en', undefined, { placeholders: true, addresses: false }), []);
});

test('addressHints: several owners are all named; the hint follows the port, if any', () => {
  const ctx = sameLanContext();
  const text = 'both: 10.0.0.5\nzk: 10.0.0.5:2181, /srv 10.0.0.5(rw) and 10.0.0.5: a note\n';
  const hints = addressHints(ctx, 'notes.txt', text, 'en');
  assert.deepEqual(
    hints.map((h) => h.label),
    Array(4).fill('a-1 · 华东1 internal | a-2 · 华东2 internal'),
  );
  const lines = new LineIndex(text);
  assert.deepEqual(
    hints.map((h) => text.slice(0, lines.offsetAt(h.position)).split(/[\s,]/).pop()),
    ['10.0.0.5', '10.0.0.5:2181', '10.0.0.5(rw)', '10.0.0.5'],
  );
});

test('addressHints: never where a space would change what the line means', () => {
  const ctx = contextFor(exampleDir);
  /** The text of each hinted line up to the hint, then `▸`, then the rest. */
  const shown = (file: string, text: string) => {
    const lines = new LineIndex(text);
    return addressHints(ctx, file, text, 'en').map((h) => {
      const line = lines.lineText(h.position.line);
      return `${line.slice(0, h.position.character)}▸${line.slice(h.position.character)}`;
    });
  };
  // exports: `host (opts)` gives the options to every host, not to this one. The hint follows the options.
  assert.deepEqual(shown('nfs/exports', '/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash)\n'), [
    '/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash)▸',
  ]);
  assert.deepEqual(shown('nfs/exports', '/srv 139.159.250.207(rw) 192.168.27.101/32(ro,sync)\n'), [
    '/srv 139.159.250.207(rw)▸ 192.168.27.101/32(ro,sync)',
    '/srv 139.159.250.207(rw) 192.168.27.101/32(ro,sync)▸',
  ]);
  // An address without options is followed by its hint, as before.
  assert.deepEqual(shown('nfs/exports', '/srv 139.159.250.207\n'), ['/srv 139.159.250.207▸']);
  // nginx: not inside a URL (before its path) nor inside a network (before its prefix length).
  assert.deepEqual(shown('nginx/nginx.conf', 'location / { proxy_pass http://192.168.27.101:8680/api/; allow 192.168.27.102/32; }\n'), [
    'location / { proxy_pass http://192.168.27.101:8680/api/▸; allow 192.168.27.102/32; }',
    'location / { proxy_pass http://192.168.27.101:8680/api/; allow 192.168.27.102/32▸; }',
  ]);
  // Dubbo XML: after host:port, before the next address of the list.
  assert.deepEqual(shown('api/src/main/resources/applicationContext.xml', '<dubbo:registry address="zookeeper://192.168.27.101:2181,192.168.27.102:2181"/>\n'), [
    '<dubbo:registry address="zookeeper://192.168.27.101:2181▸,192.168.27.102:2181"/>',
    '<dubbo:registry address="zookeeper://192.168.27.101:2181,192.168.27.102:2181▸"/>',
  ]);
});

/** Where `needle` is written in the example's files, found by plain string search. */
function occurrences(dir: string, needle: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name !== 'README.md') {
        const lines = readFileSync(p, 'utf8').split('\n');
        lines.forEach((l, i) => {
          for (let at = l.indexOf(needle); at >= 0; at = l.indexOf(needle, at + 1)) out.push(`${relative(dir, p).split(sep).join('/')}:${i}:${at}`);
        });
      }
    }
  };
  walk(dir);
  return out.sort();
}

test('addressReferences: every place the example writes api-1’s internal IP, the definition marked', () => {
  const ctx = contextFor(exampleDir);
  const api1 = ctx.topology.hostById.get('api-1')!;
  const internal = addressesOfHost(api1).filter((o) => o.role === 'internal');
  const refs = addressReferences(ctx, ctx.ws.files(), internal);
  assert.deepEqual(refs.map((r) => `${r.file}:${r.range.start.line}:${r.range.start.character}`).sort(), occurrences(exampleDir, '192.168.27.101'));
  assert.deepEqual(
    refs.filter((r) => r.definition).map((r) => `${r.file}:${r.range.start.line}`),
    ['dubbo-topology.yaml:9'],
  );
  assert.ok(refs.length >= 5, `${refs.length} references`);
});

test('addressReferences: a repeated internal IP is a reference only where it names that host', () => {
  const ctx = sameLanContext();
  const a1 = ctx.topology.hostById.get('a-1')!;
  const a2 = ctx.topology.hostById.get('a-2')!;
  const files = ctx.ws.files();
  const where = (refs: ReturnType<typeof addressReferences>) => refs.map((r) => `${r.file}:${r.range.start.line}${r.definition ? ' def' : ''}${r.shared ? ' shared' : ''}`);
  // The notes file has no vantage host: it may mean either, so it is listed for both.
  assert.deepEqual(where(addressReferences(ctx, files, addressesOfHost(a1).slice(0, 1))), ['dubbo-topology.yaml:7 def', 'api.properties:0', 'notes.txt:0 shared']);
  // a-2's internal IP is quoted in the topology; the quoted value is its definition all the same.
  assert.deepEqual(where(addressReferences(ctx, files, addressesOfHost(a2).slice(0, 1))), ['dubbo-topology.yaml:15 def', 'notes.txt:0 shared', 'web.conf:0']);
  assert.deepEqual(where(addressReferences(ctx, files, addressesOfHost(a1).slice(1))), ['dubbo-topology.yaml:8 def', 'web.conf:0']);
});

/** Applies edits of one file (non-overlapping) to its text. */
function apply(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = new LineIndex(text);
  let out = text;
  for (const e of [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start))) {
    out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  }
  return out;
}

test('changeAddress: moves a host to a new IP in the topology and in every config that names it, nowhere else', () => {
  const ctx = sameLanContext();
  const a1 = ctx.topology.hostById.get('a-1')!;
  const change = changeAddress(ctx, ctx.ws.files(), addressesOfHost(a1)[0], ' 10.0.0.7 ');
  assert.ok(change.ok);
  const byFile = new Map<string, typeof change.edits>();
  for (const e of change.edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  // notes.txt may mean a-2 just as well: it is left as it is.
  assert.deepEqual([...byFile.keys()], ['dubbo-topology.yaml', 'api.properties']);
  const topo = apply(SAME_LAN, byFile.get('dubbo-topology.yaml')!);
  const parsed = parseTopology('dubbo-topology.yaml', topo).topology;
  assert.equal(parsed.hostById.get('a-1')!.internal!.ip!.text, '10.0.0.7');
  assert.equal(parsed.hostById.get('a-2')!.internal!.ip!.text, '10.0.0.5');
  assert.equal(apply('dubbo.protocol.host=10.0.0.5\n', byFile.get('api.properties')!), 'dubbo.protocol.host=10.0.0.7\n');
});

test('changeAddress: refuses what would leave the topology naming the wrong host', () => {
  const ctx = contextFor(memoryWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS }));
  const api1 = ctx.topology.hostById.get('api-1')!;
  const [internal, external] = addressesOfHost(api1);
  const files = ctx.ws.files();
  assert.deepEqual(changeAddress(ctx, files, internal, 'api.example.com'), { ok: false, reason: 'not-ip' });
  assert.deepEqual(changeAddress(ctx, files, internal, '192.168.27.300'), { ok: false, reason: 'not-ip' });
  assert.deepEqual(changeAddress(ctx, files, internal, '[fe80::1]'), { ok: false, reason: 'not-ip' });
  assert.deepEqual(changeAddress(ctx, files, internal, 'fe80::1'), { ok: false, reason: 'other-family' });
  assert.deepEqual(changeAddress(ctx, files, internal, '192.168.27.101'), { ok: false, reason: 'same' });
  const api2 = ctx.topology.hostById.get('api-2')!;
  assert.deepEqual(changeAddress(ctx, files, external, '139.159.250.207'), { ok: false, reason: 'taken', host: api2, role: 'external' });
  assert.deepEqual(changeAddress(ctx, files, internal, '139.159.250.207'), { ok: false, reason: 'taken', host: api2, role: 'external' });
  // Another region's internal IP is free to reuse inside this region's LAN.
  assert.equal(changeAddress(ctx, files, internal, '172.16.8.101').ok, true);
});

test('ownersByRef and plainChange: addresses named by host, role and text, and a refusal as plain data', () => {
  const ctx = contextFor(memoryWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS }));
  const api1 = ctx.topology.hostById.get('api-1')!;
  const owners = addressesOfHost(api1);
  assert.deepEqual(owners.map(ownerRef), [
    { host: 'api-1', role: 'internal', address: '192.168.27.101' },
    { host: 'api-1', role: 'external', address: '139.159.250.7' },
  ]);
  assert.deepEqual(ownersByRef(ctx.topology, owners.map(ownerRef)), owners);
  assert.deepEqual(ownersByRef(ctx.topology, []), []);
  // Another topology: the host is gone, or its address is not the one named.
  assert.equal(ownersByRef(ctx.topology, [{ host: 'api-9', role: 'internal', address: '192.168.27.101' }]), undefined);
  assert.equal(ownersByRef(ctx.topology, [{ ...ownerRef(owners[0]), address: '192.168.27.102' }]), undefined);
  assert.equal(ownersByRef(ctx.topology, [{ ...ownerRef(owners[0]), role: 'external' }]), undefined);
  const files = ctx.ws.files();
  assert.deepEqual(plainChange(changeAddress(ctx, files, owners[1], '139.159.250.207')), {
    ok: false,
    reason: 'taken',
    role: 'external',
    host: { id: 'api-2', region: ctx.topology.hostById.get('api-2')!.region.name },
  });
  assert.deepEqual(plainChange(changeAddress(ctx, files, owners[0], 'fe80::1')), { ok: false, reason: 'other-family', role: undefined, host: undefined });
  const moved = changeAddress(ctx, files, owners[0], '192.168.27.111');
  assert.ok(moved.ok && moved.edits.length > 0);
  assert.equal(plainChange(moved), moved);
});
