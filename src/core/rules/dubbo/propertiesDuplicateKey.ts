import type { PropertiesFile, PropertyEntry } from '../../properties/parse';
import type { Finding } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'properties-duplicate-key',
  severity: 'warning',
  area: 'properties',
  description: {
    en: 'A key defined twice in one properties file that a config uses.',
    'zh-cn': '配置引用的键在同一个 properties 文件中定义了两次。',
  },
  messages: {
    duplicate: {
      en: '{key} is defined again on line {line}; java.util.Properties keeps the last value, so this one ("{value}") is ignored.',
      'zh-cn': '{key} 在第 {line} 行再次定义；java.util.Properties 只保留最后一个值，这里的值（"{value}"）被忽略。',
    },
    remove: { en: 'Remove this ignored line', 'zh-cn': '删除这一被忽略的行' },
  },
};

/**
 * Every definition of a used key but the last, which is the one that counts; within one Spring Boot
 * document (a later document setting a key again, for a profile, overrides it on purpose).
 */
export function check(file: string, props: PropertiesFile, used: ReadonlySet<string>): Finding[] {
  // Every key defined once (the usual case): nothing to report.
  if (props.byKey.size === props.entries.length) return [];
  const byKey = new Map<string, PropertyEntry[]>();
  for (const e of props.entries) {
    const k = `${e.document ?? 0}\u0000${e.key}`;
    const list = byKey.get(k);
    if (list) list.push(e);
    else byKey.set(k, [e]);
  }
  const out: Finding[] = [];
  for (const entries of byKey.values()) {
    const key = entries[0].key;
    if (entries.length < 2 || !used.has(key)) continue;
    const last = entries[entries.length - 1];
    for (const e of entries.slice(0, -1)) {
      out.push({
        rule: meta.id,
        file,
        range: e.keyRange,
        message: { id: 'duplicate', data: { key, line: last.range.start.line + 1, value: e.value } },
        related: [{ file, range: last.keyRange, message: { id: 'common/definedHere', data: { key } } }],
        fixes: [
          {
            title: { id: 'remove' },
            safe: true,
            edits: [{ file, range: { start: { line: e.range.start.line, character: 0 }, end: { line: e.range.end.line + 1, character: 0 } }, newText: '' }],
          },
        ],
      });
    }
  }
  return out;
}
