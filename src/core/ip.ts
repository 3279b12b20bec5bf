/** IPv4/IPv6 addresses and CIDR blocks, without any platform dependency. */

export interface IpAddress {
  version: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: number[];
  /** Canonical text (IPv4 dotted quad, IPv6 lower-case compressed). */
  text: string;
}

export interface Cidr {
  address: IpAddress;
  prefix: number;
}

export function parseIPv4(s: string): IpAddress | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    if (p.length > 1 && p.startsWith('0')) return undefined; // no octal-looking octets
    const n = Number(p);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return { version: 4, bytes, text: bytes.join('.') };
}

/** The index of the first octet written with a leading zero (`027` in `192.168.027.12`), else -1. */
export function leadingZeroOctet(s: string): number {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(s)) return -1;
  return s.split('.').findIndex((o) => o.length > 1 && o.startsWith('0'));
}

/**
 * The index of the first octet that a leading zero makes mean another number in octal than in
 * decimal (`021`, or `09`, no octal number at all), else -1: `10.20.002.021` answers 3.
 */
export function ambiguousOctet(s: string): number {
  if (leadingZeroOctet(s) < 0) return -1;
  return s.split('.').findIndex((o) => o.length > 1 && o.startsWith('0') && (/[89]/.test(o) || parseInt(o, 8) !== Number(o)));
}

/**
 * A dotted quad whose octets may carry leading zeros, read in `radix`: as nginx (`ngx_inet_addr`)
 * and Java (`InetAddress`) read it in decimal (`192.168.027.12` is 192.168.27.12), or as the C
 * library's `inet_aton` reads an octet with a leading zero, in octal (curl, exportfs: 192.168.23.12).
 * Undefined when a value is over 255 or, in octal, a digit is 8 or 9.
 */
export function readLeadingZeros(s: string, radix: 8 | 10): IpAddress | undefined {
  if (leadingZeroOctet(s) < 0) return undefined;
  const bytes: number[] = [];
  for (const o of s.split('.')) {
    const octal = radix === 8 && o.length > 1 && o.startsWith('0');
    if (octal && /[89]/.test(o)) return undefined;
    const n = parseInt(o, octal ? 8 : 10);
    if (n > 255) return undefined;
    bytes.push(n);
  }
  return { version: 4, bytes, text: bytes.join('.') };
}

export function parseIPv6(input: string): IpAddress | undefined {
  let s = input;
  const pct = s.indexOf('%');
  if (pct >= 0) s = s.slice(0, pct); // zone id
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length < 2) return undefined;
  const dbl = s.indexOf('::');
  if (dbl !== s.lastIndexOf('::')) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i];
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIPv4(g);
        if (!v4) return undefined;
        out.push((v4.bytes[0] << 8) | v4.bytes[1], (v4.bytes[2] << 8) | v4.bytes[3]);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  let groups: number[];
  if (dbl >= 0) {
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = parseGroups(s);
    if (!all || all.length !== 8) return undefined;
    groups = all;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  return { version: 6, bytes, text: formatIPv6(groups) };
}

function formatIPv6(groups: number[]): string {
  // An IPv4-mapped address keeps its IPv4 part dotted (RFC 5952, section 5): ::ffff:10.1.0.2.
  if (groups[5] === 0xffff && groups.slice(0, 5).every((g) => g === 0)) {
    return `::ffff:${groups[6] >> 8}.${groups[6] & 0xff}.${groups[7] >> 8}.${groups[7] & 0xff}`;
  }
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

const parsed = new Map<string, IpAddress | undefined>();

/** Parses an IPv4 or IPv6 address (IPv6 may be bracketed). Results are shared: do not modify them. */
export function parseIp(s: string): IpAddress | undefined {
  // The same few hundred addresses are parsed again and again across a workspace.
  const hit = parsed.get(s);
  if (hit !== undefined || parsed.has(s)) return hit;
  const t = s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
  const ip = t.includes(':') ? parseIPv6(t) : parseIPv4(t);
  if (parsed.size >= 50_000) parsed.clear();
  parsed.set(s, ip);
  return ip;
}

/**
 * An address as nginx and Java read it: `parseIp`, and a dotted quad whose octets have leading
 * zeros in decimal (`192.168.027.12` is 192.168.27.12; see `readLeadingZeros`).
 */
export function readIp(s: string): IpAddress | undefined {
  return parseIp(s) ?? readLeadingZeros(s, 10);
}

export function parseCidr(s: string): Cidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > address.bytes.length * 8) return undefined;
  return { address, prefix };
}

