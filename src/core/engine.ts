import type { Analyzer, AnalyzerContext, Resolution, Vantage, Workspace } from './analyzer';
import { localize, normalizeLocale, tidyChinese } from './l10n';
import { allRules, ruleMeta } from './rules/catalog';
import type { MessageTemplate } from './rules/meta';
import { checkTopology } from './rules/topology/index';
import { type PropertiesFile, withoutKeys, withProfiles } from './properties/parse';
import { type ImportLookups, missingImportLookups, NO_LOOKUPS, serviceImports } from './dubbo/imports';
import { activeProfiles, envNameOf, outsideConfigLocations, springProfiles } from './properties/profiles';
import { springConfigName, springReadOrder } from './properties/springFiles';
import { configImportLookups, configImports, importedFiles, onClasspath, remoteConfigServers, unknownImports, withImports } from './properties/imports';
import { mayImport } from './springResources';
import { isKeyValueFile, parsePropertiesFile } from './properties/yaml';
import { LineIndex } from './text';
import { changedSince, type Stamp, stampOf } from './changes';
import { findingCarriedOver, rangesCarriedOver } from './topology/carryOver';
import { sameMeaning, topologyMeaning, type TopologyMeaning } from './topology/meaning';
import { parseTopology, TOPOLOGY_FILE, type ParsedTopology } from './topology/parse';
import type { Located, Service, Share, Topology } from './topology/model';
import { withoutIdleFixes } from './fixes';
import type { Diagnostic, Finding, Locale, MessageRef, Range, Severity, SeveritySetting } from './types';

export interface LintOptions {
  locale?: Locale | string;
  /** Severity overrides that win over the topology's `rules:` (the editor setting). */
  ruleOverrides?: Record<string, SeveritySetting>;
  analyzers?: readonly Analyzer[];
  /** Called when an analyzer throws on a file; the file is skipped, the run goes on. */
  onAnalyzerError?(analyzer: string, file: string, error: unknown): void;
}

export interface LintResult {
  topologyFile: string;
  topology: Topology;
  diagnostics: Diagnostic[];
  /** Files examined, workspace-relative. */
  files: string[];
  /**
   * The analyzer that examines each of `files` an analyzer lists (the first that lists it; the
   * topology file too when one judges a part of it): the one the editor asks for a file's hovers and
   * completion.
   */
  examinedBy: Map<string, string>;
  /**
   * `diagnostics` by file, in the same order, files without any left out. A file's list is the same
   * array from run to run while its findings, text, topology and settings are (see `report`): an
   * editor can tell the files whose diagnostics may have changed without looking at the others. Not
   * to be changed: the next run hands the same arrays back.
   */
  byFile: ReadonlyMap<string, Diagnostic[]>;
}

const vantagesByTopology = new WeakMap<Topology, Map<string, Vantage[]>>();
const listings = new WeakMap<Topology, { services: Map<string, Service[]>; shares: Map<string, Share[]> }>();

/** Services and shares by the files they list, built once per topology: asked for every file. */
function listers(topology: Topology): { services: Map<string, Service[]>; shares: Map<string, Share[]> } {
  let listing = listings.get(topology);
  if (listing) return listing;
  const services = new Map<string, Service[]>();
  const shares = new Map<string, Share[]>();
  for (const s of topology.services) {
    for (const f of new Set([...s.config, ...s.properties].map((x) => x.value))) {
      const list = services.get(f);
      if (list) list.push(s);
      else services.set(f, [s]);
    }
  }
  for (const sh of topology.shares) {
    const f = sh.exportsFile?.value;
    if (f === undefined) continue;
    const list = shares.get(f);
    if (list) list.push(sh);
    else shares.set(f, [sh]);
  }
  listing = { services, shares };
  listings.set(topology, listing);
  return listing;
}

const keyValueLists = new WeakMap<Topology, [Service, string[]][]>();

/** The services listing key-value files, with those files (kept with the topology). */
function keyValueFiles(topology: Topology): [Service, string[]][] {
  let list = keyValueLists.get(topology);
  if (!list) {
    list = [];
    for (const s of topology.services) {
      const files = [...new Set([...s.config, ...s.properties].map((x) => x.value))].filter(isKeyValueFile);
      if (files.length > 0) list.push([s, files]);
    }
    keyValueLists.set(topology, list);
  }
  return list;
}

const mayImportMemo = new WeakMap<Topology, { stamp: Stamp; services: Service[]; files: Set<string> }>();

/**
 * The services with a key-value file naming `import`: only these may import files
 * (`spring.config.import`; the usual service imports none). Asked on every run: kept while the
 * workspace says none of the key-value files changed.
 */
function mayImportConfig(ws: Workspace, topology: Topology): Service[] {
  const stamp = stampOf(ws);
  const memo = mayImportMemo.get(topology);
  const changed = memo && changedSince(ws, memo.stamp);
  if (memo && stamp && changed) {
    let same = true;
    for (const f of changed) if (memo.files.has(f)) same = false;
    if (same) {
      memo.stamp = stamp;
      return memo.services;
    }
  }
  const services: Service[] = [];
  const files = new Set<string>();
  for (const [s, keyValue] of keyValueFiles(topology)) {
    for (const f of keyValue) files.add(f);
    if (
      keyValue.some((f) => {
        const text = ws.read(f);
        return text !== undefined && mayImport(f, text);
      })
    )
      services.push(s);
  }
  if (stamp) mayImportMemo.set(topology, { stamp, services, files });
  else mayImportMemo.delete(topology);
  return services;
}

