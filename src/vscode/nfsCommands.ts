import * as vscode from 'vscode';
import { normalizeLocale, semicolonList } from '../core/l10n';
import type { Share, Topology } from '../core/topology/model';
import type { Locale } from '../core/types';
import { nfsList, nfsText } from '../nfs/messages';
import { planShare, renderPlan, type SharePlan } from '../nfs/plan';
import { mountShare, setUpShare, unmountShare, type NfsQuestion, type NfsReport, type NfsRunOptions } from '../nfs/run';
import type { PlanDocuments } from './planDocuments';
import { VscodePrompter } from './prompter';
import { SshSessionSource } from './sshSessions';
import { topologyForCommand, type TopologyState } from './state';
import { trustedOrExplain } from './trust';

/** A share node of the topology tree, a share id, or nothing (then the user picks). */
type ShareArg = { type: 'share'; share: Share } | string | undefined;

/** Options for calling the commands programmatically (integration tests). */
export interface NfsCommandOptions {
  /** Skip the confirmation dialog before running (default: ask). */
  confirm?: boolean;
  /** Answer package questions without a dialog. */
  installPackages?: boolean;
  /** Mount: clients to mount (default: ask). Unmount: clients to unmount. */
  clients?: string[];
  /** Mount: also persist in /etc/fstab (default: ask). */
  persist?: boolean;
  /** Unmount: also remove the export from the server (default: ask). */
  removeExport?: boolean;
  /** Root prefix on the hosts and PATH prefix (sandboxed test hosts). */
  root?: string;
  pathPrefix?: string[];
  /** known_hosts file for this run instead of the `dubboTopology.ssh.knownHostsFile` setting. */
  knownHostsFile?: string;
}

function locale(): Locale {
  return normalizeLocale(vscode.env.language);
}

