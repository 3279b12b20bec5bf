import * as vscode from 'vscode';
import { StringDecoder } from 'node:string_decoder';
import { isProvider } from '../core/dubbo/model';
import type { HealthCheck } from '../core/topology/model';
import { DEFAULT_HEALTH_TIMEOUT_S } from '../deploy/remote';
import { normalizeLocale, semicolonList } from '../core/l10n';
import { errorText, sshText } from '../core/sshMessages';
import { deployText } from '../deploy/messages';
import type { Locale } from '../core/types';
import type { Host, Service, Topology } from '../core/topology/model';
import { hostsInRegions } from '../core/topology/reach';
import { checkConnection, checkPaths, type ConnectionCheck } from '../deploy/check';
import { aftermath, PREVIOUS_CONFIG, rollbackService, runDeploy, timeoutsFromSeconds, type DeployProgress, type DeployReport, type HostOutcome } from '../deploy/engine';
import { DeployLog } from '../deploy/log';
import { planDeploy, type DeployPlan, type DeployScope, type PlanProblem, type StepName } from '../deploy/plan';
import { connect } from '../ssh/connection';
import { resolveTarget, targetLabel } from '../ssh/target';
import type { PlanDocuments } from './planDocuments';
import { VscodePrompter } from './prompter';
import { SshSessionSource } from './sshSessions';
import { topologyForCommand, type TopologyState } from './state';
import { trustedOrExplain } from './trust';

/** Options for calling the commands programmatically (tests, other commands). */
export interface DeployCommandOptions {
  /** Ask before deploying / rolling back (default true). */
  confirm?: boolean;
  /** Continue after a failed host without asking (default: ask). */
  continueOnFailure?: boolean;
}

type NodeArg = { type: 'service'; service: Service; host?: Host } | { type: 'host'; host: Host } | string | undefined;

function stepLabel(step: DeployProgress['step'] | StepName, fraction?: number): string {
  switch (step) {
    case 'connect':
      return vscode.l10n.t('connecting');
    case 'build':
      return vscode.l10n.t('building');
    case 'prepare':
      return vscode.l10n.t('preparing');
    case 'upload':
      return vscode.l10n.t('uploading {0}%', Math.round((fraction ?? 0) * 100));
    case 'verify':
      return vscode.l10n.t('verifying checksum');
    case 'environment':
      return vscode.l10n.t('writing environment');
    case 'switch':
      return vscode.l10n.t('switching current');
    case 'restart':
      return vscode.l10n.t('restarting');
    case 'health':
      return vscode.l10n.t('checking health');
    case 'prune':
      return vscode.l10n.t('pruning old releases');
    case 'test-config':
      return vscode.l10n.t('testing nginx config');
    case 'swap':
      return vscode.l10n.t('swapping config');
    case 'reload':
      return vscode.l10n.t('reloading nginx');
    case 'rollback':
      return vscode.l10n.t('rolling back');
    default:
      return String(step);
  }
}

/** A short localized reason for a failed host (the English detail goes to the output channel). */
function describeFailure(o: HostOutcome): string {
  const h = o.hostId;
  switch (o.errorCode) {
    case 'host-key-changed':
      return vscode.l10n.t('the host key of {0} has CHANGED; connection refused', h);
    case 'host-key-rejected':
      return vscode.l10n.t('the host key of {0} was not trusted', h);
    case 'host-key-revoked':
      return vscode.l10n.t('the host key of {0} is revoked', h);
    case 'auth-failed':
      return vscode.l10n.t('authentication to {0} failed', h);
    case 'connect-failed':
    case 'connect-timeout':
      return vscode.l10n.t('cannot reach {0}', h);
    case 'connection-lost':
      return vscode.l10n.t('connection to {0} lost while {1}', h, stepLabel((o.step ?? 'connect') as StepName));
    case 'checksum-mismatch':
      return vscode.l10n.t('checksum mismatch on {0}', h);
    case 'health-failed':
      return vscode.l10n.t('health check failed on {0}', h);
    case 'restart-failed':
      return vscode.l10n.t('restart failed on {0}', h);
    case 'config-test-failed':
      return vscode.l10n.t('nginx -t failed on {0}: {1}', h, firstLine(o.output ?? o.message ?? ''));
    case 'reload-failed':
      return vscode.l10n.t('nginx reload failed on {0}', h);
    case 'build-failed':
      return vscode.l10n.t('the local build failed');
    case 'no-previous-release':
      return vscode.l10n.t('{0} has no earlier release to roll back to', h);
    default:
      return outcomeText(o) ?? o.errorCode ?? h;
  }
}

