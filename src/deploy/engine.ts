/**
 * Runs a deploy plan over SSH, Capistrano-style: each host gets `dir/releases/<UTC timestamp>/`,
 * the artifact's SHA-256 is verified on the host, `dir/current` is switched by an atomic symlink
 * rename, the service is restarted and probed; on failure the previous release is switched back and
 * restarted. nginx services get their config staged, tested with `nginx -t`, swapped in and reloaded.
 * Every step is logged; cancellation is honoured between and inside steps.
 */
import { spawn } from 'node:child_process';
import { posix } from 'node:path';
import type { Topology } from '../core/topology/model';
import { nameList, perLocale } from '../core/l10n';
import type { Locale, MessageRef } from '../core/types';
import type { RemoteSession } from '../ssh/types';
import { SshError, isAbortError } from '../ssh/errors';
import type { DeployLog, LogResult } from './log';
import { refOfError } from '../core/sshMessages';
import { deployText, planProblemRef, type WhatKey } from './messages';
import { fillHealth, planDeploy, resolveArtifact, sha256File, fillCommand, type DeployPlan, type HostPlan, type PlanProblem, type ServicePlan, type StepName } from './plan';
import * as r from './remote';

export type DeployErrorCode =
  | 'checksum-mismatch'
  | 'restart-failed'
  | 'health-failed'
  | 'command-failed'
  | 'config-test-failed'
  | 'reload-failed'
  | 'build-failed'
  | 'artifact'
  | 'no-previous-release'
  | 'plan';

export class DeployError extends Error {
  override readonly name = 'DeployError';
  constructor(
    readonly code: DeployErrorCode,
    message: string,
    /** Remote or build output explaining the failure (tail). */
    readonly output = '',
    readonly data: Record<string, string | number> = {},
    /** What `message` says, to tell in any language (`deployText`). */
    readonly ref?: MessageRef,
  ) {
    super(message);
  }
}

/** The release an nginx host goes back to after a failed deploy: the backup of its config. */
export const PREVIOUS_CONFIG = 'previous config';

function checksumRef(host: string, file: string, expected: string, actual: string): MessageRef {
  return { id: 'error/checksum-mismatch', data: { host, file, expected, actual: actual || { id: 'detail/none' } } };
}

/** A DeployError whose message is `ref` in English. */
function deployError(code: DeployErrorCode, ref: MessageRef, output = '', data: Record<string, string | number> = {}): DeployError {
  return new DeployError(code, deployText(ref, 'en'), output, data, ref);
}

export interface DeployProgress {
  serviceId: string;
  hostId?: string;
  step: StepName | 'connect' | 'build' | 'rollback';
  /** Upload progress 0..1. */
  fraction?: number;
  /** Index of the host in the rollout and the number of hosts (for an overall bar). */
  index?: number;
  total?: number;
}

export interface HostOutcome {
  serviceId: string;
  hostId: string;
  status: 'deployed' | 'failed' | 'cancelled' | 'skipped' | 'rolled-back';
  release?: string;
  /** The release live before (or, when `current` pointed outside `releases/`, its link target). */
  previous?: string;
  /** The step that failed. */
  step?: string;
  errorCode?: string;
  /** English. */
  message?: string;
  /** The same as `message`, to tell in any language (`sshText`), when the SSH layer failed. */
  messageRef?: MessageRef;
  output?: string;
  /**
   * Set when the host had been switched when it failed or was cancelled: whether it was put back, and
   * to what (`release` is undefined when there was nothing to go back to).
   */
  rollback?: { ok: boolean; release?: string; message?: string; messageRef?: MessageRef };
  /**
   * Set when the host was left changed: `current` (or the nginx config) is still the new release
   * because there was nothing to go back to or the rollback could not put the old one back.
   */
  leftOn?: string;
  durationMs: number;
}

/** What a failed or cancelled host was left with, for reports. */
export type HostAftermath =
  /** Never switched: `current` (or the nginx config) is as it was. */
  | { state: 'unchanged' }
  /** Switched, then put back and restarted. */
  | { state: 'rolled-back'; release: string }
  /** Switched, with nothing to go back to: the new release stays live. */
  | { state: 'no-previous'; live: string }
  /** Switched, and the rollback could not switch back: the new release is still live. */
  | { state: 'rollback-failed'; live: string; message: string; messageRef?: MessageRef }
  /** Switched back, but the old release did not restart or pass its health check. */
  | { state: 'not-restarted'; release: string; message: string; messageRef?: MessageRef };

export function aftermath(o: HostOutcome): HostAftermath {
  const rb = o.rollback;
  if (!rb) return { state: 'unchanged' };
  if (rb.ok) return { state: 'rolled-back', release: rb.release ?? '' };
  if (rb.release === undefined) return { state: 'no-previous', live: o.leftOn ?? o.release ?? '' };
  const why = { message: rb.message ?? '', ...(rb.messageRef ? { messageRef: rb.messageRef } : {}) };
  if (o.leftOn) return { state: 'rollback-failed', live: o.leftOn, ...why };
  return { state: 'not-restarted', release: rb.release, ...why };
}

export interface DeployReport {
  action: 'deploy' | 'rollback';
  outcomes: HostOutcome[];
  problems: PlanProblem[];
  ok: boolean;
  cancelled: boolean;
}

export interface DeployOptions {
  topology: Topology;
  /** Folder of the topology file: builds run here, artifacts are relative to it. */
  root: string;
  /**
   * An open SSH session to a topology host (usually from an `SshPool`). Called again, after closing
   * the old session, when a connection is lost and a failed host must be put back: it must then
   * open a new connection (an `SshPool` forgets closed ones).
   */
  session(hostId: string, signal?: AbortSignal): Promise<RemoteSession>;
  log: DeployLog;
  signal?: AbortSignal;
  /** Asked when a host failed and hosts remain; resolve true to continue. Default: stop. */
  continueAfterFailure?(failure: HostOutcome): Promise<boolean>;
  onProgress?(p: DeployProgress): void;
  timeouts?: {
    /** Plain remote commands (mkdir, checksum, switch …). Default 60 s (`dubboTopology.deploy.commandTimeoutSeconds`). */
    commandMs?: number;
    /** The restart command. Default 120 s (`dubboTopology.deploy.restartTimeoutSeconds`). */
    restartMs?: number;
  };
  /** Where unit drop-ins go and which systemctl runs. Default /etc/systemd/system, systemctl. */
  systemd?: { unitDir?: string; systemctl?: string };
  now?(): Date;
}

