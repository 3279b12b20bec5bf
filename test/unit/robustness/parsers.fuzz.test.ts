import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Analyzer } from '../../../src/core/analyzer';
import { dubboAnalyzer } from '../../../src/core/dubbo/analyzer';
import { propertiesAnalyzer } from '../../../src/core/dubbo/propertiesAnalyzer';
import { parseXml } from '../../../src/core/dubbo/xml';
import { createContext, lintWorkspace, report } from '../../../src/core/engine';
import { nginxAnalyzer } from '../../../src/core/nginx/analyzer';
import { parseNginx, printNginx, reparseNginx, type NginxNode } from '../../../src/core/nginx/parser';
import { nginxDump } from '../support/nginxDump';
import { exportsAnalyzer } from '../../../src/core/nfs/analyzer';
import { parseExports } from '../../../src/core/nfs/exports';
import { parseProperties } from '../../../src/core/properties/parse';
import { parseSpringYaml } from '../../../src/core/properties/yaml';
import { dubboConfigOfProperties } from '../../../src/core/dubbo/propertiesConfig';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';
import { topologyRefs } from '../../../src/core/topology/references';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { parseZooConfig } from '../../../src/core/zookeeper/config';
import { zookeeperAnalyzer } from '../../../src/core/zookeeper/analyzer';
import { zkFiles } from '../support/zookeeper';
import { exampleFiles } from '../support/dubbo';
import { memoryWorkspace, repoRoot } from '../support/context';
import { nginxSymbols, topologySymbols, xmlSymbols, type DocumentSymbolEntry } from '../../../src/core/symbols';
import { LineIndex } from '../../../src/core/text';
import type { Range } from '../../../src/core/types';
import { applyMutations, assertAllInside, assertDiagnosticsInside, mutation, params, rangeInside, textFrom } from './fuzz';

// Every parser and analyzer, fed random text and mutations of real files: it never throws, and
// everything it reports (parse errors, node ranges, findings, related places, fix edits) lies
// inside the file. FUZZ_RUNS sets the number of inputs (default 10,000; 1,000 with CI=true);
// FUZZ_SEED replays the seed a failure prints.

const EXAMPLE = exampleFiles();
const NGINX_FILE = 'nginx/nginx.conf';
const XML_FILE = 'order/src/main/resources/applicationContext.xml';
const PROPS_FILE = 'api/src/main/resources/config.properties';
const EXPORTS_FILE = 'nfs/exports';

