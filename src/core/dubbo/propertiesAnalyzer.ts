import type { Analyzer, AnalyzerContext, CompletionEntry, DefinitionResult, HoverResult, InlayHintEntry, Vantage } from '../analyzer';
import { format } from '../l10n';
import { type ConfigImport, configImports, onClasspath } from '../properties/imports';
import { type PropertiesFile, type PropertyEntry, withoutKeys, withProfiles } from '../properties/parse';
import { springConfigName } from '../properties/springFiles';
import { isYamlFile, parsePropertiesFile } from '../properties/yaml';
import { judgeAddress } from '../rules/address/judge';
import { checkDubbo } from '../rules/dubbo/index';
import * as propertiesDuplicateKey from '../rules/dubbo/propertiesDuplicateKey';
import * as springConfigImportMissing from '../rules/dubbo/springConfigImportMissing';
import { ownFiles } from '../scope';
import { LineIndex } from '../text';
import type { Service, Topology } from '../topology/model';
import type { Finding, Locale, Position, Range } from '../types';
import { addressTokens } from './address';
import {
  addressEntries,
  addressFindings,
  attributeHover,
  overriddenOn,
  configsUsing,
  describeAddress,
  describePlaceholder,
  elementHover,
  keyPlaces,
  type KeyPlace,
  placeholderDefinitions,
  placeholderHint,
  tokenRange,
  typeLabel,
} from './analyzer';
import { beanOnlyProperties, configClass, validProperty } from './beanProperties';
import { dubboFileOf } from './fileContext';
import { keyAt, renameKeyAt } from './keyRename';
import { dubboModel, isDubboService } from './model';
import { findPlaceholders, type PlaceholderRef } from './placeholders';
import { elementOfKey, elementOfPrefix, isPropertiesFile, propertiesConfigCached, PROPERTY_TAGS, type PropertiesDubboConfig } from './propertiesConfig';
import { apacheSchema, looseName, valuesFor } from './schema';
import { registrySummary } from './sharedState';
import { t } from './strings';

/**
 * The analyzer of `.properties` files and Spring Boot `application.yml`: the values they give
 * placeholders (duplicate keys, addresses judged where no config uses them), and for a Dubbo service
 * without Dubbo XML its `dubbo.*` keys as its Dubbo configuration (propertiesConfig.ts), judged by the
 * Dubbo rules. Hovers, completion, hints, Go to Definition, references and key rename.
 */

/** Find All References on a key of a `.properties` file. */
function referencesProperties(file: string, text: string, position: Position, ctx: AnalyzerContext): KeyPlace[] | undefined {
  const e = parsePropertiesFile(file, text).entries.find(
    (x) => x.keyRange.start.line === position.line && position.character >= x.keyRange.start.character && position.character <= x.keyRange.end.character,
  );
  return e && keyPlaces(ctx, file, e.key);
}

/** The `${placeholder}` refs of the values of a properties or YAML file, where the value is written as it reads. */
function propertiesPlaceholders(text: string, entries: readonly PropertyEntry[]): { e: PropertyEntry; ref: PlaceholderRef; start: number; end: number }[] {
  const out: { e: PropertyEntry; ref: PlaceholderRef; start: number; end: number }[] = [];
  let idx: LineIndex | undefined;
  for (const e of entries) {
    if (!e.value.includes('${')) continue;
    idx ??= new LineIndex(text);
    const base = idx.offsetAt(e.valueRange.start);
    if (text.slice(base, idx.offsetAt(e.valueRange.end)) !== e.value) continue;
    for (const ref of findPlaceholders(e.value)) out.push({ e, ref, start: base + ref.start, end: base + ref.end });
  }
  return out;
}

/** Inlay hints after each `${placeholder}` of a properties or YAML value, as in Dubbo XML. */
function hintsProperties(file: string, text: string, ctx: AnalyzerContext, locale: Locale, range?: Range): InlayHintEntry[] {
  if (ctx.vantage(file).length === 0 || !text.includes('${')) return [];
  const idx = new LineIndex(text);
  const from = range ? idx.offsetAt(range.start) : 0;
  const to = range ? idx.offsetAt(range.end) : text.length;
  const out: InlayHintEntry[] = [];
  const read = entriesRead(ctx, file, parsePropertiesFile(file, text));
  for (const p of propertiesPlaceholders(text, read.entries)) {
    if (p.end < from || p.end > to) continue;
    const vantage = read.hostsOf(p.e);
    if (vantage.length === 0) continue;
    const hint = placeholderHint(ctx, file, vantage, p.e.value.slice(p.ref.start, p.ref.end), idx.positionAt(p.end), locale);
    if (hint) out.push(hint);
  }
  return out;
}

