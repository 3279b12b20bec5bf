/**
 * What the cross-file nginx rules learn from reading a whole tree in nginx's order, gathered in one
 * reading per tree (see `walkReading`) and kept with the tree.
 */
import { BUFFER_NAMES, bufferCollector, type BufferProblem } from './buffers';
import { Ctx } from './directives';
import { listCollector, type LostEntries } from './inheritance';
import { listenCollector, type ListenConflict } from './listen';
import { locationCollector, type DuplicateLocation } from './locations';
import { SSL_NAMES, sslCollector, type MissingCertificate } from './ssl';
import { walkReading, type ConfigCache, type NginxTree } from './tree';
import { upstreamCollector, type DuplicateUpstream } from './upstreamNames';

export interface TreeFacts {
  listens: ListenConflict[];
  buffers: BufferProblem[];
  lists: LostEntries[];
  upstreams: DuplicateUpstream[];
  locations: DuplicateLocation[];
  certificates: MissingCertificate[];
}

const NONE: TreeFacts = { listens: [], buffers: [], lists: [], upstreams: [], locations: [], certificates: [] };
const memo = new WeakMap<NginxTree, TreeFacts>();

/** The facts of a tree read from a main configuration (a fragment's other levels are unknown: none). */
export function treeFacts(tree: NginxTree, cache: ConfigCache): TreeFacts {
  if (tree.root.context !== Ctx.main) return NONE;
  let facts = memo.get(tree);
  if (!facts) {
    const listens = listenCollector();
    const buffers = bufferCollector();
    const lists = listCollector();
    const upstreams = upstreamCollector();
    const locations = locationCollector();
    const certificates = sslCollector();
    const stopped = walkReading(tree, cache, (file, d, ctx, block) => {
      // Each directive to the collectors that read it (most are list entries or passes).
      if (d.name === 'listen') {
        listens.visit(file, d, ctx, block);
        certificates.visit(file, d, ctx, block);
      } else if (SSL_NAMES.has(d.name)) certificates.visit(file, d, ctx, block);
      else if (BUFFER_NAMES.has(d.name)) buffers.visit(file, d, ctx, block);
      else if (d.name === 'upstream') upstreams.visit(file, d, ctx, block);
      else if (d.name === 'location') locations.visit(file, d, ctx, block);
      else lists.visit(file, d, ctx, block);
      buffers.enter(block);
    });
    memo.set(
      tree,
      (facts = {
        listens: listens.done(),
        // Judged once everything is read: nginx never gets there past a lexical error.
        buffers: stopped ? [] : buffers.done(),
        lists: lists.done(),
        upstreams: upstreams.done(),
        locations: locations.done(),
        certificates: stopped ? [] : certificates.done(),
      }),
    );
  }
  return facts;
}
