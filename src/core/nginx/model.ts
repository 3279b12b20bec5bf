import type { AnalyzerContext, Vantage } from '../analyzer';
import { splitHostPort } from '../ip';
import type { LineIndex } from '../text';
import type { Range } from '../types';
import { Ctx, UNKNOWN, type Context } from './directives';
import type { NginxArg, NginxConfig, NginxDirective, NginxNode } from './parser';
import { buildForest, ConfigCache, forestFiles, forestIndexOf, forestShape, includedFiles, treeVantage, walkLinks, type Inclusion, type NginxTree } from './tree';

/**
 * What the nginx rules read across a configuration tree: upstream groups with their servers, every
 * `proxy_pass` (and the other passes: grpc, FastCGI, uwsgi, SCGI, memcached) with the backend it
 * names, and the DNS servers of `resolver`.
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
  /** The port nginx uses: the written one, else 80 (443 for https); 0 where nginx needs one written. */
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
  /**
   * `http`, `https`, `grpc`, `grpcs`, `uwsgi`, `suwsgi` (grpc_pass and uwsgi_pass without one speak
   * the first); undefined in stream and for FastCGI, SCGI and memcached, which take none.
   */
  scheme?: string;
  /** Range of `http://` (scheme and separator). */
  schemeRange?: Range;
  /** The host part (an upstream name or an address); undefined for variables and sockets. */
  target?: AddressRef;
  /** The upstream block it names, if any. */
  upstream?: Upstream;
  /**
   * The upstream blocks it may name through a variable (`http://$pool`): those named by the values
   * the variable takes (see variableUpstreams). Undefined when the host part is no variable.
   */
  variableUpstreams?: Upstream[];
  /**
   * A stream `proxy_pass` in a server that ends the client's TLS (`listen … ssl`) and forwards what
   * it decrypted unencrypted (`proxy_ssl` not on, in the server or in `stream`). False when either
   * block includes a file, which may turn `proxy_ssl` on, or is not in the pass's file.
   */
  decryptedInClear?: boolean;
}

export interface TreeModel {
  tree: NginxTree;
  /** Upstream blocks by name as nginx compares them (see upstreamKey). */
  upstreams: Map<string, Upstream[]>;
  /** Every pass: `proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass`, `memcached_pass`. */
  proxyPasses: ProxyPass[];
  /** The addresses of the DNS servers `resolver` names (port 53 unless written). */
  resolvers: AddressRef[];
}

/**
 * The key an upstream name is looked up by: nginx compares upstream names without regard to ASCII
 * case (`ngx_strncasecmp` in `ngx_http_upstream_add`), so `proxy_pass http://U` uses `upstream u`
 * and a second `upstream U` is a duplicate of it.
 */
export function upstreamKey(name: string): string {
  return /[A-Z]/.test(name) ? name.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : name;
}

/** Maps a character offset inside a token's value to an offset in the file, when possible. */
export function valueOffset(arg: NginxArg): number | undefined {
  const inner = arg.quote ? arg.raw.slice(1, arg.unterminated ? undefined : -1) : arg.raw;
  return inner === arg.value ? arg.start + (arg.quote ? 1 : 0) : undefined;
}

/** An address whose ranges are computed when asked for (most addresses never get a finding). */
class Address implements AddressRef {
  readonly #lines: LineIndex;
  /** File offset of the address text, or -1 when the token's value is not its text (escapes). */
  readonly #at: number;
  readonly #length: number;
  readonly #hostStart: number;
  readonly file: string;
  readonly arg: NginxArg;
  readonly host: string;
  readonly port: number | undefined;
  readonly portText: string | undefined;
  readonly effectivePort: number;

  constructor(config: NginxConfig, arg: NginxArg, at: number, length: number, hp: ReturnType<typeof splitHostPort>, defaultPort: number) {
    this.#lines = config.lines;
    this.#at = at;
    this.#length = length;
    this.#hostStart = hp.hostStart;
    this.file = config.file;
    this.arg = arg;
    this.host = hp.host;
    this.port = hp.port;
    this.portText = hp.portText;
    this.effectivePort = hp.port ?? defaultPort;
  }

