import { MODULES, TABLE } from './directives.generated';

/**
 * The nginx directive reference (from @nginx/reference-lib, see scripts/gen-nginx-directives.mjs):
 * where each directive may appear, how many arguments it takes, what kind of value it expects.
 *
 * Contexts are bits, like nginx's own NGX_*_CONF masks: `server` in `http` and `server` in
 * `stream` are different contexts, and `if` in a server differs from `if` in a location.
 */
export const Ctx = {
  main: 1 << 0,
  events: 1 << 1,
  http: 1 << 2,
  httpServer: 1 << 3,
  location: 1 << 4,
  httpUpstream: 1 << 5,
  ifInServer: 1 << 6,
  ifInLocation: 1 << 7,
  limitExcept: 1 << 8,
  mail: 1 << 9,
  mailServer: 1 << 10,
  stream: 1 << 11,
  streamServer: 1 << 12,
  streamUpstream: 1 << 13,
  any: 1 << 14,
  acmeIssuer: 1 << 15,
  oidcProvider: 1 << 16,
  mgmt: 1 << 17,
} as const;

/** The contents of `map`, `types`, `geo`, ... blocks: entries, not directives. */
export const FREE = -1;
/** A block whose context cannot be known (an unknown block directive, a stray included file). */
export const UNKNOWN = 0;

/** A context bit, FREE or UNKNOWN. */
export type Context = number;

/**
 * Kind of a value by argument position: `m` time in ms, `T` time in seconds, `t` time of unknown
 * resolution, `s` size (k, m), `o` offset (k, m, g), `n` plain number, `z` size of unknown kind,
 * `.` anything else.
 */
export type ValueKind = 'm' | 'T' | 't' | 's' | 'o' | 'n' | 'z' | '.';

/** Kind of a `name=value` parameter's value: `t` time, `s` size, `r` request rate (`10r/s`, `30r/m`). */
export type ParamKind = 't' | 's' | 'r';

export interface DirectiveInfo {
  name: string;
  module: string;
  /** Documentation page with the directive's anchor. */
  docUrl: string;
  contexts: number;
  minArgs: number;
  /** Infinity when nginx takes any number (NGX_CONF_1MORE and the like). */
  maxArgs: number;
  block: boolean;
  /** The value must be `on` or `off` (NGX_CONF_FLAG). */
  flag: boolean;
  /** The documentation says the value "cannot usually exceed 75 seconds". */
  limit75: boolean;
  /**
   * A `$` in its value is left alone: the documentation lets the value contain variables
   * (`limit_rate`), or the directive is obsolete. Other time, size and number values are read when
   * nginx loads the configuration, and a variable there is refused.
   */
  variables: boolean;
  kinds: ValueKind[];
  /** Words accepted instead of a value of the kinds above (`off`, `max`, ...). */
  keywords: string[];
  /** `name=value` parameters whose value is a time, size or request rate. */
  params: Map<string, ParamKind>;
  default: string;
  description: string;
}

let byName: Map<string, DirectiveInfo[]> | undefined;

function load(): Map<string, DirectiveInfo[]> {
  if (byName) return byName;
  byName = new Map();
  for (const line of TABLE.split('\n')) {
    const f = line.split('|');
    const [mod, page] = MODULES[Number(f[1])];
    const info: DirectiveInfo = {
      name: f[0],
      module: mod,
      docUrl: `https://nginx.org/en/docs/${page}.html#${f[0]}`,
      contexts: parseInt(f[2], 36),
      minArgs: Number(f[3]),
      maxArgs: f[4] === '' ? Infinity : Number(f[4]),
      block: f[5].includes('b'),
      flag: f[5].includes('f'),
      limit75: f[5].includes('l'),
      variables: f[5].includes('v'),
      kinds: [...f[6]] as ValueKind[],
      keywords: f[7] ? f[7].split(',') : [],
      params: new Map(
        (f[8] ? f[8].split(',') : []).map((p) => {
          const [k, v] = p.split('=');
          return [k, (v === 's' || v === 'r' ? v : 't') as ParamKind];
        }),
      ),
      default: f[9],
      description: f[10],
    };
    const list = byName.get(info.name);
    if (!info.description && list) info.description = list[list.length - 1].description;
    if (list) list.push(info);
    else byName.set(info.name, [info]);
  }
  return byName;
}

/** Every documented variant of a directive name (several modules may define the same name). */
export function variants(name: string): DirectiveInfo[] {
  return load().get(name) ?? [];
}

export function allDirectiveNames(): string[] {
  return [...load().keys()];
}

/** OpenResty's Lua directives: not in the nginx reference, but common and parsed specially. */
export function isLuaDirective(name: string): boolean {
  return /^(\w+_by_lua(_block|_file)?|lua_\w+)$/.test(name);
}

