/**
 * Addresses and networks as nginx reads the value of `allow` and `deny` (`ngx_ptocidr`,
 * `ngx_inet_addr` and `ngx_inet6_addr` in src/core/ngx_inet.c). nginx is lenient in places a
 * general parser is not — empty IPv4 octets count as 0 (`1..2.3`), octets may have leading zeros,
 * an IPv6 address may start with a lone `:` or end with one after `::` — and strict in others:
 * `255.255.255.255` is the value its IPv4 reader returns for "none", so it is refused, and the
 * prefix length is digits only. These functions answer only what nginx takes, not what it means.
 */

/** The IPv4 address nginx reads in `s` (as a number), or undefined where it reads none. */
export function nginxIpv4(s: string): number | undefined {
  let address = 0;
  let octet = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      if (octet > 255) return undefined;
    } else if (c === 46) {
      address = address * 256 + octet;
      octet = 0;
      dots++;
    } else return undefined;
  }
  if (dots !== 3) return undefined;
  address = address * 256 + octet;
  return address === 0xffffffff ? undefined : address;
}

const HEX = /^[0-9A-Fa-f]$/;

/** Whether nginx reads an IPv6 address in `s` (eight groups of up to four hex digits, one `::`, an IPv4 tail). */
export function nginxIpv6(s: string): boolean {
  if (s === '') return false;
  let left = 8;
  let digits = 0;
  let gap = false;
  /** Where the group after the last `:` starts (an IPv4 tail starts there); -1 before any. */
  let group = -1;
  for (let i = s[0] === ':' ? 1 : 0; i < s.length; i++) {
    const c = s[i];
    if (c === ':') {
      group = i + 1;
      if (digits > 0) {
        if (--left === 0) return false;
        digits = 0;
      } else if (gap) return false;
      else gap = true;
      continue;
    }
    if (c === '.' && digits > 0) {
      // The tail holds two groups: the room for them, and an address nginx reads.
      if (left < 2 || group < 0 || nginxIpv4(s.slice(group)) === undefined) return false;
      left--;
      break;
    }
    if (++digits > 4 || !HEX.test(c)) return false;
  }
  if (digits === 0 && !gap) return false;
  left--;
  return left > 0 ? gap : !gap;
}

/** Why nginx refuses a value of `allow` / `deny`: the address, or the prefix length after `/`. */
export type AccessRefusal = 'address' | 'prefix';

/** Whether nginx takes `v` as the value of `allow` / `deny`, else why not. */
export function accessValue(v: string): AccessRefusal | undefined {
  if (v === 'all' || v === 'unix:') return undefined;
  const slash = v.indexOf('/');
  const address = slash < 0 ? v : v.slice(0, slash);
  const max = nginxIpv4(address) !== undefined ? 32 : nginxIpv6(address) ? 128 : 0;
  if (max === 0) return 'address';
  if (slash < 0) return undefined;
  const prefix = v.slice(slash + 1);
  return /^\d+$/.test(prefix) && Number(prefix) <= max ? undefined : 'prefix';
}

/** The prefix length of a dotted IPv4 netmask (`255.255.0.0` → 16), undefined when it is none. */
export function maskLength(mask: string): number | undefined {
  const octets = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(mask)?.slice(1).map(Number);
  if (!octets || octets.some((o) => o > 255)) return undefined;
  const bits = octets.map((o) => o.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.replace(/0+$/, '').length : undefined;
}
