import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ofRule } from '../support/lint';
import { applyFix, dubboContext, lintDubbo, providerYaml, springXml } from '../support/dubbo';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { dubboEnvNames } from '../../../src/core/dubbo/overrides';

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

// Since 2.7, Dubbo also reads each setting from the environment (dubbo.protocol.host from
// DUBBO_PROTOCOL_HOST), after the system properties and before the XML: a service's deploy.env.

const withEnv = (env: string, opts: Parameters<typeof providerYaml>[0] = {}) =>
  providerYaml({ ...opts, provider: `    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      restart: systemctl restart svc\n      env: { ${env} }\n` });

test('the names Dubbo looks a setting up by in the environment', () => {
  assert.deepEqual(dubboEnvNames('dubbo.protocol.host'), ['dubbo.protocol.host', 'DUBBO_PROTOCOL_HOST', 'dubbo_protocol_host']);
  assert.deepEqual(dubboEnvNames('dubbo.application.qos-enable'), [
    'dubbo.application.qos-enable',
    'DUBBO_APPLICATION_QOS_ENABLE',
    'DUBBO_APPLICATION_QOSENABLE',
    'DUBBO_APPLICATION_QOS-ENABLE',
    'dubbo_application_qos_enable',
  ]);
});

test('DUBBO_PROTOCOL_HOST in deploy.env: the provider registers it; a host property (-D) still wins', () => {
  // svc on app-1 alone; web in 华东2 calls it.
  const one = { providerHosts: 'web', app2Services: 'web' };
  const body = `  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="20880" host="192.168.27.102"/>`;
  const web = '  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>';
  const onApp1 = (yaml: string) => yaml.replace('services: [web]\n  east-2', 'services: [svc, web]\n  east-2');
  const judged = (yaml: string) => ofRule(lintDubbo(files(onApp1(yaml), body, web)), 'dubbo-registers-internal-ip');
  assert.equal(judged(withEnv('JAVA_OPTS: "-Xmx1g"', one)).length, 1);
  assert.deepEqual(judged(withEnv('DUBBO_PROTOCOL_HOST: "139.159.250.8"', one)), []);
  // The other spellings Dubbo accepts.
  assert.deepEqual(judged(withEnv('dubbo_protocol_host: "139.159.250.8"', one)), []);
  // An empty value counts as unset.
  assert.equal(judged(withEnv('DUBBO_PROTOCOL_HOST: ""', one)).length, 1);
  // -D dubbo.protocol.host on the host comes before the environment.
  const both = withHostProperties('app-1', "dubbo.protocol.host: '192.168.27.102'", onApp1(withEnv('DUBBO_PROTOCOL_HOST: "139.159.250.8"', one)));
  assert.equal(ofRule(lintDubbo(files(both, body, web)), 'dubbo-registers-internal-ip').length, 1);
});

test('DUBBO_REGISTRY_ADDRESS in deploy.env: the registry is judged by that value, pointing at the variable', () => {
  const body = `  <dubbo:registry address="${REG}"/>`;
  // svc runs in both regions: the internal address fails on app-2.
  assert.deepEqual(ofRule(lintDubbo(files(withEnv('JAVA_OPTS: "-Xmx1g"'), body, '')), 'dubbo-registry-unreachable').map((d) => d.file), ['svc.xml']);
  assert.deepEqual(ofRule(lintDubbo(files(withEnv('DUBBO_REGISTRY_ADDRESS: "zookeeper://139.159.250.7:2181"'), body, '')), 'dubbo-registry-unreachable'), []);
  // The XML's reachable address, overridden by an internal one: reported, with the variable as the place to fix it.
  const reachable = '  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>';
  const wrong = withEnv(`DUBBO_REGISTRY_ADDRESS: "${REG}"`);
  assert.deepEqual(ofRule(lintDubbo(files(withEnv('JAVA_OPTS: "-Xmx1g"'), reachable, '')), 'dubbo-registry-unreachable'), []);
  const ds = ofRule(lintDubbo(files(wrong, reachable, '')), 'dubbo-registry-unreachable');
  assert.deepEqual(ds.map((d) => d.file), ['svc.xml']);
  const envLine = wrong.split('\n').findIndex((l) => l.includes('DUBBO_REGISTRY_ADDRESS'));
  assert.deepEqual(
    ds[0].related.filter((r) => r.message.includes('defined here')).map((r) => `${r.file}:${r.range.start.line}`),
    [`dubbo-topology.yaml:${envLine}`],
  );
  // The fix edits the variable; applied, the rule is quiet.
  const [fix] = ds[0].fixes ?? [];
  assert.deepEqual(fix.edits.map((e) => `${e.file}:${e.range.start.line} ${e.newText}`), [`dubbo-topology.yaml:${envLine} 139.159.250.7`]);
  assert.deepEqual(ofRule(lintDubbo(applyFix(files(wrong, reachable, ''), fix)), 'dubbo-registry-unreachable'), []);
  // It only applies to the service whose environment sets it: web's own registry is its XML's.
  const webWrong = ofRule(lintDubbo(files(withEnv('DUBBO_REGISTRY_ADDRESS: "zookeeper://139.159.250.7:2181"'), body, body)), 'dubbo-registry-unreachable');
  assert.deepEqual(webWrong.map((d) => d.file), ['web.xml']);
});

