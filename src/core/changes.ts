import type { Workspace } from './analyzer';

/**
 * What changed in a workspace between two moments: a version that grows with every change of a
 * file's text, and the files changed since an earlier version. Answers kept across runs (the
 * registry summary of every Dubbo service, ...) ask it rather than compare the text of every file
 * they were made from on every run: in a workspace of thousands of files a keystroke changes one.
 */
export class ChangeJournal {
  private now = 0;
  /** Each file changed since `unknownFrom`, with the version of its last change. */
  private readonly changed = new Map<string, number>();
  /** The version of the last change not known file by file (everything forgotten, a file created or deleted). */
  private unknownFrom = 0;
  /** The last answer, asked again by each memo of one run. */
  private asked?: { since: number; at: number; files: ReadonlySet<string> };

  version(): number {
    return this.now;
  }

  /** Notes that the text of `file` may have changed. */
  noteFile(file: string): void {
    this.changed.set(file, ++this.now);
  }

  /** Notes a change that is not known file by file: answers kept before it are all to be checked. */
  noteUnknown(): void {
    this.unknownFrom = ++this.now;
    this.changed.clear();
    this.asked = undefined;
  }

  /** The files whose text may differ from what they read at `version`; undefined when that is not known. */
  since(version: number): ReadonlySet<string> | undefined {
    if (version < this.unknownFrom || version > this.now) return undefined;
    const a = this.asked;
    if (a && a.since === version && a.at === this.now) return a.files;
    const files = new Set<string>();
    for (const [f, at] of this.changed) if (at > version) files.add(f);
    this.asked = { since: version, at: this.now, files };
    return files;
  }
}

/** The workspace and its version an answer was made at. */
export interface Stamp {
  readonly ws: Workspace;
  readonly version: number;
}

/** The stamp of `ws` now; undefined for a workspace that keeps no journal. Taken before reading. */
export function stampOf(ws: Workspace): Stamp | undefined {
  const version = ws.version?.();
  return version === undefined ? undefined : { ws, version };
}

/**
 * The files of `ws` whose text may have changed since `stamp`; undefined when that is not known (no
 * stamp, a stamp of another workspace, a workspace without a journal, a change not known file by
 * file): the caller then compares texts.
 */
export function changedSince(ws: Workspace, stamp: Stamp | undefined): ReadonlySet<string> | undefined {
  return stamp && stamp.ws === ws ? ws.changedSince?.(stamp.version) : undefined;
}
