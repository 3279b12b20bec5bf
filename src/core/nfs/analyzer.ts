/**
 * The exports(5) analyzer: a share's `exportsFile` (judged from the share's server) and any
 * workspace file named `exports` or `*.exports` (no vantage host: only checks that need none),
 * plus the NFS checks of the shares written in the topology file. Hover and completion are pure.
 */
import type { Analyzer, AnalyzerContext, CompletionEntry, HoverResult, Vantage } from '../analyzer';
import { cidrContains } from '../ip';
import { judgeAddress } from '../rules/address/judge';
import type { MessageTemplate } from '../rules/meta';
import { checkExports, checkTopologyShares } from '../rules/nfs/index';
import { addressSeenByServer, clientHosts, entriesOfShare, sharesOfFile, type ShareOnServer } from '../rules/nfs/context';
import { ownFiles } from '../scope';
import { hostInRegion, hostsInRegions, judgeFrom, type AddressRole } from '../topology/reach';
import type { Host } from '../topology/model';
import { LineIndex, rangeContains } from '../text';
import type { Finding, Locale, Position, Range } from '../types';
import { parseExports, type ExportClient, type ExportOption, type ExportsFile } from './exports';
import { EXPORT_OPTIONS, SAFE_EXPORT_DEFAULTS, SEC_FLAVORS, XPRTSEC_MODES, exportOptionSpec, familyDefault } from './options';

/** Whether a workspace file is an exports(5) file by name. */
export function isExportsFileName(file: string): boolean {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base === 'exports' || (base.endsWith('.exports') && base.length > '.exports'.length);
}

function vantageOf(shares: ShareOnServer[]): Vantage[] {
  const seen = new Set<string>();
  const out: Vantage[] = [];
  for (const s of shares) {
    if (seen.has(s.server.id)) continue;
    seen.add(s.server.id);
    out.push({ host: s.server, share: s.share });
  }
  return out;
}

/**
 * Address rules that nfs-client-mismatch speaks for on a line exporting a share's path: it names the
 * address the server sees the host by (another region's internal IP, a same-region external IP).
 */
const SHARE_LINE_RULES: ReadonlySet<string> = new Set(['cross-region-internal-ip', 'same-region-external-ip']);

/**
 * Analyzes one exports file: parse, shared address rules on every client address (judged from the
 * server, as the server must see the client by that address), then the NFS rules.
 */
export function analyzeExports(file: string, text: string, ctx: AnalyzerContext): Finding[] {
  const parsed = parseExports(text);
  const shares = sharesOfFile(ctx, file);
  const vantage = vantageOf(shares);
  const shareLines = new Set(shares.flatMap((s) => entriesOfShare(parsed, s.share)));
  const invalid = new Set<ExportClient>();
  const findings: Finding[] = [];
  for (const e of parsed.entries) {
    const ofShare = shareLines.has(e);
    for (const c of e.clients) {
      if (c.addressText === undefined || !c.addressRange) continue;
      if (c.kind === 'cidr' && c.address) continue; // a network is not a host address
      const found = judgeAddress(ctx, {
        file,
        range: c.addressRange,
        candidates: [{ text: c.addressText, vantage, edit: { file, range: c.addressRange } }],
        // The file is written for the server alone: no `${placeholder}` to suggest.
        literalOnly: true,
        reader: 'exportfs',
      });
      if (found.some((f) => f.rule === 'ip-invalid')) invalid.add(c);
      for (const f of found) if (!ofShare || !SHARE_LINE_RULES.has(f.rule)) findings.push(f);
    }
  }
  findings.push(...checkExports({ file, text, parsed, ctx, shares, vantage, invalid }));
  return findings;
}

