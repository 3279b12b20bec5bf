import type { AnalyzerContext } from '../analyzer';
import { splitHostPort } from '../ip';
import type { Range } from '../types';
import { Ctx, UNKNOWN, type Context } from './directives';
import type { NginxArg, NginxConfig, NginxDirective } from './parser';
import { buildForest, ConfigCache, walkWithContext, type Inclusion, type NginxTree } from './tree';

/**
 * What the nginx rules read across a configuration tree: upstream groups with their servers, and
 * every `proxy_pass` with the backend it names.
 */

/** A backend address written in a token: `host[:port]` with positions of each part. */
export interface AddressRef {
  file: string;
  arg: NginxArg;
  host: string;
  hostRange: Range;
  port?: number;
  portText?: string;
  portRange?: Range;
  /** Range covering `host[:port]`. */
  range: Range;
  /** The port nginx uses: the written one, else 80 (443 for https). */
  effectivePort: number;
}

export interface UpstreamServer {
  file: string;
  directive: NginxDirective;
  /** Undefined for `unix:` sockets. */
  address?: AddressRef;
  /** `name=value` parameters. */
  params: Map<string, { value: string; arg: NginxArg }>;
  /** Bare parameters (`backup`, `down`, `resolve`, ...). */
  flags: Map<string, NginxArg>;
}

export interface Upstream {
  name: string;
  file: string;
  directive: NginxDirective;
  family: 'http' | 'stream';
  servers: UpstreamServer[];
  /** The balancing method (`hash`, `ip_hash`, `random`, `least_conn`, ...), if set. */
  method?: string;
}

export interface ProxyPass {
  file: string;
  directive: NginxDirective;
  arg: NginxArg;
  family: 'http' | 'stream';
  /** `http`, `https`, `grpc`, `grpcs`; undefined in stream. */
  scheme?: string;
  /** Range of `http://` (scheme and separator). */
  schemeRange?: Range;
  /** The host part (an upstream name or an address); undefined for variables and sockets. */
  target?: AddressRef;
  /** The upstream block it names, if any. */
  upstream?: Upstream;
}

export interface TreeModel {
  tree: NginxTree;
  upstreams: Map<string, Upstream[]>;
  proxyPasses: ProxyPass[];
}

/** Maps a character offset inside a token's value to an offset in the file, when possible. */
function valueOffset(arg: NginxArg): number | undefined {
  const inner = arg.quote ? arg.raw.slice(1, arg.unterminated ? undefined : -1) : arg.raw;
  return inner === arg.value ? arg.start + (arg.quote ? 1 : 0) : undefined;
}

/** Parses `host[:port]` found at `from` in the token's value. */
export function addressIn(config: NginxConfig, arg: NginxArg, from: number, text: string, defaultPort: number): AddressRef | undefined {
  if (text === '' || text.startsWith('unix:') || text.includes('$')) return undefined;
  const hp = splitHostPort(text);
  if (hp.host === '') return undefined;
  const base = valueOffset(arg);
  const whole = config.lines.rangeOf(arg.start, arg.end);
  let hostRange = whole;
  let range = whole;
  let portRange: Range | undefined;
  if (base !== undefined) {
    const hs = base + from + hp.hostStart;
    hostRange = config.lines.rangeOf(hs, hs + hp.host.length);
    range = config.lines.rangeOf(base + from, base + from + text.length);
    if (hp.portText !== undefined) {
      const ps = base + from + text.length - hp.portText.length;
      portRange = config.lines.rangeOf(ps, ps + hp.portText.length);
    }
  }
  return {
    file: config.file,
    arg,
    host: hp.host,
    hostRange,
    port: hp.port,
    portText: hp.portText,
    portRange,
    range,
    effectivePort: hp.port ?? defaultPort,
  };
}

/** Splits a proxy_pass URL (`http://host:port/uri`) into scheme, host part and its offset. */
export function splitUrl(value: string): { scheme?: string; hostPart: string; hostFrom: number } {
  const m = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  if (!m) return { hostPart: value, hostFrom: 0 };
  const rest = value.slice(m[0].length);
  let end = rest.length;
  if (!rest.startsWith('[')) {
    const slash = rest.indexOf('/');
    if (slash >= 0) end = slash;
  } else {
    const close = rest.indexOf(']');
    const slash = rest.indexOf('/', close);
    if (slash >= 0) end = slash;
  }
  return { scheme: m[1].toLowerCase(), hostPart: rest.slice(0, end), hostFrom: m[0].length };
}

const PASS_DIRECTIVES = new Set(['proxy_pass', 'grpc_pass']);
const BALANCERS = new Set(['hash', 'ip_hash', 'random', 'least_conn', 'least_time', 'ntlm', 'sticky']);

function familyOf(ctx: Context, parents: NginxDirective[]): 'http' | 'stream' {
  if (ctx === Ctx.streamServer || ctx === Ctx.streamUpstream || ctx === Ctx.stream) return 'stream';
  if (ctx === UNKNOWN && parents.some((p) => p.name === 'stream')) return 'stream';
  return 'http';
}

