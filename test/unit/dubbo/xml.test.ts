import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, attrValueRange, decodeEntities, parseXml } from '../../../src/core/dubbo/xml';

const APACHE = 'http://dubbo.apache.org/schema/dubbo';
const ALIBABA = 'http://code.alibabatech.com/schema/dubbo';

test('parseXml: exact attribute name and value ranges, across lines, quotes, CRLF and a BOM', () => {
  const text = '\ufeff<beans xmlns:dubbo="' + APACHE + '">\r\n  <dubbo:registry\r\n      address = \'zookeeper://a:1\'  timeout="10"/>\r\n</beans>\r\n';
  const doc = parseXml(text);
  assert.equal(doc.error, undefined);
  const reg = doc.elements.find((e) => e.local === 'registry')!;
  assert.equal(reg.ns, APACHE);
  assert.deepEqual(doc.index.positionAt(reg.start), { line: 1, character: 2 });
  const a = attr(reg, 'address')!;
  assert.equal(a.value, 'zookeeper://a:1');
  assert.deepEqual(doc.index.rangeOf(a.nameStart, a.nameEnd), { start: { line: 2, character: 6 }, end: { line: 2, character: 13 } });
  assert.deepEqual(attrValueRange(doc, a), { start: { line: 2, character: 17 }, end: { line: 2, character: 32 } });
  assert.deepEqual(attrValueRange(doc, attr(reg, 'timeout')!), { start: { line: 2, character: 44 }, end: { line: 2, character: 46 } });
  assert.equal(reg.selfClosing, true);
});

test('parseXml: entities are decoded and value offsets map back through them', () => {
  const text = '<a u="x&amp;y=1&#38;z=192.168.1.1"/>';
  const doc = parseXml(text);
  const a = doc.elements[0].attrs[0];
  assert.equal(a.value, 'x&y=1&z=192.168.1.1');
  const start = a.value.indexOf('192');
  const r = attrValueRange(doc, a, start, start + 11);
  assert.equal(text.slice(r.start.character, r.end.character), '192.168.1.1');
  assert.deepEqual(decodeEntities('&lt;&unknown;').text, '<&unknown;');
});

test('parseXml: namespaces per element scope — any prefix, the default namespace, rebinding', () => {
  const text = [
    `<beans xmlns="urn:beans" xmlns:d="${APACHE}">`,
    '  <d:application name="a"/>',
    `  <x xmlns="${ALIBABA}"><registry address="N/A"/></x>`,
    '  <d:protocol xmlns:d="urn:other"/>',
    '  <registry/>',
    '</beans>',
  ].join('\n');
  const doc = parseXml(text);
  assert.deepEqual(
    doc.elements.map((e) => `${e.name}=${e.ns}`),
    ['beans=urn:beans', `d:application=${APACHE}`, `x=${ALIBABA}`, `registry=${ALIBABA}`, 'd:protocol=urn:other', 'registry=urn:beans'],
  );
  assert.equal(doc.elements[3].parent?.name, 'x');
});

test('parseXml: malformed input gives an error with its position and never throws', () => {
  const doc = parseXml('<beans>\n  <a>\n  </b>\n</beans>');
  assert.match(doc.error!.message, /Expected closing tag 'a'/);
  assert.equal(doc.index.positionAt(doc.error!.offset).line, 2);
  for (const t of ['', '<', '<a', '<a b="', '<!--', '<![CDATA[', '<?xml', '&', '</a>', '<a></a></a>', '<a x="1" x="2">', '\u0000']) {
    const d = parseXml(t);
    assert.ok(d.error, JSON.stringify(t));
  }
});

test('parseXml: placeholder tells whether the decoded value holds ${, wherever the text has one', () => {
  const text = '<a x="${k}" y="$" z="{b}">${t}<b u="a${b:${c}}" v="&#36;{d}" w="$&#123;" s="x"/></a>';
  const doc = parseXml(text);
  assert.equal(doc.error, undefined);
  const flags = doc.elements.flatMap((e) => e.attrs.map((a) => `${a.name}=${a.placeholder}`));
  assert.deepEqual(flags, ['x=true', 'y=false', 'z=false', 'u=true', 'v=true', 'w=true', 's=false']);
  for (const e of doc.elements) for (const a of e.attrs) assert.equal(a.placeholder, a.value.includes('${'), a.name);
  assert.deepEqual(
    doc.placeholders.map((p) => `${p.el.name}@${p.a.name}`),
    ['a@x', 'b@u', 'b@v', 'b@w'],
  );
  // Elements dropped at an illegal character take their placeholders with them.
  assert.deepEqual(parseXml('<a x="${k}"><b y="${j}"/>\u0001<c z="${i}"/></a>').placeholders.map((p) => p.a.name), ['x', 'y']);
});
