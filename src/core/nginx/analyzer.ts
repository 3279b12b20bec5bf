/**
 * The nginx analyzer: the main configs of `kind: nginx` services (`config:`), every file they
 * include, and `*.conf` files under a `nginx/` or `conf.d/` folder. Files of a service's tree are
 * judged from that service's hosts. Hover and completion are pure functions of the text.
 */
import type { Analyzer, AnalyzerContext, CompletionEntry, DefinitionResult, HoverResult, Vantage } from '../analyzer';
import { letterTypo, looksLikeIp, nearest, parseIp } from '../ip';
import { ownersOf } from '../navigation';
import { judgeAddress, type AddressCandidate, type AddressUse } from '../rules/address/judge';
import type { MessageTemplate } from '../rules/meta';
import type { NginxCheck } from '../rules/nginx/context';
import { checkNginx } from '../rules/nginx/index';
import type { Host } from '../topology/model';
import { hostsInRegions, judgeFrom, type AddressRole } from '../topology/reach';
import type { Finding, Locale, Position, Range } from '../types';
import { childContext, contextNames, Ctx, directivesIn, FREE, UNKNOWN, variantIn, variants, type Context, type DirectiveInfo } from './directives';
import { nginxWorkspace, splitUrl, upstreamKey, type AddressRef, type NginxWorkspace, type TreeModel, type Upstream } from './model';
import { directiveAt, enclosingBlocks, type NginxArg, type NginxConfig, type NginxDirective } from './parser';
import { nginxSymbols, type DocumentSymbolEntry } from '../symbols';
import { buildTree, guessContext, includedFiles, parseNginxCached, usesIn, type NginxTree } from './tree';

interface FileView {
  nw: NginxWorkspace;
  config: NginxConfig;
  context: Context;
  trees: NginxTree[];
  models: TreeModel[];
  vantage: Vantage[];
}

function viewOf(file: string, text: string, ctx: AnalyzerContext): FileView | undefined {
  const nw = nginxWorkspace(ctx, file, text);
  const config = nw.cache.get(file);
  if (!config) return undefined;
  const places = nw.placesOf(file);
  if (places.length === 0) {
    const tree = buildTree({ file, services: [], context: guessContext(config), stray: true }, nw.cache);
    return { nw, config, context: tree.root.context, trees: [tree], models: [], vantage: [] };
  }
  const seen = new Set<string>();
  const vantage: Vantage[] = [];
  for (const p of places) {
    for (const v of nw.vantageOf(p.model.tree)) {
      if (seen.has(v.host.id)) continue;
      seen.add(v.host.id);
      vantage.push(v);
    }
  }
  return {
    nw,
    config,
    context: places[0].inclusion.context,
    trees: places.map((p) => p.model.tree),
    models: places.map((p) => p.model),
    vantage,
  };
}

function upstreamsOf(view: FileView): Map<string, Upstream[]> {
  // A file outside any service tree may use upstreams defined anywhere in the workspace.
  const stray = view.models.length === 0 || view.models.every((m) => m.tree.root.stray);
  const models = stray ? view.nw.models : view.models;
  const out = new Map<string, Upstream[]>();
  for (const m of models) {
    for (const [name, list] of m.upstreams) out.set(name, [...(out.get(name) ?? []), ...list]);
  }
  return out;
}

/** A backend address for the shared address rules; its ranges are computed only for a finding. */
class BackendUse implements AddressUse {
  readonly candidates: AddressCandidate[];
  readonly reader = 'nginx' as const;
  readonly addressExpected = true;
  readonly nginxFile = true;

  constructor(
    readonly file: string,
    private readonly address: AddressRef,
    vantage: Vantage[],
  ) {
    // An own getter: fixes copy the edit with a spread.
    const edit = {
      file,
      get range(): Range {
        return address.hostRange;
      },
    };
    this.candidates = [{ text: address.host, vantage, edit }];
  }

  get range(): Range {
    return this.address.range;
  }
}

