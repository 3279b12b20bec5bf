/**
 * Cross-check with a real XML parser: every fixture below is run through `xmllint --noout`
 * (libxml2; Debian package libxml2-utils) and through our parseXml. Both must agree on whether the
 * document is well-formed (xmllint's exit status: namespace errors such as an undeclared prefix do
 * not fail it, and they do not make our `error`) and on the line of the first error. They must also
 * report the same undeclared namespace prefixes ("namespace error : Namespace prefix a for b on c is
 * not defined"): the same prefixes, on the same attributes and elements, at the line where the start
 * tag ends (where libxml2 reports them; we point at the name itself).
 *
 * One documented difference: for a construct left open at the end of the file (an element never
 * closed, a comment, CDATA section, processing instruction, tag, attribute value or DOCTYPE),
 * xmllint notices it only at the end and reports the file's last line; we report the line where the
 * construct starts, which is where it must be fixed. For tags and elements xmllint names that same
 * line in its message ("Premature end of data in tag a line 2", "Couldn't find end of Start Tag a
 * line 2"); the test checks both relations.
 *
 * Not compared: the declarations inside an internal DTD subset (between `[` and `]`), which we
 * delimit but do not check, and encodings other than those a TextDecoder knows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseXml } from '../../../src/core/dubbo/xml';
import { exampleDir } from '../support/context';

function findXmllint(): string | undefined {
  const candidates = [process.env.XMLLINT, '/usr/bin/xmllint', '/usr/local/bin/xmllint'];
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(join(dir, 'xmllint'));
  return candidates.find((c): c is string => !!c && existsSync(c));
}

interface Fixture {
  name: string;
  text: string;
  /** 1-based line of our error; absent for a well-formed document. */
  line?: number;
  /** A construct left open at the end of the file: xmllint reports the last line (see above). */
  eof?: boolean;
  /** What our message says. */
  message?: RegExp;
  /** Lines where the start tags end of the names whose prefix is undeclared (`namespaceErrors`). */
  undeclared?: number[];
}

const DUBBO = 'http://dubbo.apache.org/schema/dubbo';

/** A provider config shaped like the generated benchmark's. */
function provider(i: number): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<beans xmlns="http://www.springframework.org/schema/beans"',
    '       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    `       xmlns:dubbo="${DUBBO}"`,
    `       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans.xsd ${DUBBO} ${DUBBO}/dubbo.xsd">`,
    '    <!-- dubbo 配置 -->',
    `    <dubbo:application name="app_${i}"/>`,
    '    <dubbo:registry address="${zookeeper.host}" timeout="10000"/>',
    '    <dubbo:protocol name="dubbo" port="20880" threads="200"/>',
    '    <dubbo:provider timeout="60000" retries="0" threadpool="cached" threads="1000" accepts="1000"/>',
    '    <dubbo:consumer check="true" timeout="3000"/>',
    `    <dubbo:reference id="svc0" interface="com.example.s${i}.Service0" timeout="3000" retries="0" loadbalance="roundrobin"/>`,
    '</beans>',
    '',
  ].join('\n');
}

const HEAD = `<beans xmlns:dubbo="${DUBBO}">\n`;

function nested(depth: number): string {
  return `${'<a>\n'.repeat(depth)}${'</a>\n'.repeat(depth)}`;
}

