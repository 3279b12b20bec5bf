// Extracts the compact nginx directive table the core needs (contexts, argument counts, value
// kinds, default, one-line description, doc page) from @nginx/reference-lib, which is generated
// from the official nginx documentation, into src/core/nginx/directives.generated.ts.
// The 1.7 MB reference module is thus needed only when this script runs, never at run time.
// Usage: node scripts/gen-nginx-directives.mjs [--check]   (--check: fail if the file is stale)
import { getDirectives, getVariables, Format } from '@nginx/reference-lib';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { groupInner, items } from './lib/nginxSyntax.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const libMain = require.resolve('@nginx/reference-lib');
const libDir = dirname(dirname(libMain));
const libVersion = JSON.parse(readFileSync(join(libDir, 'package.json'), 'utf8')).version;
const out = join(root, 'src/core/nginx/directives.generated.ts');

// Context bits; keep in sync with src/core/nginx/directives.ts.
const C = {
  main: 1 << 0,
  events: 1 << 1,
  http: 1 << 2,
  hsrv: 1 << 3,
  hloc: 1 << 4,
  hups: 1 << 5,
  hsif: 1 << 6,
  hlif: 1 << 7,
  hlmt: 1 << 8,
  mail: 1 << 9,
  msrv: 1 << 10,
  stream: 1 << 11,
  ssrv: 1 << 12,
  sups: 1 << 13,
  any: 1 << 14,
  acme: 1 << 15,
  oidc: 1 << 16,
  mgmt: 1 << 17,
};

function family(module) {
  if (module.startsWith('ngx_http_')) return 'http';
  if (module.startsWith('ngx_stream_')) return 'stream';
  if (module.startsWith('ngx_mail_')) return 'mail';
  return 'core';
}

function contextMask(module, contexts) {
  const fam = family(module);
  let m = 0;
  for (const c of contexts) {
    switch (c) {
      case 'main': m |= C.main; break;
      case 'events': m |= C.events; break;
      case '': m |= C.any; break;
      case 'http': m |= C.http; break;
      case 'mail': m |= C.mail; break;
      case 'stream': m |= C.stream; break;
      case 'mgmt': m |= C.mgmt; break;
      case 'acme_issuer': m |= C.acme; break;
      case 'oidc_provider': m |= C.oidc; break;
      case 'location': m |= C.hloc; break;
      case 'limit_except': m |= C.hlmt; break;
      case 'if': m |= C.hsif | C.hlif; break;
      case 'if in location': m |= C.hlif; break;
      case 'server':
        if (fam === 'http') m |= C.hsrv;
        else if (fam === 'stream') m |= C.ssrv;
        else if (fam === 'mail') m |= C.msrv;
        else m |= C.hsrv | C.ssrv | C.msrv;
        break;
      case 'upstream':
        m |= fam === 'stream' ? C.sups : C.hups;
        break;
      default:
        throw new Error(`unknown context "${c}" in ${module}`);
    }
  }
  return m;
}

// ---- Syntax strings (markdown) → argument counts and value kinds -------------------------------

const PLURAL = new Set(['parameters']);

/** {min, max, block} of one syntax alternative; max = Infinity for repeating arguments. */
function arity(s) {
  const its = items(s);
  const alts = [[]];
  for (const it of its) {
    if (it === '|') alts.push([]);
    else alts[alts.length - 1].push(it);
  }
  let min = Infinity;
  let max = 0;
  let block = false;
  for (const seq of alts) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < seq.length; i++) {
      const it = seq[i];
      if (it === '`{...}`') {
        block = true;
        continue;
      }
      if (it === '...') {
        hi = Infinity;
        continue;
      }
      const inner = groupInner(it);
      if (inner !== undefined) {
        const a = arity(inner);
        hi += a.max;
        if (/^\*`(\w+)`\*$/.test(inner.trim()) && PLURAL.has(inner.trim().slice(2, -2))) hi = Infinity;
        continue;
      }
      lo++;
      hi++;
    }
    min = Math.min(min, lo);
    max = Math.max(max, hi);
  }
  return { min: min === Infinity ? 0 : min, max, block };
}

