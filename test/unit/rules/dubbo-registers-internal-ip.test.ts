import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, ORDER_XML, providerYaml, spanOf, springXml, ZK } from '../support/dubbo';

const RULE = 'dubbo-registers-internal-ip';

function files(opts: { svcBody?: string; yaml?: Parameters<typeof providerYaml>[0]; webBody?: string } = {}): Record<string, string> {
  return {
    'dubbo-topology.yaml': providerYaml(opts.yaml),
    'svc.xml': springXml(
      opts.svcBody ?? '  <dubbo:application name="svc"/>\n  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>',
    ),
    'web.xml': springXml(opts.webBody ?? '  <dubbo:application name="web"/>\n  <dubbo:registry address="${zookeeper.host}"/>'),
    'svc.properties': ZK,
    'web.properties': ZK,
  };
}

test('dubbo-registers-internal-ip: the seed — on <dubbo:protocol>, naming the consumer hosts that cannot reach it', () => {
  const ex = exampleFiles();
  const [d, ...rest] = ofRule(lintDubbo(ex), RULE).filter((x) => x.file === ORDER_XML);
  assert.equal(rest.length, 0);
  assert.equal(at(d), spanOf(ex[ORDER_XML], '<dubbo:protocol', 'dubbo:protocol'));
  assert.equal(
    d.message,
    'order registers addresses in registry registry that some consumers cannot reach: 192.168.27.102 (app-1) is unreachable from api-2 (华东2); 172.16.8.102 (app-2) is unreachable from api-1 (华东1). Their calls fail. Register an address every consumer can reach.',
  );
  assert.deepEqual(
    d.related.map((r) => r.message),
    ['host app-1 (华东1) in the topology', 'host app-2 (华东2) in the topology', 'host api-2 (华东2) in the topology', 'host api-1 (华东1) in the topology'],
  );
  // Fix 1: registerAs: external in the service mapping of the topology.
  const fix = d.fixes[0];
  assert.equal(fix.safe, true);
  assert.equal(fix.title, "Set registerAs: external for order in the topology (deploy sets DUBBO_IP_TO_REGISTRY to each host's external IP)");
  const fixed = applyFix(ex, fix);
  assert.match(fixed['dubbo-topology.yaml'], /\n {2}order:\n {4}kind: dubbo-provider\n {4}registerAs: external\n {4}port: 20880\n/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE).filter((x) => x.file === ORDER_XML), []);
});

test('dubbo-registers-internal-ip: the placeholder fix adds host="${dubbo.protocol.host}" and a value per region', () => {
  const ex = exampleFiles();
  const d = ofRule(lintDubbo(ex), RULE).find((x) => x.file === ORDER_XML)!;
  const fix = d.fixes.find((f) => f.title.startsWith('Use host='))!;
  assert.equal(fix.title, 'Use host="${dubbo.protocol.host}" with a value per region in the topology');
  assert.equal(fix.safe, false);
  const fixed = applyFix(ex, fix);
  assert.match(fixed[ORDER_XML], /<dubbo:protocol name="dubbo" port="-1" host="\$\{dubbo\.protocol\.host\}"\/>/);
  assert.match(fixed['dubbo-topology.yaml'], /lan: \[192\.168\.27\.0\/24\]\n {4}properties:\n {6}dubbo\.protocol\.host: 139\.159\.250\.8\n {4}hosts:/);
  assert.match(fixed['dubbo-topology.yaml'], /lan: \[172\.16\.8\.0\/24\]\n {4}properties:\n {6}dubbo\.protocol\.host: 139\.159\.250\.208\n {4}hosts:/);
  const after = lintDubbo(fixed);
  assert.deepEqual(ofRule(after, RULE).filter((x) => x.file === ORDER_XML), []);
  assert.deepEqual(ofRule(after, 'dubbo-placeholder-unresolved'), []);
});

