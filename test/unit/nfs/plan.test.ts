import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../../src/core/topology/parse';
import { backupPath, cmd, installCommands, packagesFor, planShare, renderPlan } from '../../../src/nfs/plan';
import { distroFamily, parseOsRelease } from '../../../src/nfs/run';
import { exampleDir } from '../support/context';
import { shareYaml } from '../support/nfs';

const example = () => parseTopology('dubbo-topology.yaml', readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8')).topology;

test('the seed\'s share: exported to api-2 by its external IP, mounted from api-1\'s external IP', () => {
  const { plan, problems } = planShare(example(), 'upload');
  assert.deepEqual(problems, []);
  assert.equal(plan!.server.id, 'api-1');
  assert.deepEqual([...plan!.clientAddresses], [['api-2', '139.159.250.207']]);
  assert.equal(plan!.exportLine, '/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash,no_subtree_check)', 'the topology\'s own options are kept');
  const [c] = plan!.clients;
  assert.equal(c.source, '139.159.250.7:/home/wwwroot/upload');
  assert.equal(cmd.mount(c.source, c.mount.mountPoint, ['rw']), 'mount -t nfs -o rw 139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload');
  assert.equal(c.fstabLine, '139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload nfs rw,_netdev,nofail 0 0');
});

test('the plan text lists both sides, the warnings, and executes nothing (en and zh-cn)', () => {
  const { plan } = planShare(example(), 'upload');
  const when = new Date('2026-01-02T03:04:05Z');
  const en = renderPlan(plan!, 'en', when);
  for (const s of [
    '# NFS plan: share upload',
    'api-1 (华东1) exports `/home/wwwroot/upload`; clients: api-2 (华东2) seen as 139.159.250.207.',
    'The share asks for no_root_squash',
    'api-2 mounts across regions over the public network',
    '`dnf install -y nfs-utils rpcbind` (yum)',
    '`apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nfs-kernel-server`',
    '/etc/exports.dubbo-topology-20260102T030405Z',
    '# BEGIN dubbo-topology share upload\n/home/wwwroot/upload 139.159.250.207(rw,sync,no_root_squash,no_subtree_check)\n# END dubbo-topology share upload',
    'systemctl enable --now rpcbind nfs-server',
    'mount -t nfs -o rw 139.159.250.7:/home/wwwroot/upload /home/wwwroot/upload',
    'findmnt -n -o SOURCE,FSTYPE -M /home/wwwroot/upload',
    'umount /home/wwwroot/upload',
    'refused before anything changes when `/etc/fstab` already has a line for the mount point outside the block',
  ]) {
    assert.ok(en.includes(s), `missing: ${s}`);
  }
  const zh = renderPlan(plan!, 'zh-cn', when);
  assert.ok(zh.startsWith('# NFS 计划：共享 upload'));
  assert.ok(zh.includes('共享要求 no_root_squash'));
});

test('the plan\'s summary lists the clients as the language lists them (zh-cn: joined with 、)', () => {
  const api3 = '      api-3:\n        internal: 172.16.8.102\n        external: 139.159.250.208\n';
  const yaml = shareYaml({ clients: '[api-2, api-3]' }).replace('services:\n  api:', api3 + 'services:\n  api:');
  const { plan } = planShare(parseTopology('dubbo-topology.yaml', yaml).topology, 'upload');
  const line = (locale: 'en' | 'zh-cn') => renderPlan(plan!, locale).split('\n').find((l) => l.startsWith('api-1'));
  assert.equal(line('en'), 'api-1 (华东1) exports `/home/wwwroot/upload`; clients: api-2 (华东2) seen as 139.159.250.207, api-3 (华东2) seen as 139.159.250.208.');
  assert.equal(line('zh-cn'), 'api-1（华东1）导出 `/home/wwwroot/upload`；客户端：api-2（华东2，地址 139.159.250.207）、api-3（华东2，地址 139.159.250.208）。');
});

test('problems: a client without route, unknown share, invalid options', () => {
  const noExternal = parseTopology('dubbo-topology.yaml', shareYaml().replace('external: 139.159.250.7\n', '')).topology;
  const r = planShare(noExternal, 'upload');
  assert.deepEqual(r.problems, [{ code: 'no-route', host: 'api-2' }]);
  assert.deepEqual(planShare(noExternal, 'nope').problems, [{ code: 'unknown-share', detail: 'nope' }]);
  const bad = parseTopology('dubbo-topology.yaml', shareYaml({ options: '[rw, sinc]' })).topology;
  assert.deepEqual(planShare(bad, 'upload').problems, [{ code: 'bad-options', detail: 'rw,sinc' }]);
});

test('distributions and package managers', () => {
  assert.deepEqual(parseOsRelease('NAME="Rocky"\nID="rocky"\nID_LIKE="rhel centos fedora"\n'), { id: 'rocky', idLike: ['rhel', 'centos', 'fedora'] });
  assert.equal(distroFamily('ubuntu', ['debian']), 'debian');
  assert.equal(distroFamily('centos', []), 'rhel');
  assert.equal(distroFamily('arch', []), undefined);
  assert.deepEqual(packagesFor('rhel', 'client'), ['nfs-utils']);
  assert.deepEqual(packagesFor('debian', 'client'), ['nfs-common']);
  assert.deepEqual(installCommands('yum', ['nfs-utils', 'rpcbind']), ['yum install -y nfs-utils rpcbind']);
  assert.equal(backupPath('/etc/exports', new Date('2026-01-02T03:04:05.678Z')), '/etc/exports.dubbo-topology-20260102T030405Z');
});

test('the plan warns of root on the share as the rule does: not beside all_squash; anonuid=0 where the server squashes', () => {
  const warnings = (options: string) => {
    const { plan } = planShare(parseTopology('dubbo-topology.yaml', shareYaml({ options })).topology, 'upload');
    const text = renderPlan(plan!, 'en');
    return ['no_root_squash', 'anonuid=0'].filter((w) => text.includes(`The share ${w === 'anonuid=0' ? 'maps squashed users to anonuid=0' : 'asks for no_root_squash'}`));
  };
  assert.deepEqual(warnings('[rw, sync, no_root_squash]'), ['no_root_squash']);
  assert.deepEqual(warnings('[rw, sync, all_squash, no_root_squash, anonuid=1000]'), []);
  assert.deepEqual(warnings('[rw, sync, all_squash, anonuid=0]'), ['anonuid=0']);
  assert.deepEqual(warnings('[rw, sync, anonuid=0]'), ['anonuid=0']);
  assert.deepEqual(warnings('[rw, sync, no_root_squash, anonuid=0]'), ['no_root_squash']);
});
