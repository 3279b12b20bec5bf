import type { AnalyzerContext, Vantage } from '../analyzer';
import type { Finding, MessageRef, Range } from '../types';
import { attributeOverride, dubboModel, literalValue, parseCached, resolveAttribute, type DubboModel } from './model';
import { anyOverrides } from './overrides';
import type { ResolvedValue } from './placeholders';
import { type ElementInfo, type NamespaceSchema, schemaFor } from './schema';
import { elementNameRange, isDubboNamespace, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/** A Dubbo element with the catalog of its namespace (info undefined: not in the catalog). */
export interface DubboElement {
  el: XmlElement;
  schema: NamespaceSchema;
  info?: ElementInfo;
}

/** One XML config under analysis: what every Dubbo rule's `check` receives. */
export interface DubboFile {
  file: string;
  doc: XmlDocument;
  ctx: AnalyzerContext;
  /** Hosts this file is judged from. */
  vantage: Vantage[];
  model: DubboModel;
  /** Dubbo-namespace elements before any syntax error, in document order. */
  elements: DubboElement[];
  /** The attributes of those elements whose value holds `${`, in document order. */
  placeholders: { el: XmlElement; a: XmlAttribute }[];
  /** The values an attribute takes, grouped by vantage hosts that see the same one (shared lists, not to be changed). */
  values(a: XmlAttribute): { rv: ResolvedValue; vantage: Vantage[] }[];
  finding(rule: string, el: XmlElement, range: Range, message: MessageRef, extra?: Partial<Finding>): Finding;
}

function resultKey(rv: ResolvedValue): string {
  return `${rv.text}\u0000${rv.unresolved.join(',')}\u0000${rv.segments
    .map((s) => (s.definition ? `${s.definition.file}:${s.definition.range.start.line}:${s.definition.range.start.character}` : s.file))
    .join('|')}`;
}

export function dubboFile(file: string, text: string, ctx: AnalyzerContext): DubboFile {
  return dubboFileOf(file, parseCached(file, text), ctx);
}

/**
 * The Dubbo configuration of a file as read (XML, or the elements a properties file configures).
 * `hosts`: the vantage hosts that read the file as `doc` (a properties file some hosts read with
 * other Spring profiles, see propertiesAnalyzer.ts), when not all of them; the model then gives
 * the configs of a service as its first host among them reads them.
 */
export function dubboFileOf(file: string, doc: XmlDocument, ctx: AnalyzerContext, hosts?: Vantage[]): DubboFile {
  const limit = doc.error ? doc.error.offset : Infinity;
  const elements: DubboElement[] = [];
  // Indexed loops over elements and attributes here and in the rules: a for-of loop allocates an
  // iterator result per step until its function is optimized, which a single cold run mostly is not.
  const all = doc.elements;
  for (let i = 0; i < all.length; i++) {
    const el = all[i];
    if (!isDubboNamespace(el.ns) || el.tagEnd > limit) continue;
    const schema = schemaFor(el.ns)!;
    elements.push({ el, schema, info: schema.elements.get(el.local) });
  }
  const placeholders = doc.placeholders.filter((p) => isDubboNamespace(p.el.ns) && p.el.tagEnd <= limit);
  const vantage = hosts ?? ctx.vantage(file);
  const cache = new Map<XmlAttribute, { rv: ResolvedValue; vantage: Vantage[] }[]>();
  // Literal values are seen by every vantage host: one list for all of them (not to be changed).
  let everyHost: Vantage[] | undefined;
  const overrides = anyOverrides(ctx);
  const values = (a: XmlAttribute) => {
    let v = cache.get(a);
    if (v) return v;
    // A literal is the same for every host, unless a host's topology properties set the attribute (as -D).
    if (!a.placeholder && !(overrides && vantage.some((vt) => attributeOverride(ctx, doc, a, vt) !== undefined))) {
      v = [{ rv: literalValue(file, doc, a), vantage: (everyHost ??= [...vantage]) }];
    } else {
      // Hosts seeing the same definitions get the same result object; distinct results are compared
      // by what they say and where it comes from (keys computed only when there is something to compare).
      const groups: { rv: ResolvedValue; vantage: Vantage[]; key?: string }[] = [];
      const byResult = new Map<ResolvedValue, { rv: ResolvedValue; vantage: Vantage[] }>();
      for (const vt of vantage) {
        const rv = resolveAttribute(ctx, file, doc, a, vt);
        const same = byResult.get(rv);
        if (same) {
          same.vantage.push(vt);
          continue;
        }
        let g: { rv: ResolvedValue; vantage: Vantage[]; key?: string } | undefined;
        if (groups.length > 0) {
          const key = resultKey(rv);
          g = groups.find((x) => (x.key ??= resultKey(x.rv)) === key);
        }
        if (g) g.vantage.push(vt);
        else groups.push((g = { rv, vantage: [vt] }));
        byResult.set(rv, g);
      }
      v = groups.map((x) => ({ rv: x.rv, vantage: x.vantage }));
    }
    cache.set(a, v);
    return v;
  };
  // A suppression comment goes before the element in XML; in properties before the key's own line.
  const finding =
    doc.format !== undefined
      ? (rule: string, _el: XmlElement, range: Range, message: MessageRef, extra: Partial<Finding> = {}): Finding => ({ rule, file, range, message, ...extra })
      : (rule: string, el: XmlElement, range: Range, message: MessageRef, extra: Partial<Finding> = {}): Finding => ({
          rule,
          file,
          range,
          message,
          anchorLine: doc.index.positionAt(el.start).line,
          ...extra,
        });
  const whole = dubboModel(ctx);
  const model: DubboModel = hosts ? { ...whole, configs: (s, h) => whole.configs(s, h ?? vantage.find((v) => v.service === s)?.host) } : whole;
  return { file, doc, ctx, vantage, model, elements, placeholders, values, finding };
}

export function nameRange(f: DubboFile, el: XmlElement): Range {
  return elementNameRange(f.doc, el);
}

/** Range of the end tag's name (`</dubbo:registy>`), when the element has one. */
export function endTagNameRange(doc: XmlDocument, el: XmlElement): Range | undefined {
  if (el.selfClosing) return undefined;
  const text = doc.text;
  let depth = 0;
  let i = el.tagEnd;
  const open = `<${el.name}`;
  const close = `</${el.name}`;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    if (lt < 0) return undefined;
    if (text.startsWith('<!--', lt)) {
      const e = text.indexOf('-->', lt);
      i = e < 0 ? text.length : e + 3;
      continue;
    }
    const boundary = (k: number) => /[\s/>]/.test(text[k] ?? '>');
    if (text.startsWith(close, lt) && boundary(lt + close.length)) {
      if (depth === 0) return doc.index.rangeOf(lt + 2, lt + close.length);
      depth--;
    } else if (text.startsWith(open, lt) && boundary(lt + open.length)) {
      const gt = text.indexOf('>', lt);
      if (gt > 0 && text[gt - 1] !== '/') depth++;
    }
    i = lt + 1;
  }
  return undefined;
}