test('dubbo-registers-internal-ip: a literal internal host attribute — reported on it; a single-host provider gets the literal external IP fix', () => {
  const body = '  <dubbo:application name="svc"/>\n  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="20880" host="192.168.27.102"/>';
  const fs = files({ svcBody: body, yaml: { app2Services: 'web' } });
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'svc.xml');
  assert.equal(at(d), spanOf(fs['svc.xml'], 'host=', '192.168.27.102'));
  assert.match(d.message, /^svc registers addresses in registry registry that some consumers cannot reach: 192\.168\.27\.102 \(app-1\) is unreachable from app-2 \(华东2\)\./);
  const literal = d.fixes.find((f) => f.title.startsWith('Set host='))!;
  assert.equal(literal.title, 'Set host="139.159.250.8" (the external IP of app-1, the only host of svc)');
  const fixed = applyFix(fs, literal);
  assert.match(fixed['svc.xml'], /host="139\.159\.250\.8"\/>/);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('dubbo-registers-internal-ip: without <dubbo:protocol> it sits on <dubbo:application>', () => {
  const fs = files({ svcBody: '  <dubbo:application name="svc"/>\n  <dubbo:registry address="${zookeeper.host}"/>' });
  const [d] = ofRule(lintDubbo(fs), RULE);
  assert.equal(at(d), spanOf(fs['svc.xml'], '<dubbo:application', 'dubbo:application'));
  assert.equal(d.fixes.length, 1, 'only registerAs: no protocol element to give a host');
});

test('dubbo-registers-internal-ip: passes with registerAs: external, a host= of the external IP, or consumers in the same region only', () => {
  assert.deepEqual(ofRule(lintDubbo(files({ yaml: { provider: '    registerAs: external\n' } })), RULE), []);
  // Consumers only on app-1, the provider only on app-1: the internal IP is right.
  assert.deepEqual(ofRule(lintDubbo(files({ yaml: { app2Services: '' } })), RULE), []);
  // DUBBO_IP_TO_REGISTRY in the deploy environment wins over everything else.
  const env = '    deploy: { env: { DUBBO_IP_TO_REGISTRY: 139.159.250.8 } }\n';
  const single = files({ yaml: { provider: env, app2Services: 'web' } });
  assert.deepEqual(ofRule(lintDubbo(single), RULE), []);
  const external = '  <dubbo:application name="svc"/>\n  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" host="139.159.250.8"/>';
  assert.deepEqual(ofRule(lintDubbo(files({ svcBody: external, yaml: { app2Services: 'web' } })), RULE), []);
});

test('dubbo-registers-internal-ip: uses: decides who calls whom; without it, every consumer of the same registry', () => {
  const other = '  other:\n    kind: dubbo-provider\n';
  assert.equal(ofRule(lintDubbo(files({ yaml: { extraServices: other } })), RULE).length, 1);
  const usesOther = files({ yaml: { consumer: '    uses: [other]\n', extraServices: other } });
  assert.deepEqual(ofRule(lintDubbo(usesOther), RULE), []);
  const usesSvc = files({ yaml: { consumer: '    uses: [svc]\n', extraServices: other } });
  assert.equal(ofRule(lintDubbo(usesSvc), RULE).length, 1);
});

test('dubbo-registers-internal-ip: consumers of another registry do not count', () => {
  // web looks providers up in a second ZooKeeper on app-2; svc registers with the first.
  const fs = files({ yaml: { extraServices: '  registry2: { kind: zookeeper, port: 2182 }\n' } });
  fs['dubbo-topology.yaml'] = fs['dubbo-topology.yaml'].replace('        services: [svc, web]\n', '        services: [svc, web, registry2]\n');
  fs['web.properties'] = 'zookeeper.host=zookeeper://172.16.8.102:2182\n';
  assert.deepEqual(
    ofRule(lintDubbo(fs), RULE).filter((d) => d.file === 'svc.xml'),
    [],
  );
});

test('dubbo-registers-internal-ip: registerAs: external does nothing for a host with no external IP, which registers its internal one', () => {
  const yaml = `version: 1
regions:
  r1:
    lan: [10.1.0.0/16]
    hosts:
      p1: { internal: 10.1.0.1, external: 1.1.1.1, services: [prov, zk] }
      c1: { internal: 10.1.0.3, external: 1.1.1.3, services: [cons] }
  r2:
    lan: [10.2.0.0/16]
    hosts:
      p2: { internal: 10.2.0.2, services: [prov] }
      c2: { internal: 10.2.0.4, external: 2.2.2.4, services: [cons] }
services:
  prov: { kind: dubbo-provider, port: 20880, registerAs: external, registry: zk, config: [p.xml] }
  cons: { kind: dubbo-consumer, registry: zk, config: [c.xml] }
  zk: { kind: zookeeper, port: 2181 }
`;
  const registry = '<dubbo:registry address="zookeeper://1.1.1.1:2181"/>';
  const ws: Record<string, string> = {
    'dubbo-topology.yaml': yaml,
    'p.xml': springXml(`  <dubbo:application name="p"/>\n  ${registry}\n  <dubbo:protocol name="dubbo" port="20880"/>\n  <dubbo:service interface="a.B" ref="b"/>`),
    'c.xml': springXml(`  <dubbo:application name="c"/>\n  ${registry}\n  <dubbo:reference id="b" interface="a.B"/>`),
  };
  const [d, ...rest] = ofRule(lintDubbo(ws), 'dubbo-registers-internal-ip');
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'p.xml');
  assert.equal(
    d.message,
    'prov registers addresses in registry zk that some consumers cannot reach: 10.2.0.2 (p2, which has no external IP in the topology for registerAs: external) is unreachable from c1 (r1). Their calls fail. Register an address every consumer can reach.',
  );
  // With an external IP for p2 the deploy registers it, and every consumer reaches it.
  const fixed = { ...ws, 'dubbo-topology.yaml': yaml.replace('p2: { internal: 10.2.0.2,', 'p2: { internal: 10.2.0.2, external: 2.2.2.2,') };
  assert.deepEqual(ofRule(lintDubbo(fixed), 'dubbo-registers-internal-ip'), []);
});

