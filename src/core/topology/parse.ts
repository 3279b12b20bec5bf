import { posix } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import schemaJson from '../../../schemas/dubbo-topology.schema.json';
import { parseCidr, parseIp } from '../ip';
import { nameList } from '../l10n';
import { LineIndex } from '../text';
import type { Finding, MessageRef, Range, SeveritySetting, TextEdit } from '../types';
import {
  emptyTopology,
  type Address,
  type DeploySpec,
  type FieldRanges,
  type HealthCheck,
  type Host,
  type Located,
  type Property,
  type Region,
  type Service,
  type ServiceKind,
  type Share,
  type SshSpec,
  type Topology,
} from './model';
import { expandMergeKeys, resolveAliases } from './aliases';
import { fastParseYaml, YAML_OPTIONS } from './fastYaml';
import { readTabIndented } from './tabs';
import { explainSlips } from './typingSlips';
import { validateYaml, type JsonSchema } from './schemaCheck';
import { describeYamlError } from './yamlErrors';
import { linedUpKeys } from './linedUp';
import { readUnindented, type EntryKinds, type Unindented } from './unindented';

export const TOPOLOGY_FILE = 'dubbo-topology.yaml';
export const topologySchema = schemaJson as unknown as JsonSchema;

export interface ParsedTopology {
  topology: Topology;
  /** `topology-syntax` and `topology-schema` findings. Semantic rules run in topology/analyzer.ts. */
  findings: Finding[];
}

export interface TopologyParseOptions {
  /** `false`: parse with the `yaml` library even when the fast reader accepts the text (tests compare both). */
  fastYaml?: boolean;
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);
const DEFINITIONS = (schemaJson as unknown as { definitions: Record<keyof EntryKinds, { properties: object; required: string[] }> }).definitions;
const kindOf = (k: keyof EntryKinds) => ({ fields: new Set(Object.keys(DEFINITIONS[k].properties)), required: DEFINITIONS[k].required[0] });
const ENTRY_KINDS: EntryKinds = { region: kindOf('region'), host: kindOf('host'), service: kindOf('service'), share: kindOf('share') };
const HOST_FIELDS = ENTRY_KINDS.host.fields;
const KINDS = new Set(['dubbo-provider', 'dubbo-consumer', 'dubbo', 'nginx', 'zookeeper', 'http', 'other']);

/** A syntax error before it is a finding: the library's (its code and English text), or one named here. */
interface SyntaxProblem {
  pos: [number, number];
  code?: string;
  message: string | MessageRef;
}

/**
 * Parses the topology file into the model. Never throws: YAML errors become `topology-syntax`
 * findings, schema violations `topology-schema` findings, and the model holds whatever could be read
 * (unknown keys ignored), so every other check still runs on a topology with errors.
 */
