import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { API_PROPS, API_XML, dubboContext, exampleFiles, lintDubbo, providerYaml, springXml } from '../support/dubbo';
import { ofRule } from '../support/lint';

const ex = exampleFiles();
const ctx = dubboContext(ex);
const xml = ex[API_XML];
const pos = (needle: string, delta = 1) => {
  const line = xml.split('\n').findIndex((l) => l.includes(needle));
  return { line, character: xml.split('\n')[line].indexOf(needle) + delta };
};

test('hover on ${placeholder}: the value each host sees and where it is defined, then how each host reaches the IP', () => {
  const h = dubboAnalyzer.hover!(API_XML, xml, pos('${zookeeper.host}', 3), ctx, 'en')!;
  assert.equal(xml.split('\n')[h.range.start.line].slice(h.range.start.character, h.range.end.character), '${zookeeper.host}');
  assert.match(h.markdown, /\| api-1 \(华东1\) \| `zookeeper:\/\/192\.168\.27\.101:2181` \| api\/src\/main\/resources\/config\.properties:2 \(properties file\) \|/);
  assert.match(h.markdown, /\*\*192\.168\.27\.101\*\* — internal IP of \*\*api-1\*\* \(华东1\)/);
  assert.match(h.markdown, /\| api-1 \(华东1\) \| ✓ over the LAN \|\n\| api-2 \(华东2\) \| ✗ unreachable \(another region's internal IP\) \|/);
  const zh = dubboAnalyzer.hover!(API_XML, xml, pos('${zookeeper.host}', 3), ctx, 'zh-cn')!;
  assert.match(zh.markdown, /\*\*192\.168\.27\.101\*\* — \*\*api-1\*\*（华东1）的内网 IP/);
  assert.match(zh.markdown, /\| api-2（华东2） \| ✗ 不可达（其他地域的内网 IP） \|/);
});

test('hover on ${user.home}: the JVM sets it, on every host', () => {
  const text = xml.replace('<dubbo:registry ', '<dubbo:registry file="${user.home}/.dubbo/api.cache" ');
  const line = text.split('\n').findIndex((l) => l.includes('${user.home}'));
  const at = { line, character: text.split('\n')[line].indexOf('${user.home}') + 3 };
  const h = dubboAnalyzer.hover!(API_XML, text, at, ctx, 'en')!;
  assert.match(h.markdown, /\| api-1 \(华东1\) \| `\$\{user\.home\}` \| set by the JVM when the service starts \|/);
  assert.match(dubboAnalyzer.hover!(API_XML, text, at, ctx, 'zh-cn')!.markdown, /由 JVM 在服务启动时设置/);
});

test('hover on ${catalina.base}: Tomcat sets it, on every host; with ${user.home} beside it, still Tomcat', () => {
  const text = xml.replace('<dubbo:registry ', '<dubbo:registry file="${user.home}${catalina.base}/api.cache" ');
  const line = text.split('\n').findIndex((l) => l.includes('${catalina.base}'));
  const at = { line, character: text.split('\n')[line].indexOf('${catalina.base}') + 3 };
  const h = dubboAnalyzer.hover!(API_XML, text, at, ctx, 'en')!;
  assert.match(h.markdown, /\| api-1 \(华东1\) \| `[^`]*\$\{catalina\.base\}[^`]*` \| set by Tomcat when it starts the application \|/);
  assert.match(dubboAnalyzer.hover!(API_XML, text, at, ctx, 'zh-cn')!.markdown, /由 Tomcat 在启动应用时设置/);
});

test('hover on a literal IP: host, region, reachability from every vantage host', () => {
  const text = xml.replace('${zookeeper.host}', 'zookeeper://139.159.250.7:2181');
  const line = text.split('\n').findIndex((l) => l.includes('139.159'));
  const h = dubboAnalyzer.hover!(API_XML, text, { line, character: text.split('\n')[line].indexOf('139') + 2 }, ctx, 'en')!;
  assert.match(h.markdown, /^\*\*139\.159\.250\.7\*\* — external IP of \*\*api-1\*\* \(华东1\)/);
  assert.match(h.markdown, /\| api-2 \(华东2\) \| ✓ over the public network \|/);
});

test('hover on elements and attributes: type, default, unit, short doc and a link to the Dubbo docs (en and zh-cn)', () => {
  const el = dubboAnalyzer.hover!(API_XML, xml, pos('dubbo:protocol', 3), ctx, 'en')!;
  assert.match(el.markdown, /^\*\*<dubbo:protocol>\*\* \(http:\/\/code\.alibabatech\.com\/schema\/dubbo\)\n\nA protocol providers export services with/);
  assert.match(el.markdown, /\[Dubbo documentation\]\(https:\/\/dubbo\.apache\.org\/en\/docs\/v2\.7\/user\/references\/xml\/dubbo-protocol\/\)/);
  const timeout = dubboAnalyzer.hover!(API_XML, xml, pos('timeout='), ctx, 'en')!;
  assert.match(timeout.markdown, /^\*\*timeout\*\* — `<dubbo:consumer>`\n\nHow long a call may take before it fails\.\n\n- Type: integer \(milliseconds\)\n- Default: `1000`/);
  const zh = dubboAnalyzer.hover!(API_XML, xml, pos('timeout='), ctx, 'zh-cn')!;
  assert.match(zh.markdown, /- 类型：整数（毫秒）\n- 默认值：`1000`/);
  // Built-in extensions listed with 、 in Chinese.
  const protocol = dubboAnalyzer.hover!(API_XML, xml, pos('protocol name=', 10), ctx, 'zh-cn')!;
  assert.match(protocol.markdown, /- 内置扩展：`dubbo`、`tri`/);
  assert.match(dubboAnalyzer.hover!(API_XML, xml, pos('protocol name=', 10), ctx, 'en')!.markdown, /- Built-in extensions: `dubbo`, `tri`/);
  assert.match(zh.markdown, /\[Dubbo 文档\]\(https:\/\/dubbo\.apache\.org\/zh-cn\/docs\/references\/xml\/dubbo-consumer\/\)/);
  assert.equal(dubboAnalyzer.hover!(API_XML, xml, { line: 0, character: 3 }, ctx, 'en'), undefined);
});

test('completion: elements for the bound prefix, children inside a parent, attributes not yet written, values', () => {
  const text = xml.replace('    <dubbo:annotation', '    <dubbo:\n    <dubbo:annotation');
  const line = text.split('\n').findIndex((l) => l === '    <dubbo:');
  const els = dubboAnalyzer.complete!(API_XML, text, { line, character: 11 }, ctx, 'en');
  assert.ok(els.some((e) => e.label === 'dubbo:annotation'), 'the alibabatech namespace has annotation');
  assert.ok(!els.some((e) => e.label === 'dubbo:triple'), 'not in the alibabatech namespace');
  assert.equal(els.find((e) => e.label === 'dubbo:application')!.insertText, 'dubbo:application name="$1"/>');
  const nested = springXml('  <dubbo:reference id="a" interface="b">\n    <d\n  </dubbo:reference>');
  const child = dubboAnalyzer.complete!('x.xml', nested.replace('<d\n', '<dubbo:\n'), { line: 4, character: 11 }, ctx, 'en').map((e) => e.label);
  assert.deepEqual(child, ['dubbo:method', 'dubbo:parameter']);

  const attrs = dubboAnalyzer.complete!(API_XML, xml, pos('check=', 0), ctx, 'en');
  assert.ok(!attrs.some((a) => a.label === 'check'), 'already written');
  const lb = attrs.find((a) => a.label === 'loadbalance')!;
  assert.equal(lb.insertText, 'loadbalance="$1"');
  assert.equal(lb.detail, 'string = random');

  const withValue = xml.replace('<dubbo:consumer check="false"', '<dubbo:consumer check="false" threadpool=""');
  const vline = withValue.split('\n').findIndex((l) => l.includes('threadpool=""'));
  const values = dubboAnalyzer.complete!(API_XML, withValue, { line: vline, character: withValue.split('\n')[vline].indexOf('threadpool=""') + 12 }, ctx, 'zh-cn');
  assert.deepEqual(values.map((v) => v.label), ['fixed', 'cached', 'limited', 'eager', 'virtual']);
  assert.equal(values[0].detail, '线程池');
});

test('completion: topology IPs in address attributes, labelled internal/external', () => {
  const text = xml.replace('${zookeeper.host}', 'zookeeper://1');
  const line = text.split('\n').findIndex((l) => l.includes('zookeeper://1'));
  const c = text.split('\n')[line].indexOf('zookeeper://1') + 13;
  const items = dubboAnalyzer.complete!(API_XML, text, { line, character: c }, ctx, 'en');
  const zk = items.find((i) => i.label === '139.159.250.7')!;
  assert.equal(zk.detail, 'api-1 · 华东1 · external');
  assert.deepEqual(zk.range, { start: { line, character: c - 1 }, end: { line, character: c } });
  assert.equal(items.find((i) => i.label === '172.16.8.101')!.detail, 'api-2 · 华东2 · internal');
  assert.equal(items.filter((i) => i.kind === 'address').length, 8);
});

test('properties: hover on an IP and on a key; completion of keys the configs use and of IPs', () => {
  const props = ex[API_PROPS];
  const ip = propertiesAnalyzer.hover!(API_PROPS, props, { line: 1, character: 32 }, ctx, 'en')!;
  assert.match(ip.markdown, /internal IP of \*\*api-1\*\*/);
  const key = propertiesAnalyzer.hover!(API_PROPS, props, { line: 1, character: 3 }, ctx, 'en')!;
  assert.match(key.markdown, /used by `address` in api\/src\/main\/resources\/applicationContext\.xml:14/);
  const empty = '# nothing yet\n\n';
  const keys = propertiesAnalyzer.complete!(API_PROPS, empty, { line: 1, character: 0 }, ctx, 'en');
  assert.deepEqual(keys.map((k) => [k.label, k.insertText]), [['zookeeper.host', 'zookeeper.host=']]);
  const ips = propertiesAnalyzer.complete!(API_PROPS, 'x=zookeeper://', { line: 0, character: 14 }, ctx, 'en');
  assert.equal(ips.length, 8);
});

test('properties: literal addresses no config uses are judged in place; used ones where they are used', () => {
  const files = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': springXml('  <dubbo:registry address="${zk}"/>'),
    'web.xml': '',
    'svc.properties': 'zk=zookeeper://139.159.250.7:2181\ndb.url=jdbc:mysql://192.168.27.101:3306/x\nbad=139.159.257.207\n',
    'web.properties': '',
  };
  const ds = lintDubbo(files).filter((d) => d.file === 'svc.properties');
  assert.deepEqual(ds.map((d) => `${d.rule} ${d.range.start.line}:${d.range.start.character}`), ['cross-region-internal-ip 1:20', 'ip-invalid 2:4']);
  assert.deepEqual(ofRule(lintDubbo(files), 'cross-region-internal-ip').map((d) => d.message.split(';')[1].trim()), ['it is unreachable from app-2 (华东2). Other regions reach zk-1 by its external IP 139.159.250.7.']);
});

test('XML: every literal address in attributes is judged, including <dubbo:reference url>, with fixes on the literal', () => {
  const files = {
    'dubbo-topology.yaml': providerYaml(),
    'svc.xml': '',
    'web.xml': springXml('  <dubbo:reference id="o" interface="a.B" url="dubbo://192.168.27.102:20880/a.B"/>\n  <dubbo:monitor address="139.159.250.8:7070"/>'),
    'svc.properties': '',
    'web.properties': '',
  };
  const ds = lintDubbo(files).filter((d) => d.file === 'web.xml');
  const cross = ofRule(ds, 'cross-region-internal-ip');
  assert.equal(cross.length, 1);
  assert.equal(files['web.xml'].split('\n')[cross[0].range.start.line].slice(cross[0].range.start.character, cross[0].range.end.character), '192.168.27.102');
  assert.equal(cross[0].fixes[0].edits[0].newText, '139.159.250.8');
  assert.equal(cross[0].range.start.line, 3);
});

test('completion inside ${: the keys the hosts can resolve, with their values', () => {
  const text = xml.replace('${zookeeper.host}', '${zoo');
  const line = text.split('\n').findIndex((l) => l.includes('${zoo'));
  const c = text.split('\n')[line].indexOf('${zoo') + 5;
  const items = dubboAnalyzer.complete!(API_XML, text, { line, character: c }, ctx, 'en');
  assert.deepEqual(items.map((i) => [i.label, i.detail, i.insertText]), [['zookeeper.host', 'zookeeper://192.168.27.101:2181', 'zookeeper.host}']]);
  assert.deepEqual(items[0].range, { start: { line, character: c - 3 }, end: { line, character: c } });
});

test('Go to Definition on ${placeholder}: where each host’s value is written — a properties file, or the host in the topology', () => {
  const at = pos('${zookeeper.host}', 3);
  const d = dubboAnalyzer.definition!(API_XML, xml, at, ctx)!;
  assert.equal(xml.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), '${zookeeper.host}');
  assert.deepEqual(
    d.targets.map((t) => `${t.file}:${t.range.start.line + 1}:${t.range.start.character + 1}`),
    [`${API_PROPS}:2:16`],
  );
  // api-2 gets its own value from the topology: both places are offered.
  const topology = ex['dubbo-topology.yaml'].replace(
    '        internal: 172.16.8.101\n',
    '        internal: 172.16.8.101\n        properties: { zookeeper.host: "zookeeper://139.159.250.7:2181" }\n',
  );
  const both = dubboContext({ ...ex, 'dubbo-topology.yaml': topology });
  const line = topology.split('\n').findIndex((l) => l.includes('zookeeper.host:')) + 1;
  assert.deepEqual(
    dubboAnalyzer.definition!(API_XML, xml, at, both)!.targets.map((t) => `${t.file}:${t.range.start.line + 1}`),
    [`${API_PROPS}:2`, `dubbo-topology.yaml:${line}`],
  );
  // Not on a placeholder: nothing.
  assert.equal(dubboAnalyzer.definition!(API_XML, xml, pos('<dubbo:registry', 3), ctx), undefined);
});