/** The editor's language, for the texts the core localizes. */
function locale(): Locale {
  return normalizeLocale(vscode.env.language);
}

/** Why a host failed, in full, in the editor's language. */
function outcomeText(o: HostOutcome): string | undefined {
  return o.messageRef ? deployText(o.messageRef, locale()) : o.message;
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim())?.trim() ?? '';
}

/** What became of a host that had been switched when it failed or was cancelled (undefined: it had not been). */
function afterwards(o: HostOutcome): string | undefined {
  const a = aftermath(o);
  switch (a.state) {
    case 'unchanged':
      return undefined;
    case 'rolled-back':
      return a.release === PREVIOUS_CONFIG ? vscode.l10n.t('its previous config restored') : vscode.l10n.t('rolled back to {0}', a.release);
    case 'no-previous':
      return vscode.l10n.t('no previous release to go back to: {0} stays live', a.live);
    case 'rollback-failed':
      return vscode.l10n.t('rollback failed, {0} is still live: {1}', a.live, firstLine(a.messageRef ? deployText(a.messageRef, locale()) : a.message));
    case 'not-restarted':
      return vscode.l10n.t('switched back to {0}, but it did not come up: {1}', a.release, firstLine(a.messageRef ? deployText(a.messageRef, locale()) : a.message));
  }
}

/** Per host, what a cancelled run did: hosts left unchanged together, then each one that had been changed. */
function cancelDetails(outcomes: HostOutcome[]): string[] {
  const unchanged = outcomes.filter((o) => o.status === 'cancelled' && aftermath(o).state === 'unchanged').map((o) => o.hostId);
  const out = unchanged.length ? [vscode.l10n.t('unchanged: {0}', unchanged.join(', '))] : [];
  for (const o of outcomes) {
    if (o.status === 'failed') out.push([describeFailure(o), afterwards(o)].filter(Boolean).join(' — '));
    else if (o.status === 'cancelled' && aftermath(o).state !== 'unchanged') out.push(`${o.hostId}: ${afterwards(o)}`);
  }
  return out;
}

function problemText(p: PlanProblem): string {
  const d = p.data as Record<string, string>;
  switch (p.code) {
    case 'no-deploy':
      return vscode.l10n.t('service {0} has no deploy block', d.service);
    case 'no-artifact':
      return vscode.l10n.t('service {0}: the artifact {1} matches no file', d.service, d.pattern);
    case 'artifact-ambiguous':
      return vscode.l10n.t('service {0}: the artifact {1} matches {2} files', d.service, d.pattern, String(d.count));
    case 'no-dir':
      return vscode.l10n.t('service {0}: deploy.dir is missing', d.service);
    case 'no-hosts':
      return vscode.l10n.t('service {0} runs on no host', d.service);
    case 'bad-env-name':
      return vscode.l10n.t('service {0}: {1} is not a valid environment variable name', d.service, d.name);
    case 'unknown-service':
      return vscode.l10n.t('{0} is not a service of the topology', d.service);
    case 'unknown-host':
      return vscode.l10n.t('{0} is not a host of the topology', d.host);
    case 'no-config':
      return vscode.l10n.t('nginx service {0} lists no config file', d.service);
  }
}

function scopeLabel(scope: DeployScope): string {
  if ('all' in scope) return vscode.l10n.t('all services');
  if ('service' in scope && 'host' in scope) return vscode.l10n.t('{0} on {1}', scope.service, scope.host);
  if ('service' in scope) return scope.service;
  return vscode.l10n.t('host {0}', scope.host);
}

