import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isEncrypted, normalizeExportPath, parseExports, type ExportClient } from '../../../src/core/nfs/exports';
import { exportOptionsWithDefaults, nearestOption } from '../../../src/core/nfs/options';
import type { Range } from '../../../src/core/types';

const r = (x: Range) => `${x.start.line}:${x.start.character}-${x.end.line}:${x.end.character}`;
const eff = (c: ExportClient, fam: string) => c.effective.get(fam)?.name;

test('the seed line: path, one client, its options, with ranges', () => {
  const f = parseExports('/home/wwwroot/upload 139.159.257.207(rw,sync,no_root_squash)\n');
  assert.deepEqual(f.errors, []);
  const [e] = f.entries;
  assert.equal(e.path, '/home/wwwroot/upload');
  assert.equal(r(e.pathRange), '0:0-0:20');
  const [c] = e.clients;
  assert.equal(c.kind, 'ipv4');
  assert.equal(c.address, undefined, '257 is not an octet: left to ip-invalid');
  assert.equal(c.addressText, '139.159.257.207');
  assert.equal(r(c.hostRange), '0:21-0:36');
  assert.equal(r(c.addressRange!), '0:21-0:36');
  assert.equal(r(c.tokenRange), '0:21-0:60');
  assert.equal(r(c.options!.tokenRange), '0:36-0:60');
  assert.deepEqual(
    c.options!.options.map((o) => [o.name, r(o.range)]),
    [
      ['rw', '0:37-0:39'],
      ['sync', '0:40-0:44'],
      ['no_root_squash', '0:45-0:59'],
    ],
  );
  assert.equal(eff(c, 'rootSquash'), 'no_root_squash');
  assert.equal(c.effective.get('rootSquash')!.source, c.options!.options[2]);
});

test('built-in defaults apply to a client without options: ro, sync, root_squash, no_subtree_check, sec=sys', () => {
  const [c] = parseExports('/srv host1\n').entries[0].clients;
  assert.equal(c.kind, 'hostname');
  assert.equal(c.options, undefined);
  assert.deepEqual(
    ['access', 'sync', 'rootSquash', 'subtree', 'wdelay', 'secure', 'allSquash', 'hide'].map((f) => eff(c, f)),
    ['ro', 'sync', 'root_squash', 'no_subtree_check', 'wdelay', 'secure', 'no_all_squash', 'hide'],
  );
  assert.deepEqual(c.sec, ['sys']);
  assert.equal(c.effective.get('access')!.source, undefined);
});

test('continuation lines, comments, several clients of every kind', () => {
  const text = [
    '# exported to the office',
    '/srv/a  10.0.0.0/8(rw) 192.168.1.0/255.255.255.0(ro) \\',
    '        2001:db8::/32(rw) fe80::1(ro)   # trailing comment',
    '/srv/b @trusted(rw) *.corp.example(ro) *(ro,all_squash) gss/krb5p(rw) host-1.example(rw)',
    '',
  ].join('\n');
  const f = parseExports(text);
  assert.deepEqual(f.errors, []);
  assert.equal(f.entries.length, 2);
  const [a, b] = f.entries;
  assert.deepEqual(
    a.clients.map((c) => [c.kind, c.host, c.cidr?.prefix, r(c.hostRange)]),
    [
      ['cidr', '10.0.0.0/8', 8, '1:8-1:18'],
      ['cidr', '192.168.1.0/255.255.255.0', 24, '1:23-1:48'],
      ['cidr', '2001:db8::/32', 32, '2:8-2:21'],
      ['ipv6', 'fe80::1', undefined, '2:26-2:33'],
    ],
  );
  assert.equal(r(a.range), '1:0-2:37', 'the entry spans the continuation line');
  assert.deepEqual(
    b.clients.map((c) => c.kind),
    ['netgroup', 'wildcard', 'anonymous', 'gss', 'hostname'],
  );
});

test('a quoted path with spaces and an octal escape decode; ranges stay on the source text', () => {
  const text = '"/srv/my share" h1(rw)\n/srv/x\\040y h2(ro)\n';
  const f = parseExports(text);
  assert.deepEqual(f.errors, []);
  assert.equal(f.entries[0].path, '/srv/my share');
  assert.equal(r(f.entries[0].pathRange), '0:0-0:15');
  assert.equal(r(f.entries[0].clients[0].hostRange), '0:16-0:18');
  assert.equal(f.entries[1].path, '/srv/x y');
  assert.equal(r(f.entries[1].pathRange), '1:0-1:11');
  assert.equal(r(f.entries[1].clients[0].hostRange), '1:12-1:14');
});

test('`-options` after the path are line defaults; a client\'s own options win', () => {
  const [e] = parseExports('/srv -rw,async h1 h2(sync,ro)\n').entries;
  assert.deepEqual(e.defaults!.options.map((o) => o.name), ['rw', 'async']);
  const [h1, h2] = e.clients;
  assert.deepEqual([eff(h1, 'access'), eff(h1, 'sync')], ['rw', 'async']);
  assert.equal(h1.effective.get('sync')!.source, e.defaults!.options[1]);
  assert.deepEqual([eff(h2, 'access'), eff(h2, 'sync')], ['ro', 'sync']);
});

test('`host (rw)`: the option list is detached and applies to every host', () => {
  const [e] = parseExports('/srv host1 (rw)\n').entries;
  const [host, world] = e.clients;
  assert.equal(host.kind, 'hostname');
  assert.equal(eff(host, 'access'), 'ro');
  assert.equal(world.kind, 'anonymous');
  assert.equal(world.implicit, 'no-host');
  assert.equal(world.detachedFrom, host);
  assert.equal(eff(world, 'access'), 'rw');
  assert.equal(r(world.tokenRange), '0:11-0:15');
});