const FIXTURES: Fixture[] = [
  // Well-formed.
  { name: 'provider', text: provider(0) },
  {
    name: 'alibaba-dtd-crlf-bom',
    text:
      '\ufeff<?xml version="1.0" encoding="UTF-8" standalone="no" ?>\r\n' +
      '<!DOCTYPE beans PUBLIC "-//SPRING//DTD BEAN//EN" "http://www.springframework.org/dtd/spring-beans.dtd">\r\n' +
      '<beans xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">\r\n' +
      "  <dubbo:registry address = 'zookeeper://10.0.0.1:2181?backup=10.0.0.2:2181&amp;x=1' />\r\n" +
      '  <dubbo:protocol name="dubbo" host="&unknown;"/>\r\n' +
      '</beans >\r\n',
  },
  {
    name: 'internal-subset-entities',
    text: '<!DOCTYPE beans [\n  <!-- the registry\'s host -->\n  <!ENTITY zk "zookeeper://10.0.0.1:2181">\n]>\n<beans>\n  <registry address="&zk;"/>&zk;\n</beans>\n',
  },
  {
    name: 'comments-cdata-pi-references',
    text:
      '<?xml version="1.0"?>\n<!-- before -->\n<?spring mode="x"?>\n' +
      `${HEAD}  <![CDATA[ <not a tag> & ]] > ]]>\n  <!-- a - b -->\n  <?pi?>\n  <dubbo:parameter key="a&gt;b" value="&#x41;&#65;&lt;&quot;&apos;"/>\n` +
      '  <x a=\'"\' b="\'" c="a>b"/>\n  text &amp; more ]] >\n</beans>\n<!-- after -->\n<?pi after?>\n',
  },
  { name: 'unicode-names', text: '<配置 名="值">\n  <ns:項目 xmlns:ns="urn:x" ns:属性="1"/>\n  <_a.b-c·d/>\n</配置>\n' },
  { name: 'undeclared-prefix-is-a-namespace-error-only', text: '<beans>\n  <dubbo:registry address="N/A"/>\n</beans>\n', undeclared: [2] },
  {
    name: 'undeclared-dubbo-prefix-under-spring-beans',
    text: '<beans xmlns="http://www.springframework.org/schema/beans">\n  <dubbo:application name="p"/>\n  <dubbo:protocol\n      name="dubbo"\n      port="20880"/>\n</beans>\n',
    undeclared: [2, 5],
  },
  {
    name: 'undeclared-attribute-prefixes',
    text: `${HEAD}  <dubbo:service interface="a.B" foo:bar="x"\n      xml:lang="en" xsi:type="y"\n  >\n  </dubbo:service>\n  <p:x xmlns:p="urn:p" p:y="1" q:z="2"/>\n</beans>\n`,
    undeclared: [4, 4, 6],
  },
  { name: 'prefix-declared-on-a-sibling-only', text: '<beans>\n  <a:x xmlns:a="urn:a"><a:y/></a:x>\n  <a:z/>\n  <xmlns:w/>\n</beans>\n', undeclared: [3, 4] },
  { name: 'nesting-257-levels', text: nested(257) },

  // Malformed.
  { name: 'undeclared-prefix-before-an-error', text: '<beans>\n  <a:x/>\n  <b>\n</beans>\n<c:d/>\n', line: 4, message: /Expected closing tag 'b'/, undeclared: [2] },
  { name: 'mismatched-end-tag', text: `${HEAD}  <dubbo:consumer check="false">\n</beans>\n`, line: 3, message: /Expected closing tag 'dubbo:consumer' \(opened on line 2\)/ },
  { name: 'end-tag-after-root', text: '<beans>\n  <a/>\n</beans>\n</x>\n', line: 4, message: /end tag <\/x> after the root/ },
  { name: 'end-tag-before-root', text: '\n</x>\n<beans/>\n', line: 2, message: /Unexpected end tag <\/x>/ },
  { name: 'end-tag-with-attribute', text: '<beans>\n  <a></a x>\n</beans>\n', line: 2, message: /Expected '>' to end the end tag <\/a>/ },
  { name: 'unclosed-element', text: `${HEAD}  <dubbo:provider>\n    <dubbo:parameter key="a" value="b"/>\n\n`, line: 2, eof: true, message: /Unclosed tag 'dubbo:provider'/ },
  { name: 'unclosed-root-no-final-newline', text: '<beans>\n  <a/>', line: 1, eof: true, message: /Unclosed tag 'beans'/ },
  { name: 'unterminated-comment', text: '<beans>\n  <a/>\n  <!-- open\n\n</beans>\n', line: 3, eof: true, message: /Comment is not closed/ },
  { name: 'unterminated-cdata', text: '<beans>\n  <![CDATA[ x\n</beans>\n', line: 2, eof: true, message: /CDATA section is not closed/ },
  { name: 'unterminated-pi', text: '<beans>\n  <?pi x\n</beans>\n', line: 2, eof: true, message: /Processing instruction is not closed/ },
  { name: 'unterminated-tag', text: `${HEAD}  <dubbo:protocol name="dubbo" port="20880"\n\n`, line: 2, eof: true, message: /Tag is not closed/ },
  { name: 'unterminated-attribute-value', text: '<beans>\n  <a x="1/>\n\n', line: 2, eof: true, message: /Tag is not closed/ },
  { name: 'unterminated-doctype', text: '<!DOCTYPE beans [\n<!ENTITY x "y">\n\n', line: 1, eof: true, message: /Declaration is not closed/ },
  { name: 'tag-not-closed-before-next-tag', text: '<beans>\n  <a x="1"\n</beans>\n', line: 3, message: /Tag is not closed/ },
  { name: 'duplicate-attribute', text: `${HEAD}  <dubbo:registry\n      address="N/A"\n      timeout="1"\n      address="N/A"/>\n</beans>\n`, line: 5, message: /Attribute 'address' is repeated/ },
  { name: 'attribute-without-value', text: '<beans>\n  <a check/>\n</beans>\n', line: 2, message: /Attribute 'check' without value/ },
  { name: 'attribute-with-empty-value', text: '<beans>\n  <a check=/>\n</beans>\n', line: 2, message: /must be in quotes/ },
  { name: 'unquoted-value', text: '<beans>\n  <a check=false/>\n</beans>\n', line: 2, message: /must be in quotes/ },
  { name: 'unquoted-value-next-line', text: '<beans>\n  <a check=\n    false/>\n</beans>\n', line: 3, message: /must be in quotes/ },
  { name: 'lt-in-attribute-value', text: '<beans>\n  <a x="1\n  <2"/>\n</beans>\n', line: 3, message: /'<' is not allowed in the value of attribute 'x'/ },
  { name: 'no-space-between-attributes', text: '<beans>\n  <a x="1"y="2"/>\n</beans>\n', line: 2, message: /separated .* by whitespace/ },
  { name: 'slash-not-closing', text: '<beans>\n  <a/ >\n</beans>\n', line: 2, message: /Expected '>' after '\/'/ },
  { name: 'invalid-element-name', text: '<beans>\n  <1a/>\n</beans>\n', line: 2, message: /'<' must start a tag name/ },
  { name: 'space-after-lt', text: '<beans>\n  < a/>\n</beans>\n', line: 2, message: /'<' must start a tag name/ },
  { name: 'invalid-attribute-name', text: '<beans>\n  <a 1x="1"/>\n</beans>\n', line: 2, message: /Unexpected "1" in the tag <a>/ },
  { name: 'undefined-entity-in-text', text: '<beans>\n  &nbsp;\n</beans>\n', line: 2, message: /Undefined entity '&nbsp;'/ },
  { name: 'undefined-entity-in-value', text: '<beans>\n  <a x="1\n2&foo;"/>\n</beans>\n', line: 3, message: /Undefined entity '&foo;'/ },
  { name: 'bare-ampersand-in-value', text: '<beans>\n  <dubbo:registry address="zookeeper://a:1?backup=b:2&timeout=3"/>\n</beans>\n', line: 2, message: /is missing its ';'/ },
  { name: 'bare-ampersand-in-text', text: '<beans>\n  a & b\n</beans>\n', line: 2, message: /'&' must be written &amp;/ },
  { name: 'invalid-character-reference', text: '<beans>\n  <a x="&#0;"/>\n</beans>\n', line: 2, message: /not an allowed XML character/ },
  { name: 'double-hyphen-in-comment', text: '<beans>\n  <!-- a -- b -->\n</beans>\n', line: 2, message: /'--' is not allowed inside a comment/ },
  { name: 'double-hyphen-later-in-comment', text: '<beans>\n  <!-- a\n  ----------\n  -->\n</beans>\n', line: 3, message: /'--' is not allowed inside a comment/ },
  { name: 'comment-ending-in-three-hyphens', text: '<beans>\n  <!-- a --->\n</beans>\n', line: 2, message: /'--' is not allowed/ },
  { name: 'text-after-root', text: '<beans/>\n\ntext\n', line: 3, message: /Extra content after the root element/ },
  { name: 'text-before-root', text: '\nhello\n<beans/>\n', line: 2, message: /Text before the root element/ },
  { name: 'second-root', text: '<a/>\n<b/>\n', line: 2, message: /second root element <b>/ },
  { name: 'no-root', text: '<?xml version="1.0"?>\n<!-- only a comment -->\n', line: 3, message: /No root element/ },
  { name: 'empty-document', text: '', line: 1, message: /empty/ },
  { name: 'xml-declaration-after-newline', text: '\n<?xml version="1.0"?>\n<beans/>\n', line: 2, message: /only at the very start/ },
  { name: 'xml-declaration-after-comment', text: '<!-- c -->\n<?xml version="1.0"?>\n<beans/>\n', line: 2, message: /only at the very start/ },
  { name: 'xml-declaration-without-version', text: '<?xml encoding="UTF-8"?>\n<beans/>\n', line: 1, message: /Malformed XML declaration/ },
  { name: 'cdata-end-in-text', text: '<beans>\n  a ]]> b\n</beans>\n', line: 2, message: /']]>' is only allowed/ },
  { name: 'cdata-outside-root', text: '<![CDATA[x]]>\n<beans/>\n', line: 1, message: /only allowed inside an element/ },
  { name: 'unknown-bang-markup', text: '<beans>\n  <!ELEMENT x ANY>\n</beans>\n', line: 2, message: /'<!' starts a comment/ },
  {
    name: 'doctype-system-identifier-unquoted',
    text: '<!DOCTYPE beans PUBLIC "-//SPRING//DTD BEAN//EN"\n  http://www.springframework.org/dtd/spring-beans.dtd>\n<beans/>\n',
    line: 2,
    message: /Malformed DOCTYPE: expected whitespace and the quoted system identifier/,
  },
  { name: 'doctype-not-ended', text: '<!DOCTYPE beans SYSTEM "beans.dtd" beans>\n<beans/>\n', line: 1, message: /Malformed DOCTYPE: expected '>'/ },
  { name: 'doctype-after-root', text: '<beans/>\n<!DOCTYPE beans>\n', line: 2, message: /DOCTYPE is allowed only once/ },
  { name: 'control-character', text: '<beans>\n  <a x="\u0001"/>\n</beans>\n', line: 2, message: /U\+0001 is not allowed/ },
  { name: 'reserved-pi-name', text: '<beans>\n  <?XML x?>\n</beans>\n', line: 2, message: /'XML' is reserved/ },
  { name: 'nesting-258-levels', text: nested(258), line: 258, message: /could not be read: elements are nested deeper than 256 levels/ },
];

