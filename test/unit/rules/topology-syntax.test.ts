import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from 'yaml';
import { localizeFor } from '../../../src/core/engine';
import { YAML_OPTIONS } from '../../../src/core/topology/fastYaml';
import { parseTopology } from '../../../src/core/topology/parse';
import { describeYamlError } from '../../../src/core/topology/yamlErrors';
import { at, lintFiles, ofRule, TWO_REGIONS } from '../support/lint';

test('topology-syntax: an unclosed flow sequence is reported at its line', () => {
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': 'version: 1\nregions:\n  a:\n    lan: [10.0.0.0/8\n' }), 'topology-syntax');
  assert.equal(ds.length >= 1, true);
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /^YAML syntax error: /);
  assert.ok(ds[0].range.start.line >= 3, at(ds[0]));
});

test('topology-syntax: a quote, [ or { left open is reported where it opens, not where the parser gave up', () => {
  const cases: [string, string, RegExp][] = [
    // The parser notices the missing quote at the end of the file (line 6 of a 5-line file).
    ['version: 1\nregions:\n  r1:\n    name: "abc\n    lan: [10.1.0.0/16]\nservices: {}\n', '3:10-3:14', /The quote " opened here is never closed/],
    ["version: 1\nregions:\n  r1:\n    name: 'abc\n    lan: [10.1.0.0/16]\n", '3:10-3:14', /The quote ' opened here is never closed/],
    ['version: 1\nregions:\n  r1:\n    lan: [10.1.0.0/16, [1]\n    name: x\nservices: {}\n', '3:9-3:26', /The "\[" opened here is not closed: end it with "\]"/],
    ['version: 1\nregions: {r1: {lan: [10.1.0.0/16], name: x}\r\nservices: {}\n', '1:9-1:43', /The "\{" opened here is not closed: end it with "\}"/],
  ];
  for (const [yaml, where, message] of cases) {
    const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax');
    assert.equal(at(d), where, JSON.stringify(yaml));
    assert.match(d.message, message);
  }
});

test('topology-syntax: duplicate keys are syntax errors', () => {
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': 'version: 1\nversion: 1\nregions: {}\n' }), 'topology-syntax');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].range.start.line, 1);
});

test('topology-syntax: a valid file has none', () => {
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }), 'topology-syntax'), []);
});

test('topology-syntax: a key repeated in a flow mapping or deep inside is reported at the repeat', () => {
  const text = 'version: 1\nservices:\n  a: { kind: http, kind: http }\n  b: { kind: http }\n  b: { kind: http }\n';
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': text }), 'topology-syntax');
  assert.deepEqual(
    ds.map((d) => [d.range.start.line, d.range.start.character]),
    [
      [2, 19],
      [4, 2],
    ],
  );
  assert.match(ds[0].message, /^Duplicate key "kind": it is already written on line 3\./);
});

test('topology-syntax: a key repeated twice or more, in a short and in a long mapping, each repeat pointing at the first', () => {
  const few = 'version: 1\nservices:\n  a: { kind: http, port: 1, kind: http, kind: http }\n';
  const long = `version: 1\nservices:\n${Array.from({ length: 12 }, (_, i) => `  s${i % 10}: { kind: http }\n`).join('')}`;
  for (const [text, want] of [
    [few, ['2:28 line 3', '2:40 line 3']],
    [long, ['12:2 line 3', '13:2 line 4']],
  ] as const) {
    const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': text }), 'topology-syntax');
    assert.deepEqual(
      ds.map((d) => `${d.range.start.line}:${d.range.start.character} ${/on (line \d+)/.exec(d.message)?.[1]}`),
      want,
    );
  }
});

