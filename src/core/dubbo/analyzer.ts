import type { Analyzer, AnalyzerContext, CompletionEntry, DefinitionResult, HoverResult, InlayHintEntry, Vantage } from '../analyzer';
import { format } from '../l10n';
import { letterTypo, looksLikeIp, parseIp } from '../ip';
import { ownersOf } from '../navigation';
import { judgeAddress, type AddressCandidate } from '../rules/address/judge';
import { ownFiles } from '../scope';
import { checkDubbo, checkDubboWorkspace } from '../rules/dubbo/index';
import * as xmlSyntax from '../rules/dubbo/xmlSyntax';
import { xmlSymbols } from '../symbols';
import { LineIndex } from '../text';
import type { Service, Topology } from '../topology/model';
import { hostInRegion, judgeFrom } from '../topology/reach';
import type { Finding, Locale, Position, Range } from '../types';
import { addressTokens, parseAddressList } from './address';
import { dubboFile, type DubboFile } from './fileContext';
import { type SpringImport, springImports } from './imports';
import { keyAt, renameKeyAt } from './keyRename';
import { attributeOverride, dubboModel, isDubboService, parseCached } from './model';
import { anyOverrides } from './overrides';
import { findPlaceholders, locate, originOf, resolveText, runtimeValue, type PlaceholderRef } from './placeholders';
import { type AttributeInfo, type ElementInfo, type NamespaceSchema, schemaFor, topLevelElements, valuesFor } from './schema';
import { registrySummary } from './sharedState';
import { t } from './strings';
import {
  attrValueOffset,
  isDubboNamespace,
  mentionsDubboNamespace,
  type XmlAttribute,
  type XmlDocument,
  type XmlElement,
} from './xml';

// ---------------------------------------------------------------------------------------------
// Which attributes hold addresses, and how they are judged.

type AddressKind = 'list' | 'own' | 'tokens';

/** Attributes whose value is never an address (versions look like dotted quads). */
const NOT_ADDRESS = /version|^(id|name|interface|class|ref|package|key|xmlns|schemaLocation|group|owner|organization|layer|tag|filter|listener|threadname)$/i;

const DOTTED_NUMBER = /\d+\.\d+/;

// The kinds addressKind returns (shared: asked for every attribute of every file).
const REGISTRY = { kind: 'list', syntaxOnly: false, reachJudgedElsewhere: true } as const;
const LIST = { kind: 'list', syntaxOnly: false } as const;
const OWN_SYNTAX = { kind: 'own', syntaxOnly: true } as const;
const TOKENS = { kind: 'tokens', syntaxOnly: false } as const;

type Judged = { kind: AddressKind; syntaxOnly: boolean; reachJudgedElsewhere?: boolean };

function addressKind(el: XmlElement, a: XmlAttribute): Judged | undefined {
  if (a.name === 'xmlns' || a.prefix === 'xmlns' || NOT_ADDRESS.test(a.local)) return undefined;
  if (isDubboNamespace(el.ns) && a.prefix === undefined) {
    if (a.local === 'address' && ['registry', 'config-center', 'metadata-report', 'monitor'].includes(el.local)) {
      // The registry has its own reachability rule (dubbo-registry-unreachable); the other address
      // rules (same-region-external-ip, ip-unknown) judge it as any address.
      return el.local === 'registry' ? REGISTRY : LIST;
    }
    if (a.local === 'url' && el.local === 'reference') return LIST;
    // The provider's own address: judged by dubbo-registers-internal-ip.
    if (a.local === 'host' && (el.local === 'protocol' || el.local === 'provider')) return OWN_SYNTAX;
    if (a.local === 'qos-host') return OWN_SYNTAX;
  }
  return TOKENS;
}

function tokensOf(kind: AddressKind, text: string): { text: string; start: number; end: number }[] {
  if (kind === 'list') {
    const out: { text: string; start: number; end: number }[] = [];
    for (const e of parseAddressList(text)) {
      for (const m of e.members) {
        if (looksLikeIp(m.host) || parseIp(m.host) || letterTypo(m.host)) out.push({ text: m.host, start: m.hostStart, end: m.hostEnd });
      }
    }
    return out;
  }
  if (kind === 'own') {
    const v = text.trim();
    if (!(looksLikeIp(v) || parseIp(v))) return [];
    const s = text.indexOf(v);
    return [{ text: v, start: s, end: s + v.length }];
  }
  return addressTokens(text);
}