/** Default limits of a remote command and of a restart, in seconds (the settings' defaults). */
export const DEFAULT_COMMAND_TIMEOUT_S = 60;
export const DEFAULT_RESTART_TIMEOUT_S = 120;

/** `DeployOptions.timeouts` from limits in seconds (as the settings give them); unset or invalid values take the defaults. */
export function timeoutsFromSeconds(s: { commandSeconds?: number; restartSeconds?: number }): NonNullable<DeployOptions['timeouts']> {
  const ms = (v: number | undefined, d: number) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : d) * 1000;
  return { commandMs: ms(s.commandSeconds, DEFAULT_COMMAND_TIMEOUT_S), restartMs: ms(s.restartSeconds, DEFAULT_RESTART_TIMEOUT_S) };
}

function tail(s: string, n = 4000): string {
  const t = s.trim();
  return t.length > n ? '…' + t.slice(-n) : t;
}

function errCode(e: unknown): string {
  if (e instanceof DeployError || e instanceof SshError) return e.code;
  if (isAbortError(e)) return 'aborted';
  return 'error';
}

/** `messageRef` of an outcome that failed with `e`. */
function refOf(e: unknown): { messageRef?: MessageRef } {
  const ref = refOfError(e);
  return ref ? { messageRef: ref } : {};
}

function classify(e: unknown): LogResult {
  return isAbortError(e) ? 'cancelled' : 'failed';
}

function compareReleases(a: string, b: string): number {
  const [a0, a1 = '0'] = a.split('-');
  const [b0, b1 = '0'] = b.split('-');
  return a0 < b0 ? -1 : a0 > b0 ? 1 : Number(a1) - Number(b1);
}

interface HostRun {
  sp: ServicePlan;
  hp: HostPlan;
  session?: RemoteSession;
  release?: string;
  /** The complete release `current` pointed to before this run. */
  previous?: string;
  /** Where `current` pointed before this run, exactly as the link held it (also outside `releases/`). */
  previousLink?: string;
  /** The systemd drop-in this run wrote, and what the file held before (undefined: there was none). */
  dropIn?: { path: string; before?: Buffer };
  switched: boolean;
}

/** Executes a plan. Never throws for host failures: they are in the report. */
export async function runDeploy(plan: DeployPlan, opts: DeployOptions): Promise<DeployReport> {
  const outcomes: HostOutcome[] = [];
  const problems = [...plan.problems];
  const { log, signal } = opts;
  let stop = false;
  let cancelled = false;
  const total = plan.services.reduce((n, s) => n + s.batches.flat().length, 0);
  let index = 0;

  const skipRest = (services: ServicePlan[], fromBatch: number, status: 'skipped' | 'cancelled') => {
    for (const [si, sp] of services.entries()) {
      for (const batch of sp.batches.slice(si === 0 ? fromBatch : 0)) {
        for (const hp of batch) {
          if (outcomes.some((o) => o.serviceId === sp.serviceId && o.hostId === hp.hostId)) continue;
          outcomes.push({ serviceId: sp.serviceId, hostId: hp.hostId, status, durationMs: 0 });
          log.record({ action: 'deploy', service: sp.serviceId, host: hp.hostId, step: 'host', result: status });
        }
      }
    }
  };

  if (problems.length) {
    for (const p of problems) log.record({ action: 'deploy', step: 'plan', result: 'failed', detail: p.message, detailRef: planProblemRef(p) });
  }

  for (let si = 0; si < plan.services.length && !stop; si++) {
    const sp = plan.services[si];
    const blocking = sp.problems.filter((p) => !(p.code === 'no-artifact' && sp.build));
    if (blocking.length) {
      for (const p of blocking) log.record({ action: 'deploy', service: sp.serviceId, step: 'plan', result: 'failed', detail: p.message, detailRef: planProblemRef(p, sp.serviceId) });
      problems.push(...blocking);
      const messageRef: MessageRef = { id: 'detail/list', data: { items: blocking.map((p) => planProblemRef(p, sp.serviceId)) } };
      for (const hp of sp.batches.flat()) outcomes.push({ serviceId: sp.serviceId, hostId: hp.hostId, status: 'failed', step: 'plan', errorCode: 'plan', message: blocking.map((p) => p.message).join('; '), messageRef, durationMs: 0 });
      if (!(await askContinue(opts, outcomes[outcomes.length - 1], si < plan.services.length - 1))) {
        stop = true;
        skipRest(plan.services.slice(si + 1), 0, 'skipped');
      }
      continue;
    }
    // Build and checksum once per service.
    let hashes: string[];
    try {
      if (sp.build) await runBuild(sp, opts);
      if (sp.mode === 'release') {
        const spec = opts.topology.serviceById.get(sp.serviceId)?.deploy;
        if (spec) {
          const a = resolveArtifact(opts.root, spec);
          if (!a.local) throw deployError('artifact', planProblemRef(a.problem!, sp.serviceId), '', a.problem!.data);
          const name = posix.basename(a.local.replace(/\\/g, '/'));
          sp.files[0] = { ...sp.files[0], local: a.local, name };
          for (const hp of sp.batches.flat()) hp.env.DEPLOY_ARTIFACT = posix.join(hp.dir, 'current', name);
        }
      }
      hashes = await Promise.all(sp.files.map((f) => sha256File(f.local!)));
    } catch (e) {
      const c = isAbortError(e) || signal?.aborted;
      for (const hp of sp.batches.flat()) {
        outcomes.push({ serviceId: sp.serviceId, hostId: hp.hostId, status: c ? 'cancelled' : 'failed', step: 'build', errorCode: errCode(e), message: (e as Error).message, ...refOf(e), output: e instanceof DeployError ? e.output : undefined, durationMs: 0 });
      }
      if (c) {
        cancelled = true;
        skipRest(plan.services.slice(si + 1), 0, 'cancelled');
        break;
      }
      if (!(await askContinue(opts, outcomes[outcomes.length - 1], si < plan.services.length - 1))) {
        stop = true;
        skipRest(plan.services.slice(si + 1), 0, 'skipped');
      }
      continue;
    }

    for (let bi = 0; bi < sp.batches.length; bi++) {
      if (signal?.aborted) {
        cancelled = true;
        skipRest([sp, ...plan.services.slice(si + 1)], bi, 'cancelled');
        stop = true;
        break;
      }
      const batch = sp.batches[bi];
      const results = await Promise.all(
        batch.map((hp) => {
          const i = index++;
          return sp.mode === 'nginx' ? deployNginxHost(sp, hp, hashes, opts, i, total) : deployReleaseHost(sp, hp, hashes, opts, i, total);
        }),
      );
      outcomes.push(...results);
      if (results.some((o) => o.status === 'cancelled') || signal?.aborted) {
        cancelled = true;
        skipRest([sp, ...plan.services.slice(si + 1)], bi + 1, 'cancelled');
        stop = true;
        break;
      }
      const failed = results.find((o) => o.status === 'failed');
      const more = bi < sp.batches.length - 1 || si < plan.services.length - 1;
      if (failed && !(await askContinue(opts, failed, more))) {
        skipRest([sp, ...plan.services.slice(si + 1)], bi + 1, 'skipped');
        stop = true;
        break;
      }
    }
  }
  const ok = !cancelled && problems.length === 0 && outcomes.every((o) => o.status === 'deployed');
  const scope = plan.scope;
  log.record({
    action: 'deploy',
    ...('service' in scope ? { service: scope.service } : {}),
    ...('host' in scope ? { host: scope.host } : {}),
    step: 'summary',
    result: cancelled ? 'cancelled' : ok ? 'ok' : 'failed',
    detailRef: summarize(outcomes),
  });
  return { action: 'deploy', outcomes, problems, ok, cancelled };
}

