/**
 * Lists nginx inherits only into a level that sets none itself (`add_header`, `proxy_set_header`,
 * `fastcgi_param`, ...: "inherited from the previous configuration level if and only if there are
 * no ... directives defined on the current level"). A level that sets one of them drops every entry
 * set above it; found here when it drops a name it does not set again.
 *
 * nginx 1.29.3 lets `add_header_inherit` change that for `add_header` (`ngx_http_headers_merge_conf`):
 * `on` is the rule above, `off` inherits nothing even into a level that sets none, `merge` appends
 * the entries of the level above to the level's own. The mode itself is inherited like any value (a
 * level without the directive takes its parent's, `on` at the top).
 */
import { Ctx } from './directives';
import type { INHERIT_DIRECTIVES, LIST_DIRECTIVES, PASS_DIRECTIVES } from './linkNames';
import type { NginxDirective } from './parser';
import type { ReadBlock, ReadCollector } from './tree';

export interface ListKind {
  directive: (typeof LIST_DIRECTIVES)[number];
  /** Where the list is used: a block without one of these in it or below loses nothing that matters. */
  passes?: readonly (typeof PASS_DIRECTIVES)[number][];
  /** Header names are compared without case; FastCGI parameter names with it. */
  ignoreCase: boolean;
  /** The directive that sets how the list is inherited (`on`, `off`, `merge`), where nginx has one. */
  inherit?: (typeof INHERIT_DIRECTIVES)[number];
}

export const LIST_KINDS: readonly ListKind[] = [
  { directive: 'add_header', ignoreCase: true, inherit: 'add_header_inherit' },
  { directive: 'proxy_set_header', passes: ['proxy_pass'], ignoreCase: true },
  { directive: 'grpc_set_header', passes: ['grpc_pass'], ignoreCase: true },
  { directive: 'fastcgi_param', passes: ['fastcgi_pass'], ignoreCase: false },
  { directive: 'uwsgi_param', passes: ['uwsgi_pass'], ignoreCase: false },
  { directive: 'scgi_param', passes: ['scgi_pass'], ignoreCase: false },
];

const KIND_BY_NAME = new Map<string, ListKind>(LIST_KINDS.map((k) => [k.directive, k]));
const PASSES = new Map<string, ListKind>(LIST_KINDS.flatMap((k) => (k.passes ?? []).map((p) => [p, k] as const)));
const INHERITS = new Map<string, ListKind>(LIST_KINDS.flatMap((k) => (k.inherit ? [[k.inherit, k] as const] : [])));

/** How a level inherits a list: nginx's default `on`, or what `add_header_inherit` says. */
type InheritMode = 'on' | 'off' | 'merge';
const MODES: ReadonlySet<string> = new Set<InheritMode>(['on', 'off', 'merge']);

/** A header whose value is only an upstream's variable: empty, so never sent, where nothing is proxied. */
const UPSTREAM_ONLY = /^\$(\{upstream_\w+\}|upstream_\w+)$/;

/** Levels nginx merges: http, server, location and the blocks inside a location. */
const MERGED = Ctx.http | Ctx.httpServer | Ctx.location | Ctx.ifInLocation | Ctx.limitExcept;

export interface ListEntry {
  file: string;
  d: NginxDirective;
}

export interface LostEntries {
  kind: ListKind;
  /** The level that sets its own list, and its first entry. */
  block: ReadBlock;
  first: ListEntry;
  /** The nearest level above that sets the list, and its entries this level does not set again. */
  above: ReadBlock;
  lost: ListEntry[];
}

/** Entries of one level, as file, directive, file, directive, ... */
type Entries = (string | NginxDirective)[];

function forEachEntry(entries: Entries, fn: (file: string, d: NginxDirective) => void): void {
  for (let i = 0; i < entries.length; i += 2) fn(entries[i] as string, entries[i + 1] as NginxDirective);
}

