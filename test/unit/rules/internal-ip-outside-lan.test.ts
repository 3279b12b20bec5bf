import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('internal-ip-outside-lan: an internal IP outside every LAN CIDR of its region', () => {
  const yaml = TWO_REGIONS.replace('internal: 172.16.8.101', 'internal: 172.16.9.101');
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'internal-ip-outside-lan');
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '15:18-15:30');
  assert.equal(d.message, 'Internal IP 172.16.9.101 of api-2 is outside the LAN of 华东2 (172.16.8.0/24).');
});

test('internal-ip-outside-lan: inside the LAN, or inside a second CIDR, is fine', () => {
  const yaml = TWO_REGIONS.replace('lan: [172.16.8.0/24]', 'lan: [172.16.9.0/24, 172.16.8.0/24]');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'internal-ip-outside-lan'), []);
});

test('internal-ip-outside-lan: in Chinese, the LAN CIDRs of the region are listed with 、', () => {
  const yaml = TWO_REGIONS.replace('internal: 172.16.8.101', 'internal: 172.16.9.101').replace('lan: [172.16.8.0/24]', 'lan: [172.16.8.0/24, 172.16.10.0/24]');
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'internal-ip-outside-lan');
  assert.equal(d.message, 'api-2 的内网 IP 172.16.9.101 不在 华东2 的局域网（172.16.8.0/24、172.16.10.0/24）内。');
});
