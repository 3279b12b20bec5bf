import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseExports } from '../../../src/core/nfs/exports';
import {
  escapeExportPath,
  exportLine,
  hasOtherExports,
  otherEntriesForPath,
  readExportBlock,
  removeExport,
  removeExportBytes,
  upsertExport,
  upsertExportBytes,
  type ExportSpec,
} from '../../../src/nfs/exportsEdit';
import {
  escapeFstabField,
  fstabLine,
  fstabOptions,
  nfsSource,
  otherFstabEntries,
  removeFstab,
  removeFstabBytes,
  upsertFstab,
  upsertFstabBytes,
  unescapeFstabField,
  type MountSpec,
} from '../../../src/nfs/fstabEdit';
import { removeBlock, upsertBlock, upsertBlockBytes, type BlockBytesResult, type BlockResult } from '../../../src/nfs/managedBlock';

const seed: ExportSpec = { shareId: 'upload', path: '/home/wwwroot/upload', clients: ['139.159.250.207'], options: ['rw', 'sync'] };
const mount: MountSpec = { shareId: 'upload', server: '139.159.250.7', path: '/home/wwwroot/upload', mountPoint: '/home/wwwroot/upload', options: ['rw'] };

function ok(r: BlockResult): { text: string; changed: boolean } {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r)}`);
  return r;
}

function okBytes(r: BlockBytesResult): { bytes: Buffer; changed: boolean } {
  assert.ok(r.ok, `expected success, got ${JSON.stringify(r)}`);
  return r;
}

const USER_EXPORTS = [
  '# /etc/exports: the access control list for filesystems which may be exported',
  '#\t\tto NFS clients.  See exports(5).',
  '',
  '/srv/homes       hostname1(rw,sync,no_subtree_check) hostname2(ro,sync,no_subtree_check)   ',
  '/srv/nfs4        gss/krb5i(rw,sync,fsid=0,crossmnt,no_subtree_check)',
  '',
].join('\n');

test('the export line: safe defaults fill what the share leaves open; parsed back by the exports parser', () => {
  assert.equal(exportLine(seed), '/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)');
  assert.equal(exportLine({ ...seed, options: [] }), '/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)');
  assert.equal(
    exportLine({ ...seed, clients: ['a', 'b'], options: ['ro', 'async'] }),
    '/home/wwwroot/upload a(ro,async,root_squash,no_subtree_check) b(ro,async,root_squash,no_subtree_check)',
  );
  const spaced = exportLine({ ...seed, path: '/srv/my share#1' });
  assert.equal(spaced.split(' ')[0], '/srv/my\\040share\\0431');
  const f = parseExports(spaced);
  assert.deepEqual(f.errors, []);
  assert.equal(f.entries[0].path, '/srv/my share#1');
  assert.equal(escapeExportPath('/a\\b"c\td'), '/a\\134b\\042c\\011d');
});

test('exports: adding to a typical file appends the block and keeps every other byte', () => {
  const added = ok(upsertExport(USER_EXPORTS, seed));
  assert.equal(added.changed, true);
  assert.equal(
    added.text,
    USER_EXPORTS +
      '# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n# END dubbo-topology share upload\n',
  );
  assert.ok(added.text.startsWith(USER_EXPORTS), 'user lines, comments and trailing blanks untouched');
  assert.deepEqual(readExportBlock(added.text, 'upload'), ['/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)']);
});

test('exports: running twice changes nothing', () => {
  const once = ok(upsertExport(USER_EXPORTS, seed)).text;
  const twice = ok(upsertExport(once, seed));
  assert.equal(twice.changed, false);
  assert.equal(twice.text, once);
});

test('exports: a changed share is rewritten in place, lines around it untouched', () => {
  const once = ok(upsertExport(USER_EXPORTS, seed)).text;
  const withTail = once + '/srv/later h9(ro)\n';
  const changed = ok(upsertExport(withTail, { ...seed, clients: ['139.159.250.207', '139.159.250.208'] }));
  assert.equal(changed.changed, true);
  assert.ok(changed.text.startsWith(USER_EXPORTS));
  assert.ok(changed.text.endsWith('# END dubbo-topology share upload\n/srv/later h9(ro)\n'));
  assert.match(changed.text, /139\.159\.250\.207\(.*\) 139\.159\.250\.208\(/);
});

test('exports: removal restores the original byte for byte (LF, CRLF, no final newline, empty)', () => {
  for (const original of [USER_EXPORTS, USER_EXPORTS.replace(/\n/g, '\r\n'), '/srv/a h1(rw)', '', '\n\n']) {
    const added = ok(upsertExport(original, seed)).text;
    const removed = ok(removeExport(added, 'upload'));
    assert.equal(removed.changed, true);
    assert.equal(removed.text, original, JSON.stringify(original));
  }
  const crlf = ok(upsertExport('/a h(rw)\r\n', seed)).text;
  assert.ok(!/[^\r]\n/.test(crlf), 'a CRLF file gets CRLF lines');
  const noEol = ok(upsertExport('/a h(rw)', seed)).text;
  assert.ok(!noEol.endsWith('\n'), 'a file without a final newline keeps that property');
});

test('exports: removal of a block in the middle keeps both sides; removing twice changes nothing', () => {
  const mid = ok(upsertExport(USER_EXPORTS, seed)).text + '# after\n';
  const removed = ok(removeExport(mid, 'upload'));
  assert.equal(removed.text, USER_EXPORTS + '# after\n');
  const again = ok(removeExport(removed.text, 'upload'));
  assert.equal(again.changed, false);
  assert.equal(again.text, removed.text);
});

test('exports: other shares\' blocks are independent', () => {
  const a = ok(upsertExport(USER_EXPORTS, seed)).text;
  const b = ok(upsertExport(a, { ...seed, shareId: 'logs', path: '/var/log/app' })).text;
  const withoutUpload = ok(removeExport(b, 'upload')).text;
  assert.equal(readExportBlock(withoutUpload, 'upload'), undefined);
  assert.deepEqual(readExportBlock(withoutUpload, 'logs'), ['/var/log/app 139.159.250.207(rw,sync,root_squash,no_subtree_check)']);
  assert.equal(ok(removeExport(withoutUpload, 'logs')).text, USER_EXPORTS);
});

test('exports: a damaged block is refused, not guessed at', () => {
  const begin = '# BEGIN dubbo-topology share upload\n';
  const end = '# END dubbo-topology share upload\n';
  assert.deepEqual(upsertExport('/a h(rw)\n' + begin + '/x y(rw)\n', seed), { ok: false, error: 'unterminated', line: 1 });
  assert.deepEqual(removeExport(end + '/a h(rw)\n', 'upload'), { ok: false, error: 'endWithoutBegin', line: 0 });
  assert.deepEqual(removeExport(begin + end + begin + end, 'upload'), { ok: false, error: 'duplicate', line: 2 });
  assert.deepEqual(upsertBlock('', 'a\nb', []), { ok: false, error: 'badId', line: 0 });
});

test('exports: hand-written entries for the same path and other exports are found', () => {
  const withSeed = '/home/wwwroot/upload 139.159.257.207(rw,sync,no_root_squash)\n';
  const added = ok(upsertExport(withSeed, seed)).text;
  assert.deepEqual(otherEntriesForPath(added, '/home/wwwroot/upload/', 'upload'), [1]);
  assert.equal(hasOtherExports(added, 'upload'), true);
  assert.equal(hasOtherExports(ok(upsertExport('# only comments\n', seed)).text, 'upload'), false);
});

test('property: for any user text without markers, add→remove is the identity and add is idempotent', () => {
  const line = fc.array(fc.constantFrom('/', 'a', ' ', '#', '(', ')', 'r', 'w', '\t', '\\', '\r', '\u00a0', '上'), { maxLength: 12 }).map((a) => a.join(''));
  const file = fc.tuple(fc.array(line, { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(([ls, eol, final]) =>
    ls.join(eol) + (final && ls.length > 0 ? eol : ''),
  );
  fc.assert(
    fc.property(file, (text) => {
      const once = ok(upsertExport(text, seed)).text;
      assert.equal(ok(upsertExport(once, seed)).changed, false);
      assert.equal(ok(removeExport(once, 'upload')).text, text);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS) || 300 },
  );
});

test('fstab: the managed line with _netdev,nofail; escaping; IPv6 source', () => {
  assert.equal(fstabLine(mount), '139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0');
  assert.deepEqual(fstabOptions([]), ['defaults', '_netdev', 'nofail']);
  assert.deepEqual(fstabOptions(['rw', 'nofail']), ['rw', 'nofail', '_netdev']);
  assert.equal(escapeFstabField('/mnt/my share'), '/mnt/my\\040share');
  assert.equal(nfsSource('2001:db8::7', '/srv'), '[2001:db8::7]:/srv');
});

test('fstab: round trip keeps the user\'s lines, twice changes nothing, removal reverses exactly', () => {
  const fstab = [
    '# /etc/fstab: static file system information.',
    'UUID=1234-abcd  /      ext4  errors=remount-ro 0 1',
    'UUID=beef       none   swap  sw                0 0',
    '',
  ].join('\n');
  const once = ok(upsertFstab(fstab, mount));
  assert.equal(
    once.text,
    fstab +
      '# BEGIN dubbo-topology share upload\n139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0\n# END dubbo-topology share upload\n',
  );
  assert.equal(ok(upsertFstab(once.text, mount)).changed, false);
  assert.equal(ok(removeFstab(once.text, 'upload')).text, fstab);
  assert.equal(ok(removeBlock(fstab, 'upload')).changed, false);
});

test('bytes: a Latin-1 and a GBK comment are kept byte for byte; the block is UTF-8; removal gives the bytes back', () => {
  // `# café` with é as the Latin-1 byte E9, `# 共享` in GBK, CRLF line ends.
  const file = Buffer.concat([
    Buffer.from('# caf'),
    Buffer.from([0xe9]),
    Buffer.from('\r\n# '),
    Buffer.from([0xb9, 0xb2, 0xcf, 0xed]),
    Buffer.from('\r\n/srv/x 10.0.0.1(ro)\r\n'),
  ]);
  const added = okBytes(upsertExportBytes(file, seed));
  assert.equal(added.changed, true);
  assert.deepEqual(added.bytes.subarray(0, file.length), file);
  assert.equal(
    added.bytes.subarray(file.length).toString('utf8'),
    '# BEGIN dubbo-topology share upload\r\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)\r\n# END dubbo-topology share upload\r\n',
  );
  assert.equal(okBytes(upsertExportBytes(added.bytes, seed)).changed, false);
  assert.deepEqual(okBytes(removeExportBytes(added.bytes, 'upload')).bytes, file);

  const fstab = Buffer.concat([Buffer.from('# '), Buffer.from([0xc4, 0xbf, 0xc2, 0xbc]), Buffer.from('\nUUID=1 / ext4 defaults 0 1')]);
  const withMount = okBytes(upsertFstabBytes(fstab, mount)).bytes;
  assert.deepEqual(withMount.subarray(0, fstab.length), fstab);
  assert.deepEqual(okBytes(removeFstabBytes(withMount, 'upload')).bytes, fstab);
});

