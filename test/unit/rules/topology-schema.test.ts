import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument, type Node } from 'yaml';
import { localizeFor } from '../../../src/core/engine';
import { allRules } from '../../../src/core/rules/catalog';
import { LineIndex } from '../../../src/core/text';
import { validateYaml } from '../../../src/core/topology/schemaCheck';
import { exampleDir, repoRoot } from '../support/context';
import { at, lintFiles, ofRule, TWO_REGIONS, TWO_REGIONS_WITH_DEPLOY } from '../support/lint';
import { applyMutations, mutation, params } from '../robustness/fuzz';
import fc from 'fast-check';
import { topologySchema } from '../../../src/core/topology/parse';

test('topology-schema: unknown key at the key, naming the expected keys', () => {
  const yaml = TWO_REGIONS.replace('    name: 华东1\n', '    name: 华东1\n    colour: red\n');
  const [d, ...rest] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.equal(rest.length, 0);
  assert.equal(at(d), '4:4-4:10');
  assert.match(d.message, /Unknown key "colour" in regions\.east-1; expected one of: name, lan, properties, hosts/);
});

test('topology-schema: wrong type, enum, range, missing field, bad id', () => {
  const yaml = `version: 1
regions:
  East2:
    name: x
services:
  a: { kind: dubbo-consumr, port: 70000 }
  b: { port: "80" }
`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  const msgs = ds.map((d) => `${d.range.start.line}: ${d.message}`);
  assert.deepEqual(msgs, [
    '2: regions.East2: ids must match ^[a-z0-9][a-z0-9-]*$. regions.East2: missing required field "lan".',
    '5: services.a.kind: "dubbo-consumr" is not one of dubbo-provider, dubbo-consumer, dubbo, nginx, zookeeper, http, other.',
    '5: services.a.port: 70000 is above the maximum 65535.',
    '6: services.b: missing required field "kind".',
    '6: services.b.port: expected integer, found string. Write the number without quotes: 80.',
  ]);
});

test('topology-schema: messages in Simplified Chinese with --locale zh-cn', () => {
  const yaml = TWO_REGIONS.replace('    name: 华东1\n', '    name: 华东1\n    colour: red\n');
  const [d] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.equal(d.message, 'regions.east-1 中有未知键 "colour"；可用的键：name、lan、properties、hosts。');
  // The allowed values of a closed list are listed with 、.
  const kind = ofRule(lintFiles({ 'dubbo-topology.yaml': 'version: 1\nservices:\n  a: { kind: dubbo-consumr }\n' }, { locale: 'zh-cn' }), 'topology-schema');
  assert.deepEqual(
    kind.map((x) => x.message).filter((m) => m.startsWith('services.')),
    ['services.a.kind："dubbo-consumr" 不在可选值 dubbo-provider、dubbo-consumer、dubbo、nginx、zookeeper、http、other 中。'],
  );
});

test('topology-schema: the schema still lets every other check run (unknown key ignored)', () => {
  const yaml = TWO_REGIONS.replace('    name: 华东1\n', '    name: 华东1\n    colour: red\n').replace('services: [api]', 'services: [apii]');
  const ds = lintFiles({ 'dubbo-topology.yaml': yaml });
  assert.equal(ofRule(ds, 'unknown-service').length, 1);
});

test('topology-schema: the example and a full deploy block are valid', () => {
  const yaml = TWO_REGIONS.replace(
    'api: { kind: dubbo-consumer, port: 8680 }',
    `api:
    kind: dubbo-consumer
    deploy: { artifact: a.jar, dir: /opt/a, restart: systemctl restart a, health: { tcp: 8680 }, serial: 2, keep: 3 }`,
  );
  assert.deepEqual(ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema'), []);
});

test('topology-schema: deploy.restart accepts a command or { unit }, not both shapes mixed', () => {
  const yaml = TWO_REGIONS.replace(
    'api: { kind: dubbo-consumer, port: 8680 }',
    'api: { kind: dubbo-consumer, deploy: { restart: { unit: a.service, extra: 1 }, order: [east-9] } }',
  );
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => d.message), [
    'Unknown key "extra" in services.api.deploy.restart; expected one of: unit.',
    'Unknown region "east-9" in deploy.order. Did you mean "east-1"?',
  ]);
});