/** The dry-run plan as a Markdown document. */
export function renderPlanMarkdown(plan: DeployPlan, root: string): string {
  const out: string[] = [];
  out.push(`# ${vscode.l10n.t('Deploy plan: {0}', scopeLabel(plan.scope))}`, '');
  out.push(`_${vscode.l10n.t('Dry run: nothing has been executed. {0} stands for the new release directory (UTC timestamp).', '`{release}`')}_`, '');
  for (const p of plan.problems) out.push(`- ⚠ ${problemText(p)}`);
  if (plan.services.length === 0) {
    out.push(`${vscode.l10n.t('No service with a deploy block in this scope.')} ${vscode.l10n.t('Add a `deploy:` block to a service in dubbo-topology.yaml, for example:')}`, '');
    out.push(...deployBlockExample('order', 'release'), '', seeDocs());
  }
  for (const sp of plan.services) {
    out.push('', `## ${sp.serviceId} (${sp.kind})`, '');
    if (sp.problems.some((p) => p.code === 'no-deploy')) {
      // Nothing of the plan would run: how to make the service deployable instead of its commands.
      out.push(vscode.l10n.t('{0} has no `deploy:` block in dubbo-topology.yaml: it cannot be deployed, so this plan has no commands.', sp.serviceId));
      out.push('', vscode.l10n.t('To deploy it, add a `deploy:` block to the service, for example:'), '');
      out.push(...deployBlockExample(sp.serviceId, sp.mode, sp.batches.flat()[0]?.dir || undefined), '', seeDocs());
      continue;
    }
    if (sp.build) out.push(`- ${vscode.l10n.t('Build (locally, in {0})', root)}: \`${sp.build}\``);
    for (const f of sp.files) out.push(`- ${vscode.l10n.t('File')}: \`${f.local ?? f.source}\` → \`${f.name}\`${f.size !== undefined ? ` (${formatBytes(f.size)})` : ''}`);
    out.push(`- ${vscode.l10n.t('Hosts at once')}: ${sp.serial} · ${vscode.l10n.t('Releases kept')}: ${sp.keep}`);
    if (sp.restart) out.push(`- ${vscode.l10n.t('Restart')}: \`${typeof sp.restart === 'string' ? sp.restart : `systemd ${sp.restart.unit}`}\``);
    if (sp.health) out.push(`- ${vscode.l10n.t('Health check')}: ${healthText(sp.health, true)}`);
    for (const p of sp.problems) out.push(`- ⚠ ${problemText(p)}`);
    out.push('', `### ${vscode.l10n.t('Order')}`, '');
    const locale = normalizeLocale(vscode.env.language);
    sp.batches.forEach((b, i) => out.push(`${i + 1}. ${hostsInRegions(b.map((h) => ({ id: h.hostId, region: { name: h.regionId } })), locale)}`));
    for (const hp of sp.batches.flat()) {
      out.push('', `### ${hp.hostId} — \`${hp.dir || '?'}\``, '');
      const env = Object.entries(hp.env);
      if (env.length) {
        out.push(`| ${vscode.l10n.t('Environment')} | ${vscode.l10n.t('Value')} |`, '|---|---|');
        for (const [k, v] of env) out.push(`| \`${k}\` | \`${v.replace(/\|/g, '\\|')}\` |`);
        out.push('');
      }
      out.push('```sh');
      for (const c of hp.commands) out.push(`# ${stepLabel(c.step)}`, c.command);
      out.push('```');
    }
  }
  return out.join('\n') + '\n';
}

/** What a health check probes and when it passes, in words (`code`: the URL and command as Markdown code). */
export function healthText(h: HealthCheck, code = false): string {
  const c = (s: string) => (code ? `\`${s}\`` : s);
  let what: string;
  if ('tcp' in h) what = vscode.l10n.t('TCP port {0} on the host accepts connections', h.tcp);
  else if ('http' in h) what = vscode.l10n.t('HTTP GET {0} answers with a status below 400', c(h.http));
  else what = vscode.l10n.t('the command {0} exits with 0', c(h.command));
  return vscode.l10n.t('{0}, within {1} s', what, h.timeout ?? DEFAULT_HEALTH_TIMEOUT_S);
}

/** A `deploy:` block for service `id` as the topology would hold it (see docs/deploy.md), in a YAML fence. */
function deployBlockExample(id: string, mode: 'release' | 'nginx', nginxDir = '/etc/nginx'): string[] {
  const body =
    mode === 'nginx'
      ? ['    deploy:', `      dir: ${nginxDir}`, '      restart: nginx -s reload']
      : ['    deploy:', `      artifact: ${id}/target/${id}-*.jar`, `      dir: /opt/${id}`, `      restart: systemctl restart ${id}`];
  return ['```yaml', 'services:', `  ${id}:`, ...body, '```'];
}

