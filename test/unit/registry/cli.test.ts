/** `dubbo-topology registry` against a real ZooKeeper on loopback, in-process and as the built command. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registryMain } from '../../../src/cliRegistry';
import type { Locale } from '../../../src/core/types';
import { freePort } from '../../support/sshd';
import { registerZnodes, startLocalZooKeeper, zooKeeperSkipReason, type LocalZooKeeper } from '../../support/zookeeper';
import { repoRoot, tempWorkspace } from '../support/context';

const skip = zooKeeperSkipReason();
if (skip) console.log(`# registry CLI tests skipped: ${skip}`);

const ORDER = 'com.example.OrderService';
const url = (u: string) => encodeURIComponent(u);

async function run(argv: string[], locale: Locale = 'en', env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await registryMain(argv, locale, (s) => out.push(s), (s) => err.push(s), process.cwd(), env);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The built command, run as a user runs it (its exit waits for the asynchronous read). */
function command(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('dubbo-topology registry', { skip }, () => {
  let seed: LocalZooKeeper;
  let clean: LocalZooKeeper;
  let ws: string;

  before(async () => {
    [seed, clean] = await Promise.all([startLocalZooKeeper(), startLocalZooKeeper()]);
    await registerZnodes(seed, [
      `/dubbo/${ORDER}/providers/${url(`dubbo://192.168.27.102:20880/${ORDER}?application=order&side=provider`)}`,
      `/dubbo/${ORDER}/consumers/${url(`consumer://172.16.8.101/${ORDER}?application=api&side=consumer`)}`,
    ]);
    await registerZnodes(clean, [`/dubbo/${ORDER}/providers/${url(`dubbo://139.159.250.8:20880/${ORDER}?application=order&side=provider`)}`]);
    await registerZnodes(clean, [`/secured/${ORDER}/providers/${url(`dubbo://139.159.250.8:20880/${ORDER}?application=order&side=provider`)}`], { digest: 'dubbo:s3cret' });
    ws = tempWorkspace();
  });

  after(async () => {
    await seed?.stop();
    await clean?.stop();
  });

  test('the seed\'s registry: the report, and exit code 1', async () => {
    const r = await run([ws, '--connect', `127.0.0.1:${seed.port}`]);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^# Live registry check: registry$/m);
    assert.match(r.out, new RegExp(`Read from ZooKeeper 127\\.0\\.0\\.1:${seed.port} at `));
    assert.match(r.out, /^- ✗ `dubbo:\/\/192\.168\.27\.102:20880` — app-1 \(华东1\) · order/m);
    assert.match(r.out, /unreachable from api-2 \(华东2, subscribed\)/);
  });

  test('--format json: the findings as data; --locale zh-cn changes only the words', async () => {
    const r = await run([ws, '--connect', `127.0.0.1:${seed.port}`, '--format=json']);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.out) as { problemProviders: number; interfaces: { name: string; providers: { address: string; host: string; service: string; problems: { kind: string; callers?: { host: string; live: boolean }[] }[] }[] }[] };
    assert.equal(report.problemProviders, 1);
    const [p] = report.interfaces[0].providers;
    assert.deepEqual([p.address, p.host, p.service], ['192.168.27.102', 'app-1', 'order']);
    assert.deepEqual(p.problems, [{ kind: 'unreachable', callers: [{ host: 'api-2', region: 'east-2', live: true }] }]);
    const zh = await run([ws, '--connect', `127.0.0.1:${seed.port}`, '--locale', 'zh-cn'], 'zh-cn');
    assert.match(zh.out, /^# 在线注册中心检查：registry$/m);
  });

  test('a clean registry exits 0', async () => {
    const r = await run([ws, '--connect', `127.0.0.1:${clean.port}`, '--registry', 'registry']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /Every provider is reachable from the hosts that call it\./);
  });

  test('what cannot be checked exits 2 with a message: bad usage, unknown registry, no answer', async () => {
    for (const [argv, message] of [
      [[ws, '--connect', 'nohost'], /--connect needs HOST:PORT, not "nohost"/],
      [[ws, '--connect', '127.0.0.1:99999'], /--connect needs HOST:PORT/],
      [[ws, '--format', 'sarif'], /Unknown format "sarif": use text or json/],
      [[ws, '--timeout', '0'], /--timeout needs a positive number/],
      [[ws, '--bogus'], /Unknown option "--bogus"[\s\S]*Usage: dubbo-topology registry/],
      [[ws, '--registry', 'order'], /order is not a ZooKeeper service of the topology \(there are: registry\)/],
      [['/nonexistent-folder'], /No dubbo-topology\.yaml found in \/nonexistent-folder/],
    ] as [string[], RegExp][]) {
      const r = await run(argv);
      assert.equal(r.code, 2, argv.join(' '));
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
    const port = await freePort();
    const r = await run([ws, '--connect', `127.0.0.1:${port}`, '--timeout', '2']);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`Cannot read registry registry:\\n  127\\.0\\.0\\.1:${port}: cannot connect to ZooKeeper at 127\\.0\\.0\\.1:${port}: connection refused`));
    // In Chinese, why the registry could not be read is said in Chinese too.
    const zh = await run([ws, '--connect', `127.0.0.1:${port}`, '--timeout', '2'], 'zh-cn');
    assert.equal(zh.code, 2);
    assert.match(zh.err, new RegExp(`^无法读取注册中心 registry：\\n  127\\.0\\.0\\.1:${port}：无法连接到 127\\.0\\.0\\.1:${port} 上的 ZooKeeper：连接被拒绝（ECONNREFUSED）$`));
  });

  test('without --connect, the registry host\'s external then internal IP are tried, each named when it fails', async () => {
    const topo = join(ws, 'dubbo-topology.yaml');
    const original = readFileSync(topo, 'utf8');
    // api-1 (the registry's host) on loopback addresses, the registry on a port nothing listens on.
    const port = await freePort();
    const moved = original
      .replace('internal: 192.168.27.101', 'internal: 127.0.0.1')
      .replace('external: 139.159.250.7', 'external: 127.0.0.2')
      .replace(/(\n {2}registry:\n {4}kind: zookeeper\n {4}port: )2181/, `$1${port}`);
    assert.notEqual(moved, original);
    writeFileSync(topo, moved);
    try {
      const r = await run([ws, '--timeout', '1']);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`127\\.0\\.0\\.2:${port}: cannot connect[^\\n]*\\n {2}127\\.0\\.0\\.1:${port}: cannot connect`));
    } finally {
      writeFileSync(topo, original);
    }
  });

  test('a registry with ACLs: exit 2 saying where credentials go; DUBBO_TOPOLOGY_REGISTRY_DIGEST opens it', async () => {
    const args = [ws, '--connect', `127.0.0.1:${clean.port}`, '--root', '/secured', '--services-root', ''];
    const refused = await run(args);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /NOAUTH/);
    assert.match(refused.err, /DUBBO_TOPOLOGY_REGISTRY_DIGEST/);
    const zh = await run(args, 'zh-cn');
    assert.match(zh.err, /环境变量 DUBBO_TOPOLOGY_REGISTRY_DIGEST/);
    const wrong = await run(args, 'en', { DUBBO_TOPOLOGY_REGISTRY_DIGEST: 'dubbo:wrong' });
    assert.equal(wrong.code, 2);
    const ok = await run([...args, '--format', 'json'], 'en', { DUBBO_TOPOLOGY_REGISTRY_DIGEST: 'dubbo:s3cret' });
    assert.equal(ok.code, 0, ok.err);
    assert.equal((JSON.parse(ok.out) as { providers: number }).providers, 1);
  });

  test('a topology that does not parse: its errors with file:line, exit 2, nothing read', async () => {
    const broken = tempWorkspace({ 'dubbo-topology.yaml': 'version: 1\nregions:\n  east-1: [unclosed\n' });
    const r = await run([broken, '--connect', `127.0.0.1:${seed.port}`]);
    assert.equal(r.code, 2);
    assert.match(r.err, /^dubbo-topology\.yaml:\d+:\d+ error topology-syntax /m);
    assert.equal(r.out, '');
  });

  test('the built command waits for the read and exits with its code', async () => {
    const r = await command(['registry', ws, '--connect', `127.0.0.1:${seed.port}`, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { problemProviders: number }).problemProviders, 1);
    const help = await command(['registry', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: dubbo-topology registry \[folder\]/);
  });
});
