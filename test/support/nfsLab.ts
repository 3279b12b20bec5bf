/**
 * An NFS lab on loopback: one real sshd per topology host, each host with a sandbox root (every file
 * the NFS commands touch lives under it) and a directory of recorded stand-ins put first on PATH:
 * `mount`, `umount`, `findmnt`, `exportfs`, `showmount`, `systemctl`, `dnf`, `yum`, `apt-get`
 * (and, for the sudo case, `id` and `sudo`). Each stand-in appends its argv to the host's call log
 * and keeps just enough state in the sandbox (mount table, unit states) for the next call to answer
 * as the real tool would. A stand-in can be made to fail, or to wait as a command in progress (to
 * drop the connection while it runs). The kernel side of NFS is the boundary: nothing is really
 * mounted.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTopology } from '../../src/core/topology/parse';
import type { Topology } from '../../src/core/topology/model';
import { hostSessions } from '../../src/ssh/hostSessions';
import { SshPool } from '../../src/ssh/pool';
import type { Prompter } from '../../src/ssh/types';
import { makeKey, startSshd, tempDir, writeKnownHosts, type KeyPair, type SshdHost } from './sshd';

export const DEBIAN_OS_RELEASE = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n';
export const ROCKY_OS_RELEASE = 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n';

const LOG = (name: string) => `printf '%s' '${name}' >> "$LAB_LOG"; for a in "$@"; do printf ' %s' "$a" >> "$LAB_LOG"; done; echo >> "$LAB_LOG"`;
/** While `$LAB_HOLD/<name>` exists, the stand-in says it is running and waits (a command in progress). */
const HOLD = (name: string) =>
  `if [ -e "$LAB_HOLD/${name}" ]; then : > "$LAB_HOLD/${name}.running"; while [ -e "$LAB_HOLD/${name}" ]; do sleep 0.05; done; fi`;
const FAIL = (name: string) => `if [ -e "$LAB_FAIL/${name}" ]; then cat "$LAB_FAIL/${name}" >&2; exit 32; fi`;

