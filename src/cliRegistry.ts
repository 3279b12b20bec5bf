import { cliMessages } from './core/cliMessages';
import { errorText } from './core/sshMessages';
import { loadCliTopology, parseOrReport, UsageError } from './cliTopology';
import { createContext } from './core/engine';
import { checkRegistry, type RegistryReport } from './core/registry/check';
import { registryReportJson, renderRegistryReport } from './core/registry/render';
import type { Locale } from './core/types';
import { DEFAULT_DUBBO_ROOT, DEFAULT_SERVICES_ROOT, needsCredentials, readMemberModes, readRegistry, registryRoutes, routeAddress, type RegistryRoute } from './registry/inspect';

/**
 * `dubbo-topology registry`: Check Live Registry from a terminal or a cron job. Connects directly
 * (run it where the registry is reachable, or through `ssh -L`): the command line has no SSH
 * prompts; a registry with ACLs takes digest credentials from DUBBO_TOPOLOGY_REGISTRY_DIGEST
 * (`user:password`), never from the command line. Read-only on the registry.
 */

interface RegistryArgs {
  folder: string;
  registry?: string;
  connect?: RegistryRoute;
  root: string;
  servicesRoot: string;
  timeoutMs: number;
  format: 'text' | 'json';
}

function parseArgs(argv: string[], locale: Locale): RegistryArgs {
  const m = cliMessages(locale);
  const args: RegistryArgs = { folder: '.', root: DEFAULT_DUBBO_ROOT, servicesRoot: DEFAULT_SERVICES_ROOT, timeoutMs: 10_000, format: 'text' };
  let folderSet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const value = (): string => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${m.missingValue(a).split('\n')[0]}\n${m.registryUsage}`);
      return v;
    };
    if (name === '--registry') args.registry = value();
    else if (name === '--root') args.root = value();
    else if (name === '--services-root') args.servicesRoot = value();
    else if (name === '--locale') {
      const l = value().toLowerCase();
      if (l !== 'en' && l !== 'zh-cn') throw new UsageError(m.badLocale(l));
    }
    else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(m.badRegistryFormat(f));
      args.format = f;
    } else if (name === '--timeout') {
      const v = value();
      const n = Number(v);
      if (!(n > 0)) throw new UsageError(m.badNumber('--timeout', v));
      args.timeoutMs = n * 1000;
    } else if (name === '--connect') {
      const v = value();
      const hit = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(v);
      const port = hit ? Number(hit[3]) : 0;
      if (!hit || port < 1 || port > 65535) throw new UsageError(m.badConnect(v));
      args.connect = { address: hit[1] ?? hit[2], port };
    } else if (a.startsWith('-')) throw new UsageError(`${m.unknownOption(a).split('\n')[0]}\n${m.registryUsage}`);
    else if (!folderSet) {
      args.folder = a;
      folderSet = true;
    } else throw new UsageError(`${m.extraArgument(a).split('\n')[0]}\n${m.registryUsage}`);
  }
  return args;
}

/** Runs `registry` (argv without the command word); resolves to the exit code: 0 clean, 1 problems, 2 could not check. */
export async function registryMain(
  argv: string[],
  locale: Locale,
  out: (s: string) => void,
  err: (s: string) => void,
  cwd = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const m = cliMessages(locale);
  const args = parseOrReport(() => parseArgs(argv, locale), err);
  if (!args) return 2;
  const loaded = loadCliTopology(args.folder, cwd, locale, err);
  if (!loaded) return 2;
  const { ws, topology } = loaded;
  const registries = topology.services.filter((s) => s.kind === 'zookeeper');
  const ids = registries.map((r) => r.id);
  let registry = registries[0];
  if (args.registry !== undefined) {
    registry = registries.find((r) => r.id === args.registry)!;
    if (!registry) {
      err(m.unknownRegistry(args.registry, ids));
      return 2;
    }
  } else if (registries.length === 0) {
    err(m.noRegistry);
    return 2;
  } else if (registries.length > 1) {
    err(m.whichRegistry(ids));
    return 2;
  }
  const routes = args.connect ? [args.connect] : registryRoutes(registry).filter((r) => r.via === undefined);
  if (routes.length === 0) {
    err(m.noRoute(registry.id));
    return 2;
  }
  const digest = env.DUBBO_TOPOLOGY_REGISTRY_DIGEST || undefined;
  const tried: string[] = [];
  let refused = false;
  for (const route of routes) {
    try {
      const snapshot = await readRegistry(route, { root: args.root, servicesRoot: args.servicesRoot, timeoutMs: args.timeoutMs, digest });
      const report: RegistryReport = checkRegistry(createContext(ws, topology), registry, snapshot);
      // Several hosts: each member's mode, at its own addresses (not with --connect, an address of the user's choosing).
      const ensemble = registry.hosts.length > 1 && !args.connect ? await readMemberModes(registry, { timeoutMs: args.timeoutMs }) : undefined;
      const source = { address: routeAddress(route), at: new Date().toISOString() };
      out(args.format === 'json' ? JSON.stringify(registryReportJson(report, source, ensemble)) : renderRegistryReport(report, source, locale, ensemble));
      const ensembleBad = ensemble?.verdict === 'degraded' || ensemble?.verdict === 'down';
      return report.problemProviders > 0 || report.orphaned.length > 0 || ensembleBad ? 1 : 0;
    } catch (e) {
      tried.push(m.triedRoute(routeAddress(route), errorText(e, locale)));
      refused ||= needsCredentials(e);
    }
  }
  err(m.cannotRead(registry.id, tried));
  if (refused) err(m.needsDigest);
  return 2;
}
