import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { judgeLiteral } from '../support/address';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('ip-invalid: the seed typo 139.159.257.207 with a did-you-mean fix to the topology address', () => {
  const ds = judgeLiteral('139.159.257.207', ['api-1']);
  assert.deepEqual(ds.map((d) => d.rule), ['ip-invalid'], 'ip-invalid suppresses the other address rules');
  const [d] = ds;
  assert.equal(d.severity, 'error');
  assert.equal(at(d), '3:10-3:25');
  assert.equal(d.message, '"139.159.257.207" is not a valid IP address (octet 257 is over 255).');
  assert.equal(d.fixes[0].title, 'Replace with 139.159.250.207 (api-2, external)');
  assert.equal(d.fixes[0].safe, true);
  assert.deepEqual(d.fixes[0].edits, [{ file: 'app.conf', range: d.range, newText: '139.159.250.207' }]);
});

test('ip-invalid: no fix when no topology address is close', () => {
  const [d] = judgeLiteral('999.1.1.1', ['api-1']);
  assert.equal(d.rule, 'ip-invalid');
  assert.deepEqual(d.fixes, []);
});

test('ip-invalid: invalid addresses and CIDRs in the topology itself', () => {
  const yaml = TWO_REGIONS.replace('external: 139.159.250.207', 'external: 139.159.257.207').replace('lan: [172.16.8.0/24]', 'lan: [172.16.8.0/33]');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'ip-invalid');
  assert.deepEqual(ds.map((d) => [at(d), d.message]), [
    ['12:10-12:23', '"172.16.8.0/33" is not a valid CIDR block (address/prefix length).'],
    ['16:18-16:33', '"139.159.257.207" is not a valid IP address (octet 257 is over 255).'],
  ]);
});

test('ip-invalid: valid addresses and host names pass', () => {
  assert.deepEqual(judgeLiteral('139.159.250.207', ['api-1']).filter((d) => d.rule === 'ip-invalid'), []);
  assert.deepEqual(judgeLiteral('api.gogo.cn', ['api-1']), []);
});

test('ip-invalid: IPv6 literals that are not addresses, in nginx and Dubbo XML; a host name is never one', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [nginx/a.conf, app.xml] }');
  const conf = 'upstream u {\n    server [fd00:2::zz]:80;\n    server [1:2:3:4:5:6:7:8:9]:80;\n    server [fd00:2::1]:80;\n}\n';
  const xml =
    '<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n' +
    '  <dubbo:registry address="zookeeper://[2001:db8::1::2]:2181"/>\n</beans>\n';
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml, 'nginx/a.conf': conf, 'app.xml': xml }, { analyzers: [...defaultAnalyzers] }), 'ip-invalid');
  assert.deepEqual(
    ds.map((d) => `${d.file}:${at(d)} ${d.message}`),
    [
      'app.xml:1:40-1:54 "2001:db8::1::2" is not a valid IP address.',
      'nginx/a.conf:1:11-1:26 "fd00:2::zz" is not a valid IP address.',
      'nginx/a.conf:2:11-2:33 "1:2:3:4:5:6:7:8:9" is not a valid IP address.',
    ],
  );
  assert.deepEqual(judgeLiteral('fd00:2::zz', ['api-1']).map((d) => d.rule), ['ip-invalid']);
  assert.deepEqual(judgeLiteral('registry.example.com', ['api-1']), []);
});

test('ip-invalid: a properties file no service lists is checked when it sets dubbo.* keys, as an unlisted Dubbo XML is', () => {
  const files = {
    'dubbo-topology.yaml': TWO_REGIONS,
    'sub/orphan.properties': 'dubbo.registry.address=zookeeper://300.1.1.1:2181\nother.host=10.9.9.9\n',
    // Not a Dubbo file: not ours to judge.
    'sub/log4j.properties': 'log.server=300.1.1.1\n',
  };
  const ds = lintFiles(files, { analyzers: [...defaultAnalyzers] }).filter((d) => d.file.startsWith('sub/'));
  assert.deepEqual(
    ds.map((d) => `${d.file}:${at(d)} ${d.rule}`),
    ['sub/orphan.properties:0:35-0:44 ip-invalid', 'sub/orphan.properties:1:11-1:19 ip-unknown'],
  );
});

test('ip-invalid: a host address written with a prefix length, or an octet with a leading zero, says so', () => {
  const yaml = TWO_REGIONS.replace('internal: 192.168.27.101', 'internal: 192.168.27.101/24').replace('internal: 172.16.8.101', 'internal: 172.16.008.101');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'ip-invalid');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), [
    '7:18-7:35 "192.168.27.101/24" is not a valid IP address (a host address takes no prefix length: the LAN goes in lan:, so drop "/24").',
    '15:18-15:32 "172.16.008.101" is not a valid IP address (octet 008 starts with 0, which some tools read as octal).',
  ]);
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with 192.168.27.101', true, '192.168.27.101']]);
  assert.deepEqual(ds[1].fixes, []);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'ip-invalid');
  assert.deepEqual(zh.map((d) => d.message), [
    '"192.168.27.101/24" 不是合法的 IP 地址（主机地址不带前缀长度：网段写在 lan: 中，请去掉 "/24"）。',
    '"172.16.008.101" 不是合法的 IP 地址（第 3 段 008 以 0 开头，有些工具会按八进制读取）。',
  ]);
});

test('ip-invalid: a lan CIDR with host bits set names the network of its prefix, with a fix to it', () => {
  const yaml = TWO_REGIONS.replace('lan: [192.168.27.0/24]', 'lan: [192.168.27.5/24, 10.1.0.0/16, 2001:DB8:0:0:0:0:0:1/64, 2001:db8:1::/48]');
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml });
  assert.deepEqual(ofRule(ds, 'ip-invalid').map((d) => `${at(d)} ${d.message}`), [
    '4:10-4:25 "192.168.27.5/24" has host bits set: the network of that prefix is 192.168.27.0/24.',
    '4:40-4:63 "2001:DB8:0:0:0:0:0:1/64" has host bits set: the network of that prefix is 2001:db8::/64.',
  ]);
  assert.deepEqual(ofRule(ds, 'ip-invalid').map((d) => d.fixes.map((f) => [f.title, f.safe, f.edits[0].newText])), [
    [['Replace with 192.168.27.0/24', false, '192.168.27.0/24']],
    [['Replace with 2001:db8::/64', false, '2001:db8::/64']],
  ]);
  // The network is what every other check reads: api-1 (192.168.27.101) is inside it.
  assert.deepEqual(ds.filter((d) => d.rule !== 'ip-invalid').map((d) => d.rule), lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }).map((d) => d.rule));
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'ip-invalid');
  assert.deepEqual(zh.map((d) => d.message), [
    '"192.168.27.5/24" 设置了主机位：该前缀对应的网段是 192.168.27.0/24。',
    '"2001:DB8:0:0:0:0:0:1/64" 设置了主机位：该前缀对应的网段是 2001:db8::/64。',
  ]);
});
