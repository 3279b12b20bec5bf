import { test } from 'node:test';
import assert from 'node:assert/strict';
import { at, ofRule } from '../support/lint';
import { applyFix, exampleFiles, lintDubbo, providerYaml, springXml } from '../support/dubbo';

const RULE = 'properties-duplicate-key';

function files(props: string): Record<string, string> {
  return {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="${zookeeper.host}"/>'),
    'web.xml': springXml(''),
    'svc.properties': props,
    'web.properties': '',
  };
}

test('properties-duplicate-key: the earlier definition of a used key is ignored — reported there, the fix deletes it', () => {
  const fs = files('# registry\nzookeeper.host=zookeeper://192.168.27.101:2181\nother=1\nzookeeper.host = zookeeper://139.159.250.7:2181\n');
  const [d, ...rest] = ofRule(lintDubbo(fs), RULE);
  assert.equal(rest.length, 0);
  assert.equal(d.file, 'svc.properties');
  assert.equal(d.severity, 'warning');
  assert.equal(at(d), '1:0-1:14');
  assert.equal(d.message, 'zookeeper.host is defined again on line 4; java.util.Properties keeps the last value, so this one ("zookeeper://192.168.27.101:2181") is ignored.');
  assert.deepEqual(d.related.map((r) => `${r.range.start.line} ${r.message}`), ['3 zookeeper.host is defined here']);
  assert.equal(d.fixes[0].safe, true);
  const fixed = applyFix(fs, d.fixes[0]);
  assert.equal(fixed['svc.properties'], '# registry\nother=1\nzookeeper.host = zookeeper://139.159.250.7:2181\n');
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
});

test('properties-duplicate-key: a duplicate no config uses, a single definition, and the seed pass', () => {
  assert.deepEqual(ofRule(lintDubbo(files('unused=1\nunused=2\nzookeeper.host=zookeeper://139.159.250.7:2181\n')), RULE), []);
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
});

test('properties-duplicate-key: a key set again in a Spring Boot profile document (#---) is no duplicate, and the registry is judged by the default value', () => {
  const profile = (byDefault: string, dev: string) =>
    `zookeeper.host=${byDefault}\n#---\nspring.config.activate.on-profile=dev\nzookeeper.host=${dev}\n`;
  const external = 'zookeeper://139.159.250.7:2181';
  const internal = 'zookeeper://192.168.27.101:2181';
  const ds = lintDubbo(files(profile(external, internal)));
  assert.deepEqual(ofRule(ds, RULE), []);
  assert.deepEqual(ds.filter((d) => d.message.includes('192.168.27.101')).map((d) => d.rule), []);
  // The other way round, the default document's internal address is what the provider uses.
  assert.ok(lintDubbo(files(profile(internal, external))).some((d) => d.file === 'svc.xml' && d.message.includes('192.168.27.101')));
  // Without the activation key the later document overrides the earlier one: a duplicate still.
  assert.equal(ofRule(lintDubbo(files(`zookeeper.host=${internal}\n#---\nzookeeper.host=${external}\n`)), RULE).length, 1);
});

test('properties-duplicate-key: a profile the file activates overrides the default value on purpose: no duplicate, and its value is the one judged', () => {
  const external = 'zookeeper://139.159.250.7:2181';
  const internal = 'zookeeper://192.168.27.101:2181';
  const text = `spring.profiles.active=dev\nzookeeper.host=${external}\n#---\nspring.config.activate.on-profile=dev\nzookeeper.host=${internal}\n`;
  const ds = lintDubbo(files(text));
  assert.deepEqual(ofRule(ds, RULE), []);
  assert.ok(ds.some((d) => d.file === 'svc.xml' && d.message.includes('192.168.27.101')), 'the dev value is used');
});

test('properties-duplicate-key: in a Spring Boot service (no Dubbo XML) the dubbo.* keys are its configuration: a key set twice is reported', () => {
  const boot = providerYaml().replace('config: [svc.xml]\n    ', '').replace('config: [web.xml]\n    ', '');
  const svc = [
    'dubbo.application.name=svc',
    'dubbo.registry.address=zookeeper://139.159.250.7:2181',
    'dubbo.consumer.timeout=3000',
    '# moved',
    'dubbo.registry.address=zookeeper://139.159.250.7:2182',
    'dubbo.consumer.timeout=5000',
    'unused=1',
    'unused=2',
    '',
  ].join('\n');
  const fs = { 'dubbo-topology.yaml': boot, 'svc.properties': svc, 'web.properties': 'dubbo.application.name=web\n' };
  const ds = ofRule(lintDubbo(fs), RULE);
  assert.deepEqual(
    ds.map((d) => `${d.file} ${at(d)}`),
    ['svc.properties 1:0-1:22', 'svc.properties 2:0-2:22'],
  );
  assert.match(ds[0].message, /^dubbo\.registry\.address is defined again on line 5;/);
  // Removing the ignored lines leaves the rule quiet.
  const fixed = applyFix(applyFix(fs, ds[1].fixes[0]), ds[0].fixes[0]);
  assert.deepEqual(ofRule(lintDubbo(fixed), RULE), []);
  // With Dubbo XML the dubbo.* keys only fill placeholders: a key no placeholder names is not used.
  assert.deepEqual(ofRule(lintDubbo({ ...files(svc) }), RULE), []);
});
