/**
 * Lists nginx inherits only into a level that sets none itself (`add_header`, `proxy_set_header`,
 * `fastcgi_param`, ...: "inherited from the previous configuration level if and only if there are
 * no ... directives defined on the current level"). A level that sets one of them drops every entry
 * set above it; found here when it drops a name it does not set again.
 */
import { Ctx } from './directives';
import type { NginxDirective } from './parser';
import type { ReadBlock, ReadCollector } from './tree';

export interface ListKind {
  directive: string;
  /** Where the list is used: a block without one of these in it or below loses nothing that matters. */
  passes?: readonly string[];
  /** Header names are compared without case; FastCGI parameter names with it. */
  ignoreCase: boolean;
}

export const LIST_KINDS: readonly ListKind[] = [
  { directive: 'add_header', ignoreCase: true },
  { directive: 'proxy_set_header', passes: ['proxy_pass'], ignoreCase: true },
  { directive: 'grpc_set_header', passes: ['grpc_pass'], ignoreCase: true },
  { directive: 'fastcgi_param', passes: ['fastcgi_pass'], ignoreCase: false },
  { directive: 'uwsgi_param', passes: ['uwsgi_pass'], ignoreCase: false },
  { directive: 'scgi_param', passes: ['scgi_pass'], ignoreCase: false },
];

const KIND_BY_NAME = new Map(LIST_KINDS.map((k) => [k.directive, k]));
const PASSES = new Map(LIST_KINDS.flatMap((k) => (k.passes ?? []).map((p) => [p, k] as const)));

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

/** Gathers the lists each level sets while a tree is read; `done` gives the levels that drop entries of one. */
export function listCollector(): ReadCollector<LostEntries[]> {
  // Per kind, per block: its entries as file, directive, file, directive, ... (no object per entry:
  // a snippet of proxy_set_header lines is read once in every location that includes it).
  const own = new Map<ListKind, Map<ReadBlock, (string | NginxDirective)[]>>();
  const used = new Map<ListKind, Set<ReadBlock>>();
  // Blocks with any proxying in them or below (the pass directives of every list kind).
  const proxied = new Set<ReadBlock>();
  let lastKind: ListKind | undefined;
  let lastBlock: ReadBlock | undefined;
  let lastList: (string | NginxDirective)[] = [];
  return {
    visit(file, d, ctx, block) {
      if (!block || !(ctx & MERGED)) return;
      const kind = KIND_BY_NAME.get(d.name);
      if (kind) {
        if (d.args.length === 0) return;
        if (kind !== lastKind || block !== lastBlock) {
          let levels = own.get(kind);
          if (!levels) own.set(kind, (levels = new Map()));
          let list = levels.get(block);
          if (!list) levels.set(block, (list = []));
          lastKind = kind;
          lastBlock = block;
          lastList = list;
        }
        lastList.push(file, d);
        return;
      }
      const passOf = PASSES.get(d.name);
      if (!passOf) return;
      let blocks = used.get(passOf);
      if (!blocks) used.set(passOf, (blocks = new Set()));
      for (let b: ReadBlock | undefined = block; b && !blocks.has(b); b = b.parent) blocks.add(b);
      for (let b: ReadBlock | undefined = block; b && !proxied.has(b); b = b.parent) proxied.add(b);
    },
    done() {
      const out: LostEntries[] = [];
      for (const [kind, levels] of own) {
        const key = (d: NginxDirective) => (kind.ignoreCase ? d.args[0].value.toLowerCase() : d.args[0].value);
        for (const [block, flat] of levels) {
          if (kind.passes && !used.get(kind)?.has(block)) continue;
          let above = block.parent;
          while (above && !levels.has(above)) above = above.parent;
          if (!above) continue;
          const names = new Set<string>();
          for (let i = 1; i < flat.length; i += 2) names.add(key(flat[i] as NginxDirective));
          const aboveFlat = levels.get(above)!;
          const lost: ListEntry[] = [];
          for (let i = 0; i < aboveFlat.length; i += 2) {
            const d = aboveFlat[i + 1] as NginxDirective;
            if (names.has(key(d))) continue;
            if (kind.directive === 'add_header' && UPSTREAM_ONLY.test(d.args[1]?.value ?? '') && !proxied.has(block)) continue;
            lost.push({ file: aboveFlat[i] as string, d });
          }
          if (lost.length > 0) out.push({ kind, block, first: { file: flat[0] as string, d: flat[1] as NginxDirective }, above, lost });
        }
      }
      return out;
    },
  };
}
