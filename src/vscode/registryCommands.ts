import * as vscode from 'vscode';
import { createContext } from '../core/engine';
import { normalizeLocale } from '../core/l10n';
import { errorText } from '../core/sshMessages';
import { NodeWorkspace } from '../core/nodeWorkspace';
import { checkRegistry, type RegistryReport } from '../core/registry/check';
import { renderRegistryReport } from '../core/registry/render';
import type { Service } from '../core/topology/model';
import { DEFAULT_DUBBO_ROOT, DEFAULT_SERVICES_ROOT, readMemberModes, readRegistry, readWithCredentials, registryRoutes, routeAddress, type RegistryCredentials, type RegistryRoute } from '../registry/inspect';
import { isServing, type EnsembleReport } from '../core/registry/ensemble';
import type { PlanDocuments } from './planDocuments';
import { VscodePrompter } from './prompter';
import { SshSessionSource } from './sshSessions';
import { topologyForCommand, type TopologyState } from './state';
import { trustedOrExplain } from './trust';

/**
 * A registry's digest credentials in SecretStorage (key `registry-digest:<service id>`), asked for
 * with two input boxes (user name, then password) when the registry refuses the session.
 */
function secretCredentials(secrets: vscode.SecretStorage, registryId: string, ask = askDigest): RegistryCredentials {
  const key = `registry-digest:${registryId}`;
  return {
    saved: () => Promise.resolve(secrets.get(key)),
    save: (digest) => Promise.resolve(secrets.store(key, digest)),
    forget: () => Promise.resolve(secrets.delete(key)),
    ask: (refused) => ask(refused, registryId),
  };
}

async function askDigest(refused: boolean, registryId: string): Promise<string | undefined> {
  const title = vscode.l10n.t('Dubbo Topology: registry {0}', registryId);
  const user = await vscode.window.showInputBox({
    title,
    prompt: refused
      ? vscode.l10n.t('Registry {0} refused these credentials. User name (the registry username of your Dubbo configuration):', registryId)
      : vscode.l10n.t('Registry {0} requires credentials (its znodes have ACLs). User name (the registry username of your Dubbo configuration):', registryId),
    ignoreFocusOut: true,
  });
  if (!user) return undefined;
  const password = await vscode.window.showInputBox({ title, prompt: vscode.l10n.t('Password of {0} on registry {1}', user, registryId), password: true, ignoreFocusOut: true });
  return password === undefined ? undefined : `${user}:${password}`;
}

/** A service node of the topology tree, a service id, or nothing (then the user picks). */
type RegistryArg = { type: 'service'; service: Service } | string | undefined;

/** Options for calling the command programmatically (integration tests). */
export interface RegistryCommandOptions {
  /** The route to use instead of asking (index into the routes, or a route of its own). */
  route?: number | RegistryRoute;
  /** known_hosts file for this run instead of the `dubboTopology.ssh.knownHostsFile` setting. */
  knownHostsFile?: string;
  /** Answers the credentials question instead of the input boxes (`user:password`, or undefined to decline). */
  askDigest?: (refused: boolean) => Promise<string | undefined>;
}

/** What the command returns: the report and its Markdown, or undefined when nothing ran. */
export interface RegistryCommandResult {
  report: RegistryReport;
  markdown: string;
  /** The members' modes, for a registry on several hosts. */
  ensemble?: EnsembleReport;
}

/**
 * **Check Live Registry**: lists what a ZooKeeper registry of the topology holds for Dubbo (through
 * SSH to the registry's host, or directly) and judges every registered provider address from the
 * hosts that call it. Read-only on the registry; runs only in a trusted workspace (it uses SSH
 * credentials).
 */
