import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Analyzer } from '../../../src/core/analyzer';
import { createContext, isSuppressed, LintCache, lintWorkspace } from '../../../src/core/engine';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { memoryWorkspace } from '../support/context';
import { lintFiles, ofRule, TWO_REGIONS } from '../support/lint';
import { exampleFiles } from '../support/dubbo';

const BAD_PRIVATE = TWO_REGIONS.replace('external: 139.159.250.7', 'external: 10.1.2.3');

test('severity: the topology rules: map changes severity and turns rules off', () => {
  const warn = ofRule(lintFiles({ 'dubbo-topology.yaml': BAD_PRIVATE }), 'external-ip-private');
  assert.equal(warn[0].severity, 'warning');
  const asError = `${BAD_PRIVATE}rules:\n  external-ip-private: error\n`;
  assert.equal(ofRule(lintFiles({ 'dubbo-topology.yaml': asError }), 'external-ip-private')[0].severity, 'error');
  const off = `${BAD_PRIVATE}rules:\n  external-ip-private: off\n`;
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': off }), 'external-ip-private'), []);
});

test('severity: editor overrides win over the topology rules: map', () => {
  const asError = `${BAD_PRIVATE}rules:\n  external-ip-private: error\n`;
  const ds = lintFiles({ 'dubbo-topology.yaml': asError }, { ruleOverrides: { 'external-ip-private': 'hint' } });
  assert.equal(ofRule(ds, 'external-ip-private')[0].severity, 'hint');
});

const probe: Analyzer = {
  name: 'probe',
  files: () => ['a.conf'],
  analyze: (file, text) =>
    text.split('\n').flatMap((line, i) =>
      line.includes('BAD')
        ? [{ rule: 'ip-unknown', file, range: { start: { line: i, character: 0 }, end: { line: i, character: 3 } }, message: { id: 'unknown', data: { address: 'BAD' } } }]
        : [],
    ),
};

test('suppression: a disable-next-line comment silences the listed rules on the next line only', () => {
  const text = '# dubbo-topology-disable-next-line ip-unknown\nBAD\nBAD\n# dubbo-topology-disable-next-line other-rule\nBAD\n';
  const ds = lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS, 'a.conf': text }, { analyzers: [probe] });
  assert.deepEqual(ofRule(ds, 'ip-unknown').map((d) => d.range.start.line), [2, 4]);
});

test('suppression: comment syntaxes of XML, YAML and properties, and rule lists', () => {
  assert.ok(isSuppressed('  <!-- dubbo-topology-disable-next-line dubbo-protocol-random-port -->', 'dubbo-protocol-random-port'));
  assert.ok(isSuppressed('# dubbo-topology-disable-next-line ip-invalid,ip-unknown', 'ip-unknown'));
  assert.ok(isSuppressed('! dubbo-topology-disable-next-line ip-invalid, ip-unknown', 'ip-unknown'));
  assert.ok(!isSuppressed('# dubbo-topology-disable-next-line ip-invalid', 'ip-unknown'));
  assert.ok(!isSuppressed('# nothing here', 'ip-unknown'));
});

test('an analyzer that throws is reported and the rest of the run goes on', () => {
  const errors: string[] = [];
  const broken: Analyzer = {
    name: 'broken',
    files: () => ['a.conf'],
    analyze: () => {
      throw new Error('boom');
    },
  };
  const r = lintWorkspace(memoryWorkspace({ 'dubbo-topology.yaml': BAD_PRIVATE, 'a.conf': 'BAD' }), {
    analyzers: [broken, probe],
    onAnalyzerError: (a, f, e) => errors.push(`${a}:${f}:${(e as Error).message}`),
  })!;
  assert.deepEqual(errors, ['broken:a.conf:boom']);
  assert.equal(ofRule(r.diagnostics, 'external-ip-private').length, 1);
  assert.equal(ofRule(r.diagnostics, 'ip-unknown').length, 1, 'the next analyzer still ran');
});

test('diagnostics are sorted by file and position and localized', () => {
  const ds = lintFiles({ 'dubbo-topology.yaml': BAD_PRIVATE, 'a.conf': 'x\nBAD\n' }, { analyzers: [probe], locale: 'zh-CN' });
  assert.deepEqual(ds.map((d) => d.file), ['a.conf', 'dubbo-topology.yaml']);
  assert.equal(ds[0].message, 'BAD 不属于拓扑中的任何主机或局域网。');
});

