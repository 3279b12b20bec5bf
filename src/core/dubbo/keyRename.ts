import type { AnalyzerContext } from '../analyzer';
import { format } from '../l10n';
import type { PropertiesFile } from '../properties/parse';
import { isYamlFile, parsePropertiesFile } from '../properties/yaml';
import { LineIndex } from '../text';
import type { Property, Service } from '../topology/model';
import type { Locale, Position, Range, TextEdit } from '../types';
import { dubboModel, isDubboService, parseCached } from './model';
import { findPlaceholders } from './placeholders';
import { isPropertiesFile } from './propertiesConfig';
import { attrValueOffset } from './xml';

/**
 * Renaming a placeholder key (`zookeeper.host`) everywhere the services using a file name it: the
 * `${key}` uses in their Dubbo XML and in their properties and YAML values, its definitions in those
 * files, and the `properties:` of their hosts and regions in the topology — and so for every service
 * sharing one of those definitions, which would otherwise read another value. Started on a `${key}` or
 * on a key of a properties or YAML file. Refused, with the reason, where the result would not mean
 * the same: a new name that is no key, one already defined, a key written with escapes, or a nested
 * YAML key whose parents would have to move.
 */

const REFUSALS: Record<string, Record<Locale, string>> = {
  badName: { en: '"{name}" is not a property key: no spaces, no $, {, }, = or :.', 'zh-cn': '"{name}" 不是合法的属性键：不能含空白、$、{、}、= 或 :。' },
  taken: { en: '{name} is already defined ({where}): the two would merge.', 'zh-cn': '{name} 已有定义（{where}），两者会合并。' },
  escaped: { en: '{key} is written with escapes in {file}: rename it there by hand.', 'zh-cn': '{key} 在 {file} 中使用了转义写法：请在那里手动修改。' },
  nested: {
    en: '{key} is nested in {file}: only its last part ({last}) can be renamed here, so the new name must start with {prefix}.',
    'zh-cn': '{key} 在 {file} 中是嵌套写法：这里只能改最后一段（{last}），新名称须以 {prefix} 开头。',
  },
};

function refusal(id: string, locale: Locale, data: Record<string, string>): { refused: string } {
  return { refused: format(REFUSALS[id][locale], data) };
}

const KEY = /^[^\s${}:=]+$/;

/** The key under the cursor: a `${key}` of Dubbo XML or of a properties value, or a key of a properties or YAML file. */
export function keyAt(file: string, text: string, position: Position): { range: Range; name: string } | undefined {
  if (!isPropertiesFile(file)) {
    const doc = parseCached(file, text);
    const offset = doc.index.offsetAt(position);
    for (const { a } of doc.placeholders) {
      if (offset < a.valueStart || offset > a.valueEnd) continue;
      for (const ref of findPlaceholders(a.value)) {
        const start = attrValueOffset(a, ref.keyStart);
        const end = attrValueOffset(a, ref.keyEnd);
        if (offset >= start && offset <= end) return { range: doc.index.rangeOf(start, end), name: ref.key };
      }
    }
    return undefined;
  }
  const props = parsePropertiesFile(file, text);
  const idx = new LineIndex(text);
  const offset = idx.offsetAt(position);
  for (const e of props.entries) {
    const ks = idx.offsetAt(e.keyRange.start);
    const ke = idx.offsetAt(e.keyRange.end);
    if (offset >= ks && offset <= ke) return { range: e.keyRange, name: e.key };
    const vs = idx.offsetAt(e.valueRange.start);
    if (offset < vs || offset > idx.offsetAt(e.valueRange.end) || text.slice(vs, idx.offsetAt(e.valueRange.end)) !== e.value) continue;
    for (const ref of findPlaceholders(e.value)) {
      if (offset >= vs + ref.keyStart && offset <= vs + ref.keyEnd) return { range: idx.rangeOf(vs + ref.keyStart, vs + ref.keyEnd), name: ref.key };
    }
  }
  return undefined;
}

/** The properties and YAML files a service reads, those its files import too. */
function propertyFilesOf(ctx: AnalyzerContext, s: Service): string[] {
  return [...s.properties.map((p) => p.value), ...s.config.map((c) => c.value).filter(isPropertiesFile), ...ctx.configImports(s)];
}

/**
 * The services whose key is renamed: those using `file`, and every service that shares a definition
 * of the key with them (a properties file, a host's or a region's `properties:`) — renaming it for
 * some and not the others would change what the others read.
 */
function scope(ctx: AnalyzerContext, file: string, key: string): { services: Service[]; propertyFiles: string[] } {
  const services = new Set(ctx.vantage(file).flatMap((v) => (v.service ? [v.service] : [])));
  const defines = (pf: string) => ctx.properties(pf)?.byKey.has(key) ?? false;
  for (let grew = true; grew; ) {
    grew = false;
    const files = new Set([...services].flatMap((s) => propertyFilesOf(ctx, s)).filter(defines));
    const hosts = new Set([...services].flatMap((s) => s.hosts));
    const sharedHosts = new Set([...hosts].filter((h) => h.properties.has(key)));
    for (const h of hosts) if (h.region.properties.has(key)) for (const x of h.region.hosts) sharedHosts.add(x);
    for (const s of ctx.topology.services) {
      if (services.has(s)) continue;
      if (propertyFilesOf(ctx, s).some((f) => files.has(f)) || s.hosts.some((h) => sharedHosts.has(h))) {
        services.add(s);
        grew = true;
      }
    }
  }
  return { services: [...services], propertyFiles: [...new Set([...services].flatMap((s) => propertyFilesOf(ctx, s)))] };
}

