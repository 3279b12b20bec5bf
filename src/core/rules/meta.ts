import type { Locale, Severity, SeveritySetting } from '../types';

/** A message template in both shipped languages. `{name}` is replaced by the finding's data. */
export interface MessageTemplate {
  en: string;
  'zh-cn': string;
}

/**
 * The description of one rule. Every rule lives in its own module under src/core/rules/<area>/,
 * exports its `meta`, and is listed in src/core/rules/catalog.ts; docs/rules/<id>.md documents it
 * (docs/rules/zh-cn/<id>.md in Simplified Chinese) and test/unit/rules/<id>.test.ts tests it (tests
 * check they all exist, and that the two pages agree).
 */
export interface RuleMeta {
  id: string;
  /** Default severity; `off` rules run only when enabled, at `offSeverity` unless overridden. */
  severity: SeveritySetting;
  /** Severity used when an `off` rule is switched on with `on`/`true`, or shown in docs. */
  offSeverity?: Severity;
  area: 'topology' | 'address' | 'dubbo' | 'properties' | 'zookeeper' | 'nginx' | 'nfs' | 'workspace';
  description: MessageTemplate;
  /** Message templates by id; the first is the rule's main message. Fix titles live here too. */
  messages: Record<string, MessageTemplate>;
}

/** The rule's page, in the reader's language: docs/rules/<id>.md, docs/rules/zh-cn/<id>.md. */
export function docsUrl(id: string, locale: Locale = 'en'): string {
  const dir = locale === 'zh-cn' ? 'docs/rules/zh-cn' : 'docs/rules';
  return `https://github.com/dubbo-topology/dubbo-topology/blob/main/${dir}/${id}.md`;
}
