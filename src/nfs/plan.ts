/**
 * What the NFS commands do for one share, computed from the topology alone: the export line the
 * server gets, the mount each client gets, and every shell command, in the order they run. The
 * plan view renders this; the runner (run.ts) executes the same command strings.
 */
import { posix } from 'node:path';
import { parseExports } from '../core/nfs/exports';
import { rootExposure } from '../core/nfs/options';
import type { Host, Share, Topology } from '../core/topology/model';
import type { Locale } from '../core/types';
import { bestAddressFrom } from '../core/topology/reach';
import { shQuote as q } from '../ssh/quote';
import { exportLine, type ExportSpec } from './exportsEdit';
import { fstabLine, nfsSource, type MountSpec } from './fstabEdit';
import { beginMarker, endMarker } from './managedBlock';
import { nfsList, nfsText } from './messages';

export type DistroFamily = 'rhel' | 'debian';

export const SERVER_UNITS = ['rpcbind', 'nfs-server'] as const;

export const STATE_DIR = '/var/lib/dubbo-topology/nfs';

/** Packages per distribution family and side. */
export function packagesFor(family: DistroFamily, side: 'server' | 'client'): string[] {
  if (family === 'rhel') return side === 'server' ? ['nfs-utils', 'rpcbind'] : ['nfs-utils'];
  return side === 'server' ? ['nfs-kernel-server'] : ['nfs-common'];
}

/** The package manager commands; `pm` is dnf or yum on RHEL-likes, apt-get on Debian-likes. */
export function installCommands(pm: string, packages: readonly string[]): string[] {
  const list = packages.map(q).join(' ');
  if (pm === 'apt-get') return ['apt-get update', `DEBIAN_FRONTEND=noninteractive apt-get install -y ${list}`];
  return [`${pm} install -y ${list}`];
}

export function removeCommands(pm: string, packages: readonly string[]): string[] {
  const list = packages.map(q).join(' ');
  if (pm === 'apt-get') return [`DEBIAN_FRONTEND=noninteractive apt-get remove -y ${list}`];
  return [`${pm} remove -y ${list}`];
}

/** A program the side needs; its presence tells whether the packages are installed. */
export function probeProgram(side: 'server' | 'client'): string {
  return side === 'server' ? 'exportfs' : 'mount.nfs';
}

export function probeInstalledCommand(side: 'server' | 'client'): string {
  return `PATH="$PATH:/usr/sbin:/sbin" command -v ${probeProgram(side)} >/dev/null 2>&1`;
}

/** Prints the package manager of the family: dnf (else yum) on RHEL-likes, apt-get on Debian-likes. */
export function packageManagerCommand(family: DistroFamily): string {
  return family === 'rhel'
    ? 'if command -v dnf >/dev/null 2>&1; then echo dnf; elif command -v yum >/dev/null 2>&1; then echo yum; fi'
    : 'if command -v apt-get >/dev/null 2>&1; then echo apt-get; fi';
}

/** A path on the host, under the root prefix (tests run against a sandbox directory). */
export function rooted(root: string, path: string): string {
  return root ? posix.join(root, path) : path;
}

/** UTC timestamp for backup names: 20260102T030405Z. */
export function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function backupPath(file: string, when: Date): string {
  return `${file}.dubbo-topology-${stamp(when)}`;
}

