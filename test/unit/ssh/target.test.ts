import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTopology } from '../../../src/core/topology/parse';
import { parseSshConfig } from '../../../src/ssh/config';
import { resolveTarget, targetLabel, type TargetEnv } from '../../../src/ssh/target';

const yaml = `version: 1
regions:
  r1:
    lan: [192.168.1.0/24]
    hosts:
      direct:
        internal: 192.168.1.10
        external: 203.0.113.10
      explicit:
        internal: 192.168.1.11
        ssh: { host: 127.0.0.1, port: 2222, user: ops, identityFile: keys/id_ops }
      aliased:
        internal: 192.168.1.12
        external: 203.0.113.12
      bastion:
        internal: 192.168.1.1
        external: 203.0.113.1
        ssh: { user: jump }
      inner:
        internal: 192.168.1.20
        ssh: { via: bastion }
      lost:
        internal: 192.168.1.30
      viaConfig:
        internal: 192.168.1.40
      loopA:
        internal: 192.168.1.50
        ssh: { via: loopB }
      loopB:
        internal: 192.168.1.51
        ssh: { via: loopA }
      badVia:
        internal: 192.168.1.60
        ssh: { via: nowhere }
`;

const { topology } = parseTopology('dubbo-topology.yaml', yaml);
const config = parseSshConfig(
  'Host aliased\n  HostName 10.9.9.9\n  User cfguser\n  Port 2200\n  IdentityFile ~/.ssh/aliased\nHost 192.168.1.40\n  ProxyJump gw.example.com:2022\nHost gw.example.com\n  User gwuser\n',
  { file: 'config', home: '/home/u' },
);
const env: TargetEnv = { sshConfig: config, home: '/home/u', localUser: 'me', agentSocket: '/tmp/agent.sock', baseDir: '/ws', defaultIdentityFiles: ['/home/u/.ssh/id_ed25519'] };

test('external address when nothing else is given', () => {
  const r = resolveTarget(topology, 'direct', env);
  assert.deepEqual(r.target, {
    hostId: 'direct',
    host: '203.0.113.10',
    port: 22,
    username: 'me',
    identityFiles: ['/home/u/.ssh/id_ed25519'],
    agent: '/tmp/agent.sock',
    via: undefined,
    knownHostsName: '203.0.113.10',
  });
});

test('ssh.host, port, user and a workspace-relative identity file win', () => {
  const t = resolveTarget(topology, 'explicit', env).target!;
  assert.equal(t.host, '127.0.0.1');
  assert.equal(t.port, 2222);
  assert.equal(t.username, 'ops');
  assert.deepEqual(t.identityFiles, ['/ws/keys/id_ops']);
  assert.equal(t.knownHostsName, '[127.0.0.1]:2222');
});

test('an alias in the SSH config beats the external address', () => {
  const t = resolveTarget(topology, 'aliased', env).target!;
  assert.deepEqual([t.host, t.port, t.username, t.identityFiles], ['10.9.9.9', 2200, 'cfguser', ['/home/u/.ssh/aliased']]);
  assert.equal(t.knownHostsName, '[10.9.9.9]:2200');
});

test('internal address through a topology jump host', () => {
  const t = resolveTarget(topology, 'inner', env).target!;
  assert.equal(t.host, '192.168.1.20');
  assert.equal(t.via?.hostId, 'bastion');
  assert.equal(t.via?.host, '203.0.113.1');
  assert.equal(t.via?.username, 'jump');
});

test('internal address through a ProxyJump of the SSH config', () => {
  const t = resolveTarget(topology, 'viaConfig', env).target!;
  assert.equal(t.host, '192.168.1.40');
  assert.deepEqual([t.via?.host, t.via?.port, t.via?.username], ['gw.example.com', 2022, 'gwuser']);
});

test('errors name the host', () => {
  const lost = resolveTarget(topology, 'lost', env);
  assert.equal(lost.error?.code, 'no-address');
  assert.match(lost.error!.message, /\blost\b/);
  assert.equal(resolveTarget(topology, 'loopA', env).error?.code, 'jump-cycle');
  assert.equal(resolveTarget(topology, 'badVia', env).error?.code, 'unknown-jump-host');
  assert.equal(resolveTarget(topology, 'ghost', env).error?.code, 'unknown-host');
});

test('IdentityAgent none disables the agent', () => {
  const c = parseSshConfig('Host *\n  IdentityAgent none\n', { file: 'c', home: '/home/u' });
  assert.equal(resolveTarget(topology, 'direct', { ...env, sshConfig: c }).target?.agent, undefined);
});

test('where a host is connected to, as a picker shows it: user@address:port, and each jump host', () => {
  assert.equal(targetLabel(resolveTarget(topology, 'explicit', env).target!), 'ops@127.0.0.1:2222');
  assert.equal(targetLabel(resolveTarget(topology, 'inner', env).target!), 'me@192.168.1.20:22 via bastion (jump@203.0.113.1:22)');
  assert.equal(targetLabel(resolveTarget(topology, 'viaConfig', env).target!), 'me@192.168.1.40:22 via gw.example.com (gwuser@gw.example.com:2022)');
});
