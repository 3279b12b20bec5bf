import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { checkHostKey, fingerprintSha256, hostFieldMatches, keyTypeOfBlob, knownHostsNameFor, parseKnownHosts } from '../../../src/ssh/knownHosts';

function blob(type: string, body: string): Buffer {
  const t = Buffer.from(type);
  const b = Buffer.from(body);
  const out = Buffer.alloc(8 + t.length + b.length);
  out.writeUInt32BE(t.length, 0);
  t.copy(out, 4);
  out.writeUInt32BE(b.length, 4 + t.length);
  b.copy(out, 8 + t.length);
  return out;
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

const k1 = blob('ssh-ed25519', 'key-one');
const k2 = blob('ssh-ed25519', 'key-two');
const r1 = blob('ssh-rsa', 'rsa-one');

test('parses markers, comments and line numbers', () => {
  const e = parseKnownHosts(`# comment\n\nhost1 ssh-ed25519 ${k1.toString('base64')} c\n@revoked * ssh-ed25519 ${k2.toString('base64')}\n@bogus x y z\n`, 'kh');
  assert.equal(e.length, 2);
  assert.deepEqual([e[0].hosts, e[0].keyType, e[0].line, e[0].marker], ['host1', 'ssh-ed25519', 3, undefined]);
  assert.deepEqual([e[1].marker, e[1].line], ['revoked', 4]);
});

test('host field patterns: lists, wildcards, negation, bracketed ports, hashed names', () => {
  assert.ok(hostFieldMatches('a,b,c', 'b'));
  assert.ok(!hostFieldMatches('a,b,c', 'd'));
  assert.ok(hostFieldMatches('*.example.com', 'x.example.com'));
  assert.ok(!hostFieldMatches('*.example.com,!bad.example.com', 'bad.example.com'));
  assert.ok(hostFieldMatches('[127.0.0.1]:2222', '[127.0.0.1]:2222'));
  assert.ok(!hostFieldMatches('127.0.0.1', '[127.0.0.1]:2222'));
  const h = hashed('[10.0.0.1]:2200');
  assert.ok(hostFieldMatches(h, '[10.0.0.1]:2200'));
  assert.ok(!hostFieldMatches(h, '10.0.0.1'));
});

test('verdicts: known, changed, unknown with other types, revoked', () => {
  const entries = parseKnownHosts(
    [`${hashed('h')} ssh-ed25519 ${k1.toString('base64')}`, `other ssh-rsa ${r1.toString('base64')}`, `other2 ssh-ed25519 ${k2.toString('base64')}`].join('\n'),
  );
  assert.equal(checkHostKey(entries, 'h', k1).status, 'known');
  const changed = checkHostKey(entries, 'h', k2);
  assert.equal(changed.status, 'changed');
  assert.equal(changed.status === 'changed' && changed.entry.line, 1);
  assert.deepEqual(checkHostKey(entries, 'other', k1), { status: 'unknown', otherTypes: ['ssh-rsa'] });
  assert.deepEqual(checkHostKey(entries, 'nobody', k1), { status: 'unknown', otherTypes: [] });
  const revoked = parseKnownHosts(`@revoked * ssh-ed25519 ${k1.toString('base64')}\nh ssh-ed25519 ${k1.toString('base64')}`);
  assert.equal(checkHostKey(revoked, 'h', k1).status, 'revoked');
});

test('key type, fingerprint format and known_hosts names', () => {
  assert.equal(keyTypeOfBlob(k1), 'ssh-ed25519');
  assert.match(fingerprintSha256(k1), /^SHA256:[A-Za-z0-9+/]{43}$/);
  assert.equal(knownHostsNameFor('example.org', 22), 'example.org');
  assert.equal(knownHostsNameFor('127.0.0.1', 2222), '[127.0.0.1]:2222');
});