export function registerRegistryCommands(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  const output = vscode.window.createOutputChannel('Dubbo Topology Registry');
  const ssh = new SshSessionSource(new VscodePrompter(context.secrets), (l) => output.appendLine(l), () => state.root?.fsPath);
  context.subscriptions.push(output, ssh);

  async function pickRegistry(arg: RegistryArg): Promise<Service | undefined> {
    const topology = await topologyForCommand(state);
    if (!topology) return undefined;
    const registries = topology.services.filter((s) => s.kind === 'zookeeper');
    const id = typeof arg === 'string' ? arg : arg?.type === 'service' ? arg.service.id : undefined;
    if (id !== undefined) {
      const s = registries.find((r) => r.id === id);
      if (!s) void vscode.window.showWarningMessage(vscode.l10n.t('{0} is not a ZooKeeper service of the topology.', id));
      return s;
    }
    if (registries.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('The topology has no service of kind zookeeper.'));
      return undefined;
    }
    if (registries.length === 1) return registries[0];
    const pick = await vscode.window.showQuickPick(
      registries.map((r) => ({ label: r.id, description: r.hosts.map((h) => h.id).join(', '), service: r })),
      { placeHolder: vscode.l10n.t('Select a registry') },
    );
    return pick?.service;
  }

  async function pickRoute(registry: Service, opts: RegistryCommandOptions): Promise<RegistryRoute | undefined> {
    const routes = registryRoutes(registry);
    if (typeof opts.route === 'object') return opts.route;
    if (typeof opts.route === 'number') return routes[opts.route];
    if (routes.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Registry {0} runs on no host of the topology.', registry.id));
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      routes.map((r) => ({
        label: r.via ? vscode.l10n.t('Through SSH to {0}', r.via) : vscode.l10n.t('Directly from this machine'),
        description: routeAddress(r),
        route: r,
      })),
      { placeHolder: vscode.l10n.t('How to reach {0} (ZooKeeper)', registry.id) },
    );
    return pick?.route;
  }

  const check = async (arg?: RegistryArg, opts: RegistryCommandOptions = {}): Promise<RegistryCommandResult | undefined> => {
    if (!trustedOrExplain(vscode.l10n.t('Registry checks connect with your SSH credentials and run only in a trusted workspace. This workspace is in Restricted Mode.'))) return undefined;
    const registry = await pickRegistry(arg);
    const topology = state.topology;
    const root = state.root?.fsPath;
    if (!registry || !topology || !root) return undefined;
    const route = await pickRoute(registry, opts);
    if (!route) return undefined;
    const settings = vscode.workspace.getConfiguration('dubboTopology.registry');
    const dubboRoot = settings.get<string>('root') || DEFAULT_DUBBO_ROOT;
    const servicesRoot = settings.get<string>('servicesRoot') ?? DEFAULT_SERVICES_ROOT;
    const own = opts.knownHostsFile ? ssh.ownPool(opts.knownHostsFile) : undefined;
    output.appendLine(`--- ${registry.id} ${routeAddress(route)}${route.via ? ` via ${route.via}` : ''} (${new Date().toISOString()})`);
    try {
      const { snapshot, ensemble } = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Reading registry {0} ({1})', registry.id, routeAddress(route)), cancellable: true },
        async (_progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            const read = (digest: string | undefined) =>
              readRegistry(route, {
                root: dubboRoot,
                servicesRoot,
                signal: ac.signal,
                timeoutMs: ssh.settings().connectTimeoutMs,
                sessions: route.via ? ssh.sessions(topology, own) : undefined,
                digest,
              });
            const snapshot = await readWithCredentials(read, secretCredentials(context.secrets, registry.id, opts.askDigest));
            // Several hosts: each member's mode, the same way (through SSH when the listing went through it).
            const ensemble =
              registry.hosts.length > 1
                ? await readMemberModes(registry, { signal: ac.signal, timeoutMs: ssh.settings().connectTimeoutMs, sessions: route.via ? ssh.sessions(topology, own) : undefined })
                : undefined;
            return { snapshot, ensemble };
          } finally {
            sub.dispose();
          }
        },
      );
      const ctx = state.context?.topology === topology ? state.context : createContext(new NodeWorkspace(root), topology);
      const report = checkRegistry(ctx, registry, snapshot);
      const markdown = renderRegistryReport(report, { address: routeAddress(route), via: route.via, at: new Date().toISOString() }, normalizeLocale(vscode.env.language), ensemble);
      output.appendLine(`${report.interfaces.length} interface(s), ${report.providers} provider(s), ${report.problemProviders} with problems`);
      await plans.show(markdown, { preview: true });
      if (report.problemProviders > 0 || report.orphaned.length > 0) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Registry {0}: {1} of {2} provider(s) have problems; {3} interface(s) have no provider.', registry.id, report.problemProviders, report.providers, report.orphaned.length),
        );
      }
      if (ensemble && (ensemble.verdict === 'degraded' || ensemble.verdict === 'down')) {
        const serving = ensemble.members.filter((m) => isServing(m.mode)).length;
        void vscode.window.showWarningMessage(vscode.l10n.t('Registry {0}: {1} of {2} ZooKeeper members serve.', registry.id, serving, ensemble.members.length));
      }
      return { report, markdown, ensemble };
    } catch (e) {
      const message = errorText(e, normalizeLocale(vscode.env.language));
      output.appendLine(message);
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window
        .showErrorMessage(vscode.l10n.t('Cannot read registry {0}: {1}', registry.id, message), showLog)
        .then((p) => p === showLog && output.show());
      return undefined;
    } finally {
      await own?.closeAll();
    }
  };

  context.subscriptions.push(vscode.commands.registerCommand('dubboTopology.checkRegistry', check));
}
