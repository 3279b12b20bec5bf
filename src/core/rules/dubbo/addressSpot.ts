import type { DubboFile } from '../../dubbo/fileContext';
import { locate, originOf, type ResolvedValue } from '../../dubbo/placeholders';
import { attrValueRange, type XmlAttribute } from '../../dubbo/xml';
import type { Range, RelatedInfo } from '../../types';

/**
 * Where a finding about one address of an attribute's resolved value sits: on the address when this
 * file writes it, else (a `${placeholder}` supplies it) on the attribute that uses it.
 */
export function addressRange(f: DubboFile, a: XmlAttribute, rv: ResolvedValue, start: number, end: number): Range {
  const spot = locate(rv, start, end);
  const inPlaceholder = rv.segments.some((s) => s.key !== undefined && s.start < end && s.end > start);
  return spot && spot.file === f.file && !inPlaceholder ? spot.range : attrValueRange(f.doc, a);
}

/** Adds where a placeholder that supplies the address is defined, once per definition line. */
export function addDefinition(related: RelatedInfo[], rv: ResolvedValue, start: number, end: number): void {
  const o = originOf(rv, start, end);
  if (o && !related.some((r) => r.file === o.file && r.range.start.line === o.range.start.line)) related.push(o);
}
