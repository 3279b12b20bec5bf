import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, spanOf, springXml } from '../support/dubbo';

const RULE = 'dubbo-unknown-extension';

function files(body: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': springXml(body), 'web.xml': springXml(''), 'svc.properties': '', 'web.properties': '' };
}

test('dubbo-unknown-extension: a misspelt thread pool, did-you-mean (not applied by --fix)', () => {
  const fs = files('  <dubbo:provider threadpool="cahced"/>');
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'threadpool', 'cahced'));
  assert.match(d.message, /^"cahced" is not a threadpool extension of any Dubbo release \(known: fixed, cached, limited, eager, virtual\)/);
  assert.equal(d.fixes[0].title, 'Replace with "cached"');
  assert.equal(d.fixes[0].safe, false);
  assert.deepEqual(ofRule(lintDubbo(applyFix(fs, d.fixes[0])), RULE), []);
  const [zh] = ofRule(lintDubbo(fs, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^"cahced" 不是任何 Dubbo 版本内置的 threadpool 扩展（已知：fixed、cached、limited、eager、virtual）/);
});

test('dubbo-unknown-extension: protocol name, load balancing, cluster, serialization list and the registry scheme', () => {
  const fs = files(
    [
      '  <dubbo:protocol name="dubo" serialization="hessian"/>',
      '  <dubbo:reference id="r" interface="a.B" loadbalance="roundrobbin" cluster="failfast"/>',
      '  <dubbo:service interface="a.B" ref="b" prefer-serialization="fastjson2, hesian2"/>',
      '  <dubbo:registry address="zookeper://139.159.250.7:2181"/>',
    ].join('\n'),
  );
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(' is not')[0]}`),
    [
      `${spanOf(fs['svc.xml'], 'dubo', 'dubo')} "dubo"`,
      `${spanOf(fs['svc.xml'], 'hessian"', 'hessian')} "hessian"`,
      `${spanOf(fs['svc.xml'], 'roundrobbin', 'roundrobbin')} "roundrobbin"`,
      `${spanOf(fs['svc.xml'], 'hesian2', 'hesian2')} "hesian2"`,
      `${spanOf(fs['svc.xml'], 'zookeper', 'zookeper')} "zookeper"`,
    ],
  );
});

test('dubbo-unknown-extension: built-in names of any release pass', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  const ok = '  <dubbo:protocol name="rest" threadpool="eager" serialization="kryo"/>\n  <dubbo:protocol name="tri" dispatcher="message"/>\n  <dubbo:registry address="nacos://139.159.250.7:8848|zookeeper://139.159.250.7:2181"/>';
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
});

test('dubbo-unknown-extension: registry, config-center and protocol names of extension modules, and the ZooKeeper client as a registry transporter', () => {
  const ok = [
    '  <dubbo:registry id="a" address="service-discovery-registry://139.159.250.7:2181" transporter="curator5"/>',
    '  <dubbo:registry id="b" address="kubernetes://139.159.250.7:6443|dns://139.159.250.7:53|xds://139.159.250.7:15010" transport="curator"/>',
    '  <dubbo:config-center protocol="etcd" address="139.159.250.7:2379"/>',
    '  <dubbo:config-center protocol="consul" address="139.159.250.7:8500"/>',
    '  <dubbo:protocol name="jsonrpc" port="8080"/>',
  ].join('\n');
  assert.deepEqual(ofRule(lintDubbo(files(ok)), RULE), []);
  // A ZooKeeper client is no network transporter for a protocol.
  const [d, ...rest] = ofRule(lintDubbo(files('  <dubbo:protocol name="dubbo" transporter="curator"/>')), RULE);
  assert.equal(rest.length, 0);
  assert.match(d.message, /^"curator" is not a transporter extension of any Dubbo release \(known: netty, netty4, netty3, mina, grizzly\)/);
});

test('dubbo-unknown-extension: names are matched as written — roundRobin is not roundrobin', () => {
  const fs = files('  <dubbo:consumer loadbalance="roundRobin" cluster="FailFast"/>');
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => d.message),
    [
      '"roundRobin" is not a loadbalance extension: extension names are matched as written, and this one is "roundrobin"; start-up fails with "No such extension".',
      '"FailFast" is not a cluster extension: extension names are matched as written, and this one is "failfast"; start-up fails with "No such extension".',
    ],
  );
  const fixed = applyFix(fs, ds[0].fixes[0]);
  assert.match(fixed['svc.xml'], /loadbalance="roundrobin"/);
});
