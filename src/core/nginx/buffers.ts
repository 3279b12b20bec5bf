/**
 * The buffer sizes of nginx's proxy, fastcgi, uwsgi and scgi modules, as nginx merges them from
 * http to server to location and checks them against each other (`ngx_http_proxy_merge_loc_conf`
 * and its twins): at least two buffers; busy buffers at least one buffer and at most all buffers
 * but one; temporary file writes at least one buffer; the temporary file limit 0 or at least one
 * buffer. Defaults are nginx's on 4 KiB memory pages (x86-64 and most arm64 Linux).
 */
import { Ctx } from './directives';
import { BUFFER_DIRECTIVES, BUFFER_FIELDS, BUFFER_MODULES } from './linkNames';
import type { NginxDirective } from './parser';
import type { ReadBlock, ReadCollector } from './tree';
import { parseSize } from './values';

export type BufferModule = (typeof BUFFER_MODULES)[number];

type Field = (typeof BUFFER_FIELDS)[number];

/** The buffer size directives of every module. */
export const BUFFER_NAMES: ReadonlySet<string> = new Set(BUFFER_DIRECTIVES);

const PAGE = 4096;
const DEFAULT_MAX_TEMP = 1024 * 1024 * 1024;

/** A value written in the configuration. */
export interface BufferSetting {
  file: string;
  d: NginxDirective;
  /** Bytes; for `*_buffers`, the size of one buffer. */
  bytes: number;
  /** `*_buffers`: how many. */
  count?: number;
}

export type BufferProblem =
  /** `*_buffers 1 64k`. */
  | { kind: 'count'; module: BufferModule; at: BufferSetting; buffers: BufferSetting }
  /** `*_busy_buffers_size` smaller than one buffer (`size`). */
  | { kind: 'busySmall'; module: BufferModule; at: BufferSetting; size: number }
  /** Busy buffers (`busy` bytes, set or twice `size`) above all buffers but one. */
  | { kind: 'busyLarge'; module: BufferModule; at: BufferSetting; busy: number; busySet: boolean; size: number; count: number; bufferBytes: number; buffersSet: boolean; bufferSize?: BufferSetting }
  /** `*_temp_file_write_size` or `*_max_temp_file_size` (not 0) below one buffer. */
  | { kind: 'tempWrite' | 'maxTemp'; module: BufferModule; at: BufferSetting; size: number };

/** Blocks merged by nginx (http, server, location and the blocks nested in a location). */
const MERGED = Ctx.http | Ctx.httpServer | Ctx.location | Ctx.ifInLocation | Ctx.limitExcept;

function settingOf(file: string, d: NginxDirective, field: Field): BufferSetting | undefined {
  if (field === 'buffers') {
    if (d.args.length !== 2 || !/^\d+$/.test(d.args[0].value)) return undefined;
    const bytes = parseSize(d.args[1].value, false);
    return bytes === undefined ? undefined : { file, d, bytes, count: Number(d.args[0].value) };
  }
  if (d.args.length !== 1) return undefined;
  const bytes = parseSize(d.args[0].value, field === 'max_temp_file_size');
  return bytes === undefined ? undefined : { file, d, bytes };
}

/**
 * Gathers the buffer settings of every level while a tree is read (`visit` for buffer directives,
 * `enter` for the block of every directive read); `done` gives those nginx refuses (each once).
 */