/** Gathers the lists each level sets while a tree is read; `done` gives the levels that drop entries of one. */
export function listCollector(): ReadCollector<LostEntries[]> {
  // Per kind, per block: its entries (no object per entry: a snippet of proxy_set_header lines is
  // read once in every location that includes it).
  const own = new Map<ListKind, Map<ReadBlock, Entries>>();
  // The pass directives read, as kind, block, kind, block, ...: turned into the blocks that pass
  // requests on (in them or below) only when some level drops something.
  const passes: (ListKind | ReadBlock)[] = [];
  // Per kind, the levels that say how they inherit it (`add_header_inherit`).
  const modes = new Map<ListKind, Map<ReadBlock, InheritMode>>();
  let lastKind: ListKind | undefined;
  let lastBlock: ReadBlock | undefined;
  let lastList: Entries = [];
  const entriesOf = (kind: ListKind, block: ReadBlock): Entries => {
    if (kind !== lastKind || block !== lastBlock) {
      let levels = own.get(kind);
      if (!levels) own.set(kind, (levels = new Map()));
      let list = levels.get(block);
      if (!list) levels.set(block, (list = []));
      lastKind = kind;
      lastBlock = block;
      lastList = list;
    }
    return lastList;
  };
  return {
    visit(file, d, ctx, block) {
      if (!block || !(ctx & MERGED)) return;
      const kind = KIND_BY_NAME.get(d.name);
      if (kind) {
        if (d.args.length > 0) entriesOf(kind, block).push(file, d);
        return;
      }
      const passOf = PASSES.get(d.name);
      if (passOf) {
        passes.push(passOf, block);
        return;
      }
      const inheritOf = INHERITS.get(d.name);
      // nginx reads the value without case (an enum slot); another value is another rule's matter.
      const mode = d.args[0]?.value.toLowerCase();
      if (inheritOf && d.args.length === 1 && mode !== undefined && MODES.has(mode)) {
        let levels = modes.get(inheritOf);
        if (!levels) modes.set(inheritOf, (levels = new Map()));
        levels.set(block, mode as InheritMode);
      }
    },
    done() {
      const out: LostEntries[] = [];
      let used: Map<ListKind, Set<ReadBlock>> | undefined;
      // Blocks with any proxying in them or below (the pass directives of every list kind).
      const proxied = new Set<ReadBlock>();
      const passing = () => {
        if (used) return used;
        used = new Map();
        for (let i = 0; i < passes.length; i += 2) {
          const kind = passes[i] as ListKind;
          let blocks = used.get(kind);
          if (!blocks) used.set(kind, (blocks = new Set()));
          for (let b: ReadBlock | undefined = passes[i + 1] as ReadBlock; b && !blocks.has(b); b = b.parent) blocks.add(b);
          for (let b: ReadBlock | undefined = passes[i + 1] as ReadBlock; b && !proxied.has(b); b = b.parent) proxied.add(b);
        }
        return used;
      };
      for (const [kind, levels] of own) {
        const key = (d: NginxDirective) => (kind.ignoreCase ? d.args[0].value.toLowerCase() : d.args[0].value);
        const kindModes = modes.get(kind);
        const modeOf = (b: ReadBlock | undefined): InheritMode => {
          for (; b; b = b.parent) {
            const m = kindModes?.get(b);
            if (m) return m;
          }
          return 'on';
        };
        // What a level holds once nginx has merged it with the levels above (only asked for when
        // some level says how it inherits).
        const merged = new Map<ReadBlock, Entries>();
        const effective = (b: ReadBlock | undefined): Entries => {
          if (!b) return [];
          let list = merged.get(b);
          if (list) return list;
          const mine = levels.get(b);
          const mode = modeOf(b);
          if (mode === 'off') list = mine ?? [];
          else if (!mine) list = effective(b.parent);
          else if (mode === 'merge') list = [...mine, ...effective(b.parent)];
          else list = mine;
          merged.set(b, list);
          return list;
        };
        for (const [block, entries] of levels) {
          let above = block.parent;
          while (above && !levels.has(above)) above = above.parent;
          if (!above || (kind.passes && !passing().get(kind)?.has(block))) continue;
          // `off` drops what is above on purpose; `merge` keeps it.
          if (kindModes && modeOf(block) !== 'on') continue;
          const inherited = kindModes ? effective(block.parent) : levels.get(above)!;
          const names = new Set<string>();
          let first: ListEntry | undefined;
          forEachEntry(entries, (file, d) => {
            first ??= { file, d };
            names.add(key(d));
          });
          const lost: ListEntry[] = [];
          forEachEntry(inherited, (file, d) => {
            if (names.has(key(d))) return;
            if (kind.directive === 'add_header' && UPSTREAM_ONLY.test(d.args[1]?.value ?? '') && (passing(), !proxied.has(block))) return;
            lost.push({ file, d });
          });
          if (lost.length > 0 && first) out.push({ kind, block, first, above, lost });
        }
      }
      return out;
    },
  };
}