test('topology-schema: a name in rules: that is no rule id, with the closest id as a fix', () => {
  const yaml = `rules:\n  ip-unkown: off\n  no-such-thing: error\n  nginx-syntax: warning\n${TWO_REGIONS}`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    ['1:2-1:11 Unknown name "ip-unkown" in rules. Did you mean "ip-unknown"?', '2:2-2:15 Unknown name "no-such-thing" in rules.'],
  );
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with "ip-unknown"', false, 'ip-unknown']]);
  assert.equal(ds[1].fixes.length, 0);
});

test('topology-schema: the schema names every rule of the catalog in rules:, and nothing else', () => {
  const schema = JSON.parse(readFileSync(join(repoRoot, 'schemas/dubbo-topology.schema.json'), 'utf8'));
  assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), allRules.map((r) => r.id).sort());
});

test('topology-schema: an empty topology file, or one of comments only, says what it must hold', () => {
  for (const text of ['', '# to do\n']) {
    const ds = lintFiles({ 'dubbo-topology.yaml': text });
    assert.deepEqual(
      ds.map((d) => `${d.rule} ${at(d)} ${d.message}`),
      ['topology-schema 0:0-0:' + Math.min(text.length, 1) + ' The topology file must be a mapping with version, regions, services and shares.'],
    );
  }
});

test('topology-schema: a host id used in two regions, once; twice in one region is the duplicate key alone', () => {
  const two = TWO_REGIONS.replace('      api-2:\n', '      api-1:\n');
  assert.deepEqual(
    lintFiles({ 'dubbo-topology.yaml': two })
      .filter((d) => d.rule.startsWith('topology-'))
      .map((d) => `${d.rule} ${d.message}`),
    ['topology-schema Host id "api-1" is already used in region 华东1; host ids are unique across regions.'],
  );
  const one = TWO_REGIONS.replace('      api-2:\n        internal: 172.16.8.101\n', '      api-2:\n        internal: 172.16.8.101\n      api-2:\n        internal: 172.16.8.102\n');
  assert.deepEqual(
    lintFiles({ 'dubbo-topology.yaml': one })
      .filter((d) => d.rule.startsWith('topology-'))
      .map((d) => `${d.rule} ${d.message}`),
    ['topology-syntax Duplicate key "api-2": it is already written on line 15. Remove or rename one of them.'],
  );
});

test('topology-schema: each unknown region of deploy.order at its own item; a region name points to its id', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, deploy: { order: [华东2, east-1, east-3, asia] } }');
  const line = yaml.split('\n').findIndex((l) => l.includes('order: ['));
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  const col = (s: string) => yaml.split('\n')[line].indexOf(s);
  assert.deepEqual(
    ds.map((d) => `${at(d)} ${d.message}`),
    [
      `${line}:${col('华东2')}-${line}:${col('华东2') + 3} Unknown region "华东2" in deploy.order: 华东2 is the name of region east-2, and deploy.order takes region ids.`,
      `${line}:${col('east-3')}-${line}:${col('east-3') + 6} Unknown region "east-3" in deploy.order. Did you mean "east-1"?`,
      `${line}:${col('asia')}-${line}:${col('asia') + 4} Unknown region "asia" in deploy.order.`,
    ],
  );
  assert.deepEqual(ds[0].fixes.map((f) => [f.title, f.edits[0].newText]), [['Replace with "east-2"', 'east-2']]);
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.equal(zh.message, 'deploy.order 中有未知地域 "华东2"：华东2 是地域 east-2 的名称，而 deploy.order 需要填写地域 id。');
});

