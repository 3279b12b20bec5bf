/**
 * The remote shell commands of a deploy, built in one place so the plan shows exactly what runs.
 * Paths are quoted for /bin/sh; `{release}` in a path is replaced by the release name at run time.
 */
import { posix } from 'node:path';
import type { HealthCheck } from '../core/topology/model';
import { shQuote } from '../ssh/quote';

export const RELEASE = '{release}';

export const q = shQuote;

export function releasesDir(dir: string): string {
  return posix.join(dir, 'releases');
}

export function releaseDir(dir: string, release: string): string {
  return posix.join(dir, 'releases', release);
}

export function currentLink(dir: string): string {
  return posix.join(dir, 'current');
}

/** SHA-256 of a remote file, hex only (GNU sha256sum, BSD shasum, or openssl). */
export function sha256Command(path: string): string {
  const p = q(path);
  return `{ sha256sum -- ${p} 2>/dev/null || shasum -a 256 ${p} 2>/dev/null || openssl dgst -sha256 -r ${p}; } | cut -c1-64`;
}

/** Prints the SHA-256 of `<path>.part` and renames it to `path` only if it equals `expected`. */
export function verifyAndPlaceCommand(path: string, expected: string): string {
  return `h=$(${sha256Command(path + '.part')}) && echo "$h" && [ "$h" = ${q(expected)} ] && mv -f -- ${q(path + '.part')} ${q(path)}; true`;
}

export function mkdirCommand(path: string): string {
  return `mkdir -p -- ${q(path)}`;
}

/** Points `dir/current` at `target` (exactly as given) with one rename (atomic on POSIX filesystems). */
export function linkCommand(dir: string, target: string, tag: string): string {
  const tmp = posix.join(dir, `.current.${tag}.tmp`);
  return `ln -sfn ${q(target)} ${q(tmp)} && mv -Tf ${q(tmp)} ${q(currentLink(dir))}`;
}

/** Points `dir/current` at `releases/<release>`. */
export function switchCommand(dir: string, release: string): string {
  return linkCommand(dir, `releases/${release}`, release);
}

/**
 * Prints `current=<link target>` (as the link holds it) when `current` exists, and `live=<release>`
 * when that target is a complete release of `dir/releases/` (however the link spells the path).
 */
function currentInfo(dir: string): string {
  const rels = q(releasesDir(dir));
  return (
    `{ t=$(readlink ${q(currentLink(dir))} 2>/dev/null) && { printf 'current=%s\\n' "$t"; n=$(basename -- "$t"); ` +
    `if [ -f ${rels}/"$n"/.deploy.json ] && [ "$(cd ${q(dir)} && cd -- "$(dirname -- "$t")" 2>/dev/null && pwd -P)" = "$(cd ${rels} 2>/dev/null && pwd -P)" ]; then printf 'live=%s\\n' "$n"; fi; } || true; }`
  );
}

/**
 * Creates `releases/` if needed, prints where `current` points (see `currentInfo`) and creates a
 * fresh release directory `<name>`, `<name>-2`, … printing `release=<created>`.
 */
/** What a shell `for s in …` tries after a release name already taken: nothing, then `-2` to `-20`. */
const NAME_SUFFIXES = ["''", ...Array.from({ length: 19 }, (_, i) => `-${i + 2}`)].join(' ');

export function prepareCommand(dir: string, name: string): string {
  const rels = releasesDir(dir);
  return (
    `${mkdirCommand(rels)} && ${currentInfo(dir)} && ` +
    `for s in ${NAME_SUFFIXES}; do if mkdir -- ${q(rels)}/${q(name)}"$s" 2>/dev/null; then echo "release=${name}$s"; break; fi; done`
  );
}

export const MANIFEST_MARK = '--- manifest';

/** Prints where `current` points (see `currentInfo`), then the live release's manifest after a `--- manifest` line. */
export function readCurrentCommand(dir: string): string {
  const manifest = q(posix.join(currentLink(dir), '.deploy.json'));
  return `${currentInfo(dir)}; if [ -f ${manifest} ]; then echo ${q(MANIFEST_MARK)}; cat ${manifest}; fi; true`;
}

/** Release names with a manifest (complete releases), oldest first; `*` marks incomplete ones. */
export function listReleasesCommand(dir: string): string {
  const r = q(releasesDir(dir));
  return `[ -d ${r} ] && for d in ${r}/*/; do n=$(basename "$d"); if [ -f "$d.deploy.json" ]; then echo "$n"; else echo "*$n"; fi; done || true`;
}

export function removeCommand(paths: string[]): string {
  return `rm -rf -- ${paths.map(q).join(' ')}`;
}

/** Enters `current` and exports the release's own environment file (so a rollback restarts with its values). */
export function enterCurrent(dir: string): string {
  return `cd ${q(currentLink(dir))} && if [ -f .deploy.env ]; then set -a && . ./.deploy.env && set +a; fi`;
}

