import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { AnalyzerContext, Workspace } from '../../../src/core/analyzer';
import { ChangeJournal } from '../../../src/core/changes';
import { createContext } from '../../../src/core/engine';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import { parseTopology, TOPOLOGY_FILE } from '../../../src/core/topology/parse';

/** Repository root (tests run from out/test/unit/..., sources live beside). */
export const repoRoot = resolve(__dirname, '..', '..', '..', '..');
export const exampleDir = join(repoRoot, 'examples', 'two-region');

/** A workspace held in memory: file path → text. */
export class MemoryWorkspace implements Workspace {
  readonly root = '/memory';
  constructor(readonly contents: Map<string, string>) {}
  read(file: string): string | undefined {
    return this.contents.get(file);
  }
  files(): string[] {
    return [...this.contents.keys()].sort();
  }
}

export function memoryWorkspace(files: Record<string, string>): MemoryWorkspace {
  return new MemoryWorkspace(new Map(Object.entries(files)));
}

/**
 * A map of file texts that notes its changes in a journal, as NodeWorkspace does: a text replaced is
 * a change of that file, a file added or removed one not known file by file.
 */
export class JournaledMap extends Map<string, string> {
  private journal?: ChangeJournal;
  constructor(journal: ChangeJournal, entries: Iterable<[string, string]> = []) {
    super();
    for (const [k, v] of entries) super.set(k, v);
    this.journal = journal;
  }
  override set(file: string, text: string): this {
    if (!this.has(file)) this.journal?.noteUnknown();
    else if (this.get(file) !== text) this.journal?.noteFile(file);
    return super.set(file, text);
  }
  override delete(file: string): boolean {
    this.journal?.noteUnknown();
    return super.delete(file);
  }
}

/** A memory workspace keeping a change journal (`Workspace.changedSince`): change it through `contents`. */
export class JournaledWorkspace extends MemoryWorkspace {
  readonly journal: ChangeJournal;
  constructor(files: Record<string, string>, journal = new ChangeJournal()) {
    super(new JournaledMap(journal, Object.entries(files)));
    this.journal = journal;
  }
  version(): number {
    return this.journal.version();
  }
  changedSince(version: number): ReadonlySet<string> | undefined {
    return this.journal.since(version);
  }
}

/** An analyzer context over a workspace (default: the example), with its topology parsed. */
export function contextFor(ws: Workspace | string = exampleDir): AnalyzerContext {
  const w = typeof ws === 'string' ? new NodeWorkspace(ws) : ws;
  const text = w.read(TOPOLOGY_FILE) ?? 'version: 1\nregions: {}\n';
  return createContext(w, parseTopology(TOPOLOGY_FILE, text).topology);
}

/** A copy of the example (or of `files` written into an empty folder) that a test may change. */
export function tempWorkspace(files?: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dt-ws-'));
  if (!files) cpSync(exampleDir, dir, { recursive: true });
  else
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
  return dir;
}
