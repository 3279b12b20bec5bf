/**
 * A parser for exports(5) files (`/etc/exports`, `/etc/exports.d/*.exports`) that follows what
 * nfs-utils reads: `#` comments (anywhere, to the end of the line), backslash-newline continuation,
 * double-quoted words and `\ooo` octal escapes, an optional `-options` word of line defaults right
 * after the path, then clients written `host(options)`. Every node carries its source range; problems
 * are returned as data, never thrown.
 */
import { looksLikeIPv4, parseCidr, parseIp, type Cidr, type IpAddress } from '../ip';
import { LineIndex } from '../text';
import { perLocale } from '../l10n';
import type { MessageRef, Range } from '../types';
import { EXPORT_OPTIONS, exportOptionSpec, nearestOption, type ExportOptionSpec } from './options';

export interface ExportOption {
  /** Keyword as written, before `=`. */
  name: string;
  value?: string;
  /** Whole `name=value` text. */
  text: string;
  range: Range;
  nameRange: Range;
  valueRange?: Range;
  /** The keyword's description; undefined for an unknown keyword (reported in `errors`). */
  spec?: ExportOptionSpec;
}

export interface OptionList {
  options: ExportOption[];
  /** The text between the parentheses (or after `-`). */
  range: Range;
  /** The whole word: `(…)`, or `-…` for line defaults. */
  tokenRange: Range;
}

export type ClientKind =
  | 'anonymous' // `*`, or no host at all: every host
  | 'wildcard' // a host name pattern with `*`, `?` or `[…]`
  | 'hostname'
  | 'ipv4'
  | 'ipv6'
  | 'cidr' // addr/len or addr/netmask
  | 'netgroup' // @group
  | 'gss' // legacy gss/krb5 pseudo-clients
  | 'invalid';

/** The value in effect for one option family, and the written option that decided it (if any). */
export interface EffectiveOption {
  name: string;
  source?: ExportOption;
}

export interface ExportClient {
  /** Host part as written (decoded); empty when the word has no host (`(rw)`) or the line no client. */
  host: string;
  hostRange: Range;
  kind: ClientKind;
  /** The address of an IP or CIDR client. */
  address?: IpAddress;
  cidr?: Cidr;
  /** Text that should be an IP address (an IP, a CIDR's base, or an invalid dotted quad), and where. */
  addressText?: string;
  addressRange?: Range;
  /** Undefined when the client is written without `(…)` (line defaults or built-in defaults apply). */
  options?: OptionList;
  tokenRange: Range;
  /** `no-host`: a word `(…)` without host; `no-client`: a line with a path and no client at all. */
  implicit?: 'no-host' | 'no-client';
  /**
   * For `host (rw)`: the client written just before, without options, that the user meant the
   * options for. The `(rw)` then applies to every host.
   */
  detachedFrom?: ExportClient;
  /** Option values in effect: built-in defaults, then line defaults, then the client's own, by family. */
  effective: Map<string, EffectiveOption>;
  /**
   * Security flavours in effect (`sec=`, default `sys`): every flavour of every `sec=` written, as
   * a client may mount with any of them.
   */
  sec: string[];
  /**
   * The values of the per-flavour families (access, the squash options) as each earlier `sec=`
   * block left them: a later block does not undo what an earlier one gives its flavours
   * (`sec=krb5p,no_root_squash,sec=sys,root_squash` lets krb5p clients act as root).
   */
  earlierBlocks?: Map<string, EffectiveOption>[];
  secSource?: ExportOption;
  /** RPC-with-TLS modes (`xprtsec=`), empty when not written. */
  xprtsec: string[];
  xprtsecSource?: ExportOption;
}

export interface ExportEntry {
  /** Decoded path (quotes removed, `\ooo` decoded). */
  path: string;
  pathRange: Range;
  /** `-options` after the path. */
  defaults?: OptionList;
  clients: ExportClient[];
  /** From the path to the end of the last word (continuation lines included). */
  range: Range;
}

export type ExportsErrorCode =
  | 'unterminatedQuote'
  | 'relativePath'
  | 'unclosedOptions'
  | 'textAfterOptions'
  | 'unknownOption'
  | 'optionNeedsValue'
  | 'optionTakesNoValue'
  | 'badOptionValue'
  | 'emptyOption'
  | 'misplacedDefaults'
  | 'badClient'
  | 'bracketedIpv6'
  | 'badCidr';

export interface ExportsError {
  code: ExportsErrorCode;
  range: Range;
  /** The message's values; a list or a description is said in the message's language. */
  data: Record<string, string | MessageRef>;
  /** An edit that resolves the error, when one is evident. */
  fix?: { range: Range; newText: string };
}

export interface ExportsFile {
  entries: ExportEntry[];
  errors: ExportsError[];
}