export function restartCommand(dir: string, restart: string | { unit: string } | undefined, systemctl = 'systemctl'): string | undefined {
  if (restart === undefined) return undefined;
  if (typeof restart === 'string') return `${enterCurrent(dir)} && ${restart}`;
  return `${systemctl} daemon-reload && ${systemctl} restart ${q(restart.unit)}`;
}

/** How an nginx service takes a new config: its `restart` command, `systemctl reload` of its unit, or `nginx -s reload`. */
export function nginxReloadCommand(restart: string | { unit: string } | undefined, systemctl = 'systemctl'): string {
  if (typeof restart === 'string') return restart;
  if (restart) return `${systemctl} reload ${q(restart.unit)}`;
  return 'nginx -s reload';
}

/** A systemd drop-in that feeds the current release's environment file to the unit. */
export function dropInPath(unit: string, unitDir: string): string {
  return posix.join(unitDir, `${unit}.d`, 'dubbo-topology.conf');
}

/** Prints the remote user's home directory, where a relative `deploy.dir` lies. */
export const HOME_COMMAND = 'printf \'%s\\n\' "$HOME"';

/**
 * `-`: a missing file (no release switched in yet) does not stop the unit from starting. `dir` must be
 * absolute: systemd ignores a relative EnvironmentFile.
 */
export function dropInText(dir: string): string {
  return `[Service]\nEnvironmentFile=-${posix.join(currentLink(dir), '.deploy.env')}\n`;
}

/** Removes a drop-in the deploy created (and its `<unit>.d` directory when that is left empty). */
export function removeDropInCommand(path: string): string {
  return `rm -f -- ${q(path)} && { rmdir -- ${q(posix.dirname(path))} 2>/dev/null || true; }`;
}

/** `KEY="value"` lines as systemd's EnvironmentFile and `set -a; . file` both read them. */
export function envFileText(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `${k}="${v.replace(/(["\\$`])/g, '\\$1').replace(/\n/g, '\\n')}"`)
    .join('\n') + '\n';
}