/** The well-formed examples the extension ships. */
function exampleFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith('.xml')) out.push({ name: `examples/two-region/${relative(exampleDir, p)}`, text: readFileSync(p, 'utf8') });
    }
  };
  walk(exampleDir);
  return out;
}

interface Verdict {
  ok: boolean;
  line?: number;
  message?: string;
  /** Each undeclared prefix: `line prefix attribute element` (`-` for an element's own prefix), sorted. */
  undeclared: string[];
  output: string;
}

function xmllintVerdict(xmllint: string, file: string): Verdict {
  const r = spawnSync(xmllint, ['--noout', file], { encoding: 'utf8', timeout: 30_000 });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const undeclared = [...output.matchAll(/^[^\n]*?:(\d+): namespace error : Namespace prefix (\S+) (?:for (\S+) )?on (\S+) is not defined$/gm)]
    .map((m) => `${m[1]} ${m[2]} ${m[3] ?? '-'} ${m[4]}`)
    .sort();
  if (r.status === 0) return { ok: true, undeclared, output };
  const m = /^[^\n]*?:(\d+): parser error : (.*)$/m.exec(output);
  const line = m ? Number(m[1]) : undefined;
  // libxml2 reads on after some errors; we stop at the first, so only what comes before it compares.
  const before = undeclared.filter((u) => line === undefined || Number(u.split(' ')[0]) < line);
  return { ok: false, line, message: m?.[2], undeclared: before, output };
}

