import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cliMessages } from './core/cliMessages';
import { loadCliTopology, parseOrReport, UsageError } from './cliTopology';
import { disagreements, renderProbeReport, renderProbePlan, untested, type HostProbeReport } from './core/topology/probeReport';
import { probePlan } from './core/topology/probes';
import type { Locale } from './core/types';
import { checkReachability } from './reach/probe';
import { expandHome, loadSshConfig } from './ssh/config';
import { hostSessions } from './ssh/hostSessions';
import { SshPool } from './ssh/pool';
import type { Prompter } from './ssh/types';

/**
 * `dubbo-topology reach`: Verify Reachability from a terminal or a pipeline. Over SSH to each host
 * (the topology's SSH targets, the SSH config, the agent and identity files: no password, no
 * passphrase is ever asked), every service port of every other host is tried at both its IPs, and
 * what the network does is compared with what the topology says. Host keys must already be in
 * known_hosts: an unknown one is refused, with its fingerprint, never accepted. Changes nothing on
 * the hosts. `--plan` prints the attempts without connecting anywhere.
 */

interface ReachArgs {
  folder: string;
  hosts: string[];
  plan: boolean;
  knownHosts?: string;
  sshConfig?: string;
  timeoutSeconds: number;
  maxPerHost: number;
  parallel: number;
  format: 'text' | 'json';
}

function parseArgs(argv: string[], locale: Locale): ReachArgs {
  const m = cliMessages(locale);
  const args: ReachArgs = { folder: '.', hosts: [], plan: false, timeoutSeconds: 3, maxPerHost: 200, parallel: 4, format: 'text' };
  let folderSet = false;
  const usage = (msg: string) => new UsageError(`${msg.split('\n')[0]}\n${m.reachUsage}`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    const value = (): string => {
      if (a.includes('=')) return a.slice(a.indexOf('=') + 1);
      const v = argv[++i];
      if (v === undefined) throw usage(m.missingValue(a));
      return v;
    };
    const positive = (what: string): number => {
      const v = value();
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(m.badNumber(what, v));
      return n;
    };
    if (name === '--host') args.hosts.push(...value().split(',').filter(Boolean));
    else if (name === '--plan') args.plan = true;
    else if (name === '--known-hosts') args.knownHosts = value();
    else if (name === '--ssh-config') args.sshConfig = value();
    else if (name === '--timeout') args.timeoutSeconds = positive('--timeout');
    else if (name === '--max-per-host') args.maxPerHost = Math.floor(positive('--max-per-host'));
    else if (name === '--parallel') args.parallel = Math.floor(positive('--parallel'));
    else if (name === '--locale') {
      const l = value().toLowerCase();
      if (l !== 'en' && l !== 'zh-cn') throw new UsageError(m.badLocale(l));
    } else if (name === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(m.badRegistryFormat(f));
      args.format = f;
    } else if (a.startsWith('-')) throw usage(m.unknownOption(a));
    else if (!folderSet) {
      args.folder = a;
      folderSet = true;
    } else throw usage(m.extraArgument(a));
  }
  return args;
}

/** The reports as JSON: per host, each attempt with what the topology says and what happened. */
export function reachReportJson(reports: HostProbeReport[], at: string): unknown {
  return {
    at,
    disagreements: disagreements(reports),
    untested: untested(reports),
    hosts: reports.map((r) => ({
      host: r.vantage.id,
      region: r.vantage.region.id,
      ...(r.error !== undefined ? { error: r.error } : {}),
      omitted: r.omitted,
      attempts: r.rows.map((x) => ({
        address: x.probe.address,
        port: x.probe.port,
        target: x.probe.target.id,
        service: x.probe.service.id,
        role: x.probe.role,
        expected: x.probe.expected ? 'reachable' : 'unreachable',
        outcome: x.outcome,
        verdict: x.verdict,
        ...(x.detail ? { detail: x.detail } : {}),
      })),
    })),
  };
}

/** Runs `reach` (argv without the command word); resolves to the exit code: 0 as the topology says, 1 contradictions or hosts not checked, 2 could not run. */
export async function reachMain(
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
  const { root, topology } = loaded;
  const unknown = args.hosts.filter((h) => !topology.hostById.has(h));
  if (unknown.length > 0) {
    err(m.unknownHosts(unknown, [...topology.hostById.keys()]));
    return 2;
  }
  const hostIds = args.hosts.length > 0 ? [...new Set(args.hosts)] : [...topology.hostById.keys()];
  if (args.plan) {
    const plans = probePlan(topology, hostIds.map((id) => topology.hostById.get(id)!), args.maxPerHost);
    out(renderProbePlan(plans, locale));
    return 0;
  }

  const home = env.HOME || homedir();
  const knownHostsFile = expandHome(args.knownHosts ?? join('~', '.ssh', 'known_hosts'), home);
  // Host keys are only checked, never trusted here: an unknown one is refused and reported.
  const unknownKeys = new Map<string, string>();
  const prompter: Prompter = {
    confirmUnknownHostKey: async (hostId, knownHostsName, keyType, fingerprint) => {
      unknownKeys.set(hostId, m.unknownHostKey(hostId, knownHostsName, keyType, fingerprint, knownHostsFile));
      return false;
    },
    secret: async () => undefined,
    forgetSecret: async () => undefined,
  };
  const pool = new SshPool({ prompter, knownHostsFile, globalKnownHostsFiles: ['/etc/ssh/ssh_known_hosts'], timeouts: { connectMs: 15_000 } });
  const ac = new AbortController();
  const onSignal = () => ac.abort();
  process.once('SIGINT', onSignal);
  try {
    const sshConfigFile = expandHome(args.sshConfig ?? join('~', '.ssh', 'config'), home);
    const sessions = hostSessions(topology, pool, {
      sshConfig: loadSshConfig(sshConfigFile, home),
      home,
      localUser: env.USER || userInfo().username,
      agentSocket: env.SSH_AUTH_SOCK,
      baseDir: root,
    });
    const reports = await checkReachability(topology, hostIds, sessions, {
      timeoutSeconds: args.timeoutSeconds,
      maxPerHost: args.maxPerHost,
      parallel: args.parallel,
      signal: ac.signal,
      onHost: (h) => err(m.reachHostDone(h)),
    });
    // Why a host was not checked, in full, where its host key was the reason.
    for (const r of reports) {
      if (r.error !== undefined && unknownKeys.has(r.vantage.id)) {
        r.error = unknownKeys.get(r.vantage.id)!;
        delete r.errorRef;
      }
    }
    const at = new Date().toISOString();
    out(args.format === 'json' ? JSON.stringify(reachReportJson(reports, at)) : renderProbeReport(reports, { at, timeoutSeconds: args.timeoutSeconds }, locale));
    return disagreements(reports) > 0 || untested(reports) > 0 || reports.some((r) => r.error !== undefined) ? 1 : 0;
  } finally {
    process.removeListener('SIGINT', onSignal);
    await pool.closeAll();
  }
}