/** Analyzes one nginx configuration file. */
export function analyzeNginx(file: string, text: string, ctx: AnalyzerContext): Finding[] {
  const view = viewOf(file, text, ctx);
  if (!view) return [];
  const first = view.models[0];
  const localUpstreams = first ? [...first.upstreams.values()].flat().filter((u) => u.file === file) : [];
  const localPasses = first ? first.proxyPasses.filter((p) => p.file === file) : [];
  const localResolvers = first ? first.resolvers.filter((a) => a.file === file) : [];
  const problems = new Map<number, NginxTree['problems'][number]>();
  for (const t of view.trees) for (const p of t.problems) if (p.file === file && !problems.has(p.arg.start)) problems.set(p.arg.start, p);

  const findings: Finding[] = [];
  const invalid = new Set<AddressRef>();
  const addresses: AddressRef[] = [
    ...localUpstreams.flatMap((u) => u.servers.map((s) => s.address).filter((a): a is AddressRef => a !== undefined)),
    ...localPasses.filter((p) => !p.upstream && p.target).map((p) => p.target!),
    ...localResolvers,
  ];
  for (const a of addresses) {
    if (!parseIp(a.host) && !looksLikeIp(a.host) && !letterTypo(a.host)) continue;
    const found = judgeAddress(ctx, new BackendUse(file, a, view.vantage));
    if (found.some((f) => f.rule === 'ip-invalid' && f.severity === undefined)) invalid.add(a);
    findings.push(...found);
  }

  const check: NginxCheck = {
    file,
    text: view.config.text,
    config: view.config,
    ctx,
    nw: view.nw,
    trees: view.trees,
    context: view.context,
    vantage: view.vantage,
    uses: usesIn(view.config, view.context),
    upstreams: upstreamsOf(view),
    proxyPasses: view.models.length === 1 ? view.models[0].proxyPasses : view.models.flatMap((m) => m.proxyPasses),
    localUpstreams,
    localPasses,
    includeProblems: [...problems.values()],
    invalid,
  };
  findings.push(...checkNginx(check));
  return findings;
}

export const nginxAnalyzer: Analyzer = {
  name: 'nginx',
  // Addresses, services and the trees their configs read: no placeholders, shares or deploy environment.
  topologyParts: [],

  files(ctx: AnalyzerContext): string[] {
    return nginxWorkspace(ctx).files();
  },

  analyze(file: string, text: string, ctx: AnalyzerContext): Finding[] {
    return analyzeNginx(file, text, ctx);
  },

  /** The trees reading a file are not among its dependencies: a change of which files a tree reads judges every file again. */
  sharedState(ctx: AnalyzerContext): string {
    return nginxWorkspace(ctx).shape;
  },

  dependencies(file: string, ctx: AnalyzerContext): string[] {
    // Upstreams, proxy_pass users and include contexts come from every file of the trees reading
    // `file`; a file outside any service tree may use upstreams of any nginx file.
    const nw = nginxWorkspace(ctx);
    const places = nw.placesOf(file);
    const out = new Set<string>();
    if (places.length === 0 || places.every((p) => p.model.tree.root.stray)) for (const f of nw.files()) out.add(f);
    for (const p of places) {
      for (const f of p.model.tree.files.keys()) out.add(f);
      for (const prob of p.model.tree.problems) if (prob.kind === 'missing') out.add(prob.target);
    }
    out.delete(file);
    return [...out].sort();
  },

  hover(file, text, position, ctx, locale): HoverResult | undefined {
    const view = viewOf(file, text, ctx);
    return view ? hoverNginx(view, position, ctx, locale) : undefined;
  },

  complete(file, text, position, ctx, locale): CompletionEntry[] {
    const view = viewOf(file, text, ctx);
    return view ? completeNginx(view, position, ctx, locale) : [];
  },

  symbols(file, text): DocumentSymbolEntry[] {
    return nginxSymbols(parseNginxCached(file, text).nodes);
  },

  definition(file, text, position, ctx): DefinitionResult | undefined {
    const view = viewOf(file, text, ctx);
    return view ? definitionNginx(view, position) : undefined;
  },
};

// ---------------------------------------------------------------------------------------------
// Messages of hovers and completion