export const exportsAnalyzer: Analyzer = {
  name: 'exports',
  // The shares and the addresses their servers and clients are reached at.
  topologyParts: ['shares'],

  files(ctx: AnalyzerContext): string[] {
    const out = new Set<string>();
    for (const s of ctx.topology.shares) if (s.exportsFile) out.add(s.exportsFile.value);
    for (const f of ownFiles(ctx.ws)) if (isExportsFileName(f)) out.add(f);
    if (ctx.topology.shares.length > 0) out.add(ctx.topology.file);
    return [...out].sort();
  },

  analyze(file: string, text: string, ctx: AnalyzerContext): Finding[] {
    if (file === ctx.topology.file) return checkTopologyShares({ ctx, text });
    return analyzeExports(file, text, ctx);
  },

  dependencies(file: string, ctx: AnalyzerContext): string[] {
    // The shares of the topology are judged against the exports files they name.
    if (file !== ctx.topology.file) return [];
    return [...new Set(ctx.topology.shares.flatMap((s) => (s.exportsFile ? [s.exportsFile.value] : [])))].sort();
  },

  hover(file, text, position, ctx, locale): HoverResult | undefined {
    if (file === ctx.topology.file) return undefined;
    return hoverExports(file, parseExports(text), position, ctx, locale);
  },

  complete(file, text, position, ctx, locale): CompletionEntry[] {
    if (file === ctx.topology.file) return [];
    return completeExports(file, text, position, ctx, locale);
  },
};

// ---------------------------------------------------------------------------------------------
// Hover

const H: Record<string, MessageTemplate> = {
  default: { en: 'default', 'zh-cn': '默认' },
  defaultIs: { en: 'Default: `{value}`', 'zh-cn': '默认：`{value}`' },
  effective: { en: 'In effect', 'zh-cn': '生效的选项' },
  everyone: { en: 'Every host', 'zh-cn': '所有主机' },
  everyoneDetached: {
    en: 'Every host: the space before `(` separates these options from `{host}`',
    'zh-cn': '所有主机：`(` 前的空格使这些选项与 `{host}` 分离',
  },
  netgroup: { en: 'NIS netgroup `{name}`', 'zh-cn': 'NIS 网络组 `{name}`' },
  pattern: { en: 'Host name pattern (matched against reverse DNS)', 'zh-cn': '主机名通配（按反向解析的名称匹配）' },
  hostname: { en: 'Host name (resolved by the server)', 'zh-cn': '主机名（由服务器解析）' },
  network: { en: 'Network {cidr}', 'zh-cn': '网段 {cidr}' },
  covers: { en: 'Topology hosts inside: {hosts}', 'zh-cn': '其中的拓扑主机：{hosts}' },
  invalidIp: { en: '`{text}` is not a valid IP address', 'zh-cn': '`{text}` 不是合法的 IP 地址' },
  hostAddress: { en: '**{host}** ({region}), {role} IP', 'zh-cn': '**{host}**（{region}），{role} IP' },
  internal: { en: 'internal', 'zh-cn': '内网' },
  external: { en: 'external', 'zh-cn': '外网' },
  unknownAddress: { en: 'No host of the topology has this address', 'zh-cn': '拓扑中没有主机使用此地址' },
  fromServer: { en: 'From server **{server}** ({region}): {verdict}', 'zh-cn': '从服务器 **{server}**（{region}）看：{verdict}' },
  'role/loopback': { en: 'its own loopback', 'zh-cn': '本机回环地址' },
  'role/own-internal': { en: 'same LAN, reached directly', 'zh-cn': '同一内网，直接可达' },
  'role/own-lan': { en: 'inside its own LAN', 'zh-cn': '位于本地域内网' },
  'role/external': { en: 'reached over the public network (unencrypted NFS)', 'zh-cn': '经公网访问（NFS 未加密）' },
  'role/other-internal': { en: "another region's internal IP: never seen by the server", 'zh-cn': '其他地域的内网 IP：服务器永远看不到' },
  'role/other-lan': { en: "inside another region's LAN: never seen by the server", 'zh-cn': '位于其他地域内网：服务器永远看不到' },
  'role/unknown': { en: 'not in the topology', 'zh-cn': '不在拓扑中' },
  share: {
    en: 'Share **{share}**: server {server}, clients {clients}, mounted at `{mount}`',
    'zh-cn': '共享 **{share}**：服务器 {server}，客户端 {clients}，挂载到 `{mount}`',
  },
  seenAs: { en: '{host} as {address}', 'zh-cn': '{host}（{address}）' },
  lineDefaults: { en: 'Default options for the clients of this line', 'zh-cn': '本行客户端的默认选项' },
  path: { en: 'Exported directory `{path}`', 'zh-cn': '导出目录 `{path}`' },
  unknownOption: { en: 'Unknown option: exportfs rejects the entry', 'zh-cn': '未知选项：exportfs 会拒绝该导出' },
};