/** Builds the context analyzers see: vantage hosts, placeholder resolution, cached properties. */
export function createContext(ws: Workspace, topology: Topology, cache?: LintCache, skipped?: ReadonlySet<string>): AnalyzerContext {
  const propsCache = new Map<string, PropertiesFile | undefined>();
  const properties = (file: string, v?: Vantage): PropertiesFile | undefined => {
    if (!propsCache.has(file)) {
      const text = ws.read(file);
      let parsed: PropertiesFile | undefined;
      if (text !== undefined) {
        const hit = cache?.properties.get(file);
        parsed = hit && hit.text === text ? hit.parsed : parsePropertiesFile(file, text);
        cache?.properties.set(file, { text, parsed });
      }
      propsCache.set(file, parsed);
    }
    const own = propsCache.get(file);
    if (!v) return own;
    // As the host reads it among its service's files (its profile documents, less what later files set).
    const r = readingOf(v);
    if (r?.views.has(file)) return r.views.get(file);
    // Only a file with profile documents reads differently on a host the deploy gives profiles.
    return own?.documents ? withProfiles(own, r ? r.documents : activeProfiles(v)) : own;
  };
  // How a service's key-value files read on its hosts, per set of profiles the deploy gives a host.
  const readings = new Map<Service, Map<string, ServiceReading>>();
  const readingOf = (v: Vantage): ServiceReading | undefined => {
    const s = v.service;
    if (!s) return undefined;
    const outside = activeProfiles(v);
    const key = outside ? `=${outside.join(',')}` : '';
    let byProfiles = readings.get(s);
    if (!byProfiles) readings.set(s, (byProfiles = new Map()));
    let r = byProfiles.get(key);
    if (!r) {
      r = readService(s, outside, (f) => properties(f), ws);
      byProfiles.set(key, r);
    }
    return r;
  };
  // Vantage hosts depend on the topology alone: kept with it across runs.
  let vantageCache = vantagesByTopology.get(topology);
  if (!vantageCache) vantagesByTopology.set(topology, (vantageCache = new Map()));
  const vantages = vantageCache;
  const listedVantage = (file: string): Vantage[] => {
    const cached = vantages.get(file);
    if (cached) return cached;
    const out: Vantage[] = [];
    const seen = new Set<string>();
    const { services, shares } = listers(topology);
    for (const s of services.get(file) ?? []) {
      for (const h of s.hosts) {
        if (seen.has(h.id)) continue;
        seen.add(h.id);
        out.push({ host: h, service: s });
      }
    }
    for (const sh of shares.get(file) ?? []) {
      if (!sh.server) continue;
      const h = topology.hostById.get(sh.server.value);
      if (h && !seen.has(h.id)) {
        seen.add(h.id);
        out.push({ host: h, share: sh });
      }
    }
    vantages.set(file, out);
    return out;
  };
  // A profile-specific file (`application-dr.yml`) is read on the hosts where its profile is active,
  // which the files may say (`spring.profiles.active`): decided per run.
  const profileVantages = new Map<string, Vantage[]>();
  const readVantage = (file: string): Vantage[] => {
    const all = listedVantage(file);
    if (all.length === 0 || springConfigName(file)?.profile === undefined) return all;
    let out = profileVantages.get(file);
    if (!out) {
      out = all.filter((v) => !v.service || readingOf(v)!.order.includes(file));
      if (out.length === all.length) out = all;
      profileVantages.set(file, out);
    }
    return out;
  };
  // A Spring XML that a service's XML imports (`<import resource>`) is read by that service's hosts
  // too: decided per run, from the texts.
  let importers: Map<string, Service[]> | undefined;
  const importVantages = new Map<string, Vantage[]>();
  // The key-value files a service's hosts read because a file they read imports them
  // (`spring.config.import`), and the hosts reading each: decided per run, from the texts.
  let configImporters: { byService: Map<Service, string[]>; byFile: Map<string, Vantage[]> } | undefined;
  const configImportsOf = () => {
    if (configImporters) return configImporters;
    const byService = new Map<Service, string[]>();
    const byFile = new Map<string, Vantage[]>();
    for (const s of mayImportConfig(ws, topology)) {
      const listed = new Set([...s.config, ...s.properties].map((x) => x.value));
      const imported: string[] = [];
      for (const host of s.hosts) {
        const v: Vantage = { host, service: s };
        for (const f of readingOf(v)?.order ?? []) {
          if (listed.has(f)) continue;
          if (!imported.includes(f)) imported.push(f);
          const list = byFile.get(f);
          if (!list) byFile.set(f, [v]);
          else if (!list.some((x) => x.host.id === v.host.id)) list.push(v);
        }
      }
      if (imported.length > 0) byService.set(s, imported);
    }
    return (configImporters = { byService, byFile });
  };
  const configImports = (s: Service): readonly string[] => configImportsOf().byService.get(s) ?? [];
  const vantage = (file: string): Vantage[] => {
    const out = readVantage(file);
    if (isKeyValueFile(file)) {
      const by = configImportsOf().byFile.get(file);
      if (!by) return out;
      let merged = importVantages.get(file);
      if (!merged) {
        const seen = new Set(out.map((v) => v.host.id));
        merged = [...out, ...by.filter((v) => !seen.has(v.host.id))];
        importVantages.set(file, merged);
      }
      return merged;
    }
    if (!file.toLowerCase().endsWith('.xml')) return out;
    if (!importers) {
      importers = new Map();
      for (const s of topology.services) {
        for (const f of serviceImports(ctx, s)) {
          const list = importers.get(f);
          if (list) list.push(s);
          else importers.set(f, [s]);
        }
      }
    }
    const by = importers.get(file);
    if (!by) return out;
    let merged = importVantages.get(file);
    if (!merged) {
      merged = [...out];
      const seen = new Set(out.map((v) => v.host.id));
      for (const s of by) {
        for (const h of s.hosts) {
          if (seen.has(h.id)) continue;
          seen.add(h.id);
          merged.push({ host: h, service: s });
        }
      }
      importVantages.set(file, merged);
    }
    return merged;
  };
  const resolve = (key: string, v: Vantage, fallback?: string): Resolution | undefined => {
    const hp = v.host.properties.get(key);
    if (hp) return { value: hp.value, origin: 'host', file: topology.file, range: hp.range };
    const rp = v.host.region.properties.get(key);
    if (rp) return { value: rp.value, origin: 'region', file: topology.file, range: rp.range };
    // The service's properties files, and a Spring Boot configuration listed under config:
    // (application.yml), which fills placeholders too: Spring resolves them against the whole
    // environment, the file's own keys included. In the order Spring reads them on the host.
    const order = readingOf(v)?.order ?? [];
    for (let i = order.length - 1; i >= 0; i--) {
      const e = properties(order[i], v)?.byKey.get(key);
      if (e) return { value: e.value, origin: 'properties', file: order[i], range: e.valueRange };
    }
    // The environment the deploy gives the service: Spring resolves placeholders from it too.
    const deploy = v.service?.deploy;
    if (deploy) {
      const name = envNameOf(key, deploy.env);
      if (name !== undefined) return { value: deploy.env[name], origin: 'env', file: topology.file, range: deploy.envFields[name]?.value };
    }
    if (fallback !== undefined) return { value: fallback, origin: 'default' };
    return undefined;
  };
  const readOrder = (v: Vantage): readonly string[] => readingOf(v)?.order ?? [];
  const unknownSources = (v: Vantage): readonly string[] => {
    const read = readingOf(v)?.unknown ?? [];
    // Per host: the deploy may point each at configuration files of its own.
    const located = outsideConfigLocations(v);
    return located.length === 0 ? read : [...read, ...located];
  };
  const ctx: AnalyzerContext = { ws, topology, vantage, resolve, properties, readOrder, configImports, unknownSources, skipped };
  return ctx;
}

const lookupsPerRun = new WeakMap<AnalyzerContext, Map<string, ImportLookups>>();

/**
 * The files a file imports that are not there yet (a Spring XML's `<import resource>`, a properties or
 * YAML file's `spring.config.import` without `optional:`), and whether it looked for a `classpath:`
 * one in the other modules (see missingImportLookups, configImportLookups); once per run and file.
 */
function importLookups(ctx: AnalyzerContext, file: string): ImportLookups {
  let m = lookupsPerRun.get(ctx);
  if (!m) lookupsPerRun.set(ctx, (m = new Map()));
  let out = m.get(file);
  if (!out) {
    const xml = missingImportLookups(ctx, file);
    const keyValue = keyValueImportLookups(ctx, file);
    out = keyValue === NO_LOOKUPS ? xml : xml === NO_LOOKUPS ? keyValue : { paths: [...xml.paths, ...keyValue.paths], elsewhere: xml.elsewhere || keyValue.elsewhere };
    m.set(file, out);
  }
  return out;
}