const H: Record<string, MessageTemplate> = {
  contexts: { en: 'Context', 'zh-cn': '可用位置' },
  default: { en: 'Default', 'zh-cn': '默认值' },
  docs: { en: 'nginx documentation', 'zh-cn': 'nginx 文档' },
  module: { en: 'module', 'zh-cn': '模块' },
  lua: { en: 'OpenResty (lua-nginx-module) directive, not part of nginx itself', 'zh-cn': 'OpenResty（lua-nginx-module）指令，不属于 nginx 本身' },
  unknownDirective: { en: 'Not a directive of any nginx module', 'zh-cn': '不是任何 nginx 模块的指令' },
  hostAddress: { en: '**{host}** ({region}), {role} IP', 'zh-cn': '**{host}**（{region}），{role} IP' },
  internal: { en: 'internal', 'zh-cn': '内网' },
  external: { en: 'external', 'zh-cn': '外网' },
  unknownAddress: { en: 'No host of the topology has this address', 'zh-cn': '拓扑中没有主机使用此地址' },
  invalidIp: { en: '`{text}` is not a valid IP address', 'zh-cn': '`{text}` 不是合法的 IP 地址' },
  didYouMean: { en: 'Did you mean {value} ({host}, {role})?', 'zh-cn': '是否想写 {value}（{host}，{role}）？' },
  from: { en: 'From **{host}** ({region}): {verdict}', 'zh-cn': '从 **{host}**（{region}）看：{verdict}' },
  noVantage: {
    en: 'No service of the topology lists this file: reachability is not judged',
    'zh-cn': '拓扑中没有服务使用此文件：不判断可达性',
  },
  'role/loopback': { en: 'its own loopback', 'zh-cn': '本机回环地址' },
  'role/own-internal': { en: 'same LAN, reached directly', 'zh-cn': '同一内网，直接可达' },
  'role/own-lan': { en: 'inside its own LAN', 'zh-cn': '位于本地域内网' },
  'role/external': { en: 'reached over the public network', 'zh-cn': '经公网访问' },
  'role/external-same': {
    en: 'reached over the public network, though it is in the same region (its internal IP is {internal})',
    'zh-cn': '经公网访问，但它在同一地域（内网 IP 为 {internal}）',
  },
  'role/other-internal': { en: "**unreachable**: another region's internal IP", 'zh-cn': '**不可达**：其他地域的内网 IP' },
  'role/other-lan': { en: "**unreachable**: inside another region's LAN", 'zh-cn': '**不可达**：位于其他地域内网' },
  'role/unknown': { en: 'not in the topology', 'zh-cn': '不在拓扑中' },
  upstream: { en: 'upstream **{name}**', 'zh-cn': 'upstream **{name}**' },
  upstreamAt: { en: 'defined in {file}:{line}', 'zh-cn': '定义于 {file}:{line}' },
  server: { en: 'server', 'zh-cn': '服务器' },
  upstreamDetail: { en: 'upstream, {count} servers', 'zh-cn': 'upstream，{count} 台服务器' },
  addressDetail: { en: '{host} · {region} · {role}', 'zh-cn': '{host} · {region} · {role}' },
  reachableFrom: { en: 'Reachable from {hosts}', 'zh-cn': '{hosts} 可达' },
  unreachableFrom: { en: 'Unreachable from {hosts}', 'zh-cn': '{hosts} 不可达' },
};

function msg(id: string, locale: Locale, data: Record<string, string | number> = {}): string {
  const t = H[id];
  const s = t ? (t[locale] ?? t.en) : id;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? String(data[k]) : m));
}

// ---------------------------------------------------------------------------------------------
// Hover

function tokenAt(d: NginxDirective, offset: number): NginxArg | undefined {
  return [d.nameToken, ...d.args].find((t) => offset >= t.start && offset <= t.end);
}

/** The context a position of the file sits in (the context of the innermost enclosing block). */
function contextAt(view: FileView, offset: number): Context {
  let ctx = view.context;
  for (const b of enclosingBlocks(view.config.nodes, offset)) ctx = childContext(b.name, ctx);
  return ctx;
}

function directiveHover(name: string, ctx: Context, locale: Locale): string {
  const info = variantIn(name, ctx) ?? variants(name)[0];
  if (!info) return /_by_lua|^lua_/.test(name) ? `**${name}** — ${msg('lua', locale)}` : `**${name}** — ${msg('unknownDirective', locale)}`;
  const lines = [`**${info.name}** (${info.module}) — ${info.description}`];
  const [colon, sep] = locale === 'zh-cn' ? ['：', '、'] : [': ', ', '];
  const meta = [`${msg('contexts', locale)}${colon}${contextNames(info.contexts).join(sep)}`];
  if (info.default) meta.push(`${msg('default', locale)}${colon}\`${info.default}\``);
  lines.push(meta.join(' · '));
  lines.push(`[${msg('docs', locale)}](${info.docUrl})`);
  return lines.join('\n\n');
}

function verdict(role: AddressRole, target: Host | undefined, vantage: Host, locale: Locale): string {
  if (role === 'external' && target && target.region === vantage.region && target.internal?.ip) {
    return msg('role/external-same', locale, { internal: target.internal.ip.text });
  }
  return msg(`role/${role}`, locale);
}