export function cidrContains(c: Cidr, ip: IpAddress): boolean {
  if (c.address.version !== ip.version) return false;
  let bits = c.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((c.address.bytes[i] & mask) !== (ip.bytes[i] & mask)) return false;
  }
  return true;
}

/**
 * The network a CIDR block denotes: its address with the host bits cleared, in canonical text
 * (`192.168.27.5/24` is 192.168.27.0, `2001:DB8::1/64` is 2001:db8::). The block's own address is
 * that same object when no host bit is set.
 */
export function cidrNetwork(c: Cidr): IpAddress {
  const bytes = c.address.bytes.map((b, i) => {
    const bits = c.prefix - i * 8;
    return bits >= 8 ? b : bits <= 0 ? 0 : b & ((0xff << (8 - bits)) & 0xff);
  });
  if (bytes.every((b, i) => b === c.address.bytes[i])) return c.address;
  if (c.address.version === 4) return { version: 4, bytes, text: bytes.join('.') };
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((bytes[i] << 8) | bytes[i + 1]);
  return { version: 6, bytes, text: formatIPv6(groups) };
}

/** True when every address of `inner` is in `outer` (same family, `outer` no narrower). */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  return inner.address.version === outer.address.version && inner.prefix >= outer.prefix && cidrContains(outer, inner.address);
}

export function sameIp(a: IpAddress, b: IpAddress): boolean {
  return a.version === b.version && a.bytes.every((x, i) => x === b.bytes[i]);
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c)!);
const LOOPBACK = [parseCidr('127.0.0.0/8')!, parseCidr('::1/128')!];
const LINK_LOCAL = [parseCidr('169.254.0.0/16')!, parseCidr('fe80::/10')!];
const PRIVATE_V6 = [parseCidr('fc00::/7')!];
const UNSPECIFIED = [parseCidr('0.0.0.0/8')!, parseCidr('::/128')!];

export type AddressScope = 'loopback' | 'link-local' | 'private' | 'unspecified' | 'public';

// Addresses come from parseIp's cache, so the same objects are asked about again and again.
const scopes = new WeakMap<IpAddress, AddressScope>();

export function addressScope(ip: IpAddress): AddressScope {
  let scope = scopes.get(ip);
  if (scope === undefined) {
    scope = scopeOf(ip);
    scopes.set(ip, scope);
  }
  return scope;
}

function scopeOf(ip: IpAddress): AddressScope {
  if (LOOPBACK.some((c) => cidrContains(c, ip))) return 'loopback';
  if (LINK_LOCAL.some((c) => cidrContains(c, ip))) return 'link-local';
  if (UNSPECIFIED.some((c) => cidrContains(c, ip))) return 'unspecified';
  if (PRIVATE_V4.some((c) => cidrContains(c, ip)) || PRIVATE_V6.some((c) => cidrContains(c, ip))) return 'private';
  return 'public';
}

const MULTICAST = [parseCidr('224.0.0.0/4')!, parseCidr('ff00::/8')!];

/** A multicast group (`multicast://224.5.6.7:1234`, Dubbo's multicast registry): no host's address. */
export function isMulticast(ip: IpAddress): boolean {
  return MULTICAST.some((c) => cidrContains(c, ip));
}

/** Blocks with no public address in them. */
const NOT_PUBLIC = [...LOOPBACK, ...LINK_LOCAL, ...UNSPECIFIED, ...PRIVATE_V4, ...PRIVATE_V6];

/**
 * True when some address of the network is public: it does not lie wholly inside a private,
 * loopback, link-local or unspecified block (`0.0.0.0/1` and `10.0.0.0/7` are public).
 */
export function isPublicCidr(c: Cidr): boolean {
  return !NOT_PUBLIC.some((b) => cidrWithin(c, b));
}

/**
 * True when a token looks like it was meant to be an IPv4 address (four dot-separated numbers),
 * whether or not it is valid — `139.159.257.207` is such a token; `api.example.com` is not.
 */