test('bytes: a path and a share id outside ASCII are written as UTF-8 and found again', () => {
  const spec: ExportSpec = { ...seed, shareId: '上传', path: '/srv/上传' };
  const file = Buffer.from([0x23, 0x20, 0xe9, 0x0a]);
  const added = okBytes(upsertExportBytes(file, spec)).bytes;
  assert.equal(added.subarray(file.length).toString('utf8'), '# BEGIN dubbo-topology share 上传\n/srv/上传 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n# END dubbo-topology share 上传\n');
  assert.equal(okBytes(upsertExportBytes(added, spec)).changed, false);
  assert.deepEqual(okBytes(removeExportBytes(added, '上传')).bytes, file);
  assert.deepEqual(upsertBlockBytes(Buffer.from('# BEGIN dubbo-topology share 上传\n'), '上传', []), { ok: false, error: 'unterminated', line: 0 });
});

test('property: for any bytes, add→remove is the identity and add is idempotent', () => {
  // Any byte, with line breaks, blanks, `#` and bytes that are blanks in Latin-1 (A0, 85) made frequent.
  const byte = fc.oneof(fc.constantFrom(0x0a, 0x0d, 0x20, 0x09, 0x23, 0xa0, 0x85), fc.integer({ min: 0, max: 255 }));
  fc.assert(
    fc.property(fc.array(byte, { maxLength: 200 }), (arr) => {
      const file = Buffer.from(arr);
      const once = okBytes(upsertExportBytes(file, seed));
      assert.deepEqual(once.bytes.subarray(0, file.length), file, 'every original byte comes first, unchanged');
      assert.equal(okBytes(upsertExportBytes(once.bytes, seed)).changed, false);
      assert.deepEqual(okBytes(removeExportBytes(once.bytes, 'upload')).bytes, file);
    }),
    { numRuns: Number(process.env.FUZZ_RUNS) || 300 },
  );
});

