/**
 * The seed's network on one machine: two regions whose LANs meet only through a NAT'd "public"
 * link. Each region is a network namespace holding one host; a third namespace (`inet`) routes
 * between them and maps each host's external address (documentation ranges 203.0.113.0/24 and
 * 198.51.100.0/24) to its internal one. A region reaches the other only through external
 * addresses: forwarding of anything not DNAT'd is dropped, so an internal address of the other
 * region times out, as on the real network. A host reaches its own external address too (hairpin
 * NAT, as cloud elastic IPs do). Needs root, iproute2 and nftables; nothing is routed to the
 * machine's own network.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeZooKeeperConfig, ZK_SERVER } from './zookeeper';

export interface LabHost {
  id: string;
  region: string;
  /** Namespace the host's processes run in. */
  ns: string;
  internal: string;
  external: string;
}

export interface LabRegion {
  id: string;
  name: string;
  lan: string;
  gateway: string;
  hosts: LabHost[];
}

export interface ExecResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface LabProcess {
  pid: number;
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Resolves with the first stdout line matching `re` (rejects when the process exits first or after `timeoutMs`). */
  waitFor(re: RegExp, timeoutMs: number): Promise<string>;
  stop(): Promise<void>;
}

export interface TwoRegionLab {
  regions: LabRegion[];
  hosts: LabHost[];
  /** Namespace of the public link between the regions. */
  inet: string;
  /** Runs a command inside a namespace and waits for it (killed after `timeoutMs`, default 20 s). */
  exec(ns: string, cmd: string, args?: string[], opts?: { input?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<ExecResult>;
  /** Starts a long-running process inside a namespace; teardown stops it. */
  start(ns: string, cmd: string, args?: string[], opts?: { env?: NodeJS.ProcessEnv; cwd?: string }): LabProcess;
  /** Directories teardown removes. */
  ownDir(dir: string): void;
  /** Stops every process started in the lab, deletes the namespaces and owned directories. Safe to call twice. */
  teardown(): Promise<void>;
}

const PREFIX = 'dt-';
let builds = 0;

/** Why the lab cannot run here, or undefined. In CI as root, missing tools are errors, not skips. */
export function labSkipReason(tools: string[] = []): string | undefined {
  if (process.platform !== 'linux') return 'the two-region lab needs Linux network namespaces';
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'the two-region lab needs root (ip netns); run as root or in CI';
  const ci = process.env.CI;
  const strict = !!ci && ci !== 'false' && ci !== '0';
  const missing: string[] = [];
  if (spawnSync('ip', ['netns', 'list'], { stdio: 'ignore' }).status !== 0) missing.push('ip netns (iproute2)');
  if (spawnSync('nft', ['--version'], { stdio: 'ignore' }).status !== 0) missing.push('nft (nftables)');
  for (const t of tools) if (spawnSync('sh', ['-c', `command -v ${t} || test -x ${t}`], { stdio: 'ignore' }).status !== 0) missing.push(t);
  if (missing.length === 0 || strict) return undefined;
  return `the two-region lab needs ${missing.join(', ')} (install with scripts/setup-system.sh)`;
}

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function listNamespaces(): string[] {
  const out = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0])
    .filter(Boolean);
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Deletes one namespace after ending the processes still inside it (all of them were started by a lab). */
function deleteNamespace(ns: string): void {
  const pids = (spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '').split(/\s+/).filter(Boolean).map(Number);
  for (const p of pids) killGroup(p, 'SIGKILL');
  spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

/** Namespaces left by a lab whose test process died without tearing down (its pid is gone). */
function removeStaleNamespaces(): void {
  for (const ns of listNamespaces()) {
    const m = /^dt-(\d+)-\d+-(?:r\d+|inet)$/.exec(ns);
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) deleteNamespace(ns);
  }
}

interface RegionPlan {
  id: string;
  name: string;
  lan: string;
  gateway: string;
  host: { id: string; internal: string; external: string };
}

const PLAN: RegionPlan[] = [
  { id: 'r1', name: 'region-1', lan: '192.168.27.0/24', gateway: '192.168.27.1', host: { id: 'host-1', internal: '192.168.27.101', external: '203.0.113.7' } },
  { id: 'r2', name: 'region-2', lan: '172.16.8.0/24', gateway: '172.16.8.1', host: { id: 'host-2', internal: '172.16.8.101', external: '198.51.100.207' } },
];

function nftRules(plan: RegionPlan[]): string {
  const dnat = plan.map((r) => `    ip daddr ${r.host.external} dnat to ${r.host.internal}`);
  const snat = plan.flatMap((r) =>
    plan.filter((o) => o !== r).map((o) => `    ip saddr ${r.host.internal} oifname "${o.id}-gw" snat to ${r.host.external}`),
  );
  // A host reaching an external address of its own LAN: the reply must come back through the router.
  const hairpin = plan.map((r) => `    ct status dnat ip saddr ${r.lan} oifname "${r.id}-gw" masquerade`);
  return `table ip lab {
  chain pre {
    type nat hook prerouting priority dstnat;
${dnat.join('\n')}
  }
  chain post {
    type nat hook postrouting priority srcnat;
${[...snat, ...hairpin].join('\n')}
  }
  chain between {
    type filter hook forward priority filter; policy drop;
    ct status dnat accept
    ct state established,related accept
  }
}
`;
}

/** Builds the lab; on any failure removes what was built and rethrows. */
export async function buildTwoRegionLab(): Promise<TwoRegionLab> {
  removeStaleNamespaces();
  const tag = `${PREFIX}${process.pid}-${builds++}`;
  const inet = `${tag}-inet`;
  const namespaces: string[] = [];
  const processes = new Set<LabProcess>();
  const dirs: string[] = [];
  let torn = false;

  const cleanupSync = (): void => {
    if (torn) return;
    torn = true;
    for (const p of processes) killGroup(p.pid, 'SIGKILL');
    for (const ns of namespaces.reverse()) deleteNamespace(ns);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  const onExit = (): void => cleanupSync();
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanupSync();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const addNs = (ns: string): void => {
    ip(['netns', 'add', ns]);
    namespaces.push(ns);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
  };

  const regions: LabRegion[] = [];
  try {
    addNs(inet);
    for (const r of PLAN) {
      const ns = `${tag}-${r.id}`;
      addNs(ns);
      const prefix = r.lan.split('/')[1];
      // The veth pair is created directly inside the two namespaces: no name in the machine's own.
      ip(['link', 'add', 'lan0', 'netns', ns, 'type', 'veth', 'peer', 'name', `${r.id}-gw`, 'netns', inet]);
      ip(['-n', ns, 'addr', 'add', `${r.host.internal}/${prefix}`, 'dev', 'lan0']);
      ip(['-n', ns, 'link', 'set', 'lan0', 'up']);
      ip(['-n', ns, 'route', 'add', 'default', 'via', r.gateway]);
      ip(['-n', inet, 'addr', 'add', `${r.gateway}/${prefix}`, 'dev', `${r.id}-gw`]);
      ip(['-n', inet, 'link', 'set', `${r.id}-gw`, 'up']);
      const region: LabRegion = { id: r.id, name: r.name, lan: r.lan, gateway: r.gateway, hosts: [] };
      region.hosts.push({ id: r.host.id, region: r.id, ns, internal: r.host.internal, external: r.host.external });
      regions.push(region);
    }
    execFileSync('ip', ['netns', 'exec', inet, 'sysctl', '-qw', 'net.ipv4.ip_forward=1'], { stdio: ['ignore', 'ignore', 'pipe'] });
    execFileSync('ip', ['netns', 'exec', inet, 'nft', '-f', '-'], { input: nftRules(PLAN), stdio: ['pipe', 'ignore', 'pipe'] });
  } catch (e) {
    cleanupSync();
    process.removeListener('exit', onExit);
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`building the two-region lab failed: ${stderr || (e as Error).message}`, { cause: e });
  }

  const exec: TwoRegionLab['exec'] = (ns, cmd, args = [], opts = {}) =>
    new Promise((resolve) => {
      const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => killGroup(child.pid!, 'SIGKILL'), opts.timeoutMs ?? 20_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        resolve({ code: null, stdout, stderr: stderr + String(e) });
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      // A command that exits without reading its input (or fails to start) closes the pipe first: the
      // EPIPE that writing then gets is not the command's result, which 'close' reports.
      child.stdin.on('error', () => {});
      child.stdin.end(opts.input ?? '');
    });

  const start: TwoRegionLab['start'] = (ns, cmd, args = [], opts = {}) => {
    const child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let exited = child.exitCode !== null;
    const exitWaiters: (() => void)[] = [];
    child.on('exit', () => {
      exited = true;
      for (const w of exitWaiters.splice(0)) w();
    });
    child.on('error', (e) => (out += `\n${String(e)}\n`));
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    const proc: LabProcess = {
      pid: child.pid ?? -1,
      child,
      output: () => out,
      waitFor: (re, timeoutMs) =>
        new Promise((resolve, reject) => {
          let buf = '';
          const done = (fn: () => void) => {
            clearTimeout(timer);
            child.stdout!.off('data', onData);
            child.off('exit', onExitEarly);
            fn();
          };
          const onData = (d: Buffer) => {
            buf += d.toString();
            const line = buf.split('\n').find((l) => re.test(l));
            if (line !== undefined) done(() => resolve(line));
          };
          const onExitEarly = (code: number | null) => done(() => reject(new Error(`${cmd} exited (${code}) before ${re}:\n${out.slice(-2000)}`)));
          const timer = setTimeout(() => done(() => reject(new Error(`${cmd}: no ${re} within ${timeoutMs} ms:\n${out.slice(-2000)}`))), timeoutMs);
          child.stdout!.on('data', onData);
          child.once('exit', onExitEarly);
          const already = out.split('\n').find((l) => re.test(l));
          if (already !== undefined) done(() => resolve(already));
        }),
      stop: async () => {
        processes.delete(proc);
        if (exited || proc.pid < 0) return;
        const gone = new Promise<void>((r) => exitWaiters.push(r));
        killGroup(proc.pid, 'SIGTERM');
        const hard = setTimeout(() => killGroup(proc.pid, 'SIGKILL'), 5000);
        await gone;
        clearTimeout(hard);
      },
    };
    if (child.pid !== undefined) processes.add(proc);
    return proc;
  };

  return {
    regions,
    hosts: regions.flatMap((r) => r.hosts),
    inet,
    exec,
    start,
    ownDir: (d) => void dirs.push(d),
    teardown: async () => {
      if (torn) return;
      await Promise.all([...processes].map((p) => p.stop()));
      cleanupSync();
      process.removeListener('exit', onExit);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    },
  };
}

/** What a TCP connect from inside a namespace saw. */
export interface ProbeResult {
  outcome: 'connected' | 'timeout' | 'refused' | 'error';
  /** Bytes the server sent back (after `send`, if any) before closing or `timeoutMs`. */
  reply: string;
  detail?: string;
}

const PROBE = `
const net = require('net');
const [host, port, timeoutMs, send] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
let reply = '';
let outcome = 'timeout';
const finish = (o, detail) => { process.stdout.write(JSON.stringify({ outcome: o, reply, detail })); process.exit(0); };
const t = setTimeout(() => finish(outcome), Number(timeoutMs));
s.on('connect', () => {
  outcome = 'connected';
  if (send) s.write(send);
  setTimeout(() => finish('connected'), Math.min(1000, Number(timeoutMs)));
});
s.on('data', (d) => { reply += d.toString(); });
s.on('end', () => finish(outcome));
s.on('error', (e) => { clearTimeout(t); finish(e.code === 'ECONNREFUSED' ? 'refused' : outcome === 'connected' ? 'connected' : 'error', e.code); });
`;

/** Opens a TCP connection from namespace `ns` to `host:port` (bounded by `timeoutMs`), optionally sends `send` and reads the reply. */
export async function tcpProbe(lab: TwoRegionLab, ns: string, host: string, port: number, opts: { timeoutMs?: number; send?: string } = {}): Promise<ProbeResult> {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const r = await lab.exec(ns, process.execPath, ['-e', PROBE, host, String(port), String(timeoutMs), opts.send ?? ''], { timeoutMs: timeoutMs + 10_000 });
  try {
    return JSON.parse(r.stdout) as ProbeResult;
  } catch {
    return { outcome: 'error', reply: '', detail: `probe failed (${r.code}): ${r.stderr.trim()}` };
  }
}

export { ZK_SERVER };

export interface LabZooKeeper {
  host: LabHost;
  address: string;
  port: number;
  process: LabProcess;
}

/**
 * Starts a real ZooKeeper (the Debian package) inside a host's namespace, listening on `address`
 * (default: the host's internal IP), with the `ruok` four-letter word enabled. Resolves once it
 * answers `imok` from inside its namespace.
 */
export async function startZooKeeper(lab: TwoRegionLab, host: LabHost, opts: { address?: string; port?: number; timeoutMs?: number } = {}): Promise<LabZooKeeper> {
  const address = opts.address ?? host.internal;
  const port = opts.port ?? 2181;
  const dir = mkdtempSync(join(tmpdir(), 'dt-zk-'));
  lab.ownDir(dir);
  const { config, env } = writeZooKeeperConfig(dir, address, port);
  const proc = lab.start(host.ns, ZK_SERVER, ['start-foreground', config], { env });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    const r = await tcpProbe(lab, host.ns, address, port, { send: 'ruok', timeoutMs: 1000 });
    if (r.reply === 'imok') return { host, address, port, process: proc };
    if (proc.child.exitCode !== null || Date.now() > deadline) {
      await proc.stop();
      throw new Error(`ZooKeeper did not answer on ${address}:${port} in ${host.ns}:\n${proc.output().slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
