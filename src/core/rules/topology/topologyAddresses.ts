import { looksLikeIPv4 } from '../../ip';
import type { Host, Topology } from '../../topology/model';
import type { Finding } from '../../types';

/**
 * `ip-invalid` on the topology's own addresses (internal, external, LAN CIDRs), and the checks on
 * ids the schema cannot express (duplicate host ids, unknown regions in deploy.order).
 * The rule metas live in rules/address/ipInvalid.ts and topologySchema.ts.
 */
export function check(t: Topology): Finding[] {
  const out: Finding[] = [];
  for (const h of t.hosts) {
    for (const a of [h.internal, h.external]) {
      if (a && !a.ip) {
        const octets = a.text.split('.');
        const bad = looksLikeIPv4(a.text) ? octets.findIndex((o) => Number(o) > 255) : -1;
        out.push({
          rule: 'ip-invalid',
          file: t.file,
          range: a.range,
          message: { id: 'invalid', data: { text: a.text, why: bad >= 0 ? { id: 'octet', data: { octet: octets[bad], index: bad + 1 } } : '' } },
        });
      }
    }
  }
  for (const r of t.regions) {
    for (const l of r.lan) {
      if (!l.cidr) {
        out.push({ rule: 'ip-invalid', file: t.file, range: l.range, message: { id: 'invalidCidr', data: { text: l.text } } });
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
    const order = s.deploy?.order;
    const f = s.deploy?.fields.order;
    if (order && f) {
      for (const id of order) {
        if (!t.regionById.has(id)) out.push({ rule: 'topology-schema', file: t.file, range: f.value, message: { id: 'unknownRegion', data: { id } } });
      }
    }
  }
  return out;
}
