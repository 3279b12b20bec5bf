import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeDeletion, attributeInsertion } from '../../../src/core/dubbo/configEdits';
import { dubboConfigOfProperties, propertyKey, writtenSetting } from '../../../src/core/dubbo/propertiesConfig';
import { attr, attrValueOffset, DUBBO_NS_APACHE } from '../../../src/core/dubbo/xml';
import { applyEdits } from '../../../src/core/fixes';
import { parseSpringYaml } from '../../../src/core/properties/yaml';

const TEXT = [
  'spring.application.name=order',
  'dubbo.application.name=order',
  'dubbo.application.qosEnable=false',
  'dubbo.registry.address=zookeeper://192.168.27.101:2181',
  'dubbo.protocol.port=-1',
  'dubbo.registries.east.address=zookeeper://10.0.0.1:2181',
  'dubbo.config-center.address=${cc}',
  'dubbo.configCenter.timeout=3000',
  'dubbo.registry.parameters.foo=bar',
  'dubbo.scan.base-packages=com.example',
  'dubbo.protocol.port=20880',
  '',
].join('\n');

test('properties config: dubbo.<tag>.<attr> and dubbo.<tags>.<id>.<attr> read as the elements they configure', () => {
  const { doc, keys } = dubboConfigOfProperties(TEXT);
  assert.equal(doc.format, 'properties');
  assert.deepEqual(
    doc.elements.map((e) => `${e.local}:${e.attrs.map((a) => `${a.local}=${a.value}`).join(',')}`),
    [
      'application:name=order,qos-enable=false',
      'registry:address=zookeeper://192.168.27.101:2181',
      'registry:id=east,address=zookeeper://10.0.0.1:2181',
      // `config-center` and `configCenter` bind to one tag, as Spring Boot's relaxed binding does.
      'config-center:address=${cc},timeout=3000',
      // The last definition of a key is the one Java reads: port=20880 (line 10), not -1.
      'protocol:port=20880',
    ],
  );
  assert.ok(doc.elements.every((e) => e.ns === DUBBO_NS_APACHE && e.name === `dubbo:${e.local}`));
  // Nested and non-element keys stay plain values.
  assert.ok(!keys.has('dubbo.registry.parameters.foo'));
  assert.ok(!keys.has('dubbo.scan.base-packages'));
  assert.ok(!keys.has('spring.application.name'));
  assert.ok(keys.has('dubbo.application.qosEnable'));
  assert.deepEqual(doc.placeholders.map((p) => p.a.value), ['${cc}']);
});

test('properties config: offsets of names and values are those of the properties text', () => {
  const { doc } = dubboConfigOfProperties(TEXT);
  for (const el of doc.elements) {
    for (const a of el.attrs) {
      assert.equal(TEXT.slice(a.valueStart, a.valueEnd), a.value);
      if (a.local === 'id') assert.equal(TEXT.slice(a.nameStart, a.nameEnd), a.value);
    }
  }
  const app = doc.elements[0];
  assert.equal(TEXT.slice(app.nameStart, app.nameEnd), 'dubbo.application');
  const qos = attr(app, 'qos-enable')!;
  assert.equal(TEXT.slice(qos.nameStart, qos.nameEnd), 'qosEnable');
  assert.equal(propertyKey(qos), 'dubbo.application.qosEnable');
  assert.equal(writtenSetting(doc, qos, 'false'), 'dubbo.application.qosEnable=false');
  const east = doc.elements.find((e) => attr(e, 'id')?.value === 'east')!;
  assert.equal(TEXT.slice(east.nameStart, east.nameEnd), 'dubbo.registries.east');
  assert.equal(propertyKey(attr(east, 'address')!), 'dubbo.registries.east.address');
  assert.equal(doc.index.positionAt(attr(doc.elements[4], 'port')!.valueStart).line, 10);
});

test('properties config: keys written with escapes are not read; values are, with the place of each character', () => {
  const text = 'dubbo.protocol.host=a\\:b\ndubbo.proto\\col.port=1\ndubbo.protocol.port=2\ndubbo.registry.address=zookeeper://\\\n  10.0.0.1:2181\n';
  const { doc } = dubboConfigOfProperties(text);
  assert.deepEqual(doc.elements.map((e) => e.attrs.map((a) => `${a.local}=${a.value}`).join(',')), ['host=a:b,port=2', 'address=zookeeper://10.0.0.1:2181']);
  const address = attr(doc.elements[1], 'address')!;
  assert.equal(attrValueOffset(address, 'zookeeper://'.length), text.indexOf('10.0.0.1'));
  assert.equal(attrValueOffset(address, address.value.length), text.length - 1);
  assert.equal(attrValueOffset(attr(doc.elements[0], 'host')!, 2), text.indexOf(':b') + 1);
});