test('topology-syntax: lines indented with tabs are reported once each, and the rest is read as they line up', () => {
  // Two host fields indented with a tab under a host indented with spaces, as an editor with 8-column tabs shows them.
  const mixed = TWO_REGIONS.replace('        internal: 192.168.27.101\n        external: 139.159.250.7\n', '\tinternal: 192.168.27.101\n\texternal: 139.159.250.7\n');
  const ds = lintFiles({ 'dubbo-topology.yaml': mixed });
  assert.deepEqual(
    ds.filter((d) => d.rule.startsWith('topology-')).map((d) => `${d.rule} ${at(d)} ${d.message}`),
    [
      'topology-syntax 7:0-7:1 A tab indents this line, and YAML allows only spaces: replace it with spaces (read here as 8 columns per tab).',
      'topology-syntax 8:0-8:1 A tab indents this line, and YAML allows only spaces: replace it with spaces (read here as 8 columns per tab).',
    ],
  );
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace the tabs with spaces', false, '        ']]);
  const { topology: t } = parseTopology('dubbo-topology.yaml', mixed);
  const api1 = t.hostById.get('api-1')!;
  assert.deepEqual([api1.internal?.text, api1.external?.text, api1.internal?.range.start], ['192.168.27.101', '139.159.250.7', { line: 7, character: 11 }]);
  assert.deepEqual(api1.services.map((s) => s.value), ['api', 'registry']);

  // A file indented with tabs only: every width reads the same tree.
  const tabs = TWO_REGIONS.replace(/^( +)/gm, (s) => '\t'.repeat(s.length / 2));
  const only = lintFiles({ 'dubbo-topology.yaml': tabs }, { locale: 'zh-cn' });
  const syntax = ofRule(only, 'topology-syntax');
  assert.equal(syntax.length, tabs.split('\n').filter((l) => l.startsWith('\t')).length);
  assert.match(syntax[0].message, /^此行用 Tab 缩进，而 YAML 只允许空格/);
  assert.deepEqual(only.filter((d) => d.rule !== 'topology-syntax').map((d) => d.rule), []);
  assert.deepEqual(parseTopology('dubbo-topology.yaml', tabs).topology.hosts.map((h) => `${h.id} ${h.internal?.text} ${h.region.id}`), [
    'api-1 192.168.27.101 east-1',
    'api-2 172.16.8.101 east-2',
  ]);
});

test('topology-syntax: a full-width colon or a missing space after ":" is named, on that line only', () => {
  const cases: [string, string, string, string][] = [
    // [what replaces "    name: 华东1" of east-1, where, English, Chinese]
    ['    name： 华东1', '3:8-3:9', '"：" is a full-width colon, and YAML reads only ":" as the end of a key: type ":" followed by a space.', '“：”是全角冒号，YAML 只把半角 ":" 当作键的结束：请改为 ":" 并在其后加一个空格。'],
    ['    name：华东1', '3:8-3:9', '"：" is a full-width colon, and YAML reads only ":" as the end of a key: type ":" followed by a space.', '“：”是全角冒号，YAML 只把半角 ":" 当作键的结束：请改为 ":" 并在其后加一个空格。'],
  ];
  for (const [line, where, en, zh] of cases) {
    const yaml = TWO_REGIONS.replace('    name: 华东1', line);
    const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.range.start.line === 3);
    assert.deepEqual(ds.map((d) => `${d.rule} ${at(d)} ${d.message}`), [`topology-syntax ${where} ${en}`], line);
    assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax').map((d) => d.message), [zh]);
  }
  // The last key of a host, or one followed by another key: YAML reads "internal:192.168.27.101" as text either way.
  for (const yaml of [
    TWO_REGIONS.replace('        internal: 172.16.8.101\n        external: 139.159.250.207\n        services: [api]\n', '        internal:172.16.8.101\n'),
    TWO_REGIONS.replace('        internal: 172.16.8.101', '        internal:172.16.8.101'),
  ]) {
    const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.rule.startsWith('topology-'));
    assert.deepEqual(
      ds.map((d) => `${d.rule} ${at(d)} ${d.message}`),
      ['topology-syntax 15:8-15:29 "internal:172.16.8.101" has no space after ":", so YAML reads it as one piece of text: write "internal: 172.16.8.101".'],
    );
    assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.edits[0].newText]), [['Write "internal: 172.16.8.101"', 'internal: 172.16.8.101']]);
  }
  // A colon inside a value is no mistake.
  const fine = TWO_REGIONS.replace('    name: 华东1', '    name: 华东1：业务区').replace('    lan: [172.16.8.0/24]', '    lan: ["fd00:8::/64", 172.16.8.0/24]');
  assert.deepEqual(lintFiles({ 'dubbo-topology.yaml': fine }).filter((d) => d.rule.startsWith('topology-')), []);
});