function summarize(outcomes: HostOutcome[]): MessageRef {
  const count = (s: HostOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return { id: 'summary', data: { deployed: count('deployed'), failed: count('failed'), rolledBack: count('rolled-back'), cancelled: count('cancelled'), skipped: count('skipped') } };
}

async function askContinue(opts: DeployOptions, failure: HostOutcome, more: boolean): Promise<boolean> {
  if (!more || !opts.continueAfterFailure || opts.signal?.aborted) return false;
  try {
    return await opts.continueAfterFailure(failure);
  } catch {
    return false;
  }
}

async function runBuild(sp: ServicePlan, opts: DeployOptions): Promise<void> {
  const { log, signal } = opts;
  opts.onProgress?.({ serviceId: sp.serviceId, step: 'build' });
  await log.step(
    { action: 'build', service: sp.serviceId, step: 'build', detail: undefined },
    () =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new SshError('aborted', '', 'cancelled'));
        const child = spawn('/bin/sh', ['-c', sp.build!], { cwd: opts.root, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        const onData = (d: Buffer) => {
          const s = d.toString();
          out += s;
          if (out.length > 100000) out = out.slice(-50000);
          for (const line of s.split('\n')) if (line) log.line(`  [build ${sp.serviceId}] ${line}`);
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        const onAbort = () => {
          try {
            process.kill(-child.pid!, 'SIGTERM');
          } catch {
            // already exited
          }
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        child.on('error', (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(deployError('build-failed', { id: 'error/build-start', data: { service: sp.serviceId, detail: e.message } }));
        });
        child.on('close', (code) => {
          signal?.removeEventListener('abort', onAbort);
          if (signal?.aborted) return reject(new SshError('aborted', '', 'cancelled'));
          if (code === 0) resolve();
          else reject(deployError('build-failed', { id: 'error/build-exit', data: { service: sp.serviceId, command: sp.build!, code: code ?? -1 } }, tail(out), { service: sp.serviceId, code: code ?? -1 }));
        });
      }),
    classify,
  );
}

/** Runs a remote command and throws a DeployError on a non-zero exit. */
async function must(run: HostRun, command: string, opts: DeployOptions, o: { code?: DeployErrorCode; what: WhatKey; timeoutMs?: number; signal?: AbortSignal | null; env?: Record<string, string> }): Promise<string> {
  const signal = o.signal === null ? undefined : o.signal ?? opts.signal;
  const res = await run.session!.exec(command, {
    env: o.env,
    signal,
    timeoutMs: o.timeoutMs ?? opts.timeouts?.commandMs ?? DEFAULT_COMMAND_TIMEOUT_S * 1000,
    onStdout: (s) => opts.log.line(indentOut(run, s)),
    onStderr: (s) => opts.log.line(indentOut(run, s)),
  });
  if (res.code !== 0) {
    const what = { id: `what/${o.what}` };
    const ref: MessageRef = res.timedOut ? { id: 'error/timed-out', data: { host: run.hp.hostId, what } } : { id: 'error/exited', data: { host: run.hp.hostId, what, code: String(res.code) } };
    throw deployError(o.code ?? 'command-failed', ref, tail(res.stderr + (res.stderr && res.stdout ? '\n' : '') + res.stdout), { host: run.hp.hostId });
  }
  return res.stdout;
}

function indentOut(run: HostRun, s: string): string {
  return s
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `  [${run.hp.hostId}] ${l}`)
    .join('\n');
}

function throwIfAborted(opts: DeployOptions, hostId: string): void {
  if (opts.signal?.aborted) throw new SshError('aborted', hostId, `cancelled (${hostId})`);
}

interface CurrentInfo {
  /** The target of `current` as the link holds it. */
  link?: string;
  /** The complete release of `releases/` that `current` points to. */
  live?: string;
}

function parseCurrentInfo(out: string): CurrentInfo {
  const link = /^current=(.*)$/m.exec(out)?.[1];
  const live = /^live=(.+)$/m.exec(out)?.[1];
  return { link: link || undefined, live: live || undefined };
}

/** One round trip: where `current` points, and a fresh release directory (created with mkdir). */
async function prepareRelease(run: HostRun, opts: DeployOptions): Promise<CurrentInfo & { release: string }> {
  const base = r.releaseName(opts.now?.() ?? new Date());
  const out = await must(run, r.prepareCommand(run.hp.dir, base), opts, { what: 'preparing' });
  const release = /^release=(.+)$/m.exec(out)?.[1]?.trim();
  if (!release) throw deployError('command-failed', { id: 'error/no-release-dir', data: { host: run.hp.hostId, dir: r.releasesDir(run.hp.dir) } }, tail(out));
  return { ...parseCurrentInfo(out), release };
}

function parseReleases(out: string): { complete: string[]; incomplete: string[] } {
  const names = out.split('\n').map((s) => s.trim()).filter((n) => n && !/^(current|live|release)=/.test(n));
  return {
    complete: names.filter((n) => !n.startsWith('*')).sort(compareReleases),
    incomplete: names.filter((n) => n.startsWith('*')).map((n) => n.slice(1)),
  };
}

async function listReleases(run: HostRun, opts: DeployOptions, signal?: AbortSignal | null): Promise<{ complete: string[]; incomplete: string[] }> {
  return parseReleases(await must(run, r.listReleasesCommand(run.hp.dir), opts, { what: 'listing-releases', signal }));
}

function restartOf(sp: ServicePlan, hp: HostPlan): string | { unit: string } | undefined {
  return typeof sp.restart === 'string' ? fillCommand(sp.restart, { host: hp.hostId, service: sp.serviceId, region: hp.regionId, dir: hp.dir }) : sp.restart;
}

async function restartAndProbe(run: HostRun, opts: DeployOptions, signal: AbortSignal | null | undefined, label: 'deploy' | 'rollback', onStep?: (step: 'restart' | 'health') => void): Promise<void> {
  const { sp, hp } = run;
  const systemctl = opts.systemd?.systemctl ?? 'systemctl';
  const restart = r.restartCommand(hp.dir, restartOf(sp, hp), systemctl);
  const base = { action: label, service: sp.serviceId, host: hp.hostId, release: run.release };
  if (restart) {
    onStep?.('restart');
    opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step: label === 'rollback' ? 'rollback' : 'restart' });
    await opts.log.step({ ...base, step: 'restart' }, () => must(run, restart, opts, { code: 'restart-failed', what: 'restart', env: hp.env, timeoutMs: opts.timeouts?.restartMs ?? DEFAULT_RESTART_TIMEOUT_S * 1000, signal }), classify);
  }
  if (sp.health) {
    const h = fillHealth(sp.health, { host: hp.hostId, service: sp.serviceId, region: hp.regionId, dir: hp.dir });
    onStep?.('health');
    opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step: label === 'rollback' ? 'rollback' : 'health' });
    const limit = (h.timeout ?? r.DEFAULT_HEALTH_TIMEOUT_S) * 1000 + 30000;
    await opts.log.step({ ...base, step: 'health' }, () => must(run, r.healthCommand(hp.dir, h), opts, { code: 'health-failed', what: 'health', env: hp.env, timeoutMs: limit, signal }), classify);
  }
}