test('inlay hints after ${placeholder}: the value it resolves to, per host when the hosts see different values', () => {
  const hints = dubboAnalyzer.hints!(API_XML, xml, ctx, 'en');
  assert.deepEqual(
    hints.map((h) => [h.position, h.label]),
    [[{ line: pos('${zookeeper.host}').line, character: pos('${zookeeper.host}', '${zookeeper.host}'.length).character }, '= zookeeper://192.168.27.101:2181']],
  );
  assert.match(hints[0].tooltip!, /\| api-2 \(华东2\) \| `zookeeper:\/\/192\.168\.27\.101:2181` \|/);
  const topology = ex['dubbo-topology.yaml'].replace(
    '        internal: 172.16.8.101\n',
    '        internal: 172.16.8.101\n        properties: { zookeeper.host: "zookeeper://139.159.250.7:2181" }\n',
  );
  const split = dubboContext({ ...ex, 'dubbo-topology.yaml': topology });
  assert.deepEqual(
    dubboAnalyzer.hints!(API_XML, xml, split, 'en').map((h) => h.label),
    ['= zookeeper://192.168.27.101:2181 (api-1) | zookeeper://139.159.250.7:2181 (api-2)'],
  );
  // Only the asked range; nothing for a placeholder that resolves on no host.
  assert.deepEqual(dubboAnalyzer.hints!(API_XML, xml, ctx, 'en', { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), []);
  const unresolved = xml.replace('${zookeeper.host}', '${no.such.key}');
  assert.deepEqual(dubboAnalyzer.hints!(API_XML, unresolved, ctx, 'en'), []);
});

test('Find All References on ${key} and on a properties key: the placeholders using it and its definitions, for the services of the file', () => {
  const props = ex[API_PROPS];
  const topology = ex['dubbo-topology.yaml'].replace(
    '        internal: 172.16.8.101\n',
    '        internal: 172.16.8.101\n        properties: { zookeeper.host: "zookeeper://139.159.250.7:2181" }\n',
  );
  const withHost = dubboContext({ ...ex, 'dubbo-topology.yaml': topology });
  const line = topology.split('\n').findIndex((l) => l.includes('zookeeper.host:'));
  const places = (list: { file: string; range: { start: { line: number; character: number } }; definition: boolean }[] | undefined) =>
    list?.map((r) => `${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}${r.definition ? ' def' : ''}`);
  const expected = [
    `${API_XML}:${pos('${zookeeper.host}').line + 1}:${pos('${zookeeper.host}', 0).character + 1}`,
    `${API_PROPS}:2:1 def`,
    `dubbo-topology.yaml:${line + 1}:${topology.split('\n')[line].indexOf('zookeeper.host') + 1} def`,
  ];
  assert.deepEqual(places(dubboAnalyzer.references!(API_XML, xml, pos('${zookeeper.host}', 4), withHost)), expected);
  assert.deepEqual(places(propertiesAnalyzer.references!(API_PROPS, props, { line: 1, character: 3 }, withHost)), expected);
  // Other services' configs use the same key with their own files: not the same definition.
  assert.ok(!expected.some((e) => e.startsWith('order/')));
  // Not on a key or a placeholder: nothing.
  assert.equal(dubboAnalyzer.references!(API_XML, xml, pos('<dubbo:registry', 3), withHost), undefined);
  assert.equal(propertiesAnalyzer.references!(API_PROPS, props, { line: 0, character: 3 }, withHost), undefined);
});
