import type { AnalyzerContext, Vantage } from '../analyzer';
import { changedSince, type Stamp, stampOf } from '../changes';
import { inNestedTopology } from '../scope';
import type { Service, Topology } from '../topology/model';
import { childContext, Ctx, FREE, UNKNOWN, variantIn, variants, type Context, type DirectiveInfo } from './directives';
import { READ_DIRECTIVES } from './linkNames';
import { parseNginx, reparseNginx, type NginxArg, type NginxConfig, type NginxDirective, type NginxNode } from './parser';
import { TextCache } from '../text';

/**
 * Configuration trees: a main config and every file it includes, as nginx reads them.
 *
 * - A relative `include` is resolved against the main config's directory (nginx's conf_prefix),
 *   not the including file's.
 * - An absolute one is mapped into the workspace through the service's `prefix` (the server
 *   directory of the main config): with prefix /etc/nginx, `/etc/nginx/conf.d/*.conf` is
 *   `<dir of main config>/conf.d/*.conf`. Other absolute paths are outside the workspace.
 * - A pattern with `*`, `?` or `[` matches files in sorted order; no match is fine. A missing
 *   literal file is an error at the include line; an include cycle too.
 */

export interface NginxRoot {
  /** Workspace-relative main config. */
  file: string;
  /** The nginx services listing it in `config:` (empty for a file found by its folder). */
  services: Service[];
  /** Server path of the main config's directory (the service's `prefix`). */
  prefix?: string;
  /** Context of the main file's top level (main, or a guess for a stray fragment). */
  context: Context;
  /** Found by its folder (`nginx/`, `conf.d/`) rather than listed by a service: includes are not checked. */
  stray: boolean;
}

/** One place a file is read: the context of its top level and the include chain that led there. */
export interface Inclusion {
  root: NginxRoot;
  context: Context;
  /** The `include` directives that lead here, outermost first (empty for the root itself). */
  chain: { file: string; directive: NginxDirective }[];
}

export interface IncludeProblem {
  /** The file holding the `include`. */
  file: string;
  directive: NginxDirective;
  arg: NginxArg;
  /** `directory`: a glob that matches a folder, which nginx reads as a file and fails on. */
  kind: 'missing' | 'cycle' | 'directory';
  /** The path as nginx would open it (with the server prefix when known). */
  path: string;
  /** The workspace path (or pattern) it maps to. */
  target: string;
  /** Cycle: the files of the loop, starting and ending with the repeated one. */
  loop?: string[];
}

export interface NginxTree {
  root: NginxRoot;
  /** Files of the tree in reading order, each with its first inclusion. */
  files: Map<string, Inclusion>;
  problems: IncludeProblem[];
  /** Included files that exist but could not be read (binary, too large): analyzed as skipped. */
  unread: Set<string>;
  /**
   * Files a literal `include` names that the workspace does not hold, reported or not (a stray
   * config's and a stock file's are not): the tree reads them once they appear.
   */
  absent: Set<string>;
}