export function addressFindings(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const limit = f.doc.error ? f.doc.error.offset : Infinity;
  const elements = f.doc.elements;
  for (let e = 0; e < elements.length; e++) {
    const el = elements[e];
    if (el.tagEnd > limit) continue;
    const attrs = el.attrs;
    for (let j = 0; j < attrs.length; j++) {
      const a = attrs[j];
      // Only values that may hold an address (a dotted number, a colon, a placeholder).
      const v = a.value;
      if (!a.placeholder && !v.includes(':') && !(v.includes('.') && DOTTED_NUMBER.test(v))) continue;
      const k = addressKind(el, a);
      if (k) judgeAttribute(f, el, a, k, out);
    }
  }
  return out;
}

/**
 * Judges the addresses of one attribute (apart from the loop over all attributes: nothing here is
 * allocated for the many that hold none).
 */
function judgeAttribute(f: DubboFile, el: XmlElement, a: XmlAttribute, k: Judged, out: Finding[]): void {
  const uses = new Map<number, { range: Range; candidates: AddressCandidate[] }>();
  for (const { rv, vantage } of f.values(a)) {
    if (rv.unresolved.length > 0) continue;
    const tokens = tokensOf(k.kind, rv.text);
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i];
      const edit = locate(rv, tok.start, tok.end);
      if (!edit) continue;
      const origin = originOf(rv, tok.start, tok.end);
      const literal = !origin && edit.file === f.file;
      let use = uses.get(i);
      if (!use) {
        use = { range: literal ? edit.range : f.doc.index.rangeOf(a.valueStart, a.valueEnd), candidates: [] };
        uses.set(i, use);
      } else if (!literal) use.range = f.doc.index.rangeOf(a.valueStart, a.valueEnd);
      use.candidates.push({ text: tok.text, vantage, edit, origin });
    }
  }
  for (const use of uses.values()) {
    out.push(
      ...judgeAddress(f.ctx, {
        file: f.file,
        range: use.range,
        candidates: use.candidates,
        syntaxOnly: k.syntaxOnly,
        reachJudgedElsewhere: k.reachJudgedElsewhere,
        reader: 'java',
        addressExpected: k.kind === 'list',
        anchorLine: f.doc.format !== undefined ? undefined : f.doc.index.positionAt(el.start).line,
      }),
    );
  }
}

// ---------------------------------------------------------------------------------------------

const fileLists = new WeakMap<AnalyzerContext, string[]>();

/**
 * The last answer per topology: the workspace's file list, the XML files no service lists (with
 * their texts then) and the list found.
 */
const lastFileLists = new WeakMap<Topology, { files: readonly string[]; others: string[]; texts: (string | undefined)[]; list: string[] }>();

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Configs services list, and any other XML binding a Dubbo namespace (once per context: hover and
 * completion ask often; kept across contexts while the file list and those other XML texts are the
 * same). The list is shared: not to be changed.
 */
function dubboFiles(ctx: AnalyzerContext): string[] {
  const cached = fileLists.get(ctx);
  if (cached) return cached;
  // Not the files of a folder holding another topology (scope.ts): listed ones are added above.
  const files = ownFiles(ctx.ws);
  const last = lastFileLists.get(ctx.topology);
  if (last && sameList(last.files, files) && last.others.every((f, i) => ctx.ws.read(f) === last.texts[i])) {
    fileLists.set(ctx, last.list);
    return last.list;
  }
  const out = new Set<string>();
  for (const s of ctx.topology.services) {
    if (!isDubboService(s) && s.kind !== 'other' && s.kind !== 'http') continue;
    for (const c of s.config) if (c.value.toLowerCase().endsWith('.xml')) out.add(c.value);
  }
  const others: string[] = [];
  const texts: (string | undefined)[] = [];
  for (const file of files) {
    if (out.has(file) || !file.toLowerCase().endsWith('.xml')) continue;
    const text = ctx.ws.read(file);
    others.push(file);
    texts.push(text);
    if (text !== undefined && mentionsDubboNamespace(text)) out.add(file);
  }
  const list = [...out].sort();
  fileLists.set(ctx, list);
  lastFileLists.set(ctx.topology, { files, others, texts, list });
  return list;
}