/**
 * A working session for putting a host back after a failure: the run's own when it still answers,
 * else a new one from `opts.session` (the connection may be gone, which may be why the step failed).
 * Not cancellable: restoring service must not be cut short by the cancel that caused it.
 */
async function liveSession(run: HostRun, opts: DeployOptions): Promise<RemoteSession> {
  const s = run.session;
  if (s) {
    try {
      if ((await s.exec('true', { timeoutMs: 5000 })).code === 0) return s;
    } catch {
      // lost: reconnect below
    }
    // Closed, the pool forgets it and the next call opens a new connection.
    s.close();
  }
  opts.log.say(run.hp.hostId, { id: 'line/reconnecting' });
  run.session = await opts.session(run.hp.hostId);
  return run.session;
}

function failureText(e: unknown): string {
  return (e as Error).message + (e instanceof DeployError && e.output ? `\n${e.output}` : '');
}

/** Why a rollback failed: in English, and as a message when the error carries one. */
function failure(e: unknown): { message: string; messageRef?: MessageRef } {
  const ref = failureRef(e);
  return { message: failureText(e), ...(ref ? { messageRef: ref } : {}) };
}

/** Says in the Output channel that the unit's drop-in could not be put back, and why. */
function dropInFailed(log: DeployLog, hostId: string, e: unknown): void {
  log.say(hostId, { id: 'line/drop-in-failed', data: { detail: failureRef(e) ?? failureText(e) } });
}

/** Why a step failed, as a message in any language: the error's own, with what the host printed. */
function failureRef(e: unknown): MessageRef | undefined {
  const ref = refOfError(e);
  const output = e instanceof DeployError ? e.output : '';
  return ref && output ? { id: 'detail/with-output', data: { message: ref, output } } : ref;
}

/**
 * Points `current` back where it pointed before the deploy (the exact link target, also one outside
 * `releases/`) and restarts that; never cancellable (it restores service). Reconnects once first
 * when the connection was lost. `switchedBack` tells whether `current` no longer points at the new release.
 */
async function rollBackHost(run: HostRun, opts: DeployOptions): Promise<{ rollback: NonNullable<HostOutcome['rollback']>; switchedBack: boolean }> {
  const { sp, hp } = run;
  if (!run.previousLink) {
    opts.log.record({ action: 'rollback', service: sp.serviceId, host: hp.hostId, step: 'switch', result: 'skipped', detailRef: { id: 'detail/no-previous' } });
    const messageRef = { id: 'detail/no-previous-to-roll-back' };
    return { rollback: { ok: false, message: deployText(messageRef, 'en'), messageRef }, switchedBack: false };
  }
  const label = run.previous ?? run.previousLink;
  opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step: 'rollback' });
  let switchedBack = false;
  try {
    await opts.log.step({ action: 'rollback', service: sp.serviceId, host: hp.hostId, step: 'connect', release: label }, () => liveSession(run, opts));
    const back: HostRun = { ...run, release: label };
    await opts.log.step({ action: 'rollback', service: sp.serviceId, host: hp.hostId, step: 'switch', release: label }, () =>
      must(back, r.linkCommand(hp.dir, run.previousLink!, 'rollback'), opts, { what: 'switch-back', signal: null }),
    );
    switchedBack = true;
    // The restart of a unit runs daemon-reload: the old drop-in is read again there.
    await restoreDropIn(run, opts, false).catch((de: unknown) => dropInFailed(opts.log, hp.hostId, de));
    await restartAndProbe(back, opts, null, 'rollback');
    return { rollback: { ok: true, release: label }, switchedBack };
  } catch (e) {
    return { rollback: { ok: false, release: label, ...failure(e) }, switchedBack };
  }
}

