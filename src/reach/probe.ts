/**
 * Trying TCP connections from a topology host, over SSH: one shell script per host that tries
 * every address:port of its plan in parallel batches with bash's `/dev/tcp` (or `nc -z`), each
 * bounded by `timeout`, and prints one line per probe. Nothing is installed or changed on the host.
 */
import type { Host, Topology } from '../core/topology/model';
import { hostReport, type HostProbeReport } from '../core/topology/probeReport';
import { probePlan, type HostProbes, type ProbeOutcome } from '../core/topology/probes';
import { SshError } from '../ssh/errors';
import type { HostSessionProvider } from '../ssh/hostSessions';
import { shQuote } from '../ssh/quote';
import type { RemoteSession } from '../ssh/types';

/** Probes tried at the same time on one host. */
const BATCH = 32;

const OUTCOMES = new Set<ProbeOutcome>(['open', 'refused', 'timeout', 'unreachable', 'error']);

/**
 * The script: `probe <index> <address> <port>` for each target, printing
 * `probe <index> <outcome> <detail>`. A refused connection reached the host (it answered with a
 * reset); a timeout or "no route" did not.
 */
export function probeScript(targets: { address: string; port: number }[], timeoutSeconds: number): string {
  const t = Math.max(1, Math.round(timeoutSeconds));
  const lines = [
    `T=${t}`,
    'classify() { case "$1" in *[Rr]efused*) echo refused;; *"o route"*|*[Uu]nreachable*) echo unreachable;; *[Tt]imed\\ out*|*[Tt]imeout*) echo timeout;; *) echo error;; esac; }',
    'probe() {',
    '  if command -v bash >/dev/null 2>&1; then',
    '    out=$(timeout "$T" bash -c \'exec 3<>"/dev/tcp/$1/$2"\' probe "$2" "$3" 2>&1); rc=$?',
    '  elif command -v nc >/dev/null 2>&1; then',
    '    out=$(timeout "$T" nc -z -v -w "$T" "$2" "$3" 2>&1); rc=$?',
    '  else',
    '    echo "probe $1 error neither bash nor nc on this host"; return',
    '  fi',
    '  if [ "$rc" = 0 ]; then r=open; elif [ "$rc" = 124 ]; then r=timeout; else r=$(classify "$out"); fi',
    '  echo "probe $1 $r $(printf %s "$out" | tr -s "\\n\\r\\t" "   " | cut -c1-160)"',
    '}',
  ];
  for (let i = 0; i < targets.length; i++) {
    lines.push(`probe ${i} ${shQuote(targets[i].address)} ${targets[i].port} &`);
    if ((i + 1) % BATCH === 0) lines.push('wait');
  }
  lines.push('wait', '');
  return lines.join('\n');
}

export interface ProbeResult {
  outcome: ProbeOutcome;
  /** What the tool printed, for the log (an error message, mostly). */
  detail: string;
}

/** The results in the order of the targets; a probe that printed nothing is an error. */
export function parseProbeOutput(stdout: string, count: number): ProbeResult[] {
  const out: ProbeResult[] = Array.from({ length: count }, () => ({ outcome: 'error' as ProbeOutcome, detail: 'no answer from the probe' }));
  for (const line of stdout.split('\n')) {
    const m = /^probe (\d+) (\w+) ?(.*)$/.exec(line);
    if (!m) continue;
    const i = Number(m[1]);
    const outcome = m[2] as ProbeOutcome;
    if (i < count && OUTCOMES.has(outcome)) out[i] = { outcome, detail: m[3].trim() };
  }
  return out;
}

export interface RunProbesOptions {
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

/** Runs one host's plan over its session. */
export async function runProbes(session: RemoteSession, plan: HostProbes, opts: RunProbesOptions = {}): Promise<ProbeResult[]> {
  if (plan.probes.length === 0) return [];
  const timeoutSeconds = opts.timeoutSeconds ?? 3;
  const batches = Math.ceil(plan.probes.length / BATCH);
  const r = await session.exec('sh -s', {
    stdin: probeScript(plan.probes, timeoutSeconds),
    // Each batch waits at most the probe timeout; the rest is slack for a slow link.
    timeoutMs: (batches * (timeoutSeconds + 1) + 15) * 1000,
    signal: opts.signal,
  });
  if (r.timedOut) throw new Error(`the probes on ${plan.vantage.id} did not finish in time`);
  return parseProbeOutput(r.stdout, plan.probes.length);
}

export interface ReachabilityOptions extends RunProbesOptions {
  /** Probes per host at the most (the rest are counted as left out). */
  maxPerHost?: number;
  /** Hosts checked at the same time. */
  parallel?: number;
  /** Called as each host finishes. */
  onHost?(hostId: string): void;
}

/**
 * The reachability check: from each host of `hostIds` (over its SSH session), every probe of its
 * plan. A host that cannot be reached or fails is reported with its error; the others go on.
 */
export async function checkReachability(
  topology: Topology,
  hostIds: string[],
  sessions: HostSessionProvider,
  opts: ReachabilityOptions = {},
): Promise<HostProbeReport[]> {
  const vantages = hostIds.map((id) => topology.hostById.get(id)).filter((h): h is Host => h !== undefined);
  const plans = probePlan(topology, vantages, opts.maxPerHost);
  const reports: HostProbeReport[] = new Array(plans.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < plans.length; i = next++) {
      const plan = plans[i];
      try {
        if (opts.signal?.aborted) throw new Error('cancelled');
        const session = await sessions(plan.vantage.id, opts.signal);
        reports[i] = hostReport(plan.vantage, plan.probes, await runProbes(session, plan, opts), plan.omitted);
      } catch (e) {
        const errorRef = e instanceof SshError ? e.ref : undefined;
        reports[i] = { vantage: plan.vantage, rows: [], omitted: plan.omitted, error: (e as Error).message, ...(errorRef ? { errorRef } : {}) };
      }
      opts.onHost?.(plan.vantage.id);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel ?? 4, plans.length)) }, worker));
  return reports;
}
