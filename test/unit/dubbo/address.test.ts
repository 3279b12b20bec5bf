import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressTokens, parseAddressList } from '../../../src/core/dubbo/address';

const hosts = (s: string) => parseAddressList(s).map((e) => ({ scheme: e.scheme, na: e.na, members: e.members.map((m) => `${m.host}:${m.port ?? ''}${m.backup ? ' (backup)' : ''}`) }));

test('registry addresses: | and ; separate registries, a comma lists one cluster, ?backup= adds members', () => {
  assert.deepEqual(hosts('zookeeper://10.0.0.1:2181?backup=10.0.0.2:2181,10.0.0.3:2181'), [
    { scheme: 'zookeeper', na: false, members: ['10.0.0.1:2181', '10.0.0.2:2181 (backup)', '10.0.0.3:2181 (backup)'] },
  ]);
  assert.deepEqual(hosts('10.0.0.1:2181,10.0.0.2:2181'), [{ scheme: undefined, na: false, members: ['10.0.0.1:2181', '10.0.0.2:2181'] }]);
  assert.deepEqual(hosts('zookeeper://a:1 | nacos://b:8848;redis://c'), [
    { scheme: 'zookeeper', na: false, members: ['a:1'] },
    { scheme: 'nacos', na: false, members: ['b:8848'] },
    { scheme: 'redis', na: false, members: ['c:'] },
  ]);
  assert.deepEqual(hosts('N/A'), [{ scheme: undefined, na: true, members: [] }]);
  assert.deepEqual(hosts('zookeeper://user:pw@[fe80::1]:2181/path?x=1&backup=[::2]:2181'), [
    { scheme: 'zookeeper', na: false, members: ['fe80::1:2181', '::2:2181 (backup)'] },
  ]);
});

test('registry addresses: member offsets point at the host text', () => {
  const text = 'zookeeper://139.159.250.7:2181?timeout=1&backup=172.16.8.1:2181';
  for (const m of parseAddressList(text)[0].members) assert.equal(text.slice(m.hostStart, m.hostEnd), m.host);
  const direct = 'dubbo://192.168.27.102:20880/com.x.S;dubbo://172.16.8.102:20880/com.x.S';
  assert.deepEqual(parseAddressList(direct).map((e) => e.members[0].host), ['192.168.27.102', '172.16.8.102']);
});

test('address tokens of free text: dotted quads (valid or not) and bracketed IPv6; not versions glued to words', () => {
  assert.deepEqual(addressTokens('jdbc:mysql://192.168.27.5:3306/db?x=139.159.257.207').map((t) => t.text), ['192.168.27.5', '139.159.257.207']);
  assert.deepEqual(addressTokens('http://[fe80::1]:80/').map((t) => t.text), ['fe80::1']);
  assert.deepEqual(addressTokens('fe80::1').map((t) => t.text), ['fe80::1']);
  assert.deepEqual(addressTokens('v1.2.3.4 and 1.2.3.4.5').map((t) => t.text), []);
});
