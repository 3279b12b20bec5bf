import * as vscode from 'vscode';
import { normalizeLocale } from '../core/l10n';
import { sshText } from '../core/sshMessages';
import { disagreements, renderProbePlan, renderProbeReport, untested, type HostProbeReport } from '../core/topology/probeReport';
import { probePlan } from '../core/topology/probes';
import type { Host, Topology } from '../core/topology/model';
import { checkReachability } from '../reach/probe';
import type { PlanDocuments } from './planDocuments';
import { VscodePrompter } from './prompter';
import { SshSessionSource } from './sshSessions';
import { topologyForCommand, type TopologyState } from './state';
import { trustedOrExplain } from './trust';

/** A host node of the topology tree, a host id, or nothing (then the user picks). */
type HostArg = { type: 'host'; host: Host } | string | undefined;

/** Options for calling the command programmatically (integration tests). */
export interface ReachCommandOptions {
  /** Hosts to probe from, instead of asking. */
  hosts?: string[];
  /** known_hosts file for this run instead of the `dubboTopology.ssh.knownHostsFile` setting. */
  knownHostsFile?: string;
}

export interface ReachCommandResult {
  reports: HostProbeReport[];
  markdown: string;
}

/**
 * **Verify Reachability**: from each chosen host, over SSH, tries a TCP connection to every port
 * of every service on the other hosts, at their internal and external IPs, and reports where the
 * network disagrees with what the topology says (the ground every other check stands on). Changes
 * nothing on the hosts; runs only in a trusted workspace.
 */
export function registerReachCommands(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  const output = vscode.window.createOutputChannel('Dubbo Topology Reachability');
  const ssh = new SshSessionSource(new VscodePrompter(context.secrets), (l) => output.appendLine(l), () => state.root?.fsPath);
  context.subscriptions.push(output, ssh);

  async function pickHosts(topology: Topology, arg: HostArg, opts: ReachCommandOptions): Promise<string[] | undefined> {
    if (opts.hosts) return opts.hosts;
    if (typeof arg === 'string') return [arg];
    if (arg?.type === 'host') return [arg.host.id];
    const all = vscode.l10n.t('All hosts');
    const pick = await vscode.window.showQuickPick(
      [
        { label: all, description: vscode.l10n.t('{0} host(s)', topology.hosts.length), ids: topology.hosts.map((h) => h.id) },
        ...topology.hosts.map((h) => ({ label: h.id, description: h.region.name, ids: [h.id] })),
      ],
      { placeHolder: vscode.l10n.t('Probe from which hosts?') },
    );
    return pick?.ids;
  }

  const verify = async (arg?: HostArg, opts: ReachCommandOptions = {}): Promise<ReachCommandResult | undefined> => {
    if (!trustedOrExplain(vscode.l10n.t('Verify Reachability runs commands on your hosts over SSH and runs only in a trusted workspace. This workspace is in Restricted Mode.'))) return undefined;
    const topology = await topologyForCommand(state);
    if (!topology) return undefined;
    const hosts = await pickHosts(topology, arg, opts);
    if (!hosts || hosts.length === 0) return undefined;
    const settings = vscode.workspace.getConfiguration('dubboTopology.reach');
    const timeoutSeconds = Math.max(1, settings.get<number>('timeoutSeconds') ?? 3);
    const maxPerHost = Math.max(1, settings.get<number>('maxProbesPerHost') ?? 200);
    const own = opts.knownHostsFile ? ssh.ownPool(opts.knownHostsFile) : undefined;
    output.appendLine(`--- ${new Date().toISOString()} ${hosts.join(', ')}`);
    try {
      const reports = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Verifying reachability from {0} host(s)', hosts.length), cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            return await checkReachability(topology, hosts, ssh.sessions(topology, own), {
              timeoutSeconds,
              maxPerHost,
              signal: ac.signal,
              onHost: (h) => progress.report({ message: h, increment: 100 / hosts.length }),
            });
          } finally {
            sub.dispose();
          }
        },
      );
      for (const r of reports) {
        if (r.error) output.appendLine(`[${r.vantage.id}] ${r.errorRef ? sshText(r.errorRef, normalizeLocale(vscode.env.language)) : r.error}`);
        for (const row of r.rows) output.appendLine(`[${r.vantage.id}] ${row.probe.address}:${row.probe.port} ${row.outcome} ${row.verdict}${row.detail ? ` (${row.detail})` : ''}`);
      }
      const markdown = renderProbeReport(reports, { at: new Date().toISOString(), timeoutSeconds }, normalizeLocale(vscode.env.language));
      await plans.show(markdown, { preview: true });
      const bad = disagreements(reports);
      const failed = reports.filter((r) => r.error !== undefined).length;
      const notMade = untested(reports);
      if (bad > 0 || failed > 0 || notMade > 0) {
        void vscode.window.showWarningMessage(
          vscode.l10n.t('Reachability: {0} attempt(s) contradict the topology; {1} host(s) not checked; {2} attempt(s) could not be made.', bad, failed, notMade),
        );
      }
      return { reports, markdown };
    } finally {
      await own?.closeAll();
    }
  };

  /** The dry run: what Verify Reachability would try, without connecting anywhere (no trust needed). */
  const showPlan = async (arg?: HostArg, opts: ReachCommandOptions = {}): Promise<string | undefined> => {
    const topology = await topologyForCommand(state);
    if (!topology) return undefined;
    const hosts = await pickHosts(topology, arg, opts);
    if (!hosts || hosts.length === 0) return undefined;
    const vantages = hosts.flatMap((id) => topology.hostById.get(id) ?? []);
    const maxPerHost = Math.max(1, vscode.workspace.getConfiguration('dubboTopology.reach').get<number>('maxProbesPerHost') ?? 200);
    const markdown = renderProbePlan(probePlan(topology, vantages, maxPerHost), normalizeLocale(vscode.env.language));
    await plans.show(markdown, { preview: true });
    return markdown;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('dubboTopology.verifyReachability', verify),
    vscode.commands.registerCommand('dubboTopology.showReachabilityPlan', showPlan),
  );
}