function msg(id: string, locale: Locale, data: Record<string, string> = {}): string {
  const t = H[id];
  const s = t ? t[locale] ?? t.en : id;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in data ? data[k] : m));
}

function optionHover(o: ExportOption, locale: Locale): string {
  const spec = o.spec ?? exportOptionSpec(o.name);
  if (!spec) return `\`${o.text}\` — ${msg('unknownOption', locale)}`;
  const lines = [`**${spec.name}**${spec.isDefault ? ` (${msg('default', locale)})` : ''} — ${spec.doc[locale]}`];
  const def = spec.family ? familyDefault(spec.family) : undefined;
  if (def && def !== spec.name) lines.push(msg('defaultIs', locale, { value: def }));
  return lines.join('\n\n');
}

function roleOf(h: Host, text: string): string | undefined {
  if (h.internal?.ip?.text === text) return 'internal';
  if (h.external?.ip?.text === text) return 'external';
  return undefined;
}

function clientHover(c: ExportClient, ctx: AnalyzerContext, vantage: Vantage[], locale: Locale): string {
  const lines: string[] = [];
  const topo = ctx.topology;
  if (c.kind === 'anonymous') {
    lines.push(c.detachedFrom ? msg('everyoneDetached', locale, { host: c.detachedFrom.host }) : msg('everyone', locale));
  } else if (c.kind === 'netgroup') lines.push(msg('netgroup', locale, { name: c.host }));
  else if (c.kind === 'wildcard') lines.push(msg('pattern', locale));
  else if (c.kind === 'hostname' || c.kind === 'gss') lines.push(msg('hostname', locale));
  else if (c.kind === 'cidr' && c.cidr) {
    lines.push(msg('network', locale, { cidr: c.host }));
    const inside = topo.hosts.filter((h) =>
      [h.internal?.ip, h.external?.ip].some((ip) => ip !== undefined && cidrContains(c.cidr!, ip)),
    );
    if (inside.length > 0) lines.push(msg('covers', locale, { hosts: hostsInRegions(inside, locale) }));
  } else if (c.address) {
    const owners = topo.hosts.filter((h) => roleOf(h, c.address!.text));
    for (const h of owners) {
      lines.push(msg('hostAddress', locale, { host: h.id, region: h.region.name, role: msg(roleOf(h, c.address.text)!, locale) }));
    }
    if (owners.length === 0) lines.push(msg('unknownAddress', locale));
    for (const v of vantage) {
      const role: AddressRole = judgeFrom(topo, v.host, c.address).role;
      lines.push(msg('fromServer', locale, { server: v.host.id, region: v.host.region.name, verdict: msg(`role/${role}`, locale) }));
    }
  } else if (c.addressText) lines.push(msg('invalidIp', locale, { text: c.addressText }));
  const eff = [...c.effective.values()].map((e) => (e.source ? `**${e.name}**` : e.name));
  if (c.sec.join(':') !== 'sys' || c.secSource) eff.push(`sec=${c.sec.join(':')}`);
  if (c.xprtsec.length > 0) eff.push(`xprtsec=${c.xprtsec.join(':')}`);
  const [colon, sep] = locale === 'zh-cn' ? ['：', '、'] : [': ', ', '];
  lines.push(`${msg('effective', locale)}${colon}${eff.join(sep)}`);
  return lines.join('\n\n');
}