/** Files the nginx stock package ships next to nginx.conf; a workspace copy often leaves them out. */
const STOCK_FILES = new Set(['mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'proxy_params', 'koi-utf', 'koi-win', 'win-utf']);

const MAX_INCLUDES = 20000;

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** Joins and normalizes a workspace-relative path; undefined when it leaves the workspace. */
export function joinPath(dir: string, rel: string): string | undefined {
  const out: string[] = [];
  for (const seg of `${dir}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}

export function hasGlob(s: string): boolean {
  return /[*?[]/.test(s);
}

/** A glob(3) pattern (no GLOB_PERIOD: wildcards do not match a leading dot) as a RegExp. */
export function globToRegExp(pattern: string): RegExp {
  const segs = pattern.split('/').map((seg) => {
    let re = '';
    const dotSafe = !seg.startsWith('.') && hasGlob(seg[0] ?? '');
    for (let i = 0; i < seg.length; i++) {
      const ch = seg[i];
      if (ch === '*') re += '[^/]*';
      else if (ch === '?') re += '[^/]';
      else if (ch === '[') {
        const close = seg.indexOf(']', i + 2);
        if (close < 0) {
          re += '\\[';
          continue;
        }
        let body = seg.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
    }
    return dotSafe ? `(?!\\.)${re}` : re;
  });
  return new RegExp(`^${segs.join('/')}$`);
}

/** Where an include argument points in the workspace, as a path or pattern. */
export function includeTarget(arg: string, root: NginxRoot): { target: string; path: string } | undefined {
  const confDir = dirname(root.file);
  if (arg.startsWith('/')) {
    const prefix = root.prefix?.replace(/\/+$/, '');
    if (!prefix || !(arg === prefix || arg.startsWith(`${prefix}/`))) return undefined;
    const t = joinPath(confDir, arg.slice(prefix.length + 1));
    return t === undefined ? undefined : { target: t, path: arg };
  }
  const t = joinPath(confDir, arg);
  if (t === undefined) return undefined;
  const prefix = root.prefix?.replace(/\/+$/, '');
  return { target: t, path: prefix ? `${prefix}/${arg}` : t };
}

/** Guesses the context of a file's top level when nothing includes it. */
export function guessContext(config: NginxConfig): Context {
  for (const n of config.nodes) {
    if (n.kind !== 'directive') continue;
    if (['events', 'http', 'stream', 'mail'].includes(n.name)) return Ctx.main;
    const vs = variants(n.name);
    if (vs.length > 0 && vs.every((v) => (v.contexts & ~(Ctx.main | Ctx.any)) === 0) && n.name !== 'include') return Ctx.main;
  }
  return UNKNOWN;
}

/** Calls `fn` for every directive with the context it sits in and whether its block is opaque. */
export function walkWithContext(
  nodes: readonly NginxNode[],
  ctx: Context,
  fn: (d: NginxDirective, ctx: Context, parents: NginxDirective[], opaque: boolean) => void,
  parents: NginxDirective[] = [],
  opaque = false,
): void {
  for (const n of nodes) {
    if (n.kind !== 'directive') continue;
    fn(n, ctx, parents, opaque);
    if (!n.block) continue;
    const child = childContext(n.name, ctx);
    // The block of a directive not known as a block here: its contents cannot be judged.
    const childOpaque = opaque || ctx === FREE || (child === UNKNOWN && ctx !== UNKNOWN) || n.name === '';
    walkWithContext(n.block, child, fn, [...parents, n], childOpaque);
  }
}

/**
 * Calls `fn` for each of a file's links (see NginxConfig.links) with the context it sits in and
 * whether its block is opaque, as `walkWithContext` would report them.
 */
export function walkLinks(
  config: NginxConfig,
  ctx: Context,
  fn: (d: NginxDirective, ctx: Context, parents: NginxDirective[], opaque: boolean) => void,
): void {
  walkLinkList(config.links, ctx, fn);
}

function walkLinkList(
  links: NginxConfig['links'],
  ctx: Context,
  fn: (d: NginxDirective, ctx: Context, parents: NginxDirective[], opaque: boolean) => void,
): void {
  const { directives, parents } = links;
  let last: NginxDirective[] | undefined;
  let here = ctx;
  let opaque = false;
  for (let i = 0; i < directives.length; i++) {
    const ps = parents[i];
    if (ps !== last) {
      last = ps;
      here = ctx;
      opaque = false;
      for (const p of ps) {
        const child = childContext(p.name, here);
        opaque = opaque || here === FREE || (child === UNKNOWN && here !== UNKNOWN) || p.name === '';
        here = child;
      }
    }
    fn(directives[i], here, ps, opaque);
  }
}

/** A directive with the context it sits in. */
export interface DirectiveUse {
  d: NginxDirective;
  /** The context it sits in (a bit, FREE or UNKNOWN). */
  ctx: Context;
  parents: NginxDirective[];
  /**
   * Not judged: inside a block whose contents are not directives (an unknown block, a `map`
   * body, ...) or ending (at its ";" or "{") at or after the file's first lexical error.
   */
  opaque: boolean;
  /** The reference entry allowed in this context, if any (undefined when opaque). */
  info?: DirectiveInfo;
}

/**
 * Every directive of a file read with its top level in `context`, depth first, with its context.
 * After a lexical error the block structure nginx would see is unknown (nginx stops at the first
 * error), so directives from there on are opaque.
 */
export function usesIn(config: NginxConfig, context: Context): DirectiveUse[] {
  const uses: DirectiveUse[] = [];
  let firstError = Infinity;
  for (const e of config.errors) if (e.offset < firstError) firstError = e.offset;
  collectUses(config.nodes, context, NO_PARENTS, false, firstError, uses);
  return uses;
}

const NO_PARENTS: NginxDirective[] = [];

/** Where nginx has read a directive when it judges it: just past its ";" or "{", else its end. */
function readTo(d: NginxDirective): number {
  return d.terminatorOffset !== undefined ? d.terminatorOffset + 1 : d.end;
}

function collectUses(nodes: readonly NginxNode[], ctx: Context, parents: NginxDirective[], blockOpaque: boolean, firstError: number, out: DirectiveUse[]): void {
  for (const n of nodes) {
    if (n.kind !== 'directive') continue;
    // nginx judges a directive at its ";" or "{": one whose block an error cuts short is judged still.
    const opaque = blockOpaque || readTo(n) > firstError;
    // In a fragment nothing includes, judge directives by their http variant.
    const info = opaque ? undefined : ctx === UNKNOWN ? httpVariant(n.name) : variantIn(n.name, ctx);
    out.push({ d: n, ctx, parents, opaque, info });
    if (!n.block) continue;
    const child = childContext(n.name, ctx);
    // The block of a directive not known as a block here: its contents cannot be judged.
    const childOpaque = blockOpaque || ctx === FREE || (child === UNKNOWN && ctx !== UNKNOWN) || n.name === '';
    collectUses(n.block, child, [...parents, n], childOpaque, firstError, out);
  }
}

function httpVariant(name: string): DirectiveInfo | undefined {
  const vs = variants(name);
  for (const v of vs) if (v.module.startsWith('ngx_http_')) return v;
  return vs[0];
}

const parsed = new TextCache<NginxConfig>(4096);

/**
 * Parses a file, reusing the last parse of the same file: whole when its text is the same
 * (re-analysis after an edit elsewhere) or back to the text before it (an edit undone), in part
 * after an edit inside one of its blocks.
 */
export function parseNginxCached(file: string, text: string): NginxConfig {
  return parsed.get(file, text, (last) => (last && reparseNginx(last, text)) || parseNginx(file, text));
}

/** Parsed files, shared by every tree of one analysis. */
export class ConfigCache {
  private readonly parsed = new Map<string, NginxConfig | null>();
  /** Files `exists` found missing. */
  private readonly missing = new Set<string>();
  private fileList: string[] | undefined;
  /** Folders of the workspace by their parent folder, from the file list (built when a glob asks). */
  private folders: Map<string, string[]> | undefined;
  /**
   * The workspace's file list when this analysis began: a later analysis on the same workspace
   * compares its own list with it (the workspace answers with its current list only).
   */
  readonly wsFiles: readonly string[];

  /** The workspace's version when this analysis began, taken before anything is read. */
  private readonly stamp: Stamp | undefined;

  constructor(
    readonly ctx: AnalyzerContext,
    readonly overrides: ReadonlyMap<string, string> = new Map(),
  ) {
    this.stamp = stampOf(ctx.ws);
    this.wsFiles = ctx.ws.files();
  }

  get(file: string): NginxConfig | undefined {
    if (!this.parsed.has(file)) {
      const text = this.overrides.get(file) ?? this.ctx.ws.read(file);
      this.parsed.set(file, text === undefined ? null : parseNginxCached(file, text));
    }
    return this.parsed.get(file) ?? undefined;
  }

  files(): readonly string[] {
    // The workspace's list is sorted already; only unsaved new files need merging in.
    if (this.overrides.size === 0) return this.wsFiles;
    if (!this.fileList) {
      const set = new Set(this.wsFiles);
      for (const f of this.overrides.keys()) set.add(f);
      this.fileList = [...set].sort();
    }
    return this.fileList;
  }

  /** The folders directly inside `dir` that hold some file of the workspace. */
  foldersIn(dir: string): readonly string[] {
    if (!this.folders) {
      const byParent = new Map<string, Set<string>>();
      for (const f of this.files()) {
        for (let at = f.lastIndexOf('/'); at > 0; at = f.lastIndexOf('/', at - 1)) {
          const folder = f.slice(0, at);
          const slash = folder.lastIndexOf('/');
          const parent = slash < 0 ? '' : folder.slice(0, slash);
          let set = byParent.get(parent);
          if (!set) byParent.set(parent, (set = new Set()));
          if (set.has(folder)) break;
          set.add(folder);
        }
      }
      this.folders = new Map([...byParent].map(([k, v]) => [k, [...v].sort()]));
    }
    return this.folders.get(dir) ?? [];
  }

  exists(file: string): boolean {
    const found = this.overrides.has(file) || this.ctx.ws.read(file) !== undefined;
    if (!found) this.missing.add(file);
    return found;
  }

  /**
   * The files whose parse (or existence) differs here from what `earlier` read, or undefined when
   * that cannot be told (another topology or file list, or unsaved overrides in either).
   */
  changedSince(earlier: ConfigCache): Set<string> | undefined {
    if (this.overrides.size > 0 || earlier.overrides.size > 0 || earlier.ctx.topology !== this.ctx.topology) return undefined;
    if (!sameList(earlier.wsFiles, this.wsFiles)) return undefined;
    const changed = new Set<string>();
    // The workspace may say which files changed since: only those are read again; the others' parses
    // are taken over (so that the next analysis knows every file the forest read).
    const journal = changedSince(this.ctx.ws, earlier.stamp);
    if (journal) {
      for (const [f, c] of earlier.parsed) {
        if (!journal.has(f)) {
          if (!this.parsed.has(f)) this.parsed.set(f, c);
        } else if (this.get(f) !== (c ?? undefined)) changed.add(f);
      }
      for (const f of earlier.missing) {
        if (!journal.has(f)) this.missing.add(f);
        else if (this.exists(f)) changed.add(f);
      }
      return changed;
    }
    for (const [f, c] of earlier.parsed) if (this.get(f) !== (c ?? undefined)) changed.add(f);
    for (const f of earlier.missing) if (this.exists(f)) changed.add(f);
    return changed;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Follows includes from a root. */
export function buildTree(root: NginxRoot, cache: ConfigCache): NginxTree {
  const tree: NginxTree = { root, files: new Map(), problems: [], unread: new Set(), absent: new Set() };
  const seen = new Map<string, Set<Context>>();
  // Include arguments resolved once per tree: a snippet is often included from every location.
  const targets = new Map<string, { target: string; path: string; glob: boolean } | undefined>();
  let budget = MAX_INCLUDES;
  const visit = (file: string, context: Context, outer: Inclusion['chain'], link?: Inclusion['chain'][number]) => {
    if (budget-- <= 0) return;
    const config = cache.get(file);
    if (!config) {
      if (link) tree.unread.add(file);
      return;
    }
    let built: Inclusion['chain'] | undefined;
    const chain = () => (built ??= link ? [...outer, link] : outer);
    if (!tree.files.has(file)) tree.files.set(file, { root, context, chain: chain() });
    let contexts = seen.get(file);
    if (!contexts) seen.set(file, (contexts = new Set()));
    if (contexts.has(context)) return;
    contexts.add(context);
    let ancestors: string[] | undefined;
    walkLinks(config, context, (d, ctx) => {
      if (d.name !== 'include' || d.args.length !== 1) return;
      const arg = d.args[0];
      if (arg.value.includes('$')) return;
      let t = targets.get(arg.value);
      if (t === undefined && !targets.has(arg.value)) {
        const found = includeTarget(arg.value, root);
        t = found && { ...found, glob: hasGlob(found.target) };
        targets.set(arg.value, t);
      }
      if (!t) return;
      const glob = t.glob;
      if (!glob && !cache.exists(t.target)) {
        tree.absent.add(t.target);
        const base = t.target.slice(t.target.lastIndexOf('/') + 1);
        if (!root.stray && !STOCK_FILES.has(base)) tree.problems.push({ file, directive: d, arg, kind: 'missing', path: t.path, target: t.target });
        return;
      }
      if (glob) {
        const folder = matchedFolder(t.target, cache);
        if (folder !== undefined) tree.problems.push({ file, directive: d, arg, kind: 'directory', path: `${dirname(t.path)}/${folder.slice(folder.lastIndexOf('/') + 1)}`, target: folder });
      }
      ancestors ??= [...chain().map((c) => c.file), file];
      for (const target of glob ? matchGlob(t.target, cache) : [t.target]) {
        const at = ancestors.indexOf(target);
        if (at >= 0) {
          tree.problems.push({ file, directive: d, arg, kind: 'cycle', path: t.path, target, loop: [...ancestors.slice(at), target] });
          continue;
        }
        visit(target, ctx, chain(), { file, directive: d });
      }
    });
  };
  visit(root.file, root.context, []);
  return tree;
}

/**
 * The first folder (in the sorted order nginx reads matches in) that a pattern with its wildcards in
 * the last part matches: nginx opens it as a file and stops (`pread() … (21: Is a directory)`).
 */
function matchedFolder(pattern: string, cache: ConfigCache): string | undefined {
  const slash = pattern.lastIndexOf('/');
  const dir = slash < 0 ? '' : pattern.slice(0, slash);
  if (hasGlob(dir)) return undefined;
  const folders = cache.foldersIn(dir);
  if (folders.length === 0) return undefined;
  const re = globToRegExp(pattern);
  return folders.find((f) => re.test(f));
}

function matchGlob(pattern: string, cache: ConfigCache): string[] {
  const re = globToRegExp(pattern);
  return cache.files().filter((f) => re.test(f));
}

/** A block directive as read: a file included in two places is read twice, its blocks too. */
export interface ReadBlock {
  d: NginxDirective;
  /** Unique per reading of the block (the reading of its file and its offset). */
  key: number;
  /** The enclosing block as read, across includes; undefined at the top of the main file. */
  parent: ReadBlock | undefined;
  /** The file the block is written in. */
  file: string;
}

/** The `server` block a block read is in (itself, when it is one). */
export function serverOf(block: ReadBlock | undefined): ReadBlock | undefined {
  let b = block;
  while (b && b.d.name !== 'server') b = b.parent;
  return b;
}

/** Each parsed file's links that reading looks at (kept per file: a snippet is read by many trees). */
const readLinks = new WeakMap<NginxConfig, NginxConfig['links']>();

function readLinksOf(config: NginxConfig): NginxConfig['links'] {
  let links = readLinks.get(config);
  if (!links) {
    links = { directives: [], parents: [] };
    const { directives, parents } = config.links;
    for (let i = 0; i < directives.length; i++) {
      // Inside an upstream block nothing is read here (its servers are links for the upstream model).
      const ps = parents[i];
      if (!READ_DIRECTIVES.has(directives[i].name) || (ps.length > 0 && ps[ps.length - 1].name === 'upstream')) continue;
      links.directives.push(directives[i]);
      links.parents.push(ps);
    }
    readLinks.set(config, links);
  }
  return links;
}

/**
 * Reads a tree as nginx does, in order, following each `include` where it stands (a file included
 * twice is read twice; a file including itself is not followed again), and calls `fn` for every
 * other link directive reading looks at (READ_DIRECTIVES in linkNames.ts) outside opaque blocks, with its
 * context and the block around it as read. A file is read up to its first lexical error, where nginx
 * stops; returns whether some file had one.
 */
export function walkReading(
  tree: NginxTree,
  cache: ConfigCache,
  fn: (file: string, d: NginxDirective, ctx: Context, block: ReadBlock | undefined) => void,
): boolean {
  // The budget of a tree's includes, per reading of a file (an include inside a loop of includes).
  let budget = MAX_INCLUDES;
  let readings = 0;
  // Include arguments resolved once (a snippet is often included from every location).
  const targets = new Map<string, string[]>();
  const ancestors: string[] = [];
  // Whether a file read has a lexical error, where nginx stops reading.
  let stopped = false;
  const read = (file: string, ctx: Context, outer: ReadBlock | undefined) => {
    if (budget-- <= 0) return;
    const config = cache.get(file);
    if (!config) return;
    // Block keys: this reading (at most MAX_INCLUDES) and the block's offset (< 2^32).
    const reading = readings++ * 2 ** 32;
    let blocks: Map<NginxDirective, ReadBlock> | undefined;
    // Siblings share their parents array: the block is looked up once for a run of them.
    let lastParents: NginxDirective[] | undefined;
    let lastBlock = outer;
    ancestors.push(file);
    // nginx stops at a file's first lexical error: what follows it is not read.
    let firstError = Infinity;
    for (const e of config.errors) if (e.offset < firstError) firstError = e.offset;
    if (firstError !== Infinity) stopped = true;
    walkLinkList(readLinksOf(config), ctx, (d, here, parents, opaque) => {
      if (opaque || readTo(d) > firstError) return;
      if (parents !== lastParents) {
        lastParents = parents;
        lastBlock = outer;
        for (const p of parents) {
          blocks ??= new Map();
          let b = blocks.get(p);
          if (!b) blocks.set(p, (b = { d: p, key: reading + p.start, parent: lastBlock, file }));
          lastBlock = b;
        }
      }
      const block = lastBlock;
      if (d.name === 'include' && d.args.length === 1) {
        const arg = d.args[0].value;
        let files = targets.get(arg);
        if (!files) targets.set(arg, (files = includedFiles(arg, tree.root, cache)));
        for (const target of files) if (!ancestors.includes(target)) read(target, here, block);
        return;
      }
      fn(file, d, here, block);
    });
    ancestors.pop();
  };
  read(tree.root.file, tree.root.context, undefined);
  return stopped;
}

/** What one rule gathers while a tree is read (see `walkReading`), and what it makes of it. */
export interface ReadCollector<T> {
  visit(file: string, d: NginxDirective, ctx: Context, block: ReadBlock | undefined): void;
  done(): T;
}

const globMatches = new WeakMap<ConfigCache, Map<string, string[]>>();

/**
 * The workspace files an `include` of a tree reads, in the order nginx reads them (a pattern's
 * matches sorted; a missing literal file reads nothing). Undefined arguments (variables, paths
 * outside the workspace) read nothing here.
 */
export function includedFiles(arg: string, root: NginxRoot, cache: ConfigCache): string[] {
  if (arg.includes('$')) return [];
  const t = includeTarget(arg, root);
  if (!t) return [];
  if (!hasGlob(t.target)) return cache.exists(t.target) ? [t.target] : [];
  let memo = globMatches.get(cache);
  if (!memo) globMatches.set(cache, (memo = new Map()));
  let files = memo.get(t.target);
  if (!files) memo.set(t.target, (files = matchGlob(t.target, cache)));
  return files;
}

interface TreeMemo {
  topology: Topology;
  fileList: readonly string[];
  root: NginxRoot;
  configs: Map<string, NginxConfig>;
  missing: string[];
  tree: NginxTree;
  /** The forest (see `buildForest`) that last built or checked it. */
  forest?: ConfigCache;
}

/** Per topology (a run of another workspace or topology does not displace them), per root file. */
const treeMemos = new WeakMap<Topology, Map<string, TreeMemo>>();

/**
 * The configs read by the last forest built from the workspace (not from unsaved overrides), and
 * what changed since, for the forest being built: a tree that was part of the last forest and holds
 * none of the changed files is the same tree.
 */
interface ForestMemo {
  /** What the forest was built from. */
  cache: ConfigCache;
  trees: NginxTree[];
  /** The trees holding each file, or missing it as an include. */
  index: Map<string, number[]>;
  shape: string;
}

const shapes = new WeakMap<readonly NginxTree[], string>();
const indexes = new WeakMap<readonly NginxTree[], Map<string, number[]>>();
const fileLists = new WeakMap<readonly NginxTree[], string[]>();

/** The trees of a forest holding each file (or missing it as an include), by position. */
export function forestIndexOf(trees: readonly NginxTree[]): Map<string, number[]> {
  let index = indexes.get(trees);
  if (!index) indexes.set(trees, (index = forestIndex(trees)));
  return index;
}

/** Every file of every tree of a forest, sorted. */
export function forestFiles(trees: readonly NginxTree[]): string[] {
  let files = fileLists.get(trees);
  if (!files) {
    const set = new Set<string>();
    for (const t of trees) {
      for (const f of t.files.keys()) set.add(f);
      for (const f of t.unread) set.add(f);
    }
    fileLists.set(trees, (files = [...set].sort()));
  }
  return files;
}

/**
 * Which files each tree of a forest reads, in one string: a file's findings depend on the trees
 * that read it, and a tree can start reading a file (an include, a new file matching a glob, a
 * main config included by another) without any file the finding was made from changing. The
 * same string object is handed back for the same shape of the last forest.
 */
export function forestShape(trees: readonly NginxTree[]): string {
  let shape = shapes.get(trees);
  if (shape === undefined) {
    shape = trees.map((t) => `${t.root.stray ? '?' : ''}${t.root.file}:${[...t.files.keys()].sort().join(',')}`).join('\n');
    shapes.set(trees, shape);
  }
  return shape;
}

const lastForests = new WeakMap<Topology, ForestMemo>();
let changedFiles: { cache: ConfigCache; since: ConfigCache; changed: Set<string> } | undefined;

function sameRoot(a: NginxRoot, b: NginxRoot): boolean {
  return (
    a.prefix === b.prefix &&
    a.context === b.context &&
    a.stray === b.stray &&
    a.services.length === b.services.length &&
    a.services.every((s, i) => s === b.services[i])
  );
}

/**
 * `buildTree`, reusing the tree of an earlier analysis when nothing it was built from changed: the
 * same topology, the same workspace file list (globs), the same parsed configs (the parse cache
 * hands back the same object for the same text) and the same missing includes. Editing one file of
 * a 1,000-config workspace then rebuilds only the trees that read it.
 */
export function buildTreeCached(root: NginxRoot, cache: ConfigCache): NginxTree {
  if (cache.overrides.size > 0) return buildTree(root, cache);
  const topology = cache.ctx.topology;
  const fileList = cache.wsFiles;
  let memos = treeMemos.get(topology);
  if (!memos) treeMemos.set(topology, (memos = new Map()));
  const m = memos.get(root.file);
  const since = changedFiles?.cache === cache ? changedFiles : undefined;
  if (m && since && m.forest === since.since && sameRoot(m.root, root)) {
    // Part of the last forest: only the files changed since then need a look.
    let same = true;
    for (const f of since.changed) if (m.configs.has(f) || m.missing.includes(f)) same = false;
    if (same) {
      m.forest = cache;
      m.fileList = fileList;
      return m.tree;
    }
  }
  if (
    m &&
    m.topology === topology &&
    m.fileList === fileList &&
    sameRoot(m.root, root) &&
    [...m.configs].every(([f, c]) => cache.get(f) === c) &&
    m.missing.every((t) => !cache.exists(t))
  ) {
    m.forest = cache;
    return m.tree;
  }
  const tree = buildTree(root, cache);
  const configs = new Map<string, NginxConfig>();
  for (const f of tree.files.keys()) {
    const c = cache.get(f);
    if (c) configs.set(f, c);
  }
  const missing = [...tree.absent];
  if (memos.size >= 8192) memos.clear();
  memos.set(root.file, { topology, fileList, root, configs, missing, tree, forest: cache });
  return tree;
}

/** Whether a workspace file sits under a folder named `nginx` or `conf.d`. */
export function isNginxFolderFile(file: string): boolean {
  if (!file.endsWith('.conf')) return false;
  const segs = file.split('/').slice(0, -1);
  return segs.includes('nginx') || segs.includes('conf.d');
}

/** Every tree of the workspace: one per main config of an nginx service, then stray files. */
export function buildForest(cache: ConfigCache): NginxTree[] {
  if (cache.overrides.size > 0) return forestOf(cache);
  const topology = cache.ctx.topology;
  const prev = lastForests.get(topology);
  const changed = prev && cache.changedSince(prev.cache);
  changedFiles = prev && changed ? { cache, since: prev.cache, changed } : undefined;
  try {
    const patched = prev && changed ? patchForest(prev, changed, cache) : undefined;
    const trees = patched ?? forestOf(cache);
    // A patched forest reads the same files in each tree.
    let shape = patched && prev ? prev.shape : forestShape(trees);
    if (prev && prev.shape === shape) shape = prev.shape;
    shapes.set(trees, shape);
    const index = patched && prev ? prev.index : forestIndex(trees);
    indexes.set(trees, index);
    // The same files in every tree: the same sorted list.
    const files = patched && prev ? fileLists.get(prev.trees) : undefined;
    if (files) fileLists.set(trees, files);
    lastForests.set(topology, { cache, trees, index, shape });
    return trees;
  } finally {
    changedFiles = undefined;
  }
}

function forestIndex(trees: readonly NginxTree[]): Map<string, number[]> {
  const index = new Map<string, number[]>();
  const add = (f: string, i: number) => {
    const list = index.get(f);
    if (!list) index.set(f, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  trees.forEach((t, i) => {
    for (const f of t.files.keys()) add(f, i);
    for (const p of t.problems) if (p.kind === 'missing') add(p.target, i);
  });
  return index;
}

/**
 * The last forest with the trees holding changed files rebuilt, when that is the forest
 * `forestOf` would build: each rebuilt tree reads the same files as before (so the same later
 * roots stay covered) and its main config keeps its context. A changed file outside every tree
 * (a new main config), or in a tree of stray files (whose order depends on their contexts), needs
 * the whole forest: undefined.
 */
function patchForest(prev: ForestMemo, changed: ReadonlySet<string>, cache: ConfigCache): NginxTree[] | undefined {
  if (changed.size === 0) return prev.trees;
  const redo = new Set<number>();
  for (const f of changed) {
    const at = prev.index.get(f);
    if (!at) return undefined;
    for (const i of at) {
      if (prev.trees[i].root.stray) return undefined;
      redo.add(i);
    }
  }
  const trees = [...prev.trees];
  for (const i of redo) {
    const old = prev.trees[i];
    const config = cache.get(old.root.file);
    if (!config || guessContextCached(config) !== old.root.context) return undefined;
    const tree = buildTreeCached(old.root, cache);
    if (tree.files.size !== old.files.size) return undefined;
    for (const f of tree.files.keys()) if (!old.files.has(f)) return undefined;
    trees[i] = tree;
  }
  return trees;
}

const contexts = new WeakMap<NginxConfig, Context>();

function guessContextCached(config: NginxConfig): Context {
  let c = contexts.get(config);
  if (c === undefined) contexts.set(config, (c = guessContext(config)));
  return c;
}

function forestOf(cache: ConfigCache): NginxTree[] {
  const ctx = cache.ctx;
  const trees: NginxTree[] = [];
  const covered = new Set<string>();
  const listed = new Map<string, { services: Service[]; prefix?: string }>();
  for (const s of ctx.topology.services) {
    if (s.kind !== 'nginx') continue;
    s.config.forEach((c, i) => {
      const e = listed.get(c.value) ?? { services: [] };
      e.services.push(s);
      if (i === 0 && s.prefix && e.prefix === undefined) e.prefix = s.prefix;
      listed.set(c.value, e);
    });
  }
  for (const [file, e] of listed) {
    if (covered.has(file)) continue;
    const config = cache.get(file);
    if (!config) continue;
    const root: NginxRoot = { file, services: e.services, prefix: e.prefix, context: guessContextCached(config), stray: false };
    const tree = buildTreeCached(root, cache);
    trees.push(tree);
    for (const f of tree.files.keys()) covered.add(f);
  }
  // Stray files that look like a main config first, so the fragments they include get their context.
  // None below a folder holding another topology (scope.ts): its configs are that topology's.
  const elsewhere = inNestedTopology(cache.wsFiles);
  const strays = cache
    .files()
    .filter((f) => isNginxFolderFile(f) && !covered.has(f) && !elsewhere(f))
    .map((file) => ({ file, config: cache.get(file) }))
    .filter((x): x is { file: string; config: NginxConfig } => x.config !== undefined)
    .map((x) => ({ ...x, context: guessContextCached(x.config) }))
    .sort((a, b) => Number(b.context === Ctx.main) - Number(a.context === Ctx.main));
  for (const { file, context } of strays) {
    if (covered.has(file)) continue;
    const root: NginxRoot = { file, services: [], context, stray: true };
    const tree = buildTreeCached(root, cache);
    trees.push(tree);
    for (const f of tree.files.keys()) covered.add(f);
  }
  return trees;
}

/** Vantage hosts of a tree's files: the hosts of the services listing its main config. */
export function treeVantage(tree: NginxTree, ctx: AnalyzerContext): Vantage[] {
  const seen = new Set<string>();
  const out: Vantage[] = [];
  for (const v of ctx.vantage(tree.root.file)) {
    if (seen.has(v.host.id)) continue;
    seen.add(v.host.id);
    out.push(v);
  }
  for (const s of tree.root.services) {
    for (const h of s.hosts) {
      if (seen.has(h.id)) continue;
      seen.add(h.id);
      out.push({ host: h, service: s });
    }
  }
  return out;
}