function analyzeXml(file: string, text: string, ctx: AnalyzerContext): Finding[] {
  const f = dubboFile(file, text, ctx);
  const out = xmlSyntax.check(file, f.doc);
  out.push(...checkDubbo(f));
  out.push(...addressFindings(f));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hover.

function inRange(o: number, start: number, end: number): boolean {
  return o >= start && o <= end;
}

function elementAt(doc: XmlDocument, offset: number): XmlElement | undefined {
  let best: XmlElement | undefined;
  for (const el of doc.elements) if (offset > el.start && offset < el.tagEnd) best = el;
  return best;
}

/** An address's owner and its reach from each vantage host (`none`: what to say when there is none). */
export function describeAddress(ctx: AnalyzerContext, ip: string, vantage: readonly Vantage[], locale: Locale, none = t('hover.noVantage', locale)): string {
  const parsed = parseIp(ip);
  if (!parsed) return format(t('hover.invalidIp', locale), { ip });
  const lines: string[] = [];
  const topo = ctx.topology;
  const owner = ownersOf(topo, parsed, vantage.map((v) => v.host))[0];
  lines.push(
    owner
      ? format(t(owner.role === 'external' ? 'hover.ownerExternal' : 'hover.ownerInternal', locale), { ip: parsed.text, host: owner.host.id, region: owner.host.region.name })
      : format(t('hover.ownerUnknown', locale), { ip: parsed.text }),
  );
  if (vantage.length > 0) {
    lines.push('', `| ${t('hover.from', locale)} | ${t('hover.reach', locale)} |`, '|---|---|');
    for (const v of vantage) {
      const j = judgeFrom(topo, v.host, parsed);
      const verdict = j.reachable ? (j.crossesPublic ? t('hover.reachPublic', locale) : t('hover.reachLan', locale)) : t('hover.unreachable', locale);
      lines.push(`| ${hostInRegion(v.host, locale)} | ${verdict} |`);
    }
  } else lines.push('', none);
  return lines.join('\n');
}

export function describePlaceholder(ctx: AnalyzerContext, file: string, text: string, vantage: readonly Vantage[], locale: Locale, none = t('hover.noVantage', locale)): string {
  const lines = [`**${text}**`, ''];
  if (vantage.length === 0) {
    lines.push(none);
    return lines.join('\n');
  }
  lines.push(`| ${t('hover.host', locale)} | ${t('hover.value', locale)} | ${t('hover.origin', locale)} |`, '|---|---|---|');
  for (const v of vantage) {
    const rv = resolveText(ctx, v, text, file, undefined);
    const origin = rv.used.find((u) => u.resolution)?.resolution;
    // Who gives each missing value when the service starts; the JVM is named only when no one else is.
    const givers = rv.unresolved.map((k) => runtimeValue(k, file));
    const unknown = ctx.unknownSources(v);
    const where = givers.length > 0
      ? givers.every((g) => g !== undefined)
        ? t(`hover.${givers.find((g) => g !== 'jvm') ?? 'jvm'}`, locale)
        : unknown.length > 0
          ? format(t('hover.unknownSource', locale), { source: unknown.map((u) => `\`${u.replace(/\|/g, '\\|')}\``).join(', ') })
          : t('hover.unresolved', locale)
      : origin
        ? origin.file
          ? `${origin.file}${origin.range ? `:${origin.range.start.line + 1}` : ''} (${t(`origin.${origin.origin}`, locale)})`
          : t(`origin.${origin.origin}`, locale)
        : t('origin.default', locale);
    lines.push(`| ${hostInRegion(v.host, locale)} | \`${rv.text.replace(/\|/g, '\\|')}\` | ${where} |`);
  }
  return lines.join('\n');
}

/**
 * The hosts on which Dubbo takes an attribute's value from elsewhere, before the file (a host's or
 * region's `properties:` passed as -D, a variable of the service's deploy.env): what it is there and
 * where it is set. Empty when no host does.
 */
export function overriddenOn(ctx: AnalyzerContext, file: string, doc: XmlDocument, a: XmlAttribute, locale: Locale): string {
  if (!anyOverrides(ctx)) return '';
  const lines: string[] = [];
  for (const v of ctx.vantage(file)) {
    const key = attributeOverride(ctx, doc, a, v);
    if (key === undefined) continue;
    const rv = resolveText(ctx, v, `\${${key}}`, file, undefined);
    const r = rv.used.find((u) => u.resolution)?.resolution;
    const where = r?.file ? `${r.file}${r.range ? `:${r.range.start.line + 1}` : ''}` : '';
    const origin = `\`${key}\`${r ? `, ${t(`origin.${r.origin}`, locale)}` : ''}${where ? ` — ${where}` : ''}`;
    lines.push(`- ${format(t('hover.keyOverridden', locale), { host: v.host.id, value: rv.text, origin })}`);
  }
  return lines.length === 0 ? '' : [t('hover.setElsewhere', locale), '', ...lines].join('\n');
}

export function typeLabel(a: AttributeInfo, locale: Locale): string {
  const base = t(`type.${a.type}`, locale);
  if (!a.unit) return base;
  const unit = t(`unit.${a.unit}`, locale);
  return locale === 'zh-cn' ? `${base}（${unit}）` : `${base} (${unit})`;
}

export function attributeHover(el: XmlElement, info: ElementInfo, a: AttributeInfo, locale: Locale): string {
  const lines = [`**${a.name}** — \`<${el.name}>\``, ''];
  if (a.doc) lines.push(a.doc[locale], '');
  const zh = locale === 'zh-cn';
  const [colon, sep] = zh ? ['：', '、'] : [': ', ', '];
  const xsd = a.xsd !== 'string' && a.xsd !== 'ID' ? (zh ? `（XSD \`xsd:${a.xsd}\`）` : ` (XSD \`xsd:${a.xsd}\`)`) : '';
  lines.push(`- ${t('hover.type', locale)}${colon}${typeLabel(a, locale)}${xsd}`);
  if (a.default !== undefined) lines.push(`- ${t('hover.default', locale)}${colon}\`${a.default}\``);
  if (a.required) lines.push(`- ${t('hover.required', locale)}`);
  const vals = valuesFor(a);
  if (a.extension) lines.push(`- ${t('hover.extensions', locale)}${colon}${vals.map((v) => `\`${v}\``).join(sep)}`);
  lines.push('', `[${t('hover.docs', locale)}](${info.docs[locale]})`);
  return lines.join('\n');
}

export function elementHover(el: XmlElement, schema: NamespaceSchema, info: ElementInfo, locale: Locale): string {
  return [`**<${el.name}>** (${schema.uri})`, '', info.doc[locale], '', `[${t('hover.docs', locale)}](${info.docs[locale]})`].join('\n');
}

function hoverXml(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): HoverResult | undefined {
  const imp = importAt(file, text, position, ctx);
  if (imp) return { range: imp.range, markdown: importHover(imp.i, locale) };
  const doc = parseCached(file, text);
  const offset = doc.index.offsetAt(position);
  const el = elementAt(doc, offset);
  if (!el) return undefined;
  const schema = schemaFor(el.ns);
  const info = schema?.elements.get(el.local);
  if (schema && info && inRange(offset, el.nameStart, el.nameEnd)) {
    return { range: doc.index.rangeOf(el.nameStart, el.nameEnd), markdown: elementHover(el, schema, info, locale) };
  }
  for (const a of el.attrs) {
    const onName = inRange(offset, a.nameStart, a.nameEnd) && a.nameEnd > a.nameStart;
    if (!onName && !inRange(offset, a.valueStart, a.valueEnd)) continue;
    const hover = attributeHoverAt(doc, el, info, a, offset, onName, file, ctx, locale);
    const elsewhere = hover && overriddenOn(ctx, file, doc, a, locale);
    return elsewhere ? { range: hover.range, markdown: `${elsewhere}\n\n---\n\n${hover.markdown}` } : hover;
  }
  return undefined;
}

/** The hover on an attribute's name or value: its docs, a placeholder's values, an address's owner and reach. */
function attributeHoverAt(
  doc: XmlDocument,
  el: XmlElement,
  info: ElementInfo | undefined,
  a: XmlAttribute,
  offset: number,
  onName: boolean,
  file: string,
  ctx: AnalyzerContext,
  locale: Locale,
): HoverResult | undefined {
  if (onName) {
    const ai = a.prefix === undefined ? info?.attributes.get(a.local) : undefined;
    if (!info || !ai) return undefined;
    return { range: doc.index.rangeOf(a.nameStart, a.nameEnd), markdown: attributeHover(el, info, ai, locale) };
  }
  // The hosts that read the value written here: not those that take the setting from elsewhere.
  const all = ctx.vantage(file);
  const vantage = anyOverrides(ctx) ? all.filter((v) => attributeOverride(ctx, doc, a, v) === undefined) : all;
  const none = vantage.length < all.length ? t('hover.readNowhere', locale) : undefined;
  // Offset inside the decoded value.
  const k = valueIndexAt(a, offset);
  for (const ref of findPlaceholders(a.value)) {
    if (k >= ref.start && k <= ref.end) {
      const range = doc.index.rangeOf(attrValueOffset(a, ref.start), attrValueOffset(a, ref.end));
      const resolved = describePlaceholder(ctx, file, a.value.slice(ref.start, ref.end), vantage, locale, none);
      const ips = new Set<string>();
      for (const v of vantage) for (const tok of addressTokens(resolveText(ctx, v, a.value, file, undefined).text)) ips.add(tok.text);
      const extra = [...ips].map((ip) => describeAddress(ctx, ip, vantage.filter((v) => addressTokens(resolveText(ctx, v, a.value, file, undefined).text).some((x) => x.text === ip)), locale));
      return { range, markdown: [resolved, ...extra].join('\n\n---\n\n') };
    }
  }
  for (const tok of addressTokens(a.value)) {
    if (k >= tok.start && k <= tok.end) {
      return { range: doc.index.rangeOf(attrValueOffset(a, tok.start), attrValueOffset(a, tok.end)), markdown: describeAddress(ctx, tok.text, vantage, locale, none) };
    }
  }
  const ai = a.prefix === undefined ? info?.attributes.get(a.local) : undefined;
  if (info && ai) return { range: doc.index.rangeOf(a.valueStart, a.valueEnd), markdown: attributeHover(el, info, ai, locale) };
  return undefined;
}

/** Offset `k` of the decoded value of `a` that the file offset falls on (entities count as one character). */
function valueIndexAt(a: XmlAttribute, offset: number): number {
  let k = 0;
  while (k < a.value.length && attrValueOffset(a, k + 1) <= offset) k++;
  return k;
}

/** The Spring `<import resource>` whose location is under the cursor, with the files it names. */
function importAt(file: string, text: string, position: Position, ctx: AnalyzerContext): { i: SpringImport; range: Range } | undefined {
  if (!text.includes('import')) return undefined;
  const doc = parseCached(file, text);
  const offset = doc.index.offsetAt(position);
  const i = springImports(ctx.ws, file, doc).find((x) => inRange(offset, x.a.valueStart, x.a.valueEnd));
  return i && { i, range: doc.index.rangeOf(i.a.valueStart, i.a.valueEnd) };
}

/**
 * What an `<import resource>` reads: the files it names, judged with this file; or, when it names
 * none, that its configuration is not checked (a file of a dependency's jar is outside the workspace),
 * or that Spring finds the location only at run time.
 */
function importHover(i: SpringImport, locale: Locale): string {
  if (i.files.length > 0) return [t('hover.importReads', locale), '', ...i.files.map((f) => `- ${f}`)].join('\n');
  if (i.path === undefined) return format(t('hover.importNotFollowed', locale), { location: i.a.value.trim() });
  return format(t('hover.importMissing', locale), { location: i.a.value.trim(), path: i.path });
}

/** The `${placeholder}` of an attribute value under the cursor, with where it is written. */
function placeholderAt(file: string, text: string, position: Position): { a: XmlAttribute; ref: PlaceholderRef; range: Range } | undefined {
  const doc = parseCached(file, text);
  const offset = doc.index.offsetAt(position);
  const a = elementAt(doc, offset)?.attrs.find((x) => inRange(offset, x.valueStart, x.valueEnd));
  if (!a) return undefined;
  const k = valueIndexAt(a, offset);
  const ref = findPlaceholders(a.value).find((r) => k >= r.start && k <= r.end);
  return ref && { a, ref, range: doc.index.rangeOf(attrValueOffset(a, ref.start), attrValueOffset(a, ref.end)) };
}

/**
 * Go to Definition on a `${placeholder}` in an attribute: where each vantage host's value is
 * defined (a properties file, or the host's or region's `properties:` in the topology).
 */
function definitionXml(file: string, text: string, position: Position, ctx: AnalyzerContext): DefinitionResult | undefined {
  const imp = importAt(file, text, position, ctx);
  if (imp) {
    if (imp.i.files.length === 0) return undefined;
    const start = { line: 0, character: 0 };
    return { range: imp.range, targets: imp.i.files.map((f) => ({ file: f, range: { start, end: start } })) };
  }
  const at = placeholderAt(file, text, position);
  return at && placeholderDefinitions(ctx, file, at.a.value.slice(at.ref.start, at.ref.end), at.ref.key, at.range);
}

/** Where the values of one `${placeholder}` come from, for each vantage host of the file using it. */
export function placeholderDefinitions(ctx: AnalyzerContext, file: string, placeholder: string, key: string, range: Range): DefinitionResult {
  const targets = new Map<string, { file: string; range: Range }>();
  for (const v of ctx.vantage(file)) {
    const rv = resolveText(ctx, v, placeholder, file, undefined);
    const def = rv.used.find((u) => u.key === key)?.definition;
    if (def) targets.set(`${def.file}:${def.range.start.line}:${def.range.start.character}`, def);
  }
  return { range, targets: [...targets.values()] };
}

/** The XML configs of the services listing `file` (a properties file). */
export function configsUsing(ctx: AnalyzerContext, file: string): { file: string; doc: XmlDocument }[] {
  const model = dubboModel(ctx);
  const out: { file: string; doc: XmlDocument }[] = [];
  const services = new Set<Service>();
  for (const v of ctx.vantage(file)) if (v.service) services.add(v.service);
  for (const s of services) if (isDubboService(s)) out.push(...model.configs(s));
  return out;
}

/** A place naming a placeholder key: a `${key}` in XML, or a definition (a properties key, a topology property). */
export type KeyPlace = { file: string; range: Range; definition: boolean };

/**
 * Every place that names `key` for the Dubbo services using `file`: the `${key}` placeholders of their
 * XML configs, its definitions in their `.properties` files and in the `properties:` of their hosts
 * and regions in the topology.
 */
export function keyPlaces(ctx: AnalyzerContext, file: string, key: string): KeyPlace[] {
  const out: KeyPlace[] = [];
  const services = new Set<Service>();
  for (const v of ctx.vantage(file)) if (v.service && isDubboService(v.service)) services.add(v.service);
  for (const { file: xml, doc } of configsUsing(ctx, file)) {
    for (const { a } of doc.placeholders) {
      for (const ref of findPlaceholders(a.value)) {
        if (ref.key === key) out.push({ file: xml, range: doc.index.rangeOf(attrValueOffset(a, ref.start), attrValueOffset(a, ref.end)), definition: false });
      }
    }
  }
  const propertiesFiles = new Set([...services].flatMap((s) => s.properties.map((p) => p.value)));
  for (const pf of propertiesFiles) {
    for (const e of ctx.properties(pf)?.entries ?? []) if (e.key === key) out.push({ file: pf, range: e.keyRange, definition: true });
  }
  const hosts = new Set([...services].flatMap((s) => s.hosts));
  const topo = ctx.topology.file;
  for (const r of new Set([...hosts].map((h) => h.region))) {
    const p = r.properties.get(key);
    if (p) out.push({ file: topo, range: p.keyRange, definition: true });
  }
  for (const h of hosts) {
    const p = h.properties.get(key);
    if (p) out.push({ file: topo, range: p.keyRange, definition: true });
  }
  return out;
}

/** Find All References on a `${key}` in Dubbo XML. */
function referencesXml(file: string, text: string, position: Position, ctx: AnalyzerContext): KeyPlace[] | undefined {
  const at = placeholderAt(file, text, position);
  return at && keyPlaces(ctx, file, at.ref.key);
}

/** Longest value shown in a hint; the hover shows it whole. */
const MAX_HINT = 60;

function clipValue(v: string): string {
  return v.length > MAX_HINT ? `${v.slice(0, MAX_HINT - 1)}…` : v;
}

/**
 * An inlay hint after each `${placeholder}` of an attribute: the value it resolves to, per vantage
 * host when they see different values (`= zookeeper://192.168.27.101:2181`). Hosts for which it does
 * not resolve are left out (a diagnostic says so).
 */
function hintsXml(file: string, text: string, ctx: AnalyzerContext, locale: Locale, range?: Range): InlayHintEntry[] {
  const vantage = ctx.vantage(file);
  if (vantage.length === 0) return [];
  const doc = parseCached(file, text);
  const from = range ? doc.index.offsetAt(range.start) : 0;
  const to = range ? doc.index.offsetAt(range.end) : text.length;
  const out: InlayHintEntry[] = [];
  for (const el of doc.elements) {
    if (el.tagEnd < from || el.start > to) continue;
    for (const a of el.attrs) {
      if (!a.placeholder) continue;
      for (const ref of findPlaceholders(a.value)) {
        const at = attrValueOffset(a, ref.end);
        if (at < from || at > to) continue;
        const hint = placeholderHint(ctx, file, vantage, a.value.slice(ref.start, ref.end), doc.index.positionAt(at), locale);
        if (hint) out.push(hint);
      }
    }
  }
  return out;
}

/** The hint after one `${placeholder}`: its value, per vantage host when they see different ones; none where it does not resolve. */
export function placeholderHint(ctx: AnalyzerContext, file: string, vantage: readonly Vantage[], placeholder: string, position: Position, locale: Locale): InlayHintEntry | undefined {
  const hosts = new Map<string, string[]>();
  for (const v of vantage) {
    const rv = resolveText(ctx, v, placeholder, file, undefined);
    if (rv.unresolved.length > 0) continue;
    hosts.set(rv.text, [...(hosts.get(rv.text) ?? []), v.host.id]);
  }
  if (hosts.size === 0) return undefined;
  const values = [...hosts];
  const label =
    values.length === 1 ? `= ${clipValue(values[0][0])}` : `= ${values.map(([value, ids]) => `${clipValue(value)} (${ids.join(', ')})`).join(' | ')}`;
  return { position, label, tooltip: describePlaceholder(ctx, file, placeholder, vantage, locale) };
}

// ---------------------------------------------------------------------------------------------
// Completion.

interface TagContext {
  kind: 'name' | 'attribute' | 'value' | 'text';
  tagStart: number;
  tagName: string;
  attrName?: string;
  valueStart?: number;
}

/** Where the cursor is, read from the raw text (works while the file is being typed and malformed). */
function tagContext(text: string, offset: number): TagContext | undefined {
  let i = 0;
  let tagStart = -1;
  let quote = '';
  let valueStart = -1;
  while (i < offset) {
    const c = text[i];
    if (tagStart < 0) {
      if (text.startsWith('<!--', i)) {
        const e = text.indexOf('-->', i + 4);
        if (e < 0 || e + 3 > offset) return undefined;
        i = e + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const e = text.indexOf(']]>', i);
        if (e < 0 || e + 3 > offset) return undefined;
        i = e + 3;
        continue;
      }
      if (c === '<') tagStart = i;
    } else if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
      valueStart = i + 1;
    } else if (c === '>') tagStart = -1;
    i++;
  }
  if (tagStart < 0) return { kind: 'text', tagStart: -1, tagName: '' };
  const head = text.slice(tagStart + 1, offset);
  if (/^[\w:.-]*$/.test(head)) return { kind: 'name', tagStart, tagName: head };
  const tagName = /^([\w:.-]+)/.exec(head)?.[1] ?? '';
  if (quote) {
    const before = text.slice(tagStart, valueStart - 1);
    const attrName = /([\w:.-]+)\s*=\s*$/.exec(before)?.[1];
    return { kind: 'value', tagStart, tagName, attrName, valueStart };
  }
  return { kind: 'attribute', tagStart, tagName };
}