/** The `spring.config.import` part of importLookups. */
function keyValueImportLookups(ctx: AnalyzerContext, file: string): ImportLookups {
  if (!isKeyValueFile(file)) return NO_LOOKUPS;
  const text = ctx.ws.read(file);
  if (text === undefined || !text.includes('import')) return NO_LOOKUPS;
  const props = ctx.properties(file) ?? parsePropertiesFile(file, text);
  return configImportLookups(file, props, ctx.ws.root, (p) => ctx.ws.read(p) !== undefined, ctx.ws.files());
}

/**
 * The files the findings of `file` depend on through imports (Spring XML's `<import resource>`,
 * Spring Boot's `spring.config.import`): for a file of a service that imports files (listed or
 * imported), the service's other listed and imported files.
 */
function importDependencies(ctx: AnalyzerContext, file: string): string[] {
  let out: Set<string> | undefined;
  for (const all of importingServices(ctx)) {
    if (!all.includes(file)) continue;
    out ??= new Set();
    for (const f of all) if (f !== file) out.add(f);
  }
  return out ? [...out] : [];
}

const importing = new WeakMap<AnalyzerContext, string[][]>();

/** The listed and imported files of each service that imports files (once per run: asked for every file analyzed). */
function importingServices(ctx: AnalyzerContext): string[][] {
  let out = importing.get(ctx);
  if (!out) {
    out = [];
    for (const s of ctx.topology.services) {
      const xml = serviceImports(ctx, s);
      const keyValue = ctx.configImports(s);
      if (xml.length === 0 && keyValue.length === 0) continue;
      out.push([...s.config.map((c) => c.value), ...s.properties.map((p) => p.value), ...xml, ...keyValue]);
    }
    importing.set(ctx, out);
  }
  return out;
}

/** How a service's key-value files read on the hosts where the deploy sets the same Spring profiles. */
interface ServiceReading {
  /** The files in the order Spring reads them (lowest precedence first), as `AnalyzerContext.readOrder`. */
  order: string[];
  /** The profiles documents are read with (undefined: each file its own), see `springProfiles`. */
  documents?: string[];
  /** Each file of `order` as read there: its documents for those profiles, less the keys later files set. */
  views: Map<string, PropertiesFile | undefined>;
  /** Where the service gets keys there that the workspace does not hold, as `AnalyzerContext.unknownSources`. */
  unknown: string[];
}

/**
 * The key-value files of a service (`config:` ones, then `properties:`, a later one winning), as Spring
 * Boot reads them on a host where the deploy sets `outside` as the active profiles (undefined: it
 * sets none, and the files decide), each followed by the files it imports (`spring.config.import`, in
 * the documents read there; properties/imports.ts; a `classpath:` file the importing module lacks is
 * read from the module that holds it: `onClasspath`).
 */
function readService(s: Service, outside: readonly string[] | undefined, read: (file: string) => PropertiesFile | undefined, ws: Workspace): ServiceReading {
  const listed = [...s.config.filter((c) => isKeyValueFile(c.value)), ...s.properties].map((x) => x.value);
  // Plain files (no profile-specific ones) say which profiles are active.
  const { documents, profiles } = springProfiles(outside, springReadOrder(listed, []), read);
  const exists = (f: string) => read(f) !== undefined;
  const unknown: string[] = [];
  const order = withImports(springReadOrder(listed, profiles), (file) => {
    const own = read(file);
    if (!own) return [];
    const imports = configImports(file, withProfiles(own, documents), ws.root).map((i) => onClasspath(i, file, exists, () => ws.files()));
    for (const u of unknownImports(imports, exists)) if (!unknown.includes(u)) unknown.push(u);
    return importedFiles(imports, profiles, exists);
  });
  const views = new Map<string, PropertiesFile | undefined>();
  const later = new Set<string>();
  const last = new Map<string, string>();
  for (let i = order.length - 1; i >= 0; i--) {
    const own = read(order[i]);
    if (!own) {
      views.set(order[i], undefined);
      continue;
    }
    const props = withProfiles(own, documents);
    views.set(order[i], withoutKeys(props, later));
    for (const [k, e] of props.byKey) {
      if (later.has(k)) continue;
      later.add(k);
      last.set(k, e.value);
    }
  }
  unknown.push(...remoteConfigServers((k) => last.get(k)));
  return { order, documents, views, unknown };
}

export { envNameOf } from './properties/profiles';

/**
 * Results of earlier runs, kept by the editor across runs: the parsed topology (by its text), the
 * findings of every (analyzer, file) with the texts they were computed from, and parsed properties
 * files. A file is analyzed again only when its text, the topology text, the text of one of its
 * dependencies (`Analyzer.dependencies`, else the other files of the services listing it) or the
 * analyzer's `sharedState` changed.
 */
export class LintCache {
  topology: { text: string; parsed: ParsedTopology; checks: Finding[]; meaning?: TopologyMeaning } | undefined;
  /** Per analyzer name, per file. */
  readonly entries = new Map<string, Map<string, CacheEntry>>();
  /** The sorted file list and the report order of files of the last run, reused while unchanged. */
  files: string[] = [];
  fileRank = new Map<string, number>();
  /** The files with diagnostics of the last report, in the order met, and the order of their indexes in the report. */
  reportOrder: { met: string[]; order: number[] } | undefined;
  private runs = 0;
  /** Numbers the runs (entries not seen in a run are dropped after it). */
  nextRun(): number {
    return ++this.runs;
  }
  readonly properties = new Map<string, { text: string; parsed: PropertiesFile }>();
  /** Line indexes of files with findings (suppression comments are looked up there). */
  readonly lineIndexes = new Map<string, LineIndex>();
  /** Each file's reported diagnostics and what they were made from (see `report`). */
  readonly reports = new Map<string, FileReport>();
  /** Files analyzed and reused by the last run, and the analyzers whose part it took over whole (see AnalyzerRun). */
  lastRun: { analyzed: number; reused: number; takenOver: string[] } = { analyzed: 0, reused: 0, takenOver: [] };
  /** The workspace and its version the last completed run began at (see `ChangeJournal`). */
  stamp: Stamp | undefined;
  /** Each analyzer's part of the last completed run, per analyzer name (see AnalyzerRun). */
  readonly analyzerRuns = new Map<string, AnalyzerRun>();
  /** The workspace's file list the last completed run began with. */
  wsFiles: readonly string[] | undefined;

  clear(): void {
    this.topology = undefined;
    this.entries.clear();
    this.analyzerRuns.clear();
    this.properties.clear();
    this.files = [];
    this.fileRank = new Map();
    this.reportOrder = undefined;
    this.lineIndexes.clear();
    this.reports.clear();
    this.stamp = undefined;
    this.wsFiles = undefined;
  }
}

interface FileReport {
  findings: Finding[];
  text: string | undefined;
  topology: Topology;
  settings: string;
  diagnostics: Diagnostic[];
}

/** The cache entry of an analyzer's findings on the workspace as a whole (no file path holds a NUL). */
const WORKSPACE_ENTRY = '\u0000workspace';