/** One whitespace-separated word, decoded, with the source offset of every decoded character. */
interface Word {
  value: string;
  starts: number[];
  ends: number[];
  start: number;
  end: number;
}

const OCTAL = /^[0-3][0-7]{2}$/;

/** Splits the text into logical lines of words (continuations joined, comments dropped). */
function words(text: string, onUnterminated: (start: number, end: number) => void): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let cur: Word | undefined;
  let quoted = false;
  const endWord = (at: number) => {
    if (cur) {
      cur.end = at;
      line.push(cur);
      cur = undefined;
    }
  };
  const endLine = (at: number) => {
    if (quoted && cur) onUnterminated(cur.start, at);
    quoted = false;
    endWord(at);
    if (line.length > 0) lines.push(line);
    line = [];
  };
  const begin = (at: number): Word => (cur ??= { value: '', starts: [], ends: [], start: at, end: at });
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      // Continuation: the backslash and line break read as one space; leading blanks are skipped.
      const at = i;
      i += text[i + 1] === '\n' ? 2 : 3;
      while (text[i] === ' ' || text[i] === '\t') i++;
      if (quoted && cur) {
        cur.value += ' ';
        cur.starts.push(at);
        cur.ends.push(i);
      } else endWord(at);
      continue;
    }
    if (c === '#') {
      endWord(i);
      while (i < n && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) i++;
      continue;
    }
    if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      endLine(i);
      i += c === '\n' ? 1 : 2;
      continue;
    }
    if (c === '"') {
      begin(i);
      quoted = !quoted;
      i++;
      continue;
    }
    if (!quoted && (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v')) {
      endWord(i);
      i++;
      continue;
    }
    const w = begin(i);
    if (c === '\\' && OCTAL.test(text.slice(i + 1, i + 4))) {
      w.value += String.fromCharCode(parseInt(text.slice(i + 1, i + 4), 8));
      w.starts.push(i);
      w.ends.push(i + 4);
      i += 4;
      continue;
    }
    w.value += c;
    w.starts.push(i);
    w.ends.push(i + 1);
    i++;
  }
  endLine(n);
  return lines;
}

/** Source offsets of decoded characters [a, b) of a word. */
function span(w: Word, a: number, b: number): [number, number] {
  if (w.value.length === 0) return [w.start, w.end];
  const s = a < w.starts.length ? w.starts[a] : w.ends[w.ends.length - 1];
  const e = b > a ? w.ends[Math.min(b, w.ends.length) - 1] : s;
  return [s, e];
}