test('properties config: adding an attribute writes a key line below the element; removing one removes its line', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'dubbo.consumer.check=false', 'x=1', ''].join(eol);
    const { doc } = dubboConfigOfProperties(text);
    const [protocol, consumer] = doc.elements;
    const ins = attributeInsertion(doc, protocol, 'host', '139.159.250.7')!;
    assert.equal(
      applyEdits(text, [{ file: 'f', ...ins }]).text,
      ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'dubbo.protocol.host=139.159.250.7', 'dubbo.consumer.check=false', 'x=1', ''].join(eol),
    );
    const del = attributeDeletion(doc, attr(consumer, 'check')!)!;
    assert.equal(applyEdits(text, [{ file: 'f', range: del, newText: '' }]).text, ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'x=1', ''].join(eol));
    // On the last line without a line break, the break before it goes.
    const last = `a=1${eol}dubbo.consumer.check=false`;
    const d2 = dubboConfigOfProperties(last).doc;
    assert.equal(applyEdits(last, [{ file: 'f', range: attributeDeletion(d2, attr(d2.elements[0], 'check')!)!, newText: '' }]).text, 'a=1');
  }
});

const YAML = [
  'spring:',
  '  application:',
  '    name: order',
  'dubbo:',
  '  application:',
  '    name: order',
  '    qosEnable: false',
  '  registry:',
  '    address: "zookeeper://192.168.27.101:2181"',
  '  protocol:',
  '    name: dubbo',
  '    port: -1 # random',
  '  registries:',
  '    east: { address: zookeeper://10.0.0.1:2181 }',
  '  consumer.check: false',
  '---',
  'spring.config.activate.on-profile: test',
  'dubbo.protocol.port: 1',
  '',
].join('\n');

test('spring boot yaml: nested keys read as properties, with the offsets of the last key and the value', () => {
  const props = parseSpringYaml(YAML);
  assert.deepEqual(
    props.entries.map((e) => `${e.key}=${e.value}`),
    [
      'spring.application.name=order',
      'dubbo.application.name=order',
      'dubbo.application.qosEnable=false',
      'dubbo.registry.address=zookeeper://192.168.27.101:2181',
      'dubbo.protocol.name=dubbo',
      // The profile document is left out: -1, not 1.
      'dubbo.protocol.port=-1',
      'dubbo.registries.east.address=zookeeper://10.0.0.1:2181',
      'dubbo.consumer.check=false',
    ],
  );
  const port = props.byKey.get('dubbo.protocol.port')!;
  assert.deepEqual([port.keyRange.start, port.valueRange.start, port.valueRange.end], [{ line: 11, character: 4 }, { line: 11, character: 10 }, { line: 11, character: 12 }]);
  // Inside the quotes of a quoted value.
  const reg = props.byKey.get('dubbo.registry.address')!;
  assert.equal(reg.valueRange.start.character, 14);
  // Lists read as key[i]; a broken file reads as nothing, without throwing.
  assert.deepEqual(parseSpringYaml('a:\n  - x\n  - y\n').entries.map((e) => `${e.key}=${e.value}`), ['a[0]=x', 'a[1]=y']);
  assert.deepEqual(parseSpringYaml('a: [').entries, []);
});

test('spring boot yaml: the dubbo.* keys read as elements; nested elements are named by their key, flat ones by the whole key', () => {
  const { doc } = dubboConfigOfProperties(YAML, parseSpringYaml(YAML), 'yaml');
  assert.equal(doc.format, 'yaml');
  assert.deepEqual(
    doc.elements.map((e) => `${e.key} ${YAML.slice(e.nameStart, e.nameEnd)}: ${e.attrs.map((a) => `${a.local}=${a.value}`).join(',')}`),
    [
      'dubbo.application application: name=order,qos-enable=false',
      'dubbo.registry registry: address=zookeeper://192.168.27.101:2181',
      'dubbo.protocol protocol: name=dubbo,port=-1',
      'dubbo.registries.east east: id=east,address=zookeeper://10.0.0.1:2181',
      'dubbo.consumer consumer: check=false',
    ],
  );
  const protocol = doc.elements[2];
  const port = attr(protocol, 'port')!;
  assert.equal(writtenSetting(doc, port, '-1'), 'dubbo.protocol.port: -1');
  // A key added below the element's last key, at its indentation; a removed one takes its line.
  const ins = attributeInsertion(doc, protocol, 'host', '139.159.250.8')!;
  assert.match(applyEdits(YAML, [{ file: 'f', ...ins }]).text, /\n {4}port: -1 # random\n {4}host: 139\.159\.250\.8\n {2}registries:/);
  const del = attributeDeletion(doc, port)!;
  assert.match(applyEdits(YAML, [{ file: 'f', range: del, newText: '' }]).text, /\n {4}name: dubbo\n {2}registries:/);
  // Not in a flow mapping: no edit rather than a broken file.
  const east = doc.elements[3];
  assert.equal(attributeDeletion(doc, attr(east, 'address')!), undefined);
  assert.equal(attributeInsertion(doc, east, 'check', 'false'), undefined);
  // A dotted key on its own line goes whole.
  const consumer = doc.elements[4];
  assert.match(applyEdits(YAML, [{ file: 'f', range: attributeDeletion(doc, attr(consumer, 'check')!)!, newText: '' }]).text, /east: \{[^\n]*\n---/);
});
