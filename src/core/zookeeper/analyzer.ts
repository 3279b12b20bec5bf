/**
 * ZooKeeper server configurations: the `config:` files of the topology's `zookeeper` services
 * (`zoo.cfg`), judged from the hosts running the service — the members of the ensemble, each of
 * which must reach every other member at the address of its `server.<id>` line.
 */
import type { Analyzer, AnalyzerContext, CompletionEntry, HoverResult, Vantage } from '../analyzer';
import { addressEntries, describeAddress } from '../dubbo/analyzer';
import { nameList } from '../l10n';
import { looksLikeIp, parseIp } from '../ip';
import { judgeAddress } from '../rules/address/judge';
import { checkDynamicConfig, checkMultiAddress, checkQuorumListen, checkQuorumPlaintext } from '../rules/zookeeper/index';
import { LineIndex, rangeContains } from '../text';
import { describeHosts, judgeFrom } from '../topology/reach';
import type { Host, Region } from '../topology/model';
import type { Finding, Fix, Position } from '../types';
import { zooConfigCached, type ZkServer } from './config';
import { zooSettingsSource } from './files';

export const zookeeperAnalyzer: Analyzer = {
  name: 'zookeeper',
  // A member's JVM flags come from the properties and the deploy environment of its host.
  topologyParts: ['properties', 'env'],

  files(ctx: AnalyzerContext): string[] {
    const out = new Set<string>();
    for (const s of ctx.topology.services) if (s.kind === 'zookeeper') for (const c of s.config) out.add(c.value);
    return [...out].sort();
  },

  analyze(file: string, text: string, ctx: AnalyzerContext): Finding[] {
    const config = zooConfigCached(file, text);
    const vantage = ctx.vantage(file);
    const out: Finding[] = [];
    // Every member reaches every other one at its server line's address, or at one of them when the
    // line lists several (ZooKeeper 3.6+: the member uses one it can reach).
    for (const s of config.servers) {
      const several = s.addresses.length > 1;
      const found: Finding[] = [];
      for (const a of s.addresses) {
        if (!a.range) continue;
        found.push(...judgeAddress(ctx, { file, range: a.range, candidates: [{ text: a.host, vantage, edit: { file, range: a.range } }], literalOnly: true, syntaxOnly: several, reader: 'java' }));
      }
      out.push(...found);
      if (several && !found.some((f) => f.rule === 'ip-invalid' && f.severity === undefined)) {
        const f = noAddressReachable(ctx, file, s, vantage);
        if (f) out.push(f);
      }
    }
    // The settings of the server lines: this file's, or those of the static file naming a dynamic one.
    const source = zooSettingsSource(ctx, file, config);
    out.push(...checkDynamicConfig(file, text, config, source));
    out.push(...checkMultiAddress(file, config, vantage));
    out.push(...checkQuorumListen(file, config, vantage, source));
    out.push(...checkQuorumPlaintext(file, config, vantage, ctx.topology, source));
    return out;
  },

  complete(file: string, text: string, position: Position, ctx: AnalyzerContext, locale): CompletionEntry[] {
    // The address part of a `server.<id>` value: the members' addresses, internal and external.
    const entry = zooConfigCached(file, text).props.entries.find((e) => /^server\.\d+$/.test(e.key) && e.valueRange.start.line === position.line);
    if (!entry || entry.valueRange.end.line !== position.line || position.character < entry.valueRange.start.character) return [];
    const line = new LineIndex(text).lineText(position.line);
    const from = entry.valueRange.start.character;
    const before = line.slice(from, position.character);
    if (before.includes(';')) return [];
    // The address under the cursor: after the last `|`, up to its first `:`.
    const start = from + before.lastIndexOf('|') + 1;
    if (line.slice(start, position.character).includes(':')) return [];
    let end = position.character;
    while (end < line.length && !':;|'.includes(line[end])) end++;
    const range = { start: { line: position.line, character: start }, end: { line: position.line, character: end } };
    const members = new Set(ctx.vantage(file).map((v) => v.host));
    const entries = addressEntries(ctx, range, locale);
    return members.size === 0 ? entries : entries.filter((c) => [...members].some((h) => h.internal?.ip?.text === c.label || h.external?.ip?.text === c.label));
  },

  hover(file: string, text: string, position: Position, ctx: AnalyzerContext, locale): HoverResult | undefined {
    for (const s of zooConfigCached(file, text).servers) {
      for (const a of s.addresses) {
        if (a.range && rangeContains(a.range, position) && (parseIp(a.host) || looksLikeIp(a.host))) return { range: a.range, markdown: describeAddress(ctx, a.host, ctx.vantage(file), locale) };
      }
    }
    return undefined;
  },
};

/**
 * `cross-region-internal-ip` for a line of several addresses none of which some members reach: one
 * finding on the addresses, naming those members. The fix adds the external IP of the host the
 * addresses belong to (when they belong to one), with the ports of its internal IP on the line: the
 * members of its region keep reaching it over the LAN, the others take the external IP.
 */
function noAddressReachable(ctx: AnalyzerContext, file: string, s: ZkServer, vantage: readonly Vantage[]): Finding | undefined {
  const range = s.addressesRange;
  if (!range) return undefined;
  const topology = ctx.topology;
  const hosts: Host[] = [];
  const targets: Host[] = [];
  const regions: Region[] = [];
  for (const v of vantage) {
    const judged = s.addresses.map((a) => judgeFrom(topology, v.host, a.host));
    if (judged.some((j) => j.reachable) || hosts.includes(v.host)) continue;
    hosts.push(v.host);
    for (const j of judged) {
      if (j.host && !targets.includes(j.host)) targets.push(j.host);
      const region = j.host?.region ?? j.region;
      if (region && !regions.includes(region)) regions.push(region);
    }
  }
  if (hosts.length === 0) return undefined;
  const data = { id: s.id, addresses: nameList(s.addresses.map((a) => a.host)), hosts: describeHosts(hosts), regions: nameList(regions.map((r) => r.name)) };
  const target = targets[0];
  if (!target) return { rule: 'cross-region-internal-ip', file, range, message: { id: 'noneReachableNoHost', data }, fixes: [] };
  const ext = target.external?.ip?.text;
  const fixes: Fix[] = [];
  const own = s.addresses.find((a) => parseIp(a.host)?.text === target.internal?.ip?.text);
  if (ext && targets.length === 1 && own?.quorumPort !== undefined && own.electionPort !== undefined) {
    const address = ext.includes(':') ? `[${ext}]` : ext;
    fixes.push({
      title: { id: 'addAlternative', data: { target: target.id, value: ext } },
      safe: true,
      edits: [{ file, range: { start: range.end, end: range.end }, newText: `|${address}:${own.quorumPort}:${own.electionPort}` }],
    });
  }
  const external = ext ? ` ${ext}` : { id: 'noExternal' };
  return { rule: 'cross-region-internal-ip', file, range, message: { id: 'noneReachable', data: { ...data, target: target.id, external } }, fixes };
}