export function parseExports(text: string): ExportsFile {
  const idx = new LineIndex(text);
  const errors: ExportsError[] = [];
  const entries: ExportEntry[] = [];
  const rng = (a: number, b: number): Range => idx.rangeOf(a, b);
  const err = (code: ExportsErrorCode, a: number, b: number, data: Record<string, string | MessageRef> = {}, newText?: string, at?: [number, number]) =>
    errors.push({
      code,
      range: rng(a, b),
      data,
      ...(newText !== undefined ? { fix: { range: at ? rng(at[0], at[1]) : rng(a, b), newText } } : {}),
    });
  const wr = (w: Word, a: number, b: number): Range => {
    const [s, e] = span(w, a, b);
    return rng(s, e);
  };

  const lines = words(text, (a, b) => err('unterminatedQuote', a, b));

  const parseOptions = (w: Word, from: number, to: number, tokenRange: Range): OptionList => {
    const options: ExportOption[] = [];
    const s = w.value;
    // As nfs-utils: split at commas; `()` and a trailing comma are fine, an empty option is not.
    let i = from;
    while (i < to) {
      let j = i;
      while (j < to && s[j] !== ',') j++;
      if (j === i) {
        const [a, b] = span(w, j, j + 1);
        err('emptyOption', a, b);
        i = j + 1;
        continue;
      }
      const eq = s.slice(i, j).indexOf('=');
      const name = eq >= 0 ? s.slice(i, i + eq) : s.slice(i, j);
      // squash_uids=0-15,20 keeps the numbers after commas in its value, as nfs-utils does.
      if ((name === 'squash_uids' || name === 'squash_gids') && eq >= 0) {
        while (j < to && s[j] === ',' && /\d/.test(s[j + 1] ?? '')) {
          j++;
          while (j < to && s[j] !== ',') j++;
        }
      }
      const full = s.slice(i, j);
      const value = eq >= 0 ? full.slice(eq + 1) : undefined;
      const opt: ExportOption = {
        name,
        value,
        text: full,
        range: wr(w, i, j),
        nameRange: wr(w, i, i + name.length),
        valueRange: eq >= 0 ? wr(w, i + eq + 1, j) : undefined,
      };
      const spec = exportOptionSpec(name);
      const [a, b] = span(w, i, j);
      if (!spec) {
        const near = nearestOption(name);
        err('unknownOption', a, b, { name: full, suggestion: near ?? '' }, near);
      } else if (spec.value === undefined && value !== undefined) {
        err('optionTakesNoValue', a, b, { name }, name);
      } else if (spec.value === 'required' && value === undefined) {
        err('optionNeedsValue', a, b, { name });
      } else if (value !== undefined && spec.values && !valueOk(spec, value)) {
        const [va, vb] = span(w, i + eq + 1, j);
        err('badOptionValue', va, vb, { name, value, expected: expectedValues(spec) });
      } else opt.spec = spec;
      options.push(opt);
      i = j + 1;
    }
    return { options, range: from < to ? wr(w, from, to) : wr(w, from, from), tokenRange };
  };

  for (const ws of lines) {
    const pw = ws[0];
    const pathRange = rng(pw.start, pw.end);
    if (!pw.value.startsWith('/')) err('relativePath', pw.start, pw.end, { path: pw.value });
    const entry: ExportEntry = {
      path: pw.value,
      pathRange,
      clients: [],
      range: rng(pw.start, ws[ws.length - 1].end),
    };
    let k = 1;
    if (ws[1]?.value.startsWith('-')) {
      const w = ws[1];
      entry.defaults = parseOptions(w, 1, w.value.length, rng(w.start, w.end));
      k = 2;
    }
    for (; k < ws.length; k++) {
      const w = ws[k];
      const v = w.value;
      const tokenRange = rng(w.start, w.end);
      if (v.startsWith('-')) {
        err('misplacedDefaults', w.start, w.end, { word: v });
        continue;
      }
      const open = v.indexOf('(');
      const hostEnd = open >= 0 ? open : v.length;
      const host = v.slice(0, hostEnd);
      let options: OptionList | undefined;
      if (open >= 0) {
        const close = v.indexOf(')', open);
        if (close < 0) {
          const [a, b] = span(w, open, v.length);
          err('unclosedOptions', a, b, {}, ')', [w.end, w.end]);
          options = parseOptions(w, open + 1, v.length, tokenRange);
        } else {
          if (close !== v.length - 1) {
            const [a, b] = span(w, close + 1, v.length);
            err('textAfterOptions', a, b, { text: v.slice(close + 1) });
          }
          options = parseOptions(w, open + 1, close, wr(w, open, close + 1));
        }
      }
      const hostRange = host.length > 0 ? wr(w, 0, hostEnd) : rng(w.start, w.start);
      const client = classify(host, hostRange, tokenRange, options);
      if (client.addressText !== undefined) client.addressRange = wr(w, 0, client.addressText.length);
      if (host.length === 0) {
        client.implicit = 'no-host';
        const prev = entry.clients[entry.clients.length - 1];
        if (prev && !prev.options && !prev.implicit) client.detachedFrom = prev;
      }
      if (client.kind === 'invalid') {
        const [a, b] = span(w, 0, hostEnd);
        if (host.startsWith('[') && host.endsWith(']') && parseIp(host.slice(1, -1))?.version === 6) {
          err('bracketedIpv6', a, b, { host }, host.slice(1, -1));
        } else if (host.includes('/')) {
          err('badCidr', a, b, { host });
        } else err('badClient', a, b, { host });
      }
      entry.clients.push(client);
    }
    if (entry.clients.length === 0) {
      const last = ws[ws.length - 1];
      const at = rng(last.end, last.end);
      const c = classify('', at, at, undefined);
      c.implicit = 'no-client';
      entry.clients.push(c);
    }
    for (const c of entry.clients) applyEffective(c, entry.defaults);
    entries.push(entry);
  }
  errors.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { entries, errors };
}

function valueOk(spec: ExportOptionSpec, value: string): boolean {
  if (!spec.values) return true;
  if (spec.values instanceof RegExp) return spec.values.test(value);
  return spec.values.includes(value);
}

/** The values an option takes, said in the message's language. */
function expectedValues(spec: ExportOptionSpec): MessageRef {
  if (Array.isArray(spec.values)) return perLocale({ en: spec.values.join(', '), 'zh-cn': `以下之一：${spec.values.join('、')}` });
  switch (spec.name) {
    case 'anonuid':
    case 'anongid':
      return perLocale({ en: 'a number', 'zh-cn': '一个数字' });
    case 'fsid':
      return perLocale({ en: 'a number, root or a UUID', 'zh-cn': '数字、root 或 UUID' });
    case 'sec':
      return perLocale({ en: 'sys, krb5, krb5i, krb5p (colon-separated)', 'zh-cn': '以下一项或多项（以冒号分隔）：sys、krb5、krb5i、krb5p' });
    case 'xprtsec':
      return perLocale({ en: 'none, tls, mtls (colon-separated)', 'zh-cn': '以下一项或多项（以冒号分隔）：none、tls、mtls' });
    default:
      return perLocale({ en: 'a list of numbers', 'zh-cn': '一组数字' });
  }
}