test('dubbo-registers-internal-ip: services that register nothing — register="false" or registry="N/A" on every <dubbo:service> or on their <dubbo:provider> — are not judged', () => {
  const base = '  <dubbo:application name="svc"/>\n  <dubbo:registry id="zk" address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="20880"/>\n';
  const count = (body: string) => ofRule(lintDubbo(files({ svcBody: base + body })), RULE).length;
  assert.equal(count('  <dubbo:service interface="a.A" ref="a"/>'), 1);
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" register="false"/>'), 0);
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" registry="N/A"/>'), 0);
  assert.equal(count('  <dubbo:provider register="false"/>\n  <dubbo:service interface="a.A" ref="a"/>'), 0);
  assert.equal(count('  <dubbo:provider register="false"/>'), 0, 'services declared elsewhere (annotations) take the default provider');
  assert.equal(count('  <dubbo:provider register="false">\n    <dubbo:service interface="a.A" ref="a"/>\n  </dubbo:provider>'), 0);
  // One export that registers is enough; its own register="true" wins over the provider's.
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" register="false"/>\n  <dubbo:service interface="b.B" ref="b"/>'), 1);
  assert.equal(count('  <dubbo:provider register="false"/>\n  <dubbo:service interface="a.A" ref="a" register="true"/>'), 1);
  // registry= names registries by id: another id registers nothing here; a placeholder is not guessed.
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" registry="zk"/>'), 1);
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" registry="other"/>'), 0);
  assert.equal(count('  <dubbo:service interface="a.A" ref="a" registry="${reg.id}"/>'), 1);
  // With <dubbo:annotation>, services declared by annotations export through the default provider too.
  assert.equal(count('  <dubbo:annotation package="a"/>\n  <dubbo:service interface="a.A" ref="a" register="false"/>'), 1);
});

test('dubbo-registers-internal-ip: dubbo.provider.register=false in a Spring Boot service registers nothing', () => {
  const yaml = providerYaml().replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '');
  const svc = 'dubbo.application.name=svc\ndubbo.registry.address=zookeeper://192.168.27.101:2181\ndubbo.protocol.name=dubbo\ndubbo.protocol.port=20880\n';
  const web = 'dubbo.application.name=web\ndubbo.registry.address=zookeeper://139.159.250.7:2181\n';
  const lint = (extra: string) => ofRule(lintDubbo({ 'dubbo-topology.yaml': yaml, 'svc.properties': svc + extra, 'web.properties': web }), RULE).length;
  assert.equal(lint(''), 1);
  assert.equal(lint('dubbo.provider.register=false\n'), 0);
});

test('dubbo-registers-internal-ip: several registries are listed as the language lists them', () => {
  const yaml = `version: 1
regions:
  r1:
    lan: [10.1.0.0/16]
    hosts:
      p1: { internal: 10.1.0.1, external: 1.1.1.1, services: [prov, zk1, zk2] }
  r2:
    lan: [10.2.0.0/16]
    hosts:
      c2: { internal: 10.2.0.4, external: 2.2.2.4, services: [cons] }
services:
  prov: { kind: dubbo-provider, port: 20880, config: [p.xml] }
  cons: { kind: dubbo-consumer, config: [c.xml] }
  zk1: { kind: zookeeper, port: 2181 }
  zk2: { kind: zookeeper, port: 2182 }
`;
  const registries = '<dubbo:registry id="a" address="zookeeper://1.1.1.1:2181"/>\n  <dubbo:registry id="b" address="zookeeper://1.1.1.1:2182"/>';
  const ws: Record<string, string> = {
    'dubbo-topology.yaml': yaml,
    'p.xml': springXml(`  <dubbo:application name="p"/>\n  ${registries}\n  <dubbo:protocol name="dubbo" port="20880"/>\n  <dubbo:service interface="a.B" ref="b"/>`),
    'c.xml': springXml(`  <dubbo:application name="c"/>\n  ${registries}\n  <dubbo:reference id="b" interface="a.B"/>`),
  };
  const [en] = ofRule(lintDubbo(ws), RULE);
  assert.match(en.message, /^prov registers addresses in registry zk1, zk2 that some consumers cannot reach: /);
  const [zh] = ofRule(lintDubbo(ws, { locale: 'zh-cn' }), RULE);
  assert.match(zh.message, /^prov 向注册中心 zk1、zk2 注册的地址有消费者无法访问：/);
});
