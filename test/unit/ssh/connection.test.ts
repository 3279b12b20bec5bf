import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { connect, type ConnectOptions } from '../../../src/ssh/connection';
import { SshError } from '../../../src/ssh/errors';
import { sshMessages, sshText } from '../../../src/core/sshMessages';
import { SshPool } from '../../../src/ssh/pool';
import type { ConnectTarget, Prompter } from '../../../src/ssh/types';
import { makeKey, sh, startAgent, startSshd, stopAllSshd, tempDir, writeKnownHosts, type SshdHost } from '../../support/sshd';

class TestPrompter implements Prompter {
  hostKeyQuestions: { hostId: string; name: string; type: string; fingerprint: string }[] = [];
  secretQuestions: string[] = [];
  forgotten: string[] = [];
  constructor(
    private trust = true,
    private secrets: Record<string, string[]> = {},
  ) {}
  async confirmUnknownHostKey(hostId: string, name: string, type: string, fingerprint: string) {
    this.hostKeyQuestions.push({ hostId, name, type, fingerprint });
    return this.trust;
  }
  async secret(key: string) {
    this.secretQuestions.push(key);
    return this.secrets[key]?.shift();
  }
  async forgetSecret(key: string) {
    this.forgotten.push(key);
  }
}

function targetOf(h: SshdHost, hostId: string, extra: Partial<ConnectTarget> = {}): ConnectTarget {
  return {
    hostId,
    host: '127.0.0.1',
    port: h.port,
    username: 'root',
    identityFiles: [h.clientKeyPath],
    knownHostsName: `[127.0.0.1]:${h.port}`,
    ...extra,
  };
}