test('topology-schema: a misspelled key gets the closest key as a did-you-mean and a fix', () => {
  const yaml = TWO_REGIONS.replace('        external: 139.159.250.7\n', '        extrenal: 139.159.250.7\n').replace('version: 1\n', 'version: 1\nshare: {}\n');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), [
    '1:0-1:5 Unknown key "share" in /; expected one of: version, rules, regions, services, shares. Did you mean "shares"?',
    '9:8-9:16 Unknown key "extrenal" in regions.east-1.hosts.api-1; expected one of: internal, external, ssh, properties, services. Did you mean "external"?',
  ]);
  assert.deepEqual(ds[1].fixes.map((f) => [f.title, f.safe, f.edits[0].newText]), [['Replace with "external"', false, 'external']]);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.equal(zh[1].message, 'regions.east-1.hosts.api-1 中有未知键 "extrenal"；可用的键：internal、external、ssh、properties、services。是否应为 "external"？');
});

test('topology-schema: a required key written misspelled is one finding, on the misspelling', () => {
  const yaml = TWO_REGIONS.replace('    lan: [172.16.8.0/24]', '    lans: [172.16.8.0/24]').replace('registry: { kind: zookeeper, port: 2181 }', 'registry: { knid: zookeeper, port: 2181 }');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => `${d.range.start.line} ${d.message.replace(/;.*\./, ';')}`), [
    '12 Unknown key "lans" in regions.east-2; Did you mean "lan"?',
    '20 Unknown key "knid" in services.registry; Did you mean "kind"?',
  ]);
});

test('topology-schema: types named in Chinese with --locale zh-cn; a quoted number says to drop the quotes', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, port: "8680", uses: order, deploy: { env: { A: [1] } } }');
  const en = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema').map((d) => d.message);
  assert.deepEqual(en, [
    'services.api.port: expected integer, found string. Write the number without quotes: 8680.',
    'services.api.uses: expected array, found string.',
    'services.api.deploy.env.A: expected string | number | boolean, found array.',
  ]);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema').map((d) => d.message);
  assert.deepEqual(zh, [
    'services.api.port：应为整数，实际为字符串。请去掉引号，直接写数字：8680。',
    'services.api.uses：应为列表，实际为字符串。',
    'services.api.deploy.env.A：应为字符串 | 数字 | 布尔值，实际为列表。',
  ]);
});

test('topology-schema: a number or boolean where text belongs says to quote it, as written', () => {
  const yaml = `rules: { ip-unknown: false }\n${TWO_REGIONS.replace('    name: 华东1', '    name: 2024.10').replace('services: [api]', 'services: [api, true]')}`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => d.message), [
    'rules.ip-unknown: expected string, found boolean.',
    'regions.east-1.name: expected string, found number. Put it in quotes if it is meant as text: "2024.10".',
    'regions.east-2.hosts.api-2.services[1]: expected string, found boolean. Put it in quotes if it is meant as text: "true".',
  ]);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.equal(zh[1].message, 'regions.east-1.name：应为字符串，实际为数字。如果它是文本，请加上引号："2024.10"。');
});

test('topology-schema: a key the mapping already has is never the did-you-mean', () => {
  const yaml = TWO_REGIONS.replace('api: { kind: dubbo-consumer, port: 8680 }', 'api: { kind: dubbo-consumer, deploy: { health: { http: "http://127.0.0.1/", tcp: 8680 } } }');
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => [d.message, d.fixes.length]), [['Unknown key "tcp" in services.api.deploy.health; expected one of: http, timeout.', 0]]);
});

test('topology-schema: a share path or mount point that is not absolute, on the value', () => {
  const yaml = `${TWO_REGIONS}shares:\n  upload: { server: api-1, path: home/wwwroot/upload, clients: [api-2], mount: "mnt/upload" }\n  logs: { server: api-1, path: /data/logs, clients: [api-2], mount: /data/logs }\n`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), [
    '22:33-22:52 shares.upload.path: expected an absolute path starting with "/", found "home/wwwroot/upload".',
    '22:79-22:91 shares.upload.mount: expected an absolute path starting with "/", found "mnt/upload".',
  ]);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.deepEqual(zh.map((d) => d.message), [
    'shares.upload.path：应为以 "/" 开头的绝对路径，实际为 "home/wwwroot/upload"。',
    'shares.upload.mount：应为以 "/" 开头的绝对路径，实际为 "mnt/upload"。',
  ]);
});

