import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'topology-syntax',
  severity: 'error',
  area: 'topology',
  description: { en: 'The topology YAML does not parse.', 'zh-cn': '拓扑文件的 YAML 无法解析。' },
  messages: {
    yaml: { en: 'YAML syntax error: {detail}', 'zh-cn': 'YAML 语法错误：{detail}' },
    duplicateKey: { en: 'Duplicate key "{key}": it is already written on line {line}. Remove or rename one of them.', 'zh-cn': '重复的键 "{key}"：第 {line} 行已经写过。请删除或重命名其中一个。' },
    fullWidthColon: {
      en: '"：" is a full-width colon, and YAML reads only ":" as the end of a key: type ":" followed by a space.',
      'zh-cn': '“：”是全角冒号，YAML 只把半角 ":" 当作键的结束：请改为 ":" 并在其后加一个空格。',
    },
    typeColon: { en: 'Type ":"', 'zh-cn': '改为 ":"' },
    noSpaceAfterColon: {
      en: '"{token}" has no space after ":", so YAML reads it as one piece of text: write "{fixed}".',
      'zh-cn': '"{token}" 的 ":" 后面没有空格，YAML 会把它整个当作一段文本：请写成 "{fixed}"。',
    },
    write: { en: 'Write "{fixed}"', 'zh-cn': '改为 "{fixed}"' },
    tabIndent: {
      en: 'A tab indents this line, and YAML allows only spaces: replace it with spaces (read here as {width} columns per tab).',
      'zh-cn': '此行用 Tab 缩进，而 YAML 只允许空格：请换成空格（此处按每个 Tab {width} 列读取）。',
    },
    tabFix: { en: 'Replace the tabs with spaces', 'zh-cn': '将 Tab 替换为空格' },
    aliasUnknown: { en: 'Alias *{name} names no anchor: write &{name} on a value above it, or write the value here.', 'zh-cn': '别名 *{name} 没有对应的锚点：请在它上方的某个值上写 &{name}，或在此处直接写出值。' },
    aliasLoop: { en: 'Alias *{name} is inside the value anchored &{name}: that value would contain itself. Write the value here instead.', 'zh-cn': '别名 *{name} 位于锚点 &{name} 所标记的值内部：该值将包含它自身。请在此处直接写出值。' },
    aliasTooLarge: {
      en: 'Following the aliases of this file would give more than {limit} values, so none is followed. Write the values out instead.',
      'zh-cn': '展开本文件的别名将产生超过 {limit} 个值，因此不展开任何别名。请直接写出这些值。',
    },
  },
};
