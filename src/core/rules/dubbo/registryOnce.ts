import type { DubboFile } from '../../dubbo/fileContext';
import type { Service } from '../../topology/model';

/**
 * Rules reported once per registry, on its service in the topology, are reported from the first
 * config file (in path order) of the services using it. By the users list of the registry: the model
 * keeps that list while the registry picture (the configs of every service included) is the same.
 */
const firstConfigs = new WeakMap<object, string | undefined>();

export function firstConfigOf(f: DubboFile, r: Service): string | undefined {
  const users = f.model.registryUsers(r);
  if (!firstConfigs.has(users)) {
    let first: string | undefined;
    for (const u of users) for (const c of f.model.configs(u.service)) if (first === undefined || c.file < first) first = c.file;
    firstConfigs.set(users, first);
  }
  return firstConfigs.get(users);
}

/** The registries the vantage hosts of a file register with or subscribe to. */
export function registriesOfFile(f: DubboFile): Set<Service> {
  const registries = new Set<Service>();
  for (const v of f.vantage) {
    if (!v.service) continue;
    for (const r of f.model.registries(v.service, v.host, 'provider')) registries.add(r);
    for (const r of f.model.registries(v.service, v.host, 'consumer')) registries.add(r);
  }
  return registries;
}
