import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alibabaSchema, apacheSchema, checkValue, extensions, looseName, toMilliseconds, valuesFor } from '../../../src/core/dubbo/schema';

test('schema: the alibabatech namespace is compat.xsd plus the 2.x <dubbo:annotation>; apache has the 3.x elements', () => {
  assert.deepEqual([...alibabaSchema.elements.keys()].sort(), [
    'annotation', 'application', 'argument', 'config-center', 'consumer', 'metadata-report', 'method', 'metrics', 'module', 'monitor', 'parameter', 'protocol', 'provider', 'reference', 'registry', 'service', 'ssl',
  ]);
  assert.equal(alibabaSchema.elements.get('annotation')!.attributes.has('package'), true);
  for (const e of ['annotation', 'triple', 'tracing', 'metrics', 'config-center', 'metadata-report']) assert.ok(apacheSchema.elements.has(e), e);
  // Differences of compat.xsd.
  assert.equal(alibabaSchema.elements.get('application')!.attributes.has('qos-port'), false);
  assert.equal(alibabaSchema.elements.get('application')!.attributes.has('shutwait'), true);
  assert.equal(alibabaSchema.elements.get('protocol')!.attributes.has('prefer-serialization'), false);
  assert.equal(apacheSchema.elements.get('protocol')!.attributes.has('prefer-serialization'), true);
  assert.deepEqual([...alibabaSchema.elements.get('metrics')!.attributes.keys()], ['port', 'protocol']);
  assert.equal(alibabaSchema.elements.get('registry')!.attributes.has('secure'), false);
});

test('schema: attributes typed by meaning, with defaults, units and docs in both languages', () => {
  const provider = apacheSchema.elements.get('provider')!;
  const timeout = provider.attributes.get('timeout')!;
  assert.deepEqual([timeout.xsd, timeout.type, timeout.unit, timeout.default], ['string', 'integer', 'ms', '1000']);
  assert.ok(timeout.doc!.en && timeout.doc!['zh-cn']);
  assert.equal(provider.attributes.get('retries')!.default, '2');
  assert.equal(provider.attributes.get('threadpool')!.extension, 'threadpool');
  assert.equal(apacheSchema.elements.get('protocol')!.attributes.get('port')!.type, 'port');
  assert.equal(apacheSchema.elements.get('protocol')!.attributes.get('keepalive')!.type, 'boolean');
  assert.equal(apacheSchema.elements.get('registry')!.attributes.get('protocol')!.extension, 'registry');
  assert.equal(apacheSchema.elements.get('metadata-report')!.attributes.get('cluster')!.type, 'boolean');
  assert.equal(apacheSchema.elements.get('registry')!.attributes.get('cluster')!.extension, undefined);
  assert.equal(apacheSchema.elements.get('application')!.attributes.get('name')!.required, true);
});

test('schema: value checks', () => {
  const p = apacheSchema.elements.get('provider')!.attributes;
  assert.deepEqual(checkValue(p.get('timeout')!, '6s'), { kind: 'type', expected: 'integer' });
  assert.equal(checkValue(p.get('timeout')!, '60000'), undefined);
  assert.deepEqual(checkValue(p.get('threads')!, '99999999999'), { kind: 'range', min: -2147483648, max: 2147483647 });
  assert.equal(checkValue(p.get('port')!, '-1'), undefined);
  assert.deepEqual(checkValue(p.get('port')!, '65536'), { kind: 'range', min: -1, max: 65535 });
  // Where the XSD says string, Spring converts: true/on/yes/1, false/off/no/0 in any case.
  assert.equal(checkValue(p.get('register')!, '1'), undefined);
  assert.equal(checkValue(p.get('register')!, ' No '), undefined);
  assert.deepEqual(checkValue(p.get('register')!, 'y'), { kind: 'type', expected: 'boolean' });
  assert.equal(checkValue(p.get('timeout')!, '#{2 * 1000}'), undefined);
  // xsd:boolean is validated as written: true, false, 1, 0.
  const hide = apacheSchema.elements.get('parameter')!.attributes.get('hide')!;
  assert.equal(checkValue(hide, '1'), undefined);
  assert.deepEqual(checkValue(hide, 'True'), { kind: 'type', expected: 'xsdBoolean' });
  assert.deepEqual(checkValue(hide, 'yes'), { kind: 'type', expected: 'xsdBoolean' });
  const ref = apacheSchema.elements.get('reference')!.attributes;
  assert.equal(checkValue(ref.get('reconnect')!, '2000'), undefined);
  assert.deepEqual(checkValue(ref.get('reconnect')!, 'soon'), { kind: 'type', expected: 'reconnect' });
  const zipkin = apacheSchema.elements.get('zipkin-config')!.attributes.get('connectTimeout')!;
  assert.equal(checkValue(zipkin, 'PT10S'), undefined);
  assert.deepEqual(checkValue(zipkin, '10s'), { kind: 'type', expected: 'duration' });
  assert.deepEqual([toMilliseconds('6s'), toMilliseconds('500ms'), toMilliseconds('2m'), toMilliseconds('1.5s'), toMilliseconds('x')], [6000, 500, 120000, 1500, undefined]);
  assert.equal(looseName('qosPort'), looseName('qos-port'));
  assert.deepEqual(valuesFor(p.get('loadbalance')!), [...extensions.loadbalance]);
  assert.deepEqual(valuesFor(p.get('async')!), ['true', 'false']);
});
