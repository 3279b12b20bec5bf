import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'topology-syntax',
  severity: 'error',
  area: 'topology',
  description: { en: 'The topology YAML does not parse.', 'zh-cn': '拓扑文件的 YAML 无法解析。' },
  messages: {
    // {detail}: one of the `yaml/<CODE>...` messages below (topology/yamlErrors.ts reads the library's
    // error into one), else the library's English text as it wrote it.
    yaml: { en: 'YAML syntax error: {detail}', 'zh-cn': 'YAML 语法错误：{detail}' },
    'yaml/BAD_INDENT/mapping': {
      en: 'This line is not lined up with the other keys of its mapping: indent it as they are.',
      'zh-cn': '此行与所在映射中的其他键没有对齐：请使用与它们相同的缩进。',
    },
    'yaml/BAD_INDENT/overIndented': {
      en: '"{key}" is indented further than the keys after it in its mapping, so YAML hangs those on the mapping further out: un-indent it (with any lines under it) to line up with them.',
      'zh-cn': '"{key}" 比同一映射中其后的键缩进得多，YAML 会把其后的键挂到外一层的映射上：请减少它（连同其下各行）的缩进，与其后的键对齐。',
    },
    'yaml/BAD_INDENT/flow': {
      en: 'The "{open}" opened here is not closed: end it with "{close}", and indent every line inside it more than the key it belongs to.',
      'zh-cn': '此处的 "{open}" 没有闭合：请用 "{close}" 结束它，并且其中换行的内容要比它所属的键缩进更多。',
    },
    'yaml/MISSING_CHAR/flow': { en: 'The "{open}" opened here is not closed: end it with "{close}".', 'zh-cn': '此处的 "{open}" 没有闭合：请用 "{close}" 结束它。' },
    'yaml/MISSING_CHAR/quote': { en: 'The quote {quote} opened here is never closed: add the closing {quote}.', 'zh-cn': '此处开始的引号 {quote} 没有闭合：请补上结尾的 {quote}。' },
    'yaml/MISSING_CHAR/comma': {
      en: 'A "," is missing before this item: the items in "{open}…{close}" are separated by commas.',
      'zh-cn': '此项前面缺少 ","："{open}…{close}" 中的各项要用逗号分隔。',
    },
    'yaml/MISSING_CHAR/colon': {
      en: 'This stands where a key is expected but has no ":" after it: write "key: value", or check the indentation.',
      'zh-cn': '此处应为键，但后面没有 ":"：请写成 "键: 值"，或检查缩进。',
    },
    'yaml/MISSING_CHAR/dash': {
      en: 'This line is inside a "-" list but does not start with "-": add "- ", or check its indentation.',
      'zh-cn': '此行位于 "-" 列表中，却没有以 "-" 开头：请加上 "- "，或检查它的缩进。',
    },
    'yaml/MISSING_CHAR/space': { en: 'An anchor (&name) or tag (!tag) must be followed by a space.', 'zh-cn': '锚点（&name）或标签（!tag）后面必须有一个空格。' },
    'yaml/MISSING_CHAR/newline': {
      en: 'The anchor (&name) or tag (!tag) of a "-" list must be on the line before its first item.',
      'zh-cn': '"-" 列表的锚点（&name）或标签（!tag）必须写在第一项的上一行。',
    },
    'yaml/MISSING_CHAR/documentStart': {
      en: 'A "%" directive must be followed by a "---" line before the content; the topology needs no directive: remove it.',
      'zh-cn': '"%" 指令之后必须先有一行 "---" 才能开始内容；拓扑文件不需要指令：请删除它。',
    },
    'yaml/MISSING_CHAR/documentStartLine': {
      en: 'A mapping or list cannot start on the "---" line: move it to the next line.',
      'zh-cn': '映射或列表不能从 "---" 所在的行开始：请把它移到下一行。',
    },
    'yaml/MULTILINE_IMPLICIT_KEY': {
      en: 'YAML reads this line and the lines down to the next ":" as one key, and a key must be on a single line: is a ":" missing here?',
      'zh-cn': '这一行连同其下直到下一个 ":" 的各行会被 YAML 读成一个键，而键必须写在一行内：这里是否漏了 ":"？',
    },
    'yaml/MULTILINE_IMPLICIT_KEY/overIndented': {
      en: '"{key}" is indented more than the line above it, so YAML reads it as part of the value there: indent it as the keys it belongs with.',
      'zh-cn': '"{key}" 比上一行缩进得多，YAML 会把它当作上一行的值的一部分：请按与它同级的键缩进。',
    },
    'yaml/BLOCK_AS_IMPLICIT_KEY/compact': {
      en: 'A value on the line of its key cannot itself hold "key: value": move it to the next line and indent it, or quote it if the ":" is part of the text.',
      'zh-cn': '与键写在同一行的值不能再包含 "键: 值"：请把它移到下一行并缩进；如果 ":" 是文本的一部分，请给值加上引号。',
    },
    'yaml/BLOCK_AS_IMPLICIT_KEY/sequence': {
      en: 'A "-" list item cannot stand where a key of this mapping is expected: check the indentation of this line.',
      'zh-cn': '此处应为该映射的键，不能是 "-" 列表项：请检查此行的缩进。',
    },
    'yaml/DUPLICATE_KEY': { en: 'This key is already in this mapping: remove or rename one of them.', 'zh-cn': '该映射中已有这个键：请删除或重命名其中一个。' },
    'yaml/UNEXPECTED_TOKEN/comma': { en: 'A "," with no item before it: remove it, or write the missing item.', 'zh-cn': '这个 "," 前面没有项：请删除它，或补上缺少的项。' },
    'yaml/UNEXPECTED_TOKEN/close': {
      en: 'This "{close}" closes nothing: remove it, or add the "{open}" it should close.',
      'zh-cn': '这个 "{close}" 没有与之配对的 "{open}"：请删除它，或补上对应的 "{open}"。',
    },
    'yaml/UNEXPECTED_TOKEN/token': {
      en: '"{text}" is not expected here: it belongs to no key or list item. Check the indentation of this line.',
      'zh-cn': '此处不应出现 "{text}"：它不属于任何键或列表项。请检查此行的缩进。',
    },
    'yaml/UNEXPECTED_TOKEN/afterValue': {
      en: 'The value before this is complete, and nothing may follow it: remove this, or check for a missing "," or a wrong indentation.',
      'zh-cn': '它前面的值已经结束，后面不能再有内容：请删除这部分，或检查是否漏了 ","、缩进是否有误。',
    },
    'yaml/UNEXPECTED_TOKEN/dashOnKeyLine': {
      en: 'A "-" list item cannot start on the line of its key: move it to the next line and indent it, or write the list as [a, b].',
      'zh-cn': '"-" 列表项不能与它的键写在同一行：请把它移到下一行并缩进，或写成 [a, b] 的形式。',
    },
    'yaml/UNEXPECTED_TOKEN/blockHeader': {
      en: 'After "{indicator}" only an indentation digit and "+" or "-" may follow on its line: move the text to the next line and indent it.',
      'zh-cn': '"{indicator}" 后面在同一行只能跟缩进数字以及 "+" 或 "-"：请把文本移到下一行并缩进。',
    },
    'yaml/BAD_SCALAR_START': { en: 'A value cannot start with "{char}" unless it is quoted: put the value in quotes.', 'zh-cn': '不加引号的值不能以 "{char}" 开头：请给这个值加上引号。' },
    'yaml/RESOURCE_EXHAUSTION': {
      en: 'The lists or mappings here are nested too deeply to be read (thousands of levels): a topology needs only a few; look for brackets that are never closed or repeated by mistake.',
      'zh-cn': '此处列表或映射嵌套过深（数千层），无法读取：拓扑文件只需要几层嵌套；请检查是否有未闭合或误重复的括号。',
    },
    'yaml/TAB_AS_INDENT': { en: 'A tab is used for indentation here, and YAML allows only spaces: replace it with spaces.', 'zh-cn': '此处用 Tab 缩进，而 YAML 只允许空格：请换成空格。' },
    'yaml/ALIAS_PROPS': {
      en: 'An alias (*name) cannot have an anchor (&name) or tag (!tag) of its own: remove it.',
      'zh-cn': '别名（*name）不能带有自己的锚点（&name）或标签（!tag）：请删除它们。',
    },
    'yaml/BAD_ALIAS/alias': {
      en: '"*" must be followed by the name of an anchor (*name): quote the value if "*" is part of the text.',
      'zh-cn': '"*" 后面必须跟锚点名（*name）：如果 "*" 是文本的一部分，请给值加上引号。',
    },
    'yaml/BAD_ALIAS/anchor': {
      en: '"&" must be followed by a name (&name): quote the value if "&" is part of the text.',
      'zh-cn': '"&" 后面必须跟名称（&name）：如果 "&" 是文本的一部分，请给值加上引号。',
    },
    'yaml/MULTIPLE_ANCHORS': { en: 'A value can have only one anchor (&name): remove the others.', 'zh-cn': '一个值只能有一个锚点（&name）：请删除多余的。' },
    'yaml/MULTIPLE_TAGS': { en: 'A value can have only one tag (!tag): remove the others.', 'zh-cn': '一个值只能有一个标签（!tag）：请删除多余的。' },
    'yaml/BAD_PROP_ORDER': {
      en: 'An anchor (&name) or tag (!tag) must come after "{indicator}", not before it.',
      'zh-cn': '锚点（&name）或标签（!tag）必须写在 "{indicator}" 之后，而不是之前。',
    },
    'yaml/BAD_DQ_ESCAPE': {
      en: 'In double quotes "\\" starts an escape sequence, and "{escape}" is not a valid one: write "\\\\" for a backslash, or use single quotes.',
      'zh-cn': '在双引号中 "\\" 表示转义，而 "{escape}" 不是合法的转义：反斜杠请写成 "\\\\"，或改用单引号。',
    },
    'yaml/BLOCK_IN_FLOW': {
      en: 'A block mapping or "-" list cannot appear inside "[…]" or "{…}": is a "," missing between two items?',
      'zh-cn': '"[…]" 或 "{…}" 中不能出现块格式的映射或 "-" 列表：是否在两项之间漏了 ","？',
    },
    'yaml/MULTIPLE_DOCS': {
      en: 'A second "---" starts another YAML document, and the topology must be one document: remove the "---" line.',
      'zh-cn': '第二个 "---" 开始了另一个 YAML 文档，而拓扑文件只能是一个文档：请删除这一行 "---"。',
    },
    'yaml/BAD_DIRECTIVE': {
      en: 'This "%{name}" directive line is malformed: remove it, as the topology needs no directives.',
      'zh-cn': '这行 "%{name}" 指令的格式不正确：拓扑文件不需要指令，请删除它。',
    },
    'yaml/TAG_RESOLVE_FAILED': {
      en: 'Unknown tag "{tag}": the topology uses no tags. Remove it, or quote the value if "!" is part of the text.',
      'zh-cn': '未知的标签 "{tag}"：拓扑文件不使用标签。请删除它；如果 "!" 是文本的一部分，请给值加上引号。',
    },
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
