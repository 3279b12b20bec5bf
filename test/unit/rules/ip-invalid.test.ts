import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { judgeLiteral } from '../support/address';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';
import { lintExports } from '../support/nfs';

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

test('ip-invalid: an octet with a leading zero in nginx is read as decimal, as nginx reads it; a warning names the octet', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [nginx/a.conf] }');
  // As nginx reads them, api-2's internal IP (华东2) and api-1's (华东1): each unreachable from the other region.
  // 10.01.0.010: 01 is 1 either way; the octet read apart is 010.
  const conf = 'upstream u {\n    server 172.016.8.101:8680;\n    server 192.168.027.101:8680;\n    server 10.01.0.010:8680;\n}\nserver { location / { proxy_pass http://u; } }\n';
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml, 'nginx/a.conf': conf }, { analyzers: [...defaultAnalyzers] }).filter((d) => d.file === 'nginx/a.conf');
  assert.deepEqual(
    ds.filter((d) => d.rule === 'ip-invalid').map((d) => `${at(d)} ${d.severity} ${d.message}`),
    [
      '1:11-1:29 warning "172.016.8.101" has an octet with a leading zero (016): nginx reads it as decimal, 172.16.8.101, but curl and exportfs read it as octal, 172.14.8.101. Write 172.16.8.101.',
      '2:11-2:31 warning "192.168.027.101" has an octet with a leading zero (027): nginx reads it as decimal, 192.168.27.101, but curl and exportfs read it as octal, 192.168.23.101. Write 192.168.27.101.',
      '3:11-3:27 warning "10.01.0.010" has an octet with a leading zero (010): nginx reads it as decimal, 10.1.0.10, but curl and exportfs read it as octal, 10.1.0.8. Write 10.1.0.10.',
    ],
  );
  assert.ok(!ds.some((d) => d.severity === 'error' && d.rule === 'ip-invalid'), 'nginx -t accepts these addresses');
  const [fix] = ofRule(ds, 'ip-invalid')[0].fixes;
  assert.deepEqual([fix.title, fix.safe, fix.edits[0].newText], ['Replace with 172.16.8.101', true, '172.16.8.101']);
  // The reachability rules judge the address nginx uses.
  assert.deepEqual(
    ofRule(ds, 'cross-region-internal-ip').map((d) => `${at(d)} ${d.message}`),
    [
      '1:11-1:29 172.016.8.101 is the internal IP of api-2 in 华东2; it is unreachable from api-1 (华东1). Other regions reach api-2 by its external IP 139.159.250.207.',
      '2:11-2:31 192.168.027.101 is the internal IP of api-1 in 华东1; it is unreachable from api-2 (华东2). Other regions reach api-1 by its external IP 139.159.250.7.',
    ],
  );
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml, 'nginx/a.conf': conf }, { analyzers: [...defaultAnalyzers], locale: 'zh-cn' }), 'ip-invalid');
  assert.equal(
    zh[0].message,
    '"172.016.8.101" 的第 2 段 016 以 0 开头：nginx 按十进制读取，即 172.16.8.101；curl 和 exportfs 则按八进制读取，即 172.14.8.101。请写成 172.16.8.101。',
  );
});

