import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'topology-syntax',
  severity: 'error',
  area: 'topology',
  description: { en: 'The topology YAML does not parse.', 'zh-cn': '拓扑文件的 YAML 无法解析。' },
  messages: {
    yaml: { en: 'YAML syntax error: {detail}', 'zh-cn': 'YAML 语法错误：{detail}' },
  },
};
