import { cidrNetwork, looksLikeIPv4, nearest, parseIp } from '../../ip';
import type { Host, Topology } from '../../topology/model';
import type { Finding, MessageRef } from '../../types';

/**
 * `ip-invalid` on the topology's own addresses (internal, external, LAN CIDRs, a CIDR with host bits
 * set among them), and the checks on ids the schema cannot express (duplicate host ids, unknown
 * regions in deploy.order).
 * The rule metas live in rules/address/ipInvalid.ts and topologySchema.ts.
 */
export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const h of t.hosts) {
    for (const a of [h.internal, h.external]) {
      if (a && !a.ip) {
        const octets = a.text.split('.');
        const v4 = looksLikeIPv4(a.text);
        const bad = v4 ? octets.findIndex((o) => Number(o) > 255) : -1;
        const zero = v4 && bad < 0 ? octets.findIndex((o) => o.length > 1 && o.startsWith('0')) : -1;
        // An address written as a CIDR (`192.168.27.101/24`): the address alone is meant.
        const slash = a.text.lastIndexOf('/');
        const host = slash > 0 && /^\d{1,3}$/.test(a.text.slice(slash + 1)) ? a.text.slice(0, slash) : undefined;
        const hostIp = host !== undefined ? parseIp(host) : undefined;
        let why: MessageRef | '' = '';
        if (bad >= 0) why = { id: 'octet', data: { octet: octets[bad], index: bad + 1 } };
        else if (zero >= 0) why = { id: 'leadingZero', data: { octet: octets[zero], index: zero + 1 } };
        else if (hostIp) why = { id: 'prefixLength', data: { prefix: a.text.slice(slash) } };
        out.push({
          rule: 'ip-invalid',
          file: t.file,
          range: a.range,
          message: { id: 'invalid', data: { text: a.text, why } },
          fixes: hostIp ? [{ title: { id: 'replace', data: { value: host! } }, safe: true, edits: [{ file: t.file, range: a.range, newText: host! }] }] : [],
        });
      }
    }
  }
  for (const r of t.regions) {
    for (const l of r.lan) {
      if (!l.cidr) {
        out.push({ rule: 'ip-invalid', file: t.file, range: l.range, message: { id: 'invalidCidr', data: { text: l.text } } });
        continue;
      }
      // `192.168.27.5/24`: most likely a host address pasted with its prefix. Every check reads the
      // network (192.168.27.0/24), which cloud consoles and `ip route` would want written. The fix is
      // not safe: the slip may be in the prefix instead (`10.1.0.0/8` meant as /16), and the network
      // would then silently widen the LAN.
      const net = cidrNetwork(l.cidr);
      if (net !== l.cidr.address) {
        const network = `${net.text}/${l.cidr.prefix}`;
        out.push({
          rule: 'ip-invalid',
          file: t.file,
          range: l.range,
          message: { id: 'hostBits', data: { text: l.text, network } },
          fixes: [{ title: { id: 'replace', data: { value: network } }, safe: false, edits: [{ file: t.file, range: l.range, newText: network }] }],
        });
      }
    }
  }
  // A host id twice in one region is a duplicate key, which topology-syntax reports already.
  const seen = new Map<string, Host>();
  for (const h of t.hosts) {
    const prev = seen.get(h.id);
    if (prev === undefined) seen.set(h.id, h);
    else if (prev.region !== h.region) {
      out.push({ rule: 'topology-schema', file: t.file, range: h.keyRange, message: { id: 'duplicateHost', data: { id: h.id, region: prev.region.name } } });
    }
  }
  for (const s of t.services) {
    for (const item of s.deploy?.orderItems ?? []) {
      const id = item.value;
      if (t.regionById.has(id)) continue;
      // The display name written for the id (华东2 for east-2), else the closest id.
      const named = t.regions.find((r) => r.name === id && r.name !== r.id);
      const near = named?.id ?? nearest(id, t.regionById.keys(), Math.max(2, Math.floor(id.length / 3)));
      const message: MessageRef = named
        ? { id: 'regionName', data: { id, region: named.id } }
        : { id: 'unknownRegion', data: { id, suggestion: near ? { id: 'suggestion', data: { value: near } } : '' } };
      const fixes = near ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file: t.file, range: item.range, newText: near }] }] : [];
      out.push({ rule: 'topology-schema', file: t.file, range: item.range, message, fixes });
    }
  }
  return out;
}
