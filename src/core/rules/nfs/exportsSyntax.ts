import { parseExports, type ExportsErrorCode } from '../../nfs/exports';
import type { Finding, Fix } from '../../types';
import type { RuleMeta, MessageTemplate } from '../meta';
import { listItemRanges, type ExportsCheck, type TopologyShareCheck } from './context';

const messages: Record<ExportsErrorCode | 'replace' | 'unknownShareOption', MessageTemplate> = {
  unterminatedQuote: { en: 'Unterminated double quote.', 'zh-cn': '双引号未闭合。' },
  relativePath: {
    en: 'The exported path "{path}" must be absolute (start with /).',
    'zh-cn': '导出路径 "{path}" 必须是绝对路径（以 / 开头）。',
  },
  unclosedOptions: { en: 'Option list without closing ")".', 'zh-cn': '选项列表缺少右括号 ")"。' },
  textAfterOptions: {
    en: 'Unexpected "{text}" after ")": exportfs rejects this client ("bad option list").',
    'zh-cn': '")" 之后多出 "{text}"：exportfs 会拒绝此客户端（bad option list）。',
  },
  unknownOption: {
    en: 'Unknown export option "{name}": exportfs rejects the whole entry.',
    'zh-cn': '未知的导出选项 "{name}"：exportfs 会拒绝整条导出。',
  },
  optionNeedsValue: { en: 'Option "{name}" needs a value ({name}=…).', 'zh-cn': '选项 "{name}" 需要取值（{name}=…）。' },
  optionTakesNoValue: { en: 'Option "{name}" takes no value.', 'zh-cn': '选项 "{name}" 不接受取值。' },
  badOptionValue: {
    en: 'Invalid value "{value}" for {name}: expected {expected}.',
    'zh-cn': '{name} 的取值 "{value}" 无效：应为{expected}。',
  },
  emptyOption: { en: 'Empty option in the list (two commas, or a leading comma).', 'zh-cn': '选项列表中有空选项（连续逗号或开头逗号）。' },
  misplacedDefaults: {
    en: 'Default options ("{word}") must come right after the path; here it is read as a host name.',
    'zh-cn': '默认选项（"{word}"）必须紧跟在路径之后；此处会被当作主机名。',
  },
  badClient: { en: '"{host}" is not a valid client (host, IP, network, @netgroup or wildcard).', 'zh-cn': '"{host}" 不是合法的客户端（主机名、IP、网段、@netgroup 或通配符）。' },
  bracketedIpv6: { en: 'IPv6 clients are written without brackets: "{host}".', 'zh-cn': 'IPv6 客户端不加方括号："{host}"。' },
  badCidr: {
    en: '"{host}" is not a valid network: use address/length (IPv6 must use a length) or address/netmask.',
    'zh-cn': '"{host}" 不是合法的网段：应写成 地址/前缀长度（IPv6 必须用前缀长度）或 地址/掩码。',
  },
  unknownShareOption: {
    en: 'Invalid export option "{name}" in share {share}: the setup command would write an entry exportfs rejects.',
    'zh-cn': '共享 {share} 中有无效的导出选项 "{name}"：设置命令写入的导出会被 exportfs 拒绝。',
  },
  replace: { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
};

export const meta: RuleMeta = {
  id: 'exports-syntax',
  severity: 'error',
  area: 'nfs',
  description: { en: 'A malformed /etc/exports line.', 'zh-cn': '/etc/exports 行格式错误。' },
  messages,
};

/** Fixes that only make the line readable as written are safe; choosing an option for the user is not. */
const SAFE: ReadonlySet<ExportsErrorCode> = new Set(['unclosedOptions', 'bracketedIpv6']);

export function check(c: ExportsCheck): Finding[] {
  return c.parsed.errors.map((e) => {
    const fixes: Fix[] = e.fix
      ? [
          {
            title: { id: 'replace', data: { value: e.fix.newText } },
            safe: SAFE.has(e.code),
            edits: [{ file: c.file, range: e.fix.range, newText: e.fix.newText }],
          },
        ]
      : [];
    return { rule: meta.id, file: c.file, range: e.range, message: { id: e.code, data: e.data }, fixes };
  });
}

/** Share `options` in the topology are written to /etc/exports by the setup command: check them too. */
export function checkTopology(c: TopologyShareCheck): Finding[] {
  const out: Finding[] = [];
  for (const share of c.ctx.topology.shares) {
    const ranges = listItemRanges(c.text, share, 'options', share.options);
    share.options.forEach((o, i) => {
      // Checked exactly as exportfs would read it in the line the setup command writes.
      const bad = o === '' || /[\s,()]/.test(o) || parseExports(`/x h(${o})`).errors.length > 0;
      const range = ranges[i];
      if (bad && range) {
        out.push({ rule: meta.id, file: c.ctx.topology.file, range, message: { id: 'unknownShareOption', data: { name: o, share: share.id } } });
      }
    });
  }
  return out;
}
