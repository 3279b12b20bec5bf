import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../../src/core/fixes';
import { parseTopology } from '../../../src/core/topology/parse';
import { topologySymbols } from '../../../src/core/symbols';
import { renameId, sameRefs, topologyFileLinks, topologyOutline, topologyRefAt, topologyRefs } from '../../../src/core/topology/references';
import { exampleDir } from '../support/context';

const TEXT = readFileSync(join(exampleDir, 'dubbo-topology.yaml'), 'utf8');
const topology = parseTopology('dubbo-topology.yaml', TEXT).topology;
const refs = topologyRefs(topology);
const lines = TEXT.split('\n');
/** `line:text` (1-based) of each place, the text as written there. */
const where = (refs: { range: { start: { line: number; character: number }; end: { character: number } }; definition?: boolean }[]) =>
  refs.map((r) => `${r.range.start.line + 1}:${lines[r.range.start.line].slice(r.range.start.character, r.range.end.character)}${r.definition ? ' def' : ''}`);

test('sameRefs: a service named by hosts and by registry:, a host named by a share', () => {
  assert.deepEqual(where(sameRefs(refs, { kind: 'service', id: 'registry' })), ['56:registry def', '13:registry', '47:registry', '53:registry']);
  assert.deepEqual(where(sameRefs(refs, { kind: 'service', id: 'order' })), ['44:order def', '18:order', '32:order']);
  assert.deepEqual(where(sameRefs(refs, { kind: 'host', id: 'api-1' })), ['9:api-1 def', '61:api-1']);
  assert.deepEqual(where(sameRefs(refs, { kind: 'host', id: 'api-2' })), ['23:api-2 def', '63:api-2']);
});

test('topologyRefAt: a key or a reference under the cursor; anything else is nothing', () => {
  const at = (needle: string, nth = 0, delta = 1) => {
    let line = -1;
    for (let k = 0; k <= nth; k++) line = lines.findIndex((l, i) => i > line && l.includes(needle));
    return { line, character: lines[line].indexOf(needle) + delta };
  };
  assert.deepEqual(topologyRefAt(refs, at('registry: registry', 0, 12)), { kind: 'service', id: 'registry', range: topology.serviceById.get('order')!.registry!.range, definition: false });
  assert.equal(topologyRefAt(refs, at('  order:')), undefined, 'the indentation is not the key');
  assert.equal(topologyRefAt(refs, at('  order:', 0, 3))?.definition, true);
  assert.equal(topologyRefAt(refs, at('clients: [api-2]', 0, 11))?.id, 'api-2');
  assert.equal(topologyRefAt(refs, at('kind: nginx', 0, 8)), undefined);
});

test('renameId: every place changes, the topology still holds together', () => {
  const change = renameId(refs, { kind: 'service', id: 'registry' }, ' zk ');
  assert.ok(change.ok);
  const { text } = applyEdits(TEXT, change.edits.map((e) => ({ file: 'dubbo-topology.yaml', ...e })));
  const parsed = parseTopology('dubbo-topology.yaml', text);
  assert.equal(parsed.topology.serviceById.has('registry'), false);
  assert.deepEqual(parsed.topology.hostById.get('api-1')!.services.map((s) => s.value), ['gateway', 'api', 'zk']);
  assert.equal(parsed.topology.serviceById.get('order')!.registry!.value, 'zk');
  assert.deepEqual(parsed.findings.filter((f) => f.rule !== 'nfs-no-root-squash' && f.rule !== 'dubbo-registry-single-region'), []);
  const host = renameId(refs, { kind: 'host', id: 'api-2' }, 'api-dr');
  assert.ok(host.ok);
  const moved = parseTopology('dubbo-topology.yaml', applyEdits(TEXT, host.edits.map((e) => ({ file: 'dubbo-topology.yaml', ...e }))).text).topology;
  assert.deepEqual(moved.shareById.get('upload')!.clients.map((c) => c.value), ['api-dr']);
});

test('renameId: refuses what would not hold together', () => {
  assert.deepEqual(renameId(refs, { kind: 'service', id: 'order' }, 'driver'), { ok: false, reason: 'taken' });
  assert.deepEqual(renameId(refs, { kind: 'host', id: 'api-1' }, 'app-1'), { ok: false, reason: 'taken' });
  assert.deepEqual(renameId(refs, { kind: 'service', id: 'order' }, 'order service'), { ok: false, reason: 'invalid' });
  assert.deepEqual(renameId(refs, { kind: 'service', id: 'order' }, '#order'), { ok: false, reason: 'invalid' });
  assert.deepEqual(renameId(refs, { kind: 'service', id: 'order' }, 'order'), { ok: false, reason: 'same' });
  assert.deepEqual(renameId(refs, { kind: 'service', id: 'nope' }, 'other'), { ok: false, reason: 'undefined' });
  // A host may take a service's name: they are different kinds of id.
  assert.equal(renameId(refs, { kind: 'host', id: 'api-1' }, 'order').ok, true);
});

test('topologyFileLinks: every config, properties and exports file the topology names, where it names it', () => {
  const links = topologyFileLinks(topology);
  assert.deepEqual(
    links.map((l) => `${l.range.start.line + 1}:${lines[l.range.start.line].slice(l.range.start.character, l.range.end.character)}`),
    [
      '37:nginx/nginx.conf',
      '42:api/src/main/resources/applicationContext.xml',
      '43:api/src/main/resources/config.properties',
      '48:order/src/main/resources/applicationContext.xml',
      '49:order/src/main/resources/config.properties',
      '54:driver/src/main/resources/applicationContext.xml',
      '55:driver/src/main/resources/config.properties',
      '67:nfs/exports',
    ],
  );
  assert.ok(links.every((l) => lines[l.range.start.line].slice(l.range.start.character, l.range.end.character) === l.file));
});

test('topologyOutline: the outline, links and ids as plain data, the same after a structured copy', () => {
  const outline = topologyOutline(topology);
  assert.deepEqual(outline.symbols, topologySymbols(topology));
  assert.deepEqual(outline.links, topologyFileLinks(topology));
  assert.deepEqual(outline.refs, refs);
  // What the lint worker sends crosses the thread boundary as a structured copy.
  const copied = structuredClone(outline);
  assert.deepEqual(copied, outline);
  assert.deepEqual(renameId(copied.refs, { kind: 'host', id: 'api-2' }, 'api-dr'), renameId(refs, { kind: 'host', id: 'api-2' }, 'api-dr'));
  assert.deepEqual(renameId(copied.refs, { kind: 'host', id: 'api-1' }, 'api-2'), { ok: false, reason: 'taken' });
});
