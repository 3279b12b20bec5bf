import { BUFFER_NAMES, formatSize, type BufferProblem } from '../../nginx/buffers';
import { treeFacts } from '../../nginx/facts';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';
import { lineIndent, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-buffer-sizes',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'Proxy (or fastcgi, uwsgi, scgi) buffer sizes nginx refuses together, as it merges them from http down to each location: busy buffers larger than all buffers but one (the classic `proxy_buffer_size 64k;` alone), fewer than 2 buffers, temporary file sizes below one buffer.',
    'zh-cn': 'nginx 在从 http 逐级合并到各 location 时拒绝的 proxy（或 fastcgi、uwsgi、scgi）缓冲区大小组合：busy 缓冲区大于除一个以外的全部缓冲区（典型的单独写 `proxy_buffer_size 64k;`）、缓冲区少于 2 个、临时文件大小小于一个缓冲区。',
  },
  messages: {
    count: {
      en: 'there must be at least 2 "{m}_buffers": nginx reads into one buffer while it sends another. Write {m}_buffers 2 {size} or more.',
      'zh-cn': 'there must be at least 2 "{m}_buffers"：nginx 需要一边向一个缓冲区读取，一边发送另一个。请至少写 {m}_buffers 2 {size}。',
    },
    busySmall: {
      en: '"{m}_busy_buffers_size" must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers": it is {value}, one buffer here is {size}.',
      'zh-cn': '"{m}_busy_buffers_size" must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers"：它是 {value}，而这里一个缓冲区是 {size}。',
    },
    busyLarge: {
      en: '"{m}_busy_buffers_size" must be less than the size of all "{m}_buffers" minus one buffer: {busy}, but ({count} - 1) × {bufferSize} = {limit}{buffersDefault}. {advice}',
      'zh-cn': '"{m}_busy_buffers_size" must be less than the size of all "{m}_buffers" minus one buffer：{busy}，但 ({count} - 1) × {bufferSize} = {limit}{buffersDefault}。{advice}',
    },
    busySet: { en: 'busy buffers are {value}', 'zh-cn': 'busy 缓冲区为 {value}' },
    busyDoubled: {
      en: '"{m}_busy_buffers_size" is not set, so it is twice the larger of "{m}_buffer_size" and one buffer: 2 × {size} = {value}',
      'zh-cn': '未设置 "{m}_busy_buffers_size"，因此取 "{m}_buffer_size" 与单个缓冲区中较大者的两倍：2 × {size} = {value}',
    },
    buffersDefault: { en: ' ("{m}_buffers 8 4k", the default)', 'zh-cn': '（"{m}_buffers 8 4k"，默认值）' },
    adviceBuffers: {
      en: 'Make the "{m}_buffers" buffers as large as "{m}_buffer_size" ({m}_buffers {count} {size}): busy buffers must hold at least one buffer and at most all buffers but one.',
      'zh-cn': '请把 "{m}_buffers" 的单个缓冲区设为与 "{m}_buffer_size" 一样大（{m}_buffers {count} {size}）：busy 缓冲区至少要容纳一个缓冲区，至多为除一个以外的全部缓冲区。',
    },
    adviceMore: { en: 'Use more or larger buffers{orBusy}.', 'zh-cn': '请使用更多或更大的缓冲区{orBusy}。' },
    orBusy: {
      en: ', or set "{m}_busy_buffers_size" between {size} and {limit}',
      'zh-cn': '，或把 "{m}_busy_buffers_size" 设在 {size} 到 {limit} 之间',
    },
    orBusyExact: { en: ', or set "{m}_busy_buffers_size {size}"', 'zh-cn': '，或设置 "{m}_busy_buffers_size {size}"' },
    tempWrite: {
      en: '"{m}_temp_file_write_size" must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers": it is {value}, one buffer here is {size}.',
      'zh-cn': '"{m}_temp_file_write_size" must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers"：它是 {value}，而这里一个缓冲区是 {size}。',
    },
    addBuffers: { en: 'Add "{m}_buffers {count} {size}"', 'zh-cn': '添加 "{m}_buffers {count} {size}"' },
    maxTemp: {
      en: '"{m}_max_temp_file_size" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers": it is {value}, one buffer here is {size}.',
      'zh-cn': '"{m}_max_temp_file_size" must be equal to zero to disable temporary files usage or must be equal to or greater than the maximum of the value of "{m}_buffer_size" and one of the "{m}_buffers"：它是 {value}，而这里一个缓冲区是 {size}。',
    },
  },
};

