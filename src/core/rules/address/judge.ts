import type { AnalyzerContext, Vantage } from '../../analyzer';
import { addressScope, ambiguousOctet, isMulticast, leadingZeroOctet, letterTypo, looksLikeIp, nearestGuess, parseIp, readLeadingZeros, type IpAddress } from '../../ip';
import { nameList } from '../../l10n';
import type { Host, Region, Topology } from '../../topology/model';
import { describeHosts, hostsWithAddress, inLan, judgeFrom } from '../../topology/reach';
import type { Finding, Fix, MessageRef, Range, RelatedInfo } from '../../types';

/**
 * One value an address takes for some vantage hosts. A literal address has one candidate seen by
 * every vantage host; a `${placeholder}` may resolve to different values per host.
 */
export interface AddressCandidate {
  /** The address text (host part only, no port, no brackets). */
  text: string;
  /** Vantage hosts that see this value. Empty when the file has no vantage host. */
  vantage: Vantage[];
  /** Where this text is written, for fixes: the literal itself or the placeholder's definition. */
  edit: { file: string; range: Range };
  /** Where the value was defined, when it came from a placeholder. */
  origin?: RelatedInfo;
}

export interface AddressUse {
  /** Where findings are reported (the literal, or the attribute using the placeholder). */
  file: string;
  range: Range;
  candidates: AddressCandidate[];
  /** Report only `ip-invalid` and `ip-unknown` (callers with their own reachability rules). */
  syntaxOnly?: boolean;
  /**
   * An address another rule judges unreachable (a Dubbo registry: `dubbo-registry-unreachable`): no
   * `cross-region-internal-ip` on it; the other rules as for any address.
   */
  reachJudgedElsewhere?: boolean;
  /** The file cannot take a `${placeholder}` (zoo.cfg): no hint suggests one for a literal that suits no single region. */
  literalOnly?: boolean;
  /**
   * The file is nginx's, which reads no `${placeholder}`: the hint for a literal that suits no single
   * region suggests a configuration per region instead.
   */
  nginxFile?: boolean;
  anchorLine?: number;
  /**
   * The program that reads the file, for an IPv4 octet written with a leading zero: nginx and Java
   * read it in decimal (the address is judged so, with a warning), exportfs in octal. Unset: the
   * literal is only named invalid.
   */
  reader?: AddressReader;
  /**
   * Only an address may stand here (an nginx backend, a Dubbo registry address): a quad with a letter
   * typed for a digit (`47.96.2.2l`) is a mistyped address, not a host name.
   */
  addressExpected?: boolean;
}

/** Who reads a file's addresses, as far as a leading zero in an octet goes. */
export type AddressReader = 'nginx' | 'java' | 'exportfs';

/**
 * The shared address rules: `ip-invalid`, `cross-region-internal-ip`, `same-region-external-ip`,
 * `ip-unknown`. `ip-invalid` on a token suppresses the other address rules on it.
 */
export function judgeAddress(ctx: AnalyzerContext, use: AddressUse): Finding[] {
  const out: Finding[] = [];
  const topo = ctx.topology;
  // Read only for a finding: the range of an address that is fine is never needed.
  let baseFields: BaseFields | undefined;
  const base = () => (baseFields ??= { file: use.file, range: use.range, anchorLine: use.anchorLine });

  // ip-invalid: reported once per use (first invalid candidate), and nothing else then. A literal
  // its reader takes as a decimal address is that address, with a warning when others read it apart.
  let asRead: Map<AddressCandidate, IpAddress> | undefined;
  for (const c of use.candidates) {
    if (use.addressExpected && letterTypo(c.text)) {
      out.push(invalidFinding(topo, c, base(), use.reader));
      return out;
    }
    if (looksLikeIp(c.text) && !parseIp(c.text)) {
      const read = use.reader ? readAs(c.text, use.reader) : undefined;
      if (read) {
        (asRead ??= new Map()).set(c, read);
        if (ambiguousOctet(c.text) >= 0) out.push(leadingZeroFinding(c, read, use.reader!, base()));
        continue;
      }
      out.push(invalidFinding(topo, c, base(), use.reader));
      return out;
    }
  }

  const unknownTexts = new Set<string>();
  const inLanTexts = new Map<string, Region>();
  // Per rule, gather the failing vantage hosts across candidates so one diagnostic names them all.
  const cross: CrossRegion[] = [];
  for (const c of use.candidates) {
    const ip = asRead?.get(c) ?? parseIp(c.text);
    // 0.0.0.0 and :: name no host: "every address" where something binds (`host="0.0.0.0"`); nor
    // does a multicast group (Dubbo's `multicast://224.5.6.7:1234` registry).
    if (!ip || addressScope(ip) === 'unspecified' || isMulticast(ip)) continue;
    if (c.vantage.length === 0) {
      const j = topo.regions.length > 0 ? judgeNoVantage(ctx, ip) : 'unknown';
      if (j === 'unknown') unknownTexts.add(ip.text);
      else if (j !== 'known') inLanTexts.set(ip.text, j);
      continue;
    }
    if (use.syntaxOnly) {
      if (judgeFrom(topo, c.vantage[0].host, ip).role === 'unknown') unknownTexts.add(ip.text);
      continue;
    }
    const failing: Host[] = [];
    let target: Host | undefined;
    const lanHosts: Host[] = [];
    let lanRegion: Region | undefined;
    let unknown = false;
    let ownLan: Region | undefined;
    for (const v of c.vantage) {
      const j = judgeFrom(topo, v.host, ip);
      if (j.role === 'other-internal') {
        failing.push(v.host);
        target = j.host;
      } else if (j.role === 'other-lan') {
        lanHosts.push(v.host);
        lanRegion = j.region;
      } else if (j.role === 'own-lan') ownLan = v.host.region;
      else if (j.role === 'unknown') unknown = true;
    }
    if (unknown) unknownTexts.add(ip.text);
    // Inside a vantage host's own LAN, reachable, but no host of the topology has it.
    else if (ownLan && !target) inLanTexts.set(ip.text, ownLan);
    if (!use.reachJudgedElsewhere) {
      if (target && failing.length > 0) cross.push({ c, hosts: failing, target });
      if (lanRegion && lanHosts.length > 0) out.push(otherLanFinding(c, ip.text, lanRegion, lanHosts, base()));
    }

    // same-region-external-ip
    const j0 = judgeFrom(topo, c.vantage[0].host, ip);
    if (j0.role === 'external' && j0.host) {
      const f = sameRegionFinding(c, ip.text, j0.host, base, use.literalOnly === true, use.nginxFile === true);
      if (f) out.push(f);
    }
  }
  if (cross.length > 0) out.push(crossRegionFinding(cross, base()));
  for (const t of unknownTexts) {
    out.push({ ...base(), rule: 'ip-unknown', message: { id: 'unknown', data: { address: t } } });
  }
  for (const [t, region] of inLanTexts) {
    if (unknownTexts.has(t)) continue;
    out.push({ ...base(), rule: 'ip-unknown', message: { id: 'inLan', data: { address: t, region: region.name } } });
  }
  return out;
}