export function parseTopology(file: string, text: string, options: TopologyParseOptions = {}): ParsedTopology {
  const idx = new LineIndex(text);
  const findings: Finding[] = [];
  const topology = emptyTopology(file);
  // The `yaml` library is the parser of record. A topology written in the plain YAML subset that
  // fastYaml.ts reads is read there in one pass, into the library's own node classes with the same
  // values and ranges (its tests compare the two on examples and random documents); any other text,
  // including every text with a syntax error, is parsed by the library as before.
  // Duplicate keys are found below in one pass: the library's own check compares each key with every
  // earlier key of its mapping, quadratic in a topology's large `services:` and `hosts:` mappings.
  const fast = options.fastYaml === false ? undefined : fastParseYaml(text);
  let root: Node | null;
  const errors: SyntaxProblem[] = [];
  if (fast) {
    root = fast;
  } else {
    let doc: Document = parseDocument(text, YAML_OPTIONS);
    const tabs = doc.errors.some((e) => e.code === 'TAB_AS_INDENT')
      ? readTabIndented(text, (d) => validateYaml(d.contents as Node | null, topologySchema, file, idx).length)
      : undefined;
    if (tabs) {
      doc = tabs.doc;
      errors.push(...tabs.errors);
      for (const l of tabs.lines) {
        const range = idx.rangeOf(l.start, l.end);
        findings.push({
          rule: 'topology-syntax',
          file,
          range,
          message: { id: 'tabIndent', data: { width: tabs.width } },
          fixes: [{ title: { id: 'tabFix', data: {} }, safe: false, edits: [{ file, range, newText: l.spaces }] }],
        });
      }
    } else errors.push(...doc.errors);
    root = doc.contents as Node | null;
    // Repeated keys are looked for in the tree as written, before aliases make nodes shared.
    errors.push(...duplicateKeys(root, idx));
    if (text.includes('*')) errors.push(...resolveAliases(doc, root));
  }
  if (fast) errors.push(...duplicateKeys(root, idx));
  if (text.includes('<<')) expandMergeKeys(root, text);
  errors.sort((x, y) => x.pos[0] - y.pos[0]);
  const indented = overIndentedKeys(text, errors);
  const linedUp = linedUpKeys(text, indented.errors);
  // Keys the parser hung on a mapping further out than the one they are written in are read under the
  // key they are written under; any other is no part of the model, and the schema findings there judge
  // what the parser made of it.
  const unread = linedUp.strays.length > 0 ? readUnderOwners(root, linedUp.strays) : [];
  const unreadKeys = new Set(unread.map((u) => u.key));
  for (const e of linedUp.errors) {
    const described = typeof e.message === 'string' ? describeYamlError(e.code, e.message) : undefined;
    const opened = described?.closing ? openingOf(text, described.closing, e.pos[0]) : undefined;
    const [a, b] = opened ?? e.pos;
    findings.push({
      rule: 'topology-syntax',
      file,
      range: idx.rangeOf(a, Math.max(b, a + 1)),
      message: described ? { id: 'yaml', data: { detail: described.detail } } : (e.message as MessageRef),
    });
  }
  if (findings.length > 0 && !isMap(root)) return { topology, findings };
  if (!isMap(root)) {
    findings.push({
      rule: 'topology-schema',
      file,
      range: idx.rangeOf(0, Math.min(text.length, 1)),
      message: { id: 'notMapping', data: {} },
    });
    return { topology, findings };
  }
  // Fields written at the indentation of the region, host, service or share above them are read under it, and reported once.
  const unindented = readUnindented(root, ENTRY_KINDS, (o) => idx.positionAt(o).character);
  findings.push(...validateYaml(root, topologySchema, file, idx));
  if (findings.length > 0) {
    const misread = indented.valueLines.map((o) => idx.positionAt(o).line);
    for (const u of unread) for (let l = u.lines[0]; l < u.lines[1]; l++) misread.push(l);
    findings.splice(0, findings.length, ...explainSlips(text, idx, file, findings, misread));
  }
  for (const u of unindented) findings.push(unindentedFinding(u));

  const r = (n: Node | null | undefined): Range =>
    n?.range ? idx.rangeOf(n.range[0], n.range[1]) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const fieldsOf = (m: YAMLMap): FieldRanges => {
    const f: FieldRanges = {};
    for (const p of m.items as Pair<Node, Node>[]) {
      if (isScalar(p.key)) f[String(p.key.value)] = { key: r(p.key), value: r(p.value ?? p.key) };
    }
    return f;
  };
  const entries = (n: Node | null | undefined): { key: string; keyNode: Node; value: Node | null }[] =>
    isMap(n)
      ? (n.items as Pair<Node, Node | null>[])
          .filter((p) => isScalar(p.key) && !(unreadKeys.size > 0 && p.key.range && unreadKeys.has(p.key.range[0])))
          .map((p) => ({ key: String((p.key as { value: unknown }).value), keyNode: p.key, value: p.value }))
      : [];
  const get = (m: Node | null | undefined, key: string): Node | null | undefined =>
    isMap(m) ? (m.get(key, true) as Node | null | undefined) : undefined;
  const str = (n: Node | null | undefined): Located<string> | undefined =>
    isScalar(n) && n.value !== null && typeof n.value !== 'object' ? { value: String(n.value), range: r(n) } : undefined;
  const num = (n: Node | null | undefined): Located<number> | undefined =>
    isScalar(n) && typeof n.value === 'number' ? { value: n.value, range: r(n) } : undefined;
  // A placeholder or environment value is text: `1.10` is "1.10", not the number 1.1 YAML reads in it.
  const written = (n: Node | null | undefined): Located<string> | undefined =>
    isScalar(n) && typeof n.value !== 'string' && n.range ? (n.value === null || typeof n.value === 'object' ? undefined : { value: text.slice(n.range[0], n.range[1]), range: r(n) }) : str(n);
  const strList = (n: Node | null | undefined): Located<string>[] =>
    isSeq(n) ? (n.items as Node[]).map(str).filter((x): x is Located<string> => x !== undefined) : [];
  const addr = (n: Node | null | undefined): Address | undefined => {
    const s = str(n);
    return s ? { text: s.value, ip: parseIp(s.value), range: s.range } : undefined;
  };
  const props = (n: Node | null | undefined): Map<string, Property> => {
    const m = new Map<string, Property>();
    for (const e of entries(n)) {
      const v = written(e.value);
      if (v) m.set(e.key, { key: e.key, value: v.value, keyRange: r(e.keyNode), range: v.range });
    }
    return m;
  };

  const version = num(get(root, 'version'));
  topology.version = version?.value;

  for (const e of entries(get(root, 'rules'))) {
    const v = str(e.value);
    if (v && SEVERITIES.has(v.value)) topology.rules.set(e.key, { setting: v.value as SeveritySetting, range: v.range });
  }

  for (const re of entries(get(root, 'regions'))) {
    const rn = re.value;
    const region: Region = {
      id: re.key,
      name: str(get(rn, 'name'))?.value ?? re.key,
      lan: strList(get(rn, 'lan')).map((l) => ({ text: l.value, cidr: parseCidr(l.value), range: l.range })),
      properties: props(get(rn, 'properties')),
      hosts: [],
      keyRange: r(re.keyNode),
      range: r(rn ?? re.keyNode),
      fields: isMap(rn) ? fieldsOf(rn) : {},
    };
    topology.regions.push(region);
    topology.regionById.set(region.id, region);
    for (const he of entries(get(rn, 'hosts'))) {
      const hn = he.value;
      // Not a host: a value that is text or a list, or a host's field that lost its indentation (`ssh:` under
      // `hosts:`). A host with nothing under it yet is one: shares and deploy orders may name it.
      const empty = hn === null || (isScalar(hn) && hn.value === null);
      if (!empty && (!isMap(hn) || (HOST_FIELDS.has(he.key) && !hn.has('internal')))) continue;
      const sshNode = get(hn, 'ssh');
      const ssh: SshSpec | undefined = isMap(sshNode)
        ? {
            host: str(get(sshNode, 'host')),
            port: num(get(sshNode, 'port')),
            user: str(get(sshNode, 'user')),
            via: str(get(sshNode, 'via')),
            identityFile: str(get(sshNode, 'identityFile')),
            range: r(sshNode),
          }
        : undefined;
      const host: Host = {
        id: he.key,
        region,
        internal: addr(get(hn, 'internal')),
        external: addr(get(hn, 'external')),
        ssh,
        properties: props(get(hn, 'properties')),
        services: strList(get(hn, 'services')),
        keyRange: r(he.keyNode),
        range: r(hn ?? he.keyNode),
        fields: isMap(hn) ? fieldsOf(hn) : {},
      };
      region.hosts.push(host);
      topology.hosts.push(host);
      if (!topology.hostById.has(host.id)) topology.hostById.set(host.id, host);
    }
  }

  for (const se of entries(get(root, 'services'))) {
    const sn = se.value;
    const kind = str(get(sn, 'kind'))?.value;
    const portsNode = get(sn, 'ports');
    const ports: Record<string, number> = {};
    for (const pe of entries(portsNode)) {
      const p = num(pe.value);
      if (p) ports[pe.key] = p.value;
    }
    const registerAs = str(get(sn, 'registerAs'))?.value;
    const service: Service = {
      id: se.key,
      kind: (kind && KINDS.has(kind) ? kind : 'other') as ServiceKind,
      port: num(get(sn, 'port'))?.value,
      ports,
      config: strList(get(sn, 'config')).map(normalizePath),
      properties: strList(get(sn, 'properties')).map(normalizePath),
      uses: isSeq(get(sn, 'uses')) ? strList(get(sn, 'uses')) : undefined,
      registerAs: registerAs === 'external' ? 'external' : 'internal',
      registry: str(get(sn, 'registry')),
      prefix: str(get(sn, 'prefix'))?.value,
      deploy: deployOf(get(sn, 'deploy')),
      hosts: [],
      keyRange: r(se.keyNode),
      range: r(sn ?? se.keyNode),
      fields: isMap(sn) ? fieldsOf(sn) : {},
    };
    topology.services.push(service);
    if (!topology.serviceById.has(service.id)) topology.serviceById.set(service.id, service);
  }
  for (const h of topology.hosts) {
    for (const s of h.services) {
      const svc = topology.serviceById.get(s.value);
      if (svc && !svc.hosts.includes(h)) svc.hosts.push(h);
    }
  }

  for (const she of entries(get(root, 'shares'))) {
    const sn = she.value;
    const share: Share = {
      id: she.key,
      server: str(get(sn, 'server')),
      path: str(get(sn, 'path'))?.value,
      clients: strList(get(sn, 'clients')),
      mount: str(get(sn, 'mount'))?.value,
      options: strList(get(sn, 'options')).map((o) => o.value),
      mountOptions: strList(get(sn, 'mountOptions')).map((o) => o.value),
      exportsFile: (() => {
        const f = str(get(sn, 'exportsFile'));
        return f ? normalizePath(f) : undefined;
      })(),
      keyRange: r(she.keyNode),
      range: r(sn ?? she.keyNode),
      fields: isMap(sn) ? fieldsOf(sn) : {},
    };
    topology.shares.push(share);
    if (!topology.shareById.has(share.id)) topology.shareById.set(share.id, share);
  }
  return { topology, findings };

  /** One finding for fields written at the indentation of their entry, with a fix that indents them under it. */
  function unindentedFinding(u: Unindented): Finding {
    const key = String((u.owner.key as { value: unknown }).value);
    const first = idx.positionAt(u.fields[0].key.range![0]).line;
    const lastPair = u.fields[u.fields.length - 1];
    const last = idx.positionAt((lastPair.value ?? lastPair.key).range![1]).line;
    const edits: TextEdit[] = [];
    for (let l = first; l <= last; l++) {
      const at = idx.offsetAt({ line: l, character: 0 });
      const nl = text.indexOf('\n', at);
      if (text.slice(at, nl < 0 ? text.length : nl).trim() === '') continue;
      edits.push({ file, range: idx.rangeOf(at, at), newText: ' '.repeat(u.step) });
    }
    const fields = nameList(u.fields.map((p) => String((p.key as { value: unknown }).value)));
    return {
      rule: 'topology-schema',
      file,
      range: idx.rangeOf(u.owner.key.range![0], u.owner.key.range![1]),
      message: { id: 'fieldsNotIndented', data: { key, fields } },
      fixes: [{ title: { id: 'indentFields', data: { key } }, safe: false, edits }],
    };
  }

  function deployOf(n: Node | null | undefined): DeploySpec | undefined {
    if (!isMap(n)) return undefined;
    const restartNode = get(n, 'restart');
    const unit = str(get(restartNode, 'unit'))?.value;
    const healthNode = get(n, 'health');
    let health: HealthCheck | undefined;
    const timeout = num(get(healthNode, 'timeout'))?.value;
    const http = str(get(healthNode, 'http'))?.value;
    const tcp = num(get(healthNode, 'tcp'))?.value;
    const command = str(get(healthNode, 'command'))?.value;
    if (http !== undefined) health = { http, timeout };
    else if (tcp !== undefined) health = { tcp, timeout };
    else if (command !== undefined) health = { command, timeout };
    const env: Record<string, string> = {};
    for (const e of entries(get(n, 'env'))) {
      const v = written(e.value);
      if (v) env[e.key] = v.value;
    }
    const order = isSeq(get(n, 'order')) ? strList(get(n, 'order')) : undefined;
    return {
      build: str(get(n, 'build'))?.value,
      artifact: str(get(n, 'artifact'))?.value,
      dir: str(get(n, 'dir'))?.value,
      restart: unit !== undefined ? { unit } : str(restartNode)?.value,
      health,
      serial: num(get(n, 'serial'))?.value ?? 1,
      order: order?.map((o) => o.value),
      orderItems: order,
      keep: num(get(n, 'keep'))?.value ?? 5,
      env,
      envFields: isMap(get(n, 'env')) ? fieldsOf(get(n, 'env') as YAMLMap) : {},
      envFlow: isMap(get(n, 'env')) && (get(n, 'env') as YAMLMap).flow === true,
      range: r(n),
      fields: fieldsOf(n),
    };
  }
}