/** Stand-in sources; `$LAB_*` variables are filled per host in the header. */
const STANDINS: Record<string, string> = {
  mount: `${LOG('mount')}
${HOLD('mount')}
${FAIL('mount')}
# mount -t nfs [-o opts] SOURCE MP
eval "src=\\\${$(($# - 1))}"; eval "mp=\\\${$#}"
mkdir -p "$LAB_STATE"; echo "$src nfs4 $mp" >> "$LAB_STATE/mounts"`,
  umount: `${LOG('umount')}
${HOLD('umount')}
${FAIL('umount')}
eval "mp=\\\${$#}"
[ -f "$LAB_STATE/mounts" ] && grep -q " $mp$" "$LAB_STATE/mounts" || { echo "umount: $mp: not mounted." >&2; exit 32; }
grep -v " $mp$" "$LAB_STATE/mounts" > "$LAB_STATE/mounts.new"; mv "$LAB_STATE/mounts.new" "$LAB_STATE/mounts"`,
  findmnt: `${LOG('findmnt')}
[ -e "$LAB_FAIL/findmnt" ] && exit 1
eval "mp=\\\${$#}"
[ -f "$LAB_STATE/mounts" ] || exit 1
line=$(grep " $mp$" "$LAB_STATE/mounts" | tail -n 1)
[ -n "$line" ] || exit 1
echo "$line" | awk '{print $1, $2}'`,
  exportfs: `${LOG('exportfs')}
${HOLD('exportfs')}
${FAIL('exportfs')}
case "$1" in
  -v) [ -f "$LAB_ROOT/etc/exports" ] && grep -v '^[[:space:]]*#' "$LAB_ROOT/etc/exports" | awk 'NF { for (i = 2; i <= NF; i++) print $1 "\\t" $i }' ;;
esac
exit 0`,
  showmount: `${LOG('showmount')}
echo "Export list for $2:"
[ -f "$LAB_ROOT/etc/exports" ] && grep -v '^[[:space:]]*#' "$LAB_ROOT/etc/exports" | awk 'NF { c = ""; for (i = 2; i <= NF; i++) { h = $i; sub(/\\(.*/, "", h); c = c (c ? "," : "") h } print $1 " " c }'
exit 0`,
  systemctl: `${LOG('systemctl')}
${HOLD('systemctl')}
${FAIL('systemctl')}
u="$LAB_STATE/units"; mkdir -p "$u"
cmd=$1; shift
[ "$1" = "--now" ] && { now=1; shift; }
case "$cmd" in
  is-enabled) s=$(cat "$u/$1.enabled" 2>/dev/null || echo disabled); echo "$s"; [ "$s" = enabled ] ;;
  is-active) s=$(cat "$u/$1.active" 2>/dev/null || echo inactive); echo "$s"; [ "$s" = active ] ;;
  enable) for x in "$@"; do echo enabled > "$u/$x.enabled"; [ -n "$now" ] && echo active > "$u/$x.active"; done; true ;;
  disable) for x in "$@"; do echo disabled > "$u/$x.enabled"; done; true ;;
  start) for x in "$@"; do echo active > "$u/$x.active"; done; true ;;
  stop) for x in "$@"; do echo inactive > "$u/$x.active"; done; true ;;
esac`,
  'apt-get': `${LOG('apt-get')}
${HOLD('apt-get')}
${FAIL('apt-get')}
for a in "$@"; do case "$a" in
  nfs-kernel-server) [ "$1" = install ] && cp "$LAB_TEMPLATES/exportfs" "$LAB_BIN/exportfs"; [ "$1" = remove ] && rm -f "$LAB_BIN/exportfs" ;;
  nfs-common) [ "$1" = install ] && cp "$LAB_TEMPLATES/mount.nfs" "$LAB_BIN/mount.nfs"; [ "$1" = remove ] && rm -f "$LAB_BIN/mount.nfs" ;;
esac; done; exit 0`,
  dnf: `${LOG('dnf')}
${HOLD('dnf')}
${FAIL('dnf')}
for a in "$@"; do case "$a" in
  nfs-utils) if [ "$1" = install ]; then cp "$LAB_TEMPLATES/exportfs" "$LAB_BIN/exportfs"; cp "$LAB_TEMPLATES/mount.nfs" "$LAB_BIN/mount.nfs"; else rm -f "$LAB_BIN/exportfs" "$LAB_BIN/mount.nfs"; fi ;;
esac; done; exit 0`,
  'mount.nfs': `${LOG('mount.nfs')}`,
  id: `case "$1" in -un) echo deploy ;; -u) echo 1000 ;; *) echo "uid=1000(deploy) gid=1000(deploy)" ;; esac`,
  sudo: `${LOG('sudo')}
if [ "$1" = "-n" ]; then echo "sudo: a password is required" >&2; exit 1; fi
# sudo -k -S -p '' sh -c SCRIPT: the password is the first line of stdin
[ "$1" = "-k" ] && [ "$2" = "-S" ] && [ "$3" = "-p" ] || { echo "unexpected sudo use" >&2; exit 99; }
shift 4
IFS= read -r pw
if [ "$pw" != "$(cat "$LAB_SUDO_PASSWORD")" ]; then echo "Sorry, try again." >&2; echo "sudo: 1 incorrect password attempt" >&2; exit 1; fi
exec "$@"`,
};

export interface LabHost {
  id: string;
  sshd: SshdHost;
  dir: string;
  /** The sandbox root: `/etc/exports` of this host is `<root>/etc/exports`. */
  root: string;
  bin: string;
  log: string;
  /** Calls recorded since the last `clearCalls()`, one `name arg…` line each. */
  calls(): string[];
  clearCalls(): void;
  /** Makes the next calls of a stand-in wait, as a command in progress, until `release`. */
  hold(tool: string): void;
  /** Resolves once a held stand-in has been called and is waiting. */
  whenHeld(tool: string): Promise<void>;
  release(tool: string): void;
  /** Makes a stand-in fail (exit 32, `message` on stderr) until `heal`. */
  fail(tool: string, message?: string): void;
  heal(tool: string): void;
  /** Installs a stand-in that is normally absent (a package's program, `id`, `sudo`). */
  install(tool: string): void;
  uninstall(tool: string): void;
  file(path: string): string | undefined;
  /** The file's bytes, undefined when it does not exist. */
  bytes(path: string): Buffer | undefined;
  write(path: string, content: string | Buffer): void;
  exists(path: string): boolean;
}

export class NfsPrompter implements Prompter {
  secrets: string[] = [];
  forgotten: string[] = [];
  constructor(private readonly password?: string) {}
  async confirmUnknownHostKey(): Promise<boolean> {
    return false;
  }
  async secret(key: string): Promise<string | undefined> {
    this.secrets.push(key);
    return this.password;
  }
  async forgetSecret(key: string): Promise<void> {
    this.forgotten.push(key);
  }
}

export interface NfsLab {
  dir: string;
  key: KeyPair;
  hosts: Map<string, LabHost>;
  knownHostsFile: string;
  load(yaml: string): Topology;
  sessions(topology: Topology, prompter: Prompter): { pool: SshPool; session: (id: string, signal?: AbortSignal) => Promise<import('../../src/ssh/types').RemoteSession> };
  stop(): Promise<void>;
}

