import { MODULES, VARIABLE_PREFIXES, VARIABLES } from './directives.generated';
import { Ctx, FREE, isKnown, isLuaDirective, UNKNOWN, type Context } from './directives';
import type { NginxConfig, NginxDirective } from './parser';
import { usesIn, type ConfigCache, type DirectiveUse, type NginxTree } from './tree';

/**
 * Variables of an nginx configuration: the built-in ones (from the reference and what nginx 1.22
 * accepts beyond it) and the ones a configuration declares. nginx declares variables for the whole
 * `http` (or `stream`) block wherever they are written, and refuses to start on a variable that no
 * module and no directive declares (`unknown "x" variable`, with no file or line).
 *
 * Names are compared without case: nginx lowers every name it declares or is asked for
 * (`ngx_strlow` in `ngx_http_add_variable` and `ngx_http_get_variable_index`), so `$HOST` is `$host`,
 * `set $MyVar` declares `$myvar`, and `$HTTP_X_Token` is a `$http_` variable. Names here are kept
 * lowered (`variableKey`).
 */

export type Family = 'http' | 'stream';

const builtins: Record<Family, ReadonlySet<string>> = { http: new Set(VARIABLES.http), stream: new Set(VARIABLES.stream) };

/** Prefixes of variables that modules nginx does not ship declare (GeoIP databases). */
const MODULE_PREFIXES = ['geoip_', 'geoip2_'];

/** The family of a context bit, when it is inside `http` or `stream`. */
export function familyOf(ctx: Context): Family | undefined {
  if (ctx <= 0) return undefined;
  if (ctx & (Ctx.http | Ctx.httpServer | Ctx.location | Ctx.httpUpstream | Ctx.ifInServer | Ctx.ifInLocation | Ctx.limitExcept)) return 'http';
  if (ctx & (Ctx.stream | Ctx.streamServer | Ctx.streamUpstream)) return 'stream';
  return undefined;
}

/** A variable name as nginx compares it: lowered (names are ASCII letters, digits and `_`). */
export function variableKey(name: string): string {
  return /[A-Z]/.test(name) ? name.toLowerCase() : name;
}

/**
 * Whether `name` (lowered) is a built-in variable of the family, or of a family of variables by
 * prefix: nginx takes the prefix alone too (`$http_` passes `nginx -t`, and is empty).
 */
export function isBuiltin(name: string, family: Family): boolean {
  if (builtins[family].has(name)) return true;
  for (const p of VARIABLE_PREFIXES[family]) if (name.startsWith(p)) return true;
  return MODULE_PREFIXES.some((p) => name.startsWith(p));
}

/** Built-in names of a family, for did-you-mean. */
export function builtinNames(family: Family): Iterable<string> {
  return builtins[family];
}

/**
 * Which argument a directive declares a variable with: `set $x`, `map $in $out`, `geo [$in] $out`,
 * `split_clients "…" $out`, `perl_set $x`, `js_set $x`, `auth_request_set $x`, `keyval key $x zone=z`, ...
 */
function declared(d: NginxDirective): string | undefined {
  const a = d.args;
  let arg: string | undefined;
  switch (d.name) {
    case 'set':
    case 'perl_set':
    case 'js_set':
    case 'js_var':
    case 'auth_request_set':
    case 'auth_jwt_claim_set':
    case 'auth_jwt_header_set':
      arg = a[0]?.value;
      break;
    case 'map':
    case 'num_map':
    case 'split_clients':
    case 'keyval':
      // keyval key $variable zone=name
      arg = a[1]?.value;
      break;
    case 'geo':
      arg = a[a.length - 1]?.value;
      break;
  }
  return arg?.startsWith('$') ? variableKey(arg.slice(1)) : undefined;
}

/**
 * The dynamic modules of nginx itself (and njs), whose variables the reference knows: those the
 * documentation describes, by the file name they are built as (`ngx_http_perl_module.so`), and the
 * stream and mail cores. Debian builds ngx_http_xslt_module as `ngx_http_xslt_filter_module.so`.
 */
const SHIPPED_MODULES = new Set([...MODULES.map(([name]) => name), 'ngx_stream_module', 'ngx_mail_module', 'ngx_http_xslt_filter_module']);

function shippedModule(path: string): boolean {
  const m = /(?:^|\/)([A-Za-z0-9_]+)\.so$/.exec(path);
  return m !== null && SHIPPED_MODULES.has(m[1]);
}

/** Named captures of a regular expression: `(?<name>…)`, `(?P<name>…)`, `(?'name'…)`. */
const CAPTURE = /\(\?(?:P?<|')([A-Za-z_][A-Za-z0-9_]*)[>']/g;

export interface Declarations {
  /** Variables the configuration declares, lowered (any family: nginx's families rarely share names). */
  names: Set<string>;
  /**
   * A directive or block nginx does not ship is present (a third-party module may declare variables
   * in ways not known here): variables are then not judged.
   */
  foreign: boolean;
}

const perConfig = new WeakMap<NginxConfig, Map<Context, Declarations>>();

/**
 * What one file declares, read with its top level in `context` (its directive uses when the caller
 * has them already); remembered with the parsed file.
 */
export function fileDeclarations(config: NginxConfig, context: Context, uses?: readonly DirectiveUse[]): Declarations {
  let byContext = perConfig.get(config);
  if (!byContext) perConfig.set(config, (byContext = new Map()));
  const known = byContext.get(context);
  if (known) return known;
  const out: Declarations = { names: new Set(), foreign: false };
  const captures = (text: string) => {
    if (text.includes('(?')) for (const m of text.matchAll(CAPTURE)) out.names.add(variableKey(m[1]));
  };
  const list = uses ?? usesIn(config, context);
  for (let i = 0; i < list.length; i++) {
    const { d, ctx, opaque } = list[i];
    if (ctx === FREE) {
      // An entry of map, geo, split_clients, ...: its key may be a regular expression.
      captures(d.name);
      continue;
    }
    // A third-party directive or block (and whatever sits in it) may declare variables.
    if (opaque || isLuaDirective(d.name) || (ctx !== UNKNOWN && d.name !== '' && !isKnown(d.name))) out.foreign = true;
    if (d.name === 'load_module' && !shippedModule(d.args[0]?.value ?? '')) out.foreign = true;
    const v = declared(d);
    if (v) out.names.add(v);
    // Any argument may be a regular expression (location, if, rewrite, server_name, proxy_redirect,
    // proxy_cookie_domain, ...).
    for (const a of d.args) captures(a.value);
  }
  byContext.set(context, out);
  return out;
}

/** What the files of the trees declare together (a file is read once per context it is read in). */
export function declarationsOf(trees: readonly NginxTree[], cache: ConfigCache, file: string, context: Context, uses: readonly DirectiveUse[]): Declarations {
  const out: Declarations = { names: new Set(), foreign: false };
  for (const tree of trees) {
    for (const [f, inclusion] of tree.files) {
      const config = cache.get(f);
      if (!config) continue;
      const d = fileDeclarations(config, inclusion.context, f === file && inclusion.context === context ? uses : undefined);
      if (d.foreign) out.foreign = true;
      for (const n of d.names) out.names.add(n);
    }
  }
  return out;
}
