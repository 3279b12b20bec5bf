/**
 * What the checks of server lines with several addresses rest on, against a real ZooKeeper 3.8: one
 * member (server.1, with a `myid`) of an ensemble of two, started on the zoo.cfg the lint reads.
 * - ZooKeeper refuses a line of several addresses unless its JVM runs with
 *   -Dzookeeper.multiAddress.enabled=true; `multiAddress.enabled=true` in zoo.cfg does not do it
 *   (`zookeeper-multi-address`);
 * - with it, a member listens on the addresses of its own line it can bind, and exits with code 14
 *   only when it can bind none (`zookeeper-quorum-listen`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from '../../support/sshd';
import { writeZooKeeperConfig, zooKeeperSkipReason, zooKeeperStartsOn } from '../../support/zookeeper';
import { ofRule } from '../support/lint';
import { lintAll, zkFiles } from '../support/zookeeper';

const skip = zooKeeperSkipReason();
const FLAG = '-Dzookeeper.multiAddress.enabled=true';
/** An address of TEST-NET-2 (RFC 5737): on no interface of the machine, so nothing binds it. */
const NOWHERE = '198.51.100.7';

/**
 * Starts server.1 with its own line listing `own` (each address with ports of its own), server.2 on
 * 127.0.0.1 (not started), `extra` settings, and `flags` for the JVM; resolves with what
 * zooKeeperStartsOn says after `settleMs`, and the zoo.cfg written.
 */
async function startMember(own: string[], opts: { extra?: string[]; flags?: string; settleMs?: number; line?: (addresses: string) => string } = {}): Promise<{ outcome: 'started' | number | string; text: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'dt-zk-'));
  try {
    // Picked all at once, so that no two of them are the same port.
    const [port, ...more] = await freePorts(3 + 2 * own.length);
    const addresses = own.map((a, i) => `${a}:${more[2 * i]}:${more[2 * i + 1]}`);
    const servers = [(opts.line ?? ((x: string) => `server.1=${x}`))(addresses.join('|')), `server.2=127.0.0.1:${more[2 * own.length]}:${more[2 * own.length + 1]}`];
    const { config, env } = writeZooKeeperConfig(dir, '127.0.0.1', port, [...servers, ...(opts.extra ?? [])]);
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'data', 'myid'), '1\n');
    if (opts.flags) env.JVMFLAGS = `${env.JVMFLAGS ?? ''} ${opts.flags}`;
    const outcome = await zooKeeperStartsOn({ dir, port, env }, { settleMs: opts.settleMs });
    return { outcome, text: readFileSync(config, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The findings of `rule` on `text` as the registry's zoo.cfg. */
function reported(text: string, rule: string): number {
  return ofRule(lintAll({ ...zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '172.16.8.102']), 'zk/zoo.cfg': text }), rule).length;
}

test('real ZooKeeper: a line of several addresses without the JVM flag — exits 2, even with multiAddress.enabled=true in zoo.cfg; reported', { skip, timeout: 120_000 }, async () => {
  const plain = await startMember(['127.0.0.1', '127.0.0.2']);
  assert.equal(plain.outcome, 2);
  assert.equal(reported(plain.text, 'zookeeper-multi-address'), 1);
  const set = await startMember(['127.0.0.1', '127.0.0.2'], { extra: ['multiAddress.enabled=true'] });
  assert.equal(set.outcome, 2);
  assert.equal(reported(set.text, 'zookeeper-multi-address'), 1);
});

test('real ZooKeeper: with -Dzookeeper.multiAddress.enabled=true it starts on the same line; a trailing \'|\' is one address and needs no flag', { skip, timeout: 120_000 }, async () => {
  assert.equal((await startMember(['127.0.0.1', '127.0.0.2'], { flags: FLAG })).outcome, 'started');
  const trailing = await startMember(['127.0.0.1'], { line: (x) => `server.1=${x}|` });
  assert.match(trailing.text, /^server\.1=127\.0\.0\.1:\d+:\d+\|$/m);
  assert.equal(trailing.outcome, 'started');
  assert.equal(reported(trailing.text, 'zookeeper-multi-address'), 0);
  const leading = await startMember(['127.0.0.1'], { line: (x) => `server.1=|${x}` });
  assert.equal(leading.outcome, 2);
  assert.equal(reported(leading.text, 'zookeeper-multi-address'), 1);
});

test('real ZooKeeper: a member keeps running when it can bind one address of its own line, and exits 14 when it can bind none', { skip, timeout: 120_000 }, async () => {
  // The election listener retries a failed bind three times, a second apart, then gives up on that address.
  assert.equal((await startMember(['127.0.0.1', NOWHERE], { flags: FLAG, settleMs: 10_000 })).outcome, 'started');
  assert.equal((await startMember([NOWHERE, '198.51.100.8'], { flags: FLAG, settleMs: 20_000 })).outcome, 14);
});