/** Go to Definition on a `${placeholder}` of a properties or YAML value: where each vantage host's value is defined. */
function definitionProperties(file: string, text: string, position: Position, ctx: AnalyzerContext): DefinitionResult | undefined {
  const imp = configImportAt(file, text, position, ctx);
  if (imp) {
    if (imp.files.length === 0) return undefined;
    const start = { line: 0, character: 0 };
    return { range: imp.range, targets: imp.files.map((f) => ({ file: f, range: { start, end: start } })) };
  }
  if (!text.includes('${')) return undefined;
  const idx = new LineIndex(text);
  const offset = idx.offsetAt(position);
  const p = propertiesPlaceholders(text, entriesRead(ctx, file, parsePropertiesFile(file, text)).entries).find((x) => offset >= x.start && offset <= x.end);
  return p && placeholderDefinitions(ctx, file, p.e.value.slice(p.ref.start, p.ref.end), p.ref.key, idx.rangeOf(p.start, p.end));
}

/**
 * The `spring.config.import` location under the cursor (in any document of the file), with the
 * workspace files Spring Boot reads for it: the file it names, then the profile-specific forms of it
 * that some host of this file reads.
 */
function configImportAt(file: string, text: string, position: Position, ctx: AnalyzerContext): { i: ConfigImport; range: Range; files: string[] } | undefined {
  if (!text.includes('import')) return undefined;
  const own = parsePropertiesFile(file, text);
  const every = own.documents ? { ...own, entries: own.documents.flat() } : own;
  let idx: LineIndex | undefined;
  const exists = (path: string) => ctx.ws.read(path) !== undefined;
  for (const found of configImports(file, every, ctx.ws.root)) {
    const i = onClasspath(found, file, exists, () => ctx.ws.files());
    const e = i.entry;
    if (position.line < e.valueRange.start.line || position.line > e.valueRange.end.line) continue;
    idx ??= new LineIndex(text);
    const vs = idx.offsetAt(e.valueRange.start);
    // Only a value written as it reads (no escapes, no continuation lines) maps back to its characters.
    if (text.slice(vs, idx.offsetAt(e.valueRange.end)) !== e.value) continue;
    const offset = idx.offsetAt(position);
    if (offset < vs + i.start || offset > vs + i.end) continue;
    const files: string[] = [];
    if (i.path !== undefined) {
      if (exists(i.path)) files.push(i.path);
      const dot = i.path.lastIndexOf('.');
      const stem = `${i.path.slice(0, dot)}-`;
      const ext = i.path.slice(dot);
      for (const v of ctx.vantage(file)) {
        for (const f of ctx.readOrder(v)) if (f.startsWith(stem) && f.endsWith(ext) && !f.slice(stem.length).includes('/') && !files.includes(f)) files.push(f);
      }
    }
    return { i, range: idx.rangeOf(vs + i.start, vs + i.end), files };
  }
  return undefined;
}

