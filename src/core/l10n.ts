import type { Locale, MessageRef } from './types';
import type { MessageTemplate } from './rules/meta';

/** Messages that belong to no single rule (related-information labels, engine notes). */
export const commonMessages: Record<string, MessageTemplate> = {
  'common/topologyHost': { en: 'host {host} ({region}) in the topology', 'zh-cn': '拓扑中的主机 {host}（{region}）' },
  'common/definedHere': { en: '{key} is defined here', 'zh-cn': '{key} 在此定义' },
  'common/didYouMean': { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
  'common/text': { en: '{en}', 'zh-cn': '{zh}' },
};

/** A value of a message's data written for each language already (a list of hosts with regions). */
export function perLocale(text: Record<Locale, string>): MessageRef {
  return { id: 'common/text', data: { en: text.en, zh: text['zh-cn'] } };
}

/** Names (regions, hosts, files) listed as the language lists them: `华东1, 华东2`; in Chinese `华东1、华东2`. */
export function nameList(names: readonly string[]): MessageRef {
  return perLocale({ en: names.join(', '), 'zh-cn': names.join('、') });
}

/** Items that may hold commas, joined with the language's semicolon: `a; b`; in Chinese `a；b`. */
export function semicolonList(items: readonly string[], locale: Locale): string {
  return items.join(locale === 'zh-cn' ? '；' : '; ');
}

/** Sentences one after another: a space after each full stop; none after a Chinese `。`. */
export function sentences(parts: readonly string[], locale: Locale): string {
  return parts.join(locale === 'zh-cn' ? '' : ' ');
}

export function normalizeLocale(s: string | undefined): Locale {
  const l = (s ?? '').toLowerCase();
  return l.startsWith('zh') ? 'zh-cn' : 'en';
}

/**
 * A template split at its `{name}` placeholders: text, name, text, name, ..., text. Templates are a
 * few hundred constant strings, each filled in for thousands of findings, so each is split once.
 */
const splits = new Map<string, string[]>();

function split(template: string): string[] {
  let parts = splits.get(template);
  if (!parts) {
    parts = [];
    const re = /\{(\w+)\}/g;
    let last = 0;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      parts.push(template.slice(last, m.index), m[1]);
      last = m.index + m[0].length;
    }
    parts.push(template.slice(last));
    // Unlike the templates, a message id used as its own template (unknown ids) may be anything.
    if (splits.size >= 10_000) splits.clear();
    splits.set(template, parts);
  }
  return parts;
}

/** How the items of a list in a message are joined: Chinese text takes the full-width semicolon. */
const LIST_SEPARATOR: Record<Locale, string> = { en: '; ', 'zh-cn': '；' };

export function format(
  template: string,
  data: MessageRef['data'],
  nested: (ref: MessageRef) => string = (r) => r.id,
  separator = LIST_SEPARATOR.en,
): string {
  if (!data) return template;
  const parts = split(template);
  if (parts.length === 1) return template;
  let out = parts[0];
  for (let i = 1; i < parts.length; i += 2) {
    const k = parts[i];
    if (!(k in data)) out += `{${k}}`;
    else {
      const v = data[k];
      out += Array.isArray(v) ? v.map(nested).join(separator) : typeof v === 'object' ? nested(v) : String(v);
    }
    out += parts[i + 1];
  }
  return out;
}

/** Localizes a message reference against a lookup of templates. Unknown ids fall back to the id. */
export function localize(
  ref: MessageRef,
  locale: Locale,
  lookup: (id: string) => MessageTemplate | undefined,
): string {
  const t = lookup(ref.id) ?? commonMessages[ref.id];
  const nested = (r: MessageRef) => localize(r, locale, lookup);
  const text = format(t ? (t[locale] ?? t.en) : ref.id, ref.data, nested, LIST_SEPARATOR[locale]);
  return locale === 'zh-cn' ? tidyChinese(text) : text;
}

/** Full-width punctuation, which Chinese text sets with no space on either side. */
const SPACED_PUNCTUATION = /[ ]+([（）。，、；：！？])|([（）。，、；：！？])[ ]+/g;

/**
 * Chinese text as it is set: no space beside full-width punctuation. A template writes a space
 * between Chinese and a value that may start or end with Latin (`{hosts} 无法访问`); the value
 * `api-2（华东2）` ends with a full-width parenthesis, which takes none.
 */
export function tidyChinese(s: string): string {
  return s.includes(' ') ? s.replace(SPACED_PUNCTUATION, '$1$2') : s;
}