export function hoverExports(
  file: string,
  parsed: ExportsFile,
  position: Position,
  ctx: AnalyzerContext,
  locale: Locale,
): HoverResult | undefined {
  const shares = sharesOfFile(ctx, file);
  const vantage = vantageOf(shares);
  for (const e of parsed.entries) {
    if (!rangeContains(e.range, position)) continue;
    if (rangeContains(e.pathRange, position)) {
      const lines = [msg('path', locale, { path: e.path })];
      for (const s of shares.filter((x) => entriesOfShare(parsed, x.share).includes(e))) {
        const clients = clientHosts(ctx, s.share).map((h) =>
          msg('seenAs', locale, { host: h.id, address: addressSeenByServer(h, s.server) ?? '—' }),
        );
        lines.push(msg('share', locale, { share: s.share.id, server: s.server.id, clients: clients.join(locale === 'zh-cn' ? '、' : ', '), mount: s.share.mount ?? '—' }));
      }
      return { range: e.pathRange, markdown: lines.join('\n\n') };
    }
    const lists = [e.defaults, ...e.clients.map((c) => c.options)];
    for (const l of lists) {
      for (const o of l?.options ?? []) if (rangeContains(o.range, position)) return { range: o.range, markdown: optionHover(o, locale) };
    }
    if (e.defaults && rangeContains(e.defaults.tokenRange, position)) {
      return { range: e.defaults.tokenRange, markdown: msg('lineDefaults', locale) };
    }
    for (const c of e.clients) {
      if (c.implicit === 'no-client') continue;
      const r = c.host.length > 0 ? c.hostRange : c.tokenRange;
      if (rangeContains(r, position)) return { range: r, markdown: clientHover(c, ctx, vantage, locale) };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Completion

export function completeExports(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): CompletionEntry[] {
  const idx = new LineIndex(text);
  const lineText = idx.lineText(position.line);
  const before = lineText.slice(0, position.character);
  const prevContinues = position.line > 0 && /\\$/.test(idx.lineText(position.line - 1));
  const hash = before.indexOf('#');
  if (hash >= 0) return [];
  const word = /[^\s]*$/.exec(before)![0];
  const wordStart = position.character - word.length;
  const isFirstWord = !prevContinues && before.slice(0, wordStart).trim() === '';
  const shares = sharesOfFile(ctx, file);
  const at = (from: number): Range => ({ start: { line: position.line, character: from }, end: position });

  if (isFirstWord) {
    return shares
      .filter((s) => s.share.path)
      .map((s) => ({ label: s.share.path!, kind: 'value' as const, detail: `share ${s.share.id}`, range: at(wordStart) }));
  }

  const open = word.lastIndexOf('(');
  const inOptions = (open >= 0 && word.indexOf(')', open) < 0) || (word.startsWith('-') && before.slice(0, wordStart).trim().split(/\s+/).length === 1);
  if (inOptions) {
    const listStart = open >= 0 ? open + 1 : 1;
    const current = word.slice(Math.max(listStart, word.lastIndexOf(',') + 1));
    const currentStart = position.character - current.length;
    const eq = current.indexOf('=');
    if (eq >= 0) {
      const name = current.slice(0, eq);
      const values = name === 'sec' ? SEC_FLAVORS.filter((f) => f !== 'unix' && f !== 'null') : name === 'xprtsec' ? XPRTSEC_MODES : [];
      const valuePart = current.slice(eq + 1);
      const valueStart = position.character - (valuePart.length - (valuePart.lastIndexOf(':') + 1));
      return values.map((v) => ({ label: v, kind: 'value' as const, range: at(valueStart) }));
    }
    return EXPORT_OPTIONS.filter((o) => !o.hidden).map((o) => ({
      label: o.value === 'required' ? `${o.name}=` : o.name,
      kind: 'value' as const,
      detail: o.isDefault ? H.default[locale] : undefined,
      documentation: o.doc[locale],
      range: at(currentStart),
    }));
  }

  // A client position: the addresses the server sees the share's clients by, else every host address.
  const out: CompletionEntry[] = [];
  const opts = SAFE_EXPORT_DEFAULTS.join(',');
  const seen = new Set<string>();
  const add = (address: string, detail: string) => {
    if (seen.has(address)) return;
    seen.add(address);
    out.push({
      label: address,
      kind: 'address',
      detail,
      insertText: `${address}(\${1:${opts}})`,
      snippet: true,
      range: at(wordStart),
    });
  };
  for (const s of shares) {
    for (const h of clientHosts(ctx, s.share)) {
      const a = addressSeenByServer(h, s.server);
      if (a) add(a, `${hostInRegion(h, locale)} — share ${s.share.id}`);
    }
  }
  if (shares.length === 0) {
    for (const h of ctx.topology.hosts) {
      if (h.internal?.ip) add(h.internal.ip.text, `${hostInRegion(h, locale)} ${H.internal[locale]}`);
      if (h.external?.ip) add(h.external.ip.text, `${hostInRegion(h, locale)} ${H.external[locale]}`);
    }
  }
  return out;
}