/**
 * A mapping's repeated keys, where the YAML library with `uniqueKeys` on reports them: at the repeated
 * key, naming the line of the first. Scalar keys compare by value, others by identity.
 */
function duplicateKeys(root: Node | null, idx: LineIndex): SyntaxProblem[] {
  const out: SyntaxProblem[] = [];
  // An explicit stack: a deeply nested document must not exhaust the call stack.
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const n = todo.pop();
    if (isMap(n)) {
      const items = n.items;
      // A few keys are compared with each other; more are looked up in a map.
      const seen = items.length > 8 ? new Map<unknown, Node | null>() : undefined;
      const several = items.length > 1;
      for (let i = 0; i < items.length; i++) {
        const pair = items[i];
        const k = pair.key as Node | null;
        if (several) {
          const id = isScalar(k) ? k.value : k;
          // NaN keys never equal each other (as with the library's `===`).
          if (!(typeof id === 'number' && Number.isNaN(id))) {
            let first: Node | null | undefined;
            let found = false;
            if (seen) {
              first = seen.get(id);
              found = first !== undefined || seen.has(id);
            } else {
              for (let j = 0; j < i && !found; j++) {
                const kj = items[j].key as Node | null;
                if ((isScalar(kj) ? kj.value : kj) === id) {
                  first = kj;
                  found = true;
                }
              }
            }
            if (found) {
              const at = k?.range?.[0] ?? 0;
              const firstAt = first?.range?.[0];
              out.push(
                isScalar(k) && firstAt !== undefined
                  ? { pos: [at, Math.max(at + 1, k.range![1])], message: { id: 'duplicateKey', data: { key: String(k.value), line: idx.positionAt(firstAt).line + 1 } } }
                  : { pos: [at, at + 1], code: 'DUPLICATE_KEY', message: 'Map keys must be unique' },
              );
            } else seen?.set(id, k);
          }
        }
        if (k !== null && !isScalar(k)) todo.push(k);
        todo.push(pair.value);
      }
    } else if (isSeq(n)) for (const item of n.items) todo.push(item);
  }
  return out;
}

