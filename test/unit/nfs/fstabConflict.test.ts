/**
 * Mount with "add to /etc/fstab" next to a line of the user's for the same mount point: refused
 * before anything changes, naming the line, instead of writing a second entry (both would be
 * mounted at boot). End to end against a loopback sshd host.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Topology } from '../../../src/core/topology/model';
import { mountShare, unmountShare } from '../../../src/nfs/run';
import { ROCKY_OS_RELEASE, startNfsLab, type LabHost, type NfsLab } from '../../support/nfsLab';
import { labRunOn, nfsLabYaml, tree } from '../support/nfsRun';

const HEAD = '# /etc/fstab\nUUID=1234-abcd / ext4 errors=remount-ro 0 1\n';
const USER_LINE = '139.159.250.7:/home/wwwroot/upload  /home/wwwroot/upload/  nfs  rw,hard  0 0';
const FSTAB_BLOCK =
  '# BEGIN dubbo-topology share upload\n139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0\n# END dubbo-topology share upload\n';

describe('Mount refuses to add a second /etc/fstab entry for the mount point', () => {
  let lab: NfsLab;
  let topology: Topology;
  let client: LabHost;
  before(async () => {
    lab = await startNfsLab(['api-1', 'api-2']);
    topology = lab.load(nfsLabYaml(lab));
    client = lab.hosts.get('api-2')!;
    client.write('etc/os-release', ROCKY_OS_RELEASE);
  });
  after(async () => {
    await lab.stop();
  });
  beforeEach(() => client.clearCalls());

  test('an unmanaged line for the mount point: refused before any change, the error names the line', async () => {
    client.uninstall('mount.nfs');
    const fstab = HEAD + USER_LINE + '\n';
    client.write('etc/fstab', fstab);
    const before = tree(client);
    const run = labRunOn(lab, topology, client, { answers: [true] });
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'fstab-conflict');
    assert.equal(
      r.message,
      `api-2: /etc/fstab already has an entry for /home/wwwroot/upload outside the managed block (line 3: ${USER_LINE}). ` +
        "Both would be mounted at boot, so the share's line was not added: remove or comment out that entry, or mount without adding to /etc/fstab.",
    );
    assert.deepEqual(run.questions, [], 'refused before offering to install anything');
    assert.deepEqual(client.calls(), [], 'nothing was mounted');
    assert.deepEqual(tree(client), before, 'no byte changed, no backup made');
    assert.deepEqual(r.backups, []);
  });

  test('in Chinese too', async () => {
    const run = labRunOn(lab, topology, client, { locale: 'zh-cn' });
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.error?.code, 'fstab-conflict');
    assert.ok(r.message.startsWith(`api-2：/etc/fstab 在托管块之外已有 /home/wwwroot/upload 的条目（第 3 行：${USER_LINE}）。`), r.message);
  });

  test('mounting without persisting still works and leaves the user\'s line alone', async () => {
    client.install('mount.nfs');
    const run = labRunOn(lab, topology, client);
    const r = await mountShare({ ...run.opts, persist: false });
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.equal(client.file('etc/fstab'), HEAD + USER_LINE + '\n');
    const u = labRunOn(lab, topology, client);
    const ru = await unmountShare({ ...u.opts, removeExport: false });
    await u.close();
    assert.equal(ru.ok, true, ru.message);
    assert.equal(client.file('etc/fstab'), HEAD + USER_LINE + '\n');
  });

  test('a commented-out line or another mount point is no conflict', async () => {
    const fstab = HEAD + '# ' + USER_LINE + '\n139.159.250.7:/home/wwwroot/upload /mnt/upload nfs ro 0 0\n';
    client.write('etc/fstab', fstab);
    const run = labRunOn(lab, topology, client);
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.equal(client.file('etc/fstab'), fstab + FSTAB_BLOCK);
    const u = labRunOn(lab, topology, client);
    const ru = await unmountShare({ ...u.opts, removeExport: false });
    await u.close();
    assert.equal(ru.ok, true, ru.message);
    assert.equal(client.file('etc/fstab'), fstab);
  });
});