function dubboPrefixes(doc: XmlDocument, text: string, offset: number): { prefix: string; schema: NamespaceSchema }[] {
  let scope: ReadonlyMap<string, string> | undefined;
  for (const el of doc.elements) if (el.start < offset && (el.end === undefined || el.end > offset)) scope = el.scope;
  const out: { prefix: string; schema: NamespaceSchema }[] = [];
  if (scope) {
    for (const [p, uri] of scope) {
      const s = schemaFor(uri);
      if (s) out.push({ prefix: p, schema: s });
    }
  }
  if (out.length === 0) {
    for (const m of text.matchAll(/xmlns(?::([\w.-]+))?\s*=\s*["']([^"']+)["']/g)) {
      const s = schemaFor(m[2]);
      if (s) out.push({ prefix: m[1] ?? '', schema: s });
    }
  }
  return out;
}

function parentDubbo(doc: XmlDocument, offset: number): XmlElement | undefined {
  let best: XmlElement | undefined;
  for (const el of doc.elements) {
    if (el.tagEnd <= offset && !el.selfClosing && (el.end === undefined || el.end > offset) && isDubboNamespace(el.ns)) best = el;
  }
  return best;
}

export function addressEntries(ctx: AnalyzerContext, range: Range | undefined, locale: Locale): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const h of ctx.topology.hosts) {
    for (const role of ['internal', 'external'] as const) {
      const ip = h[role]?.ip?.text;
      if (!ip) continue;
      out.push({
        label: ip,
        kind: 'address',
        detail: `${h.id} · ${h.region.name} · ${t(`role.${role}`, locale)}`,
        documentation: format(t(role === 'internal' ? 'completion.internalDoc' : 'completion.externalDoc', locale), { host: h.id, region: h.region.name }),
        range,
      });
    }
  }
  return out;
}