const TIME = new Set(['time', 'timeout', 'header_timeout', 'interval']);
const SIZE = new Set(['size', 'rate']);

function kindOf(item) {
  const m = /^\*`(\w+)`\*$/.exec(item);
  if (!m) return undefined;
  if (TIME.has(m[1])) return 't';
  if (SIZE.has(m[1])) return 's';
  return '.';
}

/**
 * Value kinds by position ("t" time, "s" size, "." other) for syntaxes that are plain sequences of
 * placeholders, keywords that may stand instead of a value (`off`), and `name=` parameters whose
 * value is a time or size.
 */
function valueKinds(syntaxes) {
  let kinds;
  let conflict = false;
  const keywords = new Set();
  const params = new Map();
  for (const syn of syntaxes) {
    for (const m of syn.matchAll(/`(\w+)`=\*`(\w+)`\*/g)) {
      // `rate=`*`rate`* (limit_req_zone) counts requests (`10r/s`, `30r/m`), not bytes like `limit_rate`.
      const k = m[1] === 'rate' && m[2] === 'rate' ? 'r' : TIME.has(m[2]) ? 't' : SIZE.has(m[2]) ? 's' : undefined;
      if (k && m[1] !== 'zone' && m[1] !== 'keys_zone') params.set(m[1], k);
    }
    const its = items(syn);
    const alts = [[]];
    for (const it of its) {
      if (it === '|') alts.push([]);
      else alts[alts.length - 1].push(it);
    }
    for (const seq of alts) {
      if (seq.length === 1 && /^`[a-z_]+`$/.test(seq[0])) {
        keywords.add(seq[0].slice(1, -1));
        continue;
      }
      const k = [];
      let simple = true;
      for (const it of seq) {
        const inner = groupInner(it);
        const kk = kindOf(inner !== undefined ? inner.trim() : it);
        if (!kk) {
          simple = false;
          break;
        }
        k.push(kk);
      }
      if (!simple || k.length === 0) {
        conflict = true;
        continue;
      }
      const s = k.join('');
      if (kinds === undefined) kinds = s;
      else if (kinds !== s) conflict = true;
    }
  }
  const positional = !conflict && kinds && /[ts]/.test(kinds) ? kinds : '';
  return {
    kinds: positional,
    keywords: positional ? [...keywords] : [],
    params: [...params].map(([k, v]) => `${k}=${v}`),
  };
}

function isFlag(syntaxes) {
  return syntaxes.length === 1 && syntaxes[0].trim() === '`on` | `off`';
}

/** The first sentence of a markdown description, on one line, without markup, at most 120 characters. */
function oneLine(md) {
  let s = md.split('```')[0].split(/\n\s*\n/)[0].replace(/\s+/g, ' ').trim();
  s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*`([^`]*)`\*/g, '$1').replace(/`([^`]*)`/g, '$1');
  s = s.replace(/^>\s*/, '');
  const dot = s.search(/\.(\s|$)/);
  if (dot >= 0) s = s.slice(0, dot + 1);
  if (s.length > 120) s = `${s.slice(0, 117).replace(/\s+\S*$/, '')}…`;
  return s;
}

function oneLineDefault(d) {
  return d.replace(/\s+/g, ' ').trim();
}

