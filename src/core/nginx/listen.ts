/**
 * The `listen` directives of http servers in the order nginx reads them, and the conflicts nginx
 * refuses to start with (`ngx_http_add_addresses` and `ngx_http_add_server` in
 * src/http/ngx_http_core_module.c and ngx_http.c): a second `listen` of one server on the same
 * address, socket options given twice for one address, a second default server for one address;
 * in `stream` (`ngx_stream_core_listen`, nginx 1.22), any second `listen` of one address, port and
 * protocol.
 */
import { parseIp } from '../ip';
import { Ctx } from './directives';
import type { NginxArg, NginxDirective } from './parser';
import { serverOf, type ReadCollector } from './tree';

/** What one `listen` asks for. */
export interface ListenSpec {
  /**
   * The address as nginx prints it: `0.0.0.0:80`, `[::]:443`, `unix:/run/a.sock`; with ` (quic)`
   * after it for a `quic` listen, a UDP socket nginx keeps apart from the TCP one on the same
   * address (since 1.25 it tells ports apart by socket type too).
   */
  address: string;
  /** `default_server` (or its old name `default`). */
  defaultServer?: NginxArg;
  /** Options of the listening socket itself (nginx's `lsopt.set`): `backlog=`, `reuseport`, ... */
  options: NginxArg[];
}

/** One `listen` as read: a file included by two servers is read twice. */
export interface ListenUse {
  file: string;
  d: NginxDirective;
  spec: ListenSpec;
  /** The server block it belongs to, as read (`ReadBlock.key`). */
  server: number;
  /** That server block. */
  serverBlock: NginxDirective;
}

export type ListenConflict =
  /** `stream`: one address and port (and protocol) listened on twice (nginx before 1.25.5 has no virtual stream servers). */
  { kind: 'listen' | 'default' | 'options' | 'stream'; use: ListenUse; first: ListenUse; arg: NginxArg };

/** Options that set up the socket (nginx marks them `set`); `ssl`, `http2`, `proxy_protocol` do not. */
const SOCKET_FLAGS = new Set(['bind', 'deferred', 'reuseport']);
const SOCKET_PARAMS = new Set(['setfib', 'fastopen', 'backlog', 'rcvbuf', 'sndbuf', 'accept_filter', 'ipv6only', 'so_keepalive']);

function validPort(p: string | undefined): number | undefined {
  if (p === undefined) return 80;
  if (!/^\d{1,5}$/.test(p)) return undefined;
  const n = Number(p);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/**
 * The address of a `listen` as nginx prints it, or undefined when it cannot be told without
 * resolving a name (`localhost:80`) or is not valid (another rule's matter).
 */
export function listenAddress(text: string): string | undefined {
  if (text.includes('$')) return undefined;
  if (text.startsWith('unix:')) return text.length > 5 ? text : undefined;
  if (text.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::([^:]*))?$/.exec(text);
    const ip = m ? parseIp(m[1]) : undefined;
    const port = m ? validPort(m[2]) : undefined;
    return ip?.version === 6 && port !== undefined ? `[${ip.text}]:${port}` : undefined;
  }
  if (/^\d+$/.test(text)) {
    const port = validPort(text);
    return port === undefined ? undefined : `0.0.0.0:${port}`;
  }
  const colon = text.lastIndexOf(':');
  const host = colon < 0 ? text : text.slice(0, colon);
  const port = validPort(colon < 0 ? undefined : text.slice(colon + 1));
  if (port === undefined) return undefined;
  if (host === '*') return `0.0.0.0:${port}`;
  const ip = parseIp(host);
  return ip?.version === 4 ? `${ip.text}:${port}` : undefined;
}

/**
 * The parameters `listen` takes after the address (`ngx_http_core_listen`, `ngx_stream_core_listen`;
 * the nginx documentation), compared as nginx does, with case: words, and the beginnings of
 * `name=value` parameters (a bad value after a known beginning gets another message from nginx).
 * `default` is the old name of `default_server`; `quic` and `multipath` are recent (1.25.0, 1.29.x).
 */
const LISTEN_WORDS: Record<'http' | 'stream', ReadonlySet<string>> = {
  http: new Set(['default_server', 'default', 'bind', 'deferred', 'reuseport', 'ssl', 'http2', 'quic', 'proxy_protocol', 'multipath']),
  stream: new Set(['default_server', 'default', 'bind', 'deferred', 'reuseport', 'ssl', 'udp', 'proxy_protocol', 'multipath']),
};
const LISTEN_PREFIXES = ['setfib=', 'fastopen=', 'backlog=', 'rcvbuf=', 'sndbuf=', 'accept_filter=', 'ipv6only=o', 'so_keepalive='];

/** Whether nginx knows a parameter of `listen` in a server of `family`. */
export function knownListenParam(value: string, family: 'http' | 'stream'): boolean {
  return LISTEN_WORDS[family].has(value) || LISTEN_PREFIXES.some((p) => value.startsWith(p));
}

