import type { RuleMeta } from '../meta';

/**
 * Reported by the engine (src/core/engine.ts) for a file an analyzer lists but cannot analyze, and
 * on the name in the topology of a listed file that does not exist.
 */
export const meta: RuleMeta = {
  id: 'file-skipped',
  severity: 'warning',
  area: 'workspace',
  description: {
    en: 'A configuration file was not analyzed: missing, unreadable, too large, binary, or the analysis failed.',
    'zh-cn': '某个配置文件未被分析：文件不存在、无法读取、过大、是二进制文件，或分析出错。',
  },
  messages: {
    tooLarge: {
      en: 'Not analyzed: this file is {size} MB, over the {limit} MB limit (setting dubboTopology.lint.maxFileSizeKb).',
      'zh-cn': '未分析：文件大小 {size} MB，超过 {limit} MB 的上限（设置项 dubboTopology.lint.maxFileSizeKb）。',
    },
    binary: {
      en: 'Not analyzed: this file holds NUL bytes and looks binary, not a text configuration.',
      'zh-cn': '未分析：文件包含 NUL 字节，看起来是二进制文件而不是文本配置。',
    },
    unreadable: {
      en: 'Not analyzed: this file cannot be read ({reason}).',
      'zh-cn': '未分析：无法读取此文件（{reason}）。',
    },
    failedAll: {
      en: 'The {analyzer} analysis failed before it could list its files, so none was analyzed ({detail}).',
      'zh-cn': '{analyzer} 分析在列出文件时出错，因此没有分析任何文件（{detail}）。',
    },
    failed: {
      en: 'Not analyzed: the {analyzer} analysis failed on this file ({detail}).',
      'zh-cn': '未分析：{analyzer} 分析此文件时出错（{detail}）。',
    },
    missing: {
      en: 'Not analyzed: {file} does not exist in the workspace.{suggestion}',
      'zh-cn': '未分析：工作区中不存在 {file}。{suggestion}',
    },
    folder: {
      en: 'Not analyzed: {file} is a folder. List the configuration files in it one by one ({first}, …).',
      'zh-cn': '未分析：{file} 是一个目录。请逐个列出其中的配置文件（{first} 等）。',
    },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  },
};