/**
 * Puts the unit's drop-in back as it was before this run (removes it when there was none), then
 * `systemctl daemon-reload` unless a restart that does it follows.
 */
async function restoreDropIn(run: HostRun, opts: DeployOptions, reload: boolean): Promise<void> {
  const d = run.dropIn;
  if (!d) return;
  const s = await liveSession(run, opts);
  if (d.before === undefined) await must(run, r.removeDropInCommand(d.path), opts, { what: 'drop-in-remove', signal: null });
  else await s.writeFile(d.path, d.before, { mode: 0o644 });
  run.dropIn = undefined;
  opts.log.say(run.hp.hostId, { id: d.before === undefined ? 'line/drop-in-removed' : 'line/drop-in-restored', data: { path: d.path } });
  if (reload) await must(run, `${opts.systemd?.systemctl ?? 'systemctl'} daemon-reload`, opts, { what: 'daemon-reload', signal: null });
}

async function bestEffort(opts: DeployOptions, run: HostRun, command: string): Promise<void> {
  try {
    await (await liveSession(run, opts)).exec(command, { timeoutMs: 30000 });
  } catch (e) {
    opts.log.say(run.hp.hostId, { id: 'line/cleanup-skipped', data: { detail: refOfError(e) ?? (e as Error).message } });
  }
}

async function deployReleaseHost(sp: ServicePlan, hp: HostPlan, hashes: string[], opts: DeployOptions, index: number, total: number): Promise<HostOutcome> {
  const t0 = Date.now();
  const run: HostRun = { sp, hp, switched: false };
  const { log } = opts;
  const base = () => ({ action: 'deploy', service: sp.serviceId, host: hp.hostId, release: run.release });
  let failedStep: string = 'connect';
  const progress = (step: DeployProgress['step'], fraction?: number) => opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step, fraction, index, total });
  try {
    progress('connect');
    run.session = await log.step({ ...base(), step: 'connect' }, () => opts.session(hp.hostId, opts.signal), classify);
    failedStep = 'prepare';
    progress('prepare');
    throwIfAborted(opts, hp.hostId);
    await log.step({ ...base(), step: 'prepare' }, async () => {
      const p = await prepareRelease(run, opts);
      run.previous = p.live;
      run.previousLink = p.link;
      run.release = p.release;
    }, classify);
    const rel = r.releaseDir(hp.dir, run.release!);

    for (const [i, f] of sp.files.entries()) {
      const remote = posix.join(rel, f.name);
      failedStep = 'upload';
      progress('upload', 0);
      throwIfAborted(opts, hp.hostId);
      await log.step({ ...base(), step: 'upload', detail: undefined }, () =>
        run.session!.upload(f.local!, remote + '.part', { signal: opts.signal, onProgress: (t, n) => progress('upload', n ? t / n : 1) }),
      classify);
      failedStep = 'verify';
      progress('verify');
      throwIfAborted(opts, hp.hostId);
      await log.step({ ...base(), step: 'verify' }, async () => {
        // One round trip: print the host's hash, and move the file into place only when it matches.
        const got = (await must(run, r.verifyAndPlaceCommand(remote, hashes[i]), opts, { what: 'checksum' })).trim();
        if (got !== hashes[i]) {
          throw deployError('checksum-mismatch', checksumRef(hp.hostId, f.name, hashes[i], got), '', { host: hp.hostId, file: f.name, expected: hashes[i], actual: got });
        }
      }, classify);
    }

    failedStep = 'environment';
    progress('environment');
    throwIfAborted(opts, hp.hostId);
    await log.step({ ...base(), step: 'environment' }, async () => {
      const s = run.session!;
      await s.writeFile(posix.join(rel, '.deploy.env'), r.envFileText(hp.env), { mode: 0o640 });
      await s.writeFile(posix.join(rel, '.deploy.properties'), r.propertiesText(hp.systemProperties), { mode: 0o640 });
      if (sp.restart && typeof sp.restart === 'object') {
        const unitDir = opts.systemd?.unitDir ?? '/etc/systemd/system';
        const p = r.dropInPath(sp.restart.unit, unitDir);
        // systemd ignores an EnvironmentFile path that is not absolute: a dir relative to the SSH
        // user's home is named from the root.
        const home = hp.dir.startsWith('/') ? '' : (await must(run, r.HOME_COMMAND, opts, { what: 'home' })).trim();
        if (!hp.dir.startsWith('/') && !home.startsWith('/')) {
          throw deployError('command-failed', { id: 'error/home-unknown', data: { host: hp.hostId, home, dir: hp.dir } }, '', { host: hp.hostId });
        }
        const text = r.dropInText(hp.dir.startsWith('/') ? hp.dir : posix.join(home, hp.dir));
        const before = await s.readFile(p);
        // Kept in memory to put back if this deploy fails or is cancelled.
        if (before?.toString() !== text) {
          await must(run, r.mkdirCommand(posix.dirname(p)), opts, { what: 'drop-in-dir' });
          run.dropIn = { path: p, before };
          await s.writeFile(p, text, { mode: 0o644 });
        }
      }
      const manifest = {
        service: sp.serviceId,
        host: hp.hostId,
        release: run.release,
        // The release live before this one: where Roll Back Service returns to, kept by pruning.
        previous: run.previous ?? null,
        files: sp.files.map((f, i) => ({ name: f.name, sha256: hashes[i] })),
        deployedAt: (opts.now?.() ?? new Date()).toISOString(),
        by: log.who,
      };
      // Written last: a release with a manifest is complete.
      await s.writeFile(posix.join(rel, '.deploy.json'), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o644 });
    }, classify);

    failedStep = 'switch';
    progress('switch');
    throwIfAborted(opts, hp.hostId);
    // The switch also lists the releases, for pruning without another round trip.
    const listing = await log.step({ ...base(), step: 'switch' }, () => must(run, `${r.switchCommand(hp.dir, run.release!)} && { ${r.listReleasesCommand(hp.dir)}; }`, opts, { what: 'switch' }), classify);
    run.switched = true;

    await restartAndProbe(run, opts, opts.signal, 'deploy', (step) => (failedStep = step));

    failedStep = 'prune';
    progress('prune');
    await log.step({ ...base(), step: 'prune' }, () => prune(run, opts, parseReleases(listing)), classify).catch(() => undefined);
    return { serviceId: sp.serviceId, hostId: hp.hostId, status: 'deployed', release: run.release, previous: run.previous ?? run.previousLink, durationMs: Date.now() - t0 };
  } catch (e) {
    const aborted = isAbortError(e) || !!opts.signal?.aborted;
    const outcome: HostOutcome = {
      serviceId: sp.serviceId,
      hostId: hp.hostId,
      status: aborted ? 'cancelled' : 'failed',
      release: run.release,
      previous: run.previous ?? run.previousLink,
      step: failedStep,
      errorCode: errCode(e),
      message: (e as Error).message,
      ...refOf(e),
      output: e instanceof DeployError ? e.output : undefined,
      durationMs: 0,
    };
    let switchedBack = false;
    if (run.switched) {
      const back = await rollBackHost(run, opts);
      outcome.rollback = back.rollback;
      switchedBack = back.switchedBack;
      if (!switchedBack) outcome.leftOn = run.release;
    }
    // The failed release goes once `current` no longer points at it.
    if (run.release && (!run.switched || switchedBack)) {
      await bestEffort(opts, run, r.removeCommand([r.releaseDir(hp.dir, run.release)]));
    }
    // Not switched: the drop-in this deploy wrote would point the unit at a release that never went live.
    if (!run.switched && run.dropIn) {
      await restoreDropIn(run, opts, true).catch((de: unknown) => dropInFailed(log, hp.hostId, de));
    }
    outcome.durationMs = Date.now() - t0;
    log.record({ ...base(), step: 'host', result: aborted ? 'cancelled' : 'failed', durationMs: outcome.durationMs, ...hostRecord(outcome) });
    return outcome;
  }
}

