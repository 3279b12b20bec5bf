/**
 * How nginx splits the address of a `listen`, of an upstream `server` and of the `*_pass` directives
 * into host, port and URI part (`ngx_parse_url` in src/core/ngx_inet.c), as far as the rules need
 * it: which text nginx reads as the port, and where the URI part of a `proxy_pass` starts.
 */

/** Where the address is written: a `listen`, an upstream `server`, or a `*_pass` (which may carry a URI). */
export type AddressUse = 'listen' | 'server' | 'pass';

export interface AddressParts {
  /** The text nginx reads as the port, and its offset in the address. */
  port?: { text: string; at: number };
  /** Offset of the URI part (`/…` or `?…`; for a UNIX socket, what follows the `:` after its path). */
  uri?: number;
}

/** nginx's largest integer (`NGX_MAX_INT_T_VALUE` on 64 bits): a longer run of digits is no number. */
const MAX_INT = 9223372036854775807n;

/**
 * The parts of an address as nginx reads them, or undefined when nginx refuses it for another reason
 * than its port (a URI part where none may be, an unclosed `[`).
 */
export function addressParts(address: string, use: AddressUse): AddressParts | undefined {
  if (address.length >= 5 && address.slice(0, 5).toLowerCase() === 'unix:') {
    if (use !== 'pass') return {};
    const colon = address.indexOf(':', 5);
    return colon < 0 ? {} : { uri: colon + 1 };
  }
  if (address.startsWith('[')) {
    const close = address.indexOf(']');
    if (close < 0) return undefined;
    // After an IPv6 address only `/` starts a URI part.
    const slash = address.indexOf('/', close + 1);
    if (slash >= 0 && use !== 'pass') return undefined;
    const end = slash < 0 ? address.length : slash;
    const port = address[close + 1] === ':' ? { text: address.slice(close + 2, end), at: close + 2 } : undefined;
    return { port, uri: slash < 0 ? undefined : slash };
  }
  let uri = -1;
  for (let i = 0; i < address.length; i++) {
    if (address[i] === '/' || address[i] === '?') {
      uri = i;
      break;
    }
  }
  if (uri >= 0 && use !== 'pass') return undefined;
  let colon = address.indexOf(':');
  if (uri >= 0 && colon > uri) colon = -1;
  const rest = uri < 0 ? undefined : uri;
  if (colon >= 0) return { port: { text: address.slice(colon + 1, uri < 0 ? address.length : uri), at: colon + 1 }, uri: rest };
  // `listen 8080`: a number alone is the port (a number too large for nginx is read as a host name).
  if (use === 'listen' && uri < 0 && /^\d+$/.test(address) && BigInt(address) <= MAX_INT) return { port: { text: address, at: 0 } };
  return { uri: rest };
}

/** Whether nginx takes a port text: a decimal number from 1 to 65535. */
export function portOk(text: string): boolean {
  return /^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;
}

/**
 * The port nginx refuses with `invalid port in …`, or undefined. A `listen` port range (`8000-8010`)
 * is left alone: recent nginx releases read one there.
 */
export function invalidPort(address: string, use: AddressUse): { text: string; at: number } | undefined {
  const port = addressParts(address, use)?.port;
  if (!port || portOk(port.text)) return undefined;
  if (use === 'listen' && /^\d+-\d+$/.test(port.text)) return undefined;
  return port;
}

/** The schemes a `*_pass` directive of http may begin with (`proxy_pass` must), lower case. */
const PASS_SCHEMES: ReadonlyMap<string, readonly string[]> = new Map([
  ['proxy_pass', ['http://', 'https://']],
  ['grpc_pass', ['grpc://', 'grpcs://']],
  ['uwsgi_pass', ['uwsgi://', 'suwsgi://']],
  ['fastcgi_pass', []],
  ['scgi_pass', []],
  ['memcached_pass', []],
]);

/**
 * The address a `*_pass` directive names (after its scheme), its offset in the argument, and how nginx
 * reads it; undefined when nginx reads it only per request (a variable) or refuses its scheme first.
 * In `stream`, `proxy_pass` takes an address alone.
 */
export function passAddress(name: string, value: string, family: 'http' | 'stream'): { address: string; at: number; use: AddressUse } | undefined {
  if (value.includes('$')) return undefined;
  if (family === 'stream') return name === 'proxy_pass' ? { address: value, at: 0, use: 'server' } : undefined;
  const schemes = PASS_SCHEMES.get(name);
  if (!schemes) return undefined;
  const lower = value.slice(0, 9).toLowerCase();
  const scheme = schemes.find((s) => lower.startsWith(s));
  if (name === 'proxy_pass' && !scheme) return undefined;
  const at = scheme ? scheme.length : 0;
  // Only proxy_pass takes a URI part; the others refuse one (`invalid host`).
  return { address: value.slice(at), at, use: name === 'proxy_pass' ? 'pass' : 'server' };
}
