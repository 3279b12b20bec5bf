import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import type { TextEdit } from '../../../src/core/types';
import { applyFix, dubboContext, lineOf, lintDubbo, providerYaml, springXml } from '../support/dubbo';

// The seed's setup: svc and web read ${zookeeper.host} from their properties; app-2 overrides it in
// the topology.
const YAML = providerYaml().replace(
  "      app-2:\n        internal: 172.16.8.102\n        external: 139.159.250.208\n",
  "      app-2:\n        internal: 172.16.8.102\n        external: 139.159.250.208\n        properties: { zookeeper.host: 'zookeeper://139.159.250.7:2181' }\n",
);
const SVC_XML = springXml('  <dubbo:registry address="${zookeeper.host}"/>\n  <dubbo:protocol name="dubbo" port="${dubbo.port:20880}"/>');
const WEB_XML = springXml('  <dubbo:registry address="${zookeeper.host}" check="${zk.check:false}"/>');
const FILES = {
  'dubbo-topology.yaml': YAML,
  'svc.xml': SVC_XML,
  'web.xml': WEB_XML,
  'svc.properties': 'zookeeper.host=zookeeper://192.168.27.101:2181\nbackup=${zookeeper.host}\n',
  'web.properties': 'zookeeper.host=zookeeper://192.168.27.101:2181\n',
};

function edited(files: Record<string, string>, edits: TextEdit[]): Record<string, string> {
  return applyFix(files, { title: '', safe: true, edits });
}

test('rename a placeholder key from its ${key} in XML: every use, every definition, the topology too — and web, which shares app-2\'s definition', () => {
  const pos = { line: lineOf(SVC_XML, 'registry'), character: SVC_XML.split('\n')[lineOf(SVC_XML, 'registry')].indexOf('zookeeper.host') + 3 };
  const target = dubboAnalyzer.renameTarget!('svc.xml', SVC_XML, pos)!;
  assert.equal(target.name, 'zookeeper.host');
  const r = dubboAnalyzer.rename!('svc.xml', SVC_XML, pos, 'registry.address', dubboContext(FILES), 'en')!;
  assert.ok('edits' in r, JSON.stringify(r));
  const after = edited(FILES, r.edits);
  assert.equal(after['svc.xml'], SVC_XML.replace('${zookeeper.host}', '${registry.address}'));
  assert.equal(after['web.xml'], WEB_XML.replace('${zookeeper.host}', '${registry.address}'));
  assert.equal(after['svc.properties'], 'registry.address=zookeeper://192.168.27.101:2181\nbackup=${registry.address}\n');
  assert.equal(after['web.properties'], 'registry.address=zookeeper://192.168.27.101:2181\n');
  assert.match(after['dubbo-topology.yaml'], /properties: \{ registry\.address: 'zookeeper:\/\/139\.159\.250\.7:2181' \}/);
  // Nothing left unresolved, nothing else changed: the lint is the same as before, key names aside.
  const before = lintDubbo(FILES).map((d) => `${d.rule} ${d.file}:${d.range.start.line}`);
  assert.deepEqual(lintDubbo(after).map((d) => `${d.rule} ${d.file}:${d.range.start.line}`), before);
});

test('rename from a key of a properties file; ${key:default} keeps its default', () => {
  const files = { ...FILES, 'svc.properties': 'dubbo.port=20881\n' };
  const r = propertiesAnalyzer.rename!('svc.properties', files['svc.properties'], { line: 0, character: 2 }, 'svc.port', dubboContext(files), 'en')!;
  assert.ok('edits' in r);
  const after = edited(files, r.edits);
  assert.equal(after['svc.properties'], 'svc.port=20881\n');
  assert.match(after['svc.xml'], /port="\$\{svc\.port:20880\}"/);
});

test('rename refuses a name that is no key, a name already defined, and says why', () => {
  const ctx = dubboContext(FILES);
  const at = { line: 0, character: 2 };
  const text = FILES['svc.properties'];
  assert.deepEqual(propertiesAnalyzer.rename!('svc.properties', text, at, 'a b', ctx, 'en'), { refused: '"a b" is not a property key: no spaces, no $, {, }, = or :.' });
  assert.deepEqual(propertiesAnalyzer.rename!('svc.properties', text, at, 'backup', ctx, 'en'), { refused: 'backup is already defined (svc.properties:2): the two would merge.' });
  assert.match((propertiesAnalyzer.rename!('svc.properties', text, at, 'backup', ctx, 'zh-cn') as { refused: string }).refused, /^backup 已有定义/);
  // Not on a key: nothing to rename.
  assert.equal(dubboAnalyzer.renameTarget!('svc.xml', SVC_XML, { line: 0, character: 1 }), undefined);
});

test('rename in Spring Boot YAML: a nested key renames its last part; moving it under other parents is refused', () => {
  const yaml = providerYaml().replace('properties: [svc.properties]', 'properties: [svc.yml]');
  const svcYml = 'zookeeper:\n  host: zookeeper://192.168.27.101:2181\n';
  const files = { ...FILES, 'dubbo-topology.yaml': yaml, 'svc.yml': svcYml };
  const ctx = dubboContext(files);
  const pos = { line: 1, character: 3 };
  assert.deepEqual(propertiesAnalyzer.renameTarget!('svc.yml', svcYml, pos), { range: { start: { line: 1, character: 2 }, end: { line: 1, character: 6 } }, name: 'zookeeper.host' });
  const r = propertiesAnalyzer.rename!('svc.yml', svcYml, pos, 'zookeeper.address', ctx, 'en')!;
  assert.ok('edits' in r);
  assert.equal(edited(files, r.edits)['svc.yml'], 'zookeeper:\n  address: zookeeper://192.168.27.101:2181\n');
  assert.deepEqual(propertiesAnalyzer.rename!('svc.yml', svcYml, pos, 'zk.host', ctx, 'en'), {
    refused: 'zookeeper.host is nested in svc.yml: only its last part (host) can be renamed here, so the new name must start with zookeeper..',
  });
});

test('rename stays with the services using the file when no definition is shared', () => {
  const files = { ...FILES, 'dubbo-topology.yaml': providerYaml() };
  const pos = { line: 0, character: 3 };
  const r = propertiesAnalyzer.rename!('svc.properties', files['svc.properties'], pos, 'zk.url', dubboContext(files), 'en')!;
  assert.ok('edits' in r);
  assert.deepEqual([...new Set(r.edits.map((e) => e.file))].sort(), ['svc.properties', 'svc.xml']);
});