export function isLuaBlock(name: string): boolean {
  return /_by_lua_block$/.test(name);
}

export function isKnown(name: string): boolean {
  return load().has(name) || isLuaDirective(name);
}

/** The variant of `name` allowed in `ctx` (a context bit), if any. */
export function variantIn(name: string, ctx: Context): DirectiveInfo | undefined {
  if (ctx <= 0) return undefined;
  const vs = load().get(name);
  if (vs === undefined) return undefined;
  for (const v of vs) if ((v.contexts & ctx) !== 0 || (v.contexts & Ctx.any) !== 0) return v;
  return undefined;
}

/** Directives allowed in a context, one entry per name (for completion). */
export function directivesIn(ctx: Context): DirectiveInfo[] {
  const out: DirectiveInfo[] = [];
  for (const [name, vs] of load()) {
    const v = vs.find((x) => (x.contexts & ctx) !== 0);
    if (v && name !== 'include') out.push(v);
  }
  const inc = variants('include')[0];
  if (inc && ctx > 0) out.push(inc);
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const FREE_BLOCKS = new Set(['map', 'num_map', 'geo', 'split_clients', 'types', 'charset_map', 'match']);

const IN_MAIN = new Map<string, Context>([
  ['events', Ctx.events],
  ['http', Ctx.http],
  ['stream', Ctx.stream],
  ['mail', Ctx.mail],
  ['mgmt', Ctx.mgmt],
]);

const IN_HTTP = new Map<string, Context>([
  ['server', Ctx.httpServer],
  ['upstream', Ctx.httpUpstream],
  ['acme_issuer', Ctx.acmeIssuer],
  ['oidc_provider', Ctx.oidcProvider],
]);

/** The context of the contents of a block directive `name` found in context `ctx`. */
export function childContext(name: string, ctx: Context): Context {
  if (ctx === FREE) return FREE;
  if (FREE_BLOCKS.has(name) && (ctx === UNKNOWN || variantIn(name, ctx)?.block)) {
    return name === 'match' && ctx !== Ctx.http && ctx !== Ctx.stream ? UNKNOWN : FREE;
  }
  switch (ctx) {
    case Ctx.main:
      return IN_MAIN.get(name) ?? UNKNOWN;
    case Ctx.http:
      return IN_HTTP.get(name) ?? UNKNOWN;
    case Ctx.httpServer:
      return name === 'location' ? Ctx.location : name === 'if' ? Ctx.ifInServer : UNKNOWN;
    case Ctx.location:
      return name === 'location' ? Ctx.location : name === 'if' ? Ctx.ifInLocation : name === 'limit_except' ? Ctx.limitExcept : UNKNOWN;
    case Ctx.stream:
      return name === 'server' ? Ctx.streamServer : name === 'upstream' ? Ctx.streamUpstream : UNKNOWN;
    case Ctx.mail:
      return name === 'server' ? Ctx.mailServer : UNKNOWN;
    case UNKNOWN:
      // A file included from an unknown place: guess the http family for its usual blocks.
      return name === 'server' ? Ctx.httpServer : name === 'upstream' ? Ctx.httpUpstream : name === 'location' ? Ctx.location : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

const CONTEXT_NAMES: [number, string][] = [
  [Ctx.main, 'main'],
  [Ctx.events, 'events'],
  [Ctx.http, 'http'],
  [Ctx.httpServer, 'server'],
  [Ctx.location, 'location'],
  [Ctx.httpUpstream, 'upstream'],
  [Ctx.ifInServer, 'if'],
  [Ctx.ifInLocation, 'if in location'],
  [Ctx.limitExcept, 'limit_except'],
  [Ctx.mail, 'mail'],
  [Ctx.mailServer, 'mail server'],
  [Ctx.stream, 'stream'],
  [Ctx.streamServer, 'stream server'],
  [Ctx.streamUpstream, 'stream upstream'],
  [Ctx.acmeIssuer, 'acme_issuer'],
  [Ctx.oidcProvider, 'oidc_provider'],
  [Ctx.mgmt, 'mgmt'],
];

/** How nginx's documentation names a context ("server", "if in location", ...). */
export function contextName(ctx: Context): string {
  return CONTEXT_NAMES.find(([b]) => b === ctx)?.[1] ?? '?';
}

/** Names of every context in a mask, for messages ("http, server, location"). */
export function contextNames(mask: number): string[] {
  if (mask & Ctx.any) return ['any'];
  const out: string[] = [];
  for (const [b, n] of CONTEXT_NAMES) if (mask & b) out.push(n);
  // "if" covers both if contexts in the documentation.
  if (out.includes('if') && out.includes('if in location')) out.splice(out.indexOf('if in location'), 1);
  return out;
}
