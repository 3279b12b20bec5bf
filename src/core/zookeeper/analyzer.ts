/**
 * ZooKeeper server configurations: the `config:` files of the topology's `zookeeper` services
 * (`zoo.cfg`), judged from the hosts running the service — the members of the ensemble, each of
 * which must reach every other member at the address of its `server.<id>` line.
 */
import type { Analyzer, AnalyzerContext, CompletionEntry, HoverResult } from '../analyzer';
import { addressEntries, describeAddress } from '../dubbo/analyzer';
import { looksLikeIp, parseIp } from '../ip';
import { judgeAddress } from '../rules/address/judge';
import { checkDynamicConfig, checkQuorumListen, checkQuorumPlaintext } from '../rules/zookeeper/index';
import { LineIndex, rangeContains } from '../text';
import type { Finding, Position } from '../types';
import { zooConfigCached } from './config';
import { zooSettingsSource } from './files';

export const zookeeperAnalyzer: Analyzer = {
  name: 'zookeeper',

  files(ctx: AnalyzerContext): string[] {
    const out = new Set<string>();
    for (const s of ctx.topology.services) if (s.kind === 'zookeeper') for (const c of s.config) out.add(c.value);
    return [...out].sort();
  },

  analyze(file: string, text: string, ctx: AnalyzerContext): Finding[] {
    const config = zooConfigCached(file, text);
    const vantage = ctx.vantage(file);
    const out: Finding[] = [];
    // Every member reaches every other one at its server line's address.
    for (const s of config.servers) {
      for (const a of s.addresses) {
        if (!a.range) continue;
        out.push(...judgeAddress(ctx, { file, range: a.range, candidates: [{ text: a.host, vantage, edit: { file, range: a.range } }], literalOnly: true }));
      }
    }
    // The settings of the server lines: this file's, or those of the static file naming a dynamic one.
    const source = zooSettingsSource(ctx, file, config);
    out.push(...checkDynamicConfig(file, text, config, source));
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