function messageOf(p: BufferProblem): MessageRef {
  const m = p.module;
  const value = p.at.d.args[p.at.d.args.length - 1]?.value ?? '';
  switch (p.kind) {
    case 'count':
      return { id: 'count', data: { m, size: p.buffers.d.args[1]?.value ?? '4k' } };
    case 'busySmall':
    case 'tempWrite':
    case 'maxTemp':
      return { id: p.kind, data: { m, value, size: formatSize(p.size) } };
    case 'busyLarge': {
      const limit = formatSize((p.count - 1) * p.bufferBytes);
      const busy: MessageRef = p.busySet
        ? { id: 'busySet', data: { value: formatSize(p.busy) } }
        : { id: 'busyDoubled', data: { m, size: formatSize(p.size), value: formatSize(p.busy) } };
      // Buffers smaller than the header buffer: make them as large (the usual intent).
      const limitBytes = (p.count - 1) * p.bufferBytes;
      const advice: MessageRef =
        p.bufferSize && p.bufferSize.bytes > p.bufferBytes
          ? { id: 'adviceBuffers', data: { m, count: p.count, size: formatSize(p.bufferSize.bytes) } }
          : {
              id: 'adviceMore',
              data: {
                orBusy:
                  p.size < limitBytes
                    ? { id: 'orBusy', data: { m, size: formatSize(p.size), limit } }
                    : p.size === limitBytes
                      ? { id: 'orBusyExact', data: { m, size: limit } }
                      : '',
              },
            };
      return {
        id: 'busyLarge',
        data: { m, busy, count: p.count, bufferSize: formatSize(p.bufferBytes), limit, buffersDefault: p.buffersSet ? '' : { id: 'buffersDefault', data: { m } }, advice },
      };
    }
  }
}

/**
 * `*_buffer_size` alone with the default buffers: a line after it giving the buffers its size (no
 * `*_buffers` is set at any level above it, so the new line duplicates none).
 */
function addBuffersFix(c: NginxCheck, p: BufferProblem): Fix[] {
  if (p.kind !== 'busyLarge' || p.buffersSet || !p.bufferSize || p.at !== p.bufferSize) return [];
  const d = p.at.d;
  const end = d.terminatorOffset;
  if (end === undefined) return [];
  const indent = lineIndent(c, d)?.indent;
  if (indent === undefined) return [];
  const size = formatSize(p.bufferSize.bytes);
  const at = c.config.lines.positionAt(end + 1);
  return [
    {
      title: { id: 'addBuffers', data: { m: p.module, count: p.count, size } },
      safe: false,
      edits: [{ file: c.file, range: { start: at, end: at }, newText: `\n${indent}${p.module}_buffers ${p.count} ${size};` }],
    },
  ];
}

export function check(c: NginxCheck): Finding[] {
  // Only files that set a buffer size can hold the finding.
  if (!c.config.links.directives.some((d) => BUFFER_NAMES.has(d.name))) return [];
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const tree of c.trees) {
    for (const p of treeFacts(tree, c.nw.cache).buffers) {
      if (p.at.file !== c.file) continue;
      const key = `${p.kind}:${p.at.d.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ rule: meta.id, file: c.file, range: p.at.d.nameToken.range, message: messageOf(p), fixes: addBuffersFix(c, p) });
    }
  }
  return out;
}
