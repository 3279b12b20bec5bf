import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attributeDeletion, attributeInsertion } from '../../../src/core/dubbo/configEdits';
import { dubboConfigOfProperties, propertyKey, writtenSetting } from '../../../src/core/dubbo/propertiesConfig';
import { attr, DUBBO_NS_APACHE } from '../../../src/core/dubbo/xml';
import { applyEdits } from '../../../src/core/fixes';

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
  assert.equal(propertyKey(doc, app, qos), 'dubbo.application.qosEnable');
  assert.equal(writtenSetting(doc, app, qos, 'false'), 'dubbo.application.qosEnable=false');
  const east = doc.elements.find((e) => attr(e, 'id')?.value === 'east')!;
  assert.equal(TEXT.slice(east.nameStart, east.nameEnd), 'dubbo.registries.east');
  assert.equal(propertyKey(doc, east, attr(east, 'address')!), 'dubbo.registries.east.address');
  assert.equal(doc.index.positionAt(attr(doc.elements[4], 'port')!.valueStart).line, 10);
});

test('properties config: keys or values written with escapes are not read (their offsets would not map)', () => {
  const { doc } = dubboConfigOfProperties('dubbo.protocol.host=a\\:b\ndubbo.proto\\col.port=1\ndubbo.protocol.port=2\n');
  assert.deepEqual(doc.elements.map((e) => e.attrs.map((a) => `${a.local}=${a.value}`).join(',')), ['port=2']);
});

test('properties config: adding an attribute writes a key line below the element; removing one removes its line', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'dubbo.consumer.check=false', 'x=1', ''].join(eol);
    const { doc } = dubboConfigOfProperties(text);
    const [protocol, consumer] = doc.elements;
    const ins = attributeInsertion(doc, protocol, 'host', '139.159.250.7');
    assert.equal(
      applyEdits(text, [{ file: 'f', ...ins }]).text,
      ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'dubbo.protocol.host=139.159.250.7', 'dubbo.consumer.check=false', 'x=1', ''].join(eol),
    );
    const del = attributeDeletion(doc, attr(consumer, 'check')!);
    assert.equal(applyEdits(text, [{ file: 'f', range: del, newText: '' }]).text, ['dubbo.protocol.name=dubbo', 'dubbo.protocol.port=20880', 'x=1', ''].join(eol));
    // On the last line without a line break, the break before it goes.
    const last = `a=1${eol}dubbo.consumer.check=false`;
    const d2 = dubboConfigOfProperties(last).doc;
    assert.equal(applyEdits(last, [{ file: 'f', range: attributeDeletion(d2, attr(d2.elements[0], 'check')!), newText: '' }]).text, 'a=1');
  }
});