function seeDocs(): string {
  return vscode.l10n.t('Every field of the block is described in docs/deploy.md (“Deploy over SSH”).');
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

/** Why a connection test failed, in the editor's language where the SSH layer said it. */
function checkErrorText(c: ConnectionCheck): string {
  return c.error?.ref ? sshText(c.error.ref, locale()) : (c.error?.message ?? '');
}

function hostKeyWord(k: ConnectionCheck['hostKey']): string {
  switch (k) {
    case 'known':
      return vscode.l10n.t('known');
    case 'accepted':
      return vscode.l10n.t('trusted just now');
    case 'changed':
      return vscode.l10n.t('CHANGED');
    case 'rejected':
      return vscode.l10n.t('not trusted');
    case 'revoked':
      return vscode.l10n.t('revoked');
    case 'unchecked':
      return vscode.l10n.t('not checked');
  }
}

function sudoWord(s: NonNullable<ConnectionCheck['sudo']>): string {
  switch (s) {
    case 'root':
      return vscode.l10n.t('root');
    case 'passwordless':
      return vscode.l10n.t('without a password');
    case 'password':
      return vscode.l10n.t('asks for a password');
    case 'none':
      return vscode.l10n.t('not installed');
  }
}

/** One host's result on one line: why it could not be reached, or each check ticked or crossed. */
function formatCheck(c: ConnectionCheck): string {
  const yes = (b: boolean) => (b ? '✓' : '✗');
  if (!c.reachable && c.error) return `${c.hostId}: ✗ ${checkErrorText(c)}`;
  const parts = [
    `${yes(c.reachable)} ${vscode.l10n.t('reachable')}`,
    `${yes(c.authenticated)} ${vscode.l10n.t('authenticated')}`,
    `${yes(c.hostKey === 'known' || c.hostKey === 'accepted')} ${vscode.l10n.t('host key: {0}', hostKeyWord(c.hostKey))}${c.fingerprint ? ` (${c.fingerprint})` : ''}`,
  ];
  if (c.sudo) parts.push(`${yes(c.sudo === 'root' || c.sudo === 'passwordless')} ${vscode.l10n.t('sudo: {0}', sudoWord(c.sudo))}`);
  for (const d of c.disk) parts.push(`${yes(d.availableKb > 1024 * 1024)} ${vscode.l10n.t('disk {0}: {1} free ({2}% used)', d.path, formatBytes(d.availableKb * 1024), String(d.usePercent))}`);
  if (c.error) parts.push(`✗ ${checkErrorText(c)}`);
  return `${c.hostId}: ${parts.join(' · ')}`;
}

function connectionOk(r: ConnectionCheck): boolean {
  return r.reachable && r.authenticated && (r.hostKey === 'known' || r.hostKey === 'accepted') && !r.error;
}

/**
 * A connection test told twice: a short summary for the notification (how many hosts are fine, which
 * are not) and one line per host, in the given order, for the Output channel.
 */
export function connectionTestText(results: ConnectionCheck[]): { summary: string; lines: string[] } {
  const ok = results.filter(connectionOk).length;
  const bad = results.filter((r) => !connectionOk(r)).map((r) => r.hostId);
  const summary = bad.length
    ? vscode.l10n.t('Connection test: {0} of {1} host(s) OK. Not OK: {2}.', ok, results.length, bad.join(', '))
    : vscode.l10n.t('Connection test: {0} of {1} host(s) OK.', ok, results.length);
  return { summary, lines: results.map(formatCheck) };
}

/** What became of one host, for the message of a run that did not succeed. */
function hostOutcomeText(o: HostOutcome, action: DeployReport['action']): string {
  switch (o.status) {
    case 'deployed':
      return vscode.l10n.t('{0}: deployed {1}', o.hostId, o.release ?? '');
    case 'rolled-back':
      return vscode.l10n.t('{0}: rolled back to {1}', o.hostId, o.release ?? '');
    case 'skipped':
      return action === 'rollback'
        ? vscode.l10n.t('{0}: not tried, the rollback stopped after the failure', o.hostId)
        : vscode.l10n.t('{0}: not tried, the deploy stopped after the failure', o.hostId);
    case 'failed':
      return [describeFailure(o), afterwards(o)].filter(Boolean).join(' — ');
    case 'cancelled':
      return [o.hostId, afterwards(o)].filter(Boolean).join(': ');
  }
}

/**
 * The message of a deploy or rollback that did not succeed (`what`: the service or scope): whether it
 * was a deploy or a rollback, and what became of every host.
 */
export function reportMessage(what: string, report: DeployReport): string {
  const rollback = report.action === 'rollback';
  if (report.cancelled) {
    const done = report.outcomes.filter((o) => o.status === 'deployed' || o.status === 'rolled-back').length;
    const cancelled = report.outcomes.filter((o) => o.status === 'cancelled').length;
    const details = semicolonList(cancelDetails(report.outcomes), locale());
    return rollback
      ? vscode.l10n.t('Rollback of {0} cancelled: {1} host(s) done, {2} cancelled. {3}', what, done, cancelled, details)
      : vscode.l10n.t('Deploy of {0} cancelled: {1} host(s) done, {2} cancelled. {3}', what, done, cancelled, details);
  }
  const several = new Set(report.outcomes.map((o) => o.serviceId)).size > 1;
  const hosts = report.outcomes.map((o) => (several ? `${o.serviceId} @ ${hostOutcomeText(o, report.action)}` : hostOutcomeText(o, report.action)));
  const parts = semicolonList([...report.problems.map(problemText), ...hosts], locale());
  return rollback ? vscode.l10n.t('Rollback of {0} failed: {1}.', what, parts) : vscode.l10n.t('Deploy of {0} failed: {1}.', what, parts);
}

export function registerDeployCommands(context: vscode.ExtensionContext, state: TopologyState, plans: PlanDocuments): void {
  const output = vscode.window.createOutputChannel('Dubbo Topology Deploy');
  const prompter = new VscodePrompter(context.secrets);
  const ssh = new SshSessionSource(prompter, (l) => output.appendLine(l), () => state.root?.fsPath);
  let busy = false;

  const rootPath = () => state.root?.fsPath;

  context.subscriptions.push(output, ssh);

  /** The topology and root, after the trust check (a plan executes nothing, so it skips that check). */
  async function ready(needsTrust = true): Promise<{ topology: Topology; root: string } | undefined> {
    if (needsTrust && !trustedOrExplain(vscode.l10n.t('Deploy and SSH commands run only in a trusted workspace. This workspace is in Restricted Mode.'))) return undefined;
    const topology = await topologyForCommand(state);
    const root = rootPath();
    if (!topology || !root) return undefined;
    return { topology, root };
  }

  async function pickService(topology: Topology, arg: NodeArg, deployableOnly: boolean): Promise<string | undefined> {
    if (typeof arg === 'string') return arg;
    if (arg && arg.type === 'service') return arg.service.id;
    const items = topology.services
      .filter((s) => !deployableOnly || s.deploy)
      .map((s) => ({ label: s.id, description: s.kind, detail: s.hosts.map((h) => h.id).join(', '), id: s.id }));
    if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No service has a deploy block in dubbo-topology.yaml.'));
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Select a service') });
    return pick?.id;
  }

  async function pickHost(topology: Topology, arg: NodeArg, allowAll = false): Promise<string | undefined> {
    if (typeof arg === 'string') return arg;
    if (arg && (arg.type === 'host' || (arg.type === 'service' && arg.host))) return arg.host!.id;
    const env = ssh.targetEnv();
    const items: (vscode.QuickPickItem & { id: string })[] = topology.hosts.map((h) => {
      // Where Open SSH Terminal, Test Connection and Deploy connect, beside the host's addresses.
      const t = resolveTarget(topology, h.id, env);
      const where = t.target ? vscode.l10n.t('SSH {0}', targetLabel(t.target, vscode.l10n.t('via'))) : `SSH: ${sshText({ id: `target/${t.error.code}`, data: t.error.data }, locale())}`;
      return { label: h.id, description: h.region.name, detail: [h.internal?.text, h.external?.text, where].filter(Boolean).join(' · '), id: h.id };
    });
    if (allowAll) items.unshift({ label: vscode.l10n.t('All hosts'), id: '*' });
    const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Select a host') });
    return pick?.id;
  }

  function sessionProvider(topology: Topology) {
    return ssh.sessions(topology);
  }

  /** Limits of remote commands and restarts, from the settings. */
  function deployTimeouts() {
    const c = vscode.workspace.getConfiguration('dubboTopology.deploy');
    return timeoutsFromSeconds({ commandSeconds: c.get<number>('commandTimeoutSeconds'), restartSeconds: c.get<number>('restartTimeoutSeconds') });
  }

  async function withRun<T>(title: string, fn: (signal: AbortSignal, report: (p: DeployProgress) => void) => Promise<T>): Promise<T> {
    busy = true;
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        let shown = 0;
        const report = (p: DeployProgress) => {
          const total = p.total ?? 1;
          const pct = p.index !== undefined ? Math.min(100, ((p.index + (p.step === 'upload' ? (p.fraction ?? 0) * 0.5 : 0.5)) / total) * 100) : shown;
          const increment = pct > shown ? pct - shown : 0;
          shown = Math.max(shown, pct);
          progress.report({ message: `${p.hostId ?? p.serviceId}: ${stepLabel(p.step, p.fraction)}`, increment });
        };
        return fn(ac.signal, report);
      });
    } finally {
      busy = false;
    }
  }

  /** After a failed host, whether to go on with the others (asked unless the caller decided). */
  async function askContinue(action: DeployReport['action'], failure: HostOutcome, opts: DeployCommandOptions): Promise<boolean> {
    if (opts.continueOnFailure !== undefined) return opts.continueOnFailure;
    const cont = vscode.l10n.t('Continue');
    const question =
      action === 'rollback'
        ? vscode.l10n.t('Rollback failed on {0}: {1}. Continue with the remaining hosts?', failure.hostId, describeFailure(failure))
        : vscode.l10n.t('Deploy failed on {0}: {1}. Continue with the remaining hosts?', failure.hostId, describeFailure(failure));
    const pick = await vscode.window.showWarningMessage(question, { modal: true, detail: [outcomeText(failure), failure.output].filter(Boolean).join('\n\n') }, cont);
    return pick === cont;
  }

  /** Notifications do not block the command: its result is returned while the toast is shown. */
  function offerOutput(shown: Thenable<string | undefined>): void {
    const showOutput = vscode.l10n.t('Show Output');
    void shown.then((pick) => {
      if (pick === showOutput) output.show();
    });
  }

  /** The zookeeper services the given Dubbo providers register with (`registry:` in the topology). */
  function registriesOf(serviceIds: string[]): string[] {
    const topology = state.topology;
    if (!topology) return [];
    const ids = new Set<string>();
    for (const id of serviceIds) {
      const s = topology.serviceById.get(id);
      const r = s && isProvider(s) ? s.registry && topology.serviceById.get(s.registry.value) : undefined;
      if (r?.kind === 'zookeeper') ids.add(r.id);
    }
    return [...ids];
  }

  function showReport(what: string, report: DeployReport): void {
    const showOutput = vscode.l10n.t('Show Output');
    const done = report.outcomes.filter((o) => o.status === 'deployed' || o.status === 'rolled-back');
    let pick: Thenable<string | undefined>;
    if (report.ok) {
      const msg =
        report.action === 'rollback'
          ? vscode.l10n.t('Rolled back {0} on {1} host(s).', what, done.length)
          : vscode.l10n.t('Deployed {0} to {1} host(s).', what, done.length);
      // Providers register themselves as they start: the registry shows which address each one gave.
      const registries = registriesOf(done.map((o) => o.serviceId));
      const check = vscode.l10n.t('Check Live Registry');
      pick = registries.length === 1 ? vscode.window.showInformationMessage(msg, check, showOutput) : vscode.window.showInformationMessage(msg, showOutput);
      void pick.then((p) => (p === check ? vscode.commands.executeCommand('dubboTopology.checkRegistry', registries[0]) : undefined));
    } else if (report.cancelled) {
      pick = vscode.window.showWarningMessage(reportMessage(what, report), showOutput);
    } else {
      pick = vscode.window.showErrorMessage(reportMessage(what, report), showOutput);
    }
    offerOutput(pick);
  }

  async function deployFlow(scope: DeployScope, opts: DeployCommandOptions = {}): Promise<DeployReport | undefined> {
    const env = await ready();
    if (!env) return undefined;
    if (busy) {
      void vscode.window.showWarningMessage(vscode.l10n.t('A deploy is already running.'));
      return undefined;
    }
    const { topology, root } = env;
    const plan = planDeploy(topology, scope, root);
    const hosts = plan.services.flatMap((s) => s.batches.flat().map((h) => h.hostId));
    const label = scopeLabel(scope);
    const blocking = [...plan.problems, ...plan.services.flatMap((s) => s.problems.filter((p) => !(p.code === 'no-artifact' && s.build)))];
    if (plan.services.length === 0 || blocking.length) {
      const showPlan = vscode.l10n.t('Show Deploy Plan');
      const reasons = blocking.length ? semicolonList(blocking.map(problemText), locale()) : vscode.l10n.t('No service with a deploy block in this scope.');
      void vscode.window.showErrorMessage(vscode.l10n.t('Cannot deploy {0}: {1}', label, reasons), showPlan).then((pick) => (pick === showPlan ? openPlan(plan, root) : undefined));
      return undefined;
    }
    if (opts.confirm !== false) {
      const go = vscode.l10n.t('Deploy');
      const showPlan = vscode.l10n.t('Show Deploy Plan');
      const services = plan.services.map((s) => s.serviceId).join(', ');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Deploy {0}?', label),
        { modal: true, detail: vscode.l10n.t('Services: {0}\nHosts in order: {1}', services, [...new Set(hosts)].join(' → ')) },
        go,
        showPlan,
      );
      if (pick === showPlan) {
        await openPlan(plan, root);
        return undefined;
      }
      if (pick !== go) return undefined;
    }
    output.appendLine(`— ${new Date().toISOString()} ${vscode.l10n.t('Deploying {0}', label)}`);
    const log = new DeployLog({ root, output: (l) => output.appendLine(l), locale: locale() });
    const report = await withRun(vscode.l10n.t('Deploying {0}', label), (signal, progress) =>
      runDeploy(plan, {
        topology,
        root,
        session: sessionProvider(topology),
        log,
        signal,
        timeouts: deployTimeouts(),
        onProgress: progress,
        continueAfterFailure: (failure) => askContinue('deploy', failure, opts),
      }),
    );
    showReport(label, report);
    return report;
  }

  async function openPlan(plan: DeployPlan, root: string): Promise<vscode.TextDocument> {
    return plans.show(renderPlanMarkdown(plan, root));
  }

  const register = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  register('dubboTopology.deployService', async (arg: NodeArg, opts?: DeployCommandOptions) => {
    const env = await ready();
    if (!env) return undefined;
    const service = await pickService(env.topology, arg, true);
    return service ? deployFlow({ service }, opts) : undefined;
  });

  register('dubboTopology.deployHost', async (arg: NodeArg, opts?: DeployCommandOptions) => {
    const env = await ready();
    if (!env) return undefined;
    const host = await pickHost(env.topology, arg);
    return host ? deployFlow({ host }, opts) : undefined;
  });

  register('dubboTopology.deployAll', async (opts?: DeployCommandOptions) => deployFlow({ all: true }, opts && typeof opts === 'object' && !('type' in opts) ? opts : {}));

  register('dubboTopology.showDeployPlan', async (arg: NodeArg) => {
    const env = await ready(false);
    if (!env) return undefined;
    let scope: DeployScope | undefined;
    if (typeof arg === 'string') scope = env.topology.hostById.has(arg) ? { host: arg } : { service: arg };
    else if (arg?.type === 'service') scope = { service: arg.service.id };
    else if (arg?.type === 'host') scope = { host: arg.host.id };
    else {
      const items: (vscode.QuickPickItem & { scope?: DeployScope })[] = [
        { label: vscode.l10n.t('All services'), scope: { all: true } },
        { label: vscode.l10n.t('Services'), kind: vscode.QuickPickItemKind.Separator },
        ...env.topology.services.filter((s) => s.deploy).map((s) => ({ label: s.id, description: s.kind, scope: { service: s.id } as DeployScope })),
        { label: vscode.l10n.t('Hosts'), kind: vscode.QuickPickItemKind.Separator },
        ...env.topology.hosts.map((h) => ({ label: h.id, description: h.region.name, scope: { host: h.id } as DeployScope })),
      ];
      scope = (await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Plan a deploy of…') }))?.scope;
    }
    if (!scope) return undefined;
    const doc = await openPlan(planDeploy(env.topology, scope, env.root), env.root);
    return doc.getText();
  });

  register('dubboTopology.rollbackService', async (arg: NodeArg, opts?: DeployCommandOptions) => {
    const env = await ready();
    if (!env) return undefined;
    if (busy) {
      void vscode.window.showWarningMessage(vscode.l10n.t('A deploy is already running.'));
      return undefined;
    }
    const service = await pickService(env.topology, arg, true);
    if (!service) return undefined;
    if (opts?.confirm !== false) {
      const go = vscode.l10n.t('Roll Back');
      const pick = await vscode.window.showWarningMessage(
        vscode.l10n.t('Roll back {0} to its previous release on every host?', service),
        { modal: true },
        go,
      );
      if (pick !== go) return undefined;
    }
    output.appendLine(`— ${new Date().toISOString()} ${vscode.l10n.t('Rolling back {0}', service)}`);
    const log = new DeployLog({ root: env.root, output: (l) => output.appendLine(l), locale: locale() });
    const report = await withRun(vscode.l10n.t('Rolling back {0}', service), (signal, progress) =>
      rollbackService(
        service,
        {
          topology: env.topology,
          root: env.root,
          session: sessionProvider(env.topology),
          log,
          signal,
          timeouts: deployTimeouts(),
          onProgress: progress,
          continueAfterFailure: (failure) => askContinue('rollback', failure, opts ?? {}),
        },
      ),
    );
    showReport(service, report);
    return report;
  });

  register('dubboTopology.testConnection', async (arg: NodeArg) => {
    const env = await ready();
    if (!env) return undefined;
    const picked = await pickHost(env.topology, arg, true);
    if (!picked) return undefined;
    const hosts = picked === '*' ? env.topology.hosts.map((h) => h.id) : [picked];
    const session = sessionProvider(env.topology);
    output.appendLine(`— ${new Date().toISOString()} ${vscode.l10n.t('Test Connection')}`);
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Testing SSH connections'), cancellable: true },
      async (progress, token) => {
        const ac = new AbortController();
        token.onCancellationRequested(() => ac.abort());
        const out: ConnectionCheck[] = [];
        const queue = [...hosts];
        const worker = async () => {
          for (let h = queue.shift(); h; h = queue.shift()) {
            progress.report({ message: h, increment: 100 / hosts.length });
            out.push(await checkConnection(h, () => session(h, ac.signal), checkPaths(env.topology, h, env.root)));
          }
        };
        await Promise.all(Array.from({ length: Math.min(4, hosts.length) }, worker));
        return out.sort((a, b) => hosts.indexOf(a.hostId) - hosts.indexOf(b.hostId));
      },
    );
    const { summary, lines } = connectionTestText(results);
    for (const line of lines) output.appendLine(line);
    output.appendLine(summary);
    if (lines.length === results.filter(connectionOk).length) offerOutput(vscode.window.showInformationMessage(summary, vscode.l10n.t('Show Output')));
    else {
      const details = vscode.l10n.t('Show Details');
      void vscode.window.showWarningMessage(summary, details).then((pick) => (pick === details ? output.show(true) : undefined));
    }
    return results;
  });

  register('dubboTopology.openSshTerminal', async (arg: NodeArg) => {
    const env = await ready();
    if (!env) return undefined;
    const hostId = await pickHost(env.topology, arg);
    if (!hostId) return undefined;
    const s = ssh.settings();
    const t = resolveTarget(env.topology, hostId, ssh.targetEnv(s));
    if (t.error) {
      void vscode.window.showErrorMessage(sshText({ id: `target/${t.error.code}`, data: t.error.data }, locale()));
      return undefined;
    }
    const target = t.target;
    const write = new vscode.EventEmitter<string>();
    const closed = new vscode.EventEmitter<number | void>();
    let channel: Awaited<ReturnType<Awaited<ReturnType<typeof connect>>['shell']>> | undefined;
    let session: Awaited<ReturnType<typeof connect>> | undefined;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: closed.event,
      open: (dims) => {
        write.fire(vscode.l10n.t('Connecting to {0} ({1}@{2}:{3})…', hostId, target.username, target.host, String(target.port)) + '\r\n');
        void (async () => {
          try {
            session = await connect(target, { prompter, knownHostsFile: s.knownHostsFile, timeouts: { connectMs: s.connectTimeoutMs } });
            channel = await session.shell({ rows: dims?.rows ?? 24, cols: dims?.columns ?? 80 });
            const dec = new StringDecoder('utf8');
            channel.on('data', (d: Buffer) => write.fire(dec.write(d)));
            channel.stderr.on('data', (d: Buffer) => write.fire(d.toString('utf8')));
            channel.on('close', () => {
              session?.close();
              closed.fire(0);
            });
          } catch (e) {
            write.fire(`\r\n${errorText(e, locale())}\r\n`);
            session?.close();
          }
        })();
      },
      close: () => {
        channel?.close();
        session?.close();
      },
      handleInput: (data) => {
        channel?.write(data);
      },
      setDimensions: (d) => {
        channel?.setWindow(d.rows, d.columns, 0, 0);
      },
    };
    const terminal = vscode.window.createTerminal({ name: `SSH: ${hostId}`, pty, iconPath: new vscode.ThemeIcon('remote') });
    terminal.show();
    return terminal;
  });
}
