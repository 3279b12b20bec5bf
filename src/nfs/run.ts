/**
 * Runs the NFS commands over SSH: Set Up (server), Mount (clients), Unmount / Remove (both sides).
 *
 * Every change a step makes registers its inverse; when a later step fails or the user cancels,
 * the inverses run in reverse order, so the host is left as it was (packages are removed only
 * after the caller confirms). When the connection dropped, the inverses run over a new one, opened
 * once through the run's `session` function; a host they cannot restore is reported with the files
 * left changed and their backups. Commands run as root: directly when the SSH user is root, else with
 * `sudo` (passwordless when allowed, else `sudo -S` with the password from the Prompter on
 * standard input; it never appears in a command line, a log line or a report).
 *
 * `root` prefixes every file and directory the commands touch (tests use a sandbox directory);
 * file contents and NFS sources keep the real paths. No `vscode` import.
 */
import { posix } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Topology } from '../core/topology/model';
import { nameList, perLocale, semicolonList, sentences } from '../core/l10n';
import type { Locale, MessageRef } from '../core/types';
import { SshError, isAbortError } from '../ssh/errors';
import { shQuote as q } from '../ssh/quote';
import type { ExecResult, Prompter, RemoteSession } from '../ssh/types';
import { escapeExportPath, hasOtherExports, otherEntriesForPath, removeExportBytes, upsertExportBytes } from './exportsEdit';
import { otherFstabEntries, removeFstabBytes, upsertFstabBytes } from './fstabEdit';
import type { BlockBytesResult } from './managedBlock';
import { nfsList, nfsRefText, nfsText } from './messages';
import {
  SERVER_UNITS,
  STATE_DIR,
  backupPath,
  cmd,
  installCommands,
  packageManagerCommand,
  packagesFor,
  planShare,
  probeInstalledCommand,
  removeCommands,
  rooted,
  stamp,
  type ClientPlan,
  type DistroFamily,
  type SharePlan,
} from './plan';

export type NfsStep =
  | 'connect'
  | 'privileges'
  | 'distro'
  | 'packages'
  | 'install'
  | 'services-state'
  | 'export-dir'
  | 'backup'
  | 'write'
  | 'services'
  | 'exportfs'
  | 'verify'
  | 'fstab-check'
  | 'mount-point'
  | 'mount'
  | 'probe'
  | 'umount'
  | 'cleanup'
  | 'state'
  | 'rollback';

export type NfsQuestion =
  | { kind: 'install'; host: string; packages: string[]; commands: string[] }
  | { kind: 'remove-packages'; host: string; packages: string[]; commands: string[]; reason: 'rollback' | 'remove' };

export interface NfsProgress {
  host: string;
  step: NfsStep;
  /** Localized (see `locale`). */
  message: string;
}

export interface NfsRunOptions {
  topology: Topology;
  shareId: string;
  /**
   * An open SSH session to a topology host (usually from an `SshPool`). When the connection drops
   * during a command, it is called once more for that host to undo the changes over a new
   * connection, so it must then open one (an `SshPool` does: it forgets a connection that closed).
   */
  session(hostId: string, signal?: AbortSignal): Promise<RemoteSession>;
  prompter: Pick<Prompter, 'secret' | 'forgetSecret'>;
  /** Asked before packages are installed or removed; resolve true to go on. */
  confirm(question: NfsQuestion): Promise<boolean>;
  /** Prefix of every file and directory touched on the hosts (default: none, the real `/`). */
  root?: string;
  /** Directories put in front of PATH for every remote command (default: none). */
  pathPrefix?: string[];
  signal?: AbortSignal;
  onProgress?(p: NfsProgress): void;
  /** Commands and their output, for an output channel. Never contains the sudo password. */
  log?(line: string): void;
  locale?: Locale;
  now?(): Date;
  timeouts?: { commandMs?: number; installMs?: number };
}

export interface MountRunOptions extends NfsRunOptions {
  /** Also write the share's line to /etc/fstab (backed up first). */
  persist?: boolean;
  /** Only these client host ids (default: every client of the share). */
  clients?: string[];
}

export interface RemoveRunOptions extends NfsRunOptions {
  clients?: string[];
  /** Also remove the export from the server (else only unmount the clients). */
  removeExport: boolean;
}

export interface NfsStepRecord {
  host: string;
  step: NfsStep;
  commands: string[];
  ok: boolean;
  detail?: string;
}

export interface NfsReport {
  ok: boolean;
  cancelled: boolean;
  /** Localized summary (success or the error). */
  message: string;
  error?: { code: string; host?: string; message: string };
  steps: NfsStepRecord[];
  backups: { host: string; file: string; backup: string }[];
  /** Localized notes that do not fail the command. */
  warnings: string[];
  /** Hosts whose changes were undone after a failure or cancellation. */
  restored: string[];
  /**
   * Hosts left changed because undoing failed (e.g. the connection dropped and could not be
   * reopened): the undo steps that failed, and the files still holding the command's change with the
   * backup of their previous content (none when the command created the file). `message` names the
   * host and those files (localized); the report's `message` ends with it.
   */
  notRestored: NfsNotRestored[];
  /** Hosts on which the command completed. */
  completed: string[];
}

export interface NfsNotRestored {
  host: string;
  /** `undo step: error`, English. */
  failed: string[];
  files: { file: string; backup?: string }[];
  message: string;
}

export class NfsError extends Error {
  override readonly name = 'NfsError';
  constructor(
    readonly code: string,
    readonly host: string | undefined,
    readonly messageId: string,
    readonly data: Record<string, string | number> = {},
    /**
     * Values of `data` told in the report's language rather than in English: the SSH layer's
     * messages, NFS messages (`check/…`) and lists (`nameList`); `data` holds their English.
     */
    readonly refs: Record<string, MessageRef> = {},
  ) {
    super(nfsText(messageId, 'en', data));
  }

