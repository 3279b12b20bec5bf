/**
 * What a provider's `<dubbo:service>` exports take from the `<dubbo:provider>` they belong to: the
 * provider a service is nested in or names, else the default providers (Dubbo's config manager
 * picks those marked `default="true"`, else those not marked `default="false"`).
 */
import { attr, type XmlElement } from './xml';

/** The elements marked default: those with `default="true"`, else those without `default="false"`. */
export function defaults<T extends { el: XmlElement }>(list: readonly T[]): T[] {
  const flag = (x: T) => attr(x.el, 'default')?.value.trim().toLowerCase();
  const marked = list.filter((x) => flag(x) === 'true');
  return marked.length > 0 ? marked : list.filter((x) => flag(x) !== 'false');
}

/** The ids in a reference list (`protocol="a,b"`). */
export function idsOf(el: XmlElement | undefined, name: string): string[] | undefined {
  const v = el && attr(el, name)?.value.trim();
  return v ? v.split(/\s*,\s*/).filter(Boolean) : undefined;
}

/** The `<dubbo:provider>` a service is nested in (same namespace), if any. */
export function enclosingProvider(service: XmlElement): XmlElement | undefined {
  let parent = service.parent;
  while (parent && !(parent.local === 'provider' && parent.ns === service.ns)) parent = parent.parent;
  return parent;
}

/** `true`/`false` as written (any case), else undefined: unset, or a placeholder not guessed here. */
function literalFlag(el: XmlElement | undefined, name: string): boolean | undefined {
  const v = el && attr(el, name)?.value.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

/**
 * Whether a provider's configs register some export with a registry element: an export registers
 * unless its `register` (else its provider's) is `false`, with the registries its `registry` (else
 * its provider's) names by id — `N/A` none, nothing written all of them. Without `<dubbo:service>`
 * elements, or with `<dubbo:annotation>`, services declared by annotations count as exports of the
 * default provider. A placeholder in `register` or `registry` counts as registering. `registry`
 * undefined: the registry the topology names, which no id refers to.
 */
export function registersWith(services: readonly XmlElement[], providers: readonly XmlElement[], annotations: boolean, registry: XmlElement | undefined): boolean {
  const id = registry && attr(registry, 'id')?.value.trim();
  const registers = (service: XmlElement | undefined, provider: XmlElement | undefined): boolean => {
    if ((literalFlag(service, 'register') ?? literalFlag(provider, 'register')) === false) return false;
    const ids = idsOf(service, 'registry') ?? idsOf(provider, 'registry');
    if (!ids || ids.some((x) => x.includes('${'))) return true;
    return id !== undefined && ids.includes(id);
  };
  const byDefault = defaults(providers.map((el) => ({ el })))[0]?.el;
  if (services.length === 0 || annotations) {
    if (registers(undefined, byDefault)) return true;
  }
  return services.some((s) => {
    const named = idsOf(s, 'provider');
    const provider = enclosingProvider(s) ?? (named ? providers.find((p) => named.includes(attr(p, 'id')?.value.trim() ?? '')) : byDefault);
    return registers(s, provider);
  });
}