/** Commands, by name, so the plan shows exactly what the runner executes. */
export const cmd = {
  /** Prints a file base64-encoded (its bytes reach the runner unchanged, whatever their encoding); exit 3 when absent. */
  readIfExists: (f: string) => `if [ -e ${q(f)} ]; then base64 < ${q(f)}; else exit 3; fi`,
  /** Copies `f` to `b` (or `b-1`, `b-2` … when taken) and prints the name used. */
  backup: (f: string, b: string) =>
    `b=${q(b)}; n=0; while [ -e "$b" ]; do n=$((n + 1)); b=${q(b)}-$n; done; cp -p -- ${q(f)} "$b" && printf '%s\\n' "$b"`,
  /** Rewrites a file in place (keeps its owner and mode) with content sent base64-encoded. */
  write: (f: string, base64: string) => `printf '%s' ${q(base64)} | base64 -d > ${q(f)}`,
  restore: (f: string, b: string) => `cat -- ${q(b)} > ${q(f)} && rm -f -- ${q(b)}`,
  remove: (f: string) => `rm -f -- ${q(f)}`,
  /** Prints the directories `mkdir -p` would create, deepest first. */
  missingDirs: (d: string) => `d=${q(d)}; while [ ! -e "$d" ]; do echo "$d"; d=$(dirname -- "$d"); done`,
  mkdir: (d: string) => `mkdir -p -- ${q(d)}`,
  rmdir: (dirs: readonly string[]) => `rmdir -- ${dirs.map(q).join(' ')}`,
  exportfsReload: 'exportfs -ra',
  exportfsList: 'exportfs -v',
  showmount: 'showmount -e 127.0.0.1',
  isEnabled: (u: string) => `systemctl is-enabled ${q(u)}`,
  isActive: (u: string) => `systemctl is-active ${q(u)}`,
  enableNow: (units: readonly string[]) => `systemctl enable --now ${units.map(q).join(' ')}`,
  disable: (units: readonly string[]) => `systemctl disable ${units.map(q).join(' ')}`,
  stop: (units: readonly string[]) => `systemctl stop ${units.map(q).join(' ')}`,
  mount: (source: string, mp: string, options: readonly string[]) =>
    `mount -t nfs${options.length > 0 ? ` -o ${q(options.join(','))}` : ''} ${q(source)} ${q(mp)}`,
  umount: (mp: string) => `umount ${q(mp)}`,
  findmnt: (mp: string) => `findmnt -n -o SOURCE,FSTYPE -M ${q(mp)}`,
  probeWrite: (file: string, token: string) => `printf '%s' ${q(token)} > ${q(file)} && cat -- ${q(file)} && rm -f -- ${q(file)}`,
  probeRead: (mp: string) => `ls -A -- ${q(mp)} >/dev/null`,
};

export interface PlanProblem {
  code: 'unknown-share' | 'no-server' | 'unknown-server' | 'no-path' | 'no-route' | 'bad-options' | 'no-clients' | 'relative-path';
  /** Host the problem concerns, if any. */
  host?: string;
  detail?: string;
}

export interface ClientPlan {
  host: Host;
  /** Address the client reaches the server by. */
  serverAddress: string;
  mount: MountSpec;
  source: string;
  fstabLine: string;
}

export interface SharePlan {
  share: Share;
  server: Host;
  /** Address the server sees each client by (client id → address). */
  clientAddresses: Map<string, string>;
  exportSpec: ExportSpec;
  exportLine: string;
  clients: ClientPlan[];
  problems: PlanProblem[];
}

/** Plans a share. Problems that make a side impossible are listed; the rest of the plan still fills in. */
export function planShare(topology: Topology, shareId: string): { plan?: SharePlan; problems: PlanProblem[] } {
  const share = topology.shareById.get(shareId);
  if (!share) return { problems: [{ code: 'unknown-share', detail: shareId }] };
  if (!share.server) return { problems: [{ code: 'no-server', detail: shareId }] };
  const server = topology.hostById.get(share.server.value);
  if (!server) return { problems: [{ code: 'unknown-server', host: share.server.value }] };
  const problems: PlanProblem[] = [];
  if (!share.path) problems.push({ code: 'no-path', detail: shareId });
  else if (!share.path.startsWith('/')) problems.push({ code: 'relative-path', detail: share.path });
  const path = share.path ?? '';
  const mountPoint = share.mount ?? path;
  if (share.mount !== undefined && !share.mount.startsWith('/')) problems.push({ code: 'relative-path', detail: share.mount });
  const clientAddresses = new Map<string, string>();
  const clients: ClientPlan[] = [];
  for (const c of share.clients) {
    const host = topology.hostById.get(c.value);
    if (!host) continue; // unknown-host is reported by the topology rules
    const seen = bestAddressFrom(host, server);
    const serverAddress = bestAddressFrom(server, host);
    if (!seen || !serverAddress) {
      problems.push({ code: 'no-route', host: host.id });
      continue;
    }
    clientAddresses.set(host.id, seen);
    const mount: MountSpec = { shareId: share.id, server: serverAddress, path, mountPoint, options: share.mountOptions };
    clients.push({ host, serverAddress, mount, source: nfsSource(serverAddress, path), fstabLine: fstabLine(mount) });
  }
  if (share.clients.length === 0) problems.push({ code: 'no-clients', detail: shareId });
  const exportSpec: ExportSpec = { shareId: share.id, path, clients: [...clientAddresses.values()], options: share.options };
  const line = exportLine(exportSpec);
  const bad = parseExports(line).errors.filter((e) => e.code !== 'relativePath');
  if (bad.length > 0) problems.push({ code: 'bad-options', detail: share.options.join(',') });
  return { plan: { share, server, clientAddresses, exportSpec, exportLine: line, clients, problems }, problems };
}

/** The managed block as it appears in the file. */
export function blockText(id: string, lines: readonly string[]): string {
  return [beginMarker(id), ...lines, endMarker(id)].join('\n');
}