interface CacheEntry {
  /** The run that last used it. */
  run: number;
  text: string;
  topology: Topology;
  shared?: string;
  /** The files its findings depend on, sorted by name, with their texts then. */
  deps: [string, string | undefined][];
  /** The workspace's file list then, when its findings depend on which files there are (a `classpath:` import looked for in the other modules). */
  files?: readonly string[];
  findings: Finding[];
  /** The findings as the analyzer made them, when some of their fixes' edits changed nothing and were left out of `findings`. */
  made?: Finding[];
}

/**
 * An analyzer's part of a run: the next run takes it over whole, without a step per file, when the
 * workspace says which files changed and none of them is one it read (its files and everything
 * their findings depend on), and its file list, the topology and its shared state are the same. In
 * a big workspace a keystroke in an nginx config then takes no step for each of the thousand Dubbo
 * files (their list and shared state are still made, to compare).
 */
interface AnalyzerRun {
  topology: Topology;
  shared: string | undefined;
  list: readonly string[];
  /** The workspace's file list, when some finding depends on which files there are. */
  wsFiles?: readonly string[];
  /** The files of the list that could be read, and those that could not. */
  present: ReadonlySet<string>;
  absent: string[];
  /** What the findings of each file read depend on (each sorted by file name, see CacheEntry). */
  deps: readonly (readonly [string, string | undefined][])[];
  /** Its findings, in the order the steps made them. */
  findings: Finding[];
  /** The files of the list the workspace has a problem with (too large, binary, not UTF-8, unreadable). */
  troubled: string[];
}

/** Progress of a run: files analyzed (or reused) so far out of all files to examine. */
export interface LintProgress {
  done: number;
  total: number;
  file?: string;
}

export interface LintRunOptions extends LintOptions {
  cache?: LintCache;
  onProgress?(p: LintProgress): void;
}

/**
 * Lints a workspace: parses the topology, runs every analyzer over its files, then applies
 * severities (`rules:` in the topology, then `ruleOverrides`), suppression comments and
 * localization. Returns diagnostics sorted by file and position, one per (file, range, rule).
 */
export function lintWorkspace(ws: Workspace, opts: LintRunOptions = {}): LintResult | undefined {
  return toResult(collectFindings(ws, opts), ws, opts);
}

/** A cancellation flag (VS Code's CancellationToken fits). */
export interface Cancellation {
  readonly isCancellationRequested: boolean;
}

/**
 * `lintWorkspace` in slices of about `sliceMs` of work, yielding to the event loop between them so
 * the caller (the extension host) stays responsive. Resolves to undefined when cancelled.
 */
export async function lintWorkspaceAsync(
  ws: Workspace,
  opts: LintRunOptions & { token?: Cancellation; sliceMs?: number } = {},
): Promise<LintResult | undefined> {
  const run = lintSteps(ws, opts);
  const slice = opts.sliceMs ?? 15;
  let started = Date.now();
  for (;;) {
    if (opts.token?.isCancellationRequested) return undefined;
    const r = run.next();
    if (r.done) return toResult(r.value, ws, opts);
    if (Date.now() - started >= slice) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = Date.now();
    }
  }
}

/** Whether the files an entry depends on read as they did: by the files changed since the last run when the workspace says, else by their texts. */
function sameTexts(ws: Workspace, deps: readonly [string, string | undefined][], changed: readonly string[] | undefined): boolean {
  if (changed) {
    // A keystroke changes a file or two; a stray nginx file depends on every nginx file: looked up
    // in the sorted dependencies, not walked.
    for (const f of changed) if (sortedHas(deps, f)) return false;
    return true;
  }
  for (const [f, t] of deps) if (ws.read(f) !== t) return false;
  return true;
}

/**
 * Moves an analyzer's cached findings over to the topology of `ctx`, of the same meaning to it (see
 * topologyMeaning). Those that point into the topology file point to the same places in the new one
 * (`ranges`, see rangesCarriedOver), and their fixes edit it as they would have been made there (see
 * findingCarriedOver); a file with a finding that cannot be moved so is dropped, to be judged again.
 */
function keepEntries(
  entries: Map<string, CacheEntry>,
  ranges: () => ReadonlyMap<Range, Range> | undefined,
  ctx: AnalyzerContext,
  read: (file: string) => string | undefined,
  indexes: Map<string, LineIndex | null>,
): void {
  for (const [file, e] of entries) {
    const made = e.made ?? e.findings;
    if (made.some(pointsIntoTopology)) {
      const map = ranges();
      const moved = map && carriedOver(made, map, ctx);
      if (!moved) {
        entries.delete(file);
        continue;
      }
      e.findings = withoutIdleFixes(moved, read, indexes);
      e.made = e.findings === moved ? undefined : moved;
    }
    e.topology = ctx.topology;
  }
}

function carriedOver(findings: readonly Finding[], ranges: ReadonlyMap<Range, Range>, ctx: AnalyzerContext): Finding[] | undefined {
  const out: Finding[] = [];
  for (const f of findings) {
    const g = pointsIntoTopology(f) ? findingCarriedOver(f, ranges, ctx) : f;
    if (!g) return undefined;
    out.push(g);
  }
  return out;
}

function pointsIntoTopology(f: Finding): boolean {
  if (f.file === TOPOLOGY_FILE) return true;
  if (f.related?.some((r) => r.file === TOPOLOGY_FILE)) return true;
  return f.fixes?.some((x) => x.edits.some((e) => e.file === TOPOLOGY_FILE)) ?? false;
}