/** The edits renaming `key` to `newName` for the services using `file`, or why not. */
export function renameKey(ctx: AnalyzerContext, file: string, key: string, newName: string, locale: Locale): { edits: TextEdit[] } | { refused: string } {
  const name = newName.trim();
  if (!KEY.test(name)) return refusal('badName', locale, { name });
  if (name === key) return { edits: [] };
  const { services, propertyFiles } = scope(ctx, file, key);
  const edits: TextEdit[] = [];
  // Uses in Dubbo XML.
  const model = dubboModel(ctx);
  const xmlDone = new Set<string>();
  for (const s of services) {
    if (!isDubboService(s)) continue;
    for (const { file: xml, doc } of model.configs(s)) {
      if (doc.format || xmlDone.has(xml)) continue;
      xmlDone.add(xml);
      for (const { a } of doc.placeholders) {
        for (const ref of findPlaceholders(a.value)) {
          if (ref.key === key) edits.push({ file: xml, range: doc.index.rangeOf(attrValueOffset(a, ref.keyStart), attrValueOffset(a, ref.keyEnd)), newText: name });
        }
      }
    }
  }
  // Definitions and uses in properties and YAML files.
  for (const pf of propertyFiles) {
    const text = ctx.ws.read(pf);
    const props: PropertiesFile | undefined = ctx.properties(pf);
    if (text === undefined || !props) continue;
    const idx = new LineIndex(text);
    for (const e of props.entries) {
      if (e.key === name) return refusal('taken', locale, { name, where: `${pf}:${e.keyRange.start.line + 1}` });
      if (e.key === key) {
        const written = text.slice(idx.offsetAt(e.keyRange.start), idx.offsetAt(e.keyRange.end));
        if (written === key) edits.push({ file: pf, range: e.keyRange, newText: name });
        else if (isYamlFile(pf) && key.endsWith(`.${written}`)) {
          // Nested YAML: the parents stay; only the last part is renamed.
          const prefix = key.slice(0, key.length - written.length);
          if (!name.startsWith(prefix) || name.length === prefix.length) return refusal('nested', locale, { key, file: pf, last: written, prefix });
          edits.push({ file: pf, range: e.keyRange, newText: name.slice(prefix.length) });
        } else return refusal('escaped', locale, { key, file: pf });
      }
      if (!e.value.includes('${')) continue;
      const vs = idx.offsetAt(e.valueRange.start);
      if (text.slice(vs, idx.offsetAt(e.valueRange.end)) !== e.value) continue;
      for (const ref of findPlaceholders(e.value)) {
        if (ref.key === key) edits.push({ file: pf, range: idx.rangeOf(vs + ref.keyStart, vs + ref.keyEnd), newText: name });
      }
    }
  }
  // The topology's host and region properties.
  const topo = ctx.topology;
  const topoText = ctx.ws.read(topo.file);
  const topoIdx = topoText === undefined ? undefined : new LineIndex(topoText);
  const scopes = new Set<Map<string, Property>>();
  for (const s of services) for (const h of s.hosts) scopes.add(h.properties).add(h.region.properties);
  for (const props of scopes) {
    const taken = props.get(name);
    if (taken) return refusal('taken', locale, { name, where: `${topo.file}:${taken.keyRange.start.line + 1}` });
    const p = props.get(key);
    if (!p || !topoIdx || !topoText) continue;
    const start = topoIdx.offsetAt(p.keyRange.start);
    const end = topoIdx.offsetAt(p.keyRange.end);
    const written = topoText.slice(start, end);
    // Plain or quoted, the key's own characters are replaced.
    const inner = written === key ? [start, end] : written.length === key.length + 2 && written.slice(1, -1) === key ? [start + 1, end - 1] : undefined;
    if (!inner) return refusal('escaped', locale, { key, file: topo.file });
    edits.push({ file: topo.file, range: topoIdx.rangeOf(inner[0], inner[1]), newText: name });
  }
  // One edit per place (a host and its region may share nothing, but files are read once each).
  const seen = new Set<string>();
  return {
    edits: edits.filter((e) => {
      const k = `${e.file}:${e.range.start.line}:${e.range.start.character}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
  };
}

/** Rename of the placeholder key under the cursor: the `rename` of the Dubbo and properties analyzers. */
export function renameKeyAt(file: string, text: string, position: Position, newName: string, ctx: AnalyzerContext, locale: Locale): { edits: TextEdit[] } | { refused: string } | undefined {
  const k = keyAt(file, text, position);
  return k && renameKey(ctx, file, k.name, newName, locale);
}