test('NodeWorkspace.hasBom: from the read, or from the file when the editor supplies the text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-bom-'));
  try {
    writeFileSync(join(dir, 'a.conf'), '\ufeffevents {}\n');
    writeFileSync(join(dir, 'b.conf'), 'events {}\n');
    const ws = new NodeWorkspace(dir, new Map([['c.conf', 'events {}\n']]));
    assert.equal(ws.read('a.conf'), 'events {}\n', 'the mark is left out of the text');
    assert.deepEqual([ws.hasBom('a.conf'), ws.hasBom('b.conf'), ws.hasBom('missing.conf')], [true, false, false]);
    writeFileSync(join(dir, 'c.conf'), '\ufeffevents {}\n');
    assert.equal(ws.hasBom('c.conf'), true, 'an open document: the file on disk tells');
    writeFileSync(join(dir, 'a.conf'), 'events {}\n');
    assert.equal(ws.hasBom('a.conf'), true, 'known until the file is invalidated');
    ws.invalidate('a.conf');
    assert.equal(ws.hasBom('a.conf'), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('fixes: an edit that writes the text already there is left out, and a fix left with no edit is not offered', () => {
  const at = (line: number, a: number, b: number) => ({ start: { line, character: a }, end: { line, character: b } });
  const fixing: Analyzer = {
    name: 'fixing',
    files: () => ['a.conf'],
    analyze: (file) => [
      {
        rule: 'ip-unknown',
        file,
        range: at(0, 0, 3),
        message: { id: 'unknown', data: { address: 'BAD' } },
        fixes: [
          // Writes "BAD" over "BAD", and "x" over the topology's "version" key: changes nothing.
          { title: { id: 'unknown', data: { address: 'idle' } }, safe: true, edits: [{ file, range: at(0, 0, 3), newText: 'BAD' }] },
          {
            title: { id: 'unknown', data: { address: 'mixed' } },
            safe: false,
            edits: [
              { file: 'dubbo-topology.yaml', range: at(0, 0, 7), newText: 'version' },
              { file, range: at(1, 0, 0), newText: 'GOOD\n' },
            ],
          },
        ],
      },
    ],
  };
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS, 'a.conf': 'BAD\n' }, { analyzers: [fixing] }), 'ip-unknown');
  assert.deepEqual(
    d.fixes.map((f) => [f.safe, f.edits.map((e) => `${e.file}:${e.range.start.line} ${JSON.stringify(e.newText)}`)]),
    [[false, ['a.conf:1 "GOOD\\n"']]],
  );
});

test('an analyzer\'s findings on the workspace as a whole: made with no file to examine, reused while the topology and its shared state are the same', () => {
  let runs = 0;
  let state = 'a';
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 7 } };
  const whole: Analyzer = {
    name: 'whole',
    files: () => [],
    analyze: () => [],
    sharedState: () => state,
    analyzeWorkspace: () => {
      runs++;
      return [{ rule: 'ip-unknown', file: 'dubbo-topology.yaml', range: at, message: { id: 'unknown', data: { address: state } } }];
    },
  };
  const ws = memoryWorkspace({ 'dubbo-topology.yaml': TWO_REGIONS });
  const cache = new LintCache();
  const lint = () => ofRule(lintWorkspace(ws, { analyzers: [whole], cache })!.diagnostics, 'ip-unknown').map((d) => d.message);
  assert.deepEqual(lint(), ['a matches no host or LAN in the topology.']);
  assert.deepEqual(lint(), ['a matches no host or LAN in the topology.']);
  assert.equal(runs, 1, 'reused');
  state = 'b';
  assert.deepEqual(lint(), ['b matches no host or LAN in the topology.']);
  ws.contents.set('dubbo-topology.yaml', `${TWO_REGIONS}\n`);
  lint();
  assert.equal(runs, 3, 'made again for another shared state, and for another topology');
  // Without a cache, every run; a failure is reported as the analyzer's, and the run goes on.
  assert.equal(ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }, { analyzers: [whole] }), 'ip-unknown').length, 1);
  const broken: Analyzer = { ...whole, analyzeWorkspace: () => { throw new Error('boom'); } };
  const ds = lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS }, { analyzers: [broken, whole] });
  assert.deepEqual(ds.filter((d) => d.rule === 'file-skipped' || d.rule === 'ip-unknown').map((d) => d.rule).sort(), ['file-skipped', 'ip-unknown']);
});

test('one diagnostic per (file, range, rule): messages joined by a space in English, with none after a Chinese full stop', () => {
  const twice: Analyzer = {
    name: 'twice',
    files: () => ['a.conf'],
    analyze: (file) =>
      ['10.9.9.9', '10.9.9.8'].map((address) => ({
        rule: 'ip-unknown',
        file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
        message: { id: 'unknown', data: { address } },
      })),
  };
  const files = { 'dubbo-topology.yaml': TWO_REGIONS, 'a.conf': 'x\n' };
  const [en] = lintFiles(files, { analyzers: [twice] });
  assert.equal(en.message, '10.9.9.9 matches no host or LAN in the topology. 10.9.9.8 matches no host or LAN in the topology.');
  const [zh] = lintFiles(files, { analyzers: [twice], locale: 'zh-cn' });
  assert.equal(zh.message, '10.9.9.9 不属于拓扑中的任何主机或局域网。10.9.9.8 不属于拓扑中的任何主机或局域网。');
});

test('examinedBy: each examined file with the first analyzer that lists it, cached or not', () => {
  const ws = memoryWorkspace(exampleFiles());
  const cache = new LintCache();
  for (const run of ['fresh', 'cached', 'cached again']) {
    const r = lintWorkspace(ws, { analyzers: defaultAnalyzers, cache: run === 'fresh' ? undefined : cache })!;
    const ctx = createContext(ws, r.topology);
    const expected = new Map<string, string>();
    for (const f of r.files) {
      const a = defaultAnalyzers.find((x) => x.files(ctx).includes(f));
      if (a) expected.set(f, a.name);
    }
    assert.deepEqual([...r.examinedBy].sort(), [...expected].sort(), run);
    // The exports analyzer judges the topology's shares: the topology file is its too.
    assert.equal(r.examinedBy.get('dubbo-topology.yaml'), 'exports', run);
    assert.equal(r.examinedBy.get('nginx/nginx.conf'), 'nginx', run);
    assert.ok([...r.examinedBy.values()].includes('dubbo'), run);
  }
  // A listed file that cannot be read is examined by no analyzer.
  const missing = memoryWorkspace(exampleFiles());
  missing.contents.delete('nginx/nginx.conf');
  const r = lintWorkspace(missing, { analyzers: defaultAnalyzers })!;
  assert.equal(r.examinedBy.has('nginx/nginx.conf'), false);
});