/** Whether `deps`, sorted by file name (code units), holds `file`. */
function sortedHas(deps: readonly [string, string | undefined][], file: string): boolean {
  let lo = 0;
  let hi = deps.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = deps[mid][0];
    if (f === file) return true;
    if (f < file) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const serviceFiles = new WeakMap<Topology, Map<string, string[]>>();

/** The other `config:` and `properties:` files of the services that list `file`. */
function defaultDependencies(file: string, topology: Topology): string[] {
  let index = serviceFiles.get(topology);
  if (!index) {
    const sets = new Map<string, Set<string>>();
    for (const s of topology.services) {
      const own = [...s.config, ...s.properties].map((x) => x.value);
      for (const f of own) {
        const set = sets.get(f) ?? new Set<string>();
        for (const g of own) if (g !== f) set.add(g);
        sets.set(f, set);
      }
    }
    index = new Map([...sets].map(([f, set]) => [f, [...set].sort()]));
    serviceFiles.set(topology, index);
  }
  return index.get(file) ?? [];
}

/** The run, one step per file, so it can be sliced and cancelled. */
function* lintSteps(ws: Workspace, opts: LintRunOptions): Generator<LintProgress, Collected | undefined> {
  const text = ws.read(TOPOLOGY_FILE);
  if (text === undefined) return undefined;
  const cache = opts.cache;
  let top = cache?.topology;
  // The analyzers whose cached findings move over to a new topology of the same meaning to them, and
  // the topology they were made with.
  let carried: { analyzers: Set<string>; from: Topology } | undefined;
  if (!top || top.text !== text) {
    const parsed = parseTopology(TOPOLOGY_FILE, text);
    // A fix that changes nothing is never offered (see withoutIdleFixes); these are kept while the
    // topology's text is the same, so only edits of the topology itself are looked at.
    const read = (f: string) => (f === TOPOLOGY_FILE ? text : undefined);
    const indexes = new Map<string, LineIndex | null>();
    const findings = withoutIdleFixes(parsed.findings, read, indexes);
    top = { text, parsed: findings === parsed.findings ? parsed : { ...parsed, findings }, checks: withoutIdleFixes(checkTopology(parsed.topology), read, indexes) };
    if (cache) {
      // An edit that leaves the topology's meaning as it was (a comment, a blank line, layout, the
      // `rules:` section), or its meaning to an analyzer (a share, to the nginx analysis), re-judges
      // only the files whose findings point into the topology file.
      const meaning = topologyMeaning(parsed.topology);
      top.meaning = meaning;
      const before = cache.topology?.meaning;
      const from = cache.topology?.parsed.topology;
      cache.topology = top;
      const parts = new Map((opts.analyzers ?? []).map((a) => [a.name, a.topologyParts]));
      for (const [name, entries] of cache.entries) {
        if (before && from && parts.has(name) && sameMeaning(before, meaning, parts.get(name))) (carried ??= { analyzers: new Set(), from }).analyzers.add(name);
        else entries.clear();
      }
    }
  }
  const topology = top.parsed.topology;
  // The files changed since the last completed run, when the workspace keeps track: the cached
  // findings of the others need no comparison of texts.
  const stamp = stampOf(ws);
  const wsFiles = cache ? ws.files() : undefined;
  const changedSet = cache ? changedSince(ws, cache.stamp) : undefined;
  const changed = changedSet && [...changedSet];
  // Yield between the big steps too, so a sliced run gives the event loop a turn after each.
  yield { done: 0, total: 0 };
  const ctx = createContext(ws, topology, cache, cache ? undefined : rulesOff(topology, opts.ruleOverrides));
  const findings: Finding[] = [...top.parsed.findings, ...top.checks];
  const files = new Set<string>([TOPOLOGY_FILE]);
  const examinedBy = new Map<string, string>();
  const work: { a: Analyzer; list: readonly string[]; shared?: { value: string | undefined } }[] = [];
  let total = 0;
  // When only the topology changed since the last run and its meaning to an analyzer is the same,
  // the analyzer's file list and shared state are too: they are taken from that run rather than made
  // anew (in a big workspace, the whole nginx include forest and Dubbo registry model).
  const takeOver =
    carried && changed !== undefined && changed.every((f) => f === TOPOLOGY_FILE) && cache?.wsFiles !== undefined && wsFiles !== undefined && sameList(cache.wsFiles, wsFiles)
      ? carried
      : undefined;
  for (const a of opts.analyzers ?? []) {
    const last = takeOver?.analyzers.has(a.name) ? cache?.analyzerRuns.get(a.name) : undefined;
    if (last && last.topology === takeOver?.from) {
      work.push({ a, list: last.list, shared: { value: last.shared } });
      total += last.list.length;
      continue;
    }
    let list: string[] = [];
    try {
      list = a.files(ctx);
    } catch (e) {
      opts.onAnalyzerError?.(a.name, '*', e);
      const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
      const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      findings.push({ rule: 'file-skipped', file: TOPOLOGY_FILE, range: at, message: { id: 'failedAll', data: { analyzer: a.name, detail } } });
    }
    work.push({ a, list });
    total += list.length;
    yield { done: 0, total };
  }
  const problems = new Map<string, Finding>();
  const noteProblem = (file: string, analyzer?: string, error?: unknown) => {
    if (problems.has(file) || (analyzer === undefined && !ws.problem)) return;
    const f = fileProblemFinding(file, ws, analyzer, error);
    if (f) problems.set(file, f);
  };
  const runNo = cache?.nextRun() ?? 0;
  // Line indexes of the files fixes edit, made once per run (see withoutIdleFixes).
  const fixIndexes = new Map<string, LineIndex | null>();
  const read = (f: string) => ws.read(f);
  if (carried && cache) {
    // Worked out when a finding first needs them.
    let ranges: Map<Range, Range> | undefined | null = null;
    const from = carried.from;
    const rangesOf = () => (ranges === null ? (ranges = rangesCarriedOver(from, topology)) : ranges);
    for (const name of carried.analyzers) {
      const entries = cache.entries.get(name);
      if (entries) keepEntries(entries, rangesOf, ctx, read, fixIndexes);
    }
  }
  let done = 0;
  let analyzed = 0;
  let reused = 0;
  // Steps that failed so far (an analyzer's part of the run with a failure is not kept whole).
  let failures = 0;
  // The analyzers' parts of this run, kept by the cache once it completes; those taken over whole.
  const parts = new Map<string, AnalyzerRun>();
  const replayed = new Set<string>();
  // One file's analysis, or its cached findings; true when it was analyzed (progress is reported
  // then). A function apart from the generator, so that the optimizing compiler compiles it once
  // rather than within the generator's loop.
  const step = (a: Analyzer, file: string, shared: string | undefined, entries: Map<string, CacheEntry> | undefined): boolean => {
    const content = ws.read(file);
    if (content === undefined) {
      noteProblem(file);
      return false;
    }
    files.add(file);
    noteProblem(file);
    const hit = entries?.get(file);
    if (hit && hit.text === content && hit.topology === topology && hit.shared === shared && sameTexts(ws, hit.deps, changed) && (!hit.files || hit.files === ws.files())) {
      hit.run = runNo;
      for (const f of hit.findings) findings.push(f);
      reused++;
      return false;
    }
    analyzed++;
    try {
      // A fix that changes nothing is never offered (see withoutIdleFixes).
      const made = a.analyze(file, content, ctx);
      const out = withoutIdleFixes(made, read, fixIndexes);
      findings.push(...out);
      if (entries) {
        const own = a.dependencies ? a.dependencies(file, ctx) : defaultDependencies(file, topology);
        // Its imports, and the files it imports that are not there yet (dubbo-import-missing,
        // spring-config-import-missing).
        const lookups = importLookups(ctx, file);
        const imported = [...importDependencies(ctx, file), ...lookups.paths];
        const deps = imported.length === 0 ? own : [...new Set([...own, ...imported])];
        const read = deps.map((d): [string, string | undefined] => [d, ws.read(d)]).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
        // A classpath: import looked for in the other modules, by this file or one it depends on (its
        // service's files: what they import is read on its hosts): judged again when the file list changes.
        const list = lookups.elsewhere || deps.some((d) => d !== file && importLookups(ctx, d).elsewhere) ? ws.files() : undefined;
        entries.set(file, { run: runNo, text: content, topology, shared, deps: read, ...(list ? { files: list } : {}), findings: out, ...(out !== made ? { made } : {}) });
      }
    } catch (e) {
      opts.onAnalyzerError?.(a.name, file, e);
      noteProblem(file, a.name, e);
      // A failure is not cached: the next run tries again.
      entries?.delete(file);
      failures++;
    }
    return true;
  };
  // The analyzer's findings on the workspace as a whole, or their cached ones (kept under a key no
  // file has, while the topology and the shared state are the same).
  const workspaceStep = (a: Analyzer, shared: string | undefined, entries: Map<string, CacheEntry> | undefined): void => {
    const hit = entries?.get(WORKSPACE_ENTRY);
    if (hit && hit.topology === topology && hit.shared === shared) {
      hit.run = runNo;
      for (const f of hit.findings) findings.push(f);
      return;
    }
    try {
      const made = a.analyzeWorkspace!(ctx);
      const out = withoutIdleFixes(made, read, fixIndexes);
      findings.push(...out);
      entries?.set(WORKSPACE_ENTRY, { run: runNo, text: '', topology, shared, deps: [], findings: out, ...(out !== made ? { made } : {}) });
    } catch (e) {
      opts.onAnalyzerError?.(a.name, '*', e);
      entries?.delete(WORKSPACE_ENTRY);
      failures++;
      const detail = (e instanceof Error ? e.message : String(e)).slice(0, 200);
      const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      findings.push({ rule: 'file-skipped', file: TOPOLOGY_FILE, range: at, message: { id: 'failedAll', data: { analyzer: a.name, detail } } });
    }
  };
  for (const { a, list, shared: known } of work) {
    let shared: string | undefined = known?.value;
    if (cache && a.sharedState && !known) {
      try {
        shared = a.sharedState(ctx);
      } catch (e) {
        opts.onAnalyzerError?.(a.name, '*', e);
        shared = `failed ${Date.now()}`;
      }
    }
    let entries: Map<string, CacheEntry> | undefined;
    if (cache) {
      entries = cache.entries.get(a.name);
      if (!entries) cache.entries.set(a.name, (entries = new Map()));
    }
    const last = changed && cache?.analyzerRuns.get(a.name);
    if (last && unchangedFor(last, topology, shared, list, ws, changed)) {
      replayed.add(a.name);
      parts.set(a.name, last);
      for (const file of list) {
        if (last.present.has(file)) files.add(file);
        if (!examinedBy.has(file) && files.has(file)) examinedBy.set(file, a.name);
      }
      for (const file of last.troubled) noteProblem(file);
      for (const f of last.findings) findings.push(f);
      done += list.length;
      reused += last.present.size;
      continue;
    }
    const from = findings.length;
    const failuresBefore = failures;
    for (const file of list) {
      done++;
      const examined = step(a, file, shared, entries);
      if (!examinedBy.has(file) && files.has(file)) examinedBy.set(file, a.name);
      if (!examined) continue;
      opts.onProgress?.({ done, total, file });
      yield { done, total, file };
    }
    if (a.analyzeWorkspace) workspaceStep(a, shared, entries);
    if (entries && stamp && failures === failuresBefore) parts.set(a.name, { ...partOf(entries, runNo, list, ws, findings.slice(from)), topology, shared });
  }
  // Files the topology names but no analyzer could list (unreadable, too large, binary).
  if (ws.problem) for (const f of listedFiles(topology)) noteProblem(f);
  let sorted: string[];
  if (cache) {
    // The entries of an analyzer whose part was taken over whole were not looked at, and all still hold.
    for (const [name, entries] of cache.entries) if (!replayed.has(name)) for (const [f, e] of entries) if (e.run !== runNo) entries.delete(f);
    cache.lastRun = { analyzed, reused, takenOver: [...replayed] };
    cache.stamp = stamp;
    cache.wsFiles = wsFiles;
    cache.analyzerRuns.clear();
    for (const [name, part] of parts) cache.analyzerRuns.set(name, part);
    // The same files as last time (the usual case): the sorted list is reused.
    const same = cache.files.length === files.size && cache.files.every((f) => files.has(f));
    if (!same) cache.files = [...files].sort();
    sorted = cache.files;
  } else sorted = [...files].sort();
  for (const p of problems.values()) findings.push(p);
  for (const f of missingListed(ws, topology)) findings.push(f);
  return { topology, findings, files: sorted, examinedBy };
}

/** Whether an analyzer's part of the last run holds for this one (see AnalyzerRun). */
function unchangedFor(
  last: AnalyzerRun,
  topology: Topology,
  shared: string | undefined,
  list: readonly string[],
  ws: Workspace,
  changed: readonly string[],
): boolean {
  if (last.topology !== topology || last.shared !== shared || (last.wsFiles && last.wsFiles !== ws.files())) return false;
  for (const f of changed) {
    if (last.present.has(f) || last.absent.includes(f)) return false;
    for (const deps of last.deps) if (sortedHas(deps, f)) return false;
  }
  return sameList(last.list, list);
}

/** An analyzer's part of the run just made, whose steps all cached their findings (see AnalyzerRun). */
function partOf(
  entries: ReadonlyMap<string, CacheEntry>,
  runNo: number,
  list: readonly string[],
  ws: Workspace,
  findings: Finding[],
): Omit<AnalyzerRun, 'topology' | 'shared'> {
  const present = new Set<string>();
  const absent: string[] = [];
  const deps: (readonly [string, string | undefined][])[] = [];
  let wsFiles: readonly string[] | undefined;
  for (const file of list) {
    // A file read in this run (an entry left from an earlier run is of a file not there now).
    const e = entries.get(file);
    if (!e || e.run !== runNo) {
      absent.push(file);
      continue;
    }
    present.add(file);
    if (e.deps.length > 0) deps.push(e.deps);
    if (e.files) wsFiles = e.files;
  }
  const troubled = ws.problem ? list.filter((f) => ws.problem!(f) !== undefined) : [];
  return { list, wsFiles, present, absent, deps, findings, troubled };
}

const missingMemo = new WeakMap<Topology, { key: string; findings: Finding[]; stamp?: Stamp }>();

/**
 * `file-skipped` on the name in the topology of each listed file that does not exist (a typo in
 * `config:` would otherwise leave a service unchecked without a word), with the file it plausibly is
 * (misspeltAs) as a fix. The same findings (objects) while the same files are missing.
 */
function missingListed(ws: Workspace, topology: Topology): Finding[] {
  // Asked on every run: the last answer holds while the workspace can say which files changed, since
  // a file created or deleted makes that unknown (a text changed leaves a file where it was).
  const stamp = stampOf(ws);
  const last = missingMemo.get(topology);
  if (last && stamp && changedSince(ws, last.stamp)) {
    last.stamp = stamp;
    return last.findings;
  }
  const names: Located<string>[] = [];
  for (const s of topology.services) for (const c of [...s.config, ...s.properties]) names.push(c);
  for (const sh of topology.shares) if (sh.exportsFile) names.push(sh.exportsFile);
  const missing = names.filter((n) => ws.read(n.value) === undefined && !ws.problem?.(n.value));
  const key = missing.map((n) => `${n.value}@${n.range.start.line}:${n.range.start.character}`).join('\n');
  const memo = missingMemo.get(topology);
  if (memo && memo.key === key) {
    memo.stamp = stamp;
    return memo.findings;
  }
  const findings: Finding[] = [];
  let all: string[] | undefined;
  let taken: Set<string> | undefined;
  for (const n of missing) {
    all ??= ws.files();
    // A folder listed as a file: the files below it are there.
    const inside = all.filter((f) => f.startsWith(`${n.value}/`)).sort()[0];
    if (inside) {
      findings.push({ rule: 'file-skipped', file: TOPOLOGY_FILE, range: n.range, message: { id: 'folder', data: { file: n.value, first: inside } } });
      continue;
    }
    taken ??= new Set(listedFiles(topology));
    const near = misspeltAs(n.value, all, taken);
    findings.push({
      rule: 'file-skipped',
      file: TOPOLOGY_FILE,
      range: n.range,
      message: { id: 'missing', data: { file: n.value, suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } },
      fixes: near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file: TOPOLOGY_FILE, range: n.range, newText: near }] }] : [],
    });
  }
  missingMemo.set(topology, { key, findings, stamp });
  return findings;
}