/**
 * Moves each stray key (see linedUpKeys) from the mapping YAML hung it on into the block mapping of the
 * key it is written under, when that key's mapping is the one it was hung on; the mapping's range then
 * runs to the end of the last key moved in. Returns the strays left where they were.
 */
function readUnderOwners<T extends { key: number; owner?: number }>(root: Node | null, strays: T[]): T[] {
  const wanted = new Set<number>();
  for (const s of strays) {
    wanted.add(s.key);
    if (s.owner !== undefined) wanted.add(s.owner);
  }
  const found = new Map<number, { pair: Pair<Node, Node | null>; map: YAMLMap }>();
  const todo: unknown[] = [root];
  while (todo.length > 0 && found.size < wanted.size) {
    const n = todo.pop();
    if (isMap(n)) {
      for (const pair of n.items as Pair<Node, Node | null>[]) {
        const at = isScalar(pair.key) ? pair.key.range?.[0] : undefined;
        if (at !== undefined && wanted.has(at) && !found.has(at)) found.set(at, { pair, map: n });
        todo.push(pair.value);
      }
    } else if (isSeq(n)) for (const item of n.items) todo.push(item);
  }
  const left: T[] = [];
  for (const s of strays) {
    const stray = found.get(s.key);
    const owner = s.owner === undefined ? undefined : found.get(s.owner);
    const into = owner?.pair.value;
    if (!stray || !owner || stray.map !== owner.map || !isMap(into) || into.flow || !into.range) {
      left.push(s);
      continue;
    }
    stray.map.items.splice(stray.map.items.indexOf(stray.pair), 1);
    into.items.push(stray.pair);
    const end = stray.pair.value?.range ?? stray.pair.key.range;
    // A block mapping ends where its last value does, past the line break after it.
    if (end) into.range = [into.range[0], Math.max(into.range[1], end[2]), Math.max(into.range[2], end[2])];
  }
  return left;
}