/** Our undeclared prefixes in the form of `Verdict.undeclared`: libxml2 names the local parts. */
function ourUndeclared(doc: ReturnType<typeof parseXml>): string[] {
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  return (doc.namespaceErrors ?? [])
    .map((e) => {
      const line = doc.index.positionAt(e.tagEnd - 1).line + 1;
      return e.id === 'undeclaredAttributePrefix' ? `${line} ${e.data.prefix} ${local(e.data.name)} ${local(e.data.element!)}` : `${line} ${e.data.prefix} - ${local(e.data.name)}`;
    })
    .sort();
}

const xmllint = findXmllint();
const skip = xmllint ? false : 'xmllint is not installed (Debian: apt-get install libxml2-utils); the cross-check needs the real `xmllint --noout`';

const all = [...exampleFixtures(), ...FIXTURES];

test('the cross-check corpus covers the shipped examples and every kind of error', () => {
  assert.ok(all.filter((f) => f.name.startsWith('examples/')).length >= 3);
  assert.ok(all.filter((f) => f.line !== undefined).length >= 30);
  assert.ok(all.filter((f) => f.undeclared !== undefined).length >= 5);
});

test('xmllint --noout and parseXml agree on every fixture: well-formed or not, and the line of the first error', { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
  try {
    for (const f of all) {
      const file = join(dir, `${f.name.replace(/[^\w.-]+/g, '_')}.xml`);
      writeFileSync(file, f.text);
      const theirs = xmllintVerdict(xmllint!, file);
      const doc = parseXml(f.text);
      const ours = doc.error ? { line: doc.index.positionAt(doc.error.offset).line + 1, message: doc.error.message } : undefined;
      const where = `${f.name}: xmllint says\n${theirs.output}we say ${ours ? `line ${ours.line}: ${ours.message}` : 'well-formed'}`;
      assert.equal(ours === undefined, theirs.ok, `verdicts differ — ${where}`);
      const undeclared = ourUndeclared(doc);
      assert.deepEqual(undeclared, theirs.undeclared, `undeclared prefixes differ — ${where}\nours: ${undeclared.join('; ')}`);
      assert.deepEqual(undeclared.map((u) => Number(u.split(' ')[0])).sort((a, b) => a - b), f.undeclared ?? [], `our undeclared prefixes — ${where}`);
      if (f.line === undefined) {
        assert.ok(theirs.ok, `meant to be well-formed — ${where}`);
        continue;
      }
      assert.ok(ours && theirs.line !== undefined, where);
      assert.equal(ours.line, f.line, `our line — ${where}`);
      if (f.message) assert.match(ours.message, f.message, where);
      if (f.eof) {
        // xmllint stops at the end of the file; its message names the start line for tags.
        assert.equal(theirs.line, f.text.split('\n').length, `xmllint reports an open construct on the last line — ${where}`);
        const named = /\bline (\d+)\s*$/.exec(theirs.message ?? '');
        if (named) assert.equal(Number(named[1]), ours.line, `xmllint names the line where the construct starts — ${where}`);
      } else {
        assert.equal(ours.line, theirs.line, `lines differ — ${where}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('parseXml keeps the elements before the first error, with their offsets', () => {
  const text = `${HEAD}  <dubbo:protocol name="dubbo" port="1"/>\n  <dubbo:provider>\n  <dubbo:registry address="a" address="b"/>\n  <dubbo:consumer/>\n</beans>\n`;
  const doc = parseXml(text);
  assert.match(doc.error!.message, /repeated/);
  assert.deepEqual(
    doc.elements.map((e) => [e.name, e.start, e.tagEnd, e.end]),
    [
      ['beans', 0, HEAD.length - 1, undefined],
      ['dubbo:protocol', text.indexOf('<dubbo:protocol'), text.indexOf('\n  <dubbo:provider'), text.indexOf('\n  <dubbo:provider')],
      ['dubbo:provider', text.indexOf('<dubbo:provider'), text.indexOf('\n  <dubbo:registry'), undefined],
    ],
  );
  assert.deepEqual(doc.elements[0].children.map((e) => e.name), ['dubbo:protocol', 'dubbo:provider']);
});

test('parseXml reads 10,000 nested elements without recursion: the first 257 levels, then an error', () => {
  const text = `<beans xmlns:dubbo="${DUBBO}">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</beans>`;
  const doc = parseXml(text);
  assert.equal(doc.elements.length, 257);
  assert.equal(doc.error!.offset, text.indexOf('<a>') + 256 * 3);
});
