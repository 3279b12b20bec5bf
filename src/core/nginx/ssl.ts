/**
 * Servers nginx refuses because a `listen … ssl` has no certificate to offer.
 *
 * http (`ngx_http_ssl_init` in src/http/modules/ngx_http_ssl_module.c): for every address and port
 * some `listen` marks `ssl`, its default server (the one with `default_server`, else the first to
 * listen there) must have an `ssl_certificate`, its own or its `http` block's, or refuse every
 * handshake (`ssl_reject_handshake on`). A default server with a certificate covers the others (they
 * fall back to it); one that refuses handshakes does not, and then every other server there needs a
 * certificate or refuses too.
 *
 * Every certificate needs its key (`ngx_http_ssl_merge_srv_conf`): a server, `listen … ssl` or not,
 * whose `ssl_certificate` lines (its own, else its `http` block's) outnumber its `ssl_certificate_key`
 * lines (likewise) is refused, naming the last certificate and no place, once nginx has read the
 * whole `http` block. Servers are seen here by their `listen` and ssl directives.
 *
 * stream (nginx 1.22, `ngx_stream_ssl_merge_conf`): each server with a `listen … ssl` needs an
 * `ssl_certificate` and an `ssl_certificate_key` for each, its own or its `stream` block's, and nginx
 * names the server's last `listen … ssl`. Servers share an address only from nginx 1.25.5 on (stream
 * virtual servers, told apart by `server_name`), which judges them as http does and takes
 * `ssl_reject_handshake`: both are followed here.
 */
import { Ctx } from './directives';
import { SSL_DIRECTIVES } from './linkNames';
import { parseListen } from './listen';
import type { NginxDirective } from './parser';
import { serverOf, type ReadBlock, type ReadCollector } from './tree';

export interface MissingCertificate {
  family: 'http' | 'stream';
  /** What nginx finds missing: the certificate, or the key of a certificate. */
  missing: 'certificate' | 'key';
  /** The `server` block, and its file. */
  server: NginxDirective;
  file: string;
  /**
   * The address and port, as nginx prints it (`0.0.0.0:443`); empty for an http certificate with no
   * key, which nginx refuses whatever the server listens on.
   */
  address: string;
  /**
   * A `listen … ssl` on that address (http), or the one nginx names (stream: the server's last), and
   * its file; undefined for an http certificate with no key.
   */
  listen?: NginxDirective;
  listenFile?: string;
  /** The certificate nginx names as having no key (the last one), and its file (`missing: 'key'`). */
  certificate?: { d: NginxDirective; file: string };
  /** How many certificates and keys the server has (`missing: 'key'`): fewer keys, maybe none. */
  certificates?: number;
  keys?: number;
}

interface Written {
  d: NginxDirective;
  file: string;
}

/** What a level (`http`, `stream` or `server` block, as read) sets. */
interface Level {
  certificates: Written[];
  keys: number;
  /** `ssl_reject_handshake on` / `off`, when written. */
  reject?: boolean;
}

interface AddressUse {
  server: ReadBlock;
  listen: NginxDirective;
  file: string;
}

interface Address {
  servers: Map<number, AddressUse>;
  default?: AddressUse;
  ssl?: AddressUse;
}

/** The ssl directives the collector reads besides `listen`. */
export const SSL_NAMES: ReadonlySet<string> = new Set(SSL_DIRECTIVES);