/** A parameter nginx knows, written in another case (`SSL`), or undefined. */
export function listenParamInCase(value: string, family: 'http' | 'stream'): string | undefined {
  const lower = value.toLowerCase();
  if (lower === value) return undefined;
  return LISTEN_WORDS[family].has(lower) || LISTEN_PREFIXES.some((p) => lower.startsWith(p)) ? lower : undefined;
}

/**
 * What a stream `listen … udp` cannot have (`ngx_stream_core_listen`, nginx 1.22 and later), in the
 * order nginx checks them; each is a word or the beginning of a `name=value` parameter.
 */
const NOT_WITH_UDP: readonly [string, string][] = [
  ['backlog', 'backlog='],
  ['ssl', 'ssl'],
  ['so_keepalive', 'so_keepalive='],
  ['proxy_protocol', 'proxy_protocol'],
  ['fastopen', 'fastopen='],
];

/**
 * The parameter of a stream `listen … udp` nginx refuses beside `udp`, with its name as nginx prints
 * it (`"ssl" parameter is incompatible with "udp"`); undefined for a TCP listen, or when nginx stops
 * at a parameter it does not know first.
 */
export function udpIncompatible(d: NginxDirective): { name: string; arg: NginxArg } | undefined {
  const params = d.args.slice(1);
  if (!params.some((a) => a.value === 'udp') || !params.every((a) => knownListenParam(a.value, 'stream'))) return undefined;
  for (const [name, written] of NOT_WITH_UDP) {
    const arg = params.find((a) => (written.endsWith('=') ? a.value.startsWith(written) : a.value === written));
    if (arg) return { name, arg };
  }
  return undefined;
}

const NO_OPTIONS: NginxArg[] = [];

export function parseListen(d: NginxDirective): ListenSpec | undefined {
  if (d.args.length === 0) return undefined;
  const address = listenAddress(d.args[0].value);
  if (!address) return undefined;
  const spec: ListenSpec = { address, options: NO_OPTIONS };
  for (let i = 1; i < d.args.length; i++) {
    const a = d.args[i];
    const v = a.value;
    if (v === 'quic') spec.address = `${address} (quic)`;
    else if (v === 'default_server' || v === 'default') spec.defaultServer ??= a;
    else if (SOCKET_FLAGS.has(v) || SOCKET_PARAMS.has(v.slice(0, v.indexOf('=')))) {
      if (spec.options === NO_OPTIONS) spec.options = [];
      spec.options.push(a);
    }
  }
  return spec;
}

/**
 * Whether a stream server names itself (`server_name`, nginx 1.25.5+): servers that do may share an
 * address, told apart by the name a client asks for.
 */
function namesServer(server: NginxDirective): boolean {
  return server.block?.some((n) => n.kind === 'directive' && n.name === 'server_name') ?? false;
}

/**
 * Gathers the `listen` directives nginx refuses while a tree is read, each with the earlier one it
 * clashes with, in nginx's order of checks: the same server on the same address twice, socket
 * options for an address that has them already, a second default server.
 */
export function listenCollector(): ReadCollector<ListenConflict[]> {
  const out: ListenConflict[] = [];
  const byAddress = new Map<string, { servers: Map<number, ListenUse>; options?: ListenUse; default?: ListenUse }>();
  const judge = (use: ListenUse) => {
    const { address, options, defaultServer } = use.spec;
    const seen = byAddress.get(address);
    if (!seen) {
      byAddress.set(address, { servers: new Map([[use.server, use]]), options: options.length > 0 ? use : undefined, default: defaultServer ? use : undefined });
      return;
    }
    const same = seen.servers.get(use.server);
    if (same) {
      out.push({ kind: 'listen', use, first: same, arg: use.d.args[0] });
      return;
    }
    seen.servers.set(use.server, use);
    if (options.length > 0) {
      if (seen.options) {
        out.push({ kind: 'options', use, first: seen.options, arg: options[0] });
        return;
      }
      seen.options = use;
    }
    if (defaultServer) {
      if (seen.default) {
        out.push({ kind: 'default', use, first: seen.default, arg: defaultServer });
        return;
      }
      seen.default = use;
    }
  };
  const stream = new Map<string, ListenUse>();
  return {
    visit(file, d, ctx, block) {
      if (d.name !== 'listen' || (ctx !== Ctx.httpServer && ctx !== Ctx.streamServer)) return;
      const server = serverOf(block);
      if (!server) return;
      const spec = parseListen(d);
      if (!spec) return;
      const use = { file, d, spec, server: server.key, serverBlock: server.d };
      if (ctx === Ctx.httpServer) {
        judge(use);
        return;
      }
      // A UDP socket is apart from the TCP one on the same address.
      const key = d.args.some((a) => a.value === 'udp') ? `${spec.address} (udp)` : spec.address;
      const first = stream.get(key);
      if (!first) stream.set(key, use);
      else if (!namesServer(first.serverBlock) && !namesServer(server.d)) out.push({ kind: 'stream', use, first, arg: d.args[0] });
    },
    done: () => out,
  };
}
