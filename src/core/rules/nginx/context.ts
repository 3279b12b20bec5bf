import type { AnalyzerContext, Vantage } from '../../analyzer';
import { nearest, readIp } from '../../ip';
import type { Context } from '../../nginx/directives';
import type { AddressRef, NginxWorkspace, ProxyPass, Upstream } from '../../nginx/model';
import type { NginxConfig, NginxDirective } from '../../nginx/parser';
import type { DirectiveUse, IncludeProblem, NginxTree } from '../../nginx/tree';
import type { Host, Topology } from '../../topology/model';
import { judgeFrom } from '../../topology/reach';
import type { Range } from '../../types';

export type { DirectiveUse } from '../../nginx/tree';

/** What the nginx rules read when checking one file. */
export interface NginxCheck {
  file: string;
  text: string;
  config: NginxConfig;
  ctx: AnalyzerContext;
  nw: NginxWorkspace;
  /** The trees that read this file. */
  trees: NginxTree[];
  /** Context of the file's top level. */
  context: Context;
  vantage: Vantage[];
  uses: DirectiveUse[];
  /** Upstreams visible from this file, by name as nginx compares them (`upstreamKey`). */
  upstreams: Map<string, Upstream[]>;
  /** Every proxy_pass of the trees that read this file. */
  proxyPasses: ProxyPass[];
  /** Upstreams and proxy_pass directives written in this file. */
  localUpstreams: Upstream[];
  localPasses: ProxyPass[];
  /** Include problems at include directives of this file. */
  includeProblems: IncludeProblem[];
  /** Backend addresses reported `ip-invalid`: the other address rules skip them. */
  invalid: Set<AddressRef>;
}

const hostsSeenFrom = new WeakMap<Host, Map<string, { host: Host; role: 'internal' | 'external' } | null>>();

/** The topology host an address belongs to, as seen from the vantage hosts (or from anywhere). */
export function hostOf(c: NginxCheck, text: string): { host: Host; role: 'internal' | 'external' } | undefined {
  const ip = readIp(text);
  if (!ip) return undefined;
  const topo = c.ctx.topology;
  if (c.vantage.length > 0) {
    // The same backends appear in many upstreams: remembered per vantage host (of this topology).
    const vantage = c.vantage[0].host;
    let seen = hostsSeenFrom.get(vantage);
    if (!seen) hostsSeenFrom.set(vantage, (seen = new Map()));
    let found = seen.get(text);
    if (found === undefined) {
      const j = judgeFrom(topo, vantage, ip);
      found = j.host ? { host: j.host, role: j.role === 'external' ? 'external' : 'internal' } : null;
      seen.set(text, found);
    }
    return found ?? undefined;
  }
  for (const h of topo.hosts) if (h.external?.ip?.text === ip.text) return { host: h, role: 'external' };
  for (const h of topo.hosts) if (h.internal?.ip?.text === ip.text) return { host: h, role: 'internal' };
  return undefined;
}

/**
 * The host an address means: its own host when valid, else (for a mistyped IP such as
 * 139.159.257.207) the topology address `ip-invalid` suggests.
 */
export function intendedHost(c: NginxCheck, text: string): { host: Host; role: 'internal' | 'external'; address: string } | undefined {
  const own = hostOf(c, text);
  if (own) return { ...own, address: readIp(text)!.text };
  if (readIp(text)) return undefined;
  const topo = c.ctx.topology;
  let known = knownByTopology.get(topo);
  if (!known) {
    known = { byText: new Map(), nearest: new Map() };
    for (const h of topo.hosts) {
      if (h.internal?.ip) known.byText.set(h.internal.ip.text, { host: h, role: 'internal' });
      if (h.external?.ip) known.byText.set(h.external.ip.text, { host: h, role: 'external' });
    }
    knownByTopology.set(topo, known);
  }
  let near = known.nearest.get(text);
  if (near === undefined) {
    near = nearest(text, known.byText.keys(), 2) ?? null;
    known.nearest.set(text, near);
  }
  return near !== null ? { ...known.byText.get(near)!, address: near } : undefined;
}

/** The topology's addresses by text, and the nearest of them to mistyped texts already asked about. */
const knownByTopology = new WeakMap<
  Topology,
  { byText: Map<string, { host: Host; role: 'internal' | 'external' }>; nearest: Map<string, string | null> }
>();

/** The range nginx's line points at for a directive: the part of its terminator's line up to the terminator. */
export function terminatorLineRange(c: NginxCheck, d: NginxDirective): Range {
  const term = d.terminatorOffset ?? d.end;
  const tokens = [d.nameToken, ...d.args];
  const termLine = c.config.lines.positionAt(term).line;
  const first = tokens.find((t) => c.config.lines.positionAt(t.start).line === termLine);
  return c.config.lines.rangeOf(first ? first.start : term, Math.min(term + 1, c.text.length));
}


/** The range removing an argument together with the blank before it (`listen 80 default_server` → `listen 80`). */
export function argRemoval(c: NginxCheck, arg: { start: number; end: number }): Range {
  const start = /[ \t]/.test(c.text[arg.start - 1] ?? '') ? arg.start - 1 : arg.start;
  return c.config.lines.rangeOf(start, arg.end);
}

/**
 * Where the line of a directive starts and the blanks before it, when it stands first on its line
 * (new lines written next to it take the same indentation); undefined after other text.
 */
export function lineIndent(c: NginxCheck, d: { start: number }): { lineStart: number; indent: string } | undefined {
  const lineStart = c.text.lastIndexOf('\n', d.start - 1) + 1;
  const indent = c.text.slice(lineStart, d.start);
  return /^[ \t]*$/.test(indent) ? { lineStart, indent } : undefined;
}
