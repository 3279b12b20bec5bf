/**
 * Servers nginx refuses because a `listen … ssl` has no certificate to offer (`ngx_http_ssl_init` in
 * src/http/modules/ngx_http_ssl_module.c): for every address and port some http `listen` marks `ssl`,
 * its default server (the one with `default_server`, else the first to listen there) must have an
 * `ssl_certificate`, its own or its `http` block's, or refuse every handshake (`ssl_reject_handshake
 * on`). A default server with a certificate covers the others (they fall back to it); one that
 * refuses handshakes does not, and then every other server there needs a certificate or refuses too.
 */
import { Ctx } from './directives';
import { parseListen } from './listen';
import type { NginxDirective } from './parser';
import type { ReadBlock, ReadCollector } from './tree';

export interface MissingCertificate {
  /** The `server` block nginx names, and its file. */
  server: NginxDirective;
  file: string;
  /** The address and port, as nginx prints it (`0.0.0.0:443`). */
  address: string;
  /** A `listen … ssl` on that address, and its file. */
  listen: NginxDirective;
  listenFile: string;
}

/** What a level (`http` or `server` block, as read) sets. */
interface Level {
  certificate: boolean;
  /** `ssl_reject_handshake on` / `off`, when written. */
  reject?: boolean;
}

interface AddressUse {
  server: ReadBlock;
  listen: NginxDirective;
  file: string;
}

export function sslCollector(): ReadCollector<MissingCertificate[]> {
  const levels = new Map<number, Level>();
  const level = (b: ReadBlock): Level => {
    let l = levels.get(b.key);
    if (!l) levels.set(b.key, (l = { certificate: false }));
    return l;
  };
  const addresses = new Map<string, { servers: Map<number, AddressUse>; default?: AddressUse; ssl?: AddressUse }>();
  return {
    visit(file, d, ctx, block) {
      if (!block) return;
      if (d.name === 'listen') {
        if (ctx !== Ctx.httpServer) return;
        let server: ReadBlock | undefined = block;
        while (server && server.d.name !== 'server') server = server.parent;
        const spec = server && parseListen(d);
        // A quic socket is UDP: TLS there is QUIC's, checked otherwise.
        if (!server || !spec || spec.address.endsWith(' (quic)')) return;
        const use = { server, listen: d, file };
        let a = addresses.get(spec.address);
        if (!a) addresses.set(spec.address, (a = { servers: new Map() }));
        if (!a.servers.has(server.key)) a.servers.set(server.key, use);
        if (spec.defaultServer) a.default ??= use;
        if (d.args.some((x) => x.value === 'ssl')) a.ssl ??= use;
        return;
      }
      if ((ctx !== Ctx.http && ctx !== Ctx.httpServer) || (block.d.name !== 'http' && block.d.name !== 'server')) return;
      if (d.name === 'ssl_certificate') level(block).certificate = true;
      else if (d.name === 'ssl_reject_handshake' && d.args.length === 1) level(block).reject = d.args[0].value === 'on';
    },
    done() {
      /** A server's certificate and refusal, its own or its `http` block's (as nginx merges them). */
      const settings = (server: ReadBlock): { certificate: boolean; reject: boolean } => {
        const own = levels.get(server.key);
        let http = server.parent;
        while (http && http.d.name !== 'http') http = http.parent;
        const outer = http ? levels.get(http.key) : undefined;
        return { certificate: !!(own?.certificate || outer?.certificate), reject: own?.reject ?? outer?.reject ?? false };
      };
      const out: MissingCertificate[] = [];
      for (const [address, a] of addresses) {
        if (!a.ssl) continue;
        const ssl = a.ssl;
        const missing = (server: ReadBlock) => out.push({ server: server.d, file: server.file, address, listen: ssl.listen, listenFile: ssl.file });
        const first = (a.default ?? a.servers.values().next().value!).server;
        const def = settings(first);
        if (def.certificate) continue;
        if (!def.reject) {
          missing(first);
          continue;
        }
        for (const use of a.servers.values()) {
          if (use.server === first) continue;
          const s = settings(use.server);
          if (!s.certificate && !s.reject) missing(use.server);
        }
      }
      return out;
    },
  };
}
