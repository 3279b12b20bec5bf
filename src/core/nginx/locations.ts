/**
 * Locations in the order nginx reads them, and the ones it refuses as a second of their kind for one
 * URI in one block (`duplicate location "/"`, `ngx_http_join_exact_locations` in src/http/ngx_http.c,
 * once the `http` block is read): two exact locations (`= /`), or two prefix locations (`/`, `^~ /`),
 * of the same URI, compared with case. Regular expression and named locations are not compared.
 */
import { Ctx } from './directives';
import type { NginxDirective } from './parser';
import type { ReadCollector } from './tree';

export type LocationKind = 'exact' | 'prefix' | 'regex' | 'named';

/** How `ngx_http_core_location` reads a location's arguments: its kind and URI; undefined when it refuses them. */
export function locationKind(d: NginxDirective): { kind: LocationKind; name: string } | undefined {
  const a = d.args;
  if (a.length === 2) {
    const mod = a[0].value;
    const name = a[1].value;
    if (mod === '=') return { kind: 'exact', name };
    if (mod === '^~') return { kind: 'prefix', name };
    if (mod === '~' || mod === '~*') return { kind: 'regex', name };
    return undefined;
  }
  if (a.length !== 1) return undefined;
  const v = a[0].value;
  if (v.startsWith('=')) return { kind: 'exact', name: v.slice(1) };
  if (v.startsWith('^~')) return { kind: 'prefix', name: v.slice(2) };
  if (v.startsWith('~')) return { kind: 'regex', name: v.slice(v.startsWith('~*') ? 2 : 1) };
  if (v.startsWith('@')) return { kind: 'named', name: v };
  return { kind: 'prefix', name: v };
}

export interface DuplicateLocation {
  file: string;
  d: NginxDirective;
  kind: 'exact' | 'prefix';
  name: string;
  /** The location of that kind and URI read first in the same block. */
  first: { file: string; d: NginxDirective };
}

export function locationCollector(): ReadCollector<DuplicateLocation[]> {
  const seen = new Map<string, { file: string; d: NginxDirective }>();
  const out: DuplicateLocation[] = [];
  return {
    visit(file, d, ctx, block) {
      if (d.name !== 'location' || !d.block || !block || (ctx !== Ctx.httpServer && ctx !== Ctx.location)) return;
      const loc = locationKind(d);
      if (!loc || (loc.kind !== 'exact' && loc.kind !== 'prefix')) return;
      const key = `${block.key} ${loc.kind} ${loc.name}`;
      const first = seen.get(key);
      if (first) out.push({ file, d, kind: loc.kind, name: loc.name, first });
      else seen.set(key, { file, d });
    },
    done: () => out,
  };
}