export async function startNfsLab(hostIds: string[]): Promise<NfsLab> {
  const dir = tempDir('nfs-lab-');
  const key = await makeKey(dir, 'id_lab');
  const hosts = new Map<string, LabHost>();
  const templates = join(dir, 'templates');
  for (const id of hostIds) {
    const hdir = join(dir, 'hosts', id);
    const root = join(hdir, 'root');
    const bin = join(hdir, 'bin');
    const state = join(hdir, 'state');
    const failDir = join(hdir, 'fail');
    const holdDir = join(hdir, 'hold');
    const log = join(hdir, 'calls.log');
    for (const d of [root, bin, state, failDir, holdDir, join(hdir, 'templates')]) mkdirSync(d, { recursive: true });
    const header = [
      '#!/bin/sh',
      `LAB_LOG='${log}'`,
      `LAB_ROOT='${root}'`,
      `LAB_STATE='${state}'`,
      `LAB_FAIL='${failDir}'`,
      `LAB_HOLD='${holdDir}'`,
      `LAB_BIN='${bin}'`,
      `LAB_TEMPLATES='${join(hdir, 'templates')}'`,
      `LAB_SUDO_PASSWORD='${join(hdir, 'sudo-password')}'`,
      '',
    ].join('\n');
    for (const [name, body] of Object.entries(STANDINS)) {
      const f = join(hdir, 'templates', name);
      writeFileSync(f, header + body + '\n');
      chmodSync(f, 0o755);
    }
    const sshd = await startSshd({ authorizedKeys: [key.publicKey], dir: join(hdir, 'sshd') });
    const abs = (p: string) => join(root, p);
    const h: LabHost = {
      id,
      sshd,
      dir: hdir,
      root,
      bin,
      log,
      calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.split(root).join('<root>')) : []),
      clearCalls: () => rmSync(log, { force: true }),
      hold: (tool) => {
        rmSync(join(holdDir, `${tool}.running`), { force: true });
        writeFileSync(join(holdDir, tool), '');
      },
      whenHeld: async (tool) => {
        const until = Date.now() + 20_000;
        while (!existsSync(join(holdDir, `${tool}.running`))) {
          if (Date.now() > until) throw new Error(`${tool} was not called on ${id}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
      release: (tool) => {
        rmSync(join(holdDir, tool), { force: true });
        rmSync(join(holdDir, `${tool}.running`), { force: true });
      },
      fail: (tool, message = `${tool}: simulated failure`) => writeFileSync(join(failDir, tool), message + '\n'),
      heal: (tool) => rmSync(join(failDir, tool), { force: true }),
      install: (tool) => {
        writeFileSync(join(bin, tool), readFileSync(join(hdir, 'templates', tool)));
        chmodSync(join(bin, tool), 0o755);
      },
      uninstall: (tool) => rmSync(join(bin, tool), { force: true }),
      file: (p) => (existsSync(abs(p)) ? readFileSync(abs(p), 'utf8') : undefined),
      bytes: (p) => (existsSync(abs(p)) ? readFileSync(abs(p)) : undefined),
      write: (p, content) => {
        mkdirSync(join(abs(p), '..'), { recursive: true });
        writeFileSync(abs(p), content);
      },
      exists: (p) => existsSync(abs(p)),
    };
    for (const tool of ['mount', 'umount', 'findmnt', 'showmount', 'systemctl', 'apt-get', 'dnf']) h.install(tool);
    hosts.set(id, h);
  }
  mkdirSync(templates, { recursive: true });
  const knownHostsFile = join(dir, 'known_hosts');
  writeKnownHosts(knownHostsFile, [...hosts.values()].map((h) => h.sshd));
  return {
    dir,
    key,
    hosts,
    knownHostsFile,
    load(yaml) {
      const { topology, findings } = parseTopology('dubbo-topology.yaml', yaml);
      const errors = findings.filter((f) => f.rule === 'topology-syntax' || f.rule === 'topology-schema');
      if (errors.length) throw new Error('topology: ' + JSON.stringify(errors.map((e) => e.message)));
      return topology;
    },
    sessions(topology, prompter) {
      const pool = new SshPool({ prompter, knownHostsFile });
      const session = hostSessions(topology, pool, { home: dir, localUser: 'root', defaultIdentityFiles: [key.path], baseDir: dir });
      return { pool, session };
    },
    async stop() {
      await Promise.all([...hosts.values()].map((h) => h.sshd.stop()));
    },
  };
}