export function addressHover(text: string, ctx: AnalyzerContext, vantage: Vantage[], locale: Locale): string {
  const topo = ctx.topology;
  const ip = parseIp(text);
  if (!ip) {
    const lines = [msg('invalidIp', locale, { text })];
    const known = new Map<string, { host: Host; role: string }>();
    for (const h of topo.hosts) {
      if (h.internal?.ip) known.set(h.internal.ip.text, { host: h, role: msg('internal', locale) });
      if (h.external?.ip) known.set(h.external.ip.text, { host: h, role: msg('external', locale) });
    }
    const near = nearest(text, known.keys(), 2);
    if (near) lines.push(msg('didYouMean', locale, { value: near, host: known.get(near)!.host.id, role: known.get(near)!.role }));
    return lines.join('\n\n');
  }
  const lines: string[] = [];
  const owner = ownersOf(topo, ip, vantage.map((v) => v.host))[0];
  if (owner) {
    lines.push(msg('hostAddress', locale, { host: owner.host.id, region: owner.host.region.name, role: msg(owner.role, locale) }));
  } else lines.push(msg('unknownAddress', locale));
  if (vantage.length === 0) lines.push(msg('noVantage', locale));
  for (const v of vantage) {
    const j = judgeFrom(topo, v.host, ip);
    lines.push(msg('from', locale, { host: v.host.id, region: v.host.region.name, verdict: verdict(j.role, j.host, v.host, locale) }));
  }
  return lines.join('\n\n');
}

const IP_LIKE = /\[[0-9a-fA-F:.]+\]|\d{1,3}(?:\.\d{1,3}){3}|(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}/g;

function upstreamHover(u: Upstream, locale: Locale): string {
  const lines = [`${msg('upstream', locale, { name: u.name })} — ${msg('upstreamAt', locale, { file: u.file, line: u.directive.range.start.line + 1 })}`];
  for (const s of u.servers) lines.push(`- ${msg('server', locale)} \`${s.directive.args.map((a) => a.raw).join(' ')}\``);
  return lines.join('\n');
}

export function hoverNginx(view: FileView, position: Position, ctx: AnalyzerContext, locale: Locale): HoverResult | undefined {
  const config = view.config;
  const offset = config.lines.offsetAt(position);
  const { directive: d } = directiveAt(config.nodes, offset);
  if (!d) return undefined;
  const tok = tokenAt(d, offset);
  if (!tok) return undefined;
  if (tok === d.nameToken) {
    const inFree = contextAt(view, d.start) === FREE;
    if (inFree) return undefined;
    return { range: tok.range, markdown: directiveHover(d.name, contextAt(view, d.start), locale) };
  }
  // An address inside the token (only when the token is written without escapes).
  const inner = tok.quote ? tok.raw.slice(1, -1) : tok.raw;
  if (inner === tok.value) {
    const base = tok.start + (tok.quote ? 1 : 0);
    for (const m of tok.value.matchAll(IP_LIKE)) {
      const s = base + m.index!;
      const e = s + m[0].length;
      if (offset < s || offset > e) continue;
      const text = m[0].startsWith('[') ? m[0].slice(1, -1) : m[0];
      if (!parseIp(text) && !looksLikeIp(text)) continue;
      return { range: config.lines.rangeOf(s, e), markdown: addressHover(text, ctx, view.vantage, locale) };
    }
  }
  if (d.name === 'proxy_pass' || d.name === 'grpc_pass') {
    const host = splitUrl(tok.value).hostPart.split(':')[0];
    const u = upstreamsOf(view).get(upstreamKey(host))?.[0];
    if (u) return { range: tok.range, markdown: upstreamHover(u, locale) };
  }
  return undefined;
}

/** Directives whose address may name an upstream block. */
const PASSES: ReadonlySet<string> = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to Definition on an `include` argument (the files it reads, in every tree reading this file)
 * and on an upstream name in a `*_pass` directive (the `upstream` blocks of that name).
 */
export function definitionNginx(view: FileView, position: Position): DefinitionResult | undefined {
  const offset = view.config.lines.offsetAt(position);
  const { directive: d } = directiveAt(view.config.nodes, offset);
  const tok = d && tokenAt(d, offset);
  if (!d || !tok || tok === d.nameToken) return undefined;
  if (d.name === 'include' && d.args.length === 1) {
    const files = new Set<string>();
    for (const tree of view.trees) for (const f of includedFiles(tok.value, tree.root, view.nw.cache)) files.add(f);
    return { range: tok.range, targets: [...files].map((file) => ({ file, range: FILE_START })) };
  }
  if (PASSES.has(d.name) && tok === d.args[0]) {
    const name = splitUrl(tok.value).hostPart.split(':')[0];
    const found = upstreamsOf(view).get(upstreamKey(name));
    if (!found) return undefined;
    return { range: tok.range, targets: found.map((u) => ({ file: u.file, range: (u.directive.args[0] ?? u.directive.nameToken).range })) };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Completion

function wordBefore(text: string, offset: number): number {
  let s = offset;
  while (s > 0 && !/[\s;{}]/.test(text[s - 1])) s--;
  return s;
}

/** Tokens of the statement the cursor is in, before the cursor (rough: quotes and comments ignored). */
function statementBefore(text: string, offset: number): string[] {
  let s = offset;
  while (s > 0 && !/[;{}]/.test(text[s - 1])) s--;
  const body = text
    .slice(s, offset)
    .split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '$1'))
    .join('\n');
  return body.split(/\s+/).filter((t, i, all) => t !== '' || i === all.length - 1);
}