async function prune(run: HostRun, opts: DeployOptions, listed: { complete: string[]; incomplete: string[] }): Promise<void> {
  const { complete, incomplete } = listed;
  const keep = new Set(complete.slice(-run.sp.keep));
  if (run.release) keep.add(run.release);
  // The release that was live before this deploy stays, even when older ones are kept by `keep`
  // (after a roll back) or `keep` is 1: it is where Roll Back Service returns to.
  if (run.previous) keep.add(run.previous);
  const victims = [...complete.filter((n) => !keep.has(n)), ...incomplete.filter((n) => n !== run.release)];
  if (victims.length === 0) return;
  await must(run, r.removeCommand(victims.map((n) => r.releaseDir(run.hp.dir, n))), opts, { what: 'prune-releases' });
  opts.log.say(run.hp.hostId, { id: 'line/pruned', data: { releases: nameList(victims) } });
}

/** The journal's account of a failed or cancelled host: the error, the rollback, and whether the host was left changed. */
function hostDetail(o: HostOutcome, locale: Locale): string {
  const say = (ref: MessageRef) => deployText(ref, locale);
  const message = o.messageRef ? say(o.messageRef) : o.message;
  const rb = o.rollback;
  const rollback = !rb ? '' : rb.ok ? say({ id: 'detail/rollback-ok', data: { release: rb.release === PREVIOUS_CONFIG ? { id: 'detail/previous-config' } : (rb.release ?? '') } }) : say({ id: 'detail/rollback-failed', data: { message: rb.messageRef ?? rb.message ?? '' } });
  const left = o.leftOn ? say({ id: 'detail/left-changed', data: { release: o.leftOn } }) : '';
  return [message, o.output, rollback, left].filter(Boolean).join('\n');
}

/** The journal's record of a failed or cancelled host: its detail in English, and in any language for the Output channel. */
function hostRecord(o: HostOutcome): { detail: string; detailRef: MessageRef } {
  const en = hostDetail(o, 'en');
  return { detail: en, detailRef: perLocale({ en, 'zh-cn': hostDetail(o, 'zh-cn') }) };
}

/** The reload of an nginx service on one host (the same command its deploy plan shows). */
function nginxReload(sp: ServicePlan, hp: HostPlan, opts: DeployOptions): string {
  return r.nginxReloadCommand(typeof sp.restart === 'string' ? (restartOf(sp, hp) as string) : sp.restart, opts.systemd?.systemctl);
}

