import type { Analyzer, AnalyzerContext, InlayHintEntry } from './analyzer';
import { type IpAddress, parseIp } from './ip';
import { LineIndex, rangeContains } from './text';
import type { Address, Host, Topology } from './topology/model';
import { hostsWithAddress } from './topology/reach';
import type { Locale, Position, Range } from './types';

/**
 * Address navigation: which host of the topology an IP written in any file belongs to, where that
 * address is defined, every place it is written, and the edits that change it everywhere. Works on
 * the text of any file kind (Dubbo XML, properties, nginx, exports, the topology itself), so the
 * editor can offer the same inlay hints, go-to-definition, references and rename in all of them.
 */

/** An IP address written in a file. */
export interface IpLiteral {
  /** Offsets of the address as written, without brackets. */
  start: number;
  end: number;
  ip: IpAddress;
}

/** A host's internal or external address. */
export interface AddressOwner {
  host: Host;
  role: 'internal' | 'external';
  /** Where the topology defines it. */
  definition: Address;
}

/** One place an address is written. */
export interface AddressReference {
  file: string;
  range: Range;
  /** The topology's `internal:` / `external:` value itself. */
  definition: boolean;
  /** Seen from its file, the address may also mean another host (an internal IP both regions use). */
  shared: boolean;
}

const IPV4 = /\d{1,3}(?:\.\d{1,3}){3}/y;
// With an IPv4 tail (`::ffff:10.0.0.1`) first, else hex groups only.
const IPV6 = /[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){1,6}:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}/y;

function isWordCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

/**
 * Every valid IP address written in `text`: dotted quads not part of a longer dotted number or word
 * (`1.2.3.4.5`, `v10.0.0.1` are not addresses), and IPv6 addresses with or without brackets.
 * Comments count: an address in a comment is still a mention of the host.
 */
