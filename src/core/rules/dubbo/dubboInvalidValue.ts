import type { DubboFile } from '../../dubbo/fileContext';
import { locate, originOf } from '../../dubbo/placeholders';
import { type AttributeInfo, checkValue, toMilliseconds } from '../../dubbo/schema';
import { writtenSetting } from '../../dubbo/propertiesConfig';
import { attrValueRange } from '../../dubbo/xml';
import { describeHosts } from '../../topology/reach';
import type { Finding, Fix, MessageRef } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-invalid-value',
  severity: 'error',
  area: 'dubbo',
  description: {
    en: 'A value of the wrong type (`timeout="6s"`, `retries="x"`).',
    'zh-cn': '属性值类型错误（如 `timeout="6s"`、`retries="x"`）。',
  },
  messages: {
    invalid: {
      en: '{setting} is not {expected}; Dubbo fails to start when it converts it.{where}',
      'zh-cn': '{setting} 不是{expected}，Dubbo 启动时转换会失败。{where}',
    },
    invalidKey: {
      en: '{setting} is not {expected}; Spring fails to bind it and the application does not start.{where}',
      'zh-cn': '{setting} 不是{expected}，Spring 绑定失败，应用无法启动。{where}',
    },
    where: { en: ' (the value of {placeholder} on {hosts})', 'zh-cn': '（{hosts} 上 {placeholder} 的值）' },
    'expect.integer': { en: 'a whole number', 'zh-cn': '整数' },
    'expect.integer.ms': { en: 'a whole number of milliseconds', 'zh-cn': '以毫秒为单位的整数' },
    'expect.integer.bytes': { en: 'a whole number of bytes', 'zh-cn': '以字节为单位的整数' },
    'expect.long': { en: 'a whole number', 'zh-cn': '整数' },
    'expect.float': { en: 'a number', 'zh-cn': '数字' },
    'expect.boolean': { en: 'true or false', 'zh-cn': 'true 或 false' },
    'expect.xsdBoolean': { en: 'true, false, 1 or 0 (the XSD checks it as written)', 'zh-cn': 'true、false、1 或 0（XSD 按原文校验）' },
    'expect.duration': { en: 'an XML duration such as PT10S', 'zh-cn': 'XML 时长（如 PT10S）' },
    'expect.port': { en: 'a port number (1–65535; 0 for the protocol\'s default, a negative number such as -1 for a random port)', 'zh-cn': '端口号（1–65535；0 表示协议的默认端口，-1 等负数表示随机端口）' },
    'expect.reconnect': { en: 'true, false or a number of milliseconds', 'zh-cn': 'true、false 或毫秒数' },
    'expect.range': { en: 'a number between {min} and {max}', 'zh-cn': '{min} 到 {max} 之间的数字' },
    replace: { en: 'Write {value}', 'zh-cn': '改为 {value}' },
  },
};

function expected(a: AttributeInfo, p: NonNullable<ReturnType<typeof checkValue>>): MessageRef {
  if (p.kind === 'range') return { id: 'expect.range', data: { min: p.min, max: p.max } };
  if (p.expected === 'integer' && a.unit) return { id: `expect.integer.${a.unit}` };
  return { id: `expect.${p.expected}` };
}

/** A value the user most likely meant: `6s` → 6000 for milliseconds, `yes` → true. */
function repair(a: AttributeInfo, value: string): string | undefined {
  const v = value.trim();
  if (a.type === 'integer' && a.unit === 'ms') {
    const ms = toMilliseconds(v);
    if (ms !== undefined) return String(ms);
  }
  if (a.type === 'boolean' || a.type === 'reconnect') {
    if (/^(yes|on|y)$/i.test(v) || (a.type === 'boolean' && v === '1')) return 'true';
    if (/^(no|off|n)$/i.test(v) || (a.type === 'boolean' && v === '0')) return 'false';
    if (/^(true|false)$/i.test(v.replace(/\s/g, ''))) return v.replace(/\s/g, '').toLowerCase();
  }
  if ((a.type === 'integer' || a.type === 'port' || a.type === 'long') && /^\s*[+-]?\d[\d_,]*\s*$/.test(v) && /[_,]/.test(v)) {
    return v.replace(/[\s_,]/g, '');
  }
  return undefined;
}

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const elements = f.elements;
  const xsd = f.doc.format === undefined;
  for (let i = 0; i < elements.length; i++) {
    const { el, info } = elements[i];
    if (!info) continue;
    const attrs = el.attrs;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k];
      if (a.prefix !== undefined) continue;
      const ai = info.attributes.get(a.local);
      if (!ai || ai.type === 'string') continue;
      // A literal value reads the same from every host: nothing to resolve when it is valid.
      if (!a.placeholder && !checkValue(ai, a.value, xsd)) continue;
      for (const { rv, vantage } of f.values(a)) {
        if (rv.unresolved.length > 0) continue;
        const problem = checkValue(ai, rv.text, xsd);
        if (!problem) continue;
        const origin = originOf(rv, 0, rv.text.length);
        const key = rv.segments.find((s) => s.key !== undefined)?.key;
        const where: string | MessageRef =
          origin && key !== undefined ? { id: 'where', data: { placeholder: `\${${key}}`, hosts: describeHosts(vantage.map((v) => v.host)) } } : '';
        const fixes: Fix[] = [];
        const better = repair(ai, rv.text);
        const spot = locate(rv, 0, rv.text.length);
        if (better !== undefined && spot) {
          fixes.push({ title: { id: 'replace', data: { value: better } }, safe: true, edits: [{ ...spot, newText: better }] });
        }
        out.push(
          f.finding(
            meta.id,
            el,
            attrValueRange(f.doc, a),
            { id: xsd ? 'invalid' : 'invalidKey', data: { setting: writtenSetting(f.doc, a, rv.text), expected: expected(ai, problem), where } },
            { fixes, related: origin ? [origin] : undefined },
          ),
        );
        break;
      }
    }
  }
  return out;
}
