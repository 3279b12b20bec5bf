import type { Analyzer, AnalyzerContext, Resolution, Vantage, Workspace } from './analyzer';
import { localize, normalizeLocale } from './l10n';
import { ruleMeta } from './rules/catalog';
import type { MessageTemplate } from './rules/meta';
import { checkTopology } from './rules/topology/index';
import { parseProperties, type PropertiesFile } from './properties/parse';
import { LineIndex } from './text';
import { parseTopology, TOPOLOGY_FILE } from './topology/parse';
import type { Topology } from './topology/model';
import type { Diagnostic, Finding, Locale, MessageRef, Severity, SeveritySetting } from './types';

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
}

/** Builds the context analyzers see: vantage hosts, placeholder resolution, cached properties. */
export function createContext(ws: Workspace, topology: Topology): AnalyzerContext {
  const propsCache = new Map<string, PropertiesFile | undefined>();
  const vantageCache = new Map<string, Vantage[]>();
  const properties = (file: string): PropertiesFile | undefined => {
    if (!propsCache.has(file)) {
      const text = ws.read(file);
      propsCache.set(file, text === undefined ? undefined : parseProperties(text));
    }
    return propsCache.get(file);
  };
  const vantage = (file: string): Vantage[] => {
    const cached = vantageCache.get(file);
    if (cached) return cached;
    const out: Vantage[] = [];
    const seen = new Set<string>();
    for (const s of topology.services) {
      const lists = s.config.some((c) => c.value === file) || s.properties.some((p) => p.value === file);
      if (!lists) continue;
      for (const h of s.hosts) {
        if (seen.has(h.id)) continue;
        seen.add(h.id);
        out.push({ host: h, service: s });
      }
    }
    for (const sh of topology.shares) {
      if (sh.exportsFile?.value !== file || !sh.server) continue;
      const h = topology.hostById.get(sh.server.value);
      if (h && !seen.has(h.id)) {
        seen.add(h.id);
        out.push({ host: h, share: sh });
      }
    }
    vantageCache.set(file, out);
    return out;
  };
  const resolve = (key: string, v: Vantage, fallback?: string): Resolution | undefined => {
    const hp = v.host.properties.get(key);
    if (hp) return { value: hp.value, origin: 'host', file: topology.file, range: hp.range };
    const rp = v.host.region.properties.get(key);
    if (rp) return { value: rp.value, origin: 'region', file: topology.file, range: rp.range };
    const files = v.service?.properties ?? [];
    for (let i = files.length - 1; i >= 0; i--) {
      const e = properties(files[i].value)?.byKey.get(key);
      if (e) return { value: e.value, origin: 'properties', file: files[i].value, range: e.valueRange };
    }
    if (fallback !== undefined) return { value: fallback, origin: 'default' };
    return undefined;
  };
  return { ws, topology, vantage, resolve, properties };
}

/**
 * Lints a workspace: parses the topology, runs every analyzer over its files, then applies
 * severities (`rules:` in the topology, then `ruleOverrides`), suppression comments and
 * localization. Returns diagnostics sorted by file and position, one per (file, range, rule).
 */
export function lintWorkspace(ws: Workspace, opts: LintOptions = {}): LintResult | undefined {
  const text = ws.read(TOPOLOGY_FILE);
  if (text === undefined) return undefined;
  const parsed = parseTopology(TOPOLOGY_FILE, text);
  const topology = parsed.topology;
  const ctx = createContext(ws, topology);
  const findings: Finding[] = [...parsed.findings, ...checkTopology(topology)];
  const files = new Set<string>([TOPOLOGY_FILE]);
  for (const a of opts.analyzers ?? []) {
    let list: string[] = [];
    try {
      list = a.files(ctx);
    } catch (e) {
      opts.onAnalyzerError?.(a.name, '*', e);
    }
    for (const file of list) {
      const content = ws.read(file);
      if (content === undefined) continue;
      files.add(file);
      try {
        findings.push(...a.analyze(file, content, ctx));
      } catch (e) {
        opts.onAnalyzerError?.(a.name, file, e);
      }
    }
  }
  return {
    topologyFile: TOPOLOGY_FILE,
    topology,
    diagnostics: report(findings, ws, topology, opts),
    files: [...files].sort(),
  };
}

/** Severity, suppression, de-duplication and localization of raw findings. */
export function report(findings: Finding[], ws: Workspace, topology: Topology, opts: LintOptions = {}): Diagnostic[] {
  const locale = normalizeLocale(opts.locale);
  const indexes = new Map<string, LineIndex | undefined>();
  const lineOf = (file: string, line: number): string => {
    if (!indexes.has(file)) {
      const t = ws.read(file);
      indexes.set(file, t === undefined ? undefined : new LineIndex(t));
    }
    return indexes.get(file)?.lineText(line) ?? '';
  };
  const seen = new Map<string, Diagnostic>();
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const severity = severityOf(f, topology, opts.ruleOverrides);
    if (!severity) continue;
    const anchor = f.anchorLine ?? f.range.start.line;
    if (anchor > 0 && isSuppressed(lineOf(f.file, anchor - 1), f.rule)) continue;
    const key = `${f.file}\u0000${f.rule}\u0000${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}`;
    const loc = (m: MessageRef) => localizeFor(f.rule, m, locale);
    const d: Diagnostic = {
      rule: f.rule,
      file: f.file,
      range: f.range,
      severity,
      message: loc(f.message),
      fixes: (f.fixes ?? []).map((x) => ({ title: loc(x.title), safe: x.safe, edits: x.edits })),
      related: (f.related ?? []).map((r) => ({ file: r.file, range: r.range, message: loc(r.message) })),
    };
    const prev = seen.get(key);
    if (prev) {
      // One diagnostic per (file, range, rule): a second finding there adds its message and fixes.
      if (!prev.message.includes(d.message)) prev.message = `${prev.message} ${d.message}`;
      prev.fixes.push(...d.fixes.filter((x) => !prev.fixes.some((p) => p.title === x.title)));
      prev.related.push(...d.related);
      continue;
    }
    seen.set(key, d);
    out.push(d);
  }
  out.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.rule.localeCompare(b.rule),
  );
  return out;
}

export function localizeFor(rule: string, m: MessageRef, locale: Locale): string {
  const meta = ruleMeta(rule);
  return localize(m, locale, (id: string): MessageTemplate | undefined => meta?.messages[id]);
}

function severityOf(f: Finding, topology: Topology, overrides?: Record<string, SeveritySetting>): Severity | undefined {
  const meta = ruleMeta(f.rule);
  const explicit = overrides?.[f.rule] ?? topology.rules.get(f.rule)?.setting;
  if (explicit === 'off') return undefined;
  if (explicit) return explicit;
  if (meta?.severity === 'off') return undefined;
  return f.severity ?? (meta?.severity as Severity | undefined) ?? 'warning';
}

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