test('ip-invalid: an octet with a leading zero in Dubbo XML and .properties is read as decimal, as Java reads it', () => {
  const yaml = TWO_REGIONS.replace(
    'api: { kind: dubbo-consumer, port: 8680 }',
    'api: { kind: dubbo-consumer, port: 8680, config: [app.xml], properties: [app.properties] }',
  );
  const xml =
    '<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n' +
    '  <dubbo:registry address="zookeeper://172.16.008.101:2181"/>\n  <dubbo:registry address="${zk}"/>\n</beans>\n';
  // 07 reads as 7 in decimal and in octal alike: nothing to say.
  const props = 'zk=zookeeper://192.168.027.101:2181\nother.host=139.159.250.07\n';
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml, 'app.xml': xml, 'app.properties': props }, { analyzers: [...defaultAnalyzers] });
  assert.deepEqual(
    ofRule(ds, 'ip-invalid').map((d) => `${d.file}:${at(d)} ${d.severity} ${d.message}`),
    [
      'app.xml:1:39-1:53 warning "172.16.008.101" has an octet with a leading zero (008): Java reads it as decimal, 172.16.8.101, but curl and exportfs read such an octet as octal, and 008 is not an octal number. Write 172.16.8.101.',
      'app.xml:2:27-2:32 warning "192.168.027.101" has an octet with a leading zero (027): Java reads it as decimal, 192.168.27.101, but curl and exportfs read it as octal, 192.168.23.101. Write 192.168.27.101.',
    ],
  );
  const [xmlFix] = ofRule(ds, 'ip-invalid')[1].fixes;
  assert.deepEqual([xmlFix.safe, xmlFix.edits[0].file, xmlFix.edits[0].newText], [true, 'app.properties', '192.168.27.101'], 'the fix edits the definition');
  // Judged as Java reads them: api-2's internal IP is unreachable from api-1, api-1's from api-2.
  assert.deepEqual(
    ofRule(ds, 'dubbo-registry-unreachable').map((d) => `${d.file}:${at(d)}`),
    ['app.xml:1:39-1:53', 'app.xml:2:27-2:32'],
  );
  assert.deepEqual(
    ofRule(ds, 'same-region-external-ip').map((d) => `${d.file}:${at(d)} ${d.message.slice(0, 41)}`),
    ['app.properties:1:11-1:25 139.159.250.7 is the external IP of api-1'],
  );
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml, 'app.xml': xml, 'app.properties': props }, { analyzers: [...defaultAnalyzers], locale: 'zh-cn' }), 'ip-invalid');
  assert.equal(
    zh[0].message,
    '"172.16.008.101" 的第 3 段 008 以 0 开头：Java 按十进制读取，即 172.16.8.101；curl 和 exportfs 则按八进制读取，而 008 不是八进制数。请写成 172.16.8.101。',
  );
});

