import { editDistanceWithin } from '../../ip';
import { allDirectiveNames, directivesIn, FREE, isKnown } from '../../nginx/directives';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-unknown-directive',
  severity: 'warning',
  area: 'nginx',
  description: {
    en: 'A directive the nginx reference does not know (a typo, or a third-party module).',
    'zh-cn': 'nginx 参考文档中不存在的指令（拼写错误或第三方模块）。',
  },
  messages: {
    unknown: {
      en: 'unknown directive "{name}": no nginx module documents it, so nginx refuses to start unless a third-party module provides it.',
      'zh-cn': '未知指令 "{name}"：没有 nginx 模块定义它；除非有第三方模块提供，否则 nginx 无法启动。',
    },
    unknownDidYouMean: {
      en: 'unknown directive "{name}"; did you mean "{suggestion}"?',
      'zh-cn': '未知指令 "{name}"；是否想写 "{suggestion}"？',
    },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  },
};

/** The closest known directive name (those allowed in the context first), within a small distance. */
export function suggestDirective(name: string, ctx: number): string | undefined {
  // Remembered: every re-analysis of a file being typed asks again for the same unknown names.
  const key = `${ctx}\u0000${name}`;
  if (suggestions.has(key)) return suggestions.get(key);
  const max = name.length <= 4 ? 1 : 2;
  const pick = (names: string[]): string | undefined => {
    let best: string | undefined;
    let bestD = max + 1;
    for (const n of names) {
      const d = editDistanceWithin(name, n, bestD - 1);
      if (d < bestD) {
        best = n;
        bestD = d;
      }
    }
    return best;
  };
  const found = (ctx > 0 ? pick(directivesIn(ctx).map((d) => d.name)) : undefined) ?? pick(allDirectiveNames());
  if (suggestions.size >= 4096) suggestions.clear();
  suggestions.set(key, found);
  return found;
}

const suggestions = new Map<string, string | undefined>();

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, ctx, opaque } of c.uses) {
    if (opaque || ctx === FREE || d.name === '' || isKnown(d.name)) continue;
    const suggestion = suggestDirective(d.name, ctx);
    out.push({
      rule: meta.id,
      file: c.file,
      range: d.nameToken.range,
      message: suggestion ? { id: 'unknownDidYouMean', data: { name: d.name, suggestion } } : { id: 'unknown', data: { name: d.name } },
      fixes: suggestion
        ? [{ title: { id: 'replace', data: { value: suggestion } }, safe: false, edits: [{ file: c.file, range: d.nameToken.range, newText: suggestion }] }]
        : [],
    });
  }
  return out;
}
