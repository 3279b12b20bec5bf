import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addressScope,
  cidrContains,
  cidrNetwork,
  cidrWithin,
  editDistance,
  isPublicCidr,
  looksLikeIPv4,
  nearest,
  parseCidr,
  parseIp,
  splitHostPort,
} from '../../../src/core/ip';

test('IPv4: valid, invalid octet, leading zero, wrong count', () => {
  assert.equal(parseIp('192.168.27.101')?.text, '192.168.27.101');
  assert.equal(parseIp('139.159.257.207'), undefined);
  assert.equal(parseIp('01.2.3.4'), undefined);
  assert.equal(parseIp('1.2.3'), undefined);
  assert.equal(parseIp('1.2.3.4.5'), undefined);
  assert.equal(parseIp(''), undefined);
});

test('IPv6: compressed forms, embedded IPv4, brackets, zone id, invalid', () => {
  assert.equal(parseIp('2001:db8:0:0:0:0:0:1')?.text, '2001:db8::1');
  assert.equal(parseIp('::1')?.text, '::1');
  assert.equal(parseIp('::')?.text, '::');
  assert.equal(parseIp('[fe80::1]')?.text, 'fe80::1');
  assert.equal(parseIp('fe80::1%eth0')?.text, 'fe80::1');
  assert.equal(parseIp('::ffff:192.0.2.1')?.bytes.slice(12).join('.'), '192.0.2.1');
  // An IPv4-mapped address is written with its IPv4 part dotted, however it was written (RFC 5952, 5).
  assert.equal(parseIp('::ffff:192.0.2.1')?.text, '::ffff:192.0.2.1');
  assert.equal(parseIp('0:0:0:0:0:ffff:a01:2')?.text, '::ffff:10.1.0.2');
  assert.equal(parseIp('::fffe:a01:2')?.text, '::fffe:a01:2');
  assert.equal(parseIp('1::2::3'), undefined);
  assert.equal(parseIp('12345::1'), undefined);
  assert.equal(parseIp('1:2:3:4:5:6:7:8:9'), undefined);
});

test('CIDR parse and containment, v4 and v6', () => {
  const lan = parseCidr('192.168.27.0/24')!;
  assert.ok(cidrContains(lan, parseIp('192.168.27.101')!));
  assert.ok(!cidrContains(lan, parseIp('192.168.28.1')!));
  assert.ok(cidrContains(parseCidr('10.0.0.0/8')!, parseIp('10.255.1.1')!));
  assert.ok(cidrContains(parseCidr('172.16.0.0/12')!, parseIp('172.31.255.255')!));
  assert.ok(!cidrContains(parseCidr('172.16.0.0/12')!, parseIp('172.32.0.1')!));
  assert.ok(cidrContains(parseCidr('2001:db8::/32')!, parseIp('2001:db8:1::5')!));
  assert.ok(!cidrContains(parseCidr('2001:db8::/32')!, parseIp('192.168.1.1')!));
  assert.ok(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('8.8.8.8')!));
  assert.equal(parseCidr('10.0.0.0/33'), undefined);
  assert.equal(parseCidr('10.0.0.0'), undefined);
  assert.equal(parseCidr('300.0.0.0/8'), undefined);
});

test('address scope: private, loopback, link-local, public', () => {
  assert.equal(addressScope(parseIp('192.168.1.1')!), 'private');
  assert.equal(addressScope(parseIp('10.1.2.3')!), 'private');
  assert.equal(addressScope(parseIp('127.0.0.1')!), 'loopback');
  assert.equal(addressScope(parseIp('::1')!), 'loopback');
  assert.equal(addressScope(parseIp('169.254.0.5')!), 'link-local');
  assert.equal(addressScope(parseIp('fd00::1')!), 'private');
  assert.equal(addressScope(parseIp('139.159.250.7')!), 'public');
  assert.ok(isPublicCidr(parseCidr('0.0.0.0/0')!));
  assert.ok(!isPublicCidr(parseCidr('192.168.0.0/16')!));
});

test('a network is public when any address in it is, not only its first', () => {
  assert.ok(isPublicCidr(parseCidr('0.0.0.0/1')!), 'half the IPv4 internet, though it starts at 0.0.0.0');
  assert.ok(isPublicCidr(parseCidr('10.0.0.0/7')!), '11.0.0.0/8 is public');
  assert.ok(isPublicCidr(parseCidr('::/0')!));
  assert.ok(!isPublicCidr(parseCidr('10.20.0.0/16')!));
  assert.ok(!isPublicCidr(parseCidr('172.16.0.0/12')!));
  assert.ok(!isPublicCidr(parseCidr('fd00:1::/64')!));
  assert.ok(!isPublicCidr(parseCidr('127.0.0.0/8')!));
});

test('cidrWithin: every address of the first network is in the second', () => {
  assert.ok(cidrWithin(parseCidr('130.10.0.0/16')!, parseCidr('130.10.0.0/16')!));
  assert.ok(cidrWithin(parseCidr('130.10.5.0/24')!, parseCidr('130.10.0.0/16')!));
  assert.ok(!cidrWithin(parseCidr('130.0.0.0/8')!, parseCidr('130.10.0.0/16')!));
  assert.ok(!cidrWithin(parseCidr('130.11.0.0/24')!, parseCidr('130.10.0.0/16')!));
  assert.ok(!cidrWithin(parseCidr('::/0')!, parseCidr('0.0.0.0/0')!));
});

test('cidrNetwork: the address with the host bits cleared, in canonical text; the same object when none is set', () => {
  const net = (s: string) => cidrNetwork(parseCidr(s)!).text;
  assert.equal(net('192.168.27.5/24'), '192.168.27.0');
  assert.equal(net('10.1.2.3/8'), '10.0.0.0');
  assert.equal(net('172.31.255.255/12'), '172.16.0.0');
  assert.equal(net('10.1.2.3/32'), '10.1.2.3');
  assert.equal(net('10.1.2.3/0'), '0.0.0.0');
  assert.equal(net('192.168.27.130/25'), '192.168.27.128');
  assert.equal(net('2001:DB8:0:0:0:0:0:1/64'), '2001:db8::');
  assert.equal(net('2001:db8:1:2:3:4:5:6/36'), '2001:db8::');
  assert.equal(net('fd00:1:ffff::1/41'), 'fd00:1:ff80::');
  assert.equal(net('::ffff:10.1.2.3/120'), '::ffff:10.1.2.0');
  const lan = parseCidr('192.168.27.0/24')!;
  assert.equal(cidrNetwork(lan), lan.address);
  const v6 = parseCidr('2001:db8::/64')!;
  assert.equal(cidrNetwork(v6), v6.address);
});

test('looksLikeIPv4, host:port splitting, did-you-mean', () => {
  assert.ok(looksLikeIPv4('139.159.257.207'));
  assert.ok(!looksLikeIPv4('api.gogo.cn'));
  assert.deepEqual(splitHostPort('139.159.257.207:8680'), { host: '139.159.257.207', hostStart: 0, port: 8680, portText: '8680' });
  assert.equal(splitHostPort('[::1]:80').host, '::1');
  assert.equal(splitHostPort('[::1]:80').port, 80);
  assert.equal(splitHostPort('2001:db8::1').host, '2001:db8::1');
  assert.equal(editDistance('139.159.257.207', '139.159.250.207'), 1);
  assert.equal(nearest('139.159.257.207', ['192.168.27.101', '139.159.250.207', '139.159.250.7']), '139.159.250.207');
  assert.equal(nearest('zzz', ['gateway', 'api']), undefined);
});
