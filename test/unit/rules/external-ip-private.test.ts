import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('external-ip-private: private and loopback external addresses', () => {
  const yaml = TWO_REGIONS.replace('external: 139.159.250.7', 'external: 10.1.2.3').replace('external: 139.159.250.207', 'external: 127.0.0.1');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'external-ip-private');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['8:18-8:26', 'External IP 10.1.2.3 of api-1 is a private address: other regions cannot reach it over the public network.'],
    ['16:18-16:27', 'External IP 127.0.0.1 of api-2 is a loopback address: other regions cannot reach it over the public network.'],
  ]);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'external-ip-private');
  assert.equal(zh[0].message, 'api-1 的外网 IP 10.1.2.3 是私有地址：其他地域无法通过公网访问。');
});

test('external-ip-private: public external addresses pass', () => {
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }), 'external-ip-private'), []);
});
