/**
 * /etc/exports and /etc/fstab are bytes in whatever encoding their authors used. Set Up, Mount and
 * Unmount / Remove, end to end against loopback sshd hosts, keep every byte outside the managed
 * block (a Latin-1 comment, a GBK comment), in the file and in its backup, and Remove gives the
 * original bytes back.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../../../src/core/topology/model';
import { mountShare, setUpShare, unmountShare } from '../../../src/nfs/run';
import { DEBIAN_OS_RELEASE, startNfsLab, type LabHost, type NfsLab } from '../../support/nfsLab';
import { STAMP, labRunOn, nfsLabYaml } from '../support/nfsRun';

/** `# café (Latin-1)`: é is the single byte E9, not valid UTF-8. */
const LATIN1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(' (Latin-1)\n')]);
/** `# 共享目录 导出` in GBK. */
const GBK = Buffer.concat([Buffer.from('# '), Buffer.from([0xb9, 0xb2, 0xcf, 0xed, 0xc4, 0xbf, 0xc2, 0xbc]), Buffer.from(' '), Buffer.from([0xb5, 0xbc, 0xb3, 0xf6]), Buffer.from('\n')]);

const EXPORTS = Buffer.concat([LATIN1, GBK, Buffer.from('/srv/x 10.0.0.1(ro)\n')]);
const FSTAB = Buffer.concat([Buffer.from('# /etc/fstab\n'), GBK, Buffer.from('UUID=1234-abcd / ext4 errors=remount-ro 0 1\n'), LATIN1]);
const BLOCK = Buffer.from(
  '# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n# END dubbo-topology share upload\n',
);
const FSTAB_BLOCK = Buffer.from(
  '# BEGIN dubbo-topology share upload\n139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0\n# END dubbo-topology share upload\n',
);

describe('NFS commands keep the bytes of /etc/exports and /etc/fstab', () => {
  let lab: NfsLab;
  let topology: Topology;
  let server: LabHost;
  let client: LabHost;
  before(async () => {
    lab = await startNfsLab(['api-1', 'api-2']);
    topology = lab.load(nfsLabYaml(lab));
    server = lab.hosts.get('api-1')!;
    client = lab.hosts.get('api-2')!;
    for (const h of [server, client]) h.write('etc/os-release', DEBIAN_OS_RELEASE);
    server.install('exportfs');
    client.install('mount.nfs');
  });
  after(async () => {
    await lab.stop();
  });

  test('the test files are not UTF-8 (a decoder would have to replace bytes)', () => {
    for (const b of [EXPORTS, FSTAB]) assert.ok(!Buffer.from(b.toString('utf8'), 'utf8').equals(b));
  });

  test('Set Up appends the block after the original bytes; the backup holds the original bytes', async () => {
    server.write('etc/exports', EXPORTS);
    const run = labRunOn(lab, topology, server);
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(server.bytes('etc/exports'), Buffer.concat([EXPORTS, BLOCK]));
    assert.deepEqual(server.bytes(`etc/exports.dubbo-topology-${STAMP}`), EXPORTS);
    assert.ok(!run.logLines.some((l) => l.includes(EXPORTS.toString('base64').slice(0, 16))), 'the encoded file is not dumped into the log');
  });

  test('Set Up again changes no byte', async () => {
    const run = labRunOn(lab, topology, server);
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(r.backups, []);
    assert.deepEqual(server.bytes('etc/exports'), Buffer.concat([EXPORTS, BLOCK]));
  });

  test('Mount with persist appends the fstab block after the original bytes; the backup holds them', async () => {
    client.write('etc/fstab', FSTAB);
    const run = labRunOn(lab, topology, client);
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(client.bytes('etc/fstab'), Buffer.concat([FSTAB, FSTAB_BLOCK]));
    assert.deepEqual(client.bytes(`etc/fstab.dubbo-topology-${STAMP}`), FSTAB);
  });

  test('Unmount / Remove give both files back byte for byte', async () => {
    const rc = labRunOn(lab, topology, client);
    const u = await unmountShare({ ...rc.opts, removeExport: false });
    await rc.close();
    assert.equal(u.ok, true, u.message);
    assert.deepEqual(client.bytes('etc/fstab'), FSTAB);

    const rs = labRunOn(lab, topology, server);
    const r = await unmountShare({ ...rs.opts, clients: [], removeExport: true });
    await rs.close();
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(server.bytes('etc/exports'), EXPORTS);
  });

  test('a failed Set Up restores the original bytes', async () => {
    server.fail('exportfs', 'exportfs: simulated failure');
    try {
      const run = labRunOn(lab, topology, server);
      const r = await setUpShare(run.opts);
      await run.close();
      assert.equal(r.ok, false);
      assert.deepEqual(r.restored, ['api-1']);
      assert.deepEqual(server.bytes('etc/exports'), EXPORTS);
    } finally {
      server.heal('exportfs');
    }
  });
});