/**
 * The existing file a missing listed one plausibly is, misspelt in the topology or on disk: the same
 * path but for one folder or file name, a slip away from it (a letter added, dropped or changed, or
 * two swapped; one slip per four letters of the name), with the same extension. A file the topology
 * lists (another service's) is never offered, nor is any when two are as close: following a wrong
 * suggestion would feed one service's configuration to another.
 */
function misspeltAs(name: string, files: readonly string[], taken: ReadonlySet<string>): string | undefined {
  const parts = name.split('/');
  const dot = name.lastIndexOf('.');
  const ext = dot > name.lastIndexOf('/') ? name.slice(dot) : '';
  const slack = Math.max(1, name.length >> 2);
  let best: string | undefined;
  let bestD = Infinity;
  let tie = false;
  for (const f of files) {
    if (Math.abs(f.length - name.length) > slack || !f.endsWith(ext) || taken.has(f)) continue;
    const other = f.split('/');
    if (other.length !== parts.length) continue;
    let at = -1;
    for (let i = 0; i < parts.length && at !== -2; i++) if (parts[i] !== other[i]) at = at === -1 ? i : -2;
    if (at < 0) continue;
    const max = Math.max(1, Math.max(parts[at].length, other[at].length) >> 2);
    const d = slips(parts[at], other[at]);
    if (d > max) continue;
    if (d < bestD) {
      best = f;
      bestD = d;
      tie = false;
    } else if (d === bestD) tie = true;
  }
  return tie ? undefined : best;
}

