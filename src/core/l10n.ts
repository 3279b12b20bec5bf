import type { Locale, MessageRef } from './types';
import type { MessageTemplate } from './rules/meta';

/** Messages that belong to no single rule (related-information labels, engine notes). */
export const commonMessages: Record<string, MessageTemplate> = {
  'common/topologyHost': { en: 'host {host} ({region}) in the topology', 'zh-cn': '拓扑中的主机 {host}（{region}）' },
  'common/definedHere': { en: '{key} is defined here', 'zh-cn': '{key} 在此定义' },
  'common/didYouMean': { en: 'Replace with "{value}"', 'zh-cn': '替换为 "{value}"' },
};

export function normalizeLocale(s: string | undefined): Locale {
  const l = (s ?? '').toLowerCase();
  return l.startsWith('zh') ? 'zh-cn' : 'en';
}

export function format(
  template: string,
  data: MessageRef['data'],
  nested: (ref: MessageRef) => string = (r) => r.id,
): string {
  if (!data) return template;
  return template.replace(/\{(\w+)\}/g, (m, k: string) => {
    if (!(k in data)) return m;
    const v = data[k];
    if (Array.isArray(v)) return v.map(nested).join('; ');
    return typeof v === 'object' ? nested(v) : String(v);
  });
}

/** Localizes a message reference against a lookup of templates. Unknown ids fall back to the id. */
export function localize(
  ref: MessageRef,
  locale: Locale,
  lookup: (id: string) => MessageTemplate | undefined,
): string {
  const t = lookup(ref.id) ?? commonMessages[ref.id];
  const nested = (r: MessageRef) => localize(r, locale, lookup);
  if (!t) return format(ref.id, ref.data, nested);
  return format(t[locale] ?? t.en, ref.data, nested);
}