test('DUBBO_REGISTRIES_<ID>_ADDRESS sets only the registry with that id', () => {
  const body = `  <dubbo:registry id="east" address="${REG}"/>\n  <dubbo:registry id="other" address="${REG}"/>`;
  const ds = ofRule(lintDubbo(files(withEnv('DUBBO_REGISTRIES_EAST_ADDRESS: "zookeeper://139.159.250.7:2181"'), body, '')), 'dubbo-registry-unreachable');
  assert.deepEqual(ds.map((d) => d.range.start.line), [4]);
});

test('a hover on an attribute that a host property or deploy.env sets says so, per host, with where it is set', () => {
  const body = `  <dubbo:registry address="zookeeper://139.159.250.7:2181"/>\n  <dubbo:protocol name="dubbo" port="20880" host="192.168.27.102"/>`;
  const yaml = withHostProperties('app-1', "dubbo.protocol.host: '139.159.250.8'", withEnv('DUBBO_PROTOCOL_HOST: "139.159.250.208"'));
  const fs = files(yaml, body, '');
  const ctx = dubboContext(fs);
  const xml = fs['svc.xml'];
  const line = xml.split('\n').findIndex((l) => l.includes('host='));
  const onValue = { line, character: xml.split('\n')[line].indexOf('192.168') + 3 };
  const h = dubboAnalyzer.hover!('svc.xml', xml, onValue, ctx, 'en')!;
  const propLine = yaml.split('\n').findIndex((l) => l.includes('dubbo.protocol.host')) + 1;
  const envLine = yaml.split('\n').findIndex((l) => l.includes('DUBBO_PROTOCOL_HOST')) + 1;
  const [section, ...rest] = h.markdown.split('\n\n---\n\n');
  assert.equal(
    section,
    [
      'On these hosts Dubbo reads this setting from elsewhere first, not from this file:',
      '',
      `- on app-1 the value is \`139.159.250.8\` (\`dubbo.protocol.host\`, host properties in the topology — dubbo-topology.yaml:${propLine})`,
      `- on app-2 the value is \`139.159.250.208\` (\`DUBBO_PROTOCOL_HOST\`, the service's deploy.env in the topology — dubbo-topology.yaml:${envLine})`,
    ].join('\n'),
  );
  // What the hover showed before follows: the address's owner — and no host reads it, as both take the value above.
  assert.equal(rest.join('\n'), '**192.168.27.102** — internal IP of **app-1** (华东1)\n\nNo host reads the value written here.');
  // On the attribute's name too, and in Chinese.
  const onName = { line, character: xml.split('\n')[line].indexOf('host=') + 1 };
  assert.match(dubboAnalyzer.hover!('svc.xml', xml, onName, ctx, 'zh-cn')!.markdown, /^在以下主机上，Dubbo 优先从别处读取该设置/);
  // Set elsewhere on app-2 alone: the reach table is app-1's.
  const one = dubboAnalyzer.hover!('svc.xml', xml, onValue, dubboContext(files(withHostProperties('app-2', "dubbo.protocol.host: '139.159.250.208'"), body, '')), 'en')!;
  assert.match(one.markdown, /^On these hosts[^\n]*\n\n- on app-2 the value is `139\.159\.250\.208`[^\n]*\n\n---\n\n\*\*192\.168\.27\.102\*\* — internal IP of \*\*app-1\*\* \(华东1\)\n\n\| From \| Reachable \|\n\|---\|---\|\n\| app-1 \(华东1\) \| ✓ over the LAN \|$/);
  // Where nothing sets it elsewhere, the hover is as before.
  const plain = files(providerYaml(), body, '');
  assert.doesNotMatch(dubboAnalyzer.hover!('svc.xml', xml, onValue, dubboContext(plain), 'en')!.markdown, /elsewhere/);
});