async function deployNginxHost(sp: ServicePlan, hp: HostPlan, hashes: string[], opts: DeployOptions, index: number, total: number): Promise<HostOutcome> {
  const t0 = Date.now();
  const run: HostRun = { sp, hp, switched: false, release: r.releaseName(opts.now?.() ?? new Date()) };
  const { log } = opts;
  const base = () => ({ action: 'deploy', service: sp.serviceId, host: hp.hostId, release: run.release });
  let stage = r.stagingDir(hp.dir, run.release!);
  const main = sp.files[0]?.name ?? 'nginx.conf';
  const reload = nginxReload(sp, hp, opts);
  let failedStep = 'connect';
  const progress = (step: DeployProgress['step'], fraction?: number) => opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step, fraction, index, total });
  try {
    progress('connect');
    run.session = await log.step({ ...base(), step: 'connect' }, () => opts.session(hp.hostId, opts.signal), classify);
    failedStep = 'prepare';
    progress('prepare');
    throwIfAborted(opts, hp.hostId);
    await log.step({ ...base(), step: 'prepare' }, async () => {
      const out = await must(run, r.nginxStageCommand(hp.dir, run.release!), opts, { what: 'staging' });
      const taken = /^release=(.+)$/m.exec(out)?.[1]?.trim();
      if (!taken) throw deployError('command-failed', { id: 'error/no-staging-dir', data: { host: hp.hostId, dir: hp.dir } }, tail(out));
      run.release = taken;
      stage = r.stagingDir(hp.dir, taken);
    }, classify);
    for (const [i, f] of sp.files.entries()) {
      const remote = posix.join(stage, f.name);
      failedStep = 'upload';
      progress('upload', 0);
      throwIfAborted(opts, hp.hostId);
      await log.step({ ...base(), step: 'upload' }, async () => {
        await must(run, r.mkdirCommand(posix.dirname(remote)), opts, { what: 'staging' });
        await run.session!.upload(f.local!, remote, { signal: opts.signal, onProgress: (t, n) => progress('upload', n ? t / n : 1) });
      }, classify);
      failedStep = 'verify';
      progress('verify');
      await log.step({ ...base(), step: 'verify' }, async () => {
        const got = (await must(run, r.sha256Command(remote), opts, { what: 'checksum' })).trim();
        if (got !== hashes[i]) throw deployError('checksum-mismatch', checksumRef(hp.hostId, f.name, hashes[i], got), '', { host: hp.hostId, file: f.name });
      }, classify);
    }
    failedStep = 'test-config';
    progress('test-config');
    throwIfAborted(opts, hp.hostId);
    await log.step({ ...base(), step: 'test-config' }, () => must(run, r.nginxTestCommand(stage, main), opts, { code: 'config-test-failed', what: 'nginx-test' }), classify);
    failedStep = 'swap';
    progress('swap');
    throwIfAborted(opts, hp.hostId);
    await log.step({ ...base(), step: 'swap' }, () => must(run, r.nginxSwapCommand(hp.dir, run.release!, sp.files.map((f) => f.name)), opts, { what: 'swap', signal: null }), classify);
    run.switched = true;
    failedStep = 'reload';
    progress('reload');
    await log.step({ ...base(), step: 'reload' }, async () => {
      await must(run, r.nginxTestCommand(hp.dir, main), opts, { code: 'config-test-failed', what: 'nginx-test', signal: null });
      await must(run, reload, opts, { code: 'reload-failed', what: 'reload', signal: null });
    }, classify);
    if (sp.health) {
      failedStep = 'health';
      const h = fillHealth(sp.health, { host: hp.hostId, service: sp.serviceId, region: hp.regionId, dir: hp.dir });
      progress('health');
      const limit = (h.timeout ?? r.DEFAULT_HEALTH_TIMEOUT_S) * 1000 + 30000;
      await log.step({ ...base(), step: 'health' }, () => must(run, r.healthCommand(hp.dir, h), opts, { code: 'health-failed', what: 'health', timeoutMs: limit }), classify);
    }
    failedStep = 'prune';
    await log.step({ ...base(), step: 'prune' }, async () => {
      await must(run, r.removeCommand([stage]), opts, { what: 'remove-staging', signal: null });
      const backups = (await must(run, r.nginxListBackupsCommand(hp.dir), opts, { what: 'list-backups', signal: null })).split('\n').map((s) => s.trim()).filter(Boolean).sort(compareReleases);
      const victims = backups.slice(0, Math.max(0, backups.length - sp.keep));
      if (victims.length) await must(run, r.removeCommand(victims.map((v) => r.backupDir(hp.dir, v))), opts, { what: 'prune-backups', signal: null });
    }, classify).catch(() => undefined);
    return { serviceId: sp.serviceId, hostId: hp.hostId, status: 'deployed', release: run.release, durationMs: Date.now() - t0 };
  } catch (e) {
    const aborted = isAbortError(e) || !!opts.signal?.aborted;
    const outcome: HostOutcome = {
      serviceId: sp.serviceId,
      hostId: hp.hostId,
      status: aborted ? 'cancelled' : 'failed',
      release: run.release,
      step: failedStep,
      errorCode: errCode(e),
      message: (e as Error).message,
      ...refOf(e),
      output: e instanceof DeployError ? e.output : undefined,
      durationMs: 0,
    };
    if (run.switched) {
      let restored = false;
      try {
        await liveSession(run, opts);
        await must(run, r.nginxRestoreCommand(hp.dir, run.release!), opts, { what: 'restore-previous', signal: null });
        restored = true;
        await must(run, reload, opts, { code: 'reload-failed', what: 'reload', signal: null });
        outcome.rollback = { ok: true, release: PREVIOUS_CONFIG };
      } catch (re) {
        outcome.rollback = { ok: false, release: PREVIOUS_CONFIG, ...failure(re) };
      }
      if (!restored) outcome.leftOn = run.release;
    }
    // Once its files are back, this deploy's backup holds the live config: left behind, it would be
    // the one Roll Back Service restores (a no-op) and it would take one of the `keep` slots.
    const leftovers = run.switched && !outcome.leftOn ? [stage, r.backupDir(hp.dir, run.release!)] : [stage];
    await bestEffort(opts, run, r.removeCommand(leftovers));
    outcome.durationMs = Date.now() - t0;
    log.record({ ...base(), step: 'host', result: aborted ? 'cancelled' : 'failed', durationMs: outcome.durationMs, ...hostRecord(outcome) });
    return outcome;
  }
}

export interface RollbackOptions {
  /** Only these hosts (default: every host of the service). */
  hosts?: string[];
  /** Roll back to this release (default: the one that was live before the current one was deployed). */
  to?: string;
}

