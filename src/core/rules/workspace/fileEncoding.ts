import type { RuleMeta } from '../meta';

/**
 * Reported by the engine (src/core/engine.ts) for a file whose bytes are not all UTF-8, and by the
 * properties analyzer for a properties file that begins with a byte order mark.
 */
export const meta: RuleMeta = {
  id: 'file-encoding',
  severity: 'warning',
  area: 'workspace',
  description: {
    en: 'A configuration file is not valid UTF-8 (for example a GBK comment; it is analyzed with the bad bytes replaced), or a properties file begins with a byte order mark.',
    'zh-cn': '配置文件不是合法的 UTF-8（例如 GBK 编码的注释；分析时非法字节被替换），或 properties 文件以字节顺序标记开头。',
  },
  messages: {
    notUtf8: {
      en: 'This file is not valid UTF-8 from here on (GBK or another legacy encoding?): the bytes show as �. Save it as UTF-8.',
      'zh-cn': '此文件从这里起不是合法的 UTF-8（GBK 或其他旧编码？）：这些字节显示为 �。请以 UTF-8 保存。',
    },
    bomProperties: {
      en: 'This file begins with a UTF-8 byte order mark (BOM, invisible in most editors). Java keeps it as part of the first key, so "{key}" is not defined for Spring or Dubbo. Save the file as UTF-8 without BOM.',
      'zh-cn': '此文件以 UTF-8 字节顺序标记（BOM，多数编辑器中不可见）开头。Java 会把它当作第一个键的一部分，因此 Spring 和 Dubbo 读不到 "{key}"。请以不带 BOM 的 UTF-8 保存该文件。',
    },
  },
};