const HOSTNAME = /^[A-Za-z0-9_.-]+$/;
const PATTERN = /^[A-Za-z0-9_.*?[\]!-]+$/;

function classify(host: string, hostRange: Range, tokenRange: Range, options: OptionList | undefined): ExportClient {
  const base: ExportClient = {
    host,
    hostRange,
    kind: 'invalid',
    options,
    tokenRange,
    effective: new Map(),
    sec: ['sys'],
    xprtsec: [],
  };
  if (host === '' || host === '*') return { ...base, kind: 'anonymous' };
  if (host.startsWith('@')) return { ...base, kind: host.length > 1 ? 'netgroup' : 'invalid' };
  if (/^gss\/krb5[ip]?$/.test(host)) return { ...base, kind: 'gss' };
  const slash = host.indexOf('/');
  if (slash >= 0) {
    const addrText = host.slice(0, slash);
    const mask = host.slice(slash + 1);
    const address = parseIp(addrText);
    if (!address) {
      // An invalid dotted quad is left to ip-invalid; anything else is not a network.
      if (looksLikeIPv4(addrText) && /^\d{1,3}$/.test(mask)) return { ...base, kind: 'cidr', addressText: addrText };
      return base;
    }
    let cidr: Cidr | undefined;
    if (address.version === 4 && mask.includes('.')) {
      const m = parseIp(mask);
      const prefix = m && m.version === 4 ? maskPrefix(m.bytes) : undefined;
      if (prefix !== undefined) cidr = { address, prefix };
    } else cidr = parseCidr(host);
    if (!cidr) return base;
    return { ...base, kind: 'cidr', address, cidr, addressText: addrText };
  }
  const ip = parseIp(host);
  if (ip && !host.startsWith('[')) {
    return { ...base, kind: ip.version === 4 ? 'ipv4' : 'ipv6', address: ip, addressText: host };
  }
  if (looksLikeIPv4(host)) return { ...base, kind: 'ipv4', addressText: host };
  if (/[*?[]/.test(host) && PATTERN.test(host)) return { ...base, kind: 'wildcard' };
  if (HOSTNAME.test(host)) return { ...base, kind: 'hostname' };
  return base;
}

function maskPrefix(bytes: number[]): number | undefined {
  let bits = 0;
  let seenZero = false;
  for (const b of bytes) {
    for (let i = 7; i >= 0; i--) {
      const one = (b >> i) & 1;
      if (one && seenZero) return undefined;
      if (one) bits++;
      else seenZero = true;
    }
  }
  return bits;
}

/** Built-in defaults first, then the line's `-options`, then the client's own; the last written wins. */
function applyEffective(c: ExportClient, defaults: OptionList | undefined): void {
  for (const o of EXPORT_OPTIONS) if (o.family && o.isDefault) c.effective.set(o.family, { name: o.name });
  let blocks = 0;
  const apply = (list: OptionList | undefined) => {
    for (const o of list?.options ?? []) {
      if (!o.spec) continue;
      if (o.spec.family) c.effective.set(o.spec.family, { name: o.name, source: o });
      else if (o.name === 'sec' && o.value) {
        // A new block: the flavours of the blocks before keep the values they were given.
        if (blocks > 0) {
          (c.earlierBlocks ??= []).push(new Map([...c.effective].filter(([family]) => PER_FLAVOUR.has(family))));
          c.sec = [...new Set([...c.sec, ...o.value.split(':')])];
        } else c.sec = o.value.split(':');
        blocks++;
        c.secSource = o;
      } else if (o.name === 'xprtsec' && o.value) {
        c.xprtsec = o.value.split(':');
        c.xprtsecSource = o;
      }
    }
  };
  apply(defaults);
  apply(c.options);
}

/** The option families exports(5) lets differ per `sec=` block. */
const PER_FLAVOUR = new Set(['access', 'rootSquash', 'allSquash']);

/** True when the client's traffic is encrypted: every flavour is krb5p, or RPC-with-TLS is required. */
export function isEncrypted(c: Pick<ExportClient, 'sec' | 'xprtsec'>): boolean {
  if (c.sec.length > 0 && c.sec.every((s) => s === 'krb5p')) return true;
  return c.xprtsec.length > 0 && c.xprtsec.every((m) => m === 'tls' || m === 'mtls');
}

/** Normalizes an exported path for comparison: no trailing slash (except `/`), no `//`. */
export function normalizeExportPath(p: string): string {
  const s = p.replace(/\/+/g, '/');
  return s.length > 1 ? s.replace(/\/$/, '') : s;
}
