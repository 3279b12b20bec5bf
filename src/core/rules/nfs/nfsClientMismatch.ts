import { cidrContains, parseIp, sameIp } from '../../ip';
import { nameList } from '../../l10n';
import { exportOptionsWithDefaults } from '../../nfs/options';
import type { ExportEntry } from '../../nfs/exports';
import type { Host } from '../../topology/model';
import { describeHosts, judgeFrom } from '../../topology/reach';
import type { Finding, Fix } from '../../types';
import type { RuleMeta } from '../meta';
import { addressSeenByServer, clientHosts, entriesOfShare, type ExportsCheck, type ShareOnServer, type TopologyShareCheck } from './context';
import { parseExports } from '../../nfs/exports';

export const meta: RuleMeta = {
  id: 'nfs-client-mismatch',
  severity: 'error',
  area: 'nfs',
  description: {
    en: "The export's clients differ from the share's `clients:` as the server sees them.",
    'zh-cn': '导出的客户端与共享 `clients:` 在服务器看来的地址不一致。',
  },
  messages: {
    unreachable: {
      en: '{address} is the internal IP of {host} ({region}): NFS server {server} ({serverRegion}) is in another region and sees {host} by its external IP {expected}, so this export never matches it.',
      'zh-cn': '{address} 是 {host}（{region}）的内网 IP：NFS 服务器 {server}（{serverRegion}）在其他地域，看到的是 {host} 的外网 IP {expected}，此导出永远匹配不到它。',
    },
    unreachableNoExternal: {
      en: '{address} is the internal IP of {host} ({region}): NFS server {server} ({serverRegion}) is in another region and {host} has no external IP, so this export never matches it.',
      'zh-cn': '{address} 是 {host}（{region}）的内网 IP：NFS 服务器 {server}（{serverRegion}）在其他地域，且 {host} 没有外网 IP，此导出永远匹配不到它。',
    },
    unreachableLan: {
      en: '{address} lies in the LAN of another region: NFS server {server} ({serverRegion}) never sees requests from it.',
      'zh-cn': '{address} 位于其他地域的内网：NFS 服务器 {server}（{serverRegion}）永远收不到来自它的请求。',
    },
    wrongAddress: {
      en: '{address} is the external IP of {host}, which is in the same region as NFS server {server}: the server sees it by its internal IP {expected}.',
      'zh-cn': '{address} 是 {host} 的外网 IP，而它与 NFS 服务器 {server} 同在一个地域：服务器看到的是它的内网 IP {expected}。',
    },
    notClient: {
      en: '{address} is host {host} ({region}), which is not a client of share {share}.',
      'zh-cn': '{address} 是主机 {host}（{region}），但它不是共享 {share} 的客户端。',
    },
    missing: {
      en: 'Share {share} lists {hosts} as a client, but this export does not include it; server {server} sees it as {addresses}.',
      'zh-cn': '共享 {share} 的客户端包括 {hosts}，但此导出没有包含它；服务器 {server} 看到的地址是 {addresses}。',
    },
    missingSeveral: {
      en: 'Share {share} lists {hosts} as clients, but this export does not include them; server {server} sees them as {addresses}.',
      'zh-cn': '共享 {share} 的客户端包括 {hosts}，但此导出没有包含它们；服务器 {server} 看到的地址是 {addresses}。',
    },
    notExported: {
      en: 'Share {share}: {file} has no export of {path}.',
      'zh-cn': '共享 {share}：{file} 中没有 {path} 的导出。',
    },
    useAddress: { en: 'Replace with {expected} ({host})', 'zh-cn': '替换为 {expected}（{host}）' },
    addClients: { en: 'Add {addresses}', 'zh-cn': '添加 {addresses}' },
  },
};

export function check(c: ExportsCheck): Finding[] {
  const out: Finding[] = [];
  for (const s of c.shares) out.push(...checkShare(c, s, entriesOfShare(c.parsed, s.share)));
  return out;
}

/**
 * The lines exporting the share's path, judged together: exportfs merges every line that names
 * the same path into one export, whose clients are those of all the lines.
 */
function checkShare(c: ExportsCheck, s: ShareOnServer, entries: ExportEntry[]): Finding[] {
  const out: Finding[] = [];
  if (entries.length === 0) return out;
  const { share, server } = s;
  const expected = new Map<Host, string | undefined>();
  for (const h of clientHosts(c.ctx, share)) expected.set(h, addressSeenByServer(h, server));
  const covered = new Set<Host>();
  let mayCover = false;
  for (const e of entries) mayCover = checkEntry(c, s, e, expected, covered, out) || mayCover;
  const missing = [...expected].filter(([h, a]) => !covered.has(h) && a !== undefined && h !== server);
  if (missing.length > 0 && !mayCover) out.push(missingFinding(c, s, entries[0], missing));
  return out;
}