test('fstab: entries of the user\'s for the same mount point are found (escapes, trailing slash, CRLF); comments and the share\'s own block are not', () => {
  const own = ok(upsertFstab('# /etc/fstab\r\n', mount)).text;
  assert.deepEqual(otherFstabEntries(own, '/home/wwwroot/upload', 'upload'), []);
  const text =
    own +
    '#139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw 0 0\r\n' +
    '  10.0.0.9:/x\t/home/wwwroot/upload/  nfs4 ro 0 0\r\n' +
    'UUID=1 /home/wwwroot nfs rw 0 0\r\n' +
    '/dev/sdb1 /mnt/my\\040share ext4 defaults 0 2';
  assert.deepEqual(otherFstabEntries(text, '/home/wwwroot/upload', 'upload'), [{ line: 6, text: '10.0.0.9:/x\t/home/wwwroot/upload/  nfs4 ro 0 0' }]);
  assert.deepEqual(otherFstabEntries(text, '/mnt/my share', 'upload'), [{ line: 8, text: '/dev/sdb1 /mnt/my\\040share ext4 defaults 0 2' }]);
  assert.deepEqual(otherFstabEntries(text, '/', 'upload'), []);
  assert.equal(unescapeFstabField(escapeFstabField('/a b\t\\c')), '/a b\t\\c');
});
