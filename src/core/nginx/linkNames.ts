/**
 * Directives the parser keeps as links (NginxConfig.links), named once for everything that reads
 * them: following includes, the upstream model, the zone, listen, certificate, buffer, location and
 * inherited-list rules.
 */

/** `*_buffer_size`, `*_buffers`, ...: checked against each other as nginx merges levels (buffers.ts). */
export const BUFFER_MODULES = ['proxy', 'fastcgi', 'uwsgi', 'scgi'] as const;
export const BUFFER_FIELDS = ['buffer_size', 'buffers', 'busy_buffers_size', 'temp_file_write_size', 'max_temp_file_size'] as const;
export const BUFFER_DIRECTIVES: readonly string[] = BUFFER_MODULES.flatMap((m) => BUFFER_FIELDS.map((f) => `${m}_${f}`));

/** Lists a level inherits only when it sets none itself (inheritance.ts). */
export const LIST_DIRECTIVES = ['add_header', 'proxy_set_header', 'grpc_set_header', 'fastcgi_param', 'uwsgi_param', 'scgi_param'] as const;

/**
 * Directives that change how a list is inherited (`add_header_inherit on | off | merge`, nginx
 * 1.29.3, headers module): inheritance.ts.
 */
export const INHERIT_DIRECTIVES = ['add_header_inherit'] as const;

/** Directives that pass a request on. */
export const PASS_DIRECTIVES = ['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass'] as const;

/** Shared memory zones, declared for the whole configuration. */
export const ZONE_DECLARATIONS = ['proxy_cache_path', 'fastcgi_cache_path', 'scgi_cache_path', 'uwsgi_cache_path', 'limit_req_zone', 'limit_conn_zone'] as const;

/** A server's certificate and key, or its refusal of every handshake (ssl.ts). */
export const SSL_DIRECTIVES = ['ssl_certificate', 'ssl_certificate_key', 'ssl_reject_handshake'] as const;

/** What reading a tree in nginx's order looks at (walkReading in tree.ts; `upstream`: upstreamNames.ts; `location`: locations.ts). */
export const READ_DIRECTIVES: ReadonlySet<string> = new Set([
  'include',
  'listen',
  ...SSL_DIRECTIVES,
  'upstream',
  'location',
  ...PASS_DIRECTIVES,
  ...LIST_DIRECTIVES,
  ...INHERIT_DIRECTIVES,
  ...BUFFER_DIRECTIVES,
]);

/**
 * What the upstream model reads beside the passes above: memcached's pass and the DNS resolvers
 * (addresses), and `map` (the upstream a pass to `http://$variable` may name).
 */
export const MODEL_DIRECTIVES = ['memcached_pass', 'resolver', 'map'] as const;

/** Every link (the directives inside `upstream` blocks are links too). */
export const LINK_DIRECTIVES: ReadonlySet<string> = new Set([...READ_DIRECTIVES, ...ZONE_DECLARATIONS, ...MODEL_DIRECTIVES]);
