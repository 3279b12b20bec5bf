/** `dubbo-topology reach` against two real sshd hosts on loopback. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reachMain } from '../../../src/cliReach';
import { main } from '../../../src/cli';
import type { Locale } from '../../../src/core/types';
import { startLoopbackHosts, type LoopbackHosts } from '../../support/loopbackHosts';
import { tempDir } from '../../support/sshd';

let dir: string;
let lab: LoopbackHosts;

before(async () => {
  dir = tempDir('reach-cli-');
  lab = await startLoopbackHosts(dir);
  writeFileSync(join(dir, 'dubbo-topology.yaml'), lab.topology);
});

after(async () => {
  await lab?.stop();
});

async function reach(argv: string[], locale: Locale = 'en'): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  // HOME is the test folder: no agent, no ~/.ssh of the machine running the tests.
  const code = await reachMain(argv, locale, (s) => out.push(s), (s) => err.push(s), dir, { HOME: dir, USER: 'root' });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

test('reach --plan lists the attempts without connecting; --host picks the hosts; an unknown host is bad usage', async () => {
  const plan = await reach(['--plan', '--host', 'host-b']);
  assert.equal(plan.code, 0);
  assert.match(plan.out, /^# Reachability plan/);
  assert.match(plan.out, /## host-b/);
  assert.doesNotMatch(plan.out, /## host-a/);
  assert.match(plan.out, new RegExp(`127\\.0\\.0\\.1:${lab.hosts.get('host-a')!.port}`));
  const bad = await reach(['--host', 'nope']);
  assert.equal(bad.code, 2);
  assert.equal(bad.err, 'No host nope in the topology (there are: host-a, host-b).');
  assert.equal((await reach(['--timeout', 'x'])).code, 2);
  assert.equal((await reach(['--bogus'])).code, 2);
});

test('reach: each host tries the other over SSH; the JSON says what the topology expects and what happened', async () => {
  const r = await reach(['--known-hosts', lab.knownHostsFile, '--timeout', '2', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const report = JSON.parse(r.out) as { disagreements: number; hosts: { host: string; error?: string; attempts: { address: string; port: number; outcome: string; verdict: string; expected: string }[] }[] };
  assert.equal(report.disagreements, 0);
  assert.deepEqual(
    report.hosts.map((h) => [h.host, h.error, h.attempts.map((a) => `${a.address}:${a.port} ${a.expected} ${a.outcome} ${a.verdict}`)]),
    [
      ['host-a', undefined, [`127.0.0.2:${lab.idlePort} reachable refused not-listening`]],
      ['host-b', undefined, [`127.0.0.1:${lab.hosts.get('host-a')!.port} reachable open agrees`]],
    ],
  );
  assert.match(r.err, /checked host-a/);
  // The Markdown report in Chinese.
  const zh = await reach(['--known-hosts', lab.knownHostsFile, '--timeout', '2'], 'zh-cn');
  assert.equal(zh.code, 0);
  assert.match(zh.out, /^# 连通性检查/);
});

test('reach: an unknown host key is refused with its fingerprint and never written to known_hosts', async () => {
  const empty = join(dir, 'known_hosts.empty');
  writeFileSync(empty, '');
  const r = await reach(['--known-hosts', empty, '--host', 'host-a', '--timeout', '2', '--format', 'json']);
  assert.equal(r.code, 1);
  const [host] = (JSON.parse(r.out) as { hosts: { host: string; error?: string }[] }).hosts;
  assert.match(host.error ?? '', /^the host key of host-a is unknown \(\[127\.0\.0\.1\]:\d+, ssh-ed25519 SHA256:[A-Za-z0-9+/]+\) and was not trusted\./);
  assert.equal(readFileSync(empty, 'utf8'), '');
});

test('reach: a host that cannot be reached is reported as not checked and the command exits 1', async () => {
  const topo = lab.topology.replace(`port: ${lab.hosts.get('host-b')!.port}`, `port: ${lab.idlePort}`);
  const other = tempDir('reach-cli-down-');
  writeFileSync(join(other, 'dubbo-topology.yaml'), topo.replace(/identityFile: \.reach-lab\/id_lab/g, `identityFile: ${join(dir, '.reach-lab', 'id_lab')}`));
  const out: string[] = [];
  const code = await reachMain(['--known-hosts', lab.knownHostsFile, '--timeout', '2'], 'en', (s) => out.push(s), () => undefined, other, { HOME: other, USER: 'root' });
  assert.equal(code, 1);
  assert.match(out.join('\n'), /## host-b[\s\S]*Not checked: cannot connect to host-b \(root@127\.0\.0\.1:\d+\): the connection was refused/);
  // In Chinese the reason is explained in Chinese, the system's own words in parentheses.
  const zh: string[] = [];
  assert.equal(await reachMain(['--known-hosts', lab.knownHostsFile, '--timeout', '2'], 'zh-cn', (s) => zh.push(s), () => undefined, other, { HOME: other, USER: 'root' }), 1);
  assert.match(zh.join('\n'), /## host-b[^\n]*\n\n- ✗ 未检查：无法连接到 host-b（root@127\.0\.0\.1:\d+）：连接被拒绝，[^\n]*（connect ECONNREFUSED 127\.0\.0\.1:\d+）$/m);
  // The JSON keeps the English message.
  const json: string[] = [];
  await reachMain(['--known-hosts', lab.knownHostsFile, '--timeout', '2', '--format', 'json'], 'zh-cn', (s) => json.push(s), () => undefined, other, { HOME: other, USER: 'root' });
  const hostB = (JSON.parse(json.join('')) as { hosts: { host: string; error?: string }[] }).hosts.find((h) => h.host === 'host-b');
  assert.match(hostB?.error ?? '', /^cannot connect to host-b /);
});

test('the help names the reach command', () => {
  const out: string[] = [];
  assert.equal(main(['reach', '--help'], (s) => out.push(s), () => undefined), 0);
  assert.match(out.join('\n'), /Usage: dubbo-topology reach \[folder\]/);
});