function fixtures(dir: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (ext.test(e.name)) out.push(readFileSync(join(d, e.name), 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Findings of one analyzer on `text` as `file` of the example, localized, checked against the texts. */
function analyzeInExample(analyzer: Analyzer, file: string, text: string): void {
  analyzeIn(EXAMPLE, analyzer, file, text);
}

/** The same in a workspace of `base` files. */
function analyzeIn(base: Record<string, string>, analyzer: Analyzer, file: string, text: string): void {
  const files = { ...base, [file]: text };
  const ws = memoryWorkspace(files);
  const topology = parseTopology(TOPOLOGY_FILE, files[TOPOLOGY_FILE]).topology;
  const ctx = createContext(ws, topology);
  const findings = analyzer.analyze(file, text, ctx);
  assertDiagnosticsInside(report(findings, ws, topology), (f) => files[f]);
  for (const h of analyzer.hints?.(file, text, ctx, 'en') ?? []) assert.ok(rangeInside({ start: h.position, end: h.position }, new LineIndex(text)), `hint at ${JSON.stringify(h.position)}`);
  // Hover, completion and Go to Definition at a few places never throw either; definitions point
  // inside the file and into files that exist.
  for (const at of [0, Math.floor(text.length / 2), text.length]) {
    const lines = text.slice(0, at).split(/\r\n|\r|\n/);
    const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
    analyzer.hover?.(file, text, position, ctx, 'en');
    analyzer.complete?.(file, text, position, ctx, 'zh-cn');
    for (const r of analyzer.references?.(file, text, position, ctx) ?? []) {
      assert.ok(files[r.file] !== undefined && rangeInside(r.range, new LineIndex(files[r.file])), `reference ${JSON.stringify(r)}`);
    }
    const d = analyzer.definition?.(file, text, position, ctx);
    if (d) {
      assert.ok(rangeInside(d.range, new LineIndex(text)), `definition range ${JSON.stringify(d.range)}`);
      for (const t of d.targets) assert.ok(files[t.file] !== undefined && rangeInside(t.range, new LineIndex(files[t.file])), `target ${JSON.stringify(t)}`);
    }
  }
}

/** An outline as the editor requires it: every range inside the file, selections inside their symbol, children inside their parent. */
function assertOutline(symbols: DocumentSymbolEntry[], text: string, what: string, parent?: DocumentSymbolEntry): void {
  assertAllInside(symbols.map((s) => ({ range: s.range, selectionRange: s.selectionRange })), text, what);
  const lines = new LineIndex(text);
  const within = (inner: Range, outer: Range) => lines.offsetAt(outer.start) <= lines.offsetAt(inner.start) && lines.offsetAt(inner.end) <= lines.offsetAt(outer.end);
  for (const s of symbols) {
    assert.ok(within(s.selectionRange, s.range), `${what}: selection of ${s.name} outside it`);
    if (parent) assert.ok(within(s.range, parent.range), `${what}: ${s.name} outside ${parent.name}`);
    assertOutline(s.children, text, what, s);
  }
}

// ---- nginx -----------------------------------------------------------------------------------

const NGINX_BASES = [EXAMPLE[NGINX_FILE], ...fixtures(join(repoRoot, 'test/fixtures/nginx'), /\.(conf|inc)$/)];
const NGINX_ALPHABET = ['{', '}', ';', '"', "'", '\\', '#', '$', ' ', '\n', '\r\n', '\t', 'server', 'location', 'upstream', 'include', 'proxy_pass', 'http://', '10.0.0.1:80', '${x}', 'é', '华东', 'content_by_lua_block'];

/** Directives, arguments and comments, nested: what printing must keep. */
function shape(nodes: readonly NginxNode[]): unknown[] {
  return nodes.map((n) =>
    n.kind === 'comment' ? ['#', n.text] : [n.name, n.args.map((a) => a.value), n.block ? shape(n.block) : n.rawBody ? ['lua', n.rawBody.text] : ';'],
  );
}

test('nginx parser: any text parses without throwing, ranges inside the file, and accepted configs round-trip', () => {
  fc.assert(
    fc.property(textFrom(NGINX_BASES, NGINX_ALPHABET), (text) => {
      const c = parseNginx('f.conf', text);
      assertAllInside({ nodes: c.nodes, errors: c.errors }, text, 'parseNginx');
      assertOutline(nginxSymbols(c.nodes), text, 'nginxSymbols');
      if (c.errors.length > 0) return;
      const printed = printNginx(c.nodes);
      const again = parseNginx('f.conf', printed);
      assert.deepEqual(again.errors, [], `printed config does not parse:\n${printed}`);
      assert.deepEqual(shape(again.nodes), shape(c.nodes));
    }),
    params(),
  );
});

test('nginx re-parse: after each of a run of edits, what it gives is what a whole parse gives', () => {
  let inPart = 0;
  let steps = 0;
  fc.assert(
    fc.property(fc.constantFrom(...NGINX_BASES), fc.array(mutation([...NGINX_ALPHABET, 'x', '1', '8']), { minLength: 1, maxLength: 8 }), (base, ms) => {
      let prev = parseNginx('f.conf', base);
      let text = base;
      for (const m of ms) {
        text = applyMutations(text, [m]);
        const whole = parseNginx('f.conf', text);
        const again = reparseNginx(prev, text);
        steps++;
        if (again) {
          inPart++;
          assert.deepEqual(nginxDump(again), nginxDump(whole));
        }
        prev = again ?? whole;
      }
    }),
    params(0.2),
  );
  // Most edits of a valid file land inside a block; many break the syntax and are parsed whole.
  assert.ok(inPart > steps / 10, `re-parsed in part ${inPart} of ${steps} times`);
});

test('nginx analyzer: findings, hovers and completion on any text, inside the file', () => {
  fc.assert(
    fc.property(textFrom(NGINX_BASES, NGINX_ALPHABET), (text) => analyzeInExample(nginxAnalyzer, NGINX_FILE, text)),
    params(0.2),
  );
});

// ---- Dubbo XML -------------------------------------------------------------------------------

const XML_BASES = [EXAMPLE[XML_FILE], EXAMPLE['api/src/main/resources/applicationContext.xml']];
const XML_ALPHABET = ['<', '>', '/', '"', "'", '=', ' ', '\n', '\r\n', 'dubbo:', 'registry', 'address', '${zookeeper.host}', '${a:b}', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#x41;', '&', '<?xml ?>', 'xmlns:dubbo="http://dubbo.apache.org/schema/dubbo"', '华东', '\u0000', '$', '{', '&#36;'];

test('Dubbo XML parser: any text parses without throwing, with every offset inside the file', () => {
  fc.assert(
    fc.property(textFrom(XML_BASES, XML_ALPHABET), (text) => {
      const doc = parseXml(text);
      assertAllInside({ elements: doc.elements.map((e) => ({ ...e, parent: undefined, children: undefined })), error: doc.error }, text, 'parseXml');
      // In a well-formed document every element's start tag lies inside the element.
      if (!doc.error) for (const e of doc.elements) assert.ok(e.start <= e.tagEnd && (e.end === undefined || e.tagEnd <= e.end), JSON.stringify(e.name));
      // The placeholder flag is read with the value: it says what the decoded value says.
      for (const e of doc.elements) for (const a of e.attrs) assert.equal(a.placeholder, a.value.includes('${'), JSON.stringify(a.raw));
      const withPlaceholder = doc.elements.flatMap((el) => el.attrs.filter((a) => a.placeholder).map((a) => ({ el, a })));
      assert.ok(doc.placeholders.length === withPlaceholder.length && doc.placeholders.every((p, i) => p.el === withPlaceholder[i].el && p.a === withPlaceholder[i].a), 'placeholders');
      assertOutline(xmlSymbols(doc), text, 'xmlSymbols');
    }),
    params(),
  );
});

test('Dubbo XML analyzer: findings, hovers and completion on any text, inside the files', () => {
  fc.assert(
    fc.property(textFrom(XML_BASES, XML_ALPHABET), (text) => analyzeInExample(dubboAnalyzer, XML_FILE, text)),
    params(0.2),
  );
});

// ---- properties ------------------------------------------------------------------------------

const PROPS_BASES = [EXAMPLE[PROPS_FILE], EXAMPLE['order/src/main/resources/config.properties'], 'a=1\nb : 2\\\n  continued\n! bang\nc\\u0041=\\u4e2d\n'];
const PROPS_ALPHABET = ['=', ':', ' ', '\t', '\\', '\n', '\r\n', '\r', '#', '!', 'zookeeper.host', 'zookeeper://10.0.0.1:2181', '${x}', '\\u00e9', '\\u12', 'é', '\f'];

test('properties parser: any text parses without throwing, with every range inside the file', () => {
  fc.assert(
    fc.property(textFrom(PROPS_BASES, PROPS_ALPHABET), (text) => {
      const p = parseProperties(text);
      assertAllInside(p.entries, text, 'parseProperties');
      for (const e of p.entries) assert.equal(p.byKey.has(e.key), true);
    }),
    params(),
  );
});

test('properties analyzer: findings, hovers and completion on any text, inside the files', () => {
  fc.assert(
    fc.property(textFrom(PROPS_BASES, PROPS_ALPHABET), (text) => analyzeInExample(propertiesAnalyzer, PROPS_FILE, text)),
    params(0.2),
  );
});

// ---- Spring Boot: dubbo.* keys in properties and application.yml -----------------------------

const BOOT_TOPOLOGY = `version: 1
regions:
  east-1:
    name: 华东1
    lan: [192.168.27.0/24]
    hosts:
      app-1: { internal: 192.168.27.102, external: 139.159.250.8, services: [svc, registry] }
  east-2:
    name: 华东2
    lan: [172.16.8.0/24]
    hosts:
      app-2: { internal: 172.16.8.102, external: 139.159.250.208, services: [svc, web] }
services:
  svc: { kind: dubbo-provider, port: 20880, properties: [svc.properties] }
  web: { kind: dubbo-consumer, port: 8080, config: [web.yml] }
  registry: { kind: zookeeper, port: 2181 }
`;
const BOOT_PROPS = [
  'dubbo.application.name=svc\ndubbo.registry.address=zookeeper://192.168.27.102:2181\ndubbo.protocol.port=-1\ndubbo.provider.timeout=6s\ndubbo.consumer.check=false\ndubbo.registries.east.address=${zk}\n',
];
const BOOT_YAML = [
  'dubbo:\n  registry:\n    address: "zookeeper://192.168.27.102:2181"\n  protocol: { name: dubbo, port: -1 }\n  consumer:\n    check: false\n  registries:\n    east:\n      address: ${zk}\n---\nspring.profiles: x\n',
  'dubbo:\n  registry:\n    address: >-\n      zookeeper://192.168.27.102:2181|\n      zookeeper://139.159.250.7:2181\n  protocol:\n    host: |\n      192.168.27.102\n    name: dubbo\n      folded\n',
];
const BOOT_ALPHABET = ['dubbo.', 'protocol', 'registries.', 'port', '=', ': ', '\n', '\r\n', '  ', '-', '- ', '{', '}', '[', ']', '"', "'", '#', '---\n', '${zk}', '\\', 'é', '.', 'configCenter', 'qos-enable', '>-\n', '|\n', '|+\n', '>\n'];

test('Spring Boot YAML reader: any text reads without throwing, with every range and key part inside the file', () => {
  fc.assert(
    fc.property(textFrom(BOOT_YAML, BOOT_ALPHABET), (text) => {
      const p = parseSpringYaml(text);
      assertAllInside(p.entries, text, 'parseSpringYaml');
    }),
    params(0.5),
  );
});

test('dubbo.* keys as elements: on any properties or YAML text, every name and value offset is inside the file and reads as written', () => {
  fc.assert(
    fc.property(fc.boolean(), textFrom([...BOOT_PROPS, ...BOOT_YAML], BOOT_ALPHABET), (yaml, text) => {
      const { doc } = dubboConfigOfProperties(text, yaml ? parseSpringYaml(text) : parseProperties(text), yaml ? 'yaml' : 'properties');
      for (const el of doc.elements) {
        assert.ok(el.nameStart <= el.nameEnd && el.nameEnd <= text.length, 'element name inside');
        for (const a of el.attrs) {
          if (a.valueMap) {
            // Continuation lines, escapes, block scalars: each character at its place (an escape at
            // its backslash; a folded line break, or a block's last one, at the break or the end).
            assert.equal(a.valueMap.length, a.value.length + 1);
            for (let k = 0; k < a.value.length; k++) {
              assert.ok(a.valueMap[k] >= a.valueStart && a.valueMap[k] <= text.length && (k === 0 || a.valueMap[k] > a.valueMap[k - 1]), 'in order, in the file');
              if (!/\s/.test(a.value[k])) assert.ok(text[a.valueMap[k]] === a.value[k] || text[a.valueMap[k]] === '\\', 'reads as written');
            }
          } else assert.equal(text.slice(a.valueStart, a.valueEnd), a.value);
          assert.ok(a.nameStart <= a.nameEnd && a.nameEnd <= text.length, 'attribute name inside');
        }
      }
    }),
    params(0.5),
  );
});

test('Spring Boot configs: Dubbo findings, fixes, hovers and completion on any properties or YAML text, inside the files', () => {
  const base = { 'dubbo-topology.yaml': BOOT_TOPOLOGY, 'svc.properties': BOOT_PROPS[0], 'web.yml': BOOT_YAML[0] };
  fc.assert(
    fc.property(fc.boolean(), textFrom([...BOOT_PROPS, ...BOOT_YAML], BOOT_ALPHABET), (yaml, text) => {
      analyzeIn(base, propertiesAnalyzer, yaml ? 'web.yml' : 'svc.properties', text);
    }),
    params(0.1),
  );
});

// ---- exports ---------------------------------------------------------------------------------

const EXPORTS_BASES = [EXAMPLE[EXPORTS_FILE], '/srv 10.0.0.0/8(rw,sync) *(ro)\n"/with space" -ro host(rw)\\\n  @group(no_root_squash)\n'];
const EXPORTS_ALPHABET = ['/', ' ', '\t', '\n', '\\\n', '"', '(', ')', ',', '=', '*', '@', '#', 'rw', 'no_root_squash', 'sec=krb5p', '10.0.0.0/8', '192.168.27.102', '\\040', 'é'];

test('exports parser: any text parses without throwing, with every range inside the file', () => {
  fc.assert(
    fc.property(textFrom(EXPORTS_BASES, EXPORTS_ALPHABET), (text) => assertAllInside(parseExports(text), text, 'parseExports')),
    params(),
  );
});

test('exports analyzer: findings, hovers and completion on any text, inside the files', () => {
  fc.assert(
    fc.property(textFrom(EXPORTS_BASES, EXPORTS_ALPHABET), (text) => analyzeInExample(exportsAnalyzer, EXPORTS_FILE, text)),
    params(0.2),
  );
});

// ---- zoo.cfg ---------------------------------------------------------------------------------

const ZK_FILE = 'zk/zoo.cfg';
const ZK_BASE = zkFiles(['zk-1', 'app-2'], ['192.168.27.101', '139.159.250.208']);
const ZK_BASES = [ZK_BASE[ZK_FILE], 'server.1=[fd00::1]:2888:3888:observer;0.0.0.0:2181\nserver.2=10.0.0.2:2888:3888|10.1.0.2:2889:3889\nquorumListenOnAllIPs=false\n'];
const ZK_ALPHABET = ['server.', '1', '=', ':', ';', '|', '[', ']', '\\', '\n', '\r\n', ' ', '#', '2888', 'observer', 'participant', '139.159.250.7', '172.16.8.102', '999.1.1.1', 'quorumListenOnAllIPs=true', 'é'];

test('zoo.cfg reader: any text reads without throwing, with every range inside the file and addresses where they are written', () => {
  fc.assert(
    fc.property(textFrom(ZK_BASES, ZK_ALPHABET), (text) => {
      const c = parseZooConfig(text);
      assertAllInside(c, text, 'parseZooConfig');
      // A mapped address is written there as read (a fix replaces exactly it).
      const idx = new LineIndex(text);
      for (const a of c.servers.flatMap((sv) => sv.addresses)) {
        if (a.range) assert.equal(text.slice(idx.offsetAt(a.range.start), idx.offsetAt(a.range.end)), a.host);
      }
    }),
    params(),
  );
});

test('zoo.cfg analyzer: findings, fixes and hovers on any text, inside the files', () => {
  fc.assert(
    fc.property(textFrom(ZK_BASES, ZK_ALPHABET), (text) => analyzeIn(ZK_BASE, zookeeperAnalyzer, ZK_FILE, text)),
    params(0.2),
  );
});

// ---- topology YAML ---------------------------------------------------------------------------

const TOPO_BASES = [EXAMPLE[TOPOLOGY_FILE]];
const TOPO_ALPHABET = [':', ' ', '  ', '\n', '- ', '[', ']', '{', '}', ',', '#', '"', "'", '&a', '*a', '!!str', '|', '>', 'hosts', 'services', 'internal', '10.0.0.1', '999.1.1.1', 'regions', 'lan', '10.0.0.0/33', '华东', '\t', '---'];

test('topology parser: any text parses without throwing, with every range of the model inside the file', () => {
  fc.assert(
    fc.property(textFrom(TOPO_BASES, TOPO_ALPHABET), (text) => {
      const parsed = parseTopology(TOPOLOGY_FILE, text);
      assertAllInside(parsed.topology, text, 'parseTopology');
      assertOutline(topologySymbols(parsed.topology), text, 'topologySymbols');
      assertAllInside(topologyRefs(parsed.topology), text, 'topologyRefs');
      assertDiagnosticsInside(report(parsed.findings, memoryWorkspace({ [TOPOLOGY_FILE]: text }), parsed.topology), () => text);
    }),
    params(),
  );
});

test('whole lint with a mutated topology: every diagnostic of every analyzer lies inside its file', () => {
  fc.assert(
    fc.property(textFrom(TOPO_BASES, TOPO_ALPHABET), (text) => {
      const files: Record<string, string> = { ...EXAMPLE, [TOPOLOGY_FILE]: text };
      const r = lintWorkspace(memoryWorkspace(files), { analyzers: defaultAnalyzers, onAnalyzerError: (a, f, e) => assert.fail(`${a} threw on ${f}: ${String(e)}`) });
      assert.ok(r);
      assertDiagnosticsInside(r.diagnostics, (f) => files[f]);
    }),
    params(0.05),
  );
});
