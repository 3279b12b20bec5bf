import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkConnection, checkPaths } from '../../../src/deploy/check';
import { connect } from '../../../src/ssh/connection';
import { sshText } from '../../../src/core/sshMessages';
import { parseTopology } from '../../../src/core/topology/parse';
import type { ConnectTarget, Prompter } from '../../../src/ssh/types';
import { freePort, startSshd, stopAllSshd, tempDir, writeKnownHosts, type SshdHost } from '../../support/sshd';

const prompter: Prompter = { confirmUnknownHostKey: async () => false, secret: async () => undefined, forgetSecret: async () => undefined };

function target(port: number, key: string): ConnectTarget {
  return { hostId: 'h1', host: '127.0.0.1', port, username: 'root', identityFiles: [key], knownHostsName: `[127.0.0.1]:${port}` };
}

describe('test connection against real sshd', () => {
  let h: SshdHost;
  let dir: string;
  before(async () => {
    h = await startSshd();
    dir = tempDir('check-');
  });
  after(() => stopAllSshd());

  test('reachable, authenticated, key known, root, disk space of the nearest existing directory', async () => {
    const kh = join(dir, 'kh');
    writeKnownHosts(kh, [h]);
    const s = await connect(target(h.port, h.clientKeyPath), { prompter, knownHostsFile: kh });
    const r = await checkConnection('h1', async () => s, [join(dir, 'not', 'yet', 'there'), '.']);
    s.close();
    assert.deepEqual([r.reachable, r.authenticated, r.hostKey, r.sudo, r.error], [true, true, 'known', 'root', undefined]);
    assert.equal(r.fingerprint, h.hostKeyFingerprint);
    assert.deepEqual(r.disk.map((d) => d.path), [join(dir, 'not', 'yet', 'there'), '.']);
    assert.ok(r.disk.every((d) => d.availableKb > 0));
  });

  test('a refused port is unreachable; an untrusted key is reachable but refused', async () => {
    const port = await freePort();
    const down = await checkConnection('h1', () => connect(target(port, h.clientKeyPath), { prompter, knownHostsFile: join(dir, 'kh') }), ['.']);
    assert.deepEqual([down.reachable, down.authenticated, down.error?.code], [false, false, 'connect-failed']);
    // What failed, to tell in the user's language.
    assert.equal(down.error?.ref?.id, 'connect/refused');
    assert.match(sshText(down.error!.ref!, 'zh-cn'), /^无法连接到 h1（root@127\.0\.0\.1:\d+）：连接被拒绝/);
    const rejected = await checkConnection('h1', () => connect(target(h.port, h.clientKeyPath), { prompter, knownHostsFile: join(dir, 'empty-kh') }), ['.']);
    assert.deepEqual([rejected.reachable, rejected.authenticated, rejected.hostKey, rejected.fingerprint], [true, false, 'rejected', h.hostKeyFingerprint]);
  });

  test('paths checked are the deploy dirs of the host\'s services', () => {
    const { topology } = parseTopology('dubbo-topology.yaml', `version: 1
regions:
  r:
    lan: [10.0.0.0/24]
    hosts:
      h1: { internal: 10.0.0.1, services: [a, b] }
      h2: { internal: 10.0.0.2, services: [] }
services:
  a: { kind: http, deploy: { artifact: a.jar, dir: "/srv/{host}/a" } }
  b: { kind: other }
`);
    assert.deepEqual(checkPaths(topology, 'h1', '/ws'), ['/srv/h1/a']);
    assert.deepEqual(checkPaths(topology, 'h2', '/ws'), ['.']);
  });
});