/** Java properties text (ISO-8859-1 escapes for non-ASCII). */
export function propertiesText(props: Record<string, string>): string {
  const esc = (s: string, key: boolean) =>
    s
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(key ? /([=: #!])/g : /^([ #!])/g, '\\$1')
      .replace(/[^\x20-\x7e]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return Object.entries(props).map(([k, v]) => `${esc(k, true)}=${esc(v, false)}`).join('\n') + '\n';
}

function probe(h: HealthCheck): string {
  if ('http' in h) {
    const u = q(h.http);
    return `if command -v curl >/dev/null 2>&1; then curl -fsS -m 5 -o /dev/null ${u}; else wget -q -T 5 -O /dev/null ${u}; fi`;
  }
  if ('tcp' in h) {
    const p = Number(h.tcp);
    return `if command -v nc >/dev/null 2>&1; then nc -z -w 2 127.0.0.1 ${p}; else timeout 2 bash -c 'exec 3<>/dev/tcp/127.0.0.1/${p}'; fi`;
  }
  return `sh -c ${q(h.command)}`;
}

export const DEFAULT_HEALTH_TIMEOUT_S = 60;

/** Retries the probe once a second on the host until it passes or `timeout` seconds pass. */
export function healthCommand(dir: string, h: HealthCheck): string {
  const t = Math.max(1, Math.round(h.timeout ?? DEFAULT_HEALTH_TIMEOUT_S));
  return [
    `{ ${enterCurrent(dir)}; } 2>/dev/null; end=$(( $(date +%s) + ${t} ))`,
    `while :; do out=$( { ${probe(h)} ; } 2>&1 ) && { printf '%s' "$out"; exit 0; }`,
    `if [ "$(date +%s)" -ge "$end" ]; then printf '%s\\n' "$out" >&2; exit 1; fi; sleep 1; done`,
  ].join('; ');
}

export interface ReleaseCommandInput {
  dir: string;
  files: { name: string; local?: string; source: string }[];
  restart?: string | { unit: string };
  health?: HealthCheck;
  keep: number;
}

/** The commands of a release deploy, as listed in the plan (`{release}` not yet filled in). */
export function releaseCommands(i: ReleaseCommandInput): { step: import('./plan').StepName; command: string }[] {
  const rel = releaseDir(i.dir, RELEASE);
  const out: { step: import('./plan').StepName; command: string }[] = [
    { step: 'prepare', command: prepareCommand(i.dir, RELEASE) },
  ];
  for (const f of i.files) {
    const remote = posix.join(rel, f.name);
    out.push({ step: 'upload', command: `sftp put ${f.local ?? f.source} ${remote}.part` });
    out.push({ step: 'verify', command: verifyAndPlaceCommand(remote, '<local sha256>') });
  }
  out.push({ step: 'environment', command: `sftp write ${posix.join(rel, '.deploy.env')}, ${posix.join(rel, '.deploy.properties')}, ${posix.join(rel, '.deploy.json')}` });
  if (i.restart && typeof i.restart === 'object') {
    out.push({ step: 'environment', command: `sftp write ${dropInPath(i.restart.unit, '/etc/systemd/system')}` });
  }
  out.push({ step: 'switch', command: `${switchCommand(i.dir, RELEASE)} && { ${listReleasesCommand(i.dir)}; }` });
  const r = restartCommand(i.dir, i.restart);
  if (r) out.push({ step: 'restart', command: r });
  if (i.health) out.push({ step: 'health', command: healthCommand(i.dir, i.health) });
  out.push({ step: 'prune', command: `rm -rf -- <releases beyond the newest ${i.keep}, and incomplete ones>` });
  return out;
}

export function stagingDir(dir: string, release: string): string {
  return `${dir.replace(/\/+$/, '')}.staging-${release}`;
}

export function backupDir(dir: string, release: string): string {
  return `${dir.replace(/\/+$/, '')}.backup-${release}`;
}

/** Absolute form of a possibly home-relative remote path, evaluated by the remote shell. */
export function absPathExpr(p: string): string {
  return p.startsWith('/') ? q(p) : `"$HOME"/${q(p)}`;
}

export function nginxTestCommand(confDir: string, main: string): string {
  return `nginx -t -c ${absPathExpr(posix.join(confDir, main))}`;
}

/**
 * Creates a staging directory under a name that no staging or backup directory of `dir` holds yet
 * (`name`, then `name-2`, …: two deploys within one second must not share a backup), prints
 * `release=<the name taken>`, and copies the live directory into it.
 */
export function nginxStageCommand(dir: string, name: string): string {
  const d = dir.replace(/\/+$/, '');
  const s = `${q(stagingDir(d, name))}"$s"`;
  return (
    `${mkdirCommand(posix.dirname(d) || '/')} && r= && ` +
    `for s in ${NAME_SUFFIXES}; do if [ ! -e ${q(backupDir(d, name))}"$s" ] && mkdir -- ${s} 2>/dev/null; then r=${q(name)}"$s"; break; fi; done && ` +
    `[ -n "$r" ] && echo "release=$r" && if [ -d ${q(d)} ]; then cp -a ${q(d)}/. ${s}/; fi`
  );
}

/** Backs up the live files about to be replaced (listing new ones), then moves staged files in. */
export function nginxSwapCommand(dir: string, release: string, names: string[]): string {
  const s = stagingDir(dir, release);
  const b = backupDir(dir, release);
  const parts = [`mkdir -p -- ${q(b)} && : > ${q(posix.join(b, '.new-files'))}`];
  for (const n of names) {
    const live = posix.join(dir, n);
    const bak = posix.join(b, n);
    parts.push(
      `if [ -e ${q(live)} ]; then mkdir -p -- ${q(posix.dirname(bak))} && cp -a -- ${q(live)} ${q(bak)}; else echo ${q(n)} >> ${q(posix.join(b, '.new-files'))}; fi`,
    );
  }
  for (const n of names) {
    const live = posix.join(dir, n);
    parts.push(`mkdir -p -- ${q(posix.dirname(live))} && mv -f -- ${q(posix.join(s, n))} ${q(live)}`);
  }
  return parts.join(' && ');
}

/** Puts a backup's files back (and removes files the deploy added). */
export function nginxRestoreCommand(dir: string, release: string): string {
  const b = q(backupDir(dir, release));
  return `cd ${q(dir)} && if [ -f ${b}/.new-files ]; then while IFS= read -r f; do rm -f -- "$f"; done < ${b}/.new-files; fi && (cd ${b} && find . -path ./.new-files -prune -o -type f -print) | while IFS= read -r f; do cp -a -- ${b}/"$f" "$f"; done`;
}

export function nginxListBackupsCommand(dir: string): string {
  const d = dir.replace(/\/+$/, '');
  return `for b in ${q(d)}.backup-*; do [ -d "$b" ] && echo "\${b##*.backup-}"; done; true`;
}

export function nginxCommands(i: { dir: string; files: { name: string; local?: string; source: string }[]; restart?: string | { unit: string }; keep: number }): { step: import('./plan').StepName; command: string }[] {
  const s = stagingDir(i.dir, RELEASE);
  const out: { step: import('./plan').StepName; command: string }[] = [{ step: 'prepare', command: nginxStageCommand(i.dir, RELEASE) }];
  for (const f of i.files) {
    out.push({ step: 'upload', command: `sftp put ${f.local ?? f.source} ${posix.join(s, f.name)}` });
    out.push({ step: 'verify', command: `${sha256Command(posix.join(s, f.name))}  # = local sha256` });
  }
  const main = i.files[0]?.name ?? 'nginx.conf';
  out.push({ step: 'test-config', command: nginxTestCommand(s, main) });
  out.push({ step: 'swap', command: nginxSwapCommand(i.dir, RELEASE, i.files.map((f) => f.name)) });
  out.push({ step: 'reload', command: nginxReloadCommand(i.restart) });
  out.push({ step: 'prune', command: `${removeCommand([s])}; ${nginxListBackupsCommand(i.dir)}  # then remove all but the newest ${i.keep}` });
  return out;
}

/** UTC timestamp release name, e.g. 20250314T081502Z (sorts chronologically). */
export function releaseName(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}