/**
 * Checks the clients of one line; adds the share's clients it reaches to `covered`. True when a
 * client of the line may be any host (a host name, a pattern, a netgroup, an invalid address).
 */
function checkEntry(c: ExportsCheck, s: ShareOnServer, e: ExportEntry, expected: Map<Host, string | undefined>, covered: Set<Host>, out: Finding[]): boolean {
  const topo = c.ctx.topology;
  const { share, server } = s;
  let mayCover = false;
  const base = { rule: meta.id, file: c.file };
  for (const client of e.clients) {
    if (client.kind === 'anonymous') {
      for (const h of expected.keys()) covered.add(h);
      continue;
    }
    if (c.invalid.has(client) || !client.address) {
      // Host names, patterns and netgroups depend on name service; an invalid address was meant for someone.
      mayCover = true;
      continue;
    }
    const ip = client.address;
    const serverData = { server: server.id, serverRegion: server.region.name, address: client.host };
    if (client.cidr) {
      let any = false;
      for (const [h, a] of expected) {
        const ap = a ? parseIp(a) : undefined;
        if (ap && cidrContains(client.cidr, ap)) {
          covered.add(h);
          any = true;
        }
      }
      const j = judgeFrom(topo, server, ip);
      if (!any && (j.role === 'other-lan' || j.role === 'other-internal')) {
        out.push({ ...base, range: client.hostRange, message: { id: 'unreachableLan', data: serverData } });
      }
      continue;
    }
    const match = [...expected].find(([, a]) => a !== undefined && parseIp(a) !== undefined && sameIp(parseIp(a)!, ip));
    if (match) {
      covered.add(match[0]);
      continue;
    }
    const j = judgeFrom(topo, server, ip);
    const owner = j.host;
    if (!owner) {
      if (j.role === 'other-lan') out.push({ ...base, range: client.addressRange ?? client.hostRange, message: { id: 'unreachableLan', data: serverData } });
      continue;
    }
    const isClient = expected.has(owner);
    const want = isClient ? expected.get(owner) : addressSeenByServer(owner, server);
    const data = { ...serverData, host: owner.id, region: owner.region.name, expected: want ?? '', share: share.id };
    const fixes = (): Fix[] =>
      want
        ? [
            {
              title: { id: 'useAddress', data },
              safe: true,
              edits: [{ file: c.file, range: client.addressRange ?? client.hostRange, newText: want }],
            },
          ]
        : [];
    if (j.role === 'other-internal') {
      out.push({ ...base, range: client.hostRange, message: { id: want ? 'unreachable' : 'unreachableNoExternal', data }, fixes: fixes() });
      if (isClient) covered.add(owner);
    } else if (isClient && want) {
      out.push({ ...base, range: client.hostRange, message: { id: 'wrongAddress', data }, fixes: fixes() });
      covered.add(owner);
    } else if (!isClient && owner !== server) {
      out.push({ ...base, range: client.hostRange, message: { id: 'notClient', data } });
    }
  }
  return mayCover;
}

/** The share's clients no line of its path includes, reported on the first line, with a fix adding them there. */
function missingFinding(c: ExportsCheck, s: ShareOnServer, e: ExportEntry, missing: [Host, string | undefined][]): Finding {
  const { share, server } = s;
  const addresses = missing.map(([, a]) => a!);
  const opts = exportOptionsWithDefaults(share.options).join(',');
  const last = e.clients.filter((x) => x.implicit !== 'no-client').pop();
  const at = last ? last.tokenRange.end : (e.defaults?.tokenRange.end ?? e.pathRange.end);
  const data = {
    share: share.id,
    server: server.id,
    hosts: describeHosts(missing.map(([h]) => h)),
    addresses: nameList(addresses),
  };
  return {
    rule: meta.id,
    file: c.file,
    range: e.pathRange,
    message: { id: missing.length === 1 ? 'missing' : 'missingSeveral', data },
    fixes: [
      {
        title: { id: 'addClients', data },
        safe: false,
        edits: [{ file: c.file, range: { start: at, end: at }, newText: addresses.map((a) => ` ${a}(${opts})`).join('') }],
      },
    ],
  };
}

/** In the topology: a share whose exportsFile exists but does not export the share's path. */
export function checkTopology(c: TopologyShareCheck): Finding[] {
  const out: Finding[] = [];
  for (const share of c.ctx.topology.shares) {
    const f = share.exportsFile;
    if (!f || !share.path) continue;
    const text = c.ctx.ws.read(f.value);
    if (text === undefined) continue;
    if (entriesOfShare(parseExports(text), share).length > 0) continue;
    out.push({
      rule: meta.id,
      file: c.ctx.topology.file,
      range: f.range,
      message: { id: 'notExported', data: { share: share.id, file: f.value, path: share.path } },
    });
  }
  return out;
}
