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
  upsertExport,
  type ExportSpec,
} from '../../../src/nfs/exportsEdit';
import { escapeFstabField, fstabLine, fstabOptions, nfsSource, removeFstab, upsertFstab, type MountSpec } from '../../../src/nfs/fstabEdit';
import { removeBlock, upsertBlock, type BlockResult } from '../../../src/nfs/managedBlock';

const seed: ExportSpec = { shareId: 'upload', path: '/home/wwwroot/upload', clients: ['139.159.250.207'], options: ['rw', 'sync'] };
const mount: MountSpec = { shareId: 'upload', server: '139.159.250.7', path: '/home/wwwroot/upload', mountPoint: '/home/wwwroot/upload', options: ['rw'] };

function ok(r: BlockResult): { text: string; changed: boolean } {
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
  const line = fc.array(fc.constantFrom('/', 'a', ' ', '#', '(', ')', 'r', 'w', '\t', '\\'), { maxLength: 12 }).map((a) => a.join(''));
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