// The findings are made in functions of their own: few addresses fail, and the optimizing compiler
// then compiles the judging loop above without them.

type BaseFields = { file: string; range: Range; anchorLine?: number };

interface CrossRegion {
  c: AddressCandidate;
  hosts: Host[];
  target: Host;
}

function related(c: AddressCandidate): RelatedInfo[] | undefined {
  return c.origin ? [c.origin] : undefined;
}

const READERS: Record<AddressReader, string> = { nginx: 'nginx', java: 'Java', exportfs: 'exportfs' };

/**
 * The address a literal with leading zeros in its octets is to its reader: nginx and Java read them
 * in decimal; exportfs in octal, which is only taken here where it agrees with decimal (`10.0.0.07`).
 */
function readAs(text: string, reader: AddressReader): IpAddress | undefined {
  if (reader !== 'exportfs') return readLeadingZeros(text, 10);
  return ambiguousOctet(text) < 0 ? readLeadingZeros(text, 10) : undefined;
}

/**
 * `ip-invalid` as a warning on a literal its reader takes as a decimal address although an octet
 * has a leading zero that tools reading it as octal (curl, exportfs) take apart. The fix writes the
 * address as read.
 */
function leadingZeroFinding(c: AddressCandidate, decimal: IpAddress, reader: AddressReader, base: BaseFields): Finding {
  const octal = readLeadingZeros(c.text, 8);
  const index = ambiguousOctet(c.text);
  const octet = c.text.split('.')[index];
  const data = { text: c.text, octet, index: index + 1, reader: READERS[reader], address: decimal.text, octal: octal?.text ?? '' };
  return {
    ...base,
    rule: 'ip-invalid',
    severity: 'warning',
    message: { id: octal ? 'leadingZeroDecimal' : 'leadingZeroNotOctal', data },
    fixes: [{ title: { id: 'replace', data: { value: decimal.text } }, safe: true, edits: [{ ...c.edit, newText: decimal.text }] }],
    related: related(c),
  };
}

/** Why a literal is no address, when one octet says it: over 255, or a leading zero. */
function invalidWhy(text: string, reader: AddressReader | undefined): MessageRef | undefined {
  const typo = letterTypo(text);
  if (typo) return { id: 'letter', data: { octet: typo.octet, index: typo.index + 1, letter: typo.letter, digit: typo.digit } };
  const octets = text.split('.');
  const bad = octets.findIndex((o) => Number(o) > 255);
  if (bad >= 0) return { id: 'octet', data: { octet: octets[bad], index: bad + 1 } };
  const ambiguous = ambiguousOctet(text);
  const zero = ambiguous >= 0 ? ambiguous : leadingZeroOctet(text);
  if (zero < 0) return undefined;
  const data = { octet: octets[zero], index: zero + 1 };
  if (reader !== 'exportfs') return { id: 'leadingZero', data };
  const octal = readLeadingZeros(text, 8);
  return octal ? { id: 'leadingZeroOctal', data: { ...data, octal: octal.text } } : { id: 'leadingZeroNoOctal', data };
}

