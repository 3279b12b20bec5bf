import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { XML_ERRORS } from '../../../src/core/dubbo/xml';
import { at, ofRule } from '../support/lint';
import { dubboContext, exampleFiles, lintDubbo, ORDER_XML, providerYaml } from '../support/dubbo';

const RULE = 'xml-syntax';

function files(svc: string): Record<string, string> {
  return { 'dubbo-topology.yaml': providerYaml(), 'svc.xml': svc, 'web.xml': '<beans/>\n', 'svc.properties': '', 'web.properties': '' };
}

test('xml-syntax: a mismatched end tag — at the line of the wrong end tag, never a crash', () => {
  const seed = exampleFiles()[ORDER_XML];
  const broken = seed.replace('    <dubbo:consumer check="false"/>\n', '    <dubbo:consumer check="false">\n');
  const ds = ofRule(lintDubbo(files(broken)), RULE);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'error');
  assert.equal(ds[0].range.start.line, broken.split('\n').indexOf('</beans>'));
  assert.match(ds[0].message, /^Malformed XML: Expected closing tag 'dubbo:consumer'/);
});

test('xml-syntax: unquoted attribute, duplicate attribute, unclosed comment, unclosed tag, two roots', () => {
  const cases: [string, number, RegExp][] = [
    ['<beans>\n  <a x=1/>\n</beans>\n', 1, /without value|is not|quote/i],
    ['<beans>\n\n  <a x="1" x="2"/>\n</beans>\n', 2, /repeated/],
    ['<beans>\n  <a/>\n  <!-- open\n</beans>\n', 2, /Comment is not closed/],
    ['<beans>\n  <a>\n  <b/>\n', 1, /Unclosed tag 'a'/],
    ['<beans>\n  <a x="1"\n', 1, /Tag is not closed/],
    ['<a/>\n<b/>\n', 1, /second root element <b>/],
  ];
  for (const [text, line, message] of cases) {
    const ds = ofRule(lintDubbo(files(text)), RULE);
    assert.equal(ds.length, 1, text);
    assert.equal(ds[0].range.start.line, line, text);
    assert.match(ds[0].message, message, text);
  }
});

test('xml-syntax: the Dubbo rules still check the elements before the error', () => {
  const text = '<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n  <dubbo:protocol name="dubbo" port="6s"/>\n  <dubbo:provider\n';
  const ds = lintDubbo(files(text));
  assert.deepEqual(ds.filter((d) => d.file === 'svc.xml').map((d) => `${d.rule} ${at(d)}`), ['dubbo-invalid-value 1:37-1:39', 'xml-syntax 2:2-2:17']);
});

test('xml-syntax: well-formed files pass; any text analyzes without throwing', () => {
  assert.deepEqual(ofRule(lintDubbo(exampleFiles()), RULE), []);
  const ctx = dubboContext(files(''));
  fc.assert(
    fc.property(fc.string({ unit: fc.constantFrom('<', '>', '/', '"', "'", '=', ' ', '\n', 'a', 'dubbo:', '${', '}', '!--', '?', '&amp;', '&') , maxLength: 80 }), (s) => {
      const text = `<beans xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">${s}`;
      dubboAnalyzer.analyze('svc.xml', text, ctx);
      dubboAnalyzer.hover!('svc.xml', text, { line: 0, character: Math.floor(text.length / 2) }, ctx, 'en');
      dubboAnalyzer.complete!('svc.xml', text, { line: 0, character: text.length }, ctx, 'en');
    }),
    { numRuns: 300 },
  );
});

test('xml-syntax: every error reads in English and in Chinese, with the same placeholders', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const [id, t] of Object.entries(XML_ERRORS)) {
    assert.ok(t.en && t['zh-cn'], id);
    assert.deepEqual(placeholders(t['zh-cn']), placeholders(t.en), id);
  }
  const broken = '<beans>\n  <a x="1" x="2"/>\n  <b>\n</beans>\n';
  const en = ofRule(lintDubbo(files(broken)), RULE);
  const zh = ofRule(lintDubbo(files(broken), { locale: 'zh-cn' }), RULE);
  assert.equal(en[0].message, "Malformed XML: Attribute 'x' is repeated.");
  assert.equal(zh[0].message, "XML 格式错误：属性 'x' 重复。");
  assert.deepEqual(zh[0].range, en[0].range);
  const eof = ofRule(lintDubbo(files('<beans>\n  <a x="1"/'), { locale: 'zh-cn' }), RULE);
  assert.match(eof[0].message, /^XML 格式错误：/);
  const gt = ofRule(lintDubbo(files('<beans>\n</beans x'), { locale: 'zh-cn' }), RULE);
  assert.equal(gt[0].message, "XML 格式错误：结束标签 </beans> 应以 '>' 结尾，却遇到\"x\"。");
  const atEnd = (locale: string) => ofRule(lintDubbo(files('<beans>\n<'), { locale }), RULE)[0].message;
  assert.equal(atEnd('en'), "Malformed XML: '<' must start a tag name (or be written &lt;), found the end of the file.");
  assert.equal(atEnd('zh-cn'), "XML 格式错误：'<' 之后必须是标签名（否则请写作 &lt;），却遇到文件末尾。");
});
