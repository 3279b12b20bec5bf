import { contextName, contextNames, variants } from '../../nginx/directives';
import { nameList } from '../../l10n';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';
import type { NginxCheck } from './context';

export const meta: RuleMeta = {
  id: 'nginx-directive-context',
  severity: 'error',
  area: 'nginx',
  description: {
    en: 'A directive written in a block where nginx does not allow it.',
    'zh-cn': '指令写在了 nginx 不允许的块中。',
  },
  messages: {
    notAllowed: {
      en: '"{name}" directive is not allowed here (in {context}): it belongs in {allowed}.',
      'zh-cn': '"{name}" 指令不能写在这里（{context} 中）：它只能写在 {allowed} 中。',
    },
  },
};

export function check(c: NginxCheck): Finding[] {
  const out: Finding[] = [];
  for (const { d, ctx, opaque, info } of c.uses) {
    if (opaque || ctx <= 0 || info) continue;
    const vs = variants(d.name);
    if (vs.length === 0) continue;
    const allowed = nameList([...new Set(vs.flatMap((v) => contextNames(v.contexts)))]);
    out.push({
      rule: meta.id,
      file: c.file,
      range: d.nameToken.range,
      message: { id: 'notAllowed', data: { name: d.name, context: contextName(ctx), allowed } },
    });
  }
  return out;
}
