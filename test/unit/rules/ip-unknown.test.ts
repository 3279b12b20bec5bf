import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judgeLiteral } from '../support/address';
import { at } from '../support/lint';

test('ip-unknown: an address that matches no host or LAN is an info', () => {
  const [d, ...rest] = judgeLiteral('8.8.4.4', ['api-1']);
  assert.equal(rest.length, 0);
  assert.equal(d.rule, 'ip-unknown');
  assert.equal(d.severity, 'info');
  assert.equal(at(d), '3:10-3:17');
  assert.equal(d.message, '8.8.4.4 matches no host or LAN in the topology.');
});

test('ip-unknown: also without a vantage host', () => {
  assert.deepEqual(judgeLiteral('8.8.4.4', []).map((d) => d.rule), ['ip-unknown']);
});

test('ip-unknown: topology addresses and loopback pass', () => {
  assert.deepEqual(judgeLiteral('192.168.27.101', ['api-1']), []);
  assert.deepEqual(judgeLiteral('127.0.0.1', ['api-1']), []);
  assert.deepEqual(judgeLiteral('139.159.250.207', []), []);
});

test('ip-unknown: an address inside a LAN that no host has, from its own region or from no host at all', () => {
  for (const hosts of [['api-1'], []]) {
    const ds = judgeLiteral('192.168.27.55', hosts);
    assert.deepEqual(
      ds.map((d) => `${d.rule} ${d.severity} ${d.message}`),
      ['ip-unknown info 192.168.27.55 is inside the LAN of 华东1 but matches no host in the topology.'],
    );
  }
});

test('ip-unknown: the wildcard 0.0.0.0 (and ::) and multicast groups name no host, so they are no unknown one', () => {
  assert.deepEqual(judgeLiteral('0.0.0.0', ['api-1']), []);
  assert.deepEqual(judgeLiteral('0.0.0.0', []), []);
  assert.deepEqual(judgeLiteral('224.5.6.7', ['api-1']), []);
  assert.deepEqual(judgeLiteral('ff02::1', []), []);
  // Next to them, still unknown.
  assert.deepEqual(judgeLiteral('1.0.0.1', ['api-1']).map((d) => d.rule), ['ip-unknown']);
  assert.deepEqual(judgeLiteral('223.255.255.1', ['api-1']).map((d) => d.rule), ['ip-unknown']);
});