export function ipLiterals(text: string): IpLiteral[] {
  const out: IpLiteral[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : 0;
    // Only at the start of a word: after neither a word character, a dot nor a colon.
    if (!(isHexCode(c) || c === 58) || isWordCode(prev) || prev === 46 || prev === 58) {
      i++;
      continue;
    }
    const found = (c >= 48 && c <= 57 && matchIPv4(text, i)) || matchIPv6(text, i);
    if (found) {
      out.push(found);
      i = found.end;
    } else {
      i++;
      // Skip the rest of this word: an address never starts inside one.
      while (i < n && (isWordCode(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) i++;
    }
  }
  return out;
}

function matchIPv4(text: string, at: number): IpLiteral | undefined {
  IPV4.lastIndex = at;
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const end = at + m[0].length;
  const next = end < text.length ? text.charCodeAt(end) : 0;
  // `1.2.3.4.5` and `1.2.3.4a` are something else; `1.2.3.4.` (end of a sentence) is an address.
  if (isWordCode(next) || (next === 46 && end + 1 < text.length && isWordCode(text.charCodeAt(end + 1)))) return undefined;
  const ip = parseIp(m[0]);
  return ip ? { start: at, end, ip } : undefined;
}

function matchIPv6(text: string, at: number): IpLiteral | undefined {
  IPV6.lastIndex = at;
  const m = IPV6.exec(text);
  if (!m) return undefined;
  let s = m[0];
  // `[::1]:8080` and `::1` are addresses; a trailing `:` (`fe80::1:` before a port) is not part of one.
  while (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  const end = at + s.length;
  const next = end < text.length ? text.charCodeAt(end) : 0;
  if (isWordCode(next) || next === 46) return undefined;
  if (!s.includes('::') && s.split(':').length < 8 && !/\d\.\d/.test(s)) return undefined;
  const ip = parseIp(s);
  return ip && ip.version === 6 ? { start: at, end, ip } : undefined;
}

/** The literal under `offset` (touching its start or end counts), if any. */
export function ipLiteralAt(text: string, offset: number): IpLiteral | undefined {
  // Only the line around the offset is scanned.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  return ipLiterals(text.slice(lineStart, lineEnd))
    .map((l) => ({ ...l, start: l.start + lineStart, end: l.end + lineStart }))
    .find((l) => l.start <= offset && offset <= l.end);
}

/**
 * The hosts an address belongs to, as seen from a file's vantage hosts: an internal IP repeated in
 * several regions (each region's LAN may use the same range) belongs to the host in the vantage
 * hosts' regions when there is one, else to every host that has it.
 */
export function ownersOf(topology: Topology, ip: IpAddress, vantage: readonly Host[] = []): AddressOwner[] {
  const owners: AddressOwner[] = [];
  for (const host of hostsWithAddress(topology, ip)) {
    if (host.external?.ip?.text === ip.text) owners.push({ host, role: 'external', definition: host.external });
    if (host.internal?.ip?.text === ip.text) owners.push({ host, role: 'internal', definition: host.internal });
  }
  const regions = new Set(vantage.map((h) => h.region));
  const internals = owners.filter((o) => o.role === 'internal');
  if (internals.length > 1 && regions.size > 0) {
    const near = internals.filter((o) => regions.has(o.host.region));
    if (near.length > 0) return owners.filter((o) => o.role === 'external' || near.includes(o));
  }
  return owners;
}

/**
 * The owners of an address written in `file` at `range`, judged from the file's vantage hosts. In
 * the topology, an address written as a host's `internal:`/`external:` names that host; anywhere
 * else there (an `ssh.host`, a comment) it names every host that has it.
 */
export function ownersInFile(ctx: AnalyzerContext, file: string, ip: IpAddress, range?: Range): AddressOwner[] {
  if (file === ctx.topology.file) {
    const all = ownersOf(ctx.topology, ip);
    const own = range && all.find((o) => rangeContains(o.definition.range, range));
    return own ? [own] : all;
  }
  return ownersOf(
    ctx.topology,
    ip,
    ctx.vantage(file).map((v) => v.host),
  );
}

/** An inlay hint after an address: which host it is. */
export interface AddressHint {
  position: Position;
  label: string;
  owners: AddressOwner[];
}

const ROLE: Record<Locale, Record<AddressOwner['role'], string>> = {
  en: { internal: 'internal', external: 'external' },
  'zh-cn': { internal: '内网', external: '外网' },
};

/** `api-1 · 华东1 internal`; several owners joined with ` | `. */
export function ownerLabel(owners: readonly AddressOwner[], locale: Locale): string {
  return owners.map((o) => `${o.host.id} · ${o.host.region.name} ${ROLE[locale][o.role]}`).join(' | ');
}

/** The owner of an address a hint names, as plain data (what crosses from the lint worker to the editor). */
export interface HintOwner {
  /** `api-1 · 华东1 internal`. */
  label: string;
  host: string;
  region: string;
  role: AddressOwner['role'];
  /** Where the topology defines the address. */
  definition: Range;
}

/** An inlay hint of either kind, as plain data: an analyzer's own (a placeholder's value) or an address's owners. */
export type PlainHint = InlayHintEntry | { position: Position; owners: HintOwner[] };

/**
 * The inlay hints of `file` inside `range`: `analyzer`'s own when `placeholders`, and the owner of
 * each address when `addresses`, in the order they appear.
 */
export function inlayHints(
  ctx: AnalyzerContext,
  analyzer: Pick<Analyzer, 'hints'> | undefined,
  file: string,
  text: string,
  locale: Locale,
  range: Range | undefined,
  want: { placeholders: boolean; addresses: boolean },
): PlainHint[] {
  const own: PlainHint[] = want.placeholders && analyzer?.hints ? analyzer.hints(file, text, ctx, locale, range) : [];
  const addresses: PlainHint[] = want.addresses
    ? addressHints(ctx, file, text, locale, range).map((h) => ({
        position: h.position,
        owners: h.owners.map((o) => ({ label: ownerLabel([o], locale), host: o.host.id, region: o.host.region.name, role: o.role, definition: o.definition.range })),
      }))
    : [];
  const at = (h: PlainHint) => h.position;
  return [...own, ...addresses].sort((a, b) => at(a).line - at(b).line || at(a).character - at(b).character);
}

/** One hint after every address (and its port) of a host of the topology written in `file` (not the topology itself). */
export function addressHints(ctx: AnalyzerContext, file: string, text: string, locale: Locale, range?: Range): AddressHint[] {
  if (file === ctx.topology.file) return [];
  const lines = new LineIndex(text);
  const from = range ? lines.offsetAt(range.start) : 0;
  const to = range ? lines.offsetAt(range.end) : text.length;
  const vantage = ctx.vantage(file).map((v) => v.host);
  const out: AddressHint[] = [];
  for (const lit of ipLiterals(text.slice(from, to))) {
    const owners = ownersOf(ctx.topology, lit.ip, vantage);
    if (owners.length === 0) continue;
    out.push({ position: lines.positionAt(hintOffset(text, from + lit.end)), label: ownerLabel(owners, locale), owners });
  }
  return out;
}

/**
 * Where the hint of an address ending at `end` goes: after what belongs to the address — its port,
 * a prefix length (`10.0.0.5/32`), the path of a URL (`http://10.0.0.5:8080/api/`), the options of
 * an exports client (`10.0.0.5(rw,sync)`). A hint shows as a space, and a space there would change
 * what the line means: in exports, `10.0.0.5 (rw)` gives the options to every host, not to this one.
 */
function hintOffset(text: string, end: number): number {
  let i = afterPort(text, end);
  if (text.charCodeAt(i) === 47) {
    // `/`: up to the end of the word.
    while (i < text.length && !/[\s;,"'<>(){}?#]/.test(text[i])) i++;
  }
  if (text.charCodeAt(i) === 40) {
    // `(`: up to its `)` on the same line.
    const close = text.indexOf(')', i);
    const eol = text.indexOf('\n', i);
    if (close > 0 && (eol < 0 || close < eol)) i = close + 1;
  }
  return i;
}

/**
 * The end of `host:port` (or `[v6]:port`, or zoo.cfg's `host:2888:3888`) whose host ends at `end`: a
 * hint there keeps the address and its ports together.
 */
function afterPort(text: string, end: number): number {
  let i = end;
  if (text.charCodeAt(i) === 93) i++; // ]
  for (;;) {
    if (text.charCodeAt(i) !== 58) return i; // :
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    if (j === i + 1) return i;
    i = j;
  }
}

const sameOwner = (a: AddressOwner, b: AddressOwner) => a.host === b.host && a.role === b.role;

/**
 * Every place the given addresses are written in the topology and in `files`, each occurrence
 * judged from its own file's vantage hosts (an internal IP in a config of the other region is that
 * region's host, not this one).
 */
export function addressReferences(ctx: AnalyzerContext, files: readonly string[], targets: readonly AddressOwner[]): AddressReference[] {
  const texts = new Set(targets.map((t) => t.definition.ip?.text));
  const out: AddressReference[] = [];
  const topo = ctx.topology;
  for (const file of [topo.file, ...files.filter((f) => f !== topo.file)]) {
    const text = ctx.ws.read(file);
    if (text === undefined) continue;
    const literals = ipLiterals(text).filter((l) => texts.has(l.ip.text));
    if (literals.length === 0) continue;
    const lines = new LineIndex(text);
    for (const lit of literals) {
      const range = lines.rangeOf(lit.start, lit.end);
      const owners = ownersInFile(ctx, file, lit.ip, range);
      if (!owners.some((o) => targets.some((t) => sameOwner(o, t)))) continue;
      const definition = file === topo.file && targets.some((t) => rangeContains(t.definition.range, range));
      const shared = owners.some((o) => !targets.some((t) => sameOwner(o, t)));
      out.push({ file, range, definition, shared });
    }
  }
  return out;
}

/** A host's addresses (both when it has both). */
export function addressesOfHost(host: Host): AddressOwner[] {
  const out: AddressOwner[] = [];
  if (host.internal?.ip) out.push({ host, role: 'internal', definition: host.internal });
  if (host.external?.ip) out.push({ host, role: 'external', definition: host.external });
  return out;
}

/** A host's address named by host id, role and the address itself (what crosses from the editor to the lint worker). */
export interface OwnerRef {
  host: string;
  role: AddressOwner['role'];
  address: string;
}

export const ownerRef = (o: AddressOwner): OwnerRef => ({ host: o.host.id, role: o.role, address: o.definition.text });

/** The owners `refs` name in `topology`; undefined when one of them is not there as named (another topology). */
export function ownersByRef(topology: Topology, refs: readonly OwnerRef[]): AddressOwner[] | undefined {
  const out: AddressOwner[] = [];
  for (const r of refs) {
    const host = topology.hostById.get(r.host);
    const o = host && addressesOfHost(host).find((x) => x.role === r.role && x.definition.text === r.address);
    if (!o) return undefined;
    out.push(o);
  }
  return out;
}

/** Why an address cannot be changed everywhere, or the edits that do it. */
export type AddressChange =
  | { ok: true; edits: { file: string; range: Range; newText: string }[] }
  | { ok: false; reason: 'not-ip' | 'other-family' | 'taken' | 'same'; host?: Host; role?: AddressOwner['role'] };

/** An address change as plain data: the host that has the address already by id and region name. */
export type PlainAddressChange =
  | { ok: true; edits: { file: string; range: Range; newText: string }[] }
  | { ok: false; reason: Extract<AddressChange, { ok: false }>['reason']; host?: { id: string; region: string }; role?: AddressOwner['role'] };

export function plainChange(c: AddressChange): PlainAddressChange {
  if (c.ok) return c;
  return { ok: false, reason: c.reason, role: c.role, host: c.host && { id: c.host.id, region: c.host.region.name } };
}

/**
 * Changes one host's address everywhere it is written: the topology's definition and every config
 * that names it for that host. Places where the address may as well mean another host (a file no
 * host uses, when both regions use that internal IP) are left as they are. Refused when the new text
 * is not an address of the same family or another host already has it (the configs would then name
 * the wrong host).
 */
export function changeAddress(ctx: AnalyzerContext, files: readonly string[], target: AddressOwner, newText: string): AddressChange {
  const ip = parseIp(newText.trim());
  const old = target.definition.ip;
  if (!ip || newText.trim().startsWith('[')) return { ok: false, reason: 'not-ip' };
  if (old && ip.version !== old.version) return { ok: false, reason: 'other-family' };
  if (old && ip.text === old.text) return { ok: false, reason: 'same' };
  const taken = ownersOf(ctx.topology, ip).find(
    (o) => o.host !== target.host && (o.role === 'external' || target.role === 'external' || o.host.region === target.host.region),
  );
  if (taken) return { ok: false, reason: 'taken', host: taken.host, role: taken.role };
  const edits = addressReferences(ctx, files, [target])
    .filter((r) => !r.shared)
    .map((r) => ({ file: r.file, range: r.range, newText: ip.text }));
  return { ok: true, edits };
}