/** What `normalizePath` leaves as written: a path with no backslash, `//`, `.` or `..` segment. */
const NORMAL_AS_WRITTEN = /\\|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

/**
 * A listed file as the workspace names it: `/` separators, no `./`, `..` and doubled slashes
 * resolved (`sub/../y.conf` is `y.conf`, so both spellings give the file the same vantage hosts).
 */
function normalizePath(p: Located<string>): Located<string> {
  if (p.value !== '' && !NORMAL_AS_WRITTEN.test(p.value)) return p;
  const slashed = p.value.replace(/\\/g, '/');
  return { value: slashed === '' ? slashed : posix.normalize(slashed).replace(/^\.\//, ''), range: p.range };
}

/**
 * For a quote, `[` or `{` left open (`closing`: the character it lacks), where it was opened (to the
 * end of that line): the YAML library reports where it gave up looking for the close, often lines
 * further on or past the end of the file, while the missing character belongs after what was opened.
 */
function openingOf(text: string, closing: string, at: number): [number, number] | undefined {
  let open = -1;
  if (closing === '"' || closing === "'") open = text.lastIndexOf(closing, at - 1);
  else {
    const opener = closing === ']' ? '[' : closing === '}' ? '{' : undefined;
    if (!opener) return undefined;
    let depth = 0;
    for (let i = Math.min(at, text.length) - 1; i >= 0; i--) {
      const c = text[i];
      if (c === closing) depth++;
      else if (c === opener) {
        if (depth === 0) {
          open = i;
          break;
        }
        depth--;
      }
    }
  }
  if (open < 0) return undefined;
  const nl = text.indexOf('\n', open);
  return [open, nl < 0 ? text.length : nl > open && text[nl - 1] === '\r' ? nl - 1 : nl];
}

/**
 * A key indented more than the line above it, where that line ends in a plain value (`name: 华东1`,
 * then `lan: [...]` two columns further in than `name`): YAML reads the key as more lines of that
 * value, a value that then is itself a key, and the library reports it where the value starts, on the
 * line above ("implicit keys need to be on a single line", and "nested mappings are not allowed in
 * compact mappings" at the same place). The line to change is the over-indented one: the two become
 * one finding on its key. `valueLines`: where the value read as that key starts, one offset each (the
 * schema findings there judge what the parser guessed).
 *
 * A key starting a line of its own that runs on into a more indented line (`hosts` then `api-1:`) is
 * left where the library puts it: a ":" missing there is as likely. So is anything inside brackets,
 * where indentation means nothing (the library reports a block collection in a flow one there too).
 */
function overIndentedKeys(text: string, errors: SyntaxProblem[]): { errors: SyntaxProblem[]; valueLines: number[] } {
  const indentAt = (lineStart: number): number => {
    let i = lineStart;
    while (text[i] === ' ' || text[i] === '\t') i++;
    return i - lineStart;
  };
  const inFlow = errors.filter((e) => e.code === 'BLOCK_IN_FLOW');
  const moved = new Set<number>();
  const out = errors.map((e): SyntaxProblem => {
    const [a, b] = e.pos;
    if (e.code !== 'MULTILINE_IMPLICIT_KEY' || typeof e.message !== 'string' || b > text.length) return e;
    const first = text.lastIndexOf('\n', a - 1) + 1;
    const last = text.lastIndexOf('\n', b - 1) + 1;
    if (last <= first || text.slice(first, a).trim() === '') return e;
    if (inFlow.some((f) => f.pos[0] <= a && a < f.pos[1])) return e;
    const keyAt = last + indentAt(last);
    if (indentAt(last) <= indentAt(first) || keyAt >= b) return e;
    moved.add(a);
    const key = text.slice(keyAt, b).trim();
    return { pos: [keyAt, b], message: { id: 'yaml', data: { detail: { id: 'yaml/MULTILINE_IMPLICIT_KEY/overIndented', data: { key } } } } };
  });
  return {
    errors: moved.size === 0 ? errors : out.filter((e) => !(e.code === 'BLOCK_AS_IMPLICIT_KEY' && moved.has(e.pos[0]))),
    valueLines: [...moved],
  };
}