/** The manifest of the live release, printed by `readCurrentCommand` after its mark. */
function parseManifest(out: string): { previous?: string | null } | undefined {
  const at = out.indexOf(r.MANIFEST_MARK + '\n');
  if (at < 0) return undefined;
  try {
    const m: unknown = JSON.parse(out.slice(at + r.MANIFEST_MARK.length + 1));
    return m && typeof m === 'object' ? (m as { previous?: string | null }) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The release Roll Back Service returns to: the one recorded as live before `current` was deployed.
 * Releases deployed before that was recorded go back to the release before them by name.
 */
function rollbackTarget(hostId: string, current: string | undefined, manifest: { previous?: string | null } | undefined, complete: string[]): string {
  const fail = (id: string, data: Record<string, string> = {}) => deployError('no-previous-release', { id, data: { host: hostId, current: current ?? '', ...data } }, '', { host: hostId, current: current ?? '' });
  if (!current) throw fail('error/no-current');
  let target: string | undefined;
  if (manifest && 'previous' in manifest) {
    target = typeof manifest.previous === 'string' ? manifest.previous : undefined;
    if (!target) throw fail('error/none-before-recorded');
    if (!complete.includes(target)) throw fail('error/previous-gone', { target });
  } else {
    target = complete.filter((n) => compareReleases(n, current) < 0).pop();
    if (!target) throw fail('error/none-before');
  }
  return target;
}

/** Switches hosts of a service back to the previous release (or nginx config backup) and restarts. */
export async function rollbackService(serviceId: string, opts: DeployOptions, ro: RollbackOptions = {}): Promise<DeployReport> {
  const { topology, log } = opts;
  const plan = planDeploy(topology, { service: serviceId }, opts.root);
  const sp = plan.services[0];
  const problems = [...plan.problems, ...(sp?.problems.filter((p) => p.code === 'no-dir' || p.code === 'no-deploy' || p.code === 'no-hosts') ?? [])];
  const outcomes: HostOutcome[] = [];
  if (!sp || problems.length) {
    for (const p of problems) log.record({ action: 'rollback', service: serviceId, step: 'plan', result: 'failed', detail: p.message, detailRef: planProblemRef(p, serviceId) });
    return { action: 'rollback', outcomes, problems, ok: false, cancelled: false };
  }
  const hosts = sp.batches.flat().filter((h) => !ro.hosts || ro.hosts.includes(h.hostId));
  let cancelled = false;
  let stop = false;
  for (let i = 0; i < hosts.length && !stop; i += sp.serial) {
    if (opts.signal?.aborted) {
      cancelled = true;
      break;
    }
    const batch = hosts.slice(i, i + sp.serial);
    const results = await Promise.all(batch.map((hp) => rollbackHost(sp, hp, opts, ro.to)));
    outcomes.push(...results);
    const failed = results.find((o) => o.status === 'failed');
    if (failed && !(await askContinue(opts, failed, i + sp.serial < hosts.length))) stop = true;
  }
  for (const hp of hosts) if (!outcomes.some((o) => o.hostId === hp.hostId)) outcomes.push({ serviceId, hostId: hp.hostId, status: cancelled ? 'cancelled' : 'skipped', durationMs: 0 });
  const ok = !cancelled && outcomes.every((o) => o.status === 'rolled-back');
  log.record({ action: 'rollback', service: serviceId, step: 'summary', result: cancelled ? 'cancelled' : ok ? 'ok' : 'failed', detailRef: summarize(outcomes) });
  return { action: 'rollback', outcomes, problems, ok, cancelled };
}

async function rollbackHost(sp: ServicePlan, hp: HostPlan, opts: DeployOptions, to: string | undefined): Promise<HostOutcome> {
  const t0 = Date.now();
  const run: HostRun = { sp, hp, switched: false };
  const base = { action: 'rollback', service: sp.serviceId, host: hp.hostId };
  try {
    run.session = await opts.log.step({ ...base, step: 'connect' }, () => opts.session(hp.hostId, opts.signal), classify);
    if (sp.mode === 'nginx') {
      const backups = (await must(run, r.nginxListBackupsCommand(hp.dir), opts, { what: 'list-backups' })).split('\n').map((s) => s.trim()).filter(Boolean).sort(compareReleases);
      const target = to ?? backups[backups.length - 1];
      if (!target || !backups.includes(target)) throw deployError('no-previous-release', to ? { id: 'error/no-backup-named', data: { host: hp.hostId, target: to } } : { id: 'error/no-backup', data: { host: hp.hostId } }, '', { host: hp.hostId });
      const reload = nginxReload(sp, hp, opts);
      await opts.log.step({ ...base, step: 'swap', release: target }, async () => {
        await must(run, r.nginxRestoreCommand(hp.dir, target), opts, { what: 'restore', signal: null });
        await must(run, r.nginxTestCommand(hp.dir, sp.files[0]?.name ?? 'nginx.conf'), opts, { code: 'config-test-failed', what: 'nginx-test', signal: null });
        await must(run, reload, opts, { code: 'reload-failed', what: 'reload', signal: null });
      }, classify);
      await must(run, r.removeCommand([r.backupDir(hp.dir, target)]), opts, { what: 'remove-backup', signal: null }).catch(() => undefined);
      return { serviceId: sp.serviceId, hostId: hp.hostId, status: 'rolled-back', release: target, durationMs: Date.now() - t0 };
    }
    const out = await must(run, r.readCurrentCommand(hp.dir), opts, { what: 'reading-current' });
    const info = parseCurrentInfo(out);
    const current = info.live;
    const { complete } = await listReleases(run, opts);
    const target = to ?? rollbackTarget(hp.hostId, current, parseManifest(out), complete);
    if (!complete.includes(target)) {
      throw deployError('no-previous-release', { id: 'error/no-release', data: { host: hp.hostId, target } }, '', { host: hp.hostId, current: current ?? '' });
    }
    run.previous = current;
    run.release = target;
    opts.onProgress?.({ serviceId: sp.serviceId, hostId: hp.hostId, step: 'rollback' });
    await opts.log.step({ ...base, step: 'switch', release: target }, () => must(run, r.switchCommand(hp.dir, target), opts, { what: 'switch', signal: null }), classify);
    run.switched = true;
    try {
      await restartAndProbe(run, opts, null, 'rollback');
    } catch (e) {
      // The older release does not come up either: put back what was live, exactly as the link held it.
      if (info.link) {
        await must(run, r.linkCommand(hp.dir, info.link, 'rollback'), opts, { what: 'switch-back', signal: null }).catch(() => undefined);
        await restartAndProbe({ ...run, release: current ?? info.link }, opts, null, 'rollback').catch(() => undefined);
      }
      throw e;
    }
    return { serviceId: sp.serviceId, hostId: hp.hostId, status: 'rolled-back', release: target, previous: current, durationMs: Date.now() - t0 };
  } catch (e) {
    const aborted = isAbortError(e);
    opts.log.record({ ...base, step: 'host', result: aborted ? 'cancelled' : 'failed', detail: (e as Error).message, detailRef: refOfError(e) });
    return {
      serviceId: sp.serviceId,
      hostId: hp.hostId,
      status: aborted ? 'cancelled' : 'failed',
      release: run.release,
      previous: run.previous,
      errorCode: errCode(e),
      message: (e as Error).message,
      ...refOf(e),
      output: e instanceof DeployError ? e.output : undefined,
      durationMs: Date.now() - t0,
    };
  }
}