/** The plan as Markdown, for the "Show NFS Plan" document. Nothing is executed to produce it. */
export function renderPlan(plan: SharePlan, locale: Locale, when = new Date()): string {
  const T = (id: string, data: Record<string, string | number> = {}) => nfsText(id, locale, data);
  const code = (s: string) => '```sh\n' + s + '\n```';
  const out: string[] = [];
  const { share, server } = plan;
  out.push(`# ${T('plan/title', { share: share.id })}`, '', `_${T('plan/nothingRuns')}_`, '');
  const clients = plan.clients.map((c) =>
    T('plan/clientSeen', { host: c.host.id, region: c.host.region.name, address: plan.clientAddresses.get(c.host.id) ?? '' }),
  );
  out.push(T('plan/summary', { server: server.id, serverRegion: server.region.name, path: share.path ?? '', clients: nfsList(clients, locale) }), '');
  if (plan.problems.length > 0) {
    out.push(`## ${T('plan/problems')}`, '');
    for (const p of plan.problems) out.push(`- ${T(`problem/${p.code}`, { host: p.host ?? '', detail: p.detail ?? '' })}`);
    out.push('');
  }
  const warnings: string[] = [];
  const root = rootExposure(share.options);
  if (root === 'noRootSquash') warnings.push(T('plan/warnNoRootSquash'));
  if (root === 'anonRoot') warnings.push(T('plan/warnAnonRoot'));
  const encrypted = share.options.some((o) => o === 'sec=krb5p' || /^xprtsec=(m?tls)(:m?tls)*$/.test(o));
  for (const c of plan.clients) if (c.host.region !== server.region && !encrypted) warnings.push(T('plan/warnPublic', { host: c.host.id }));
  if (warnings.length > 0) {
    out.push(`## ${T('plan/warnings')}`, '', ...warnings.map((w) => `- ${w}`), '');
  }
  out.push(`> ${T('plan/sudo')}`, '>', `> ${T('plan/rollback')}`, '');

  const pkgLines = (side: 'server' | 'client') => [
    `   - ${T('plan/rhel')}: \`${installCommands('dnf', packagesFor('rhel', side)).join(' && ')}\` (yum)`,
    `   - ${T('plan/debian')}: \`${installCommands('apt-get', packagesFor('debian', side)).join(' && ')}\``,
  ];
  const exportsFile = '/etc/exports';
  out.push(`## ${T('plan/setup', { host: server.id, region: server.region.name })}`, '');
  out.push(`1. ${T('plan/detect')}`);
  out.push(`2. ${T('plan/installIf', { program: probeProgram('server') })}`, ...pkgLines('server'));
  out.push(`3. ${T('plan/mkdirExport')}`, '', code(cmd.mkdir(share.path ?? '')), '');
  out.push(`4. ${T('plan/backupExports')}`, '', code(cmd.backup(exportsFile, backupPath(exportsFile, when))), '');
  out.push(`5. ${T('plan/writeBlock')}`, '', '```', blockText(share.id, [plan.exportLine]), '```', '');
  out.push(`6. ${T('plan/services')}`, '', code(cmd.enableNow(SERVER_UNITS)), '');
  out.push(`7. ${T('plan/reexport')}`, '', code(cmd.exportfsReload), '');
  out.push(`8. ${T('plan/verifyServer')}`, '', code(`${cmd.exportfsList}\n${cmd.showmount}`), '');

  for (const c of plan.clients) {
    const mp = c.mount.mountPoint;
    out.push(`## ${T('plan/mount', { host: c.host.id, region: c.host.region.name })}`, '');
    out.push(`1. ${T('plan/detect')}`);
    out.push(`2. ${T('plan/installIf', { program: probeProgram('client') })}`, ...pkgLines('client'));
    out.push(`3. ${T('plan/mkdirMount')}`, '', code(cmd.mkdir(mp)), '');
    out.push(`4. ${T('plan/mountCmd')}`, '', code(cmd.mount(c.source, mp, share.mountOptions)), '');
    out.push(`5. ${T('plan/fstab')}`, '', '```', blockText(share.id, [c.fstabLine]), '```', '');
    out.push(`6. ${T('plan/verifyClient')}`, '', code(`${cmd.findmnt(mp)}\n${cmd.probeWrite(posix.join(mp, '.dubbo-topology-probe-…'), '…')}`), '');
  }

  out.push(`## ${T('plan/remove')}`, '', `- ${T('plan/removeClients')}`);
  for (const c of plan.clients) out.push('', code(`# ${c.host.id}\n${cmd.umount(c.mount.mountPoint)}`));
  out.push('', `- ${T('plan/removeServer')}`, '', code(`# ${server.id}\n${cmd.exportfsReload}`), '');
  return out.join('\n');
}
