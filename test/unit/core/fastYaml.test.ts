import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { Document, isMap, isNode, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { fastParseYaml, readYaml, YAML_OPTIONS } from '../../../src/core/topology/fastYaml';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { exampleDir, repoRoot } from '../support/context';
import { providerYaml } from '../support/dubbo';
import { TWO_REGIONS, TWO_REGIONS_WITH_DEPLOY } from '../support/lint';
import { shareYaml } from '../support/nfs';
import { bareYaml, gatewayYaml } from '../support/nginx';
import { applyMutations, mutation, params } from '../robustness/fuzz';

// The fast reader of the topology file must never disagree with the `yaml` library: whenever it
// returns a tree, that tree equals the library's (node classes, scalar values and their types, key
// order, every range, flow flags) and the library reports no error for the text. FUZZ_RUNS sets the
// number of random inputs; fast-check prints the seed of a failure, FUZZ_SEED replays it.

const EXAMPLE = readFileSync(join(exampleDir, TOPOLOGY_FILE), 'utf8');

type Tree = unknown;

/** Why two trees differ (the first difference found, with its path), or undefined when equal. */
function difference(fast: Tree, ref: Tree, path = '$'): string | undefined {
  const kind = (n: Tree) =>
    n === null ? 'null' : n instanceof YAMLMap ? 'map' : n instanceof YAMLSeq ? 'seq' : n instanceof Scalar ? 'scalar' : `other ${String(n)}`;
  if (kind(fast) !== kind(ref)) return `${path}: ${kind(fast)} vs ${kind(ref)}`;
  if (fast === null) return undefined;
  const a = fast as Scalar | YAMLMap | YAMLSeq;
  const b = ref as Scalar | YAMLMap | YAMLSeq;
  if (!a.range || !b.range || a.range.some((x, i) => x !== b.range![i])) return `${path}: range ${JSON.stringify(a.range)} vs ${JSON.stringify(b.range)}`;
  if (isScalar(a)) {
    const bv = (b as Scalar).value;
    return Object.is(a.value, bv) ? undefined : `${path}: value ${String(a.value)} (${typeof a.value}) vs ${String(bv)} (${typeof bv})`;
  }
  const bc = b as YAMLMap | YAMLSeq;
  if (Boolean(a.flow) !== Boolean(bc.flow)) return `${path}: flow ${String(a.flow)} vs ${String(bc.flow)}`;
  if (a.items.length !== bc.items.length) return `${path}: ${a.items.length} items vs ${bc.items.length}`;
  for (let i = 0; i < a.items.length; i++) {
    if (isMap(a)) {
      const p = a.items[i];
      const q = (bc as YAMLMap).items[i];
      const d = difference(p.key, q.key, `${path}.key#${i}`) ?? difference(p.value, q.value, `${path}.${String((p.key as Scalar).value)}`);
      if (d) return d;
    } else {
      const d = difference((a as YAMLSeq).items[i], (bc as YAMLSeq).items[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  return undefined;
}

/**
 * The differential check: when the fast reader returns a tree, it must equal the library's and the
 * library must report no error. Returns whether the fast reader took the text.
 */
function differential(text: string): boolean {
  const fast = readYaml(text);
  if (fast === undefined) return false;
  assert.ok(fastParseYaml(text) !== undefined);
  const doc = parseDocument(text, YAML_OPTIONS);
  assert.deepEqual(
    doc.errors.map((e) => e.message),
    [],
    `the fast reader took a text the library reports errors for: ${JSON.stringify(text)}`,
  );
  const d = difference(fast, doc.contents);
  assert.equal(d, undefined, `the fast reader disagrees with the library on ${JSON.stringify(text)}: ${d}`);
  return true;
}

/** A plain copy of a value that deep-equals another copy exactly when the values have the same shape: Maps as entry lists, repeated objects (cycles: a host points at its region) as the path where first seen. */
function snapshot(v: unknown): unknown {
  const seen = new Map<object, string>();
  const walk = (x: unknown, path: string): unknown => {
    if (typeof x !== 'object' || x === null) return x;
    const ref = seen.get(x);
    if (ref !== undefined) return { $ref: ref };
    seen.set(x, path);
    if (x instanceof Map) return { $map: [...x].map(([k, val], i) => [k, walk(val, `${path}<${i}>`)]) };
    if (Array.isArray(x)) return x.map((e, i) => walk(e, `${path}[${i}]`));
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(x)) o[k] = walk(val, `${path}.${k}`);
    return o;
  };
  return walk(v, '$');
}

/** parseTopology gives the same model and findings with the fast reader as with the library alone. */
function sameTopology(text: string): void {
  const fast = parseTopology(TOPOLOGY_FILE, text);
  const slow = parseTopology(TOPOLOGY_FILE, text, { fastYaml: false });
  assert.deepStrictEqual(snapshot(fast), snapshot(slow), `parseTopology differs with the fast reader on ${JSON.stringify(text.slice(0, 200))}`);
}

async function benchTopology(): Promise<string> {
  // The bench generator is an ES module; the compiled tests are CommonJS, whose `import()` would become `require`.
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<{
    generateWorkspace(o: object): { files: Map<string, string> };
  }>;
  const m = await load(pathToFileURL(join(repoRoot, 'bench', 'lib', 'generate.mjs')).href);
  const g = m.generateWorkspace({ seed: 42, regions: 8, hostsPerRegion: 25, dubbo: 1000, nginx: 1000 });
  const text = g.files.get(TOPOLOGY_FILE);
  assert.equal(typeof text, 'string');
  return text as string;
}

/** A topology using what the fast reader accepts besides the usual: comments everywhere, quotes, block sequences, compact mappings, empty values. */
const TOUR = `# A topology written by hand.
version: 1   # the schema version

regions:
  east-1:   # business
    name: "华东 1"
    lan:
      - 192.168.27.0/24
      # - 192.168.28.0/24
      - '10.0.0.0/8'
    properties: { zk: "zookeeper://139.159.250.7:2181", 'it''s': x }
    hosts:
      api-1:
        internal: 192.168.27.101
        external: 139.159.250.7 # public
          # indented note
        ssh:
          user: deploy
          port: 2222
        services: [api, registry]

      app-1: { internal: 192.168.27.102, services: [] }
    # end of hosts
  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
services:
  api:
    kind: dubbo-consumer
    port: 8680
    deploy:
      order:
      - east-2
      - east-1
      health: { http: "http://127.0.0.1:8680/health", timeout: 30 }
      env:
        JAVA_OPTS: "-Xmx1g -Dfile.encoding=UTF-8"
  registry: { kind: zookeeper, port: 2181 }
shares:
  upload:
    server: api-1
    clients:
      - api-2
    options: [rw, sync]
rules:
  ip-unknown: warning
# trailing comment
`;

test('fast YAML: the example, the bench topology and the test topologies take the fast path and equal the library', async () => {
  const texts: [string, string][] = [
    ['example', EXAMPLE],
    ['bench', await benchTopology()],
    ['TWO_REGIONS', TWO_REGIONS],
    ['deploy', TWO_REGIONS_WITH_DEPLOY],
    ['providerYaml', providerYaml()],
    ['shareYaml', shareYaml()],
    ['gatewayYaml', gatewayYaml()],
    ['bareYaml', bareYaml('nginx/nginx.conf')],
    ['tour', TOUR],
    ['tour, CRLF', TOUR.replace(/\n/g, '\r\n')],
    ['tour, no final newline', TOUR.trimEnd()],
    ['duplicates', 'version: 1\nversion: 1\nservices:\n  a: { kind: http, kind: http }\n  b: { kind: http }\n  b: { kind: http }\n'],
  ];
  for (const [name, text] of texts) {
    assert.ok(differential(text), `${name}: the fast reader should take it`);
    sameTopology(text);
  }
  // Duplicate keys stay separate pairs, so they are still reported.
  const dup = parseTopology(TOPOLOGY_FILE, 'version: 1\nversion: 1\nregions: {}\n');
  assert.deepEqual(dup.findings.map((f) => [f.rule, f.range.start.line]), [['topology-syntax', 1]]);
});

test("fast YAML: its nodes are the library's, with their methods and type checks", () => {
  const fast = readYaml(TOUR);
  assert.ok(fast);
  const doc = parseDocument(TOUR, YAML_OPTIONS);
  let nodes = 0;
  const walk = (n: unknown): void => {
    nodes++;
    assert.ok(isNode(n), 'a node the library recognizes');
    if (isMap(n) || isSeq(n)) {
      assert.ok(n instanceof (isMap(n) ? YAMLMap : YAMLSeq));
      assert.ok(n.schema && Array.isArray(n.schema.tags), "the library's schema, as its own collections have");
      assert.deepEqual(Object.keys(n).filter((k) => k !== 'range' && k !== 'flow'), ['items']);
      for (const item of n.items) {
        if (isMap(n)) {
          assert.ok(isPair(item) && item instanceof Pair);
          assert.deepEqual(Object.keys(item), ['key', 'value']);
          walk(item.key);
          walk(item.value);
        } else walk(item);
      }
    } else {
      assert.ok(isScalar(n) && n instanceof Scalar);
      assert.equal(String(n), String(n.value));
    }
  };
  walk(fast);
  assert.ok(nodes > 60, `${nodes} nodes`);
  // The library's own methods work on them: lookups by key, conversion to plain values, printing.
  assert.equal(fast.get('version'), 1);
  assert.equal(fast.getIn(['regions', 'east-1', 'hosts', 'api-1', 'ssh', 'port']), 2222);
  const made = new Document(fast, YAML_OPTIONS);
  assert.deepEqual(made.toJS(), doc.toJS());
  assert.deepEqual(parseDocument(made.toString(), YAML_OPTIONS).toJS(), doc.toJS());
  // A library node stays as the library made it.
  assert.ok(Object.getOwnPropertySymbols(new Scalar(1)).length > 0);
});

test('fast YAML: what it leaves to the library', () => {
  const outside = [
    '',
    '# only a comment\n',
    '---\nversion: 1\n',
    'version: 1\n...\n',
    '%YAML 1.2\n---\na: 1\n',
    'a: &x 1\nb: *x\n',
    'a: !!str 1\n',
    'a: |\n  text\n',
    'a: >\n  text\n',
    'a: b\n  c\n',
    'a: "b\n  c"\n',
    'a: [1,\n  2]\n',
    '? a\n: b\n',
    '"a":1\n',
    '[a]: 1\n',
    '- a\n- b\n',
    'a:\n  -\n  - b\n',
    'a:\n  - - b\n',
    '  a: 1\n',
    'a:\n\tb: 1\n',
    'a: b\tc\n',
    '\ufeffa: 1\n',
    'a: 1\rb: 2\n',
    'a: "\\q"\n',
    'a: b: c\n',
    'a: { b }\n',
    'a: [b, ]\n',
    'a: {b: 1} c\n',
    'a: 1\n b: 2\n',
    'a:\n  b: 1\n c: 2\n',
  ];
  for (const text of outside) {
    assert.equal(readYaml(text), undefined, JSON.stringify(text));
    differential(text);
    sameTopology(text);
  }
});

/** Plain scalars (and a few quoted ones) with the value the core schema gives them. */
const SCALARS: [string, unknown][] = [
  ['1', 1],
  ['-1', -1],
  ['+1', 1],
  ['-0', -0],
  ['0x1F', 31],
  ['0o17', 15],
  ['017', 17],
  ['0b1', '0b1'],
  ['0X1F', '0X1F'],
  ['0x', '0x'],
  ['1.5', 1.5],
  ['1.', 1],
  ['1.0', 1],
  ['1e3', 1000],
  ['1E-3', 0.001],
  ['-.5e2', -50],
  ['3e', '3e'],
  ['.5', 0.5],
  ['.', '.'],
  ['.inf', Infinity],
  ['-.Inf', -Infinity],
  ['+.INF', Infinity],
  ['.NaN', NaN],
  ['.nan', NaN],
  ['-.nan', '-.nan'],
  ['12345678901234567890', Number('12345678901234567890')],
  ['~', null],
  ['null', null],
  ['NULL', null],
  ['Null', null],
  ['nUll', 'nUll'],
  ['true', true],
  ['True', true],
  ['TRUE', true],
  ['tRue', 'tRue'],
  ['false', false],
  ['FALSE', false],
  ['yes', 'yes'],
  ['on', 'on'],
  ['1_000', '1_000'],
  ['12:30', '12:30'],
  ['2001-12-14', '2001-12-14'],
  ['0.1.2', '0.1.2'],
  ['10.0.0.1', '10.0.0.1'],
  ['139.159.257.207', '139.159.257.207'],
  ['192.168.27.0/24', '192.168.27.0/24'],
  ['/etc/nginx/nginx.conf', '/etc/nginx/nginx.conf'],
  ['C:\\dubbo\\app.xml', 'C:\\dubbo\\app.xml'],
  ['http://127.0.0.1:8680/health', 'http://127.0.0.1:8680/health'],
  ['a:b', 'a:b'],
  ['a#b', 'a#b'],
  ['-a', '-a'],
  ['-1.5.2', '-1.5.2'],
  ['+', '+'],
  ['a b  c', 'a b  c'],
  ['华东1', '华东1'],
  ['"a: b"', 'a: b'],
  ['"a #b"', 'a #b'],
  ["'it''s'", "it's"],
  ['"x\\ty\\n\\"\\\\"', 'x\ty\n"\\'],
  ['"\\u00e9\\x41"', 'éA'],
  ['""', ''],
  ["''", ''],
  ['"1"', '1'],
  ['"true"', 'true'],
];

test('fast YAML: plain and quoted scalars are typed as the library types them, as keys, values and inside flow collections', () => {
  for (const [src, value] of SCALARS) {
    const asValue = `k: ${src}\n`;
    assert.ok(differential(asValue), asValue);
    const read = readYaml(asValue)!.items[0].value as Scalar;
    assert.ok(Object.is(read.value, value), `${src}: ${String(read.value)} instead of ${String(value)}`);
    for (const text of [
      `${src}: v\n`,
      `k: [${src}]\n`,
      `k: [a, ${src} , b]\n`,
      `k: {a: ${src}}\n`,
      `k: { ${src}: 1 }\n`,
      `k:\n  - ${src}\n`,
      `k:\n- ${src}: v\n`,
      `k: ${src} # c\n`,
    ]) {
      differential(text);
    }
  }
  // Outside the subset in some places, but the library must still agree wherever the fast reader answers.
  for (const src of ['-', '- a', 'a #b', 'a: b', 'a,b', 'a]', 'a}', '#', 'x # c', '?x', ':x', '@a', '`a', '%a', '&a a', '*a', '!t a', '|', '>', '"', "'", '"a', '[a:b]', '{a:b}', '{"a":1}', '{"a": 1}', '[a: 1]', '[-]', '[--]', 'a:', 'a :b', '"\\q"', '"\\x4"', '"\\U0011FFFF"']) {
    for (const text of [`k: ${src}\n`, `${src}: v\n`, `k: [${src}]\n`, `k: {a: ${src}}\n`, `k: {${src}: 1}\n`, `k:\n  - ${src}\n`]) differential(text);
  }
});

test('fast YAML: comments and blank lines end nodes where the library ends them', () => {
  const cases = [
    'a: b # c\nd:\ne:   # x\n  f: 1\n\n  g: [1, 2] # z\n# end\nh:\n  - x\n  - {a: 1}  \n  - k: v\n    l: w\n\n',
    'd: # c\ne:  \nf:\n  # c\n  g: 1\n  # trailing\n# out\nh: 2',
    'a:\n  b:\n    c: 1\n      # deep\n    # at 4\n  # at 2\nd: 2',
    'a:\n  b:\n    c: 1\n  # at 2\n    # at 4\n# at 0\nd: 2',
    'a:\n  b:\n    c:\n  # at 2\n    # at 4\n  e: 1',
    'a:\n  b:\n  - 1\n  # c\n  e: 1',
    'a:\n- k: 1\n  # c\n- k: 2\n  # d\nb: 1',
    'a:\n  - k: 1\n    l:\n    # c\n  - k: 2\n      # d\n',
    'd:\n# c\ne: 1',
    'd:\n  # c\ne: 1',
    'x:\n  d:\n  # c\n\n  # e\ny: 1',
    'k: v\n  # x\n\n\n  # y\n  \n# z\n',
    'a:\n  b: 1\n  # c\n  ',
  ];
  for (const text of cases) {
    assert.ok(differential(text), JSON.stringify(text));
    assert.ok(differential(text.replace(/\n/g, '\r\n')), JSON.stringify(text));
  }
});

// Random documents shaped like topologies.

const POOL = [
  ...SCALARS.map(([s]) => s),
  'a #b', 'a: b', '-', '- a', '[a, [b, c]]', '{ a: [1, 2], b: {c: d} }', '{}', '[]', '[ ]', '{ }', '{"a": 1}', 'a,b', 'a]', '?x', '&a a', '*a', '!t a', '|', '"\\q"', "'a\"b'", 'x # c',
];
const KEYS = ['a', 'b', 'k ', '"q"  ', 'name', 'hosts', 'port', 'lan', '1', 'true', 'null', '~', '.5', '0x10', '"q k"', "'s k'", 'a b', 'k-1', 'x.y', 'a:b', '-k', 'k#1', '"a: b"'];

type Value = { t: 'inline'; text: string } | { t: 'empty' } | Block;
type Block =
  | { t: 'map'; step: number; sameIndentSeq: boolean; entries: { key: string; gap: string; value: Value; comment: string; trivia: string[] }[] }
  | { t: 'seq'; step: number; items: { gap: string; value: Value; comment: string; trivia: string[] }[] };

const word = fc.stringMatching(/^[a-z][a-z0-9.-]{0,6}$/);
const flowText: fc.Arbitrary<string> = fc.letrec<{ flow: string; item: string }>((tie) => ({
  item: fc.oneof({ maxDepth: 2, depthSize: 'small' }, fc.constantFrom(...POOL.slice(0, 40)), word, tie('flow')),
  flow: fc.oneof(
    fc.tuple(fc.array(tie('item'), { maxLength: 3 }), fc.constantFrom(', ', ',', ' , ')).map(([xs, sep]) => `[${xs.join(sep)}]`),
    fc
      .tuple(fc.array(fc.tuple(fc.oneof(fc.constantFrom(...KEYS), word), tie('item')), { maxLength: 3 }), fc.constantFrom(' ', ''))
      .map(([kv, pad]) => `{${pad}${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}${pad}}`),
  ),
})).flow;
const comment = fc.oneof({ weight: 5, arbitrary: fc.constant('') }, fc.constantFrom(' # c', '  #', ' #x: y', '#not a comment', '  '));
const trivia = fc.array(
  fc.oneof(fc.constantFrom('', ' ', '  '), fc.tuple(fc.integer({ min: 0, max: 8 }), fc.constantFrom('# t', '#', '# - x: [')).map(([i, c]) => ' '.repeat(i) + c)),
  { maxLength: 2 },
);
const inline = fc.oneof(
  { weight: 4, arbitrary: fc.oneof(fc.constantFrom(...POOL), word).map((text) => ({ t: 'inline' as const, text })) },
  { weight: 1, arbitrary: flowText.map((text) => ({ t: 'inline' as const, text })) },
);
const tree = fc.letrec<{ value: Value; block: Block; map: Block; seq: Block }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 5, depthSize: 'medium', withCrossShrink: true },
    { weight: 3, arbitrary: inline },
    { weight: 1, arbitrary: fc.constant({ t: 'empty' as const }) },
    { weight: 3, arbitrary: tie('block') },
  ),
  block: fc.oneof({ weight: 2, arbitrary: tie('map') }, { weight: 1, arbitrary: tie('seq') }),
  map: fc.record({
    t: fc.constant('map' as const),
    step: fc.integer({ min: 1, max: 4 }),
    sameIndentSeq: fc.boolean(),
    entries: fc.array(
      fc.record({ key: fc.oneof(fc.constantFrom(...KEYS), word), gap: fc.constantFrom(' ', '  '), value: tie('value'), comment, trivia }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  seq: fc.record({
    t: fc.constant('seq' as const),
    step: fc.integer({ min: 1, max: 4 }),
    items: fc.array(fc.record({ gap: fc.constantFrom(' ', '  '), value: tie('value'), comment, trivia }), { minLength: 1, maxLength: 4 }),
  }),
}));

function render(b: Block, col: number, out: string[], prefix?: string): void {
  if (b.t === 'map') {
    b.entries.forEach((e, i) => {
      const first = i === 0 && prefix !== undefined;
      if (!first) out.push(...e.trivia);
      const head = (first ? prefix : ' '.repeat(col)) + e.key + ':';
      const v = e.value;
      if (v.t === 'inline') out.push(head + e.gap + v.text + e.comment);
      else {
        out.push(head + e.comment);
        if (v.t === 'map') render(v, col + b.step, out);
        else if (v.t === 'seq') render(v, b.sameIndentSeq ? col : col + b.step, out);
      }
    });
  } else {
    for (const it of b.items) {
      out.push(...it.trivia);
      const dash = ' '.repeat(col) + '-';
      const v = it.value;
      if (v.t === 'inline') out.push(dash + it.gap + v.text + it.comment);
      else if (v.t === 'map') render(v, col + 1 + it.gap.length, out, dash + it.gap);
      else {
        out.push(dash + it.comment);
        if (v.t === 'seq') render(v, col + b.step, out);
      }
    }
  }
}

const document = fc
  .record({
    root: fc.oneof({ weight: 9, arbitrary: tree.map }, { weight: 1, arbitrary: tree.seq }),
    before: trivia,
    after: trivia,
    eol: fc.constantFrom('\n', '\n', '\r\n'),
    end: fc.constantFrom('', 'eol', 'eol2', '# end'),
  })
  .map(({ root, before, after, eol, end }) => {
    const out = [...before];
    render(root, 0, out);
    out.push(...after);
    const tail = end === 'eol' ? eol : end === 'eol2' ? eol + eol : end === '# end' ? eol + '# end' : '';
    return out.join(eol) + tail;
  });

const ALPHABET = [':', ': ', '#', ' #', '-', '- ', '[', ']', '{', '}', ',', "'", '"', '\t', '\n', '\r\n', ' ', '  ', '\\', '&', '*', '!', '|', '?', '---\n', '%'];

test('fast YAML: random topology-like documents are skipped or read exactly as the library reads them', () => {
  // The property is not vacuous: a fixed sample of the generator is mostly in the subset.
  const sample = fc.sample(document, { numRuns: 300, seed: 42 });
  const taken = sample.filter((t) => readYaml(t) !== undefined).length;
  assert.ok(taken > 75, `only ${taken} of 300 generated documents take the fast path`);
  fc.assert(
    fc.property(document, (text) => {
      differential(text);
    }),
    params(0.3),
  );
});

test('fast YAML: random edits of topologies are skipped or read exactly as the library reads them', () => {
  const bases = [EXAMPLE, TWO_REGIONS, TOUR, ...fc.sample(document, { numRuns: 20, seed: 7 })];
  fc.assert(
    fc.property(
      fc.constantFrom(...bases),
      fc.array(mutation(ALPHABET), { minLength: 1, maxLength: 6 }),
      (base, ms) => {
        const text = applyMutations(base, ms);
        if (differential(text)) sameTopology(text);
      },
    ),
    params(0.3),
  );
});