function addressEntries(ctx: AnalyzerContext, vantage: Vantage[], locale: Locale, range: Range, suffix = ''): CompletionEntry[] {
  const topo = ctx.topology;
  const good: CompletionEntry[] = [];
  const bad: CompletionEntry[] = [];
  for (const h of topo.hosts) {
    for (const role of ['internal', 'external'] as const) {
      const ip = h[role]?.ip;
      if (!ip) continue;
      const reach: Host[] = [];
      const unreach: Host[] = [];
      for (const v of vantage) (judgeFrom(topo, v.host, ip).reachable ? reach : unreach).push(v.host);
      const docs: string[] = [];
      if (reach.length) docs.push(msg('reachableFrom', locale, { hosts: hostsInRegions(reach, locale) }));
      if (unreach.length) docs.push(msg('unreachableFrom', locale, { hosts: hostsInRegions(unreach, locale) }));
      const preferred = vantage.some((v) => (role === 'internal' ? h.region === v.host.region : h.region !== v.host.region));
      const entry: CompletionEntry = {
        label: `${ip.text}${suffix}`,
        kind: 'address',
        detail: msg('addressDetail', locale, { host: h.id, region: h.region.name, role: msg(role, locale) }),
        documentation: docs.join('\n\n') || undefined,
        range,
      };
      (unreach.length === 0 && (preferred || vantage.length === 0) ? good : bad).push(entry);
    }
  }
  return [...good, ...bad];
}

export function completeNginx(view: FileView, position: Position, ctx: AnalyzerContext, locale: Locale): CompletionEntry[] {
  const config = view.config;
  const text = config.text;
  const offset = config.lines.offsetAt(position);
  const ctxHere = contextAt(view, offset);
  if (ctxHere === FREE) return [];
  const tokens = statementBefore(text, offset);
  const start = wordBefore(text, offset);
  const word = text.slice(start, offset);
  const range = config.lines.rangeOf(start, offset);

  if (tokens.length <= 1) {
    // A directive name.
    const list = ctxHere === UNKNOWN ? directivesIn(Ctx.http | Ctx.httpServer | Ctx.location) : directivesIn(ctxHere);
    return list
      .filter((i) => i.name.startsWith(word))
      .map((i: DirectiveInfo) => ({
        label: i.name,
        kind: 'directive' as const,
        detail: i.module,
        documentation: `${i.description}\n\n[${msg('docs', locale)}](${i.docUrl})`,
        range,
      }));
  }

  const name = tokens[0];
  const argIndex = tokens.length - 2;
  if ((name === 'proxy_pass' || name === 'grpc_pass') && argIndex === 0) {
    const m = /^([a-z]+:\/\/)/i.exec(word);
    const stream = ctxHere === Ctx.streamServer;
    if (!m && !stream) return [];
    const from = start + (m ? m[1].length : 0);
    const r = config.lines.rangeOf(from, offset);
    const family = stream ? 'stream' : 'http';
    const ups = [...upstreamsOf(view).values()].flat().filter((u) => u.family === family);
    const seen = new Set<string>();
    const upstreamEntries: CompletionEntry[] = [];
    for (const u of ups) {
      if (seen.has(upstreamKey(u.name))) continue;
      seen.add(upstreamKey(u.name));
      upstreamEntries.push({
        label: u.name,
        kind: 'upstream',
        detail: msg('upstreamDetail', locale, { count: u.servers.length }),
        documentation: upstreamHover(u, locale),
        range: r,
      });
    }
    return [...upstreamEntries, ...addressEntries(ctx, view.vantage, locale, r)];
  }
  if (name === 'server' && argIndex === 0 && (ctxHere === Ctx.httpUpstream || ctxHere === Ctx.streamUpstream)) {
    return addressEntries(ctx, view.vantage, locale, range);
  }
  return [];
}
