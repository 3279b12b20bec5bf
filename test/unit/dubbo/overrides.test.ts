import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ofRule } from '../support/lint';
import { lintDubbo, providerYaml, springXml } from '../support/dubbo';

// The deploy passes a host's and region's topology properties as -D; Dubbo reads
// dubbo.<tag>[.<id>].<attribute> system properties before the XML.

const REG = 'zookeeper://192.168.27.101:2181';

function files(yaml: string, svcBody: string, webBody = `  <dubbo:registry address="${REG}"/>`): Record<string, string> {
  return { 'dubbo-topology.yaml': yaml, 'svc.xml': springXml(svcBody), 'web.xml': springXml(webBody), 'svc.properties': '', 'web.properties': '' };
}

/** providerYaml with `properties` added to a host (the block after its external IP). */
function withHostProperties(host: 'app-1' | 'app-2', props: string, yaml = providerYaml()): string {
  const external = host === 'app-1' ? '139.159.250.8' : '139.159.250.208';
  const out = yaml.replace(`        external: ${external}\n`, `        external: ${external}\n        properties: { ${props} }\n`);
  assert.notEqual(out, yaml);
  return out;
}

test('-D dubbo.protocol.host from the topology: the provider registers it even where the XML writes no host', () => {
  const body = `  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="20880"/>`;
  const web = '  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>';
  // svc on app-1 and app-2 registers its internal IPs: each region's web cannot reach the other's.
  assert.equal(ofRule(lintDubbo(files(providerYaml(), body, web)), 'dubbo-registers-internal-ip').length, 1);
  let yaml = withHostProperties('app-1', "dubbo.protocol.host: '139.159.250.8'");
  yaml = withHostProperties('app-2', "dubbo.protocol.host: '139.159.250.208'", yaml);
  assert.deepEqual(ofRule(lintDubbo(files(yaml, body, web)), 'dubbo-registers-internal-ip'), []);
  // It also wins over a host the XML writes.
  const written = `  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="20880" host="192.168.27.102"/>`;
  assert.equal(ofRule(lintDubbo(files(providerYaml(), written, web)), 'dubbo-registers-internal-ip').length, 1);
  assert.deepEqual(ofRule(lintDubbo(files(yaml, written, web)), 'dubbo-registers-internal-ip'), []);
});

test('-D dubbo.registry.address on a host of 华东2: the registry is judged by that value there, with the topology as the place to fix it', () => {
  const body = `  <dubbo:registry address="${REG}"/>`;
  const before = ofRule(lintDubbo(files(providerYaml(), body)), 'dubbo-registry-unreachable');
  assert.deepEqual(before.map((d) => d.file), ['svc.xml', 'web.xml']);
  const yaml = withHostProperties('app-2', "dubbo.registry.address: 'zookeeper://139.159.250.7:2181'");
  assert.deepEqual(ofRule(lintDubbo(files(yaml, body)), 'dubbo-registry-unreachable'), []);
  // A wrong value there is reported on the attribute, pointing at the topology line that sets it.
  const wrong = withHostProperties('app-2', "dubbo.registry.address: 'zookeeper://192.168.27.101:2181'");
  const [d] = ofRule(lintDubbo(files(wrong, body, '')), 'dubbo-registry-unreachable');
  assert.equal(d.file, 'svc.xml');
  assert.deepEqual(
    d.related.filter((r) => r.message.includes('defined here')).map((r) => `${r.file}:${r.range.start.line}`),
    [`dubbo-topology.yaml:${wrong.split('\n').findIndex((l) => l.includes('dubbo.registry.address'))}`],
  );
});

test('-D with an id: dubbo.registry.<id>.address (2.6) and dubbo.registries.<id>.address (3.x) set only that registry', () => {
  const body = `  <dubbo:registry id="east" address="${REG}"/>\n  <dubbo:registry id="other" address="${REG}"/>`;
  for (const key of ['dubbo.registry.east.address', 'dubbo.registries.east.address']) {
    const yaml = withHostProperties('app-2', `${key}: 'zookeeper://139.159.250.7:2181'`);
    const ds = ofRule(lintDubbo(files(yaml, body, '')), 'dubbo-registry-unreachable');
    // Only the registry "other" is still unreachable from app-2.
    assert.deepEqual(ds.map((d) => d.range.start.line), [4], key);
  }
});

test('DUBBO_IP_TO_BIND in deploy.env: the address Dubbo binds is the one it registers, unless DUBBO_IP_TO_REGISTRY says otherwise', () => {
  // svc on app-1 alone; web in 华东2 calls it.
  const deploy = (env: string) => `    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      restart: systemctl restart svc\n      env: { ${env} }\n`;
  const body = `  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="20880"/>`;
  const web = '  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>';
  const yaml = (env: string) => providerYaml({ providerHosts: 'svc', app2Services: 'web', provider: deploy(env) });
  const internal = ofRule(lintDubbo(files(yaml('JAVA_OPTS: "-Xmx1g"'), body, web)), 'dubbo-registers-internal-ip');
  assert.match(internal[0]?.message ?? '', /192\.168\.27\.102 \(app-1\)/);
  assert.deepEqual(ofRule(lintDubbo(files(yaml('DUBBO_IP_TO_BIND: "139.159.250.8"'), body, web)), 'dubbo-registers-internal-ip'), []);
  const bound = ofRule(lintDubbo(files(yaml('DUBBO_IP_TO_BIND: "139.159.250.8", DUBBO_IP_TO_REGISTRY: "192.168.27.102"'), body, web)), 'dubbo-registers-internal-ip');
  assert.match(bound[0]?.message ?? '', /192\.168\.27\.102 \(app-1\)/);
});