// Argument counts where the documented syntax and nginx's own command table differ. Found with
// scripts/probe-nginx-directives.mjs, which runs `nginx -t` on every count for every directive the
// installed nginx knows and reports each disagreement with this table.
// Where nginx 1.22 rejects a count that a newer release documents (keepalive `local`,
// limit_req_zone `sync`), the documentation is kept.
const OVERRIDES = {
  'http:if': { min: 1, max: Infinity },
  'core:error_log': { max: Infinity },
  'http:access_log': { max: Infinity },
  'stream:access_log': { max: Infinity },
  'http:ssl_protocols': { min: 1, max: Infinity },
  'mail:ssl_protocols': { min: 1, max: Infinity },
  'stream:ssl_protocols': { min: 1, max: Infinity },
  'http:proxy_ssl_protocols': { min: 1, max: Infinity },
  'stream:proxy_ssl_protocols': { min: 1, max: Infinity },
  'http:grpc_ssl_protocols': { min: 1, max: Infinity },
  'http:uwsgi_ssl_protocols': { min: 1, max: Infinity },
  'http:ssl_session_cache': { min: 1 },
  'mail:ssl_session_cache': { min: 1 },
  'stream:ssl_session_cache': { min: 1 },
  'http:ssl_ocsp_cache': { min: 1 },
  'http:stub_status': { max: 1 },
  'http:keepalive_disable': { max: 2 },
  'http:dav_access': { max: 3 },
  'http:proxy_store_access': { max: 3 },
  'http:fastcgi_store_access': { max: 3 },
  'http:scgi_store_access': { max: 3 },
  'http:uwsgi_store_access': { max: 3 },
  'http:userid_flags': { max: 3 },
  'http:proxy_cookie_flags': { max: 4 },
  // `js_import module.js | export_name from module.js`: the second form is three words in one <em>.
  'http:js_import': { max: 3 },
  'stream:js_import': { max: 3 },
  // The syntax ``*`module`*::*`function`*|'sub { ... }'`` is one argument (quoted Perl), not four.
  'http:perl': { min: 1, max: 1 },
  'http:perl_set': { min: 2, max: 2 },
};

// Contexts where nginx 1.22 accepts a directive that the documentation lists in fewer (found by
// running `nginx -t` with each directive in each context).
const CONTEXT_OVERRIDES = {
  'http:fastcgi_split_path_info': ['http', 'server', 'location'],
  'http:secure_link_secret': ['http', 'server', 'location'],
};