/** Collects upstreams and proxy_pass targets of every file of a tree. */
export function modelOf(tree: NginxTree, cache: ConfigCache): TreeModel {
  const upstreams = new Map<string, Upstream[]>();
  const passes: ProxyPass[] = [];
  for (const [file, inc] of tree.files) {
    const config = cache.get(file);
    if (!config) continue;
    let current: Upstream | undefined;
    walkWithContext(config.nodes, inc.context, (d, ctx, parents, opaque) => {
      if (opaque) return;
      if (d.name === 'upstream' && d.block && d.args.length >= 1) {
        const family = ctx === Ctx.stream ? 'stream' : 'http';
        current = { name: d.args[0].value, file, directive: d, family, servers: [] };
        const list = upstreams.get(current.name) ?? [];
        list.push(current);
        upstreams.set(current.name, list);
        return;
      }
      const parent = parents[parents.length - 1];
      if (current && parent === current.directive) {
        if (d.name === 'server' && d.args.length >= 1) {
          const params = new Map<string, { value: string; arg: NginxArg }>();
          const flags = new Map<string, NginxArg>();
          for (const a of d.args.slice(1)) {
            const eq = a.value.indexOf('=');
            if (eq > 0) params.set(a.value.slice(0, eq), { value: a.value.slice(eq + 1), arg: a });
            else flags.set(a.value, a);
          }
          const defaultPort = current.family === 'http' ? 80 : 0;
          current.servers.push({ file, directive: d, address: addressIn(config, d.args[0], 0, d.args[0].value, defaultPort), params, flags });
        } else if (BALANCERS.has(d.name)) {
          current.method = d.name;
        }
        return;
      }
      if (PASS_DIRECTIVES.has(d.name) && d.args.length >= 1) {
        const arg = d.args[0];
        const family = d.name === 'grpc_pass' ? 'http' : familyOf(ctx, parents);
        const url = splitUrl(arg.value);
        const scheme = url.scheme ?? (d.name === 'grpc_pass' ? 'grpc' : undefined);
        const defaultPort = scheme === 'https' || scheme === 'grpcs' ? 443 : 80;
        const target = addressIn(config, arg, url.hostFrom, url.hostPart, defaultPort);
        const base = valueOffset(arg);
        passes.push({
          file,
          directive: d,
          arg,
          family,
          scheme,
          schemeRange: url.scheme && base !== undefined ? config.lines.rangeOf(base, base + url.hostFrom) : undefined,
          target,
        });
      }
    });
  }
  for (const p of passes) {
    if (!p.target || p.target.port !== undefined) continue;
    const u = upstreams.get(p.target.host)?.find((x) => x.family === p.family);
    if (u) p.upstream = u;
  }
  return { tree, upstreams, proxyPasses: passes };
}

const models = new WeakMap<NginxTree, TreeModel>();

/** The whole workspace's nginx configuration for one analysis, cached per context. */
export class NginxWorkspace {
  readonly cache: ConfigCache;
  readonly models: TreeModel[];
  private readonly byFile = new Map<string, { model: TreeModel; inclusion: Inclusion }[]>();

  constructor(ctx: AnalyzerContext, overrides: ReadonlyMap<string, string> = new Map()) {
    this.cache = new ConfigCache(ctx, overrides);
    this.models = buildForest(this.cache).map((t) => {
      // A tree reused from an earlier analysis keeps its model (same configs, same topology).
      let m = models.get(t);
      if (!m) {
        m = modelOf(t, this.cache);
        models.set(t, m);
      }
      return m;
    });
    for (const model of this.models) {
      for (const [file, inclusion] of model.tree.files) {
        const list = this.byFile.get(file) ?? [];
        list.push({ model, inclusion });
        this.byFile.set(file, list);
      }
    }
  }

  /** Every file of every tree, sorted. */
  files(): string[] {
    return [...this.byFile.keys()].sort();
  }

  /** The trees that read `file`, with how they reach it (first: the one that decides its context). */
  placesOf(file: string): { model: TreeModel; inclusion: Inclusion }[] {
    return this.byFile.get(file) ?? [];
  }
}

const cacheByCtx = new WeakMap<AnalyzerContext, NginxWorkspace>();

/**
 * The nginx view of the workspace for `ctx`. When `text` differs from what the workspace holds for
 * `file` (an unsaved editor buffer), a view with that text is built instead of the cached one.
 */
export function nginxWorkspace(ctx: AnalyzerContext, file?: string, text?: string): NginxWorkspace {
  if (file !== undefined && text !== undefined && ctx.ws.read(file) !== text) {
    return new NginxWorkspace(ctx, new Map([[file, text]]));
  }
  let w = cacheByCtx.get(ctx);
  if (!w) {
    w = new NginxWorkspace(ctx);
    cacheByCtx.set(ctx, w);
  }
  return w;
}
