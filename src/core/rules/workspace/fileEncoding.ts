import type { RuleMeta } from '../meta';

/** Reported by the engine (src/core/engine.ts) for a file whose bytes are not all UTF-8. */
export const meta: RuleMeta = {
  id: 'file-encoding',
  severity: 'warning',
  area: 'workspace',
  description: {
    en: 'A configuration file is not valid UTF-8 (for example a GBK comment); it is analyzed with the bad bytes replaced.',
    'zh-cn': '配置文件不是合法的 UTF-8（例如 GBK 编码的注释）；分析时非法字节被替换。',
  },
  messages: {
    notUtf8: {
      en: 'This file is not valid UTF-8 from here on (GBK or another legacy encoding?): the bytes show as �. Save it as UTF-8.',
      'zh-cn': '此文件从这里起不是合法的 UTF-8（GBK 或其他旧编码？）：这些字节显示为 �。请以 UTF-8 保存。',
    },
  },
};