export function sslCollector(): ReadCollector<MissingCertificate[]> {
  const levels = new Map<number, Level>();
  const level = (b: ReadBlock): Level => {
    let l = levels.get(b.key);
    if (!l) levels.set(b.key, (l = { certificates: [], keys: 0 }));
    return l;
  };
  const addresses = { http: new Map<string, Address>(), stream: new Map<string, Address>() };
  /** Each stream server's last `listen … ssl`, by server. */
  const lastSsl = new Map<number, AddressUse>();
  /** The http servers seen, in reading order. */
  const httpServers = new Map<number, ReadBlock>();
  return {
    visit(file, d, ctx, block) {
      if (!block) return;
      const server = ctx === Ctx.httpServer || ctx === Ctx.streamServer ? serverOf(block) : undefined;
      if (ctx === Ctx.httpServer && server && !httpServers.has(server.key)) httpServers.set(server.key, server);
      if (d.name === 'listen') {
        const family = ctx === Ctx.httpServer ? 'http' : ctx === Ctx.streamServer ? 'stream' : undefined;
        if (!family) return;
        const spec = server && parseListen(d);
        // A quic socket is UDP: TLS there is QUIC's, checked otherwise; so is a stream udp one.
        if (!server || !spec || spec.address.endsWith(' (quic)') || (family === 'stream' && d.args.some((x) => x.value === 'udp'))) return;
        const use = { server, listen: d, file };
        const byAddress = addresses[family];
        let a = byAddress.get(spec.address);
        if (!a) byAddress.set(spec.address, (a = { servers: new Map() }));
        if (!a.servers.has(server.key)) a.servers.set(server.key, use);
        if (spec.defaultServer) a.default ??= use;
        if (d.args.some((x) => x.value === 'ssl')) {
          a.ssl ??= use;
          if (family === 'stream') lastSsl.set(server.key, use);
        }
        return;
      }
      if (ctx !== Ctx.http && ctx !== Ctx.httpServer && ctx !== Ctx.stream && ctx !== Ctx.streamServer) return;
      if (block.d.name !== 'http' && block.d.name !== 'stream' && block.d.name !== 'server') return;
      if (d.name === 'ssl_certificate') level(block).certificates.push({ d, file });
      else if (d.name === 'ssl_certificate_key') level(block).keys++;
      else if (d.name === 'ssl_reject_handshake' && d.args.length === 1) level(block).reject = d.args[0].value === 'on';
    },
    done() {
      /**
       * A server's certificates, keys and refusal, its own or its `http` / `stream` block's (as nginx
       * merges them: each list whole, from the server when it writes one).
       */
      const settings = (server: ReadBlock) => {
        const own = levels.get(server.key);
        let outer = server.parent;
        while (outer && outer.d.name !== 'http' && outer.d.name !== 'stream') outer = outer.parent;
        const up = outer ? levels.get(outer.key) : undefined;
        const certificates = own?.certificates.length ? own.certificates : (up?.certificates ?? []);
        return {
          certificate: certificates[0] as Written | undefined,
          last: certificates[certificates.length - 1] as Written | undefined,
          count: certificates.length,
          keys: own?.keys || up?.keys || 0,
          reject: own?.reject ?? up?.reject ?? false,
        };
      };
      const out: MissingCertificate[] = [];
      const named = new Set<number>();
      for (const family of ['http', 'stream'] as const) {
        for (const [address, a] of addresses[family]) {
          if (!a.ssl) continue;
          const ssl = a.ssl;
          const missing = (use: AddressUse) => {
            if (family === 'http') {
              out.push({ family, missing: 'certificate', server: use.server.d, file: use.server.file, address, listen: ssl.listen, listenFile: ssl.file });
              return;
            }
            if (named.has(use.server.key)) return;
            named.add(use.server.key);
            // nginx 1.22 names the server's last `listen … ssl` (a server of a shared address may have none).
            const at = lastSsl.get(use.server.key) ?? use;
            out.push({ family, missing: 'certificate', server: use.server.d, file: use.server.file, address, listen: at.listen, listenFile: at.file });
          };
          const first = a.default ?? a.servers.values().next().value!;
          const def = settings(first.server);
          if (def.certificate) continue;
          if (!def.reject) {
            missing(first);
            continue;
          }
          for (const use of a.servers.values()) {
            if (use.server === first.server) continue;
            const s = settings(use.server);
            if (!s.certificate && !s.reject) missing(use);
          }
        }
      }
      // A stream certificate without its key, in the server nginx merges.
      for (const [key, use] of lastSsl) {
        if (named.has(key)) continue;
        const s = settings(use.server);
        if (s.last && s.keys < s.count) {
          out.push({ family: 'stream', missing: 'key', server: use.server.d, file: use.server.file, address: parseListen(use.listen)!.address, listen: use.listen, listenFile: use.file, certificate: s.last, certificates: s.count, keys: s.keys });
        }
      }
      // An http certificate without its key, whatever the server listens on: once per certificate.
      const unpaired = new Set<NginxDirective>();
      for (const server of httpServers.values()) {
        const s = settings(server);
        if (!s.last || s.keys >= s.count || unpaired.has(s.last.d)) continue;
        unpaired.add(s.last.d);
        out.push({ family: 'http', missing: 'key', server: server.d, file: server.file, address: '', certificate: s.last, certificates: s.count, keys: s.keys });
      }
      return out;
    },
  };
}
