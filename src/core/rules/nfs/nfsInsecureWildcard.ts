import { cidrWithin, isPublicCidr, type Cidr } from '../../ip';
import { nameList } from '../../l10n';
import type { ExportClient, ExportEntry } from '../../nfs/exports';
import { LineIndex } from '../../text';
import type { Finding, Fix, Range, TextEdit } from '../../types';
import type { RuleMeta } from '../meta';
import { addressSeenByServer, clientHosts, entriesOfShare, type ExportsCheck } from './context';

export const meta: RuleMeta = {
  id: 'nfs-insecure-wildcard',
  severity: 'warning',
  area: 'nfs',
  description: { en: '`*` or a public network as NFS client.', 'zh-cn': '以 `*` 或公网网段作为 NFS 客户端。' },
  messages: {
    everyone: {
      en: '"{host}" exports {path} to every host that can reach the server.',
      'zh-cn': '"{host}" 把 {path} 导出给所有能访问服务器的主机。',
    },
    noHost: {
      en: 'An option list without a host exports {path} to every host ("*").',
      'zh-cn': '没有主机名的选项列表会把 {path} 导出给所有主机（"*"）。',
    },
    noClient: {
      en: '{path} names no client, so it is exported to every host.',
      'zh-cn': '{path} 未指定客户端，因此导出给所有主机。',
    },
    publicNetwork: {
      en: '{host} is a public network: {path} is exported to every host in it on the internet.',
      'zh-cn': '{host} 是公网网段：{path} 被导出给互联网上该网段内的所有主机。',
    },
    useClients: {
      en: 'Export only to the share\'s clients: {addresses}',
      'zh-cn': '仅导出给共享的客户端：{addresses}',
    },
  },
};

const ONLY_WILDCARDS = /^[*?.]+$/;

export function check(c: ExportsCheck): Finding[] {
  const out: Finding[] = [];
  for (const e of c.parsed.entries) {
    for (const client of e.clients) {
      if (client.detachedFrom) continue; // nfs-space-before-options reports it
      let id: string | undefined;
      let range: Range = client.hostRange;
      if (client.implicit === 'no-client') {
        id = 'noClient';
        range = e.pathRange;
      } else if (client.implicit === 'no-host') {
        id = 'noHost';
        range = client.tokenRange;
      } else if (client.kind === 'anonymous' || (client.kind === 'wildcard' && ONLY_WILDCARDS.test(client.host))) id = 'everyone';
      else if (client.kind === 'cidr' && client.cidr && isPublicCidr(client.cidr) && !withinLan(c, client.cidr)) id = 'publicNetwork';
      if (!id) continue;
      out.push({
        rule: meta.id,
        file: c.file,
        range,
        message: { id, data: { host: client.host, path: e.path } },
        fixes: narrowTo(c, e, client),
      });
    }
  }
  return out;
}

/**
 * True when the network lies within a LAN the topology declares for a region: that is the region's
 * own network, whatever its range, as a private LAN is.
 */
function withinLan(c: ExportsCheck, cidr: Cidr): boolean {
  return c.ctx.topology.regions.some((r) => r.lan.some((l) => l.cidr !== undefined && cidrWithin(cidr, l.cidr)));
}

/** When the file is a share's exportsFile, replace the wildcard by the addresses the server sees the clients by. */
function narrowTo(c: ExportsCheck, e: ExportEntry, client: ExportClient): Fix[] {
  const s = c.shares.find((x) => entriesOfShare(c.parsed, x.share).includes(e));
  if (!s) return [];
  const addresses = clientHosts(c.ctx, s.share)
    .map((h) => addressSeenByServer(h, s.server))
    .filter((a): a is string => a !== undefined);
  if (addresses.length === 0) return [];
  const idx = new LineIndex(c.text);
  const opts = client.options ? c.text.slice(idx.offsetAt(client.options.tokenRange.start), idx.offsetAt(client.options.tokenRange.end)) : '';
  const edits: TextEdit[] = [];
  if (client.implicit === 'no-client') {
    edits.push({ file: c.file, range: client.hostRange, newText: addresses.map((a) => ` ${a}`).join('') });
  } else {
    const [first, ...rest] = addresses;
    edits.push({ file: c.file, range: client.hostRange, newText: first });
    if (rest.length > 0) {
      edits.push({ file: c.file, range: { start: client.tokenRange.end, end: client.tokenRange.end }, newText: rest.map((a) => ` ${a}${opts}`).join('') });
    }
  }
  return [{ title: { id: 'useClients', data: { addresses: nameList(addresses) } }, safe: false, edits }];
}
