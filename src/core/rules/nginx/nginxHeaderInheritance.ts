import { nameList } from '../../l10n';
import { treeFacts } from '../../nginx/facts';
import { LIST_DIRECTIVES } from '../../nginx/linkNames';
import type { LostEntries } from '../../nginx/inheritance';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';
import { lineIndent, type NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-header-inheritance',
  severity: 'warning',
  area: 'nginx',
  description: {
    en: 'A level that sets its own `add_header`, `proxy_set_header` or `fastcgi_param` (and the grpc, uwsgi, scgi twins) and so drops every one set above it: nginx inherits these lists only into a level that sets none.',
    'zh-cn': '某一层自己设置了 `add_header`、`proxy_set_header` 或 `fastcgi_param`（以及 grpc、uwsgi、scgi 的同类指令），从而丢掉了上层设置的全部同类指令：nginx 只在本层一条都没有时才继承它们。',
  },
  messages: {
    lost: {
      en: '{directive} here drops what the "{level}" block above sets: {names} ({where}). nginx inherits {directive} only into a block that sets none itself{consequence}. Repeat them here, or keep all {directive} lines on one level.',
      'zh-cn': '此处的 {directive} 使上层 "{level}" 块设置的内容失效：{names}（{where}）。nginx 只在本块一条 {directive} 都没有时才继承上层的设置{consequence}。请在此重复这些设置，或把所有 {directive} 放在同一层。',
    },
    responses: { en: ', so responses from here go without them', 'zh-cn': '，因此这里的响应不会带上它们' },
    proxied: {
      en: ', so requests proxied from here go without them{host}',
      'zh-cn': '，因此从这里转发的请求不会带上它们{host}',
    },
    host: { en: ' (Host falls back to $proxy_host, the host named in proxy_pass)', 'zh-cn': '（Host 退回为 $proxy_host，即 proxy_pass 中写的主机）' },
    passed: { en: ', so requests passed from here go without them', 'zh-cn': '，因此从这里传递的请求不会带上它们' },
    setAbove: { en: '{name}: set above, not inherited there', 'zh-cn': '{name}：在上层设置，那里不继承' },
    more: { en: '{names} and {count} more', 'zh-cn': '{names} 等 {count} 项' },
    repeat: { en: 'Repeat the {count} inherited {directive} line(s) here', 'zh-cn': '在此重复上层的 {count} 条 {directive}' },
  },
};

const LISTS: ReadonlySet<string> = new Set(LIST_DIRECTIVES);

function levelName(x: LostEntries): string {
  const d = x.above.d;
  return d.name === 'location' ? `location ${d.args.map((a) => a.raw).join(' ')}` : d.name;
}

function consequence(x: LostEntries): MessageRef | string {
  const directive = x.kind.directive;
  if (directive === 'add_header') return { id: 'responses' };
  if (directive.endsWith('_set_header')) {
    const host = x.lost.some((e) => e.d.args[0].value.toLowerCase() === 'host');
    return { id: 'proxied', data: { host: host && directive === 'proxy_set_header' ? { id: 'host' } : '' } };
  }
  return { id: 'passed' };
}

export function check(c: NginxCheck): Finding[] {
  if (!c.config.links.directives.some((d) => LISTS.has(d.name))) return [];
  const out: Finding[] = [];
  const seen = new Set<number>();
  for (const tree of c.trees) {
    for (const x of treeFacts(tree, c.nw.cache).lists) {
      if (x.first.file !== c.file || seen.has(x.first.d.start)) continue;
      seen.add(x.first.d.start);
      const names = [...new Set(x.lost.map((e) => e.d.args[0].value))];
      const shown: MessageRef = names.length > 4 ? { id: 'more', data: { names: nameList(names.slice(0, 3)), count: names.length - 3 } } : nameList(names);
      const lost0 = x.lost[0];
      const lines = c.nw.cache.get(lost0.file)?.lines;
      const where = `${lost0.file}:${lines ? lines.positionAt(lost0.d.start).line + 1 : 1}`;
      const directive = x.kind.directive;
      const fixes: Fix[] = [];
      // Copies of the lost lines, when they are written in this very file, before the first own line.
      if (x.lost.every((e) => e.file === c.file && e.d.terminatorOffset !== undefined)) {
        const line = lineIndent(c, x.first.d);
        if (line) {
          const copies = x.lost.map((e) => `${line.indent}${c.text.slice(e.d.start, e.d.terminatorOffset! + 1)}\n`).join('');
          const at = c.config.lines.positionAt(line.lineStart);
          fixes.push({ title: { id: 'repeat', data: { count: x.lost.length, directive } }, safe: false, edits: [{ file: c.file, range: { start: at, end: at }, newText: copies }] });
        }
      }
      out.push({
        rule: meta.id,
        file: c.file,
        range: x.first.d.nameToken.range,
        message: { id: 'lost', data: { directive, level: levelName(x), names: shown, where, consequence: consequence(x) } },
        fixes,
        related: x.lost.slice(0, 10).map((e) => ({ file: e.file, range: e.d.range, message: { id: 'setAbove', data: { name: e.d.args[0].value } } })),
      });
    }
  }
  return out;
}
