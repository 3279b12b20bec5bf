import type { DubboFile } from '../../dubbo/fileContext';
import { dubboElements, isProvider } from '../../dubbo/model';
import { attr, type XmlElement } from '../../dubbo/xml';
import type { Service } from '../../topology/model';

/** The provider services among a file's vantage hosts whose configs include this file. */
export function providersOfFile(f: DubboFile): Service[] {
  return [...new Set(f.vantage.map((v) => v.service).filter((s): s is Service => !!s && isProvider(s) && f.model.configs(s).some((c) => c.file === f.file)))];
}

/**
 * Where a finding about what a provider exports sits: each registering `<dubbo:protocol>` of the
 * file, else its `<dubbo:application>`, else its first Dubbo element — and nowhere when another
 * config of the service has those elements (the finding is that file's).
 */
export function providerTargets(f: DubboFile, s: Service): XmlElement[] {
  const registers = (el: XmlElement) =>
    attr(el, 'register')?.value.trim().toLowerCase() !== 'false' && attr(el, 'name')?.value.trim().toLowerCase() !== 'injvm';
  const protocols = f.elements.filter((e) => e.el.local === 'protocol').map((e) => e.el).filter(registers);
  if (f.elements.some((e) => e.el.local === 'protocol') && protocols.length === 0) return [];
  if (protocols.length > 0) return protocols;
  const others = f.model.configs(s).filter((c) => c.file !== f.file);
  if (others.some((c) => dubboElements(c.doc, 'protocol').length > 0)) return [];
  const apps = f.elements.filter((e) => e.el.local === 'application').map((e) => e.el);
  if (apps.length > 0) return apps;
  if (others.some((c) => dubboElements(c.doc, 'application').length > 0)) return [];
  const firstConfig = f.model.configs(s)[0];
  return firstConfig?.file === f.file && f.elements[0] ? [f.elements[0].el] : [];
}