  /** `data` with the values of `refs` in `locale`. */
  dataIn(locale: Locale): Record<string, string | number> {
    const out = { ...this.data };
    for (const [k, ref] of Object.entries(this.refs)) out[k] = nfsRefText(ref, locale);
    return out;
  }
}

/** `data` and `refs` of an NfsError for values told in the report's language (English in `data`). */
function told(refs: Record<string, MessageRef>): { data: Record<string, string>; refs: Record<string, MessageRef> } {
  const data: Record<string, string> = {};
  for (const [k, ref] of Object.entries(refs)) data[k] = nfsRefText(ref, 'en');
  return { data, refs };
}

/** `{ detail: ref }` for an SSH error that carries a message reference (see `NfsError.refs`). */
function detailRef(e: unknown): Record<string, MessageRef> {
  return e instanceof SshError && e.ref ? { detail: e.ref } : {};
}

interface ServerState {
  share: string;
  side: 'server';
  host: string;
  createdDirs: string[];
  installedPackages: string[];
  packageManager?: string;
  services: Record<string, { enabled: string; active: string }>;
  exportsCreated: boolean;
  at: string;
}

interface ClientState {
  share: string;
  side: 'client';
  host: string;
  createdDirs: string[];
  installedPackages: string[];
  packageManager?: string;
  source: string;
  mountPoint: string;
  at: string;
}

const ENABLED = new Set(['enabled', 'enabled-runtime', 'static', 'alias', 'indirect', 'generated', 'linked', 'linked-runtime']);

/** Shared state of one command run: options, records, report pieces. */
class Run {
  readonly steps: NfsStepRecord[] = [];
  readonly backups: NfsReport['backups'] = [];
  readonly warnings: string[] = [];
  readonly restored: string[] = [];
  readonly notRestored: NfsNotRestored[] = [];
  readonly completed: string[] = [];
  readonly locale: Locale;
  readonly root: string;
  readonly now: Date;

  constructor(readonly o: NfsRunOptions) {
    this.locale = o.locale ?? 'en';
    this.root = o.root ?? '';
    this.now = o.now?.() ?? new Date();
  }

  p(path: string): string {
    return rooted(this.root, path);
  }

  text(id: string, data: Record<string, string | number> = {}): string {
    return nfsText(id, this.locale, data);
  }

  progress(host: string, step: NfsStep, data: Record<string, string | number> = {}): void {
    this.o.onProgress?.({ host, step, message: this.text(`step/${step}`, { host, ...data }) });
  }

  checkCancelled(host: string): void {
    if (this.o.signal?.aborted) throw new NfsError('cancelled', host, 'error/cancelled', { host });
  }

  /** Items joined as the report's language joins a list. */
  list(items: readonly (string | number)[]): string {
    return nfsList(items, this.locale);
  }

  warn(id: string, data: Record<string, string | number>): void {
    this.warnings.push(this.text(id, data));
  }
}

/** One host: privilege handling and command execution. */
class Remote {
  private mode: 'root' | 'nopasswd' | 'password' = 'root';
  private password: string | undefined;
  user = '';
  current: NfsStepRecord | undefined;
  /** Set when a command found the connection gone. */
  lost = false;
  /** While undoing: a lost connection is reopened once before the next command. */
  undoing = false;
  private reconnect: Promise<void> | undefined;

  constructor(
    readonly host: string,
    private session: RemoteSession,
    private readonly run: Run,
  ) {}

  /** Opens a new connection with the run's session function (once; later calls share the outcome). */
  private reopen(): Promise<void> {
    this.reconnect ??= (async () => {
      this.log('connection lost: reconnecting to undo the changes');
      try {
        this.session = await this.run.o.session(this.host);
      } catch (e) {
        const detail = e instanceof Error ? e.message : String(e);
        this.log(`  reconnecting failed: ${detail}`);
        throw new NfsError('reconnect-failed', this.host, 'error/reconnect-failed', { host: this.host, detail }, detailRef(e));
      }
      this.lost = false;
    })();
    return this.reconnect;
  }

  private log(line: string): void {
    this.run.o.log?.(`[${this.host}] ${line}`);
  }

  step(step: NfsStep, data: Record<string, string | number> = {}): NfsStepRecord {
    // Undoing runs after a cancellation too.
    if (step !== 'rollback') this.run.checkCancelled(this.host);
    this.run.progress(this.host, step, data);
    const rec: NfsStepRecord = { host: this.host, step, commands: [], ok: false };
    this.run.steps.push(rec);
    this.current = rec;
    return rec;
  }

  done(): void {
    if (this.current) this.current.ok = true;
  }

  async init(): Promise<void> {
    const id = await this.exec('id -un; id -u', { privileged: false });
    const [user = '', uid = ''] = id.stdout.trim().split('\n');
    this.user = user.trim();
    if (id.code === 0 && uid.trim() === '0') {
      this.mode = 'root';
      return;
    }
    const n = await this.exec('sudo -n true', { privileged: false });
    if (n.code === 0) {
      this.mode = 'nopasswd';
      return;
    }
    if (n.code === 127) throw new NfsError('sudo-missing', this.host, 'error/sudo-missing', { host: this.host, user: this.user });
    const key = `sudo:${this.host}`;
    const pw = await this.run.o.prompter.secret(key, this.run.text('prompt/sudo', { host: this.host, user: this.user }));
    if (pw === undefined) throw new NfsError('sudo-password', this.host, 'error/sudo-password', { host: this.host });
    this.password = pw;
    this.mode = 'password';
    const check = await this.exec('true');
    if (check.code !== 0) {
      this.password = undefined;
      await this.run.o.prompter.forgetSecret(key);
      throw new NfsError('sudo-failed', this.host, 'error/sudo-failed', { host: this.host });
    }
  }

