import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definesHost, parseProxyJump, parseSshConfig, resolveSshHost } from '../../../src/ssh/config';

const env = { home: '/home/u', localUser: 'u' };

const text = `
# global
User fallback
Host app-1 app-2
  HostName 10.0.0.%h
  Port 2201
  IdentityFile ~/.ssh/app_%r
Host app-*  !app-9
  User deploy
  IdentityFile "/keys/with space"
Host bastion
  HostName=203.0.113.5
  User jump
Host inner
  ProxyJump bastion,admin@mid:2222
Match exec "true"
  User never
Host *
  Port 2999
  IdentityAgent none
`;

test('first value wins, identity files accumulate, tokens and ~ expand', () => {
  const c = parseSshConfig(text, { file: 'config', home: env.home });
  const r = resolveSshHost(c, 'app-1', env);
  assert.equal(r.hostName, '10.0.0.app-1');
  assert.equal(r.port, 2201);
  assert.equal(r.user, 'fallback');
  assert.deepEqual(r.identityFiles, ['/home/u/.ssh/app_fallback', '/keys/with space']);
  assert.equal(r.identityAgent, 'none');
});

test('negated patterns and unsupported Match blocks do not apply', () => {
  const c = parseSshConfig(text, { file: 'config', home: env.home });
  const r9 = resolveSshHost(c, 'app-9', env);
  assert.equal(r9.user, 'fallback');
  assert.equal(r9.port, 2999);
  assert.equal(resolveSshHost(c, 'bastion', env).hostName, '203.0.113.5');
});

test('definesHost ignores a bare "Host *"', () => {
  const c = parseSshConfig(text, { file: 'config', home: env.home });
  assert.ok(definesHost(c, 'app-3'));
  assert.ok(definesHost(c, 'bastion'));
  assert.ok(!definesHost(c, 'unrelated'));
  assert.ok(!definesHost(undefined, 'bastion'));
});

test('Include inside a Host block applies under that block', () => {
  const files: Record<string, string> = { '/home/u/.ssh/inc.conf': 'User included\nPort 2022\n' };
  const c = parseSshConfig('Host a\n  Include inc.conf\nHost b\n  User bee\n', {
    file: 'config',
    home: env.home,
    readFile: (p) => files[p],
  });
  assert.equal(resolveSshHost(c, 'a', env).user, 'included');
  assert.equal(resolveSshHost(c, 'b', env).user, 'bee');
  assert.equal(resolveSshHost(c, 'b', env).port, undefined);
});

test('ProxyJump lists', () => {
  assert.deepEqual(parseProxyJump('bastion,admin@mid:2222,[::1]:22'), [
    { user: undefined, host: 'bastion', port: undefined },
    { user: 'admin', host: 'mid', port: 2222 },
    { user: undefined, host: '::1', port: 22 },
  ]);
  assert.deepEqual(parseProxyJump('none'), []);
});