export function tokenRange(doc: XmlDocument | LineIndex, text: string, offset: number): Range {
  let s = offset;
  while (s > 0 && /[0-9A-Za-z.:_-]/.test(text[s - 1])) s--;
  let e = offset;
  while (e < text.length && /[0-9A-Za-z.:_-]/.test(text[e])) e++;
  // Stop at a scheme separator or a port: replace only the host part.
  const word = text.slice(s, e);
  const slash = word.lastIndexOf('/');
  if (slash >= 0) s += slash + 1;
  const idx = doc instanceof LineIndex ? doc : doc.index;
  const host = text.slice(s, offset);
  const colon = host.indexOf(':');
  if (colon >= 0 && !host.includes('::')) s += colon + 1;
  const tail = text.slice(offset, e).indexOf(':');
  if (tail >= 0) e = offset + tail;
  return idx.rangeOf(s, e);
}

/** Placeholder keys defined for the hosts running `file` (topology host/region properties, properties files). */
function placeholderKeys(ctx: AnalyzerContext, file: string): { key: string; values: string[] }[] {
  const vantage = ctx.vantage(file);
  const keys = new Set<string>();
  for (const v of vantage) {
    for (const k of v.host.properties.keys()) keys.add(k);
    for (const k of v.host.region.properties.keys()) keys.add(k);
    for (const p of v.service?.properties ?? []) for (const k of ctx.properties(p.value)?.byKey.keys() ?? []) keys.add(k);
  }
  return [...keys].sort().map((key) => ({
    key,
    values: [...new Set(vantage.map((v) => ctx.resolve(key, v)?.value).filter((x): x is string => x !== undefined))],
  }));
}