// Directives compiled into nginx 1.22 (and its stream and mail modules) that the documentation does
// not describe, with the contexts and argument count nginx accepts (`nginx -t` in every context, with
// 0 to 3 arguments). Configurations in the wild use some of them (post_action, gzip_window).
const UNDOCUMENTED = [
  { name: 'epoll_events', module: 'Core functionality', contexts: ['events'] },
  { name: 'gzip_hash', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'] },
  { name: 'gzip_no_buffer', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'], flag: true },
  { name: 'gzip_window', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'] },
  { name: 'postpone_gzipping', module: 'ngx_http_gzip_module', contexts: ['http', 'server', 'location'] },
  { name: 'http2_pool_size', module: 'ngx_http_v2_module', contexts: ['http', 'server'] },
  { name: 'http2_streams_index_size', module: 'ngx_http_v2_module', contexts: ['http', 'server'] },
  { name: 'open_file_cache_events', module: 'ngx_http_core_module', contexts: ['http', 'server', 'location'], flag: true },
  { name: 'post_action', module: 'ngx_http_core_module', contexts: ['http', 'server', 'location'] },
  { name: 'ssi_ignore_recycled_buffers', module: 'ngx_http_ssi_module', contexts: ['http', 'server', 'location'], flag: true },
  { name: 'uwsgi_string', module: 'ngx_http_uwsgi_module', contexts: ['http', 'server', 'location'] },
  { name: 'proxy_downstream_buffer', module: 'ngx_stream_proxy_module', contexts: ['stream', 'server'] },
  { name: 'proxy_upstream_buffer', module: 'ngx_stream_proxy_module', contexts: ['stream', 'server'] },
  { name: 'proxy', module: 'ngx_mail_proxy_module', contexts: ['mail', 'server'], flag: true },
];

// Resolution of time and size arguments, which the documentation does not give: found with
// `node scripts/probe-nginx-directives.mjs --units` (nginx 1.22 with the stream and mail modules).
// Keys are family:name, with @position for arguments after the first. Unlisted ones stay lenient.
const UNITS = {
  seconds: ["http:keepalive_timeout@1","http:open_file_cache_valid","http:ssl_session_timeout","http:userid_expires","mail:ssl_session_timeout","stream:ssl_session_timeout"],
  msec: ["core:accept_mutex_delay","core:timer_resolution","core:worker_shutdown_timeout","http:auth_delay","http:client_body_timeout","http:client_header_timeout","http:fastcgi_cache_lock_age","http:fastcgi_cache_lock_timeout","http:fastcgi_connect_timeout","http:fastcgi_next_upstream_timeout","http:fastcgi_read_timeout","http:fastcgi_send_timeout","http:grpc_connect_timeout","http:grpc_next_upstream_timeout","http:grpc_read_timeout","http:grpc_send_timeout","http:keepalive_time","http:keepalive_timeout","http:lingering_time","http:lingering_timeout","http:memcached_connect_timeout","http:memcached_next_upstream_timeout","http:memcached_read_timeout","http:memcached_send_timeout","http:proxy_cache_lock_age","http:proxy_cache_lock_timeout","http:proxy_connect_timeout","http:proxy_next_upstream_timeout","http:proxy_read_timeout","http:proxy_send_timeout","http:resolver_timeout","http:scgi_cache_lock_age","http:scgi_cache_lock_timeout","http:scgi_connect_timeout","http:scgi_next_upstream_timeout","http:scgi_read_timeout","http:scgi_send_timeout","http:send_timeout","http:uwsgi_cache_lock_age","http:uwsgi_cache_lock_timeout","http:uwsgi_connect_timeout","http:uwsgi_next_upstream_timeout","http:uwsgi_read_timeout","http:uwsgi_send_timeout","mail:auth_http_timeout","mail:proxy_timeout","mail:resolver_timeout","mail:smtp_greeting_delay","mail:timeout","stream:preread_timeout","stream:proxy_connect_timeout","stream:proxy_next_upstream_timeout","stream:proxy_protocol_timeout","stream:proxy_timeout","stream:resolver_timeout","stream:ssl_handshake_timeout"],
  offsets: ["core:worker_rlimit_core","http:client_max_body_size","http:directio","http:directio_alignment","http:http2_max_field_size","http:http2_max_header_size"],
  sizes: ["http:client_body_buffer_size","http:client_header_buffer_size","http:connection_pool_size","http:fastcgi_buffer_size","http:fastcgi_buffers@1","http:fastcgi_busy_buffers_size","http:fastcgi_limit_rate","http:fastcgi_max_temp_file_size","http:fastcgi_send_lowat","http:fastcgi_temp_file_write_size","http:grpc_buffer_size","http:gunzip_buffers@1","http:gzip_buffers@1","http:http2_body_preread_size","http:http2_chunk_size","http:http2_recv_buffer_size","http:large_client_header_buffers@1","http:limit_rate","http:limit_rate_after","http:memcached_buffer_size","http:mp4_buffer_size","http:mp4_max_buffer_size","http:output_buffers@1","http:postpone_output","http:proxy_buffer_size","http:proxy_buffers@1","http:proxy_busy_buffers_size","http:proxy_limit_rate","http:proxy_max_temp_file_size","http:proxy_send_lowat","http:proxy_temp_file_write_size","http:read_ahead","http:request_pool_size","http:scgi_buffer_size","http:scgi_buffers@1","http:scgi_busy_buffers_size","http:scgi_limit_rate","http:scgi_max_temp_file_size","http:scgi_temp_file_write_size","http:send_lowat","http:sendfile_max_chunk","http:slice","http:ssl_buffer_size","http:subrequest_output_buffer_size","http:uwsgi_buffer_size","http:uwsgi_buffers@1","http:uwsgi_busy_buffers_size","http:uwsgi_limit_rate","http:uwsgi_max_temp_file_size","http:uwsgi_temp_file_write_size","http:zone@1","mail:imap_client_buffer","mail:proxy_buffer","mail:smtp_client_buffer","stream:preread_buffer_size","stream:proxy_buffer_size","stream:proxy_download_rate","stream:proxy_upload_rate","stream:zone@1"],
  numbers: ["http:map_hash_bucket_size","http:map_hash_max_size","http:proxy_headers_hash_bucket_size","http:proxy_headers_hash_max_size","http:referer_hash_bucket_size","http:referer_hash_max_size","http:server_names_hash_bucket_size","http:server_names_hash_max_size","http:types_hash_bucket_size","http:types_hash_max_size","http:variables_hash_bucket_size","http:variables_hash_max_size","stream:map_hash_bucket_size","stream:map_hash_max_size","stream:variables_hash_bucket_size","stream:variables_hash_max_size"],
};

function unitKind(fam, name, pos, k) {
  const key = `${fam}:${name}${pos ? `@${pos}` : ''}`;
  if (k === 't') return UNITS.seconds.includes(key) ? 'T' : UNITS.msec.includes(key) ? 'm' : 't';
  if (k === 's') {
    if (UNITS.offsets.includes(key)) return 'o';
    if (UNITS.numbers.includes(key)) return 'n';
    return UNITS.sizes.includes(key) ? 's' : 'z';
  }
  return k;
}

// ---- Module doc pages --------------------------------------------------------------------------

const src = readFileSync(libMain, 'utf8');
const pages = new Map();
for (const m of src.matchAll(/id: "([^"]+)",\s*name: "([^"]+)"/g)) pages.set(m[2], m[1]);

const directives = getDirectives(Format.Markdown);
const modules = [];
const moduleIndex = new Map();
for (const d of directives) {
  if (moduleIndex.has(d.module)) continue;
  const page = pages.get(d.module);
  if (!page) throw new Error(`no doc page for ${d.module}`);
  moduleIndex.set(d.module, modules.length);
  modules.push([d.module, page.replace(/^\/en\/docs\//, '').replace(/\.html$/, '')]);
}

const rows = [];
const lastDescription = new Map();
for (const d of directives) {
  // A variant documented like the previous one of the same name (http/stream/mail twins) leaves it empty.
  let description = oneLine(d.description);
  if (lastDescription.get(d.name) === description) description = '';
  else lastDescription.set(d.name, description);
  const ar = d.syntax.map(arity);
  const o = OVERRIDES[`${family(d.module)}:${d.name}`];
  const min = o?.min ?? Math.min(...ar.map((a) => a.min));
  // nginx's fixed counts go up to 7 (NGX_CONF_TAKE7); longer syntaxes are "1 or more" in nginx.
  let max = o && 'max' in o ? o.max : Math.max(...ar.map((a) => a.max));
  if (max > 7) max = Infinity;
  // l: the documentation warns the value "cannot usually exceed 75 seconds".
  // v: a `$` in its value is not judged: the documentation says the value can contain variables
  // (`limit_rate`), or the directive is obsolete and nginx does not read its value. Every other
  // time, size or number value is read once, when nginx loads the configuration, and `$uri` there
  // is refused (`scripts/probe-nginx-directives.mjs --variables` checks this against nginx).
  const flags =
    (d.isBlock ? 'b' : '') +
    (isFlag(d.syntax) ? 'f' : '') +
    (/cannot usually exceed 75 seconds/.test(d.description) ? 'l' : '') +
    (/can contain variables|is obsolete since version|was made obsolete/.test(d.description) ? 'v' : '');
  const vk = valueKinds(d.syntax);
  const field = (s) => s.replace(/[|\n]/g, ' ');
  rows.push(
    [
      d.name,
      moduleIndex.get(d.module),
      contextMask(d.module, CONTEXT_OVERRIDES[`${family(d.module)}:${d.name}`] ?? d.contexts).toString(36),
      min,
      max === Infinity ? '' : max,
      flags,
      [...vk.kinds].map((k, i) => unitKind(family(d.module), d.name, i, k)).join(''),
      vk.keywords.join(','),
      vk.params.join(','),
      field(oneLineDefault(d.default)),
      field(description),
    ].join('|'),
  );
}

for (const u of UNDOCUMENTED) {
  if (!moduleIndex.has(u.module)) throw new Error(`no module ${u.module} for ${u.name}`);
  if (directives.some((d) => d.name === u.name && family(d.module) === family(u.module))) throw new Error(`${u.name} is documented now`);
  const description = u.flag ? 'Not in the nginx documentation; nginx 1.22 accepts it (on or off).' : 'Not in the nginx documentation; nginx 1.22 accepts it (one argument).';
  rows.push([u.name, moduleIndex.get(u.module), contextMask(u.module, u.contexts).toString(36), 1, 1, u.flag ? 'f' : '', '', '', '', '', description].join('|'));
}

// ---- Variables ---------------------------------------------------------------------------------

// Built-in variables nginx 1.22 (with its stream and mail modules) has but the reference does not list,
// found by running `nginx -t` with `return "$name"` for every identifier in the nginx binaries.
const UNDOCUMENTED_VARIABLES = {
  http: ['ancient_browser', 'modern_browser', 'msie', 'tcpinfo_rtt', 'tcpinfo_rttvar', 'tcpinfo_snd_cwnd'],
  stream: ['ssl_client_escaped_cert'],
};
const variables = { http: new Set(UNDOCUMENTED_VARIABLES.http), stream: new Set(UNDOCUMENTED_VARIABLES.stream) };
const variablePrefixes = { http: new Set(), stream: new Set() };
// A module named without its family (ngx_otel_module) belongs to the one its directives are set in.
const httpOnly = new Set(directives.filter((d) => family(d.module) === 'core').map((d) => d.module));
for (const d of directives) if (family(d.module) === 'core' && !d.contexts.every((c) => ['http', 'server', 'location'].includes(c))) httpOnly.delete(d.module);
for (const v of getVariables(Format.Markdown)) {
  const fam = httpOnly.has(v.module) ? 'http' : family(v.module);
  if (fam !== 'http' && fam !== 'stream') continue;
  const name = v.name.replace(/^\$/, '');
  // `$arg_NAME`, `$http_NAME`, ...: a family of variables, by prefix.
  if (name.endsWith('_NAME')) variablePrefixes[fam].add(name.slice(0, -4));
  else variables[fam].add(name);
}
const sorted = (set) => [...set].sort();

const body = `// Generated by scripts/gen-nginx-directives.mjs from @nginx/reference-lib ${libVersion}
// (machine-readable nginx documentation). Do not edit; run the script again to update.

/** Version of @nginx/reference-lib this table was extracted from. */
export const REFERENCE_VERSION = ${JSON.stringify(libVersion)};

/** Modules: [name, doc page under https://nginx.org/en/docs/ without ".html"]. */
export const MODULES: readonly (readonly [string, string])[] = ${JSON.stringify(modules)};

/**
 * One directive variant per line:
 * name|module index|context bits (base 36)|min args|max args (empty: no limit)|flags (b block, f on/off,
 * l "cannot usually exceed 75 seconds", v value may contain variables or is not read)|
 * value kinds by position (m time in ms, T time in s, t time either way, s size, o offset, n plain
 * number, z size or offset, . other)|keywords allowed instead of a value|
 * name=kind parameters|default|one-line description (empty: as the previous variant of that name)
 */
export const TABLE = ${JSON.stringify(rows.join('\n'))};

/** Built-in variables (without \`$\`) of the http and stream modules. */
export const VARIABLES: { readonly http: readonly string[]; readonly stream: readonly string[] } = ${JSON.stringify({ http: sorted(variables.http), stream: sorted(variables.stream) })};

/** Families of built-in variables by prefix (\`$arg_\`…, \`$http_\`…). */
export const VARIABLE_PREFIXES: { readonly http: readonly string[]; readonly stream: readonly string[] } = ${JSON.stringify({ http: sorted(variablePrefixes.http), stream: sorted(variablePrefixes.stream) })};
`;

if (process.argv.includes('--check')) {
  const cur = readFileSync(out, 'utf8');
  if (cur !== body) {
    console.error(`${out} is out of date; run node scripts/gen-nginx-directives.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(out, body);
  console.log(`wrote ${out}: ${rows.length} directive variants, ${Buffer.byteLength(body)} bytes`);
}
