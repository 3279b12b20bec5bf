import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPlaceholders, locate, originOf, resolveShared, resolveText } from '../../../src/core/dubbo/placeholders';
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

test('resolveShared: hosts that see the same definitions share one result; any other host gets its own, equal to resolveText', () => {
  const text = 'zookeeper://${zk}:${port}?backup=${${env}.backup:${zk}}';
  const base = { 'svc.properties': 'zk=10.0.0.9\nport=2181\nenv=prod\n', 'svc.xml': '' };
  const shape = (rv: ReturnType<typeof resolveText>) => ({
    text: rv.text,
    unresolved: rv.unresolved,
    used: rv.used.map((u) => [u.key, u.resolution?.value, u.resolution?.origin, u.definition]),
    segments: rv.segments.map((s) => [s.start, s.end, s.file, s.key, s.origin, s.definition, s.map ? [s.map(0), s.map(s.end - s.start)] : undefined]),
  });
  const map = (k: number) => ({ line: 3, character: 10 + k });

  const same = dubboContext({ ...base, 'dubbo-topology.yaml': providerYaml() });
  const svc = same.topology.serviceById.get('svc')!;
  const at = (ctx: typeof same, id: string) => ({ host: ctx.topology.hostById.get(id)!, service: svc });
  const owner = {};
  const a1 = resolveShared(same, owner, at(same, 'app-1'), text, 'svc.xml', () => map);
  const a2 = resolveShared(same, owner, at(same, 'app-2'), text, 'svc.xml', () => map);
  assert.equal(a1, a2, 'one result for both hosts');
  assert.deepEqual(shape(a1), shape(resolveText(same, at(same, 'app-2'), text, 'svc.xml', map)));

  // A host property for a key used only inside the default of a nested key: a distinct outcome.
  const yaml = providerYaml().replace('        internal: 172.16.8.102\n', '        internal: 172.16.8.102\n        properties: { zk: 172.16.8.9, prod.backup: 172.16.8.10 }\n');
  const split = dubboContext({ ...base, 'dubbo-topology.yaml': yaml });
  const s1 = resolveShared(split, owner, { host: split.topology.hostById.get('app-1')!, service: split.topology.serviceById.get('svc')! }, text, 'svc.xml', () => map);
  const s2 = resolveShared(split, owner, { host: split.topology.hostById.get('app-2')!, service: split.topology.serviceById.get('svc')! }, text, 'svc.xml', () => map);
  assert.notEqual(s1, s2);
  assert.equal(s1.text, 'zookeeper://10.0.0.9:2181?backup=10.0.0.9');
  assert.equal(s2.text, 'zookeeper://172.16.8.9:2181?backup=172.16.8.10');
  for (const [rv, id] of [[s1, 'app-1'], [s2, 'app-2']] as const) {
    const v = { host: split.topology.hostById.get(id)!, service: split.topology.serviceById.get('svc')! };
    assert.deepEqual(shape(rv), shape(resolveText(split, v, text, 'svc.xml', map)), id);
    assert.equal(resolveShared(split, owner, v, text, 'svc.xml', () => map), rv, `${id} again: the remembered result`);
  }
});

test("resolveText: the service's deploy.env comes after its properties files and before the default, named as Spring finds environment variables", () => {
  const yaml = providerYaml({
    provider: '    deploy:\n      artifact: svc.jar\n      dir: /opt/svc\n      restart: systemctl restart svc\n      env: { ZK_ADDR: "zookeeper://139.159.250.7:2181", ZK_ADDRESS: "from-env", DUBBO_PORT: "20881" }\n',
  });
  const ctx = dubboContext({ 'dubbo-topology.yaml': yaml, 'svc.xml': '', 'web.xml': '', 'svc.properties': 'dubbo.port=20880\n', 'web.properties': '' });
  const svc = ctx.topology.serviceById.get('svc')!;
  const web = ctx.topology.serviceById.get('web')!;
  const v = { host: ctx.topology.hostById.get('app-1')!, service: svc };
  const r = resolveText(ctx, v, '${ZK_ADDR}', 'svc.xml', undefined);
  assert.equal(r.text, 'zookeeper://139.159.250.7:2181');
  assert.deepEqual(r.used.map((u) => [u.resolution?.origin, u.definition?.file, u.definition?.range.start.line]), [['env', 'dubbo-topology.yaml', yaml.split('\n').findIndex((l) => l.includes('ZK_ADDR'))]]);
  // zk.address reads ZK_ADDRESS (dots as underscores, upper case), as Spring does.
  assert.equal(resolveText(ctx, v, '${zk.address}', 'svc.xml', undefined).text, 'from-env');
  // A properties file wins over the environment; the default comes after it.
  assert.equal(resolveText(ctx, v, '${dubbo.port}', 'svc.xml', undefined).text, '20880');
  assert.equal(resolveText(ctx, v, '${missing:x}', 'svc.xml', undefined).text, 'x');
  // Another service's environment is not this one's.
  assert.deepEqual(resolveText(ctx, { host: v.host, service: web }, '${ZK_ADDR}', 'web.xml', undefined).unresolved, ['ZK_ADDR']);
});