  private wrap(script: string, privileged: boolean): string {
    // The PATH prefix goes inside the privileged shell too: sudo resets PATH (secure_path).
    const path = this.run.o.pathPrefix?.length ? `PATH=${q(this.run.o.pathPrefix.join(':'))}:"$PATH"; export PATH; ` : '';
    const body = q(path + script);
    if (!privileged || this.mode === 'root') return `sh -c ${body}`;
    if (this.mode === 'nopasswd') return `${path}sudo -n sh -c ${body}`;
    // -k: always read the password, so the line on stdin is never left for the command.
    return `${path}sudo -k -S -p '' sh -c ${body}`;
  }

  /**
   * Runs a script; `display` replaces the script in logs and records (for long encoded content);
   * `hideStdout` logs the size of the standard output instead of its lines (encoded file content).
   */
  async exec(
    script: string,
    opts: { privileged?: boolean; timeoutMs?: number; display?: string; noSignal?: boolean; hideStdout?: boolean } = {},
  ): Promise<ExecResult> {
    const privileged = opts.privileged ?? true;
    const shown = opts.display ?? script;
    if (this.lost && this.undoing) await this.reopen();
    this.current?.commands.push(shown);
    this.log(`$ ${shown}`);
    const stdin = privileged && this.mode === 'password' && this.password !== undefined ? `${this.password}\n` : undefined;
    let r: ExecResult;
    try {
      r = await this.session.exec(this.wrap(script, privileged), {
        stdin,
        timeoutMs: this.timeoutMs(opts.timeoutMs),
        signal: opts.noSignal ? undefined : this.run.o.signal,
      });
    } catch (e) {
      if (isAbortError(e)) throw new NfsError('cancelled', this.host, 'error/cancelled', { host: this.host });
      if (e instanceof SshError && e.code === 'connection-lost') {
        this.lost = true;
        throw new NfsError('connection-lost', this.host, 'error/connection-lost', { host: this.host, command: shown, detail: e.data.detail || e.message });
      }
      if (e instanceof SshError) throw new NfsError('ssh', this.host, 'error/ssh', { host: this.host, detail: e.message }, detailRef(e));
      throw e;
    }
    const out = ((opts.hideStdout ? '' : r.stdout) + r.stderr).trim();
    if (opts.hideStdout && r.stdout) this.log(`  <${r.stdout.length} characters of output>`);
    if (out) for (const line of out.split('\n').slice(-20)) this.log(`  ${line}`);
    if (r.code !== 0) this.log(`  exit ${r.code ?? (r.timedOut ? 'timeout' : 'signal')}`);
    return r;
  }

  /** How long a command may run: its own limit, or the run's (`timeouts.commandMs`), or a minute. */
  private timeoutMs(own: number | undefined): number {
    return own ?? this.run.o.timeouts?.commandMs ?? 60_000;
  }

  /** Like `exec`, but a non-zero exit is an error naming the command. */
  async must(script: string, opts: { privileged?: boolean; timeoutMs?: number; display?: string; noSignal?: boolean } = {}): Promise<string> {
    const r = await this.exec(script, opts);
    if (r.code !== 0) {
      const command = opts.display ?? script;
      // What it printed is in the log; the report says, in its language, that it ran out of time.
      if (r.timedOut) throw new NfsError('command-failed', this.host, 'error/command-timeout', { host: this.host, command, ms: this.timeoutMs(opts.timeoutMs) });
      const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ');
      throw new NfsError('command-failed', this.host, 'error/command-failed', { host: this.host, command, code: r.code ?? 'none', detail });
    }
    return r.stdout;
  }

  /**
   * A file's bytes, exactly as on the host (sent base64-encoded, so no byte is decoded as text on
   * the way); undefined when it does not exist.
   */
  async readBytes(path: string, noSignal = false): Promise<Buffer | undefined> {
    const script = cmd.readIfExists(path);
    const r = await this.exec(script, { noSignal, hideStdout: true });
    if (r.code === 3) return undefined;
    // What the host said, or (a ref) what we found, told in the report's language.
    const fail = (detail: string | MessageRef) => {
      const { data, refs } = typeof detail === 'string' ? { data: { detail }, refs: {} } : told({ detail });
      return new NfsError('command-failed', this.host, 'error/command-failed', { host: this.host, command: script, code: r.code ?? 'none', ...data }, refs);
    };
    if (r.code !== 0) throw fail(r.stderr.trim());
    if (!/^[A-Za-z0-9+/=\s]*$/.test(r.stdout)) throw fail({ id: 'check/notBase64' });
    return Buffer.from(r.stdout, 'base64');
  }

  async readText(path: string, noSignal = false): Promise<string | undefined> {
    return (await this.readBytes(path, noSignal))?.toString('utf8');
  }

  /** Rewrites a file with exactly these bytes (in place: owner and mode are kept). */
  async writeBytes(path: string, data: Buffer, noSignal = false): Promise<void> {
    const display = `printf '%s' <${data.length} bytes, base64> | base64 -d > ${q(path)}`;
    await this.must(cmd.write(path, data.toString('base64')), { display, noSignal });
  }

  async writeText(path: string, text: string, noSignal = false): Promise<void> {
    await this.writeBytes(path, Buffer.from(text, 'utf8'), noSignal);
  }
}

