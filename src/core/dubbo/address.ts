import { parseIp } from '../ip';

/**
 * Dubbo address syntax (UrlUtils.parseURLs / parseURL): `|` or `;` separate registries, a comma
 * lists the members of one cluster (`h1:p,h2:p` = `h1:p?backup=h2:p`), `?backup=` adds members,
 * `scheme://` names the registry type (default: the `protocol` attribute, else `dubbo`), the port
 * defaults to the `port` attribute, else 9090, and `N/A` means no registry.
 */

export interface AddressMember {
  /** Host part as written (no brackets). */
  host: string;
  port?: number;
  /** Offsets of the host part in the parsed text. */
  hostStart: number;
  hostEnd: number;
  /** True when it came from `backup=`. */
  backup: boolean;
}

export interface AddressEntry {
  scheme?: string;
  schemeStart?: number;
  /** Offsets of the whole entry. */
  start: number;
  end: number;
  na: boolean;
  members: AddressMember[];
  params: Record<string, string>;
}

const parsedLists = new Map<string, AddressEntry[]>();

/**
 * The entries of an address list (shared: not to be changed). The same few registry addresses are
 * read by several checks of every config that uses them, from every region.
 */
export function parseAddressList(text: string): AddressEntry[] {
  let out = parsedLists.get(text);
  if (!out) {
    out = readAddressList(text);
    if (parsedLists.size >= 10_000) parsedLists.clear();
    parsedLists.set(text, out);
  }
  return out;
}

/** Drops the kept address lists (with clearParseCache: benchmarks measure parsing, not the cache). */
export function clearAddressLists(): void {
  parsedLists.clear();
}

function readAddressList(text: string): AddressEntry[] {
  const out: AddressEntry[] = [];
  const re = /[^|;]+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const body = raw.trim();
    if (!body) continue;
    out.push(parseEntry(body, m.index + lead));
  }
  return out;
}

function parseEntry(body: string, at: number): AddressEntry {
  const entry: AddressEntry = { start: at, end: at + body.length, na: /^n\/a$/i.test(body), members: [], params: {} };
  if (entry.na) return entry;
  let i = 0;
  const sep = body.indexOf('://');
  if (sep > 0 && /^[A-Za-z][\w+.-]*$/.test(body.slice(0, sep))) {
    entry.scheme = body.slice(0, sep);
    entry.schemeStart = at;
    i = sep + 3;
  }
  const q = body.indexOf('?', i);
  const pathStart = body.indexOf('/', i);
  const authorityEnd = Math.min(q < 0 ? body.length : q, pathStart < 0 ? body.length : pathStart);
  addMembers(entry, body.slice(i, authorityEnd), at + i, false);
  if (q >= 0) {
    let off = q + 1;
    for (const kv of body.slice(q + 1).split('&')) {
      const eq = kv.indexOf('=');
      const k = eq >= 0 ? kv.slice(0, eq) : kv;
      const v = eq >= 0 ? kv.slice(eq + 1) : '';
      entry.params[k] = v;
      if (k === 'backup') addMembers(entry, v, at + off + eq + 1, true);
      off += kv.length + 1;
    }
  }
  return entry;
}

function addMembers(entry: AddressEntry, list: string, at: number, backup: boolean): void {
  let off = 0;
  for (const part of list.split(',')) {
    const lead = part.length - part.trimStart().length;
    let token = part.trim();
    let start = at + off + lead;
    const atSign = token.lastIndexOf('@');
    if (atSign >= 0) {
      start += atSign + 1;
      token = token.slice(atSign + 1);
    }
    off += part.length + 1;
    if (!token) continue;
    const hp = hostPort(token);
    entry.members.push({ host: hp.host, port: hp.port, hostStart: start + hp.hostStart, hostEnd: start + hp.hostStart + hp.host.length, backup });
  }
}

function hostPort(token: string): { host: string; hostStart: number; port?: number } {
  if (token.startsWith('[')) {
    const close = token.indexOf(']');
    if (close > 0) {
      const m = /^:(\d+)/.exec(token.slice(close + 1));
      return { host: token.slice(1, close), hostStart: 1, port: m ? Number(m[1]) : undefined };
    }
  }
  let colons = 0;
  for (let c = token.indexOf(':'); c >= 0 && colons < 2; c = token.indexOf(':', c + 1)) colons++;
  if (colons === 1) {
    const c = token.indexOf(':');
    const p = token.slice(c + 1);
    return { host: token.slice(0, c), hostStart: 0, port: /^\d+$/.test(p) ? Number(p) : undefined };
  }
  if (colons > 1 && parseIp(token)) return { host: token, hostStart: 0 };
  return { host: token, hostStart: 0 };
}

export interface AddressToken {
  text: string;
  start: number;
  end: number;
}

const V4ISH = /(?<![\w.])\d+\.\d+\.\d+\.\d+(?![\w.])/g;
const V6_BRACKETED = /\[([0-9A-Fa-f:.]+(?:%[\w.-]+)?)\]/g;

/**
 * Tokens of a free-form value that are (or look like) IP addresses: dotted quads, including invalid
 * ones such as `139.159.257.207`, and bracketed IPv6; a value that is a bare IPv6 address as a whole.
 */
export function addressTokens(text: string): AddressToken[] {
  const out: AddressToken[] = [];
  const trimmed = text.trim();
  if (trimmed.includes(':') && !trimmed.includes('[') && parseIp(trimmed)?.version === 6) {
    const s = text.indexOf(trimmed);
    return [{ text: trimmed, start: s, end: s + trimmed.length }];
  }
  for (const m of text.matchAll(V4ISH)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length });
  for (const m of text.matchAll(V6_BRACKETED)) {
    if (parseIp(m[1])) out.push({ text: m[1], start: m.index! + 1, end: m.index! + 1 + m[1].length });
  }
  return out.sort((a, b) => a.start - b.start);
}
