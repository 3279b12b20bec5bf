import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beanOnlyProperties, beanProperties, configClass, propertyNames, validProperty } from '../../../src/core/dubbo/beanProperties';
import { PROPERTY_TAGS } from '../../../src/core/dubbo/propertiesConfig';
import { apacheSchema, looseName } from '../../../src/core/dubbo/schema';

test('bean properties: every dubbo.<tag> prefix read from properties has its config class and properties, in kebab-case', () => {
  for (const tag of PROPERTY_TAGS) {
    assert.ok(configClass(tag), tag);
    const names = beanProperties(tag);
    assert.ok(names.length > 0, tag);
    for (const n of names) assert.match(n, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, `${tag}: ${n}`);
  }
  assert.equal(configClass('application'), 'ApplicationConfig');
  assert.equal(configClass('config-center'), 'ConfigCenterConfig');
});

test('bean properties: ApplicationConfig has properties the XSD has no attribute for', () => {
  const xsd = apacheSchema.elements.get('application')!.attributes;
  for (const p of ['metadata-service-port', 'enable-file-cache', 'startup-probe', 'liveness-probe', 'readiness-probe']) {
    assert.ok(beanProperties('application').includes(p), p);
    assert.ok(!xsd.has(p), p);
  }
});

test('bean properties: those the XSD has no attribute for, however the XSD spells a name', () => {
  const only = beanOnlyProperties('application');
  for (const p of ['metadata-service-port', 'enable-file-cache', 'startup-probe']) assert.ok(only.includes(p), p);
  for (const p of ['name', 'qos-port', 'shutwait']) assert.ok(!only.includes(p), p);
  // The XSD's `keepalive` is the bean's `keep-alive`: not a property XML lacks.
  assert.ok(beanProperties('protocol').includes('keep-alive'));
  assert.ok(!beanOnlyProperties('protocol').includes('keep-alive'));
  for (const tag of PROPERTY_TAGS) {
    const xsd = new Set([...(apacheSchema.elements.get(tag)?.attributes.keys() ?? [])].map(looseName));
    for (const n of beanOnlyProperties(tag)) {
      assert.ok(beanProperties(tag).includes(n), `${tag}.${n}`);
      assert.ok(!xsd.has(looseName(n)), `${tag}.${n}`);
    }
  }
  assert.deepEqual(beanOnlyProperties('nothing'), []);
});

test('bean properties: names bind loosely (camelCase, snake_case, kebab-case), typos do not', () => {
  assert.equal(validProperty('application', 'metadataServicePort'), 'metadata-service-port');
  assert.equal(validProperty('application', 'METADATA_SERVICE_PORT'), 'metadata-service-port');
  assert.equal(validProperty('protocol', 'keepalive'), 'keep-alive');
  assert.equal(validProperty('application', 'nmae'), undefined);
  assert.equal(validProperty('nothing', 'name'), undefined);
});

test('bean properties: the XSD attributes with no setter in the sources read are known, and still accepted', () => {
  const xsdOnly: string[] = [];
  for (const tag of PROPERTY_TAGS) {
    const bean = new Set(beanProperties(tag).map(looseName));
    for (const a of apacheSchema.elements.get(tag)?.attributes.keys() ?? []) {
      if (!bean.has(looseName(a))) xsdOnly.push(`${tag}.${a}`);
      assert.equal(looseName(validProperty(tag, a) ?? ''), looseName(a), `${tag}.${a}`);
      assert.ok(propertyNames(tag).includes(validProperty(tag, a)!), `${tag}.${a}`);
    }
  }
  // The list beanProperties.ts names: update both together.
  assert.deepEqual(xsdOnly.sort(), [
    'consumer.failbacktasks',
    'metrics.enable-netty',
    'protocol.preferred-protocol',
    'protocol.threadname',
    'provider.failbacktasks',
    'registry.forks',
    'registry.secure',
  ]);
});
