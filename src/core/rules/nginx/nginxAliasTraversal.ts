import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-alias-traversal',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A prefix `location` without a trailing `/` whose `alias` ends with one: `/static../secret` reads outside the aliased folder (path traversal).',
    'zh-cn': '前缀 `location` 末尾没有 `/`，而其 `alias` 以 `/` 结尾：`/static../secret` 会读到别名目录之外的文件（路径穿越）。',
  },
  messages: {
    traversal: {
      en: 'location {prefix} does not end with "/" but its alias {alias} does: a request for {uri}../{name} reads {outside}{name}, outside {alias} (path traversal). Write location {prefix}/, or drop the last "/" of the alias.',
      'zh-cn': 'location {prefix} 末尾没有 "/"，而其 alias {alias} 有：请求 {uri}../{name} 会读取 {alias} 之外的 {outside}{name}（路径穿越）。请写成 location {prefix}/，或去掉 alias 末尾的 "/"。',
    },
    aliasHere: { en: 'the alias ending with "/"', 'zh-cn': '以 "/" 结尾的 alias' },
    addSlash: { en: 'Write location {prefix}/', 'zh-cn': '改为 location {prefix}/' },
  },
};

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, parents, opaque } of c.uses) {
    if (d.name !== 'alias' || opaque || d.args.length !== 1) continue;
    const alias = d.args[0].value;
    const location = parents[parents.length - 1];
    if (!location || location.name !== 'location' || !alias.endsWith('/') || alias.includes('$')) continue;
    // A prefix location, plain or `^~` (an exact `=` match or a regex takes no `..` suffix this way).
    const args = location.args;
    const prefixArg = args.length === 1 ? args[0] : args.length === 2 && args[0].value === '^~' ? args[1] : undefined;
    if (!prefixArg) continue;
    const prefix = prefixArg.value;
    if (prefix === '' || prefix.endsWith('/') || prefix.startsWith('@') || prefix.startsWith('~') || prefix.startsWith('=')) continue;
    const parent = alias.replace(/[^/]*\/$/, '');
    out.push({
      rule: meta.id,
      file: c.file,
      range: prefixArg.range,
      // The URI a request names: without a `^~` glued to it (`location ^~/media`).
      message: { id: 'traversal', data: { prefix, uri: prefix.startsWith('^~') ? prefix.slice(2) : prefix, alias, name: 'secret', outside: parent } },
      fixes: prefixArg.raw === prefix ? [{ title: { id: 'addSlash', data: { prefix } }, safe: false, edits: [{ file: c.file, range: prefixArg.range, newText: `${prefix}/` }] }] : [],
      related: [{ file: c.file, range: d.range, message: { id: 'aliasHere' } }],
    });
  }
  return out;
}
