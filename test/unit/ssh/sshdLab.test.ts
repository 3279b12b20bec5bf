import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { freePort, startSshd, stopAllSshd } from '../../support/sshd';

// The tests' own sshd servers: hosts started side by side (a deploy lab of ten) must each get a port
// of their own; one after another, the system may hand back a port it has just released.

after(() => stopAllSshd());

test('test sshd: freePort never hands out a port twice in a process', async () => {
  const ports = [];
  for (let i = 0; i < 100; i++) ports.push(await freePort());
  assert.equal(new Set(ports).size, ports.length);
});

test('test sshd: hosts started side by side each listen on a port of their own', async () => {
  const hosts = await Promise.all(Array.from({ length: 8 }, () => startSshd()));
  assert.equal(new Set(hosts.map((h) => h.port)).size, hosts.length);
  for (const h of hosts) {
    const banner = await new Promise<string>((done, fail) => {
      const s = connect(h.port, '127.0.0.1');
      s.once('data', (d) => {
        done(d.toString());
        s.destroy();
      });
      s.once('error', fail);
    });
    assert.match(banner, /^SSH-2\.0-OpenSSH/, `port ${h.port}`);
  }
});
