import { nameList } from '../../l10n';
import { nearest } from '../../ip';
import { parseAddressList } from '../../dubbo/address';
import type { DubboFile } from '../../dubbo/fileContext';
import { locate, originOf, type ResolvedValue } from '../../dubbo/placeholders';
import { extensions, type Spi } from '../../dubbo/schema';
import { attr, attrValueRange, type XmlAttribute, type XmlElement } from '../../dubbo/xml';
import type { Finding, Fix, MessageRef, Range } from '../../types';
import type { RuleMeta } from '../meta';

export const meta: RuleMeta = {
  id: 'dubbo-unknown-extension',
  severity: 'warning',
  area: 'dubbo',
  description: {
    en: 'An unknown threadpool / loadbalance / cluster / protocol / serialization / registry name.',
    'zh-cn': '未知的 threadpool / loadbalance / cluster / protocol / serialization / registry 扩展名。',
  },
  messages: {
    caseOnly: {
      en: '"{value}" is not a {kind} extension: extension names are matched as written, and this one is "{name}"; start-up fails with "No such extension".',
      'zh-cn': '"{value}" 不是 {kind} 扩展：扩展名区分大小写，应为 "{name}"；否则启动时会报 "No such extension"。',
    },
    unknown: {
      en: '"{value}" is not a {kind} extension of any Dubbo release (known: {known}); unless a jar on the classpath adds it, start-up fails with "No such extension".',
      'zh-cn': '"{value}" 不是任何 Dubbo 版本内置的 {kind} 扩展（已知：{known}）；除非类路径上的 jar 提供了它，否则启动时会报 "No such extension"。',
    },
  },
};

export function check(f: DubboFile): Finding[] {
  const out: Finding[] = [];
  const report = (el: XmlElement, a: XmlAttribute, rv: ResolvedValue, start: number, end: number, kind: Spi) => {
    const value = rv.text.slice(start, end);
    const names = extensions[kind];
    if (names.includes(value)) return;
    // Extension names are looked up as written: `roundRobin` is not `roundrobin`.
    const sameLetters = names.find((n) => n.toLowerCase() === value.toLowerCase());
    const spot = locate(rv, start, end);
    const literal = spot && spot.file === f.file && !rv.segments.some((s) => s.key !== undefined && s.start < end && s.end > start);
    const range: Range = literal ? spot.range : attrValueRange(f.doc, a);
    const fixes: Fix[] = [];
    const guess = sameLetters ?? nearest(value.toLowerCase(), names, 2);
    if (guess && spot) fixes.push({ title: { id: 'common/didYouMean', data: { value: guess } }, safe: false, edits: [{ ...spot, newText: guess }] });
    const origin = originOf(rv, start, end);
    // The registry's transporter is a transporter to the user, whichever SPI reads it.
    const label = kind === 'registry-transporter' ? 'transporter' : kind;
    const message: MessageRef = sameLetters
      ? { id: 'caseOnly', data: { value, kind: label, name: sameLetters } }
      : { id: 'unknown', data: { value, kind: label, known: nameList(names) } };
    out.push(f.finding(meta.id, el, range, message, { fixes, related: origin ? [origin] : undefined }));
  };
  const elements = f.elements;
  for (let i = 0; i < elements.length; i++) {
    const { el, info } = elements[i];
    if (!info) continue;
    const attrs = el.attrs;
    for (let k = 0; k < attrs.length; k++) {
      const a = attrs[k];
      if (a.prefix !== undefined) continue;
      const ai = info.attributes.get(a.local);
      if (!ai?.extension) continue;
      // A literal naming known extensions reads the same from every host: nothing to resolve.
      if (!a.placeholder && allKnown(a.value, ai.list === true, extensions[ai.extension])) continue;
      for (const { rv } of f.values(a)) {
        if (rv.unresolved.length > 0) continue;
        const parts = ai.list ? rv.text.split(',') : [rv.text];
        let off = 0;
        for (const p of parts) {
          const lead = p.length - p.trimStart().length;
          const v = p.trim();
          if (v) report(el, a, rv, off + lead, off + lead + v.length, ai.extension);
          off += p.length + 1;
        }
      }
    }
    if (el.local === 'registry') {
      const a = attr(el, 'address');
      if (!a) continue;
      for (const { rv } of f.values(a)) {
        if (rv.unresolved.length > 0) continue;
        for (const entry of parseAddressList(rv.text)) {
          if (entry.scheme !== undefined && entry.schemeStart !== undefined) {
            report(el, a, rv, entry.schemeStart, entry.schemeStart + entry.scheme.length, 'registry');
          }
        }
      }
    }
  }
  return dedupe(out);
}

/** Whether every name of a value (each comma-separated part of a list) is one of `names`. */
function allKnown(value: string, list: boolean, names: readonly string[]): boolean {
  if (!list) return known(value.trim(), names);
  for (const p of value.split(',')) if (!known(p.trim(), names)) return false;
  return true;
}

function known(v: string, names: readonly string[]): boolean {
  return v === '' || names.includes(v);
}

function dedupe(fs: Finding[]): Finding[] {
  const seen = new Set<string>();
  return fs.filter((x) => {
    const k = `${x.range.start.line}:${x.range.start.character}:${x.range.end.character}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