test('topology-syntax: a repeated key names the line it was first written on', () => {
  const yaml = TWO_REGIONS.replace('        external: 139.159.250.7\n', '        external: 139.159.250.7\n        external: 139.159.250.8\n');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), ['9:8-9:16 Duplicate key "external": it is already written on line 9. Remove or rename one of them.']);
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax');
  assert.equal(zh.message, '重复的键 "external"：第 9 行已经写过。请删除或重命名其中一个。');
});

test('topology-syntax: a field swallowed by a quote left open is not also reported missing', () => {
  const yaml = TWO_REGIONS.replace('    name: 华东1', '    name: "华东1');
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.rule.startsWith('topology-'));
  assert.deepEqual(ds.map((d) => `${d.rule} ${at(d)}`), ['topology-syntax 3:10-3:14']);
});

/** A region as the tests below break it. */
const REGION = 'version: 1\nregions:\n  east-1:\n';

/**
 * Broken topologies, each making the YAML parser report the error code named (checked below against
 * the parser itself), and what the English message must say.
 */
const BROKEN: { code: string; yaml: string; en: RegExp }[] = [
  { code: 'BAD_INDENT', yaml: `${REGION}    name: 华东1\n   lan: [192.168.27.0/24]\n`, en: /not lined up with the other keys of its mapping/ },
  { code: 'BAD_INDENT', yaml: `${REGION}      name: 华东1\n    lan: [192.168.27.0/24]\n`, en: /"name" is indented further than the keys after it in its mapping/ },
  { code: 'BAD_INDENT', yaml: `${REGION}    name: 华东1\n    lan: [192.168.27.0/24\n    hosts: {}\n`, en: /"\[" opened here is not closed: end it with "\]"/ },
  { code: 'MISSING_CHAR', yaml: '{version: 1, regions: {}\n', en: /"\{" opened here is not closed: end it with "\}"/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    name: "华东1\n`, en: /quote " opened here is never closed/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    name: '华东1\n`, en: /quote ' opened here is never closed/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    lan: ["192.168.27.0/24" "10.0.0.0/8"]\n`, en: /"," is missing before this item/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    name: 华东1\n    hosts\n`, en: /no ":" after it/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    lan: &lan[192.168.27.0/24]\n`, en: /anchor \(&name\) or tag \(!tag\) must be followed by a space/ },
  { code: 'MISSING_CHAR', yaml: '%YAML 1.2\nversion: 1\n', en: /followed by a "---" line/ },
  { code: 'MISSING_CHAR', yaml: '--- version: 1\n', en: /cannot start on the "---" line/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    hosts:\n      api-1:\n        services:\n          - api\n          - \tregistry: x\n            y: 1\n`, en: /does not start with "-"/ },
  { code: 'MISSING_CHAR', yaml: `${REGION}    lan:\n      - &x - 192.168.27.0/24\n`, en: /on the line before its first item/ },
  { code: 'TAB_AS_INDENT', yaml: `${REGION}    hosts:\n      api-1:\n        services:\n          - \tapi: x\n`, en: /tab is used for indentation here/ },
  { code: 'MULTILINE_IMPLICIT_KEY', yaml: `${REGION}    name: 华东1\n    hosts\n    lan: []\n`, en: /a key must be on a single line: is a ":" missing here\?/ },
  { code: 'BLOCK_AS_IMPLICIT_KEY', yaml: `${REGION}    name: 华东1 region: x\n`, en: /cannot itself hold "key: value"/ },
  { code: 'BLOCK_AS_IMPLICIT_KEY', yaml: `${REGION}    name: 华东1\n   - lan\n`, en: /"-" list item cannot stand where a key of this mapping is expected/ },
  { code: 'UNEXPECTED_TOKEN', yaml: `${REGION}    lan: [192.168.27.0/24, , 10.0.0.0/8]\n`, en: /"," with no item before it/ },
  { code: 'UNEXPECTED_TOKEN', yaml: `${REGION}    lan: [192.168.27.0/24]]\n`, en: /"\]" closes nothing: remove it, or add the "\[" it should close/ },
  { code: 'UNEXPECTED_TOKEN', yaml: '  version: 1\nregions: 2\n', en: /":" is not expected here/ },
  { code: 'UNEXPECTED_TOKEN', yaml: `${REGION}    lan: [192.168.27.0/24] x\n`, en: /value before this is complete/ },
  { code: 'UNEXPECTED_TOKEN', yaml: `${REGION}    lan: - 192.168.27.0/24\n`, en: /"-" list item cannot start on the line of its key/ },
  { code: 'UNEXPECTED_TOKEN', yaml: `${REGION}    name: |华东1\n`, en: /After "\|" only an indentation digit/ },
  { code: 'BAD_SCALAR_START', yaml: `${REGION}    name: @华东1\n`, en: /cannot start with "@" unless it is quoted/ },
  { code: 'BAD_SCALAR_START', yaml: 'version: 1\nservices:\n  api: { kind: http, config: [%a] }\n', en: /cannot start with "%" unless it is quoted/ },
  { code: 'ALIAS_PROPS', yaml: 'version: 1\nservices:\n  a: &x { kind: http }\n  b: &y *x\n', en: /alias \(\*name\) cannot have an anchor/ },
  { code: 'BAD_ALIAS', yaml: 'version: 1\nservices:\n  a: *\n', en: /"\*" must be followed by the name of an anchor/ },
  { code: 'BAD_ALIAS', yaml: 'version: 1\nservices:\n  a: & { kind: http }\n', en: /"&" must be followed by a name/ },
  { code: 'MULTIPLE_ANCHORS', yaml: 'version: 1\nservices:\n  a: &x &y { kind: http }\n', en: /only one anchor/ },
  { code: 'MULTIPLE_TAGS', yaml: 'version: 1\nservices:\n  a: !!map !!map { kind: http }\n', en: /only one tag/ },
  { code: 'BAD_PROP_ORDER', yaml: `${REGION}    lan:\n      - &x ? a\n`, en: /must come after "\?", not before it/ },
  { code: 'BAD_DQ_ESCAPE', yaml: `${REGION}    hosts:\n      api-1:\n        ssh: { identityFile: "C:\\Users\\deploy\\id_ed25519" }\n`, en: /"\\U(sers)?" is not a valid one: write "\\\\" for a backslash/ },
  { code: 'BLOCK_IN_FLOW', yaml: `${REGION}    hosts: {api-1: {internal: 10.0.0.1 external: 1.2.3.4}}\n`, en: /is a "," missing between two items\?/ },
  { code: 'MULTIPLE_DOCS', yaml: 'version: 1\nregions: {}\n---\nservices: {}\n', en: /topology must be one document/ },
  { code: 'BAD_DIRECTIVE', yaml: '%YAML 1.1 1.2\n---\nversion: 1\n', en: /"%YAML" directive line is malformed/ },
  { code: 'BAD_DIRECTIVE', yaml: '%YAML abc\n---\nversion: 1\n', en: /"%YAML" directive line is malformed/ },
  { code: 'TAG_RESOLVE_FAILED', yaml: 'version: 1\nservices:\n  a: !x! { kind: http }\n', en: /Unknown tag "!x!"/ },
];