export function registerNfsCommands(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  const output = vscode.window.createOutputChannel('Dubbo Topology NFS');
  const prompter = new VscodePrompter(context.secrets);
  const ssh = new SshSessionSource(prompter, (l) => output.appendLine(l), () => state.root?.fsPath);
  let busy = false;
  context.subscriptions.push(output, ssh);

  /** In Restricted Mode: says why nothing runs (offering to manage trust) and refuses. */
  function trusted(): boolean {
    return trustedOrExplain(vscode.l10n.t('NFS commands change remote hosts and run only in a trusted workspace. This workspace is in Restricted Mode.'));
  }

  async function pickShare(arg: ShareArg): Promise<{ topology: Topology; plan: SharePlan } | undefined> {
    const topology = await topologyForCommand(state);
    if (!topology) return undefined;
    let id = typeof arg === 'string' ? arg : arg?.type === 'share' ? arg.share.id : undefined;
    if (!id) {
      if (topology.shares.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The topology has no shares.'));
        return undefined;
      }
      const items = topology.shares.map((s) => ({
        label: s.id,
        description: `${s.server?.value ?? '?'}:${s.path ?? '?'}`,
        detail: vscode.l10n.t('clients: {0}', s.clients.map((c) => c.value).join(', ')),
        id: s.id,
      }));
      id = items.length === 1 ? items[0].id : (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Select an NFS share') }))?.id;
      if (!id) return undefined;
    }
    const { plan, problems } = planShare(topology, id);
    if (!plan) {
      const detail = semicolonList(
        problems.map((p) => nfsText(`problem/${p.code}`, locale(), { host: p.host ?? '', detail: p.detail ?? '' })),
        locale(),
      );
      void vscode.window.showErrorMessage(nfsText('error/plan', locale(), { detail }));
      return undefined;
    }
    return { topology, plan };
  }

  async function answer(q: NfsQuestion, opts: NfsCommandOptions): Promise<boolean> {
    if (opts.installPackages !== undefined) return opts.installPackages;
    const yes = q.kind === 'install' ? vscode.l10n.t('Install') : vscode.l10n.t('Remove Packages');
    const message =
      q.kind === 'install'
        ? vscode.l10n.t('Install {0} on {1}?', nfsList(q.packages, locale()), q.host)
        : q.reason === 'rollback'
          ? vscode.l10n.t('The command failed. Remove the packages it installed on {0} ({1})?', q.host, nfsList(q.packages, locale()))
          : vscode.l10n.t('Remove the packages the setup installed on {0} ({1})?', q.host, nfsList(q.packages, locale()));
    const pick = await vscode.window.showWarningMessage(message, { modal: true, detail: q.commands.join('\n') }, yes);
    return pick === yes;
  }

  async function run(
    title: string,
    opts: NfsCommandOptions,
    go: (o: NfsRunOptions) => Promise<NfsReport>,
    topology: Topology,
    shareId: string,
  ): Promise<NfsReport | undefined> {
    if (busy) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Another NFS command is running.'));
      return undefined;
    }
    busy = true;
    output.appendLine(`--- ${title} (${new Date().toISOString()})`);
    const own = opts.knownHostsFile ? ssh.ownPool(opts.knownHostsFile) : undefined;
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            return await go({
              topology,
              shareId,
              session: ssh.sessions(topology, own),
              prompter,
              confirm: (q) => answer(q, opts),
              root: opts.root,
              pathPrefix: opts.pathPrefix,
              signal: ac.signal,
              locale: locale(),
              onProgress: (p) => progress.report({ message: p.message }),
              log: (l) => output.appendLine(l),
            });
          } finally {
            sub.dispose();
          }
        },
      );
      for (const s of report.steps) if (!s.ok && s.detail) output.appendLine(`[${s.host}] ${s.step}: ${s.detail}`);
      for (const b of report.backups) output.appendLine(vscode.l10n.t('[{0}] backup of {1}: {2}', b.host, b.file, b.backup));
      for (const w of report.warnings) {
        output.appendLine(w);
        void vscode.window.showWarningMessage(w);
      }
      const showLog = vscode.l10n.t('Show Log');
      if (report.ok) {
        void vscode.window.showInformationMessage(report.message, showLog).then((p) => p === showLog && output.show());
      } else {
        const restored = report.restored.map((h) => nfsText('done/restored', locale(), { host: h })).join(' ');
        output.appendLine(`${report.message} ${restored}`);
        const show = report.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
        void show(`${report.message}${restored ? ` ${restored}` : ''}`, showLog).then((p) => p === showLog && output.show());
      }
      return report;
    } finally {
      busy = false;
      await own?.closeAll();
    }
  }

  async function confirmRun(message: string, detail: string, action: string, plan: SharePlan, opts: NfsCommandOptions): Promise<boolean> {
    if (opts.confirm === false) return true;
    const showPlan = vscode.l10n.t('Show Plan');
    const pick = await vscode.window.showWarningMessage(message, { modal: true, detail }, action, showPlan);
    if (pick === showPlan) await openPlan(plan);
    return pick === action;
  }

  async function openPlan(plan: SharePlan): Promise<void> {
    await plans.show(renderPlan(plan, locale()), { preview: true });
  }

  const setUp = async (arg?: ShareArg, opts: NfsCommandOptions = {}) => {
    if (!trusted()) return undefined;
    const picked = await pickShare(arg);
    if (!picked) return undefined;
    const { topology, plan } = picked;
    const ok = await confirmRun(
      vscode.l10n.t('Set up NFS share {0} on {1} ({2})?', plan.share.id, plan.server.id, plan.server.region.name),
      vscode.l10n.t(
        'Installs the NFS server packages if missing (asking first), backs up /etc/exports, writes the share\'s managed block, runs exportfs -ra and enables rpcbind and nfs-server. A failed step restores the backup.',
      ),
      vscode.l10n.t('Set Up'),
      plan,
      opts,
    );
    if (!ok) return undefined;
    return run(vscode.l10n.t('Setting up NFS share {0}', plan.share.id), opts, setUpShare, topology, plan.share.id);
  };

  const mount = async (arg?: ShareArg, opts: NfsCommandOptions = {}) => {
    if (!trusted()) return undefined;
    const picked = await pickShare(arg);
    if (!picked) return undefined;
    const { topology, plan } = picked;
    let clients = opts.clients;
    if (!clients) {
      const items = plan.clients.map((c) => ({ label: c.host.id, description: c.host.region.name, detail: c.source, picked: true }));
      if (items.length > 1) {
        const chosen = await vscode.window.showQuickPick(items, { canPickMany: true, placeHolder: vscode.l10n.t('Clients to mount on') });
        if (!chosen || chosen.length === 0) return undefined;
        clients = chosen.map((c) => c.label);
      } else clients = items.map((c) => c.label);
    }
    let persist = opts.persist;
    if (persist === undefined) {
      const now = vscode.l10n.t('Mount now and add to /etc/fstab');
      const only = vscode.l10n.t('Mount now only');
      const pick = await vscode.window.showQuickPick([now, only], { placeHolder: vscode.l10n.t('Keep the mount across reboots?') });
      if (!pick) return undefined;
      persist = pick === now;
    }
    const mp = plan.share.mount ?? plan.share.path ?? '';
    const ok = await confirmRun(
      vscode.l10n.t('Mount NFS share {0} at {1} on {2}?', plan.share.id, mp, clients.join(', ')),
      vscode.l10n.t('Creates the mount point, mounts the share, verifies it with findmnt and a probe file. A failed step undoes the mount.'),
      vscode.l10n.t('Mount'),
      plan,
      opts,
    );
    if (!ok) return undefined;
    const chosen = clients;
    const keep = persist;
    return run(vscode.l10n.t('Mounting NFS share {0}', plan.share.id), opts, (o) => mountShare({ ...o, clients: chosen, persist: keep }), topology, plan.share.id);
  };

  const unmount = async (arg?: ShareArg, opts: NfsCommandOptions = {}) => {
    if (!trusted()) return undefined;
    const picked = await pickShare(arg);
    if (!picked) return undefined;
    const { topology, plan } = picked;
    let removeExport = opts.removeExport;
    if (removeExport === undefined) {
      const clientsOnly = vscode.l10n.t('Unmount from the clients');
      const all = vscode.l10n.t('Unmount and remove the export from {0}', plan.server.id);
      const pick = await vscode.window.showQuickPick([clientsOnly, all], { placeHolder: vscode.l10n.t('What should be undone?') });
      if (!pick) return undefined;
      removeExport = pick === all;
    }
    const ok = await confirmRun(
      removeExport
        ? vscode.l10n.t('Unmount share {0} from its clients and remove the export from {1}?', plan.share.id, plan.server.id)
        : vscode.l10n.t('Unmount share {0} from its clients?', plan.share.id),
      vscode.l10n.t('Reverses what Set Up and Mount did: unmounts, removes the managed blocks (after a backup), and removes what they created. Files in the share are never deleted.'),
      removeExport ? vscode.l10n.t('Unmount and Remove') : vscode.l10n.t('Unmount'),
      plan,
      opts,
    );
    if (!ok) return undefined;
    const clients = opts.clients;
    const remove = removeExport;
    return run(vscode.l10n.t('Unmounting NFS share {0}', plan.share.id), opts, (o) => unmountShare({ ...o, clients, removeExport: remove }), topology, plan.share.id);
  };

  const showPlan = async (arg?: ShareArg) => {
    const picked = await pickShare(arg);
    if (!picked) return undefined;
    await openPlan(picked.plan);
    return picked.plan;
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('dubboTopology.nfs.setUp', setUp),
    vscode.commands.registerCommand('dubboTopology.nfs.mount', mount),
    vscode.commands.registerCommand('dubboTopology.nfs.unmount', unmount),
    vscode.commands.registerCommand('dubboTopology.nfs.showPlan', showPlan),
  );
}
