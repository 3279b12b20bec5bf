import type { RuleMeta } from '../meta';

/** Findings come from topology/schemaCheck.ts, which walks the YAML against the contributed JSON Schema. */
export const meta: RuleMeta = {
  id: 'topology-schema',
  severity: 'error',
  area: 'topology',
  description: {
    en: 'Unknown key, wrong type or missing field in the topology file.',
    'zh-cn': '拓扑文件中有未知键、类型错误或缺少字段。',
  },
  messages: {
    unknownKey: { en: 'Unknown key "{key}" in {path}; expected one of: {expected}.{suggestion}', 'zh-cn': '{path} 中有未知键 "{key}"；可用的键：{expected}。{suggestion}' },
    wrongType: { en: '{path}: expected {expected}, found {actual}.{hint}', 'zh-cn': '{path}：应为{expected}，实际为{actual}。{hint}' },
    empty: { en: '{path}: expected {expected}, found nothing.', 'zh-cn': '{path}：应为{expected}，但没有值。' },
    quoteText: { en: ' Put it in quotes if it is meant as text: "{value}".', 'zh-cn': '如果它是文本，请加上引号："{value}"。' },
    quotedNumber: { en: ' Write the number without quotes: {value}.', 'zh-cn': '请去掉引号，直接写数字：{value}。' },
    typeObject: { en: 'object', 'zh-cn': '映射' },
    typeArray: { en: 'array', 'zh-cn': '列表' },
    typeString: { en: 'string', 'zh-cn': '字符串' },
    typeInteger: { en: 'integer', 'zh-cn': '整数' },
    typeNumber: { en: 'number', 'zh-cn': '数字' },
    typeBoolean: { en: 'boolean', 'zh-cn': '布尔值' },
    typeNull: { en: 'nothing', 'zh-cn': '空值' },
    either: { en: '{a} | {b}', 'zh-cn': '{a} | {b}' },
    missing: { en: '{path}: missing required field "{key}".', 'zh-cn': '{path}：缺少必填字段 "{key}"。' },
    notInEnum: { en: '{path}: "{value}" is not one of {expected}.', 'zh-cn': '{path}："{value}" 不在可选值 {expected} 中。' },
    tooSmall: { en: '{path}: {value} is below the minimum {limit}.', 'zh-cn': '{path}：{value} 小于最小值 {limit}。' },
    tooLarge: { en: '{path}: {value} is above the maximum {limit}.', 'zh-cn': '{path}：{value} 大于最大值 {limit}。' },
    tooFew: { en: '{path}: needs at least {count} item(s).', 'zh-cn': '{path}：至少需要 {count} 项。' },
    unknownName: { en: 'Unknown name "{key}" in {path}.{suggestion}', 'zh-cn': '{path} 中有未知名称 "{key}"。{suggestion}' },
    suggestion: { en: ' Did you mean "{value}"?', 'zh-cn': '是否应为 "{value}"？' },
    replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
    badId: { en: '{path}: ids must match {pattern}.', 'zh-cn': '{path}：id 必须匹配 {pattern}。' },
    notMapping: { en: 'The topology file must be a mapping with version, regions, services and shares.', 'zh-cn': '拓扑文件必须是包含 version、regions、services、shares 的映射。' },
    unknownRegion: { en: 'Unknown region "{id}" in deploy.order.{suggestion}', 'zh-cn': 'deploy.order 中有未知地域 "{id}"。{suggestion}' },
    regionName: {
      en: 'Unknown region "{id}" in deploy.order: {id} is the name of region {region}, and deploy.order takes region ids.',
      'zh-cn': 'deploy.order 中有未知地域 "{id}"：{id} 是地域 {region} 的名称，而 deploy.order 需要填写地域 id。',
    },
    duplicateHost: { en: 'Host id "{id}" is already used in region {region}; host ids are unique across regions.', 'zh-cn': '主机 id "{id}" 已在地域 {region} 中使用；主机 id 在所有地域中必须唯一。' },
  },
};
