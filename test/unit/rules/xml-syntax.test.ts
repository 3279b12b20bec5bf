import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
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
