/**
 * Two topology hosts on loopback for the reachability check: each a real sshd, with loopback
 * addresses only (127.0.0.1 and 127.0.0.2), so probing them never sends a packet off the machine.
 * `web` runs on host-a at host-a's sshd port (something listens there); `idle` on host-b at a free
 * port (nothing listens).
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, makeKey, startSshd, writeKnownHosts, type SshdHost } from './sshd';

export interface LoopbackHosts {
  /** The topology file's text (key paths relative to `dir`). */
  topology: string;
  knownHostsFile: string;
  hosts: Map<string, SshdHost>;
  idlePort: number;
  stop(): Promise<void>;
}

export async function startLoopbackHosts(dir: string): Promise<LoopbackHosts> {
  const lab = join(dir, '.reach-lab');
  mkdirSync(lab, { recursive: true });
  const key = await makeKey(lab, 'id_lab');
  chmodSync(key.path, 0o600);
  const a = await startSshd({ authorizedKeys: [key.publicKey], dir: join(lab, 'sshd', 'host-a') });
  const b = await startSshd({ authorizedKeys: [key.publicKey], dir: join(lab, 'sshd', 'host-b') });
  const knownHostsFile = join(lab, 'known_hosts');
  writeKnownHosts(knownHostsFile, [a, b]);
  const idlePort = await freePort();
  const topology = [
    'version: 1',
    'regions:',
    '  loop:',
    '    name: 回环',
    '    lan: [127.0.0.0/8]',
    '    hosts:',
    '      host-a:',
    '        internal: 127.0.0.1',
    `        ssh: { host: 127.0.0.1, port: ${a.port}, user: root, identityFile: .reach-lab/id_lab }`,
    '        services: [web]',
    '      host-b:',
    '        internal: 127.0.0.2',
    `        ssh: { host: 127.0.0.1, port: ${b.port}, user: root, identityFile: .reach-lab/id_lab }`,
    '        services: [idle]',
    'services:',
    `  web: { kind: http, port: ${a.port} }`,
    `  idle: { kind: other, port: ${idlePort} }`,
    '',
  ].join('\n');
  return {
    topology,
    knownHostsFile,
    hosts: new Map([
      ['host-a', a],
      ['host-b', b],
    ]),
    idlePort,
    async stop() {
      await a.stop();
      await b.stop();
    },
  };
}
