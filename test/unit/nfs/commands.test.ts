/**
 * The NFS commands end to end against real sshd processes on loopback, with a sandbox root per host
 * and recorded stand-ins for mount, umount, findmnt, exportfs, showmount, systemctl and the package
 * managers. What runs for real: SSH, the shell, every file edit, backup and restore. What stops at
 * the boundary: the kernel mount and the NFS daemons (stand-ins record the calls).
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/topology/model';
import { mountShare, setUpShare, unmountShare } from '../../../src/nfs/run';
import { DEBIAN_OS_RELEASE, ROCKY_OS_RELEASE, startNfsLab, type LabHost, type NfsLab, type NfsPrompter } from '../../support/nfsLab';
import { STAMP, labRunOn, nfsLabYaml, tree, type LabRunExtra } from '../support/nfsRun';

const SERVER_EXPORTS = '# /etc/exports: the access control list for filesystems which may be exported\n#\t\tto NFS clients.  See exports(5).\n';
const CLIENT_FSTAB = '# /etc/fstab\nUUID=1234-abcd / ext4 errors=remount-ro 0 1\n';
const BLOCK =
  '# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n# END dubbo-topology share upload\n';
const FSTAB_BLOCK =
  '# BEGIN dubbo-topology share upload\n139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0\n# END dubbo-topology share upload\n';

describe('NFS commands against real sshd hosts', () => {
  let lab: NfsLab;
  let topology: Topology;
  let server: LabHost;
  let client: LabHost;
  before(async () => {
    lab = await startNfsLab(['api-1', 'api-2']);
    topology = lab.load(nfsLabYaml(lab));
    server = lab.hosts.get('api-1')!;
    client = lab.hosts.get('api-2')!;
  });
  after(async () => {
    await lab.stop();
  });

  const on = (h: LabHost, extra: LabRunExtra = {}) => labRunOn(lab, topology, h, extra);

  beforeEach(() => {
    for (const h of [server, client]) {
      h.clearCalls();
      for (const t of ['mount', 'umount', 'findmnt', 'exportfs', 'systemctl', 'apt-get', 'dnf']) h.heal(t);
    }
  });

  test('Set Up: detects Debian, installs after confirmation, backs up and writes /etc/exports, starts services, verifies', async () => {
    server.write('etc/os-release', DEBIAN_OS_RELEASE);
    server.write('etc/exports', SERVER_EXPORTS);
    server.uninstall('exportfs');
    const run = on(server, { answers: [true] });
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.equal(r.message, 'Share upload is exported by api-1.');
    assert.deepEqual(run.questions, [
      {
        kind: 'install',
        host: 'api-1',
        packages: ['nfs-kernel-server'],
        commands: ['apt-get update', 'DEBIAN_FRONTEND=noninteractive apt-get install -y nfs-kernel-server'],
      },
    ]);
    assert.deepEqual(server.calls(), [
      'apt-get update',
      'apt-get install -y nfs-kernel-server',
      'systemctl is-enabled rpcbind',
      'systemctl is-active rpcbind',
      'systemctl is-enabled nfs-server',
      'systemctl is-active nfs-server',
      'systemctl enable --now rpcbind nfs-server',
      'exportfs -ra',
      'exportfs -v',
      'showmount -e 127.0.0.1',
    ]);
    assert.equal(server.file('etc/exports'), SERVER_EXPORTS + BLOCK);
    assert.equal(server.file(`etc/exports.dubbo-topology-${STAMP}`), SERVER_EXPORTS, 'the backup holds the original');
    assert.deepEqual(r.backups, [{ host: 'api-1', file: `${server.root}/etc/exports`, backup: `${server.root}/etc/exports.dubbo-topology-${STAMP}` }]);
    assert.ok(server.exists('home/wwwroot/upload'), 'the exported directory exists');
    const state = JSON.parse(server.file('var/lib/dubbo-topology/nfs/upload.server.json')!);
    assert.deepEqual(state.installedPackages, ['nfs-kernel-server']);
    assert.deepEqual(state.services, { rpcbind: { enabled: 'disabled', active: 'inactive' }, 'nfs-server': { enabled: 'disabled', active: 'inactive' } });
    assert.deepEqual(state.createdDirs, [`${server.root}/home/wwwroot/upload`, `${server.root}/home/wwwroot`, `${server.root}/home`]);
    assert.deepEqual(
      run.progress.slice(0, 5),
      ['api-1 connect', 'api-1 privileges', 'api-1 distro', 'api-1 packages', 'api-1 install'],
    );
  });

  test('Set Up again changes nothing: no install, no backup, same bytes', async () => {
    const before = tree(server);
    const run = on(server);
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(run.questions, []);
    assert.deepEqual(r.backups, []);
    assert.deepEqual(server.calls(), [
      'systemctl is-enabled rpcbind',
      'systemctl is-active rpcbind',
      'systemctl is-enabled nfs-server',
      'systemctl is-active nfs-server',
      'systemctl enable --now rpcbind nfs-server',
      'exportfs -ra',
      'exportfs -v',
      'showmount -e 127.0.0.1',
    ]);
    const after = tree(server);
    assert.deepEqual(after, before, 'the sandbox is byte-for-byte the same (state file keeps the first run\'s record)');
  });

  test('Mount: Rocky client, mount with the share\'s options, fstab block with backup, findmnt, probe file', async () => {
    client.write('etc/os-release', ROCKY_OS_RELEASE);
    client.write('etc/fstab', CLIENT_FSTAB);
    client.install('mount.nfs');
    const run = on(client);
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.ok, true, r.message);
    assert.equal(r.message, 'Share upload is mounted on api-2.');
    assert.deepEqual(run.questions, [], 'nfs-utils is present: nothing to install');
    const mp = '<root>/home/wwwroot/upload';
    assert.deepEqual(client.calls(), [
      `findmnt -n -o SOURCE,FSTYPE -M ${mp}`,
      `mount -t nfs -o rw 139.159.250.7:/home/wwwroot/upload ${mp}`,
      `findmnt -n -o SOURCE,FSTYPE -M ${mp}`,
    ]);
    assert.equal(client.file('etc/fstab'), CLIENT_FSTAB + FSTAB_BLOCK);
    assert.equal(client.file(`etc/fstab.dubbo-topology-${STAMP}`), CLIENT_FSTAB);
    assert.deepEqual(readdirSync(join(client.root, 'home/wwwroot/upload')), [], 'the probe file was written, read back and removed');
    assert.ok(r.steps.some((s) => s.step === 'probe' && s.ok && s.commands[0].startsWith("printf '%s' 'dubbo-topology-probe ")));
    assert.deepEqual(r.warnings, []);
  });

  test('Unmount / Remove reverses both sides exactly (backups kept aside)', async () => {
    const run = on(client, { answers: [true] });
    // Each host has its own sandbox: run the client side, then the server side.
    const rc = await unmountShare({ ...run.opts, removeExport: false });
    await run.close();
    assert.equal(rc.ok, true, rc.message);
    assert.deepEqual(client.calls(), ['findmnt -n -o SOURCE,FSTYPE -M <root>/home/wwwroot/upload', 'umount <root>/home/wwwroot/upload']);
    assert.equal(client.file('etc/fstab'), CLIENT_FSTAB, 'fstab byte-for-byte as before the mount');
    assert.equal(client.exists('home'), false, 'the mount point the mount created is gone');
    assert.equal(client.exists('var/lib/dubbo-topology/nfs/upload.client.json'), false);
    assert.deepEqual(
      Object.keys(tree(client)).filter((f) => !f.includes('.dubbo-topology-')).sort(),
      ['etc/', 'etc/fstab', 'etc/os-release', 'var/', 'var/lib/', 'var/lib/dubbo-topology/', 'var/lib/dubbo-topology/nfs/'],
    );

    const rs = on(server, { answers: [true] });
    const r = await unmountShare({ ...rs.opts, clients: [], removeExport: true });
    await rs.close();
    assert.equal(r.ok, true, r.message);
    assert.equal(r.message, 'Share upload is unmounted and no longer exported.');
    assert.equal(server.file('etc/exports'), SERVER_EXPORTS, '/etc/exports byte-for-byte as before the setup');
    assert.deepEqual(server.calls(), [
      'exportfs -ra',
      'systemctl stop rpcbind nfs-server',
      'systemctl disable rpcbind nfs-server',
      'apt-get remove -y nfs-kernel-server',
    ]);
    assert.deepEqual(rs.questions.map((q) => [q.kind, q.packages]), [['remove-packages', ['nfs-kernel-server']]]);
    assert.equal(server.exists('home'), false, 'the empty directory the setup created is gone');
    assert.equal(existsTool(server, 'exportfs'), false, 'the package is removed');
  });

  test('a failing step restores the backup and leaves the host unchanged', async () => {
    server.write('etc/exports', SERVER_EXPORTS + '/srv/keep 10.0.0.5(ro)\n');
    server.uninstall('exportfs');
    const before = tree(server);
    server.fail('exportfs', 'exportfs: /home/wwwroot/upload: simulated failure');
    const run = on(server, { answers: [true, true] });
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'command-failed');
    assert.equal(r.error?.host, 'api-1');
    assert.match(r.message, /^api-1: "exportfs -ra" failed \(exit 32\): exportfs: \/home\/wwwroot\/upload: simulated failure$/);
    assert.deepEqual(r.restored, ['api-1']);
    assert.deepEqual(server.calls(), [
      'apt-get update',
      'apt-get install -y nfs-kernel-server',
      'systemctl is-enabled rpcbind',
      'systemctl is-active rpcbind',
      'systemctl is-enabled nfs-server',
      'systemctl is-active nfs-server',
      'systemctl enable --now rpcbind nfs-server',
      'exportfs -ra',
      // rollback, newest change first
      'systemctl stop rpcbind nfs-server',
      'systemctl disable rpcbind nfs-server',
      'exportfs -ra',
      'apt-get remove -y nfs-kernel-server',
    ]);
    assert.deepEqual(run.questions.map((q) => q.kind), ['install', 'remove-packages']);
    server.heal('exportfs');
    const after = tree(server);
    delete after['var/lib/dubbo-topology/nfs/'];
    delete before['var/lib/dubbo-topology/nfs/'];
    assert.deepEqual(after, before, 'files, backup and created directories: all as before');
    assert.equal(r.steps.find((s) => s.step === 'rollback')?.ok, true);
  });

  test('a failing verification on the client unmounts, restores fstab and removes the mount point', async () => {
    client.write('etc/fstab', CLIENT_FSTAB);
    const before = tree(client);
    client.fail('findmnt');
    // findmnt fails on the first (is it mounted?) and the verification call alike.
    const run = on(client);
    const r = await mountShare({ ...run.opts, persist: true });
    await run.close();
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'command-failed');
    assert.deepEqual(client.calls(), [
      'findmnt -n -o SOURCE,FSTYPE -M <root>/home/wwwroot/upload',
      'mount -t nfs -o rw 139.159.250.7:/home/wwwroot/upload <root>/home/wwwroot/upload',
      'findmnt -n -o SOURCE,FSTYPE -M <root>/home/wwwroot/upload',
      'umount <root>/home/wwwroot/upload',
    ]);
    assert.deepEqual(tree(client), before);
  });

  test('cancellation mid-way undoes the changes', async () => {
    server.write('etc/exports', SERVER_EXPORTS);
    server.install('exportfs');
    const before = tree(server);
    const ac = new AbortController();
    const run = on(server, {
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 'services') ac.abort();
      },
    });
    const r = await setUpShare(run.opts);
    await run.close();
    assert.equal(r.ok, false);
    assert.equal(r.cancelled, true);
    assert.equal(r.message, 'Cancelled on api-1; changes were undone.');
    assert.deepEqual(tree(server), before);
    assert.ok(server.calls().every((c) => !c.startsWith('systemctl enable')), 'nothing ran after the cancellation');
  });

  test('sudo: a non-root SSH user gets `sudo -k -S` with the password on stdin, never on a command line or in the log', async () => {
    server.write('etc/exports', SERVER_EXPORTS);
    server.install('id');
    server.install('sudo');
    writeFileSync(join(server.dir, 'sudo-password'), 's3cr3t pass\n');
    try {
      const run = on(server, { password: 's3cr3t pass' });
      const r = await setUpShare(run.opts);
      await run.close();
      assert.equal(r.ok, true, r.message);
      const calls = server.calls();
      assert.equal(calls[0], 'sudo -n true');
      assert.ok(calls.filter((c) => c.startsWith('sudo ')).slice(1).every((c) => c.startsWith("sudo -k -S -p  sh -c PATH=")), calls.join('\n'));
      assert.ok(calls.includes('exportfs -ra'), 'the privileged commands ran through sudo');
      assert.equal(server.file('etc/exports'), SERVER_EXPORTS + BLOCK);
      const everything = [...calls, ...run.logLines, JSON.stringify(r)].join('\n');
      assert.ok(!everything.includes('s3cr3t'), 'the password appears nowhere');

      const wrong = on(server, { password: 'wrong' });
      const before = tree(server);
      server.clearCalls();
      const w = await setUpShare(wrong.opts);
      await wrong.close();
      assert.equal(w.ok, false);
      assert.equal(w.error?.code, 'sudo-failed');
      assert.deepEqual((wrong.opts.prompter as NfsPrompter).forgotten, ['sudo:api-1']);
      assert.deepEqual(tree(server), before);
      assert.deepEqual(server.calls().map((c) => c.split(' ').slice(0, 3).join(' ')), ['sudo -n true', 'sudo -k -S']);
    } finally {
      server.uninstall('id');
      server.uninstall('sudo');
    }
  });
});

function existsTool(h: LabHost, tool: string): boolean {
  return readdirSync(h.bin).includes(tool);
}
