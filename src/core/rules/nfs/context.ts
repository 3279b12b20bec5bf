import type { AnalyzerContext, Vantage } from '../../analyzer';
import { LineIndex } from '../../text';
import type { EffectiveOption, ExportClient, ExportEntry, ExportOption, ExportsFile } from '../../nfs/exports';
import { normalizeExportPath } from '../../nfs/exports';
import type { Host, Share } from '../../topology/model';
import { bestAddressFrom } from '../../topology/reach';
import type { Finding, Range } from '../../types';

/** A share that names an exports file, with its resolved server host. */
export interface ShareOnServer {
  share: Share;
  server: Host;
}

/** What the NFS rules read when checking one exports file. */
export interface ExportsCheck {
  file: string;
  text: string;
  parsed: ExportsFile;
  ctx: AnalyzerContext;
  /** Shares whose `exportsFile` is this file (their server is the vantage host); empty otherwise. */
  shares: ShareOnServer[];
  /** Vantage hosts (the servers of `shares`). */
  vantage: Vantage[];
  /** Clients whose address is `ip-invalid`: the other address rules skip them. */
  invalid: Set<ExportClient>;
}

/** What the NFS rules read when checking the shares written in the topology file. */
export interface TopologyShareCheck {
  ctx: AnalyzerContext;
  /** Text of the topology file. */
  text: string;
}

export function sharesOfFile(ctx: AnalyzerContext, file: string): ShareOnServer[] {
  const out: ShareOnServer[] = [];
  for (const share of ctx.topology.shares) {
    if (share.exportsFile?.value !== file || !share.server) continue;
    const server = ctx.topology.hostById.get(share.server.value);
    if (server) out.push({ share, server });
  }
  return out;
}

/** Entries of the file exporting the share's path. */
export function entriesOfShare(parsed: ExportsFile, share: Share): ExportEntry[] {
  if (!share.path) return [];
  const p = normalizeExportPath(share.path);
  return parsed.entries.filter((e) => normalizeExportPath(e.path) === p);
}

/** The share's client hosts (known ids only). */
export function clientHosts(ctx: AnalyzerContext, share: Share): Host[] {
  return share.clients.map((c) => ctx.topology.hostById.get(c.value)).filter((h): h is Host => h !== undefined);
}

/**
 * The address the server sees a client by: its internal IP in the same region, else its external IP
 * (traffic between regions is NATed to the client's external address). Undefined: no route.
 */
export function addressSeenByServer(client: Host, server: Host): string | undefined {
  return bestAddressFrom(client, server);
}

/**
 * Ranges of the items of a share's list field (`options`, `clients`, `mountOptions`) in the topology
 * text, in order, found inside the field's value range. Undefined for an item that cannot be placed.
 */
export function listItemRanges(text: string, share: Share, field: string, items: readonly string[]): (Range | undefined)[] {
  const f = share.fields[field];
  if (!f) return items.map(() => undefined);
  const idx = new LineIndex(text);
  const start = idx.offsetAt(f.value.start);
  const end = idx.offsetAt(f.value.end);
  const body = text.slice(start, end);
  const out: (Range | undefined)[] = [];
  let from = 0;
  for (const item of items) {
    const re = new RegExp(`(^|[\\s\\[,'"-])(['"]?)(${escapeRe(item)})\\2(?=$|[\\s\\],#])`, 'g');
    re.lastIndex = from;
    const m = re.exec(body);
    if (!m) {
      out.push(undefined);
      continue;
    }
    const a = start + m.index + m[1].length + m[2].length;
    out.push(idx.rangeOf(a, a + item.length));
    from = m.index + m[0].length;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The written options that decide `family` as `name` for at least one client, once each (an option
 * in the line's `-defaults` counts once however many clients it reaches). With `when`, only where
 * the values of the same `sec=` block pass it.
 */
export function deciding(
  parsed: ExportsFile,
  family: string,
  name: string,
  when?: (values: Map<string, EffectiveOption>) => boolean,
): { option: ExportOption; entry: ExportEntry; clients: ExportClient[] }[] {
  const out = new Map<ExportOption, { option: ExportOption; entry: ExportEntry; clients: ExportClient[] }>();
  for (const entry of parsed.entries) {
    for (const client of entry.clients) {
      // The value in effect at the end, and those earlier `sec=` blocks keep for their flavours.
      for (const values of [client.effective, ...(client.earlierBlocks ?? [])]) {
        const eff = values.get(family);
        if (eff?.name !== name || !eff.source || (when && !when(values))) continue;
        const hit = out.get(eff.source) ?? { option: eff.source, entry, clients: [] };
        if (!hit.clients.includes(client)) hit.clients.push(client);
        out.set(eff.source, hit);
      }
    }
  }
  return [...out.values()];
}

/**
 * Findings for one export option written in a share's `options:` in the topology, each with a fix
 * that replaces it (e.g. `no_root_squash` → `root_squash`). A share for which `data` answers
 * undefined is left alone.
 */
export function shareOptionFindings(
  c: TopologyShareCheck,
  rule: string,
  option: string,
  replacement: { text: string; title: string; safe: boolean },
  data: (share: Share) => Record<string, string> | undefined,
  messageId = 'shareOption',
): Finding[] {
  const out: Finding[] = [];
  const file = c.ctx.topology.file;
  for (const share of c.ctx.topology.shares) {
    if (!share.options.includes(option)) continue;
    const d = data(share);
    if (!d) continue;
    const ranges = listItemRanges(c.text, share, 'options', share.options);
    share.options.forEach((o, i) => {
      const range = ranges[i];
      if (o !== option || !range) return;
      out.push({
        rule,
        file,
        range,
        message: { id: messageId, data: d },
        fixes: [{ title: { id: replacement.title }, safe: replacement.safe, edits: [{ file, range, newText: replacement.text }] }],
      });
    });
  }
  return out;
}