test('topology-schema: a share with an empty clients: list, on the list', () => {
  const yaml = `${TWO_REGIONS}shares:\n  upload: { server: api-1, path: /home/wwwroot/upload, clients: [] }\n`;
  const ds = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.deepEqual(ds.map((d) => `${at(d)} ${d.message}`), ['22:64-22:66 shares.upload.clients: the list is empty; it needs at least one item.']);
  const zh = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.deepEqual(zh.map((d) => d.message), ['shares.upload.clients：列表为空，至少需要一项。']);
  const lan = ofRule(lintFiles({ 'dubbo-topology.yaml': TWO_REGIONS.replace('lan: [172.16.8.0/24]', 'lan: []') }), 'topology-schema');
  assert.deepEqual(lan.map((d) => d.message), ['regions.east-2.lan: the list is empty; it needs at least one item.']);
});

test('topology-schema: pattern applies to strings only, and a pattern with no words of its own is named as written', () => {
  const schema = { type: 'object', additionalProperties: { type: ['string', 'number'], pattern: '^[a-z]+$' } };
  const text = 'a: abc\nb: Abc\nc: 12\n';
  const ds = validateYaml(parseDocument(text).contents as Node, schema, 't.yaml', new LineIndex(text));
  assert.deepEqual(ds.map((d) => `${d.range.start.line} ${localizeFor(d.rule, d.message, 'en')}`), ['1 b: expected text matching ^[a-z]+$, found "Abc".']);
  assert.equal(localizeFor(ds[0].rule, ds[0].message, 'zh-cn'), 'b：应为匹配 ^[a-z]+$ 的文本，实际为 "Abc"。');
});

test('topology-schema: the fields written beside a host instead of under it are listed as the language lists them', () => {
  const yaml = TWO_REGIONS.replace(
    '      api-2:\n        internal: 172.16.8.101\n        external: 139.159.250.207\n        services: [api]\n',
    '      api-2:\n      internal: 172.16.8.101\n      external: 139.159.250.207\n      services: [api]\n',
  );
  const [en] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }), 'topology-schema');
  assert.match(en.message, /^The fields of "api-2" \(internal, external, services\) are not indented under it/);
  const [zh] = ofRule(lintFiles({ 'dubbo-topology.yaml': yaml }, { locale: 'zh-cn' }), 'topology-schema');
  assert.match(zh.message, /^"api-2" 的字段（internal、external、services）没有缩进到它下面/);
});

test('topology-schema: walking only where something is reported finds what walking every node finds', () => {
  // Random edits of whole topologies: keys, values and indentation changed, so that most texts have
  // findings somewhere and the rest of each file is still valid.
  const bases = [TWO_REGIONS, TWO_REGIONS_WITH_DEPLOY, readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8')];
  const alphabet = ['x', ':', ' ', '  ', '\n', '-', '1', '-1', '99999', '"', 'true', 'null', '[]', '{}', 'kind: nginx', 'port: 80', 'extrenal: 1.2.3.4', 'internal: ', 'rules:', 'ip-unknown: warning'];
  let withFindings = 0;
  let runs = 0;
  fc.assert(
    fc.property(fc.constantFrom(...bases), fc.array(mutation(alphabet), { minLength: 1, maxLength: 4 }), (base, ms) => {
      const text = applyMutations(base, ms);
      const root = parseDocument(text, { uniqueKeys: false }).contents as Node | null;
      const idx = new LineIndex(text);
      const fast = validateYaml(root, topologySchema, 'dubbo-topology.yaml', idx);
      const every = validateYaml(root, topologySchema, 'dubbo-topology.yaml', idx, { everyNode: true });
      assert.deepEqual(fast, every);
      runs++;
      if (every.length > 0) withFindings++;
    }),
    params(0.2),
  );
  // The property is not vacuous: a good share of the texts have findings.
  assert.ok(withFindings > runs / 5, `${withFindings} of ${runs} texts with findings`);
});