async function rejectsWith(p: Promise<unknown>, code: string): Promise<SshError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SshError, `expected SshError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return e;
  }
  assert.fail(`expected ${code}`);
}

test('every SSH error message is written in English and Chinese, with the same values', () => {
  const slots = (x: string) => [...x.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  for (const [id, m] of Object.entries(sshMessages)) {
    assert.match(m['zh-cn'], /[\u4e00-\u9fff]|^（/, id);
    assert.equal(slots(m['zh-cn']), slots(m.en), id);
  }
  // A lost connection says why, in parentheses in Chinese.
  const ref = { id: 'lost/command', data: { host: 'app-1', target: 'deploy@10.0.0.1:22', command: 'systemctl restart order', detail: 'read ECONNRESET' } };
  assert.equal(sshText(ref, 'en'), 'connection to app-1 (deploy@10.0.0.1:22) lost during `systemctl restart order`: read ECONNRESET');
  assert.equal(sshText(ref, 'zh-cn'), '执行 `systemctl restart order` 时与 app-1（deploy@10.0.0.1:22）的连接中断（read ECONNRESET）');
});

describe('ssh connection against real sshd', () => {
  let dir: string;
  let h: SshdHost;
  let kh: string;
  const opts = (prompter: Prompter, more: Partial<ConnectOptions> = {}): ConnectOptions => ({ prompter, knownHostsFile: kh, ...more });

  before(async () => {
    dir = tempDir('ssh-conn-');
    h = await startSshd();
    kh = join(dir, 'known_hosts');
    writeKnownHosts(kh, [h]);
    writeFileSync(join(dir, 'big.bin'), randomBytes(64 * 1024 * 1024));
  });
  after(async () => {
    await stopAllSshd();
  });

  test('unknown host key: asks with the SHA256 fingerprint, remembers on consent', async () => {
    const file = join(dir, 'kh-unknown');
    const p = new TestPrompter(true);
    const s = await connect(targetOf(h, 'web-1'), { prompter: p, knownHostsFile: file });
    assert.equal(s.hostKeyStatus, 'accepted');
    s.close();
    assert.deepEqual(p.hostKeyQuestions, [{ hostId: 'web-1', name: `[127.0.0.1]:${h.port}`, type: 'ssh-ed25519', fingerprint: h.hostKeyFingerprint }]);
    assert.equal(readFileSync(file, 'utf8'), h.knownHostsLine + '\n');
    const p2 = new TestPrompter(false);
    const again = await connect(targetOf(h, 'web-1'), { prompter: p2, knownHostsFile: file });
    assert.equal(again.hostKeyStatus, 'known');
    assert.equal(p2.hostKeyQuestions.length, 0);
    again.close();
  });

  test('unknown host key declined: refused, nothing written', async () => {
    const file = join(dir, 'kh-declined');
    const e = await rejectsWith(connect(targetOf(h, 'web-1'), { prompter: new TestPrompter(false), knownHostsFile: file }), 'host-key-rejected');
    assert.match(e.message, /web-1/);
    assert.ok(!existsSync(file));
  });

  test('hashed known_hosts entries are honoured', async () => {
    const file = join(dir, 'kh-hashed');
    writeKnownHosts(file, [h]);
    const r = await import('../../support/sshd').then((m) => m.sh(`ssh-keygen -H -f '${file}'`));
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(file, 'utf8'), /^\|1\|/);
    const p = new TestPrompter(false);
    const s = await connect(targetOf(h, 'web-1'), { prompter: p, knownHostsFile: file });
    assert.equal(s.hostKeyStatus, 'known');
    assert.equal(p.hostKeyQuestions.length, 0);
    s.close();
  });

  test('changed host key: hard error naming the host, no question asked', async () => {
    const other = await startSshd();
    const file = join(dir, 'kh-changed');
    writeKnownHosts(file, [other]);
    const before = readFileSync(file, 'utf8');
    await other.restart({ newHostKey: true });
    const p = new TestPrompter(true);
    const e = await rejectsWith(connect(targetOf(other, 'order-2'), { prompter: p, knownHostsFile: file }), 'host-key-changed');
    assert.match(e.message, /order-2/);
    assert.match(e.message, new RegExp(other.hostKeyFingerprint.replace(/[+/]/g, '\\$&')));
    assert.equal(p.hostKeyQuestions.length, 0);
    assert.equal(readFileSync(file, 'utf8'), before);
    await other.stop();
  });

  test('exec: exported environment survives quoting, exit codes and stderr', async () => {
    writeKnownHosts(kh, [h]);
    const s = await connect(targetOf(h, 'web-1'), opts(new TestPrompter(false)));
    const r = await s.exec('printf "%s|%s" "$A" "$B"; echo oops >&2; exit 7', { env: { A: "it's $HOME `x`", B: 'two\nlines' } });
    assert.deepEqual(r, { code: 7, stdout: "it's $HOME `x`|two\nlines", stderr: 'oops\n' });
    assert.throws(() => s.exec('true', { env: { 'BAD-NAME': 'x' } }));
    const stdin = await s.exec('cat', { stdin: 'fed through stdin' });
    assert.equal(stdin.stdout, 'fed through stdin');
    s.close();
  });

  test('exec: timeout kills the command; abort rejects', async () => {
    const s = await connect(targetOf(h, 'web-1'), opts(new TestPrompter(false)));
    // Long enough for the channel to open and the shell to start on a busy machine.
    const r = await s.exec('echo started; sleep 30', { timeoutMs: 3_000 });
    assert.equal(r.code, null);
    assert.equal(r.timedOut, true);
    assert.equal(r.stdout, 'started\n');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    await rejectsWith(s.exec('sleep 31 & sleep 32; echo never', { signal: ac.signal }), 'aborted');
    // The remote commands (including the background one) are gone, not just the channel.
    await new Promise((res) => setTimeout(res, 1500));
    for (const marker of ['sleep 30', 'sleep 31', 'sleep 32']) {
      assert.equal((await sh(`pgrep -f '^${marker}$'`)).stdout, '', `${marker} still runs`);
    }
    // the connection stays usable
    assert.equal((await s.exec('echo ok')).stdout, 'ok\n');
    s.close();
  });

  test('sftp: upload with progress, read and write files', async () => {
    const s = await connect(targetOf(h, 'web-1'), opts(new TestPrompter(false)));
    const local = join(dir, 'payload.bin');
    const data = randomBytes(3 * 1024 * 1024 + 17);
    writeFileSync(local, data);
    const remote = join(dir, 'payload.remote');
    const seen: number[] = [];
    await s.upload(local, remote, { onProgress: (t, total) => {
      assert.equal(total, data.length);
      seen.push(t);
    } });
    assert.equal(seen[seen.length - 1], data.length);
    const sum = (await s.exec(`sha256sum '${remote}'`)).stdout.split(' ')[0];
    assert.equal(sum, createHash('sha256').update(data).digest('hex'));
    await s.writeFile(join(dir, 'w.txt'), 'héllo', { mode: 0o640 });
    assert.equal(readFileSync(join(dir, 'w.txt'), 'utf8'), 'héllo');
    assert.equal((await s.exec(`stat -c %a '${join(dir, 'w.txt')}'`)).stdout.trim(), '640');
    assert.equal((await s.readFile(join(dir, 'w.txt')))?.toString(), 'héllo');
    assert.equal(await s.readFile(join(dir, 'missing')), undefined);
    s.close();
  });

  test('sftp: abort during upload rejects as cancelled', async () => {
    const s = await connect(targetOf(h, 'web-1'), opts(new TestPrompter(false)));
    const local = join(dir, 'big.bin');
    const ac = new AbortController();
    const p = s.upload(local, join(dir, 'big.remote'), {
      signal: ac.signal,
      onProgress: (t) => {
        if (t > 1024 * 1024) ac.abort();
      },
    });
    await rejectsWith(p, 'aborted');
    s.close();
  });

  test('connection killed mid-upload: clear connection-lost error naming the host', async () => {
    const s = await connect(targetOf(h, 'app-2'), opts(new TestPrompter(false)));
    const local = join(dir, 'big.bin');
    let killed = false;
    const p = s.upload(local, join(dir, 'big.remote2'), {
      onProgress: (t) => {
        if (!killed && t > 1024 * 1024) {
          killed = true;
          void h.killConnections();
        }
      },
    });
    const e = await rejectsWith(p, 'connection-lost');
    assert.match(e.message, /app-2/);
    assert.match(e.message, /upload/);
    await rejectsWith(s.exec('true'), 'connection-lost');
  });

  test('identity file with a passphrase: asked through the prompter, wrong one forgotten', async () => {
    const kdir = tempDir('ssh-keys-');
    const key = await makeKey(kdir, 'id_locked', { passphrase: 'correct horse' });
    const locked = await startSshd({ authorizedKeys: [key.publicKey] });
    const file = join(dir, 'kh-locked');
    writeKnownHosts(file, [locked]);
    const secretKey = `ssh-passphrase:${key.path}`;
    const p = new TestPrompter(false, { [secretKey]: ['wrong', 'correct horse'] });
    const s = await connect(targetOf(locked, 'api-1', { identityFiles: [key.path] }), { prompter: p, knownHostsFile: file });
    assert.equal((await s.exec('echo in')).stdout, 'in\n');
    assert.deepEqual(p.secretQuestions, [secretKey, secretKey]);
    assert.deepEqual(p.forgotten, [secretKey]);
    s.close();
    await locked.stop();
  });

  test('no usable credential: auth-failed naming the host', async () => {
    const kdir = tempDir('ssh-keys-');
    const stranger = await makeKey(kdir, 'id_stranger');
    const e = await rejectsWith(
      connect(targetOf(h, 'api-2', { identityFiles: [stranger.path] }), opts(new TestPrompter(false))),
      'auth-failed',
    );
    assert.match(e.message, /api-2/);
  });

  test('ssh-agent authentication with a real agent', async () => {
    const kdir = tempDir('ssh-agent-');
    const key = await makeKey(kdir, 'id_agent');
    const srv = await startSshd({ authorizedKeys: [key.publicKey] });
    const agent = await startAgent(kdir);
    try {
      await agent.add(key.path);
      const file = join(dir, 'kh-agent');
      writeKnownHosts(file, [srv]);
      // Without the agent the server refuses us (no identity files).
      await rejectsWith(connect(targetOf(srv, 'app-1', { identityFiles: [] }), { prompter: new TestPrompter(false), knownHostsFile: file }), 'auth-failed');
      const s = await connect(targetOf(srv, 'app-1', { identityFiles: [], agent: agent.socket }), { prompter: new TestPrompter(false), knownHostsFile: file });
      assert.equal((await s.exec('whoami')).code, 0);
      s.close();
    } finally {
      await agent.stop();
      await srv.stop();
    }
  });

  test('jump host: the target is reached through a forwarded channel', async () => {
    const jump = await startSshd();
    const file = join(dir, 'kh-jump');
    writeKnownHosts(file, [jump, h]);
    const t = targetOf(h, 'inner', { via: targetOf(jump, 'bastion') });
    const s = await connect(t, { prompter: new TestPrompter(false), knownHostsFile: file });
    assert.equal((await s.exec('echo through')).stdout, 'through\n');
    // Killing the jump host's connections takes the target connection down with them.
    assert.ok((await jump.killConnections()) > 0);
    await rejectsWith(s.exec('sleep 5'), 'connection-lost');
    await jump.stop();
  });

  test('connect timeout when the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((c) => sockets.push(c));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as { port: number }).port;
    const e = await rejectsWith(
      connect({ hostId: 'mute', host: '127.0.0.1', port, username: 'root', identityFiles: [], knownHostsName: `[127.0.0.1]:${port}` }, { prompter: new TestPrompter(false), knownHostsFile: kh, timeouts: { connectMs: 400 } }),
      'connect-timeout',
    );
    assert.match(e.message, /mute/);
    for (const c of sockets) c.destroy();
    silent.close();
  });

  test('refused port: connect-failed naming the host', async () => {
    const port = await (await import('../../support/sshd')).freePort();
    const e = await rejectsWith(
      connect({ hostId: 'gone', host: '127.0.0.1', port, username: 'root', identityFiles: [], knownHostsName: `[127.0.0.1]:${port}` }, opts(new TestPrompter(false))),
      'connect-failed',
    );
    assert.match(e.message, /^cannot connect to gone \(root@127\.0\.0\.1:\d+\): the connection was refused, .*\(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/);
    assert.deepEqual([e.id, e.data.host, e.data.target], ['connect/refused', 'gone', `root@127.0.0.1:${port}`]);
    assert.match(sshText(e.ref!, 'zh-cn'), /^无法连接到 gone（root@127\.0\.0\.1:\d+）：连接被拒绝，.*（connect ECONNREFUSED 127\.0\.0\.1:\d+）$/);
  });

  test('pool: one connection per host, reopened after it drops', async () => {
    writeKnownHosts(kh, [h]);
    const pool = new SshPool({ prompter: new TestPrompter(false), knownHostsFile: kh });
    const t = targetOf(h, 'web-1');
    const [a, b] = await Promise.all([pool.get(t), pool.get(t)]);
    assert.equal(a, b);
    const pidA = (await a.exec('echo $PPID')).stdout;
    const pidB = (await b.exec('echo $PPID')).stdout;
    assert.equal(pidA, pidB);
    await h.killConnections();
    await new Promise((r) => a.onClose(() => r(undefined)));
    const c = await pool.get(t);
    assert.notEqual(c, a);
    assert.equal((await c.exec('echo back')).stdout, 'back\n');
    await pool.closeAll();
    assert.ok(c.closed);
  });

  test('pool: hosts sharing one SSH target share its connection, yet every error names the host asked for', async () => {
    const port = await (await import('../../support/sshd')).freePort();
    const pool = new SshPool({ prompter: new TestPrompter(false), knownHostsFile: kh });
    const refused = (hostId: string): ConnectTarget => ({ hostId, host: '127.0.0.1', port, username: 'deploy', identityFiles: [], knownHostsName: `[127.0.0.1]:${port}` });
    const [a, b] = await Promise.allSettled([pool.get(refused('api-1')), pool.get(refused('api-2'))]);
    assert.ok(a.status === 'rejected' && b.status === 'rejected');
    const ea = a.reason as SshError;
    const eb = b.reason as SshError;
    assert.deepEqual([ea.code, ea.hostId, eb.code, eb.hostId], ['connect-failed', 'api-1', 'connect-failed', 'api-2']);
    assert.match(ea.message, /^cannot connect to api-1 \(deploy@127\.0\.0\.1:\d+\)/);
    assert.match(eb.message, /^cannot connect to api-2 \(deploy@127\.0\.0\.1:\d+\)/);
    assert.doesNotMatch(eb.message, /api-1/);
    assert.equal(eb.data.host, 'api-2');

    writeKnownHosts(kh, [h]);
    const [s1, s2] = await Promise.all([pool.get(targetOf(h, 'app-1')), pool.get(targetOf(h, 'app-2'))]);
    assert.deepEqual([s1.hostId, s2.hostId], ['app-1', 'app-2']);
    assert.equal((await s1.exec('echo $PPID')).stdout, (await s2.exec('echo $PPID')).stdout, 'one connection');
    const lost = Promise.all([s1.exec('sleep 5').catch((e: unknown) => e), s2.exec('sleep 5').catch((e: unknown) => e)]);
    await new Promise((r) => setTimeout(r, 200));
    await h.killConnections();
    const [l1, l2] = (await lost) as SshError[];
    assert.deepEqual([l1.code, l1.hostId, l2.code, l2.hostId], ['connection-lost', 'app-1', 'connection-lost', 'app-2']);
    assert.match(l2.message, /app-2/);
    assert.doesNotMatch(l2.message, /app-1/);
    await pool.closeAll();
  });

  test('pool: an error of the jump host keeps naming the jump host', async () => {
    const port = await (await import('../../support/sshd')).freePort();
    const pool = new SshPool({ prompter: new TestPrompter(false), knownHostsFile: kh });
    const bastion: ConnectTarget = { hostId: 'bastion', host: '127.0.0.1', port, username: 'deploy', identityFiles: [], knownHostsName: `[127.0.0.1]:${port}` };
    const inner = (hostId: string) => targetOf(h, hostId, { via: bastion });
    const [a, b] = await Promise.allSettled([pool.get(inner('app-1')), pool.get(inner('app-2'))]);
    assert.ok(a.status === 'rejected' && b.status === 'rejected');
    for (const r of [a, b]) {
      const e = r.reason as SshError;
      assert.equal(e.hostId, 'bastion');
      assert.match(e.message, /^cannot connect to bastion /);
    }
    await pool.closeAll();
  });
});