/** A file an undo action restores: its backup, or none when the command created the file. */
interface UndoFile {
  file: string;
  backup?: string;
  /** Set by the action once the file is back (a later part of the action may still fail). */
  restored?: boolean;
}

/** An undo action's name: an `undo/…` message and its data. */
interface UndoLabel {
  id: string;
  data?: Record<string, string>;
}

/** An undo action that failed: its name and error, in English and as said in a language. */
interface UndoFailure {
  label: string;
  error: string;
  labelIn(locale: Locale): string;
  errorIn(locale: Locale): string;
}

/** Undo actions of one host, run in reverse order after a failure. */
class Undo {
  private readonly actions: { label: UndoLabel; fn: () => Promise<void>; file?: UndoFile }[] = [];
  push(label: UndoLabel, fn: () => Promise<void>, file?: UndoFile): void {
    this.actions.push({ label, fn, file });
  }
  get empty(): boolean {
    return this.actions.length === 0;
  }
  /** Runs every action, newest first; returns those that failed (and the files they leave changed). */
  async run(): Promise<{ failed: UndoFailure[]; files: UndoFile[] }> {
    const failed: UndoFailure[] = [];
    const files: UndoFile[] = [];
    for (const a of [...this.actions].reverse()) {
      try {
        await a.fn();
      } catch (e) {
        const labelIn = (locale: Locale) => nfsText(a.label.id, locale, a.label.data);
        const error = e instanceof Error ? e.message : String(e);
        const errorIn = (locale: Locale) => {
          if (!(e instanceof NfsError)) return error;
          const text = nfsText(e.messageId, locale, e.dataIn(locale));
          // In Chinese the error's full stop goes: a semicolon or the closing parenthesis follows.
          return locale === 'zh-cn' ? text.replace(/。$/, '') : text;
        };
        failed.push({ label: labelIn('en'), error, labelIn, errorIn });
        if (a.file && !a.file.restored) files.push({ file: a.file.file, backup: a.file.backup });
      }
    }
    this.actions.length = 0;
    return { failed, files };
  }
}

interface Distro {
  family: DistroFamily;
  pm: string;
  id: string;
}