function invalidFinding(topo: Topology, c: AddressCandidate, base: BaseFields, reader: AddressReader | undefined): Finding {
  const why = invalidWhy(c.text, reader);
  const known = new Map<string, { host: Host; role: 'internal' | 'external' }>();
  for (const h of topo.hosts) {
    if (h.internal?.ip) known.set(h.internal.ip.text, { host: h, role: 'internal' });
    if (h.external?.ip) known.set(h.external.ip.text, { host: h, role: 'external' });
  }
  // Safe (applied by --fix) only when no other topology address is as plausible a meaning; never for a
  // letter typed for a digit, whose text alone decides nothing between look-alike digits and slips.
  const guess = nearestGuess(c.text, known.keys(), 2);
  const fixes: Fix[] = [];
  if (guess) {
    const k = known.get(guess.value)!;
    fixes.push({
      title: { id: 'didYouMean', data: { value: guess.value, host: k.host.id, role: { id: k.role } } },
      safe: guess.sure && !letterTypo(c.text),
      edits: [{ ...c.edit, newText: guess.value }],
    });
  }
  return {
    ...base,
    rule: 'ip-invalid',
    message: {
      id: 'invalid',
      data: { text: c.text, why: why ?? '' },
    },
    fixes,
    related: related(c),
  };
}

/** `same-region-external-ip` for an address that is `targetHost`'s external IP, if it applies. */
function sameRegionFinding(c: AddressCandidate, address: string, targetHost: Host, base: () => BaseFields, literalOnly: boolean, nginxFile: boolean): Finding | undefined {
  const sameRegion = c.vantage.every((v) => v.host.region === targetHost.region);
  const someSame = c.vantage.some((v) => v.host.region === targetHost.region);
  const internal = targetHost.internal?.ip?.text;
  if (sameRegion && internal) {
    return {
      ...base(),
      rule: 'same-region-external-ip',
      message: {
        id: 'detour',
        data: { address, target: targetHost.id, region: targetHost.region.name, internal },
      },
      fixes: [
        {
          title: { id: 'useInternal', data: { target: targetHost.id, value: internal } },
          safe: true,
          edits: [{ ...c.edit, newText: internal }],
        },
      ],
      related: related(c),
    };
  }
  if (someSame && !c.origin && !literalOnly) {
    return {
      ...base(),
      rule: 'same-region-external-ip',
      // No verdict on the literal (it is right for some hosts, wrong for others): a hint, whatever
      // severity the rule is set to (rules.md: the rule "stays quiet" then).
      severity: 'hint',
      fixedSeverity: true,
      message: { id: nginxFile ? 'spansNginx' : 'spans', data: { address, target: targetHost.id, region: targetHost.region.name } },
      related: related(c),
    };
  }
  return undefined;
}

function crossRegionFinding(cross: CrossRegion[], base: BaseFields): Finding {
  const hosts = cross.flatMap((x) => x.hosts);
  const first = cross[0];
  const ext = first.target.external?.ip?.text;
  const fixes: Fix[] = [];
  // One edit per distinct place written (a placeholder may be defined in several places).
  if (ext) {
    const seen = new Set<string>();
    const edits = cross
      .filter((x) => x.target.external?.ip)
      .filter((x) => {
        const k = `${x.c.edit.file}:${x.c.edit.range.start.line}:${x.c.edit.range.start.character}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .map((x) => ({ ...x.c.edit, newText: x.target.external!.ip!.text }));
    fixes.push({ title: { id: 'useExternal', data: { target: first.target.id, value: ext } }, safe: true, edits });
  }
  return {
    ...base,
    rule: 'cross-region-internal-ip',
    message: {
      id: 'unreachable',
      data: {
        address: first.c.text,
        target: first.target.id,
        targetRegion: first.target.region.name,
        hosts: describeHosts(unique(hosts)),
        external: ext ? ` ${ext}` : { id: 'noExternal' },
      },
    },
    fixes,
    related: cross.map((x) => x.c.origin).filter((r): r is RelatedInfo => r !== undefined),
  };
}

/**
 * `cross-region-internal-ip` for an address no host has, inside another region's LAN: unreachable
 * from the hosts outside that region, and no external IP to offer instead.
 */
function otherLanFinding(c: AddressCandidate, address: string, region: Region, hosts: Host[], base: BaseFields): Finding {
  return {
    ...base,
    rule: 'cross-region-internal-ip',
    message: { id: 'inOtherLan', data: { address, region: region.name, lan: nameList(region.lan.map((l) => l.text)), hosts: describeHosts(unique(hosts)) } },
    related: related(c),
  };
}

/** An address seen from no host: a host's, inside a region's LAN though no host has it, or unknown. */
function judgeNoVantage(ctx: AnalyzerContext, ip: IpAddress): 'known' | 'unknown' | Region {
  if (hostsWithAddress(ctx.topology, ip).length > 0 || addressScope(ip) === 'loopback') return 'known';
  return ctx.topology.regions.find((r) => inLan(r, ip)) ?? 'unknown';
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
