import { statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { defaultAnalyzers } from './core/analyzers';
import { lintWorkspace, type LintResult } from './core/engine';
import { planSafeFixes } from './core/fixes';
import { normalizeLocale } from './core/l10n';
import { editFile, NodeWorkspace } from './core/nodeWorkspace';
import { toJson, toSarif, toText } from './core/report';
import { LineIndex } from './core/text';
import { cliMessages } from './core/cliMessages';
import { TOPOLOGY_FILE } from './core/topology/parse';
import type { Locale } from './core/types';
// Only `version` is bundled from package.json.
import { version as VERSION } from '../package.json';

interface Args {
  folder: string;
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  locale: Locale;
}

class UsageError extends Error {}

/** Passes of `--fix` at the most (see `main`). */
const MAX_FIX_PASSES = 10;

function parseArgs(argv: string[], locale: Locale): Args {
  const [command, ...rest] = argv;
  const m = cliMessages(locale);
  if (command !== 'lint') throw new UsageError(command ? m.unknownCommand(command) : m.usage);
  const args: Args = { folder: '.', format: 'text', fix: false, locale };
  let folderSet = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (): string => {
      const eq = a.indexOf('=');
      if (eq >= 0) return a.slice(eq + 1);
      const v = rest[++i];
      if (v === undefined) throw new UsageError(m.missingValue(a));
      return v;
    };
    if (a === '--fix') args.fix = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(m.badFormat(f));
      args.format = f;
    } else if (a === '--locale' || a.startsWith('--locale=')) {
      const l = value().toLowerCase();
      if (l !== 'en' && l !== 'zh-cn') throw new UsageError(m.badLocale(l));
      args.locale = l;
    } else if (a.startsWith('-')) throw new UsageError(m.unknownOption(a));
    else if (!folderSet) {
      args.folder = a;
      folderSet = true;
    } else throw new UsageError(m.extraArgument(a));
  }
  return args;
}

/** The value of --locale, when given. */
function localeOf(argv: string[]): string | undefined {
  return argv.find((_a, i) => argv[i - 1] === '--locale') ?? argv.find((a) => a.startsWith('--locale='))?.slice(9);
}

/**
 * Runs the CLI; returns the exit code (0 clean, 1 errors remain, 2 usage, no topology, or an internal
 * failure: neither of the first two can be said of a run that did not finish).
 */
export function main(argv: string[], out: (s: string) => void, err: (s: string) => void, cwd?: string): number {
  try {
    return lint(argv, out, err, cwd ?? process.cwd());
  } catch (e) {
    err(cliMessages(normalizeLocale(localeOf(argv))).internalError(e instanceof Error ? (e.stack ?? e.message) : String(e)));
    return 2;
  }
}

function lint(argv: string[], out: (s: string) => void, err: (s: string) => void, cwd: string): number {
  // Usage errors are reported in the requested language when --locale is readable.
  const localeArg = localeOf(argv);
  // Help and version: asked for, not bad usage, so on stdout with exit code 0.
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help' || ((command === 'lint' || command === 'registry' || command === 'reach') && rest.some((a) => a === '-h' || a === '--help'))) {
    out(cliMessages(normalizeLocale(localeArg)).help);
    return 0;
  }
  if (command === '-v' || command === '--version' || (command === 'lint' && rest.some((a) => a === '-v' || a === '--version'))) {
    out(VERSION);
    return 0;
  }
  let args: Args;
  try {
    args = parseArgs(argv, normalizeLocale(localeArg));
  } catch (e) {
    if (e instanceof UsageError) {
      err(e.message);
      return 2;
    }
    throw e;
  }
  const m = cliMessages(args.locale);
  const root = isAbsolute(args.folder) ? args.folder : resolve(cwd, args.folder);
  let ws = new NodeWorkspace(root);
  const run = (): LintResult | undefined =>
    lintWorkspace(ws, {
      locale: args.locale,
      analyzers: defaultAnalyzers,
      onAnalyzerError: (a, f, e) => err(m.analyzerFailed(a, f, e instanceof Error ? e.message : String(e))),
    });
  let result = run();
  if (!result) {
    err(whyNoTopology(root, ws, m));
    return 2;
  }
  // Fixes are made in passes, each on the texts of a fresh lint, until a pass changes nothing: a fix
  // left out of one pass because it meets another (two fixes each adding a block to the same place)
  // is found again on the new text. At most MAX_FIX_PASSES, as fixes that undid each other could
  // otherwise go on forever.
  // Files that cannot be fixed (said once): their fixes are left out of later passes.
  const refused = new Set<string>();
  for (let pass = 0; args.fix && pass < MAX_FIX_PASSES; pass++) {
    const plan = planSafeFixes(result.diagnostics, (f) => (refused.has(f) ? undefined : ws.read(f)));
    let changed = false;
    for (const [file, edits] of plan.edits) {
      const before = ws.read(file)!;
      const done = editFile(join(root, file), before, edits);
      if ('reason' in done) {
        err(m.notFixed(file, done));
        refused.add(file);
        continue;
      }
      const lines = done.applied.length > 0 ? new LineIndex(before) : undefined;
      for (const e of done.applied) {
        const removed = before.slice(lines!.offsetAt(e.range.start), lines!.offsetAt(e.range.end));
        err(m.fixed(file, e.range.start.line + 1, e.range.start.character + 1, removed, e.newText));
      }
      if (done.applied.length > 0) changed = true;
    }
    if (!changed) break;
    ws = new NodeWorkspace(root);
    result = run()!;
  }
  const diagnostics = result.diagnostics;
  if (args.format === 'json') out(toJson(diagnostics));
  else if (args.format === 'sarif') out(
      toSarif(diagnostics, args.locale, VERSION, { root, settings: new Map([...result.topology.rules].map(([id, r]) => [id, r.setting])) }),
    );
  else out(toText(diagnostics, args.locale));
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Why a folder gave no topology: not there, not a folder, or its topology file unreadable, too large, binary or a folder. */
function whyNoTopology(root: string, ws: NodeWorkspace, m: ReturnType<typeof cliMessages>): string {
  const code = (e: unknown) => (e as NodeJS.ErrnoException).code ?? String(e);
  try {
    if (!statSync(root).isDirectory()) return m.notAFolder(root, basename(root) === TOPOLOGY_FILE ? dirname(root) : undefined);
  } catch (e) {
    return code(e) === 'ENOENT' ? m.noFolder(root) : m.cannotReadFile(root, code(e));
  }
  const file = join(root, TOPOLOGY_FILE);
  const p = ws.problem(TOPOLOGY_FILE);
  const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
  if (p?.kind === 'unreadable') return m.cannotReadFile(file, p.reason);
  if (p?.kind === 'too-large') return m.topologyTooLarge(file, mb(p.size), mb(p.limit));
  if (p?.kind === 'binary') return m.topologyBinary(file);
  try {
    if (statSync(file).isDirectory()) return m.topologyIsFolder(file);
  } catch {
    // Not there (or a dangling link): not found.
  }
  return m.noTopology(root);
}

