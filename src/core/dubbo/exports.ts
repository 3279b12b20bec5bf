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
 * Whether a provider's configs register some export with a registry element, asked of each registry
 * element of the same configs (the exports are read once: a service may have a thousand configs, each
 * with its registry element): an export registers unless its `register` (else its provider's) is
 * `false`, with the registries its `registry` (else its provider's) names by id — `N/A` none, nothing
 * written all of them. Without `<dubbo:service>`
 * elements, or with `<dubbo:annotation>`, services declared by annotations count as exports of the
 * default provider. A placeholder in `register` or `registry` counts as registering. `registry`
 * undefined: the registry the topology names, which no id refers to.
 */
export function registration(services: readonly XmlElement[], providers: readonly XmlElement[], annotations: boolean): (registry: XmlElement | undefined) => boolean {
  // Some export registers with every registry (names none, or a placeholder), or with these ids.
  let everyRegistry = false;
  const ids = new Set<string>();
  const note = (service: XmlElement | undefined, provider: XmlElement | undefined): void => {
    if ((literalFlag(service, 'register') ?? literalFlag(provider, 'register')) === false) return;
    const named = idsOf(service, 'registry') ?? idsOf(provider, 'registry');
    if (!named || named.some((x) => x.includes('${'))) everyRegistry = true;
    else for (const x of named) ids.add(x);
  };
  const byDefault = defaults(providers.map((el) => ({ el })))[0]?.el;
  if (services.length === 0 || annotations) note(undefined, byDefault);
  for (const s of services) {
    if (everyRegistry) break;
    const named = idsOf(s, 'provider');
    note(s, enclosingProvider(s) ?? (named ? providers.find((p) => named.includes(attr(p, 'id')?.value.trim() ?? '')) : byDefault));
  }
  return (registry) => {
    if (everyRegistry) return true;
    const id = registry && attr(registry, 'id')?.value.trim();
    return id !== undefined && ids.has(id);
  };
}