/** Edits from `a` to `b`, a swap of two neighbouring characters counting as one (optimal string alignment). */
function slips(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      let d = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

const listed = new WeakMap<Topology, string[]>();

/** The files the topology names: services' `config:` and `properties:`, shares' `exportsFile`. */
function listedFiles(topology: Topology): string[] {
  let out = listed.get(topology);
  if (!out) {
    const set = new Set<string>();
    for (const s of topology.services) for (const c of [...s.config, ...s.properties]) set.add(c.value);
    for (const sh of topology.shares) if (sh.exportsFile) set.add(sh.exportsFile.value);
    out = [...set];
    listed.set(topology, out);
  }
  return out;
}

function toResult(c: Collected | undefined, ws: Workspace, opts: LintRunOptions): LintResult | undefined {
  if (!c) return undefined;
  const { diagnostics, byFile } = reportByFile(c.findings, ws, c.topology, opts);
  return { topologyFile: TOPOLOGY_FILE, topology: c.topology, diagnostics, byFile, files: c.files, examinedBy: c.examinedBy };
}

/** What a run found before severities, suppressions and localization (see `report`). */
interface Collected {
  topology: Topology;
  findings: Finding[];
  files: string[];
  examinedBy: Map<string, string>;
}

/** Runs the analysis to its end (the synchronous form of the steps). */
function collectFindings(ws: Workspace, opts: LintRunOptions): Collected | undefined {
  const run = lintSteps(ws, opts);
  for (;;) {
    const r = run.next();
    if (r.done) return r.value;
  }
}

function fileProblemFinding(file: string, ws: Workspace, analyzer?: string, error?: unknown): Finding | undefined {
  if (analyzer === undefined && !ws.problem?.(file)) return undefined;
  const at = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  if (analyzer !== undefined) {
    const detail = error instanceof Error ? error.message : String(error);
    return { rule: 'file-skipped', file, range: at, message: { id: 'failed', data: { analyzer, detail: detail.slice(0, 200) } } };
  }
  const p = ws.problem?.(file);
  if (!p) return undefined;
  if (p.kind === 'too-large') {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    return { rule: 'file-skipped', file, range: at, message: { id: 'tooLarge', data: { size: mb(p.size), limit: mb(p.limit) } } };
  }
  if (p.kind === 'binary') return { rule: 'file-skipped', file, range: at, message: { id: 'binary', data: {} } };
  if (p.kind === 'unreadable') return { rule: 'file-skipped', file, range: at, message: { id: 'unreadable', data: { reason: p.reason } } };
  const text = ws.read(file);
  let range = at;
  if (text !== undefined && p.offset !== undefined) {
    const idx = new LineIndex(text);
    const pos = idx.positionAt(p.offset);
    range = { start: pos, end: { line: pos.line, character: idx.lineText(pos.line).length } };
  }
  return { rule: 'file-encoding', file, range, message: { id: 'notUtf8', data: {} } };
}

/**
 * The order of files and rules in a report: English collation whatever the machine's language, so the
 * same workspace gives the same report everywhere (CLI output compared across machines, CI logs).
 */
const collator = new Intl.Collator('en');

/**
 * The diagnostic made of a finding, kept while the finding object is reused from the cache (and the
 * locale and severity are the same), with whether a comment suppresses it in its file's text.
 */
interface Reported {
  locale: Locale;
  severity: Severity;
  key: string;
  diagnostic: Diagnostic;
  text?: string;
  suppressed?: boolean;
}

const reported = new WeakMap<Finding, Reported>();

/** Severity, suppression, de-duplication and localization of raw findings. */
export function report(findings: Finding[], ws: Workspace, topology: Topology, opts: LintRunOptions = {}): Diagnostic[] {
  return reportByFile(findings, ws, topology, opts).diagnostics;
}

/** `report`, with the diagnostics by file too (see `LintResult.byFile`). */
function reportByFile(
  findings: Finding[],
  ws: Workspace,
  topology: Topology,
  opts: LintRunOptions,
): { diagnostics: Diagnostic[]; byFile: Map<string, Diagnostic[]> } {
  const locale = normalizeLocale(opts.locale);
  const settings = `${locale}\u0000${opts.ruleOverrides ? JSON.stringify(opts.ruleOverrides) : ''}`;
  // Diagnostics are made file by file: one per (file, range, rule), sorted by position. In the
  // editor a keystroke changes one or two files; the others' diagnostics are reused as long as
  // their findings (the same objects, in the same order), text, topology and settings are.
  const byFile = new Map<string, Finding[]>();
  // Findings come file by file (an analysis's own, then the next one's): a file is looked up once per
  // run of its findings, not once per finding.
  let runFile: string | undefined;
  let runList: Finding[] = [];
  for (const f of findings) {
    if (f.file !== runFile) {
      runFile = f.file;
      const list = byFile.get(runFile);
      if (list) runList = list;
      else byFile.set(runFile, (runList = []));
    }
    runList.push(f);
  }
  const reports = opts.cache?.reports;
  // The files in the order met, and the diagnostics of each.
  const met: string[] = [];
  const lists: Diagnostic[][] = [];
  for (const [file, list] of byFile) {
    met.push(file);
    const text = ws.read(file);
    const hit = reports?.get(file);
    if (hit && hit.text === text && hit.topology === topology && hit.settings === settings && sameFindings(hit.findings, list)) {
      lists.push(hit.diagnostics);
      continue;
    }
    const diagnostics = reportFile(file, text, list, topology, locale, opts);
    reports?.set(file, { findings: list, text, topology, settings, diagnostics });
    lists.push(diagnostics);
  }
  // Every file met has its report kept now: as many kept as met means none other is.
  if (reports && reports.size !== byFile.size) for (const f of reports.keys()) if (!byFile.has(f)) reports.delete(f);
  // Files in collation order, ranked once (and kept by the cache while no new file shows up); the
  // same files met in the same order as last time (the usual case) are put in last time's order.
  const last = opts.cache?.reportOrder;
  let order: number[];
  if (last && sameList(last.met, met)) order = last.order;
  else {
    let rank = opts.cache?.fileRank;
    if (!rank || met.some((f) => !rank!.has(f))) {
      const all = [...new Set([...(rank?.keys() ?? []), ...met])].sort((a, b) => collator.compare(a, b));
      rank = new Map(all.map((f, i) => [f, i]));
      if (opts.cache) opts.cache.fileRank = rank;
    }
    const r = rank;
    order = met.map((_, i) => i).sort((a, b) => r.get(met[a])! - r.get(met[b])!);
    if (opts.cache) opts.cache.reportOrder = { met, order };
  }
  const out: Diagnostic[] = [];
  const byFileOut = new Map<string, Diagnostic[]>();
  for (const i of order) {
    const list = lists[i];
    if (list.length === 0) continue;
    byFileOut.set(met[i], list);
    for (const d of list) out.push(d);
  }
  return { diagnostics: out, byFile: byFileOut };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameFindings(a: Finding[], b: Finding[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The diagnostics of one file's findings: severity, suppression, one per (range, rule), sorted. */
function reportFile(file: string, text: string | undefined, findings: Finding[], topology: Topology, locale: Locale, opts: LintRunOptions): Diagnostic[] {
  // Only a file that holds the marker can suppress anything: the others need no line lookups.
  const marked = text !== undefined && text.includes(SUPPRESS_MARKER);
  let index: LineIndex | undefined | null = null;
  const lineOf = (line: number): string => {
    if (index === null) {
      index = undefined;
      if (text !== undefined) {
        const hit = opts.cache?.lineIndexes.get(file);
        index = hit && hit.text === text ? hit : new LineIndex(text);
        opts.cache?.lineIndexes.set(file, index);
      }
    }
    return index?.lineText(line) ?? '';
  };
  const seen = new Map<string, number>();
  const copied = new Set<Diagnostic>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f, topology, opts.ruleOverrides);
    if (!severity) continue;
    let r = reported.get(f);
    if (!r || r.locale !== locale || r.severity !== severity) {
      const loc = (m: MessageRef) => localizeFor(f.rule, m, locale);
      r = {
        locale,
        severity,
        key: `${f.rule}\u0000${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`,
        diagnostic: {
          rule: f.rule,
          file: f.file,
          range: f.range,
          severity,
          message: loc(f.message),
          fixes: (f.fixes ?? []).map((x) => ({ title: loc(x.title), safe: x.safe, edits: x.edits })),
          related: (f.related ?? []).map((x) => ({ file: x.file, range: x.range, message: loc(x.message) })),
        },
      };
      reported.set(f, r);
    }
    const anchor = f.anchorLine ?? f.range.start.line;
    if (anchor > 0) {
      if (r.suppressed === undefined || r.text !== text) {
        r.suppressed = marked && isSuppressed(lineOf(anchor - 1), f.rule);
        r.text = text;
      }
      if (r.suppressed) continue;
    }
    const d = r.diagnostic;
    const at = seen.get(r.key);
    if (at !== undefined) {
      // One diagnostic per (file, range, rule): a second finding there adds its message and fixes.
      // The kept diagnostic is copied before it changes (the cached one stays as it was).
      let prev = out[at];
      if (!copied.has(prev)) {
        prev = { ...prev, fixes: [...prev.fixes], related: [...prev.related] };
        copied.add(prev);
        out[at] = prev;
      }
      // Sentences follow each other after a space in English; Chinese sets none after its full stop.
      if (!prev.message.includes(d.message)) prev.message = locale === 'zh-cn' ? tidyChinese(`${prev.message} ${d.message}`) : `${prev.message} ${d.message}`;
      prev.fixes.push(...d.fixes.filter((x) => !prev.fixes.some((p) => p.title === x.title)));
      prev.related.push(...d.related);
      continue;
    }
    seen.set(r.key, out.length);
    out.push(d);
  }
  out.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      (a.rule === b.rule ? 0 : collator.compare(a.rule, b.rule)),
  );
  return out;
}

export function localizeFor(rule: string, m: MessageRef, locale: Locale): string {
  const meta = ruleMeta(rule);
  return localize(m, locale, (id: string): MessageTemplate | undefined => meta?.messages[id]);
}

/** The severity a rule is set to: the editor's override, else the topology's `rules:`. */
function settingOf(rule: string, topology: Topology, overrides?: Record<string, SeveritySetting>): SeveritySetting | undefined {
  return overrides?.[rule] ?? topology.rules.get(rule)?.setting;
}

/** The rules no finding of which would be reported: set `off`, or off by default and not set. */
function rulesOff(topology: Topology, overrides?: Record<string, SeveritySetting>): Set<string> {
  const out = new Set<string>();
  for (const r of allRules) {
    const explicit = settingOf(r.id, topology, overrides);
    if (explicit === 'off' || (!explicit && r.severity === 'off')) out.add(r.id);
  }
  return out;
}

function severityOf(f: Finding, topology: Topology, overrides?: Record<string, SeveritySetting>): Severity | undefined {
  const meta = ruleMeta(f.rule);
  const explicit = settingOf(f.rule, topology, overrides);
  if (explicit === 'off') return undefined;
  if (explicit) return f.fixedSeverity && f.severity ? f.severity : explicit;
  if (meta?.severity === 'off') return undefined;
  return f.severity ?? (meta?.severity as Severity | undefined) ?? 'warning';
}

const SUPPRESS_MARKER = 'dubbo-topology-disable-next-line';
const SUPPRESS = /dubbo-topology-disable-next-line(?:\s+([A-Za-z0-9_,\s-]+?))?\s*(?:-->|\*\/)?\s*$/;

export function isSuppressed(previousLine: string, rule: string): boolean {
  const m = SUPPRESS.exec(previousLine);
  if (!m) return false;
  if (!m[1]) return true;
  return m[1]
    .split(/[\s,]+/)
    .filter(Boolean)
    .includes(rule);
}
