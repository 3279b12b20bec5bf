/**
 * Upstream blocks in the order nginx reads them, and the ones it refuses as a second definition of a
 * name (`duplicate upstream "x"`, `ngx_http_upstream_add`): names are compared without case, within
 * `http` and within `stream` apart.
 */
import { Ctx } from './directives';
import { upstreamKey } from './model';
import type { NginxDirective } from './parser';
import type { ReadCollector } from './tree';

export interface DuplicateUpstream {
  file: string;
  d: NginxDirective;
  /** The upstream of that name read first. */
  first: { file: string; d: NginxDirective };
}

export function upstreamCollector(): ReadCollector<DuplicateUpstream[]> {
  const seen = new Map<string, { file: string; d: NginxDirective }>();
  const out: DuplicateUpstream[] = [];
  return {
    visit(file, d, ctx) {
      if (d.name !== 'upstream' || !d.block || d.args.length !== 1) return;
      const family = ctx === Ctx.http ? 'http' : ctx === Ctx.stream ? 'stream' : undefined;
      if (!family) return;
      const key = `${family} ${upstreamKey(d.args[0].value)}`;
      const first = seen.get(key);
      if (first) out.push({ file, d, first });
      else seen.set(key, { file, d });
    },
    done: () => out,
  };
}