test('topology-syntax: the YAML parser\'s errors are told in English and in Chinese', () => {
  const problems: string[] = [];
  for (const { code, yaml, en } of BROKEN) {
    const library = parseDocument(yaml, YAML_OPTIONS).errors;
    assert.ok(library.some((e) => e.code === code), `${code} for ${JSON.stringify(yaml)}: ${library.map((e) => e.code)}`);
    const english = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax').map((d) => d.message);
    if (!english.some((m) => en.test(m))) problems.push(`${code} ${JSON.stringify(yaml)}: no English message matches ${en}: ${JSON.stringify(english)}`);
    const chinese = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax').map((d) => d.message);
    assert.equal(chinese.length, english.length);
    for (const m of chinese) {
      // Not the library's words, nor any run of English words: only code (`key: value`, `&name`) may stay as written.
      const left = library.map((e) => e.message.split('\n')[0]).filter((s) => m.includes(s));
      if (left.length > 0 || /[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}/.test(m) || !/^YAML 语法错误：.*\p{Script=Han}/u.test(m)) problems.push(`${code} ${JSON.stringify(yaml)}: ${m}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('topology-syntax: nested thousands deep, the parser runs out of stack: said as such; an error the messages do not know keeps the parser\'s own words', () => {
  const yaml = `version: 1\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
  const library = parseDocument(yaml, YAML_OPTIONS).errors.find((e) => e.code === 'RESOURCE_EXHAUSTION');
  assert.ok(library);
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax');
  assert.equal(zh.message, 'YAML 语法错误：此处列表或映射嵌套过深（数千层），无法读取：拓扑文件只需要几层嵌套；请检查是否有未闭合或误重复的括号。');
  const [en] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax');
  assert.equal(
    en.message,
    'YAML syntax error: The lists or mappings here are nested too deeply to be read (thousands of levels): a topology needs only a few; look for brackets that are never closed or repeated by mistake.',
  );
  // The engine's words for it, whichever it is.
  for (const text of ['Maximum call stack size exceeded', 'too much recursion']) {
    assert.deepEqual(describeYamlError('RESOURCE_EXHAUSTION', text), { detail: { id: 'yaml/RESOURCE_EXHAUSTION', data: {} } }, text);
  }
  // So is a known code said in words the messages do not recognise, and a code they do not know.
  for (const [code, text] of [['BAD_INDENT', 'Some wording the library may use one day'], ['NEW_CODE', 'Something else went wrong']]) {
    assert.deepEqual(describeYamlError(code, text), { detail: text });
  }
  assert.deepEqual(describeYamlError(undefined, 'Map keys must be unique'), { detail: 'Map keys must be unique' });
});

test('topology-syntax: a repeated key the library reports by itself is told in words too', () => {
  // The parse here finds repeated keys itself (duplicateKey); the library's own check, when on, reports them as DUPLICATE_KEY.
  const [e] = parseDocument('a: 1\na: 2\n', { ...YAML_OPTIONS, uniqueKeys: true }).errors;
  assert.equal(e.code, 'DUPLICATE_KEY');
  const { detail } = describeYamlError(e.code, e.message);
  assert.equal(typeof detail, 'object');
  const ref = { id: 'yaml', data: { detail } };
  assert.match(localizeFor('topology-syntax', ref, 'en'), /^YAML syntax error: This key is already in this mapping/);
  assert.match(localizeFor('topology-syntax', ref, 'zh-cn'), /^YAML 语法错误：该映射中已有这个键/);
});

test('topology-syntax: a key indented more than its siblings is reported on its own line, not the line above', () => {
  const cases: [string, string, string, string][] = [
    // [topology, the only topology finding, English, Chinese]
    [
      TWO_REGIONS.replace('    lan: [192.168.27.0/24]', '      lan: [192.168.27.0/24]'),
      'topology-syntax 4:6-4:9',
      'YAML syntax error: "lan" is indented more than the line above it, so YAML reads it as part of the value there: indent it as the keys it belongs with.',
      'YAML 语法错误："lan" 比上一行缩进得多，YAML 会把它当作上一行的值的一部分：请按与它同级的键缩进。',
    ],
    [
      TWO_REGIONS.replace('        external: 139.159.250.7', '          external: 139.159.250.7'),
      'topology-syntax 8:10-8:18',
      'YAML syntax error: "external" is indented more than the line above it, so YAML reads it as part of the value there: indent it as the keys it belongs with.',
      'YAML 语法错误："external" 比上一行缩进得多，YAML 会把它当作上一行的值的一部分：请按与它同级的键缩进。',
    ],
  ];
  for (const [yaml, where, en, zh] of cases) {
    const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.rule.startsWith('topology-'));
    assert.deepEqual(ds.map((d) => `${d.rule} ${at(d)}`), [where], yaml);
    assert.equal(ds[0].message, en);
    assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax').map((d) => d.message), [zh]);
  }
  // After a value in brackets or quotes the parser already names the over-indented line; it still does.
  for (const lines of ['    lan: [192.168.27.0/24]\n      name: 华东1', '    name: "华东1"\n      lan: [192.168.27.0/24]']) {
    const yaml = TWO_REGIONS.replace('    name: 华东1\n    lan: [192.168.27.0/24]', lines);
    const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.rule.startsWith('topology-'));
    assert.deepEqual(ds.map((d) => `${d.rule} ${d.range.start.line}`), ['topology-syntax 4'], yaml);
  }
  // A key with no ":" runs on into the key below, at the same indentation or further in: its line is the one to change.
  for (const yaml of [TWO_REGIONS.replace('    name: 华东1\n', '    name\n'), TWO_REGIONS.replace('    hosts:\n      api-1:', '    hosts\n      api-1:')]) {
    const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax');
    assert.deepEqual(ds.map((d) => d.range.start.line), [yaml.includes('    name\n') ? 3 : 5], yaml);
    assert.match(ds[0].message, /is a ":" missing here\?/);
  }
  // In brackets indentation means nothing: a key on the next line there is a "," missing, where the parser says.
  const flow = TWO_REGIONS.replace('  api: { kind: dubbo-consumer, port: 8680 }', '  api: { kind: dubbo-consumer\n    port: 8680 }');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': flow }), 'topology-syntax').map((d) => d.range.start.line), [19, 19]);
});

test('topology-syntax: a key indented further than the keys after it in its mapping is reported on its own key, not on theirs', () => {
  // api-2's first field four columns deeper: YAML takes its column for the mapping and hangs the fields after it on `hosts`.
  const yaml = TWO_REGIONS.replace('        internal: 172.16.8.101', '            internal: 172.16.8.101');
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml }).filter((d) => d.rule.startsWith('topology-'));
  assert.deepEqual(
    ds.map((d) => `${d.rule} ${at(d)} ${d.message}`),
    ['topology-syntax 15:12-15:20 YAML syntax error: "internal" is indented further than the keys after it in its mapping, so YAML hangs those on the mapping further out: un-indent it (with any lines under it) to line up with them.'],
  );
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-syntax').map((d) => d.message), [
    'YAML 语法错误："internal" 比同一映射中其后的键缩进得多，YAML 会把其后的键挂到外一层的映射上：请减少它（连同其下各行）的缩进，与其后的键对齐。',
  ]);
  // Two deeper fields, then one: each deeper key is the line to change; a block under it moves with it.
  const two = TWO_REGIONS.replace('        internal: 172.16.8.101\n        external: 139.159.250.207', '          internal: 172.16.8.101\n          external:\n            139.159.250.207');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': two }), 'topology-syntax').map(at), ['15:10-15:18', '16:10-16:18']);
  // Three columns, the last where api-1's fields are: both keys further in are the lines to change.
  const stairs = TWO_REGIONS.replace('        internal: 172.16.8.101\n        external: 139.159.250.207', '            internal: 172.16.8.101\n          external: 139.159.250.207');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': stairs }), 'topology-syntax').map(at), ['15:12-15:20', '16:10-16:18']);
  // A later key is the odd one when the keys before it are at the column its neighbours use: the parser's line, on its key.
  const later = TWO_REGIONS.replace('        services: [api, registry]', '       services: [api, registry]');
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': later }), 'topology-syntax').map((d) => `${at(d)} ${d.message}`), [
    '9:7-9:15 YAML syntax error: This line is not lined up with the other keys of its mapping: indent it as they are.',
  ]);
});

test('topology-syntax: a "*" with no name is reported once, in the parser\'s error', () => {
  const yaml = TWO_REGIONS.replace('    name: 华东1', '    name: *');
  assert.deepEqual(
    ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-syntax').map((d) => `${at(d)} ${d.message}`),
    ['3:10-3:11 YAML syntax error: "*" must be followed by the name of an anchor (*name): quote the value if "*" is part of the text.'],
  );
});
