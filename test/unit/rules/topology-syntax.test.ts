import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTopology } from '../../../src/core/topology/parse';
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
    ['version: 1\nregions:\n  r1:\n    name: "abc\n    lan: [10.1.0.0/16]\nservices: {}\n', '3:10-3:14', /Missing closing "quote/],
    ["version: 1\nregions:\n  r1:\n    name: 'abc\n    lan: [10.1.0.0/16]\n", '3:10-3:14', /Missing closing 'quote/],
    ['version: 1\nregions:\n  r1:\n    lan: [10.1.0.0/16, [1]\n    name: x\nservices: {}\n', '3:9-3:26', /end with a \]/],
    ['version: 1\nregions: {r1: {lan: [10.1.0.0/16], name: x}\r\nservices: {}\n', '1:9-1:43', /end with a \}/],
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