test('a path alone, or options without a host, export to every host', () => {
  const f = parseExports('/a\n/b (ro)\n/c -rw\n');
  assert.deepEqual(
    f.entries.map((e) => e.clients.map((c) => [c.kind, c.implicit, c.detachedFrom === undefined])),
    [[['anonymous', 'no-client', true]], [['anonymous', 'no-host', true]], [['anonymous', 'no-client', true]]],
  );
  assert.equal(eff(f.entries[2].clients[0], 'access'), 'rw', 'line defaults reach the implicit client');
});

test('errors are data, with positions and a fix where one is evident', () => {
  const text = [
    'srv h1(rw)',
    '/a h1(rw,,sync) h2(no_root_sqash) h3(rw=1) h4(anonuid) h5(fsid=abc)',
    '/b h1(rw h2(rw)x [2001:db8::1](rw) 10.0.0.1/40(rw) bad!host(rw) -ro',
    '"/c h1(rw)',
    '/d h1(sec=krb9) h2(xprtsec=tls:mtls) h3(sec=krb5p:krb5i)',
  ].join('\n');
  const f = parseExports(text);
  assert.deepEqual(
    f.errors.map((e) => [e.code, r(e.range), e.fix ? `${r(e.fix.range)}=${e.fix.newText}` : '']),
    [
      ['relativePath', '0:0-0:3', ''],
      ['emptyOption', '1:9-1:10', ''],
      ['unknownOption', '1:19-1:32', '1:19-1:32=no_root_squash'],
      ['optionTakesNoValue', '1:37-1:41', '1:37-1:41=rw'],
      ['optionNeedsValue', '1:46-1:53', ''],
      ['badOptionValue', '1:63-1:66', ''],
      ['unclosedOptions', '2:5-2:8', '2:8-2:8=)'],
      ['textAfterOptions', '2:15-2:16', ''],
      ['bracketedIpv6', '2:17-2:30', '2:17-2:30=2001:db8::1'],
      ['badCidr', '2:35-2:46', ''],
      ['badClient', '2:51-2:59', ''],
      ['misplacedDefaults', '2:64-2:67', ''],
      ['unterminatedQuote', '3:0-3:10', ''],
      ['badOptionValue', '4:10-4:14', ''],
    ],
  );
  assert.equal(f.errors[2].data.suggestion, 'no_root_squash');
  assert.equal(f.entries.length, 5, 'every line still yields an entry');
});

test('CRLF line endings give the same positions', () => {
  const lf = '# c\n/srv \\\n  h1(rw)\n/x h2(ro)\n';
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = parseExports(lf);
  const b = parseExports(crlf);
  const shape = (f: typeof a) => f.entries.map((e) => [e.path, r(e.range), e.clients.map((c) => [c.host, r(c.tokenRange)])]);
  assert.deepEqual(shape(b), shape(a));
  assert.deepEqual(b.errors, []);
});

test('squash_uids keeps its comma-separated numbers', () => {
  const f = parseExports('/srv h1(squash_uids=0-15,20,rw)\n');
  assert.deepEqual(f.errors, []);
  assert.deepEqual(f.entries[0].clients[0].options!.options.map((o) => o.text), ['squash_uids=0-15,20', 'rw']);
});

test('encryption: only krb5p everywhere, or xprtsec tls/mtls', () => {
  const cs = parseExports('/s a(sec=krb5p) b(sec=krb5p:sys) c(xprtsec=tls) d(xprtsec=none:tls) e(rw)\n').entries[0].clients;
  assert.deepEqual(cs.map(isEncrypted), [true, false, true, false, false]);
});

test('helpers: path normalization, option defaults, did-you-mean', () => {
  assert.equal(normalizeExportPath('/home/wwwroot/upload/'), '/home/wwwroot/upload');
  assert.equal(normalizeExportPath('//a//b'), '/a/b');
  assert.equal(normalizeExportPath('/'), '/');
  assert.deepEqual(exportOptionsWithDefaults([]), ['rw', 'sync', 'root_squash', 'no_subtree_check']);
  assert.deepEqual(exportOptionsWithDefaults(['ro', 'no_root_squash']), ['ro', 'no_root_squash', 'sync', 'no_subtree_check']);
  assert.equal(nearestOption('no_subtre_check'), 'no_subtree_check');
  assert.equal(nearestOption('x'), undefined);
});

test('never throws, and every range lies inside the text', () => {
  const alphabet = fc.constantFrom('/', 'a', ' ', '\t', '\n', '\r', '\\', '"', '#', '(', ')', ',', '=', '*', '@', '-', '1', '.', ':', '0', '7');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 80 }).map((a) => a.join('')), (text) => {
      const f = parseExports(text);
      const lines = text.split(/\r\n|\n|\r/);
      const inside = (x: Range) =>
        x.start.line < lines.length && x.end.line < lines.length && x.end.character <= lines[x.end.line].length + 1;
      for (const e of f.errors) assert.ok(inside(e.range), JSON.stringify({ text, e }));
      for (const e of f.entries) {
        assert.ok(inside(e.pathRange));
        for (const c of e.clients) assert.ok(inside(c.hostRange) && inside(c.tokenRange));
      }
    }),
    { numRuns: Number(process.env.FUZZ_RUNS) || 500 },
  );
});
