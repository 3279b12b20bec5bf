import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPlaceholders, locate, originOf, resolveText } from '../../../src/core/dubbo/placeholders';
import { dubboContext, providerYaml } from '../support/dubbo';

test('findPlaceholders: keys, defaults (with colons and nested placeholders), offsets', () => {
  const text = 'zookeeper://${zk.host:${fallback:127.0.0.1}}:${zk.port:2181}?x=${plain}';
  assert.deepEqual(
    findPlaceholders(text).map((p) => [p.key, p.fallback, text.slice(p.start, p.end)]),
    [
      ['zk.host', '${fallback:127.0.0.1}', '${zk.host:${fallback:127.0.0.1}}'],
      ['zk.port', '2181', '${zk.port:2181}'],
      ['plain', undefined, '${plain}'],
    ],
  );
  assert.deepEqual(findPlaceholders('${unclosed').length, 0);
});

test('resolveText: per host — host > region > properties files > default, each mapped to where it is written', () => {
  const yaml = providerYaml()
    .replace('    lan: [172.16.8.0/24]\n', '    lan: [172.16.8.0/24]\n    properties:\n      zk: "139.159.250.7"\n')
    .replace('        internal: 192.168.27.102\n', '        internal: 192.168.27.102\n        properties: { zk: 192.168.27.101 }\n');
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'svc.properties': '# x\nzk=10.0.0.9\nport=20880\n', 'svc.xml': '' });
  const svc = ctx.topology.serviceById.get('svc')!;
  const v = (id: string) => ({ host: ctx.topology.hostById.get(id)!, service: svc });
  const map = (k: number) => ({ line: 7, character: 20 + k });
  const text = 'zookeeper://${zk}:${port}/${missing}?t=${t:3000}';

  const east1 = resolveText(ctx, v('app-1'), text, 'svc.xml', map);
  assert.equal(east1.text, 'zookeeper://192.168.27.101:20880/${missing}?t=3000');
  assert.deepEqual(east1.unresolved, ['missing']);
  const ip1 = east1.text.indexOf('192');
  // The host property in the topology (a flow mapping, plain scalar).
  const loc1 = locate(east1, ip1, ip1 + 14)!;
  assert.equal(loc1.file, 'dubbo-topology.yaml');
  assert.equal(yaml.split('\n')[loc1.range.start.line].slice(loc1.range.start.character, loc1.range.end.character), '192.168.27.101');
  assert.equal(originOf(east1, ip1, ip1 + 14)!.message.data!.key, 'zk');
  // The default sits in the XML itself.
  const d = east1.text.lastIndexOf('3000');
  assert.deepEqual(locate(east1, d, d + 4), { file: 'svc.xml', range: { start: { line: 7, character: 20 + text.indexOf('3000') }, end: { line: 7, character: 24 + text.indexOf('3000') } } });

  const east2 = resolveText(ctx, v('app-2'), text, 'svc.xml', map);
  const ip2 = east2.text.indexOf('139');
  // The region property is quoted: the mapping skips the quote.
  const loc2 = locate(east2, ip2, ip2 + 13)!;
  assert.equal(yaml.split('\n')[loc2.range.start.line].slice(loc2.range.start.character, loc2.range.end.character), '139.159.250.7');
  // The properties file.
  const p = east2.text.indexOf('20880');
  assert.deepEqual(locate(east2, p, p + 5), { file: 'svc.properties', range: { start: { line: 2, character: 5 }, end: { line: 2, character: 10 } } });
});