export function bufferCollector(): ReadCollector<BufferProblem[]> & { enter(block: ReadBlock | undefined): void } {
  // Per block as read, per module: what the block itself sets.
  const own = new Map<ReadBlock, Map<BufferModule, Partial<Record<Field, BufferSetting>>>>();
  // nginx checks the merged values of every server and of every level below that sets some.
  // Every block links were read in (the servers among them and their ancestors are judged).
  const blocks = new Set<ReadBlock>();
  let last: ReadBlock | undefined;
  return {
    enter(block) {
      if (block && block !== last) {
        last = block;
        blocks.add(block);
      }
    },
    visit(file, d, ctx, block) {
      if (!BUFFER_NAMES.has(d.name) || !block || !(ctx & MERGED)) return;
      const us = d.name.indexOf('_');
      const module = d.name.slice(0, us) as BufferModule;
      const field = d.name.slice(us + 1) as Field;
      const setting = settingOf(file, d, field);
      // A value nginx cannot read is nginx-invalid-value's: the level is not judged.
      let byModule = own.get(block);
      if (!byModule) own.set(block, (byModule = new Map()));
      let values = byModule.get(module);
      if (!values) byModule.set(module, (values = {}));
      values[field] = setting ?? values[field] ?? { file, d, bytes: NaN };
    },
    done() {
      if (own.size === 0) return [];
      // nginx checks the merged values of every server, and of every level below that sets some.
      const judged = new Set<ReadBlock>();
      for (const block of blocks) for (let b: ReadBlock | undefined = block; b; b = b.parent) if (b.d.name === 'server' && b.parent?.d.name === 'http') judged.add(b);
      for (const block of own.keys()) if (block.d.name !== 'http') judged.add(block);
      return judge(own, judged);
    },
  };
}

function judge(own: Map<ReadBlock, Map<BufferModule, Partial<Record<Field, BufferSetting>>>>, judged: Set<ReadBlock>): BufferProblem[] {
  const problems: BufferProblem[] = [];
  const seen = new Set<string>();
  const report = (p: BufferProblem) => {
    const key = `${p.kind}\u0000${p.at.file}\u0000${p.at.d.start}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(p);
    }
  };
  for (const block of judged) {
    for (const module of BUFFER_MODULES) {
      const get = (field: Field): BufferSetting | undefined => {
        for (let b: ReadBlock | undefined = block; b; b = b.parent) {
          const v = own.get(b)?.get(module)?.[field];
          if (v) return v;
        }
        return undefined;
      };
      const set = Object.fromEntries(BUFFER_FIELDS.map((f) => [f, get(f)])) as Partial<Record<Field, BufferSetting>>;
      if (BUFFER_FIELDS.every((f) => !set[f]) || BUFFER_FIELDS.some((f) => set[f] && Number.isNaN(set[f]!.bytes))) continue;
      const bufferBytes = set.buffers?.bytes ?? PAGE;
      const count = set.buffers?.count ?? 8;
      if (set.buffers && count < 2) {
        report({ kind: 'count', module, at: set.buffers, buffers: set.buffers });
        continue;
      }
      const bufferSize = set.buffer_size?.bytes ?? PAGE;
      const size = Math.max(bufferSize, bufferBytes);
      const busy = set.busy_buffers_size?.bytes ?? 2 * size;
      if (set.busy_buffers_size && busy < size) {
        report({ kind: 'busySmall', module, at: set.busy_buffers_size, size });
        continue;
      }
      if (busy > (count - 1) * bufferBytes) {
        // The directive that made it so: the busy size as written, else what doubled into it.
        const at = set.busy_buffers_size ?? (bufferSize > bufferBytes ? set.buffer_size : set.buffers) ?? set.buffer_size ?? set.buffers;
        if (at) report({ kind: 'busyLarge', module, at, busy, busySet: !!set.busy_buffers_size, size, count, bufferBytes, buffersSet: !!set.buffers, bufferSize: set.buffer_size });
        continue;
      }
      if (set.temp_file_write_size && set.temp_file_write_size.bytes < size) {
        report({ kind: 'tempWrite', module, at: set.temp_file_write_size, size });
        continue;
      }
      const maxTemp = set.max_temp_file_size?.bytes ?? DEFAULT_MAX_TEMP;
      if (set.max_temp_file_size && maxTemp !== 0 && maxTemp < size) report({ kind: 'maxTemp', module, at: set.max_temp_file_size, size });
    }
  }
  return problems;
}

/** Bytes as nginx sizes are written: `64k`, `1m`, `512`. */
export function formatSize(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}m`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}k`;
  return String(n);
}
