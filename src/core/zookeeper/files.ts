import type { AnalyzerContext } from '../analyzer';
import type { Service } from '../topology/model';
import { zooConfigCached, type ZkConfig } from './config';

/** A static configuration file of a `zookeeper` service, as listed under its `config:`. */
export interface ZkStaticFile {
  file: string;
  config: ZkConfig;
}

/**
 * Where the settings that govern a file's `server.<id>` lines (`quorumListenOnAllIPs`, `sslQuorum`, …)
 * are read, and where a fix adding one goes: the file itself, unless it is a dynamic configuration
 * file (ZooKeeper 3.5+), whose settings are those of the static files naming it.
 */
export interface ZkSettingsSource {
  /** Whether the file is a dynamic configuration file, which holds server lines and nothing else. */
  dynamic: boolean;
  /**
   * The files the settings are read from: the file itself when static; for a dynamic file, the static
   * files of the services listing it that name it, empty when none is listed.
   */
  statics: ZkStaticFile[];
}

/**
 * The settings of `file`, a `config:` file of `zookeeper` services. A file is dynamic when a static
 * file of the same service names it (`dynamicConfigFile=`, a path on the member: the workspace
 * file whose path ends alike, the one in the static file's own folder first among equals), or when it
 * holds only the keys of a dynamic file or is named as ZooKeeper names one (`zoo.cfg.dynamic`,
 * `zoo.cfg.dynamic.100000000`: `.dynamic`, then a hexadecimal version or nothing). A dynamic file
 * that no static file names belongs to the static file of its service when the service lists just one
 * static file and one dynamic file (after a reconfiguration the member's file carries a new version).
 */
export function zooSettingsSource(ctx: AnalyzerContext, file: string, own: ZkConfig): ZkSettingsSource {
  const services = ctx.topology.services.filter((s) => s.kind === 'zookeeper' && s.config.some((c) => c.value === file));
  const statics: ZkStaticFile[] = [];
  let dynamic = false;
  for (const s of services) {
    const files = configs(ctx, s, file, own);
    const named = files.filter((f) => f.config.dynamicConfigFile !== undefined && namedBy(f, files).includes(file));
    const isDynamic = named.length > 0 || looksDynamic(file, own);
    if (!isDynamic) continue;
    dynamic = true;
    let mine = named;
    if (mine.length === 0) {
      const dynamics = files.filter((f) => f.file === file || files.some((g) => g.config.dynamicConfigFile !== undefined && namedBy(g, files).includes(f.file)) || looksDynamic(f.file, f.config));
      const rest = files.filter((f) => !dynamics.includes(f));
      if (dynamics.length === 1 && rest.length === 1) mine = rest;
    }
    for (const f of mine) if (!statics.some((x) => x.file === f.file)) statics.push(f);
  }
  return dynamic ? { dynamic, statics } : { dynamic, statics: [{ file, config: own }] };
}

/** The readable `config:` files of `s`, parsed (`file` as given). */
function configs(ctx: AnalyzerContext, s: Service, file: string, own: ZkConfig): ZkStaticFile[] {
  const out: ZkStaticFile[] = [];
  for (const c of s.config) {
    if (c.value === file) {
      out.push({ file, config: own });
      continue;
    }
    const text = ctx.ws.read(c.value);
    if (text !== undefined) out.push({ file: c.value, config: zooConfigCached(c.value, text) });
  }
  return out;
}

/** A file with only the keys of a dynamic file, or named as ZooKeeper names one, that names no dynamic file itself. */
function looksDynamic(file: string, config: ZkConfig): boolean {
  if (config.dynamicConfigFile !== undefined) return false;
  return config.dynamicKeysOnly || /\.dynamic(\.[0-9a-f]+)?$/i.test(baseName(file));
}

/**
 * The workspace files (of `files`) that the `dynamicConfigFile=` of `f` names: those sharing the
 * longest ending of its path, at least the file name; of several, those in the folder of `f`.
 */
function namedBy(f: ZkStaticFile, files: readonly ZkStaticFile[]): string[] {
  const want = segments(f.config.dynamicConfigFile ?? '');
  if (want.length === 0) return [];
  let best = 0;
  let found: string[] = [];
  for (const g of files) {
    if (g.file === f.file) continue;
    const have = segments(g.file);
    let n = 0;
    while (n < have.length && n < want.length && have[have.length - 1 - n] === want[want.length - 1 - n]) n++;
    if (n === 0 || n < best) continue;
    if (n > best) found = [];
    best = n;
    found.push(g.file);
  }
  const here = found.filter((g) => folder(g) === folder(f.file));
  return here.length > 0 ? here : found;
}

function segments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
}

function baseName(path: string): string {
  return segments(path).at(-1) ?? '';
}

function folder(path: string): string {
  return segments(path).slice(0, -1).join('/');
}
