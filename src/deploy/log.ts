/**
 * The deploy journal: every step as one JSON line in `.dubbo-topology/deploy-log.jsonl` of the
 * workspace (who, what, where, result, duration) and as a readable line for an output channel.
 * Entries carry names, paths, hashes and command output tails — never secrets.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import type { Locale, MessageRef } from '../core/types';
import { refOfError } from '../core/sshMessages';
import { deployMessages, deployText } from './messages';

export type LogResult = 'ok' | 'failed' | 'cancelled' | 'skipped' | 'started';

export interface LogEntry {
  time: string;
  who: string;
  /** deploy | rollback | build | nginx | prune | test-connection */
  action: string;
  service?: string;
  host?: string;
  step: string;
  result: LogResult;
  durationMs?: number;
  release?: string;
  detail?: string;
}

export const DEPLOY_LOG = join('.dubbo-topology', 'deploy-log.jsonl');

export function whoAmI(): string {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return `${user}@${hostname()}`;
}

export interface DeployLogOptions {
  /** Workspace root; the journal goes to `<root>/.dubbo-topology/deploy-log.jsonl`. Undefined: no file. */
  root?: string;
  who?: string;
  /** Human-readable lines (output channel, console). */
  output?(line: string): void;
  now?(): Date;
  /** The language of the readable lines (the journal file is English). Default: English. */
  locale?: Locale;
}

/** What `record` takes: an entry, and what its detail says as a message to localize. */
export type LogRecord = Omit<LogEntry, 'time' | 'who'> & { detailRef?: MessageRef };

export class DeployLog {
  readonly who: string;
  readonly file: string | undefined;
  constructor(private readonly opts: DeployLogOptions) {
    this.who = opts.who ?? whoAmI();
    this.file = opts.root ? join(opts.root, DEPLOY_LOG) : undefined;
  }

  get locale(): Locale {
    return this.opts.locale ?? 'en';
  }

  /** A free-form line for the output channel only (command output, progress). */
  line(text: string): void {
    this.opts.output?.(text);
  }

  /** A line about one host for the output channel, said in the log's language. */
  say(hostId: string, ref: MessageRef): void {
    this.line(`  [${hostId}] ${deployText(ref, this.locale)}`);
  }

  record(e: LogRecord): LogEntry {
    const { detailRef, ...fields } = e;
    const entry: LogEntry = { time: (this.opts.now?.() ?? new Date()).toISOString(), who: this.who, ...fields };
    if (detailRef && entry.detail === undefined) entry.detail = deployText(detailRef, 'en');
    if (entry.detail && entry.detail.length > 4000) entry.detail = '…' + entry.detail.slice(-4000);
    const loc = this.locale;
    const word = (kind: string, v: string) => (`${kind}/${v}` in deployMessages ? deployText({ id: `${kind}/${v}` }, loc) : v);
    const where = [e.service, e.host].filter(Boolean).join(' @ ');
    const words = [word('action', e.action), where, word('step', e.step)].filter(Boolean).join(' ');
    const dur = e.durationMs !== undefined ? deployText({ id: 'log/duration', data: { seconds: (e.durationMs / 1000).toFixed(1) } }, loc) : '';
    let detail = detailRef && loc !== 'en' ? deployText(detailRef, loc) : entry.detail;
    if (detail && detail.length > 4000) detail = '…' + detail.slice(-4000);
    this.opts.output?.(
      `[${entry.time}] ${words}${loc === 'zh-cn' ? '：' : ': '}${word('result', e.result)}${dur}${e.release ? ` [${e.release}]` : ''}${detail && e.result !== 'ok' ? `\n${indent(detail)}` : ''}`,
    );
    if (this.file) {
      try {
        mkdirSync(dirname(this.file), { recursive: true });
        appendFileSync(this.file, JSON.stringify(entry) + '\n');
      } catch (err) {
        this.opts.output?.(`cannot write ${this.file}: ${(err as Error).message}`);
      }
    }
    return entry;
  }

  /** Runs a step, recording its result and duration. */
  async step<T>(base: Omit<LogEntry, 'time' | 'who' | 'result' | 'durationMs'>, fn: () => Promise<T>, classify?: (e: unknown) => LogResult): Promise<T> {
    const t0 = Date.now();
    try {
      const v = await fn();
      this.record({ ...base, result: 'ok', durationMs: Date.now() - t0 });
      return v;
    } catch (e) {
      const detail = base.detail ?? (e instanceof Error ? e.message : String(e));
      // The error's own words in the journal; in the Output channel, said in its language when it carries a message.
      const detailRef = base.detail === undefined ? refOfError(e) : undefined;
      this.record({ ...base, result: classify ? classify(e) : 'failed', durationMs: Date.now() - t0, detail, detailRef });
      throw e;
    }
  }
}

function indent(s: string): string {
  return s
    .trimEnd()
    .split('\n')
    .map((l) => '    ' + l)
    .join('\n');
}
