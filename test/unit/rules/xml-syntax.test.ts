import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { XML_ERRORS, XML_NAMESPACE_ERRORS } from '../../../src/core/dubbo/xml';
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
  for (const [id, t] of Object.entries({ ...XML_ERRORS, ...XML_NAMESPACE_ERRORS })) {
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

test('xml-syntax: an undeclared namespace prefix on an element is an error at its name, in English and Chinese', () => {
  const text = '<beans xmlns="http://www.springframework.org/schema/beans">\n  <dubbo:application name="p"/>\n</beans>\n';
  const en = ofRule(lintDubbo(files(text)), RULE);
  assert.deepEqual(en.map((d) => `${at(d)} ${d.severity}`), ['1:3-1:20 error']);
  assert.equal(
    en[0].message,
    'Namespace prefix "dubbo" of <dubbo:application> is not declared: neither this element nor an enclosing one has xmlns:dubbo. xmllint reports a namespace error and Spring\'s parser stops here, so the file does not load.',
  );
  const zh = ofRule(lintDubbo(files(text), { locale: 'zh-cn' }), RULE);
  assert.equal(zh[0].message, '<dubbo:application> 的命名空间前缀 "dubbo" 未声明：该元素及其外层元素上都没有 xmlns:dubbo。xmllint 会报告命名空间错误，Spring 的解析器会在此失败，文件无法加载。');
  assert.deepEqual(zh[0].range, en[0].range);
});

test('xml-syntax: an undeclared prefix on an attribute is an error at the attribute; declared prefixes, xml: and xmlns: are not', () => {
  const text =
    '<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n' +
    '  <dubbo:service interface="a.B" foo:bar="x" xml:lang="en"/>\n' +
    '  <p:x xmlns:p="urn:p" p:y="1"/>\n' +
    '</beans>\n';
  const ds = ofRule(lintDubbo(files(text)), RULE);
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message.slice(0, 60)}`), ['1:33-1:40 Namespace prefix "foo" of attribute foo:bar on <dubbo:servic']);
  const zh = ofRule(lintDubbo(files(text), { locale: 'zh-cn' }), RULE);
  assert.match(zh[0].message, /^<dubbo:service> 上属性 foo:bar 的命名空间前缀 "foo" 未声明/);
});

test('xml-syntax: a prefix declared on a sibling is out of scope; every undeclared name is reported, and the well-formedness error after them too', () => {
  const text = '<beans>\n  <a:x xmlns:a="urn:a"/>\n  <a:y/>\n  <b:z\n     c:w="1"/>\n  <q>\n</beans>\n';
  const ds = ofRule(lintDubbo(files(text)), RULE);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message.split(':')[0]}`),
    ['2:3-2:6 Namespace prefix "a" of <a', '3:3-3:6 Namespace prefix "b" of <b', '4:5-4:8 Namespace prefix "c" of attribute c', '6:0-6:7 Malformed XML'],
  );
});