/** What Spring Boot reads for a `spring.config.import` location (see `configImportAt`). */
function configImportHover(imp: { i: ConfigImport; files: string[] }, locale: Locale): string {
  const { i, files } = imp;
  if (i.path === undefined) return format(t('hover.configImportNotFollowed', locale), { location: i.location });
  if (files[0] !== i.path) return format(t('hover.configImportMissing', locale), { location: i.location, path: i.path });
  const lines = [format(t('hover.configImportReads', locale), { path: i.path })];
  if (files.length > 1) lines.push('', t('hover.configImportProfiles', locale), '', ...files.slice(1).map((f) => `- ${f}`));
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Properties files.

const propertiesLists = new WeakMap<Topology, string[]>();

/** The properties files services list, and those Dubbo services list as config (kept with the topology: not to be changed). */
function listedPropertiesFiles(topology: Topology): string[] {
  let list = propertiesLists.get(topology);
  if (!list) {
    const out = new Set<string>();
    for (const s of topology.services) {
      for (const p of s.properties) out.add(p.value);
      // A properties file as a Dubbo service's config (Spring Boot): its `dubbo.*` keys are its configuration.
      if (isDubboService(s)) for (const c of s.config) if (isPropertiesFile(c.value)) out.add(c.value);
    }
    propertiesLists.set(topology, (list = [...out].sort()));
  }
  return list;
}

/** A line setting a `dubbo.*` key (what makes a properties file no service lists one of ours). */
const DUBBO_KEY_LINE = /^[ \t\f]*dubbo\./m;

/** A YAML line opening or setting the `dubbo` mapping at the top level (`dubbo:`, `dubbo.protocol.port: -1`). */
const DUBBO_YAML_LINE = /^dubbo(?:\.|[ \t]*:)/m;

const lastPropertiesLists = new WeakMap<Topology, { files: readonly string[]; others: string[]; texts: (string | undefined)[]; list: string[] }>();

/**
 * The listed properties files, and any other `.properties` file (or Spring Boot `application*.yml`)
 * setting a `dubbo.*` key: no service lists it, so it has no vantage host, and gets the checks that
 * need none (`ip-invalid`, `ip-unknown`, and for a file Spring Boot or Dubbo reads by its name the
 * Dubbo checks that judge a value alone, see `dubboConfigOf`), as an unlisted Dubbo XML does. Kept
 * while the file list and those other files' texts are the same.
 */
function propertiesFiles(ctx: AnalyzerContext): string[] {
  const listed = listedPropertiesFiles(ctx.topology);
  // Not the files of a folder holding another topology (scope.ts).
  const files = ownFiles(ctx.ws);
  const last = lastPropertiesLists.get(ctx.topology);
  if (last && last.files === files && last.others.every((f, i) => ctx.ws.read(f) === last.texts[i])) return withConfigImports(ctx, last.list);
  const known = new Set(listed);
  const others: string[] = [];
  const texts: (string | undefined)[] = [];
  const unlisted: string[] = [];
  for (const file of files) {
    // Spring Boot YAML only by its name (`application.yml`): other YAML is not configuration of ours.
    const yaml = isYamlFile(file);
    if (known.has(file) || !(file.endsWith('.properties') || (yaml && springConfigName(file)))) continue;
    const text = ctx.ws.read(file);
    others.push(file);
    texts.push(text);
    if (text !== undefined && (yaml ? DUBBO_YAML_LINE : DUBBO_KEY_LINE).test(text)) unlisted.push(file);
  }
  const list = unlisted.length === 0 ? listed : [...listed, ...unlisted].sort();
  lastPropertiesLists.set(ctx.topology, { files, others, texts, list });
  return withConfigImports(ctx, list);
}

/** `list` and the files services read through `spring.config.import` (decided per run, from the texts). */
function withConfigImports(ctx: AnalyzerContext, list: string[]): string[] {
  let all: Set<string> | undefined;
  for (const s of ctx.topology.services) {
    for (const f of ctx.configImports(s)) {
      if (all?.has(f) || (!all && list.includes(f))) continue;
      all ??= new Set(list);
      all.add(f);
    }
  }
  return all ? [...all].sort() : list;
}

/** Where a key is used: the config, the line of the element and the attribute. */
interface KeyUse {
  file: string;
  line: number;
  attribute: string;
}

/** Adds the keys the values of `props` refer to for used keys (a used key's value makes its keys used too). */
function addNestedKeys<T>(used: Map<string, T>, props: PropertiesFile | undefined): void {
  if (!props) return;
  let grew = true;
  while (grew) {
    grew = false;
    for (const [key, where] of [...used]) {
      for (const ref of findPlaceholders(props.byKey.get(key)?.value ?? '')) {
        if (!used.has(ref.key)) {
          used.set(ref.key, where);
          grew = true;
        }
      }
    }
  }
}

/** Keys the XML configs of the services listing `file` use in placeholders (nested keys included), with where. */
function usedKeys(ctx: AnalyzerContext, file: string, props?: PropertiesFile): Map<string, KeyUse[]> {
  const used = new Map<string, KeyUse[]>();
  for (const { file: xml, doc } of configsUsing(ctx, file)) {
    for (const { el, a } of doc.placeholders) {
      for (const ref of findPlaceholders(a.value)) {
        const where = { file: xml, line: doc.index.positionAt(el.start).line, attribute: a.name };
        const list = used.get(ref.key);
        if (list) list.push(where);
        else used.set(ref.key, [where]);
      }
    }
  }
  addNestedKeys(used, props);
  return used;
}

/**
 * The keys of `usedKeys` alone, for the lint (where they are used is read by hovers and completions),
 * the keys used by the values of each reading of the file among them.
 */
function usedKeySet(ctx: AnalyzerContext, file: string, readings: readonly PropertiesFile[]): Set<string> {
  const used = new Map<string, true>();
  for (const { doc } of configsUsing(ctx, file)) for (const { a } of doc.placeholders) for (const ref of findPlaceholders(a.value)) used.set(ref.key, true);
  for (const props of readings) addNestedKeys(used, props);
  return new Set(used.keys());
}

const VERSION_KEY = /version/i;

const listings = new WeakMap<Topology, Map<string, Service[]>>();

/** The services listing a file in `config:` or `properties:`, whether or not they run on a host. */
function servicesListing(topology: Topology, file: string): readonly Service[] {
  let byFile = listings.get(topology);
  if (!byFile) {
    byFile = new Map();
    for (const s of topology.services) {
      for (const f of new Set([...s.config, ...s.properties].map((x) => x.value))) byFile.set(f, [...(byFile.get(f) ?? []), s]);
    }
    listings.set(topology, byFile);
  }
  return byFile.get(file) ?? [];
}

/**
 * The Dubbo configuration a properties file holds (none: plain values): for a Dubbo service listing
 * it that has no Dubbo XML; or, when no service lists it, for a file Spring Boot or Dubbo reads by
 * its name (`application.properties`, `application-dr.yml`, `dubbo.properties`), which then gets the
 * checks that judge a value alone (it has no vantage host). Another file no service lists may hold
 * `dubbo.*` keys as mere placeholder values: they are not read as configuration.
 */
function dubboConfigOf(ctx: AnalyzerContext, file: string, text: string, props: PropertiesFile): PropertiesDubboConfig | undefined {
  if (!text.includes('dubbo')) return undefined;
  const listing = [...servicesListing(ctx.topology, file), ...ctx.topology.services.filter((s) => ctx.configImports(s).includes(file))];
  let read = listing.length === 0 && springConfigName(file) !== undefined;
  if (!read) {
    const model = dubboModel(ctx);
    read = listing.some((s) => isDubboService(s) && model.configs(s).some((c) => c.file === file));
  }
  if (!read) return undefined;
  const config = propertiesConfigCached(file, text, props);
  return config.doc.elements.length > 0 ? config : undefined;
}

/** One way a file is read (`props`) and the vantage hosts that read it so. */
interface Reading {
  props: PropertiesFile;
  vantage: Vantage[];
}

/**
 * `own` (a parse of the file's text, which may be another object than the context's, or of an unsaved
 * text) read as the context reads the file on a host (`read`): the same documents, less the same keys.
 */
function readAs(own: PropertiesFile, read: PropertiesFile | undefined): PropertiesFile {
  if (!read || read === own) return own;
  const base = read.own ?? read;
  if (base === own) return read;
  const profiles = read.profiles && base.profiles && read.profiles !== base.profiles ? [...read.profiles] : undefined;
  const props = withProfiles(own, profiles);
  if (read.byKey.size === withProfiles(base, profiles).byKey.size) return props;
  const gone = new Set<string>();
  for (const k of withProfiles(base, profiles).byKey.keys()) if (!read.byKey.has(k)) gone.add(k);
  return withoutKeys(props, gone);
}

/**
 * How the vantage hosts of a file read it (`AnalyzerContext.properties` with the host): one reading,
 * the file's own, unless some hosts read it otherwise — other documents for the Spring profiles active
 * there, or keys a file their service reads after it sets (`application-dr.yml` over
 * `application.yml`); then one per distinct reading, in the order of the hosts.
 */
function readingsOf(ctx: AnalyzerContext, file: string, own: PropertiesFile): Reading[] {
  const vantage = ctx.vantage(file);
  const byProps = new Map<PropertiesFile, Vantage[]>();
  for (const v of vantage) {
    const props = readAs(own, ctx.properties(file, v));
    const list = byProps.get(props);
    if (list) list.push(v);
    else byProps.set(props, [v]);
  }
  if (byProps.size <= 1) return [{ props: byProps.keys().next().value ?? own, vantage }];
  return [...byProps].map(([props, hosts]) => ({ props, vantage: hosts }));
}

/**
 * The entries the hosts of a file read, in file order, with the hosts each applies on (see
 * `judgedEntries`) and a reading of the file that reads it. With one reading, the file's own, its
 * entries and every vantage host.
 */
function entriesRead(
  ctx: AnalyzerContext,
  file: string,
  own: PropertiesFile,
): { entries: PropertyEntry[]; hostsOf(e: PropertyEntry): Vantage[]; readingOf(e: PropertyEntry): PropertiesFile | undefined } {
  const readings = readingsOf(ctx, file, own);
  if (readings.length === 0 || (readings.length === 1 && readings[0].props === own)) {
    const vantage = ctx.vantage(file);
    return { entries: own.entries, hostsOf: () => vantage, readingOf: () => own };
  }
  const hosts = new Map<PropertyEntry, Vantage[]>();
  const reading = new Map<PropertyEntry, PropertiesFile>();
  for (const r of readings) {
    for (const e of r.props.entries) if (!reading.has(e)) reading.set(e, r.props);
    for (const e of judgedEntries(r)) hosts.set(e, [...(hosts.get(e) ?? []), ...r.vantage]);
  }
  const entries = [...reading.keys()].sort(inFileOrder);
  return { entries, hostsOf: (e) => hosts.get(e) ?? [], readingOf: (e) => reading.get(e) };
}

/**
 * The entries of a reading judged from its hosts: those it reads, but in a reading with profiles the
 * deploy activates, not those a later document overrides (the file's own reading keeps them all).
 */
function judgedEntries(r: Reading): PropertyEntry[] {
  if (!r.props.own) return r.props.entries;
  return r.props.entries.filter((e) => r.props.byKey.get(e.key) === e);
}

function inFileOrder(a: PropertyEntry, b: PropertyEntry): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function findingKey(f: Finding): string {
  const { start, end } = f.range;
  return `${f.rule}\u0000${start.line}:${start.character}-${end.line}:${end.character}\u0000${JSON.stringify(f.message)}`;
}

function analyzeProperties(file: string, text: string, ctx: AnalyzerContext): Finding[] {
  // The context has parsed the same text for placeholder resolution.
  const props = (ctx.ws.read(file) === text ? ctx.properties(file) : undefined) ?? parsePropertiesFile(file, text);
  const readings = readingsOf(ctx, file, props);
  const used = usedKeySet(ctx, file, readings.map((r) => r.props));
  // Spring Boot YAML: a key repeated across its documents is an override, and YAML skips a BOM.
  const yaml = isYamlFile(file);
  const out: Finding[] = [];
  // Java reads a byte order mark as part of the first line (java.util.Properties does not skip it):
  // a key there is lost; a comment there becomes a harmless key.
  const first = props.entries[0];
  if (!yaml && first && first.keyRange.start.line === 0 && ctx.ws.hasBom?.(file)) {
    out.push({ rule: 'file-encoding', file, range: first.keyRange, message: { id: 'bomProperties', data: { key: first.key } } });
  }
  // The file's `dubbo.*` keys, when they are a Dubbo service's configuration: judged as the
  // elements they configure, by the same rules as XML — for each reading, from the hosts reading it so.
  const configs: (PropertiesDubboConfig | undefined)[] = [];
  if (readings.length === 1 && readings[0].props === props) {
    const config = dubboConfigOf(ctx, file, text, props);
    configs.push(config);
    if (config) {
      const f = dubboFileOf(file, config.doc, ctx);
      out.push(...checkDubbo(f));
      out.push(...addressFindings(f));
    }
  } else {
    const seen = new Set<string>();
    for (const r of readings) {
      const config = dubboConfigOf(ctx, file, text, r.props);
      configs.push(config);
      if (!config) continue;
      const f = dubboFileOf(file, config.doc, ctx, r.vantage);
      // What every reading finds alike is said once.
      for (const x of [...checkDubbo(f), ...addressFindings(f)]) {
        const key = findingKey(x);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(x);
      }
    }
  }
  if (!yaml) {
    // A key the file's Dubbo configuration reads (`dubbo.registry.address` of a Spring Boot
    // service) is used as much as one a placeholder names: set twice, the first is lost as well.
    let keys: ReadonlySet<string> = used;
    for (const c of configs) if (c && c.keys.size > 0) keys = new Set([...keys, ...c.keys]);
    out.push(...propertiesDuplicateKey.check(file, props, keys));
  }
  out.push(...springConfigImportMissing.check(file, text, props, ctx.ws.root, (p) => ctx.ws.read(p) !== undefined, () => ctx.ws.files()));
  // The hosts each entry is judged from: those of the readings that read it.
  let entries: PropertyEntry[] = props.entries;
  let hostsOf: ((e: PropertyEntry) => Vantage[] | undefined) | undefined;
  if (readings.length > 1 || readings[0].props !== props) {
    const hosts = new Map<PropertyEntry, Vantage[]>();
    readings.forEach((r, i) => {
      for (const e of judgedEntries(r)) {
        if (configs[i]?.keys.has(e.key)) continue;
        const list = hosts.get(e);
        if (list) list.push(...r.vantage);
        else hosts.set(e, [...r.vantage]);
      }
    });
    entries = [...hosts.keys()].sort(inFileOrder);
    hostsOf = (e) => hosts.get(e);
  }
  const config = configs[0];
  let idx: LineIndex | undefined;
  let vantage: Vantage[] | undefined;
  for (const e of entries) {
    // Values a config uses are judged where they are used (the XML attribute), once.
    if (used.has(e.key) || VERSION_KEY.test(e.key) || (!hostsOf && config?.keys.has(e.key))) continue;
    if (e.valueRange.start.line !== e.valueRange.end.line) continue;
    const tokens = addressTokens(e.value);
    if (tokens.length === 0) continue;
    idx ??= new LineIndex(text);
    const raw = idx.text.slice(idx.offsetAt(e.valueRange.start), idx.offsetAt(e.valueRange.end));
    if (raw !== e.value) continue;
    const from = hostsOf ? (hostsOf(e) ?? []) : (vantage ??= ctx.vantage(file));
    for (const tok of tokens) {
      const range: Range = {
        start: { line: e.valueRange.start.line, character: e.valueRange.start.character + tok.start },
        end: { line: e.valueRange.start.line, character: e.valueRange.start.character + tok.end },
      };
      out.push(...judgeAddress(ctx, { file, range, candidates: [{ text: tok.text, vantage: from, edit: { file, range } }], reader: 'java' }));
    }
  }
  return out;
}

/**
 * What a key setting a bean property the XSD has no attribute for is (`metadata-service-port`): the
 * config class it belongs to and the key it is read from. There is no description of such a property.
 */
function beanPropertyDoc(tag: string, name: string, key: string, locale: Locale): string | undefined {
  const className = configClass(tag);
  if (!className) return undefined;
  return [format(t('hover.beanProperty', locale), { name, class: className }), '', format(t('hover.beanPropertyRead', locale), { key, class: className, tag })].join('\n');
}

/** On a `dubbo.*` key of a Dubbo service's properties: the element (`dubbo.protocol`) or attribute it configures. */
function dubboKeyHover(ctx: AnalyzerContext, file: string, config: PropertiesDubboConfig, e: PropertyEntry, position: Position, locale: Locale): HoverResult | undefined {
  const { doc } = config;
  const offset = doc.index.offsetAt(position);
  const keyStart = doc.index.offsetAt(e.keyRange.start);
  const keyEnd = doc.index.offsetAt(e.keyRange.end);
  for (const el of doc.elements) {
    // The attribute this key wrote (not the id inside a `dubbo.registries.<id>` name).
    const a = el.attrs.find((x) => x.nameStart >= keyStart && x.nameEnd === keyEnd);
    if (!a) continue;
    const info = apacheSchema.elements.get(el.local);
    if (!info) return undefined;
    if (offset < a.nameStart) return { range: doc.index.rangeOf(keyStart, a.nameStart - 1), markdown: elementHover(el, apacheSchema, info, locale) };
    const ai = info.attributes.get(a.local);
    // Not in the XSD: a bean property of the config class, if it is one (an unknown key has its diagnostic).
    const bean = ai ? undefined : validProperty(el.local, a.local);
    const docs = ai ? attributeHover(el, info, ai, locale) : bean && beanPropertyDoc(el.local, bean, `${el.key ?? `dubbo.${el.local}`}.${bean}`, locale);
    if (!docs) return undefined;
    const elsewhere = overriddenOn(ctx, file, doc, a, locale);
    return { range: doc.index.rangeOf(a.nameStart, a.nameEnd), markdown: elsewhere ? `${elsewhere}\n\n---\n\n${docs}` : docs };
  }
  return undefined;
}

function hoverProperties(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): HoverResult | undefined {
  const imp = configImportAt(file, text, position, ctx);
  if (imp) return { range: imp.range, markdown: configImportHover(imp, locale) };
  const own = parsePropertiesFile(file, text);
  const read = entriesRead(ctx, file, own);
  const e = read.entries.find((x) => x.range.start.line <= position.line && x.range.end.line >= position.line);
  if (!e) return undefined;
  // The hosts that read this line (those the deploy gives other Spring profiles may not), as they read the file.
  const vantage = read.hostsOf(e);
  const props = read.readingOf(e) ?? own;
  // A `${placeholder}` in the value: what it resolves to on each host, as in Dubbo XML.
  if (text.includes('${')) {
    const idx = new LineIndex(text);
    const offset = idx.offsetAt(position);
    const p = propertiesPlaceholders(text, [e]).find((x) => offset >= x.start && offset <= x.end);
    if (p) return { range: idx.rangeOf(p.start, p.end), markdown: describePlaceholder(ctx, file, p.e.value.slice(p.ref.start, p.ref.end), vantage, locale) };
  }
  if (e.valueRange.start.line === position.line && position.character >= e.valueRange.start.character) {
    const k = position.character - e.valueRange.start.character;
    for (const tok of addressTokens(e.value)) {
      if (k >= tok.start && k <= tok.end) {
        const line = e.valueRange.start.line;
        const c = e.valueRange.start.character;
        return { range: { start: { line, character: c + tok.start }, end: { line, character: c + tok.end } }, markdown: describeAddress(ctx, tok.text, vantage, locale) };
      }
    }
  }
  if (e.keyRange.start.line === position.line && position.character >= e.keyRange.start.character && position.character <= e.keyRange.end.character) {
    // A key of the service's Dubbo configuration: its docs (an unknown one has its diagnostic).
    const config = dubboConfigOf(ctx, file, text, props);
    if (config?.keys.has(e.key)) return dubboKeyHover(ctx, file, config, e, position, locale);
    const used = usedKeys(ctx, file, props).get(e.key) ?? [];
    const lines = [`**${e.key}**`, ''];
    if (used.length === 0) lines.push(t('hover.keyUnused', locale));
    else for (const u of used) lines.push(`- ${format(t('hover.keyUsedBy', locale), { file: u.file, line: u.line + 1, attribute: u.attribute })}`);
    const effective = vantage.map((v) => ({ v, r: ctx.resolve(e.key, v) })).filter((x) => x.r && x.r.origin !== 'properties');
    for (const { v, r } of effective) lines.push(`- ${format(t('hover.keyOverridden', locale), { host: v.host.id, value: r!.value, origin: t(`origin.${r!.origin}`, locale) })}`);
    return { range: e.keyRange, markdown: lines.join('\n') };
  }
  return undefined;
}

function completeProperties(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): CompletionEntry[] {
  const idx = new LineIndex(text);
  const line = idx.lineText(position.line);
  const before = line.slice(0, position.character);
  const sep = before.search(/[=:]/);
  // Spring Boot YAML: keys are nested, not typed whole as here.
  if (isYamlFile(file)) {
    const dubbo = readsDubboKeys(ctx, file) ? completeYaml(text, position, locale) : [];
    return sep < 0 ? dubbo : [...dubbo, ...addressEntries(ctx, tokenRange(idx, idx.text, idx.offsetAt(position)), locale)];
  }
  if (sep < 0) {
    // Key position: keys the configs use that this file does not define yet.
    const props = parsePropertiesFile(file, text);
    const used = usedKeys(ctx, file, props);
    const start = before.length - before.trimStart().length;
    const range = { start: { line: position.line, character: start }, end: position };
    const placeholderKeys = [...used.keys()]
      .filter((k) => !props.byKey.has(k) && !k.includes('${'))
      .map((k) => ({
        label: k,
        kind: 'property' as const,
        detail: used.get(k)!.map((u) => `${u.file}:${u.line + 1}`).join(', '),
        insertText: `${k}=`,
        range,
      }));
    return [...placeholderKeys, ...(readsDubboKeys(ctx, file) ? dubboKeyEntries(before.trimStart(), props, range, locale) : [])];
  }
  const key = before.slice(0, sep).trim();
  const values = readsDubboKeys(ctx, file) ? dubboValueEntries(key, before.slice(sep + 1), position, locale) : [];
  return [...values, ...addressEntries(ctx, tokenRange(idx, idx.text, idx.offsetAt(position)), locale)];
}

/** Whether a properties file configures Dubbo through `dubbo.*` keys: a Dubbo service listing it has no Dubbo XML. */
function readsDubboKeys(ctx: AnalyzerContext, file: string): boolean {
  const model = dubboModel(ctx);
  return ctx.vantage(file).some((v) => v.service !== undefined && isDubboService(v.service) && model.configs(v.service).every((c) => c.doc.format !== undefined));
}

/**
 * Keys being typed as `dubbo.`, `dubbo.<tag>.` or `dubbo.<tags>.<id>.`: the tags, then the attributes
 * of that element (those not yet set for it). Before an id (`dubbo.protocols.`) nothing: it is the user's.
 */
function dubboKeyEntries(typed: string, props: PropertiesFile, range: Range, locale: Locale): CompletionEntry[] {
  if (!'dubbo.'.startsWith(typed) && !typed.startsWith('dubbo.')) return [];
  if (!/^dubbo\.[\w-]+\./.test(typed)) {
    return PROPERTY_TAGS.map((tag) => ({
      label: `dubbo.${tag}.`,
      kind: 'element' as const,
      documentation: apacheSchema.elements.get(tag)?.doc[locale],
      range,
    }));
  }
  // The element's part of the key: up to the last dot (`dubbo.protocol`, `dubbo.protocols.p1`).
  const prefix = typed.slice(0, typed.lastIndexOf('.'));
  const tag = elementOfPrefix(prefix);
  const info = tag ? apacheSchema.elements.get(tag) : undefined;
  if (!tag || !info) return [];
  const out: CompletionEntry[] = [];
  for (const ai of info.attributes.values()) {
    const key = `${prefix}.${ai.name}`;
    if (ai.name === 'id' || props.byKey.has(key)) continue;
    out.push({ label: key, kind: 'attribute', detail: typeLabel(ai, locale), documentation: ai.doc?.[locale], insertText: `${key}=`, range });
  }
  for (const name of beanOnlyProperties(tag)) {
    const key = `${prefix}.${name}`;
    if (name === 'id' || props.byKey.has(key)) continue;
    out.push({ ...beanPropertyEntry(tag, name, key, locale), label: key, insertText: `${key}=`, range });
  }
  return out;
}

/** A completion item for a bean property the XSD has no attribute for: its class, and the hover's text. */
function beanPropertyEntry(tag: string, name: string, key: string, locale: Locale): Pick<CompletionEntry, 'kind' | 'detail' | 'documentation'> {
  return { kind: 'attribute', detail: format(t('completion.beanProperty', locale), { class: configClass(tag) ?? tag }), documentation: beanPropertyDoc(tag, name, key, locale) };
}

/** Values for a `dubbo.<tag>.<attribute>` key: the extension names or enumerated values the attribute takes. */
function dubboValueEntries(key: string, typed: string, position: Position, locale: Locale): CompletionEntry[] {
  const target = elementOfKey(key);
  const info = target ? apacheSchema.elements.get(target.tag) : undefined;
  const ai = info ? [...info.attributes.values()].find((a) => looseName(a.name) === looseName(target!.attribute)) : undefined;
  if (!ai) return [];
  const lead = typed.length - typed.trimStart().length;
  const range = { start: { line: position.line, character: position.character - typed.length + lead }, end: position };
  return valuesFor(ai).map((v) => ({ label: v, kind: 'value' as const, detail: ai.extension ? t(`spi.${ai.extension}`, locale) : typeLabel(ai, locale), range }));
}

/**
 * The keys of the block mappings a YAML line sits in, outermost first: each line above with less
 * indentation that opens a mapping (`key:` and nothing after it). Comments and blank lines are skipped.
 */
function yamlParents(idx: LineIndex, line: number, indent: number): string[] {
  const out: string[] = [];
  let limit = indent;
  for (let l = line - 1; l >= 0 && limit > 0; l--) {
    const text = idx.lineText(l);
    const body = text.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const lead = text.length - body.length;
    if (lead >= limit) continue;
    const m = /^([^\s:#][^:#]*?)\s*:\s*(#.*)?$/.exec(body);
    if (!m) return [];
    out.unshift(m[1].replace(/^["']|["']$/g, ''));
    limit = lead;
  }
  return out;
}

/**
 * Completion in Spring Boot YAML: under `dubbo:`, the tags; under `dubbo:` → `protocol:` (or
 * `protocols:` → `<id>:`), the attributes of that element not yet written there; after such a key,
 * the values it takes.
 */
function completeYaml(text: string, position: Position, locale: Locale): CompletionEntry[] {
  const idx = new LineIndex(text);
  const line = idx.lineText(position.line);
  const before = line.slice(0, position.character);
  const body = before.trimStart();
  const indent = before.length - body.length;
  const path = yamlParents(idx, position.line, indent).join('.');
  const colon = body.indexOf(':');
  if (colon >= 0) return dubboValueEntries(`${path ? `${path}.` : ''}${body.slice(0, colon).trim()}`, body.slice(colon + 1), position, locale);
  const range = { start: { line: position.line, character: indent }, end: position };
  if (path === 'dubbo') {
    return PROPERTY_TAGS.map((tag) => ({ label: tag, kind: 'element' as const, documentation: apacheSchema.elements.get(tag)?.doc[locale], insertText: `${tag}:`, range }));
  }
  const tag = elementOfPrefix(path);
  const info = tag ? apacheSchema.elements.get(tag) : undefined;
  if (!tag || !info) return [];
  // Keys already written in this mapping: the lines at this indentation until it ends, both ways.
  const written = new Set<string>();
  for (const step of [-1, 1]) {
    for (let l = position.line + step; l >= 0 && l < idx.lineCount; l += step) {
      const t = idx.lineText(l);
      const b = t.trimStart();
      if (b === '' || b.startsWith('#')) continue;
      const lead = t.length - b.length;
      if (lead < indent) break;
      const m = lead === indent ? /^([^\s:#]+)\s*:/.exec(b) : null;
      if (m) written.add(looseName(m[1]));
    }
  }
  const out: CompletionEntry[] = [];
  for (const ai of info.attributes.values()) {
    if (ai.name === 'id' || written.has(looseName(ai.name))) continue;
    out.push({ label: ai.name, kind: 'attribute', detail: typeLabel(ai, locale), documentation: ai.doc?.[locale], insertText: `${ai.name}: `, range });
  }
  for (const name of beanOnlyProperties(tag)) {
    if (name === 'id' || written.has(looseName(name))) continue;
    out.push({ ...beanPropertyEntry(tag, name, `${path}.${name}`, locale), label: name, insertText: `${name}: `, range });
  }
  return out;
}

export const propertiesAnalyzer: Analyzer = {
  name: 'properties',
  files: propertiesFiles,
  analyze: analyzeProperties,
  definition: definitionProperties,
  hints: hintsProperties,
  renameTarget: keyAt,
  rename: renameKeyAt,
  // The `dubbo.*` configuration of a Spring Boot service is judged against every service's registries.
  sharedState: registrySummary,
  hover: hoverProperties,
  complete: completeProperties,
  references: referencesProperties,
};