/** Runs the CLI on this process's arguments and streams (the `dubbo-topology` command). */
export function runCli(): void {
  // A lint run is one short burst of work: V8's optimizing compiler, inlining callees into every hot
  // function, spent more time compiling than the run had left to gain from it (the whole lint of the
  // 2,000-config bench workspace: 1.37 s with inlining, 1.25 s without, median of 9 alternating
  // runs). The command's entry (cliEntry.ts) sets it before the bundle is compiled; set here too
  // for a run of this file on its own (Node 20 and 22 both know the flag).
  setFlagsFromString('--no-turbo-inlining');
  const argv = process.argv.slice(2);
  const out = (s: string) => process.stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const err = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);
  if (argv[0] === 'reach' && !argv.some((a) => a === '-h' || a === '--help')) {
    // Loaded only for this command, as the registry client is: a lint does not pay for ssh2.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { reachMain } = require('./cliReach') as typeof import('./cliReach');
    reachMain(argv.slice(1), normalizeLocale(localeOf(argv)), out, err).then(exit, (e: unknown) => {
      err(e instanceof Error ? (e.stack ?? e.message) : String(e));
      exit(2);
    });
    return;
  }
  if (argv[0] === 'registry' && !argv.some((a) => a === '-h' || a === '--help')) {
    // Loaded only for this command: a lint does not pay for the registry client (node:net and all).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { registryMain } = require('./cliRegistry') as typeof import('./cliRegistry');
    registryMain(argv.slice(1), normalizeLocale(localeOf(argv)), out, err).then(exit, (e: unknown) => {
      err(e instanceof Error ? (e.stack ?? e.message) : String(e));
      exit(2);
    });
    return;
  }
  exit(main(argv, out, err));
}

/** Sets the exit code and leaves once the output is written. */
function exit(code: number): void {
  // A report that could not be written (a full disk, a closed descriptor) is an internal failure; a
  // reader that stopped reading early (EPIPE: `| head`) took what it wanted.
  let said = false;
  const failed = (e: Error | null | undefined): void => {
    if (!e || said || (e as NodeJS.ErrnoException).code === 'EPIPE') return;
    said = true;
    code = 2;
    process.stderr.write(`${cliMessages(normalizeLocale(localeOf(process.argv.slice(2)))).internalError(e.message)}\n`);
  };
  failed(process.stdout.errored);
  process.exitCode = code;
  // Leave as soon as the report has been written: after a big lint, letting the process wind down on
  // its own took 22 or 65 ms (Node tearing down a heap full of parse trees), exiting ~18 ms. Output
  // to a file or terminal is written by now; to a pipe it may still be queued, and is waited for.
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
  process.stdout.write('', (e) => {
    failed(e);
    process.stderr.write('', () => process.exit(code));
  });
}

if (require.main === module) runCli();