  get hostRange(): Range {
    if (this.#at < 0) return this.#lines.rangeOf(this.arg.start, this.arg.end);
    const hs = this.#at + this.#hostStart;
    return this.#lines.rangeOf(hs, hs + this.host.length);
  }

  get range(): Range {
    if (this.#at < 0) return this.#lines.rangeOf(this.arg.start, this.arg.end);
    return this.#lines.rangeOf(this.#at, this.#at + this.#length);
  }

  get portRange(): Range | undefined {
    if (this.#at < 0 || this.portText === undefined) return undefined;
    const ps = this.#at + this.#length - this.portText.length;
    return this.#lines.rangeOf(ps, ps + this.portText.length);
  }
}

/** Parses `host[:port]` found at `from` in the token's value. */
export function addressIn(config: NginxConfig, arg: NginxArg, from: number, text: string, defaultPort: number): AddressRef | undefined {
  if (text === '' || text.startsWith('unix:') || text.includes('$')) return undefined;
  const hp = splitHostPort(text);
  if (hp.host === '') return undefined;
  const base = valueOffset(arg);
  return new Address(config, arg, base === undefined ? -1 : base + from, text.length, hp, defaultPort);
}

/** A proxy_pass or grpc_pass; the range of its scheme is computed when asked for. */
class Pass implements ProxyPass {
  readonly #lines: LineIndex;
  /** Offset of the scheme, or -1 when it has none or the token's value is not its text. */
  readonly #schemeAt: number;
  readonly #schemeLength: number;
  readonly file: string;
  readonly directive: NginxDirective;
  readonly arg: NginxArg;
  readonly family: 'http' | 'stream';
  readonly scheme: string | undefined;
  readonly target: AddressRef | undefined;
  upstream: Upstream | undefined;
  variableUpstreams: Upstream[] | undefined;
  decryptedInClear: boolean;

  constructor(
    config: NginxConfig,
    directive: NginxDirective,
    arg: NginxArg,
    family: 'http' | 'stream',
    scheme: string | undefined,
    schemeAt: number,
    schemeLength: number,
    target: AddressRef | undefined,
  ) {
    this.#lines = config.lines;
    this.#schemeAt = schemeAt;
    this.#schemeLength = schemeLength;
    this.file = config.file;
    this.directive = directive;
    this.arg = arg;
    this.family = family;
    this.scheme = scheme;
    this.target = target;
    this.upstream = undefined;
    this.variableUpstreams = undefined;
    this.decryptedInClear = false;
  }

  get schemeRange(): Range | undefined {
    return this.#schemeAt < 0 ? undefined : this.#lines.rangeOf(this.#schemeAt, this.#schemeAt + this.#schemeLength);
  }
}

/** A server of an upstream block; its parameters are sorted out when first asked for. */
class Server implements UpstreamServer {
  #params: Map<string, { value: string; arg: NginxArg }> | undefined;
  #flags: Map<string, NginxArg> | undefined;

  constructor(
    readonly file: string,
    readonly directive: NginxDirective,
    readonly address: AddressRef | undefined,
  ) {
    this.#params = undefined;
    this.#flags = undefined;
  }

  get params(): Map<string, { value: string; arg: NginxArg }> {
    if (!this.#params) this.read();
    return this.#params!;
  }

  get flags(): Map<string, NginxArg> {
    if (!this.#flags) this.read();
    return this.#flags!;
  }

  private read(): void {
    const params = new Map<string, { value: string; arg: NginxArg }>();
    const flags = new Map<string, NginxArg>();
    const args = this.directive.args;
    for (let i = 1; i < args.length; i++) {
      const a = args[i];
      const eq = a.value.indexOf('=');
      if (eq > 0) params.set(a.value.slice(0, eq), { value: a.value.slice(eq + 1), arg: a });
      else flags.set(a.value, a);
    }
    this.#params = params;
    this.#flags = flags;
  }
}

/** Splits a proxy_pass URL (`http://host:port/uri`, `http://host?args`) into scheme, host part and its offset. */
export function splitUrl(value: string): { scheme?: string; hostPart: string; hostFrom: number } {
  const colon = schemeEnd(value);
  if (colon < 0) return { hostPart: value, hostFrom: 0 };
  const from = colon + 3;
  let end = value.length;
  if (value.charCodeAt(from) !== 91 /* [ */) {
    // The URI part begins at "/" or, with arguments only, at "?".
    for (let i = from; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c === 47 /* / */ || c === 63 /* ? */) {
        end = i;
        break;
      }
    }
  } else {
    const close = value.indexOf(']', from);
    const slash = value.indexOf('/', close < 0 ? from : close);
    if (slash >= 0) end = slash;
  }
  return { scheme: value.slice(0, colon).toLowerCase(), hostPart: value.slice(from, end), hostFrom: from };
}

/** The offset of the `:` of a leading `scheme://` (`[a-z][a-z0-9+.-]*`, any case), or -1. */
function schemeEnd(value: string): number {
  const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (!isLetter(value.charCodeAt(0))) return -1;
  let i = 1;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45)) break;
  }
  return value.charCodeAt(i) === 58 && value.charCodeAt(i + 1) === 47 && value.charCodeAt(i + 2) === 47 ? i : -1;
}

const PASS_DIRECTIVES = new Set(['proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);
const BALANCERS = new Set(['hash', 'ip_hash', 'random', 'least_conn', 'least_time', 'ntlm', 'sticky']);

/** Balancing methods that choose the server from the request: nginx refuses `backup` servers with them. */
export const NO_BACKUP_METHODS: ReadonlySet<string> = new Set(['hash', 'ip_hash', 'random']);

function familyOf(ctx: Context, parents: NginxDirective[]): 'http' | 'stream' {
  if (ctx === Ctx.streamServer || ctx === Ctx.streamUpstream || ctx === Ctx.stream) return 'stream';
  if (ctx === UNKNOWN && parents.some((p) => p.name === 'stream')) return 'stream';
  return 'http';
}

/** Variables whose value starts with `/` whenever nginx proxies: what follows them is in the URI part. */
const URI_VARIABLES: ReadonlySet<string> = new Set(['request_uri', 'uri', 'document_uri']);

/** A variable at the start of a text (`$pool`, `${pool}`): its name and the text after it. */
function leadingVariable(text: string): { name: string; rest: string } | undefined {
  const m = /^\$(?:\{(\w+)\}|(\w+))/.exec(text);
  return m ? { name: m[1] ?? m[2], rest: text.slice(m[0].length) } : undefined;
}

/**
 * The variable that is the whole host of a pass, by name: the host part alone (`http://$pool/`,
 * `http://${pool}`), or followed by a variable that starts the URI part (`http://$pool$request_uri`)
 * or the query (`http://$pool$is_args$args`: nginx ends the host at `?`), so that the value nginx
 * looks up among the upstreams is the first variable's.
 */
function hostVariable(host: string): string | undefined {
  if (host.charCodeAt(0) !== 36 /* $ */) return undefined;
  const first = leadingVariable(host);
  if (!first) return undefined;
  if (first.rest === '') return first.name;
  const next = leadingVariable(first.rest);
  if (!next) return undefined;
  if (URI_VARIABLES.has(next.name)) return first.name;
  // `$is_args` is `?` when the request has arguments, and then `$args` follows it in the query; without
  // arguments both are empty, so nothing may follow them that would lengthen the host.
  if (next.name !== 'is_args') return undefined;
  if (next.rest === '') return first.name;
  const args = leadingVariable(next.rest);
  return args && args.rest === '' && (args.name === 'args' || args.name === 'query_string') ? first.name : undefined;
}

/**
 * Whether the stream server around a `proxy_pass` (in its file) ends the client's TLS and sends on
 * in the clear: a `listen … ssl`, and `proxy_ssl` not on in the server nor in `stream`. Both blocks
 * must be in the pass's file, and neither may include a file, which could turn `proxy_ssl` on out of
 * sight.
 */
function decryptedInClear(parents: NginxDirective[]): boolean {
  const at = parents.length - 1;
  const server = parents[at];
  const stream = parents[at - 1];
  // A server written in an included file has its `stream` block, and its `proxy_ssl`, out of sight.
  if (server?.name !== 'server' || !server.block || stream?.name !== 'stream' || !stream.block) return false;
  let ssl = false;
  for (const block of [server.block, stream.block]) {
    for (const n of block) {
      if (n.kind !== 'directive') continue;
      if (n.name === 'include') return false;
      if (n.name === 'proxy_ssl' && n.args[0]?.value === 'on') return false;
      if (block === server.block && n.name === 'listen' && n.args.some((a, i) => i > 0 && a.value === 'ssl')) ssl = true;
    }
  }
  return ssl;
}

/** A pass whose host is a variable, with its file and the blocks around it there. */
interface VariablePass {
  pass: Pass;
  variable: string;
  file: string;
  parents: NginxDirective[];
}

/**
 * The values a `set $variable value;` gives in a block, in the `if` blocks in it, and in the files it
 * includes (`included` gives the parsed files an `include` reads; each file is read once).
 */
function setValues(block: NginxNode[], variable: string, out: string[], included: (d: NginxDirective) => NginxConfig[], seen = new Set<NginxConfig>()): void {
  for (const n of block) {
    if (n.kind !== 'directive') continue;
    if (n.name === 'set' && n.args.length === 2 && n.args[0].value === variable) out.push(n.args[1].value);
    else if (n.name === 'if' && n.block) setValues(n.block, variable, out, included, seen);
    else if (n.name === 'include') {
      for (const c of included(n)) {
        if (seen.has(c)) continue;
        seen.add(c);
        setValues(c.nodes, variable, out, included, seen);
      }
    }
  }
}

/**
 * The upstreams passes naming their host by a variable may use. nginx looks the value the variable
 * takes up among the upstream blocks when it carries no port (`ngx_http_upstream_init_request`); the
 * values are those of every `map` defining the variable (in the pass's family), and of each `set` of
 * it in the blocks around the pass: in its file, and around each `include` that reads that file (and
 * in their `if` blocks and the files they include).
 */
function resolveVariables(
  variablePasses: VariablePass[],
  maps: { d: NginxDirective; family: 'http' | 'stream' }[],
  upstreams: Map<string, Upstream[]>,
  tree: NginxTree,
  cache: ConfigCache,
): void {
  // The files an include directive reads (a file included in several places, from each of them).
  const included = (d: NginxDirective) =>
    d.args.length === 1 ? includedFiles(d.args[0].value, tree.root, cache).flatMap((f) => cache.get(f) ?? []) : [];
  // The values of each map's variable, by family and name.
  const mapped = new Map<string, string[]>();
  for (const { d, family } of maps) {
    const key = `${family} ${d.args[1].value}`;
    let values = mapped.get(key);
    if (!values) mapped.set(key, (values = []));
    // `key value;` and `default value;`; `hostnames;`, `volatile;` have no value, `include` reads more entries.
    for (const e of d.block ?? []) if (e.kind === 'directive' && e.args.length === 1 && e.name !== 'include') values.push(e.args[0].value);
  }
  let includers: Map<string, Includer[]> | undefined;
  for (const { pass, variable, file, parents } of variablePasses) {
    const name = `$${variable}`;
    const values = [...(mapped.get(`${pass.family} ${name}`) ?? [])];
    for (const p of parents) if (p.block) setValues(p.block, name, values, included);
    // nginx reads an include in place: the blocks around each include of the pass's file (and of the
    // files including that one) are around the pass too.
    const up = [file];
    const reached = new Set(up);
    for (let f = up.pop(); f !== undefined; f = up.pop()) {
      for (const inc of (includers ??= includersOf(tree, cache)).get(f) ?? []) {
        for (const p of inc.parents) if (p.block) setValues(p.block, name, values, included);
        if (!reached.has(inc.file)) {
          reached.add(inc.file);
          up.push(inc.file);
        }
      }
    }
    let found: Upstream[] | undefined;
    for (const v of values) {
      if (v.includes('$')) continue;
      const u = upstreams.get(upstreamKey(v))?.find((x) => x.family === pass.family);
      if (u && !found?.includes(u)) (found ??= []).push(u);
    }
    pass.variableUpstreams = found;
  }
}

/** An `include` of a tree, with the file it is written in and the blocks around it there. */
interface Includer {
  file: string;
  parents: NginxDirective[];
}

/** For each file of a tree, the `include` directives that read it (every one, not only the first). */
function includersOf(tree: NginxTree, cache: ConfigCache): Map<string, Includer[]> {
  const out = new Map<string, Includer[]>();
  for (const file of tree.files.keys()) {
    const links = cache.get(file)?.links;
    if (!links) continue;
    for (let i = 0; i < links.directives.length; i++) {
      const d = links.directives[i];
      if (d.name !== 'include' || d.args.length !== 1) continue;
      for (const target of includedFiles(d.args[0].value, tree.root, cache)) {
        let list = out.get(target);
        if (!list) out.set(target, (list = []));
        list.push({ file, parents: links.parents[i] });
      }
    }
  }
  return out;
}

/** Collects upstreams and proxy_pass targets of every file of a tree. */
export function modelOf(tree: NginxTree, cache: ConfigCache): TreeModel {
  const upstreams = new Map<string, Upstream[]>();
  const passes: ProxyPass[] = [];
  const resolvers: AddressRef[] = [];
  const maps: { d: NginxDirective; family: 'http' | 'stream' }[] = [];
  const variablePasses: VariablePass[] = [];
  for (const [file, inc] of tree.files) {
    const config = cache.get(file);
    if (!config) continue;
    let current: Upstream | undefined;
    walkLinks(config, inc.context, (d, ctx, parents, opaque) => {
      if (opaque) return;
      if (d.name === 'upstream' && d.block && d.args.length >= 1) {
        // Of the block it is written in, also where nginx refuses it (in a stream server: nginx-directive-context).
        const family = familyOf(ctx, parents);
        current = { name: d.args[0].value, file, directive: d, family, servers: [] };
        const key = upstreamKey(current.name);
        const list = upstreams.get(key) ?? [];
        list.push(current);
        upstreams.set(key, list);
        return;
      }
      if (d.name === 'resolver') {
        // `resolver 10.0.0.2 [::1]:5353 valid=30s ipv6=off;` (also inside an upstream block).
        for (const a of d.args) {
          if (a.value.includes('=')) continue;
          const address = addressIn(config, a, 0, a.value, 53);
          if (address) resolvers.push(address);
        }
        return;
      }
      const parent = parents[parents.length - 1];
      if (current && parent === current.directive) {
        if (d.name === 'server' && d.args.length >= 1) {
          const defaultPort = current.family === 'http' ? 80 : 0;
          current.servers.push(new Server(file, d, addressIn(config, d.args[0], 0, d.args[0].value, defaultPort)));
        } else if (BALANCERS.has(d.name)) {
          current.method = d.name;
        }
        return;
      }
      if (d.name === 'map') {
        if (d.block && d.args.length === 2) maps.push({ d, family: familyOf(ctx, parents) });
        return;
      }
      if (PASS_DIRECTIVES.has(d.name) && d.args.length >= 1) {
        const arg = d.args[0];
        const name = d.name;
        const proxy = name === 'proxy_pass' || name === 'grpc_pass';
        const family = name === 'proxy_pass' ? familyOf(ctx, parents) : 'http';
        const url = splitUrl(arg.value);
        const scheme = url.scheme ?? (name === 'grpc_pass' ? 'grpc' : name === 'uwsgi_pass' ? 'uwsgi' : undefined);
        // A scheme the directive does not take is an `invalid host` to nginx: no backend to judge.
        if (!proxy && url.scheme && !(name === 'uwsgi_pass' && (scheme === 'uwsgi' || scheme === 'suwsgi'))) return;
        // gRPC, FastCGI, uwsgi, SCGI and memcached have no default port (`no port in upstream`).
        const defaultPort = name !== 'proxy_pass' ? 0 : scheme === 'https' ? 443 : 80;
        const target = addressIn(config, arg, url.hostFrom, url.hostPart, defaultPort);
        const base = valueOffset(arg);
        const pass = new Pass(config, d, arg, family, scheme, url.scheme && base !== undefined ? base : -1, url.hostFrom, target);
        if (family === 'stream') pass.decryptedInClear = decryptedInClear(parents);
        passes.push(pass);
        const variable = target ? undefined : hostVariable(url.hostPart);
        if (variable) variablePasses.push({ pass, variable, file, parents });
      }
    });
  }
  if (variablePasses.length > 0) resolveVariables(variablePasses, maps, upstreams, tree, cache);
  for (const p of passes) {
    if (!p.target || p.target.port !== undefined) continue;
    const u = upstreams.get(upstreamKey(p.target.host))?.find((x) => x.family === p.family);
    if (u) p.upstream = u;
  }
  return { tree, upstreams, proxyPasses: passes, resolvers };
}

const models = new WeakMap<NginxTree, TreeModel>();

/** The whole workspace's nginx configuration for one analysis, cached per context. */
export class NginxWorkspace {
  readonly cache: ConfigCache;
  /** Which files each tree reads (see forestShape). */
  readonly shape: string;
  private readonly trees: readonly NginxTree[];
  /** Each tree's model, made when first asked for: the file list and most analyses need few of them. */
  private readonly treeModels: (TreeModel | undefined)[];
  private allModels: TreeModel[] | undefined;

  constructor(
    readonly ctx: AnalyzerContext,
    overrides: ReadonlyMap<string, string> = new Map(),
  ) {
    this.cache = new ConfigCache(ctx, overrides);
    const trees = buildForest(this.cache);
    this.trees = trees;
    this.shape = forestShape(trees);
    this.treeModels = new Array<TreeModel | undefined>(trees.length);
  }

  /** The model of the forest's tree at `i`. */
  private modelAt(i: number): TreeModel {
    let m = this.treeModels[i];
    if (!m) {
      const t = this.trees[i];
      // A tree reused from an earlier analysis keeps its model (same configs, same topology).
      m = models.get(t);
      if (!m) {
        m = modelOf(t, this.cache);
        models.set(t, m);
      }
      this.treeModels[i] = m;
    }
    return m;
  }

  /** How many trees' models this view holds so far (made here or taken over from an earlier analysis). */
  get modelsHeld(): number {
    let n = 0;
    for (const m of this.treeModels) if (m) n++;
    return n;
  }

  /** Every tree's model, in the forest's order. */
  get models(): readonly TreeModel[] {
    return (this.allModels ??= this.trees.map((_, i) => this.modelAt(i)));
  }

  /** Every file of every tree and the included files that could not be read, sorted (kept with the forest: not to be changed). */
  files(): string[] {
    return forestFiles(this.trees);
  }

  private readonly vantages = new Map<NginxTree, Vantage[]>();

  /** Vantage hosts of a tree's files (see treeVantage), computed once per analysis. */
  vantageOf(tree: NginxTree): Vantage[] {
    let v = this.vantages.get(tree);
    if (!v) {
      v = treeVantage(tree, this.ctx);
      this.vantages.set(tree, v);
    }
    return v;
  }

  /** The trees that read `file`, with how they reach it (first: the one that decides its context). */
  placesOf(file: string): { model: TreeModel; inclusion: Inclusion }[] {
    const out: { model: TreeModel; inclusion: Inclusion }[] = [];
    for (const i of forestIndexOf(this.trees).get(file) ?? []) {
      // A tree indexed for an include of the file it misses does not read it: no model needed.
      const inclusion = this.trees[i].files.get(file);
      if (inclusion) out.push({ model: this.modelAt(i), inclusion });
    }
    return out;
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
