/**
 * The SSH connection drops while Set Up runs `systemctl enable --now` (after /etc/exports got the
 * share's block): the undo runs over a new connection opened with the run's own session function.
 * When no new connection can be opened, the report says which host was left changed, which file
 * and where its backup is. End to end against a loopback sshd host.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/topology/model';
import { setUpShare, type NfsReport, type NfsRunOptions } from '../../../src/nfs/run';
import { SshError, sshError } from '../../../src/ssh/errors';
import { DEBIAN_OS_RELEASE, startNfsLab, type LabHost, type NfsLab } from '../../support/nfsLab';
import { STAMP, labRunOn, nfsLabYaml, tree } from '../support/nfsRun';

type Session = NfsRunOptions['session'];

const EXPORTS = '# /etc/exports\n/srv/keep 10.0.0.5(ro)\n';
const BLOCK =
  '# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,root_squash,no_subtree_check)\n# END dubbo-topology share upload\n';
const LOST = 'api-1: the SSH connection was lost during "systemctl enable --now rpcbind nfs-server"';

describe('Set Up when the SSH connection drops mid-way', () => {
  let lab: NfsLab;
  let topology: Topology;
  let server: LabHost;
  before(async () => {
    lab = await startNfsLab(['api-1', 'api-2']);
    topology = lab.load(nfsLabYaml(lab));
    server = lab.hosts.get('api-1')!;
    server.write('etc/os-release', DEBIAN_OS_RELEASE);
    server.install('exportfs');
  });
  after(async () => {
    await lab.stop();
  });
  beforeEach(() => {
    server.write('etc/exports', EXPORTS);
    server.clearCalls();
  });

  /** Runs Set Up and kills the host's SSH connections while `systemctl enable --now` runs. */
  async function setUpDroppingConnection(wrapSession?: (s: Session) => Session, locale?: NfsRunOptions['locale']): Promise<NfsReport> {
    const run = labRunOn(lab, topology, server, {
      locale,
      onProgress: (p) => {
        if (p.step === 'services') server.hold('systemctl');
      },
    });
    if (wrapSession) run.opts.session = wrapSession(run.opts.session);
    try {
      const going = setUpShare(run.opts);
      await server.whenHeld('systemctl');
      await server.sshd.killConnections();
      server.release('systemctl');
      return await going;
    } finally {
      server.release('systemctl');
      await run.close();
    }
  }

  test('reconnects once and undoes every change: /etc/exports byte for byte, no backup left, directories gone', async () => {
    const before = tree(server);
    const r = await setUpDroppingConnection();
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'connection-lost');
    assert.ok(r.message.startsWith(LOST), r.message);
    assert.deepEqual(r.restored, ['api-1']);
    assert.deepEqual(r.notRestored, []);
    assert.deepEqual(r.backups, []);
    assert.equal(r.steps.find((s) => s.step === 'rollback')?.ok, true);
    const calls = server.calls();
    assert.deepEqual(calls.slice(calls.indexOf('systemctl enable --now rpcbind nfs-server')), [
      'systemctl enable --now rpcbind nfs-server',
      // over the new connection, newest change first
      'systemctl stop rpcbind nfs-server',
      'systemctl disable rpcbind nfs-server',
      'exportfs -ra',
    ]);
    assert.equal(server.file('etc/exports'), EXPORTS);
    assert.deepEqual(tree(server), before);
  });

  test('when no new connection can be opened: the report names the host left changed, the file and its backup', async () => {
    let opened = 0;
    const r = await setUpDroppingConnection((session) => (id, signal) => {
      opened++;
      if (opened === 1) return session(id, signal);
      return Promise.reject(new SshError('connect-failed', id, `cannot connect to ${id}: connection refused`, { host: id }));
    });
    assert.equal(opened, 2, 'one connection for the run, one attempt to reconnect');
    const exports = `${server.root}/etc/exports`;
    const backup = `${server.root}/etc/exports.dubbo-topology-${STAMP}`;
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'connection-lost');
    assert.deepEqual(r.restored, []);
    assert.equal(r.notRestored.length, 1);
    const [n] = r.notRestored;
    assert.equal(n.host, 'api-1');
    assert.deepEqual(n.files, [{ file: exports, backup }]);
    assert.deepEqual(
      n.failed.map((f) => f.split(':')[0]),
      ['restore services', `restore ${exports}`, 'remove created directories'],
    );
    assert.equal(
      n.message,
      'api-1 was NOT restored: undoing the changes failed (restore services, restore ' +
        exports +
        ', remove created directories: cannot reconnect to api-1: cannot connect to api-1: connection refused). ' +
        `${exports} still has the change; its previous content is in ${backup}.`,
    );
    assert.ok(r.message.startsWith(LOST), r.message);
    assert.ok(r.message.endsWith(' ' + n.message), 'the notification text carries it');
    assert.deepEqual(r.backups, [{ host: 'api-1', file: exports, backup }]);
    assert.equal(r.steps.find((s) => s.step === 'rollback')?.ok, false);
    assert.equal(server.file('etc/exports'), EXPORTS + BLOCK, 'left as the report says');
    assert.equal(server.file(`etc/exports.dubbo-topology-${STAMP}`), EXPORTS, 'the backup holds the original');
    rmSync(join(server.root, 'home'), { recursive: true });
    rmSync(backup);
  });

  test('when no new connection can be opened (in Chinese): the undo steps are named in Chinese and joined with 、', async () => {
    let opened = 0;
    const r = await setUpDroppingConnection(
      (session) => (id, signal) => {
        opened++;
        if (opened === 1) return session(id, signal);
        return Promise.reject(new SshError('connect-failed', id, `cannot connect to ${id}: connection refused`, { host: id }));
      },
      'zh-cn',
    );
    const exports = `${server.root}/etc/exports`;
    const backup = `${server.root}/etc/exports.dubbo-topology-${STAMP}`;
    assert.equal(r.notRestored.length, 1);
    const [n] = r.notRestored;
    assert.equal(
      n.message,
      `api-1 未能恢复：撤销更改失败（恢复服务状态、恢复 ${exports}、删除创建的目录：无法重新连接 api-1：cannot connect to api-1: connection refused）。` +
        `${exports} 仍保留此次更改；原内容在 ${backup} 中。`,
    );
    assert.deepEqual(
      n.failed.map((f) => f.split(':')[0]),
      ['restore services', `restore ${exports}`, 'remove created directories'],
      'the record stays in English',
    );
    assert.equal(server.file('etc/exports'), EXPORTS + BLOCK);
    rmSync(join(server.root, 'home'), { recursive: true });
    rmSync(backup);
  });

  test('a host that cannot be reached (in Chinese): the SSH error is told in Chinese, the system\'s words in parentheses', async () => {
    const refused = (id: string) => sshError('connect-failed', 'connect/refused', { host: id, target: 'deploy@127.0.0.1:1', address: '127.0.0.1', detail: 'connect ECONNREFUSED 127.0.0.1:1' });
    const zh = labRunOn(lab, topology, server, { locale: 'zh-cn' });
    zh.opts.session = (id) => Promise.reject(refused(id));
    const r = await setUpShare(zh.opts);
    await zh.close();
    assert.equal(r.ok, false);
    assert.equal(r.error?.code, 'ssh');
    assert.match(r.message, /^api-1：无法连接到 api-1（deploy@127\.0\.0\.1:1）：连接被拒绝，.*（connect ECONNREFUSED 127\.0\.0\.1:1）$/);
    const en = labRunOn(lab, topology, server, {});
    en.opts.session = (id) => Promise.reject(refused(id));
    const r2 = await setUpShare(en.opts);
    await en.close();
    assert.match(r2.message, /^api-1: cannot connect to api-1 \(deploy@127\.0\.0\.1:1\): the connection was refused/);
    assert.equal(server.file('etc/exports'), EXPORTS);
  });

  test('cancelled while the connection drops (in Chinese): the message does not claim the changes were undone', async () => {
    const ac = new AbortController();
    let opened = 0;
    const run = labRunOn(lab, topology, server, {
      locale: 'zh-cn',
      signal: ac.signal,
      onProgress: (p) => {
        if (p.step === 'services') {
          ac.abort();
          void server.sshd.killConnections();
        }
      },
    });
    const session = run.opts.session;
    run.opts.session = (id, signal) => {
      opened++;
      if (opened === 1) return session(id, signal);
      return Promise.reject(new SshError('connect-failed', id, `cannot connect to ${id}: connection refused`, { host: id }));
    };
    const r = await setUpShare(run.opts);
    await run.close();
    const exports = `${server.root}/etc/exports`;
    const backup = `${server.root}/etc/exports.dubbo-topology-${STAMP}`;
    assert.equal(r.cancelled, true);
    assert.deepEqual(r.restored, []);
    assert.equal(r.notRestored.length, 1);
    assert.ok(r.message.startsWith('已在 api-1 上取消。api-1 未能恢复：撤销更改失败（'), r.message);
    assert.doesNotMatch(r.message, /restore|remove|。；/, 'the undo steps are named in Chinese, one full stop');
    assert.ok(!r.message.includes('更改已撤销'), r.message);
    assert.ok(r.message.endsWith(`${exports} 仍保留此次更改；原内容在 ${backup} 中。`), r.message);
    assert.equal(server.file('etc/exports'), EXPORTS + BLOCK);
    rmSync(join(server.root, 'home'), { recursive: true });
    rmSync(backup);
  });
});