/**
 * Text written as an IPv6 literal, valid or not (`fd00:2::zz`, `1:2:3:4:5:6:7:8:9`): two or more
 * colons among letters, digits, dots and a zone's `%`. No host name has a colon.
 */
export function looksLikeIPv6(s: string): boolean {
  return /^[0-9A-Za-z.%]*:[0-9A-Za-z.%]*:[0-9A-Za-z:.%]*$/.test(s);
}

/** Text written as an IP address, valid or not: what the address rules judge (else a host name). */
export function looksLikeIp(s: string): boolean {
  return looksLikeIPv4(s) || looksLikeIPv6(s);
}

export function looksLikeIPv4(s: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || /^\d+\.\d+\.\d+\.\d+$/.test(s);
}

/** Letters typed for a look-alike digit. */
const LOOKALIKE: Record<string, string> = { l: '1', I: '1', O: '0', o: '0' };

/**
 * A dotted quad with one letter typed for the digit it looks like (`47.96.2.2l`, `10.1O.1.10`): three
 * octets of decimal digits and one of digits and one such letter, at most three characters each.
 * Where an address is expected it is a typo, not a host name (no top-level domain is numeric, and
 * `2l` is none either); `1.2.3.example` and `v1.2.3.4` are not such quads.
 */
export function letterTypo(s: string): { index: number; octet: string; letter: string; digit: string } | undefined {
  if (!/^[0-9lIOo]{1,3}(\.[0-9lIOo]{1,3}){3}$/.test(s)) return undefined;
  const octets = s.split('.');
  const odd = octets.filter((o) => /\D/.test(o));
  if (odd.length !== 1 || odd[0].replace(/\d/g, '').length !== 1) return undefined;
  const index = octets.indexOf(odd[0]);
  const letter = odd[0].replace(/\d/g, '');
  return { index, octet: odd[0], letter, digit: LOOKALIKE[letter] };
}

/** Edit distance between two strings (used for did-you-mean suggestions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/**
 * Edit distance when it is at most `max`, else `max + 1` (cheap: a length difference over `max`
 * answers at once, and a row whose every cell is over `max` ends the computation).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[n], max + 1);
}

/** The candidate closest to `s` within `max` edits (ties: first), if any. */
export function nearest(s: string, candidates: Iterable<string>, max = 2): string | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c === s) continue;
    const d = editDistanceWithin(s, c, bestD - 1);
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/**
 * The candidate closest to `s` within `max` edits (ties: first), and whether the guess is sure: it
 * is one edit away and no other candidate is. A mistyped address two edits from the nearest
 * (`10.10.2.256` for 10.10.2.21) may as well have meant `.250` or `.25`, and one edit from two
 * candidates (`10.10.3.256` for .25 and .26) means either; a candidate two edits away takes two
 * slips where the nearest takes one.
 */
export function nearestGuess(s: string, candidates: Iterable<string>, max = 2): { value: string; sure: boolean } | undefined {
  let best: string | undefined;
  let bestD = max + 1;
  let ones = 0;
  for (const c of candidates) {
    if (c === s) continue;
    const d = editDistanceWithin(s, c, max);
    if (d === 1) ones++;
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best === undefined ? undefined : { value: best, sure: bestD === 1 && ones === 1 };
}

/**
 * Splits `host:port` / `[v6]:port` / bare host. Returns the host part's offset within the token
 * so callers can point at just the address.
 */
/** `host:port` as written in URLs and messages: an IPv6 address in brackets; the port left out when undefined. */
export function hostPort(host: string, port?: number): string {
  const h = host.includes(':') ? `[${host}]` : host;
  return port === undefined ? h : `${h}:${port}`;
}

export function splitHostPort(token: string): { host: string; hostStart: number; port?: number; portText?: string } {
  if (token.startsWith('[')) {
    const close = token.indexOf(']');
    if (close > 0) {
      const rest = token.slice(close + 1);
      const m = /^:(\d+)$/.exec(rest);
      return { host: token.slice(1, close), hostStart: 1, port: m ? Number(m[1]) : undefined, portText: m?.[1] };
    }
  }
  const colons = token.split(':').length - 1;
  if (colons === 1) {
    const [h, p] = token.split(':');
    return { host: h, hostStart: 0, port: /^\d+$/.test(p) ? Number(p) : undefined, portText: p };
  }
  return { host: token, hostStart: 0 };
}