test('ip-invalid: an octet with a leading zero in /etc/exports is an error naming it: exportfs reads it as octal', () => {
  const ds = ofRule(lintExports('/home/wwwroot/upload 172.16.8.010(rw) 172.16.8.09(rw)\n'), 'ip-invalid');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.severity} ${d.message}`), [
    '0:21-0:33 error "172.16.8.010" is not a valid IP address (octet 010 starts with 0: exportfs reads it as octal, so this is 172.16.8.8).',
    '0:38-0:49 error "172.16.8.09" is not a valid IP address (octet 09 starts with 0 but is not an octal number: exportfs cannot read it).',
  ]);
  // 07 is 7 in octal too: exportfs takes 10.9.9.7, judged as such.
  const same = lintExports('/home/wwwroot/upload 10.9.9.07(rw)\n');
  assert.deepEqual(ofRule(same, 'ip-invalid'), []);
  assert.deepEqual(ofRule(same, 'ip-unknown').map((d) => d.message), ['10.9.9.7 matches no host or LAN in the topology.']);
  const zh = ofRule(lintExports('/home/wwwroot/upload 172.16.8.010(rw) 172.16.8.09(rw)\n', { locale: 'zh-cn' }), 'ip-invalid');
  assert.deepEqual(zh.map((d) => d.message), [
    '"172.16.8.010" 不是合法的 IP 地址（第 4 段 010 以 0 开头：exportfs 按八进制读取，即 172.16.8.8）。',
    '"172.16.8.09" 不是合法的 IP 地址（第 4 段 09 以 0 开头，却不是八进制数：exportfs 无法读取）。',
  ]);
});

test('ip-invalid: the nearest-address fix is safe only when that address alone is one edit away', () => {
  const yaml = `version: 1
regions:
  hz:
    name: 杭州
    lan: [10.10.0.0/16]
    hosts:
      gw: { internal: 10.10.1.10, external: 47.96.1.10, services: [gateway] }
      app1: { internal: 10.10.2.21, external: 47.96.2.21 }
      app3: { internal: 10.10.3.25 }
      app4: { internal: 10.10.3.26 }
      app5: { internal: 10.10.4.5, external: 47.96.2.22 }
services:
  gateway: { kind: nginx, port: 80, config: [nginx/nginx.conf] }
`;
  const conf =
    'upstream u {\n    server 10.10.2.210:8080;\n    server 10.10.2.256:8080;\n    server 10.10.3.256:8080;\n    server 47.96.2.291:8080;\n}\n' +
    'server { listen 80; location / { proxy_pass http://u; } }\n';
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml, 'nginx/nginx.conf': conf }, { analyzers: [...defaultAnalyzers] }), 'ip-invalid');
  assert.deepEqual(
    ds.map((d) => `${d.range.start.line} ${d.fixes.map((f) => `${f.title} safe=${f.safe}`).join()}`),
    [
      // Two edits from 10.10.2.21: .265, .250 or .25 are as likely meant.
      '2 Replace with 10.10.2.21 (app1, internal) safe=false',
      // One edit from both 10.10.3.25 and 10.10.3.26.
      '3 Replace with 10.10.3.25 (app3, internal) safe=false',
      // One edit from 47.96.2.21 and from no other address (47.96.2.22 takes two, as two slips).
      '4 Replace with 47.96.2.21 (app1, external) safe=true',
    ],
  );
});

test('ip-invalid: a letter typed for a digit where nginx expects an address (47.96.2.2l), with an unsafe fix', () => {
  const yaml = `version: 1
regions:
  hz:
    name: 杭州
    lan: [10.10.0.0/16]
    hosts:
      gw: { internal: 10.10.1.10, external: 47.96.1.10, services: [gateway] }
      app1: { internal: 10.10.2.21, external: 47.96.2.21 }
services:
  gateway: { kind: nginx, port: 80, config: [nginx/nginx.conf] }
`;
  const conf =
    'upstream u {\n    server 47.96.2.2l:8080;\n    server 10.1O.1.10:8080;\n    server 1.2.3.example:80;\n    server 10.10.2.lo:80;\n}\n' +
    'map $host $v {\n    1.2.3.4l a;\n}\n' +
    'server { listen 80; location / { proxy_pass http://u; } location /a { proxy_pass http://10.I0.2.21:8080; } location /b { proxy_pass http://v1.2.3.4:80; } }\n';
  const files = { 'dubbo-topology.yaml': yaml, 'nginx/nginx.conf': conf };
  const ds = ofRule(lintFiles(files, { analyzers: [...defaultAnalyzers] }), 'ip-invalid');
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.severity} ${d.message} ${d.fixes.map((f) => `[${f.title} safe=${f.safe}]`).join('')}`),
    [
      '1:11-1:26 error "47.96.2.2l" is not a valid IP address (octet 2l holds the letter l, most likely a mistyped 1). [Replace with 47.96.2.21 (app1, external) safe=false]',
      '2:11-2:26 error "10.1O.1.10" is not a valid IP address (octet 1O holds the letter O, most likely a mistyped 0). [Replace with 10.10.1.10 (gw, internal) safe=false]',
      '9:88-9:103 error "10.I0.2.21" is not a valid IP address (octet I0 holds the letter I, most likely a mistyped 1). [Replace with 10.10.2.21 (app1, internal) safe=false]',
    ],
  );
  const zh = ofRule(lintFiles(files, { analyzers: [...defaultAnalyzers], locale: 'zh-cn' }), 'ip-invalid');
  assert.equal(zh[0].message, '"47.96.2.2l" 不是合法的 IP 地址（第 4 段 2l 含字母 l，多半是把 1 打错了）。');
  // The address's role in the words the Chinese messages use for it, not in English.
  assert.deepEqual(
    zh.map((d) => d.fixes.map((f) => f.title).join()),
    ['替换为 47.96.2.21（app1，外网）', '替换为 10.10.1.10（gw，内网）', '替换为 10.10.2.21（app1，内网）'],
  );
});

test('ip-invalid: a letter typed for a digit in a Dubbo registry address; free text and host names pass', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: 8680, config: [app.xml] }');
  const xml =
    '<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n' +
    '  <dubbo:registry address="zookeeper://192.168.27.l01:2181?backup=zk.example.com:2181"/>\n' +
    '  <dubbo:application name="v1.2.3.4l"/>\n</beans>\n';
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml, 'app.xml': xml }, { analyzers: [...defaultAnalyzers] }), 'ip-invalid');
  assert.deepEqual(ds.map((d) => `${d.file}:${at(d)} ${d.message}`), [
    'app.xml:1:39-1:53 "192.168.27.l01" is not a valid IP address (octet l01 holds the letter l, most likely a mistyped 1).',
  ]);
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe]), [['Replace with 192.168.27.101 (api-1, internal)', false]]);
});
