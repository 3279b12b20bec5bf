import { nearest } from '../../ip';
import { Ctx } from '../../nginx/directives';
import { ZONE_DECLARATIONS } from '../../nginx/linkNames';
import type { NginxArg, NginxDirective } from '../../nginx/parser';
import { walkLinks, type ConfigCache, type NginxTree } from '../../nginx/tree';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-unknown-zone',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A cache or limit zone (`proxy_cache`, `limit_req zone=`, `limit_conn`) that no `*_cache_path` or `limit_*_zone` of the configuration declares.',
    'zh-cn': '配置中没有任何 `*_cache_path` 或 `limit_*_zone` 声明的缓存或限流 zone（`proxy_cache`、`limit_req zone=`、`limit_conn`）。',
  },
  messages: {
    cache: {
      en: '"{directive}" zone "{name}" is unknown: no {declaration} of this configuration declares keys_zone={name}, so nginx refuses to start (naming the end of the enclosing block, not this line).{suggestion}',
      'zh-cn': '"{directive}" zone "{name}" is unknown：本配置中没有 {declaration} 声明 keys_zone={name}，nginx 因此无法启动（报错指向外层块的结尾，而不是这一行）。{suggestion}',
    },
    limit: {
      en: 'zero size shared memory zone "{name}": no {declaration} of this configuration declares zone={name}, so nginx refuses to start, with a message that names no file or line.{suggestion}',
      'zh-cn': 'zero size shared memory zone "{name}"：本配置中没有 {declaration} 声明 zone={name}，nginx 因此无法启动，且报错不给出文件和行号。{suggestion}',
    },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  },
};

/** Directives using a zone, with the directive that must declare it. */
const DECLARED_BY: Record<string, (typeof ZONE_DECLARATIONS)[number]> = {
  proxy_cache: 'proxy_cache_path',
  fastcgi_cache: 'fastcgi_cache_path',
  scgi_cache: 'scgi_cache_path',
  uwsgi_cache: 'uwsgi_cache_path',
  limit_req: 'limit_req_zone',
  limit_conn: 'limit_conn_zone',
};

const DECLARATIONS: ReadonlySet<string> = new Set(ZONE_DECLARATIONS);

type Family = 'http' | 'stream';

/** Zones declared in a tree, by family and declaring directive: `http:limit_req_zone` → names. */
const declared = new WeakMap<NginxTree, Map<string, Set<string>>>();

function zonesOf(tree: NginxTree, cache: ConfigCache): Map<string, Set<string>> {
  let zones = declared.get(tree);
  if (zones) return zones;
  zones = new Map();
  for (const [file, inclusion] of tree.files) {
    const config = cache.get(file);
    if (!config) continue;
    walkLinks(config, inclusion.context, (d, ctx, _parents, opaque) => {
      if (opaque || !DECLARATIONS.has(d.name)) return;
      const param = d.name.endsWith('_cache_path') ? 'keys_zone=' : 'zone=';
      for (const a of d.args) {
        if (!a.value.startsWith(param)) continue;
        const name = a.value.slice(param.length).split(':')[0];
        const key = `${ctx === Ctx.stream ? 'stream' : 'http'}:${d.name}`;
        let set = zones!.get(key);
        if (!set) zones!.set(key, (set = new Set()));
        set.add(name);
      }
    });
  }
  declared.set(tree, zones);
  return zones;
}

/** The zone a directive names, with its argument and the zone name's offset in it. */
function zoneUse(d: NginxDirective): { arg: NginxArg; name: string; skip: number } | undefined {
  if (d.name === 'limit_req') {
    const arg = d.args.find((a) => a.value.startsWith('zone='));
    return arg && { arg, name: arg.value.slice(5), skip: 5 };
  }
  const arg = d.args[0];
  if (!arg || (d.name !== 'limit_conn' && arg.value === 'off')) return undefined;
  return { arg, name: arg.value, skip: 0 };
}

export function check(c: NginxCheck): Finding[] {
  // Judged only in trees read from a main configuration (a fragment's declarations are unknown).
  if (c.trees.length === 0 || c.trees.some((t) => t.root.stray || t.root.context !== Ctx.main)) return [];
  const out: Finding[] = [];
  for (const { d, ctx, opaque, info } of c.uses) {
    const declaration = DECLARED_BY[d.name];
    if (!declaration || opaque || !info) continue;
    const use = zoneUse(d);
    // Variables choose a cache zone per request (proxy_cache $zone): not judged.
    if (!use || use.name === '' || use.name.includes('$')) continue;
    const family: Family = (ctx & (Ctx.stream | Ctx.streamServer)) !== 0 ? 'stream' : 'http';
    const names = new Set<string>();
    for (const t of c.trees) for (const n of zonesOf(t, c.nw.cache).get(`${family}:${declaration}`) ?? []) names.add(n);
    if (names.has(use.name)) continue;
    const near = nearest(use.name, [...names], Math.max(2, Math.floor(use.name.length / 3)));
    const suggestion = near ? { id: 'suggestion', data: { value: near } } : '';
    const isCache = declaration.endsWith('_cache_path');
    const arg = use.arg;
    // The zone name's own range when the argument is written as its value (no quotes or escapes).
    const plain = arg.raw === arg.value;
    const range = plain ? c.config.lines.rangeOf(arg.start + use.skip, arg.end) : arg.range;
    out.push({
      rule: meta.id,
      file: c.file,
      range,
      message: { id: isCache ? 'cache' : 'limit', data: { directive: d.name, name: use.name, declaration, suggestion } },
      fixes: near && plain ? [{ title: { id: 'replace', data: { value: near } }, safe: false, edits: [{ file: c.file, range, newText: near }] }] : [],
    });
  }
  return out;
}