const ADDRESS_ATTRS = new Set(['address', 'host', 'url', 'qos-host', 'value']);

function completeXml(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): CompletionEntry[] {
  const doc = parseCached(file, text);
  const offset = doc.index.offsetAt(position);
  const tc = tagContext(text, offset);
  if (!tc) return [];
  const prefixes = dubboPrefixes(doc, text, offset);
  if (tc.kind === 'name' || tc.kind === 'text') {
    if (tc.kind === 'text') return [];
    const parent = parentDubbo(doc, offset);
    const parentInfo = parent ? schemaFor(parent.ns)?.elements.get(parent.local) : undefined;
    const range = doc.index.rangeOf(tc.tagStart + 1, offset);
    const out: CompletionEntry[] = [];
    for (const { prefix, schema } of prefixes) {
      const names = parentInfo ? parentInfo.children : topLevelElements(schema);
      for (const n of names) {
        const info = schema.elements.get(n);
        if (!info) continue;
        const q = prefix ? `${prefix}:${n}` : n;
        const required = [...info.attributes.values()].filter((a) => a.required);
        const attrs = required.map((a, i) => ` ${a.name}="$${i + 1}"`).join('');
        out.push({ label: q, kind: 'element', detail: schema.uri, documentation: info.doc[locale], insertText: `${q}${attrs}/>`, snippet: true, range });
      }
    }
    return out;
  }
  const colon = tc.tagName.indexOf(':');
  const prefix = colon > 0 ? tc.tagName.slice(0, colon) : '';
  const local = colon > 0 ? tc.tagName.slice(colon + 1) : tc.tagName;
  const schema = prefixes.find((p) => p.prefix === prefix)?.schema;
  const info = schema?.elements.get(local);
  if (tc.kind === 'attribute') {
    if (!info) return [];
    const tagEnd = text.slice(tc.tagStart + 1).search(/[<>]/);
    const tag = text.slice(tc.tagStart, tagEnd < 0 ? text.length : tc.tagStart + 1 + tagEnd);
    const present = new Set([...tag.matchAll(/\s([\w:.-]+)\s*=/g)].map((m) => m[1]));
    let s = offset;
    while (s > 0 && /[\w.-]/.test(text[s - 1])) s--;
    const range = doc.index.rangeOf(s, offset);
    return [...info.attributes.values()]
      .filter((a) => !present.has(a.name))
      .map((a) => ({
        label: a.name,
        kind: 'attribute' as const,
        detail: `${typeLabel(a, locale)}${a.default !== undefined ? ` = ${a.default}` : ''}`,
        documentation: a.doc?.[locale],
        insertText: `${a.name}="$1"`,
        snippet: true,
        range,
      }));
  }
  // Attribute value.
  const out: CompletionEntry[] = [];
  // Inside `${…`: the keys the hosts running this file can resolve, with their values.
  const open = /\$\{([\w.-]*)$/.exec(text.slice(tc.valueStart ?? offset, offset));
  if (open) {
    const range = doc.index.rangeOf(offset - open[1].length, offset);
    return placeholderKeys(ctx, file).map(({ key, values }) => ({
      label: key,
      kind: 'property' as const,
      detail: values.join(' | '),
      insertText: text[offset] === '}' ? key : `${key}}`,
      range,
    }));
  }
  const ai = info && tc.attrName ? info.attributes.get(tc.attrName) : undefined;
  if (ai) {
    let s = offset;
    while (s > 0 && /[\w.-]/.test(text[s - 1])) s--;
    const range = doc.index.rangeOf(s, offset);
    for (const v of valuesFor(ai)) out.push({ label: v, kind: 'value', detail: ai.extension ? t(`spi.${ai.extension}`, locale) : typeLabel(ai, locale), range });
  }
  if (tc.attrName && (ADDRESS_ATTRS.has(tc.attrName) || /\d+\.\d+/.test(text.slice(tc.valueStart ?? offset, offset)))) {
    out.push(...addressEntries(ctx, tokenRange(doc, text, offset), locale));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

export const dubboAnalyzer: Analyzer = {
  name: 'dubbo',
  files: dubboFiles,
  analyze: analyzeXml,
  analyzeWorkspace: checkDubboWorkspace,
  sharedState: registrySummary,
  hover: hoverXml,
  complete: completeXml,
  definition: definitionXml,
  references: referencesXml,
  hints: hintsXml,
  symbols: (file, text) => xmlSymbols(parseCached(file, text)),
  renameTarget: keyAt,
  rename: renameKeyAt,
};