export function parseOsRelease(text: string): { id: string; idLike: string[] } {
  const get = (k: string) => {
    const m = new RegExp(`^${k}=(.*)$`, 'm').exec(text);
    return m ? m[1].trim().replace(/^["']|["']$/g, '') : '';
  };
  return { id: get('ID').toLowerCase(), idLike: get('ID_LIKE').toLowerCase().split(/\s+/).filter(Boolean) };
}

export function distroFamily(id: string, idLike: readonly string[]): DistroFamily | undefined {
  const all = [id, ...idLike];
  if (all.some((x) => ['rhel', 'centos', 'fedora', 'rocky', 'almalinux', 'ol', 'amzn', 'anolis', 'openeuler', 'kylin'].includes(x))) return 'rhel';
  if (all.some((x) => ['debian', 'ubuntu', 'linuxmint', 'raspbian', 'deepin', 'uos'].includes(x))) return 'debian';
  return undefined;
}

async function detectDistro(r: Remote, run: Run): Promise<Distro> {
  r.step('distro');
  const text = (await r.readText(run.p('/etc/os-release'))) ?? '';
  const { id, idLike } = parseOsRelease(text);
  const family = distroFamily(id, idLike);
  if (!family) throw new NfsError('unknown-distro', r.host, 'error/unknown-distro', { host: r.host, id: id || '?' });
  const pm = (await r.must(packageManagerCommand(family))).trim();
  const ok = family === 'rhel' ? pm === 'dnf' || pm === 'yum' : pm === 'apt-get';
  if (!ok) throw new NfsError('no-package-manager', r.host, 'error/no-package-manager', { host: r.host });
  r.done();
  return { family, pm, id };
}

/** Installs the side's packages when its program is missing (after confirmation). Returns what was installed. */
async function ensurePackages(r: Remote, run: Run, d: Distro, side: 'server' | 'client', undo: Undo): Promise<string[]> {
  r.step('packages');
  const present = (await r.exec(probeInstalledCommand(side))).code === 0;
  r.done();
  if (present) return [];
  const packages = packagesFor(d.family, side);
  const commands = installCommands(d.pm, packages);
  const yes = await run.o.confirm({ kind: 'install', host: r.host, packages, commands });
  if (!yes) throw new NfsError('install-declined', r.host, 'error/install-declined', { host: r.host });
  r.step('install', { packages: run.list(packages) });
  undo.push({ id: 'undo/remove-packages' }, async () => {
    const rm = removeCommands(d.pm, packages);
    if (await run.o.confirm({ kind: 'remove-packages', host: r.host, packages, commands: rm, reason: 'rollback' })) {
      for (const c of rm) await r.must(c, { noSignal: true, timeoutMs: run.o.timeouts?.installMs ?? 900_000 });
    } else run.warn('warn/packagesKept', { host: r.host, packages: run.list(packages) });
  });
  for (const c of commands) await r.must(c, { timeoutMs: run.o.timeouts?.installMs ?? 900_000 });
  r.done();
  return packages;
}

/** Creates a directory (with missing parents) and registers their removal. Returns the created ones, deepest first. */
async function makeDirs(r: Remote, dir: string, undo: Undo): Promise<string[]> {
  const missing = (await r.must(cmd.missingDirs(dir))).split('\n').map((s) => s.trim()).filter(Boolean);
  if (missing.length === 0) return [];
  await r.must(cmd.mkdir(dir));
  undo.push({ id: 'undo/remove-dirs' }, async () => {
    await r.must(cmd.rmdir(missing), { noSignal: true });
  });
  return missing;
}

/** Backs up (when present) and rewrites a file, registering the restore. */
async function replaceFile(
  r: Remote,
  run: Run,
  file: string,
  before: Buffer | undefined,
  after: Buffer,
  undo: Undo,
  afterRestore?: () => Promise<void>,
): Promise<void> {
  if (before !== undefined) {
    r.step('backup', { file });
    const b = (await r.must(cmd.backup(file, backupPath(file, run.now)))).trim();
    run.backups.push({ host: r.host, file, backup: b });
    const f: UndoFile = { file, backup: b };
    undo.push(
      { id: 'undo/restore-file', data: { file } },
      async () => {
        await r.must(cmd.restore(file, b), { noSignal: true });
        f.restored = true;
        const i = run.backups.findIndex((x) => x.backup === b);
        if (i >= 0) run.backups.splice(i, 1);
        await afterRestore?.();
      },
      f,
    );
    r.done();
  } else {
    const f: UndoFile = { file };
    undo.push(
      { id: 'undo/remove-file', data: { file } },
      async () => {
        await r.must(cmd.remove(file), { noSignal: true });
        f.restored = true;
        await afterRestore?.();
      },
      f,
    );
  }
  r.step('write', { file });
  await r.writeBytes(file, after);
  r.done();
}

function blockOrThrow(res: BlockBytesResult, host: string, file: string): { bytes: Buffer; changed: boolean } {
  if (!res.ok) throw new NfsError('block', host, 'error/block', { host, file, detail: res.error, line: res.line + 1 });
  return res;
}

async function readState<T>(r: Remote, run: Run, name: string): Promise<T | undefined> {
  const text = await r.readText(run.p(posix.join(STATE_DIR, name)));
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

async function writeState(r: Remote, run: Run, name: string, state: object): Promise<void> {
  r.step('state');
  await r.must(cmd.mkdir(run.p(STATE_DIR)));
  await r.writeText(run.p(posix.join(STATE_DIR, name)), JSON.stringify(state, null, 2) + '\n');
  r.done();
}

async function removeState(r: Remote, run: Run, name: string): Promise<void> {
  await r.must(cmd.remove(run.p(posix.join(STATE_DIR, name))));
}

const serverStateName = (share: string) => `${share}.server.json`;
const clientStateName = (share: string) => `${share}.client.json`;

/** Runs `body` on a host; on failure or cancellation undoes its changes and rethrows. */
async function onHost(run: Run, host: string, body: (r: Remote, undo: Undo) => Promise<void>): Promise<void> {
  const undo = new Undo();
  let remote: Remote | undefined;
  try {
    run.checkCancelled(host);
    run.progress(host, 'connect');
    const rec: NfsStepRecord = { host, step: 'connect', commands: [], ok: false };
    run.steps.push(rec);
    let session: RemoteSession;
    try {
      session = await run.o.session(host, run.o.signal);
    } catch (e) {
      if (isAbortError(e)) throw new NfsError('cancelled', host, 'error/cancelled', { host });
      throw new NfsError('ssh', host, 'error/ssh', { host, detail: e instanceof Error ? e.message : String(e) }, detailRef(e));
    }
    rec.ok = true;
    remote = new Remote(host, session, run);
    remote.step('privileges');
    await remote.init();
    remote.done();
    await body(remote, undo);
    run.completed.push(host);
  } catch (e) {
    if (remote && !undo.empty) {
      const rec = remote.step('rollback');
      // A dropped connection is reopened once, before the first undo command.
      remote.undoing = true;
      const { failed, files } = await undo.run();
      if (failed.length === 0) {
        remote.done();
        run.restored.push(host);
      } else {
        rec.detail = failed.map((f) => `${f.label}: ${f.error}`).join('; ');
        // The same error for every step (a connection that could not be reopened) is said once.
        const byError = new Map<string, UndoFailure[]>();
        for (const f of failed) byError.set(f.error, [...(byError.get(f.error) ?? []), f]);
        const detail = semicolonList(
          [...byError.values()].map((fs) => run.text('undo/failed', { steps: run.list(fs.map((f) => f.labelIn(run.locale))), error: fs[0].errorIn(run.locale) })),
          run.locale,
        );
        const parts = [run.text('error/notRestored', { host, detail })];
        for (const f of files) {
          parts.push(f.backup ? run.text('error/notRestoredFile', { file: f.file, backup: f.backup }) : run.text('error/notRestoredNewFile', { file: f.file }));
        }
        run.notRestored.push({ host, failed: failed.map((f) => `${f.label}: ${f.error}`), files, message: sentences(parts, run.locale) });
      }
    }
    throw e;
  }
}

function report(run: Run, ok: boolean, message: string, error?: unknown): NfsReport {
  let err: NfsReport['error'];
  let cancelled = false;
  if (error !== undefined) {
    if (error instanceof NfsError) {
      cancelled = error.code === 'cancelled';
      // "changes were undone" only when they were.
      const id = cancelled && run.notRestored.some((n) => n.host === error.host) ? 'error/cancelled-not-restored' : error.messageId;
      err = { code: error.code, host: error.host, message: nfsText(id, run.locale, error.dataIn(run.locale)) };
    } else err = { code: 'error', message: error instanceof Error ? error.message : String(error) };
    const last = run.steps[run.steps.length - 1];
    if (last && !last.ok && !last.detail) last.detail = err.message;
  }
  const notRestored = run.notRestored.map((n) => n.message);
  return {
    ok,
    cancelled,
    message: err ? sentences([err.message, ...notRestored], run.locale) : message,
    error: err,
    steps: run.steps,
    backups: run.backups,
    warnings: run.warnings,
    restored: run.restored,
    notRestored: run.notRestored,
    completed: run.completed,
  };
}

function planOrError(run: Run, side: 'server' | 'client'): SharePlan {
  const { plan, problems } = planShare(run.o.topology, run.o.shareId);
  const blocking = problems.filter((p) => p.code !== 'no-route' && !(side === 'client' && p.code === 'bad-options'));
  if (!plan || blocking.length > 0 || (side === 'server' && plan.clientAddresses.size === 0)) {
    const all = blocking.length > 0 ? blocking : problems;
    const detail = semicolonList(
      all.map((p) => run.text(`problem/${p.code}`, { host: p.host ?? '', detail: p.detail ?? '' })),
      run.locale,
    );
    throw new NfsError('plan', plan?.server.id, 'error/plan', { detail: detail || run.o.shareId });
  }
  for (const p of problems.filter((x) => x.code === 'no-route')) {
    run.warnings.push(run.text(`problem/${p.code}`, { host: p.host ?? '', detail: '' }));
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------
// Set Up (server)

export async function setUpShare(o: NfsRunOptions): Promise<NfsReport> {
  const run = new Run(o);
  try {
    const plan = planOrError(run, 'server');
    await onHost(run, plan.server.id, (r, undo) => setUpOn(r, run, plan, undo));
    return report(run, true, run.text('done/setup', { share: plan.share.id, host: plan.server.id }));
  } catch (e) {
    return report(run, false, '', e);
  }
}

async function setUpOn(r: Remote, run: Run, plan: SharePlan, undo: Undo): Promise<void> {
  const share = plan.share;
  const path = share.path!;
  const exportsFile = run.p('/etc/exports');
  const d = await detectDistro(r, run);
  const installed = await ensurePackages(r, run, d, 'server', undo);

  r.step('services-state');
  const services: ServerState['services'] = {};
  for (const u of SERVER_UNITS) {
    const enabled = (await r.exec(cmd.isEnabled(u))).stdout.trim() || 'unknown';
    const active = (await r.exec(cmd.isActive(u))).stdout.trim() || 'unknown';
    services[u] = { enabled, active };
  }
  const previous = await readState<ServerState>(r, run, serverStateName(share.id));
  const before = await r.readBytes(exportsFile);
  const next = blockOrThrow(upsertExportBytes(before ?? Buffer.alloc(0), plan.exportSpec), r.host, '/etc/exports');
  r.done();
  // Read only: a byte that is not UTF-8 becomes U+FFFD here, which keeps the line numbers.
  const others = otherEntriesForPath(next.bytes.toString('utf8'), path, share.id);
  if (others.length > 0) run.warn('warn/otherEntries', { host: r.host, file: '/etc/exports', path, lines: run.list(others) });

  r.step('export-dir', { path });
  const created = await makeDirs(r, run.p(path), undo);
  r.done();

  const reexport = async () => {
    await r.exec(`if command -v exportfs >/dev/null 2>&1; then ${cmd.exportfsReload}; fi`, { noSignal: true });
  };
  if (next.changed) await replaceFile(r, run, exportsFile, before, next.bytes, undo, reexport);

  r.step('services', { units: run.list(SERVER_UNITS) });
  // Registered first: a partly failed `enable --now` may still have changed a unit.
  undo.push({ id: 'undo/restore-services' }, async () => {
    const disable = SERVER_UNITS.filter((u) => !ENABLED.has(services[u].enabled));
    const stop = SERVER_UNITS.filter((u) => services[u].active !== 'active');
    if (stop.length > 0) await r.must(cmd.stop(stop), { noSignal: true });
    if (disable.length > 0) await r.must(cmd.disable(disable), { noSignal: true });
  });
  await r.must(cmd.enableNow(SERVER_UNITS));
  r.done();

  r.step('exportfs');
  await r.must(cmd.exportfsReload);
  r.done();

  r.step('verify');
  const listed = await r.must(cmd.exportfsList);
  const shown = await r.must(cmd.showmount);
  const want = [path, escapeExportPath(path)];
  const missing = [listed, shown].findIndex((out) => !want.some((w) => out.split('\n').some((l) => l.trim().split(/\s+/)[0] === w)));
  if (missing >= 0) {
    const { data, refs } = told({ detail: { id: 'check/notListed', data: { path, command: missing === 0 ? cmd.exportfsList : cmd.showmount } } });
    throw new NfsError('verify-failed', r.host, 'error/verify-failed', { host: r.host, ...data }, refs);
  }
  r.done();

  const state: ServerState = {
    share: share.id,
    side: 'server',
    host: r.host,
    createdDirs: previous?.createdDirs ?? created,
    installedPackages: [...new Set([...(previous?.installedPackages ?? []), ...installed])],
    packageManager: d.pm,
    services: previous?.services ?? services,
    exportsCreated: previous?.exportsCreated ?? before === undefined,
    at: run.now.toISOString(),
  };
  await writeState(r, run, serverStateName(share.id), state);
}

// ---------------------------------------------------------------------------------------------
// Mount (clients)

function selectClients(plan: SharePlan, only: string[] | undefined): ClientPlan[] {
  return only ? plan.clients.filter((c) => only.includes(c.host.id)) : plan.clients;
}

export async function mountShare(o: MountRunOptions): Promise<NfsReport> {
  const run = new Run(o);
  try {
    const plan = planOrError(run, 'client');
    const clients = selectClients(plan, o.clients);
    for (const c of clients) await onHost(run, c.host.id, (r, undo) => mountOn(r, run, plan, c, o.persist ?? false, undo));
    return report(run, true, run.text('done/mount', { share: plan.share.id, hosts: run.list(clients.map((c) => c.host.id)) }));
  } catch (e) {
    return report(run, false, '', e);
  }
}

/** Parses `findmnt -n -o SOURCE,FSTYPE` output. */
function parseFindmnt(out: string): { source: string; fstype: string } | undefined {
  const line = out.split('\n').find((l) => l.trim());
  if (!line) return undefined;
  const [source, fstype = ''] = line.trim().split(/\s+/);
  return { source, fstype };
}

function sameSource(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/\/+$/, '');
  return n(a) === n(b);
}

async function mountOn(r: Remote, run: Run, plan: SharePlan, c: ClientPlan, persist: boolean, undo: Undo): Promise<void> {
  const share = plan.share;
  const mp = run.p(c.mount.mountPoint);
  const fstab = run.p('/etc/fstab');
  const d = await detectDistro(r, run);
  if (persist) {
    // Before anything changes: a line of the user's for the mount point is refused, not doubled.
    r.step('fstab-check', { file: '/etc/fstab' });
    await fstabWithBlock(r, c, fstab);
    r.done();
  }
  const installed = await ensurePackages(r, run, d, 'client', undo);
  const previous = await readState<ClientState>(r, run, clientStateName(share.id));

  r.step('mount-point', { path: c.mount.mountPoint });
  const current = (await r.exec(cmd.findmnt(mp))).stdout;
  const mounted = parseFindmnt(current);
  if (mounted && !sameSource(mounted.source, c.source)) {
    throw new NfsError('mount-busy', r.host, 'error/mount-busy', { host: r.host, path: c.mount.mountPoint, other: mounted.source });
  }
  const created = await makeDirs(r, mp, undo);
  r.done();

  if (!mounted) {
    r.step('mount', { source: c.source });
    await r.must(cmd.mount(c.source, mp, share.mountOptions));
    undo.push({ id: 'undo/unmount' }, async () => {
      await r.must(cmd.umount(mp), { noSignal: true });
    });
    r.done();
  }

  if (persist) {
    // Read again: the file may have changed since the check.
    const { before, next } = await fstabWithBlock(r, c, fstab);
    if (next.changed) await replaceFile(r, run, fstab, before, next.bytes, undo);
  }

  r.step('verify');
  const found = parseFindmnt(await r.must(cmd.findmnt(mp)));
  if (!found || !sameSource(found.source, c.source) || !found.fstype.startsWith('nfs')) {
    const where = { path: c.mount.mountPoint, source: c.source };
    const check = found ? { id: 'check/findmnt', data: { ...where, found: found.source, fstype: found.fstype } } : { id: 'check/findmntNothing', data: where };
    const { data, refs } = told({ detail: check });
    throw new NfsError('verify-failed', r.host, 'error/verify-failed', { host: r.host, ...data }, refs);
  }
  r.done();

  r.step('probe');
  const readOnly = share.mountOptions.includes('ro') || share.options.includes('ro');
  if (readOnly) await r.must(cmd.probeRead(mp), { privileged: false });
  else {
    const token = `dubbo-topology-probe ${stamp(run.now)} ${randomBytes(6).toString('hex')}`;
    const file = posix.join(mp, `.dubbo-topology-probe-${stamp(run.now)}`);
    const w = await r.exec(cmd.probeWrite(file, token), { privileged: false });
    if (w.code !== 0 || w.stdout !== token) {
      const detail = (w.stderr.trim() || w.stdout.trim()).split('\n').pop() ?? '';
      if (/permission denied|read-only file system/i.test(detail)) {
        await r.must(cmd.probeRead(mp), { privileged: false });
        run.warn('warn/probeReadOnly', { host: r.host, user: r.user || '?', detail });
      } else {
        const { data, refs } = told(detail ? {} : { detail: { id: 'check/probe' } });
        throw new NfsError('verify-failed', r.host, 'error/verify-failed', { host: r.host, detail, ...data }, refs);
      }
    }
  }
  r.done();

  const state: ClientState = {
    share: share.id,
    side: 'client',
    host: r.host,
    createdDirs: previous?.createdDirs ?? created,
    installedPackages: [...new Set([...(previous?.installedPackages ?? []), ...installed])],
    packageManager: d.pm,
    source: c.source,
    mountPoint: c.mount.mountPoint,
    at: run.now.toISOString(),
  };
  await writeState(r, run, clientStateName(share.id), state);
}

/**
 * /etc/fstab and the file with the share's block. Refused when a line outside the block already
 * mounts something at the mount point: both would be mounted at boot.
 */
async function fstabWithBlock(r: Remote, c: ClientPlan, fstab: string): Promise<{ before: Buffer | undefined; next: { bytes: Buffer; changed: boolean } }> {
  const before = await r.readBytes(fstab);
  const next = blockOrThrow(upsertFstabBytes(before ?? Buffer.alloc(0), c.mount), r.host, '/etc/fstab');
  // Read only: a byte that is not UTF-8 becomes U+FFFD here, which keeps the line numbers.
  const others = otherFstabEntries(next.bytes.toString('utf8'), c.mount.mountPoint, c.mount.shareId);
  if (others.length > 0) {
    const entries = others.map((o) => o.text);
    const { data, refs } = told({
      line: nameList(others.map((o) => String(o.line))),
      entry: perLocale({ en: semicolonList(entries, 'en'), 'zh-cn': semicolonList(entries, 'zh-cn') }),
    });
    throw new NfsError('fstab-conflict', r.host, 'error/fstab-conflict', { host: r.host, file: '/etc/fstab', path: c.mount.mountPoint, ...data }, refs);
  }
  return { before, next };
}

// ---------------------------------------------------------------------------------------------
// Unmount / Remove

export async function unmountShare(o: RemoveRunOptions): Promise<NfsReport> {
  const run = new Run(o);
  try {
    const plan = planOrError(run, 'client');
    const clients = selectClients(plan, o.clients);
    for (const c of clients) await onHost(run, c.host.id, (r, undo) => unmountOn(r, run, plan, c, undo));
    if (o.removeExport) await onHost(run, plan.server.id, (r, undo) => removeOn(r, run, plan, undo));
    const msg = o.removeExport
      ? run.text('done/remove', { share: plan.share.id })
      : run.text('done/unmount', { share: plan.share.id, hosts: run.list(clients.map((c) => c.host.id)) });
    return report(run, true, msg);
  } catch (e) {
    return report(run, false, '', e);
  }
}

/** Removes what the setup recorded as created: empty directories, then (confirmed) packages, then the record. */
async function cleanup(r: Remote, run: Run, state: { createdDirs: string[]; installedPackages: string[]; packageManager?: string } | undefined, stateName: string): Promise<void> {
  r.step('cleanup');
  if (state) {
    for (const dir of state.createdDirs) {
      const res = await r.exec(`if [ -d ${q(dir)} ]; then rmdir -- ${q(dir)}; fi`);
      if (res.code !== 0) run.warn('warn/dirNotEmpty', { host: r.host, path: dir.slice(run.root.length) || dir });
    }
    if (state.installedPackages.length > 0 && state.packageManager) {
      const commands = removeCommands(state.packageManager, state.installedPackages);
      const yes = await run.o.confirm({ kind: 'remove-packages', host: r.host, packages: state.installedPackages, commands, reason: 'remove' });
      if (yes) for (const c of commands) await r.must(c, { timeoutMs: run.o.timeouts?.installMs ?? 900_000 });
      else run.warn('warn/packagesKept', { host: r.host, packages: run.list(state.installedPackages) });
    }
    await removeState(r, run, stateName);
  }
  r.done();
}

async function unmountOn(r: Remote, run: Run, plan: SharePlan, c: ClientPlan, undo: Undo): Promise<void> {
  const share = plan.share;
  const mp = run.p(c.mount.mountPoint);
  const fstab = run.p('/etc/fstab');
  const state = await readState<ClientState>(r, run, clientStateName(share.id));

  r.step('umount', { path: c.mount.mountPoint });
  const mounted = parseFindmnt((await r.exec(cmd.findmnt(mp))).stdout);
  if (mounted && sameSource(mounted.source, c.source)) {
    await r.must(cmd.umount(mp));
    undo.push({ id: 'undo/mount-again' }, async () => {
      await r.must(cmd.mount(c.source, mp, share.mountOptions), { noSignal: true });
    });
  }
  r.done();

  const before = await r.readBytes(fstab);
  if (before !== undefined) {
    const next = blockOrThrow(removeFstabBytes(before, share.id), r.host, '/etc/fstab');
    if (next.changed) await replaceFile(r, run, fstab, before, next.bytes, undo);
  }
  await cleanup(r, run, state, clientStateName(share.id));
}

async function removeOn(r: Remote, run: Run, plan: SharePlan, undo: Undo): Promise<void> {
  const share = plan.share;
  const exportsFile = run.p('/etc/exports');
  const state = await readState<ServerState>(r, run, serverStateName(share.id));
  const before = await r.readBytes(exportsFile);
  // What the file exports once the block is gone, decoded for reading only.
  let remaining = before?.toString('utf8') ?? '';
  if (before !== undefined) {
    const next = blockOrThrow(removeExportBytes(before, share.id), r.host, '/etc/exports');
    remaining = next.bytes.toString('utf8');
    if (next.changed) {
      const reexport = async () => {
        await r.exec(`if command -v exportfs >/dev/null 2>&1; then ${cmd.exportfsReload}; fi`, { noSignal: true });
      };
      // A file the setup created and that holds nothing else goes away entirely.
      if (state?.exportsCreated && remaining.trim() === '') {
        r.step('backup', { file: '/etc/exports' });
        const b = (await r.must(cmd.backup(exportsFile, backupPath(exportsFile, run.now)))).trim();
        run.backups.push({ host: r.host, file: exportsFile, backup: b });
        const f: UndoFile = { file: exportsFile, backup: b };
        undo.push(
          { id: 'undo/restore-file', data: { file: '/etc/exports' } },
          async () => {
            await r.must(cmd.restore(exportsFile, b), { noSignal: true });
            f.restored = true;
            await reexport();
          },
          f,
        );
        r.done();
        r.step('write', { file: '/etc/exports' });
        await r.must(cmd.remove(exportsFile));
        r.done();
      } else await replaceFile(r, run, exportsFile, before, next.bytes, undo, reexport);
      r.step('exportfs');
      await r.must(cmd.exportfsReload);
      r.done();
    }
  }

  r.step('services', { units: run.list(SERVER_UNITS) });
  if (state && !hasOtherExports(remaining, share.id)) {
    const disable = SERVER_UNITS.filter((u) => state.services[u] && !ENABLED.has(state.services[u].enabled));
    const stop = SERVER_UNITS.filter((u) => state.services[u] && state.services[u].active !== 'active');
    if (stop.length > 0) {
      await r.must(cmd.stop(stop));
      undo.push({ id: 'undo/start-services' }, async () => {
        await r.must(`systemctl start ${stop.map(q).join(' ')}`, { noSignal: true });
      });
    }
    if (disable.length > 0) {
      await r.must(cmd.disable(disable));
      undo.push({ id: 'undo/enable-services' }, async () => {
        await r.must(`systemctl enable ${disable.map(q).join(' ')}`, { noSignal: true });
      });
    }
  } else if (state) run.warn('warn/servicesKept', { host: r.host });
  r.done();

  await cleanup(r, run, state, serverStateName(share.id));
}
