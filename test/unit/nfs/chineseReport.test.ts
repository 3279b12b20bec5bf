/**
 * The NFS commands' report in Chinese says everything in Chinese: what a failed verification found,
 * the lines and hosts it lists (joined with 、), and the undo steps. The English report says the
 * same in English. End to end against loopback sshd hosts.
 */
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Topology } from '../../../src/core/topology/model';
import { mountShare, setUpShare } from '../../../src/nfs/run';
import { DEBIAN_OS_RELEASE, ROCKY_OS_RELEASE, startNfsLab, type LabHost, type NfsLab } from '../../support/nfsLab';
import { labRunOn, nfsLabYaml, tree, type LabRunExtra } from '../support/nfsRun';

const SOURCE = '139.159.250.7:/home/wwwroot/upload';

describe('NFS reports in Chinese', () => {
  let lab: NfsLab;
  let topology: Topology;
  let server: LabHost;
  let client: LabHost;
  let fakes: string;
  before(async () => {
    lab = await startNfsLab(['api-1', 'api-2']);
    topology = lab.load(nfsLabYaml(lab));
    server = lab.hosts.get('api-1')!;
    client = lab.hosts.get('api-2')!;
    server.write('etc/os-release', DEBIAN_OS_RELEASE);
    server.install('exportfs');
    client.write('etc/os-release', ROCKY_OS_RELEASE);
    client.install('mount.nfs');
  });
  after(async () => {
    await lab.stop();
  });
  beforeEach(() => {
    fakes = mkdtempSync(join(tmpdir(), 'nfs-fakes-'));
    server.write('etc/exports', '# /etc/exports\n');
    client.write('etc/fstab', '# /etc/fstab\n');
  });
  afterEach(() => rmSync(fakes, { recursive: true, force: true }));

  /** Puts a program in front of the lab's stand-ins for one run. */
  function fake(name: string, script: string): void {
    writeFileSync(join(fakes, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(fakes, name), 0o755);
  }

  function on(h: LabHost, extra: LabRunExtra = {}) {
    return labRunOn(lab, topology, h, { pathPrefix: [fakes, h.bin], ...extra });
  }

  test('the other lines exporting the path: their numbers joined with 、', async () => {
    const other = '/home/wwwroot/upload 10.0.0.5(ro)\n/home/wwwroot/upload 10.0.0.6(ro)\n';
    for (const locale of ['en', 'zh-cn'] as const) {
      server.write('etc/exports', '# /etc/exports\n' + other);
      const run = on(server, { locale });
      const r = await setUpShare(run.opts);
      await run.close();
      assert.equal(r.ok, true, r.message);
      assert.deepEqual(
        r.warnings,
        locale === 'en'
          ? ['/etc/exports on api-1 also exports /home/wwwroot/upload outside the managed block (line 2, 3); exportfs applies both.']
          : ['api-1 上的 /etc/exports 在托管块之外也导出了 /home/wwwroot/upload（第 2、3 行）；exportfs 会同时应用两者。'],
      );
    }
  });

  test('a path the server does not list: the check is told in Chinese, and the server is restored', async () => {
    fake('showmount', 'echo "Export list for $2:"');
    const before = tree(server);
    const zh = on(server, { locale: 'zh-cn' });
    const r = await setUpShare(zh.opts);
    await zh.close();
    assert.equal(r.error?.code, 'verify-failed');
    assert.equal(r.message, 'api-1：验证失败：showmount -e 127.0.0.1 未列出 /home/wwwroot/upload');
    assert.deepEqual(r.restored, ['api-1']);
    assert.deepEqual(tree(server), before);
    const en = on(server);
    const r2 = await setUpShare(en.opts);
    await en.close();
    assert.equal(r2.message, 'api-1: verification failed: /home/wwwroot/upload is not listed by showmount -e 127.0.0.1');
  });

  test('a mount findmnt does not show as NFS: what it shows, in Chinese', async () => {
    fake('findmnt', `echo "${SOURCE} ext4"`);
    const zh = on(client, { locale: 'zh-cn' });
    const r = await mountShare(zh.opts);
    await zh.close();
    assert.equal(r.error?.code, 'verify-failed');
    assert.equal(r.message, `api-2：验证失败：findmnt 显示 /home/wwwroot/upload 上挂载的是 ${SOURCE}（ext4），应为 ${SOURCE}（nfs）`);
    const en = on(client);
    const r2 = await mountShare(en.opts);
    await en.close();
    assert.equal(r2.message, `api-2: verification failed: findmnt shows ${SOURCE} (ext4) at /home/wwwroot/upload, expected ${SOURCE} (nfs)`);
  });

  test('a probe file that reads back differently, in Chinese', async () => {
    fake('cat', 'case "$*" in *dubbo-topology-probe*) exit 0 ;; *) exec /bin/cat "$@" ;; esac');
    const zh = on(client, { locale: 'zh-cn' });
    const r = await mountShare(zh.opts);
    await zh.close();
    assert.equal(r.error?.code, 'verify-failed');
    assert.equal(r.message, 'api-2：验证失败：探测文件读回的内容与写入的不同');
    assert.deepEqual(r.restored, ['api-2']);
    const en = on(client);
    const r2 = await mountShare(en.opts);
    await en.close();
    assert.equal(r2.message, 'api-2: verification failed: probe file read back differently');
  });

  test('two lines of /etc/fstab for the mount point: numbers joined with 、, lines with ；', async () => {
    const a = `${SOURCE} /home/wwwroot/upload nfs rw 0 0`;
    const b = `${SOURCE} /home/wwwroot/upload/ nfs ro 0 0`;
    client.write('etc/fstab', `# /etc/fstab\n${a}\n${b}\n`);
    const zh = on(client, { locale: 'zh-cn' });
    const r = await mountShare({ ...zh.opts, persist: true });
    await zh.close();
    assert.equal(r.error?.code, 'fstab-conflict');
    assert.ok(r.message.startsWith(`api-2：/etc/fstab 在托管块之外已有 /home/wwwroot/upload 的条目（第 2、3 行：${a}；${b}）。`), r.message);
    const en = on(client);
    const r2 = await mountShare({ ...en.opts, persist: true });
    await en.close();
    assert.ok(r2.message.startsWith(`api-2: /etc/fstab already has an entry for /home/wwwroot/upload outside the managed block (line 2, 3: ${a}; ${b}).`), r2.message);
  });

  test('a read whose output is not base64: said in Chinese', async () => {
    fake('base64', 'if [ $# -eq 0 ]; then echo "%% not base64 %%"; else exec /usr/bin/base64 "$@"; fi');
    const zh = on(server, { locale: 'zh-cn' });
    const r = await setUpShare(zh.opts);
    await zh.close();
    assert.equal(r.error?.code, 'command-failed');
    assert.match(r.message, /^api-1："[^"]*base64[^"]*" 失败（退出码 0）：输出不是 base64$/);
    const en = on(server);
    const r2 = await setUpShare(en.opts);
    await en.close();
    assert.match(r2.message, /^api-1: "[^"]*base64[^"]*" failed \(exit 0\): the output is not base64$/);
  });

  test('a command that runs out of time: said in Chinese, not as an exit code', async () => {
    fake('exportfs', 'sleep 20');
    const zh = on(server, { locale: 'zh-cn', timeouts: { commandMs: 1500 } });
    const r = await setUpShare(zh.opts);
    await zh.close();
    assert.equal(r.error?.code, 'command-failed');
    assert.equal(r.message, 'api-1："exportfs -ra" 未在 1500 毫秒内完成，已被终止');
    const en = on(server, { timeouts: { commandMs: 1500 } });
    const r2 = await setUpShare(en.opts);
    await en.close();
    assert.equal(r2.message, 'api-1: "exportfs -ra" did not finish in 1500 ms and was stopped');
  });

  test('the services and packages a step names are joined with 、', async () => {
    const messages: string[] = [];
    const zh = on(server, { locale: 'zh-cn', onProgress: (p) => messages.push(p.message) });
    const r = await setUpShare(zh.opts);
    await zh.close();
    assert.equal(r.ok, true, r.message);
    assert.ok(messages.includes('正在 api-1 上启用并启动 rpcbind、nfs-server'), messages.join('\n'));
  });
});
