import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileProblem, Workspace } from './analyzer';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.dubbo-topology']);

/** Folders deeper than this below the root are not listed. */
const MAX_DEPTH = 32;

/** Bytes looked at to tell a binary file from text. */
const SNIFF_BYTES = 8000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes file bytes: a UTF-8 BOM is dropped; a file with a NUL byte in its first 8,000 bytes is
 * binary (no text); bytes that are not UTF-8 (a GBK comment) are decoded with U+FFFD in their place
 * and reported as `not-utf8`.
 */
export function decodeFile(buf: Buffer): { text?: string; problem?: FileProblem } {
  const sniff = buf.subarray(0, Math.min(buf.length, SNIFF_BYTES));
  if (sniff.includes(0)) return { problem: { kind: 'binary', size: buf.length } };
  let text: string;
  let problem: FileProblem | undefined;
  try {
    text = utf8.decode(buf);
  } catch {
    text = buf.toString('utf8');
    const bad = text.indexOf('\ufffd');
    problem = { kind: 'not-utf8', size: buf.length, offset: bad < 0 ? 0 : bad };
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    if (problem?.kind === 'not-utf8' && problem.offset !== undefined) problem.offset = Math.max(0, problem.offset - 1);
  }
  return { text, problem };
}

/**
 * A workspace on disk. `overlay` supplies unsaved editor contents by relative path; a file
 * larger than `maxFileBytes`, binary or unreadable reads as undefined, and `problem(file)` says why.
 * The file list never follows symbolic links to folders (so a link loop cannot trap it); links to
 * files are listed. Reads are cached until `invalidate`.
 */
export class NodeWorkspace implements Workspace {
  private fileList: string[] | undefined;
  /** Texts read, null for a file that cannot be read as text. */
  private readonly cache = new Map<string, string | null>();
  private readonly problems = new Map<string, FileProblem>();

  constructor(
    readonly root: string,
    private overlay: ReadonlyMap<string, string> = new Map(),
    private readonly maxFileBytes = 8 * 1024 * 1024,
  ) {}

  /** Replaces the unsaved editor contents (the disk cache is kept). */
  setOverlay(overlay: ReadonlyMap<string, string>): void {
    this.overlay = overlay;
  }

  /**
   * Forgets what was read: one file (after a change on disk), or everything. Creating or deleting
   * a file also forgets the file list.
   */
  invalidate(file?: string, listChanged = false): void {
    if (file === undefined) {
      this.cache.clear();
      this.problems.clear();
      this.fileList = undefined;
      return;
    }
    this.cache.delete(file);
    this.problems.delete(file);
    if (listChanged) this.fileList = undefined;
  }

  read(file: string): string | undefined {
    const o = this.overlay.get(file);
    if (o !== undefined) return o;
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached ?? undefined;
    let text: string | undefined;
    let fd: number | undefined;
    try {
      // One open, one fstat, reads, one close: the size is known before anything is read.
      fd = openSync(join(this.root, file), 'r');
      const st = fstatSync(fd);
      if (st.isFile()) {
        if (st.size > this.maxFileBytes) this.problems.set(file, { kind: 'too-large', size: st.size, limit: this.maxFileBytes });
        else {
          const r = decodeFile(readAll(fd, st.size));
          text = r.text;
          if (r.problem) this.problems.set(file, r.problem);
        }
      }
    } catch {
      text = undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    this.cache.set(file, text ?? null);
    return text;
  }

  problem(file: string): FileProblem | undefined {
    if (this.overlay.has(file)) return undefined;
    if (!this.cache.has(file)) this.read(file);
    return this.problems.get(file);
  }

  files(): string[] {
    if (!this.fileList) {
      const out: string[] = [];
      const walk = (dir: string, rel: string, depth: number) => {
        if (depth > MAX_DEPTH) return;
        let entries: Dirent[];
        try {
          entries = readdirSync(dir, { withFileTypes: true });
        } catch {
          return;
        }
        for (const e of entries) {
          const name = e.name;
          const relPath = rel ? `${rel}/${name}` : name;
          if (e.isDirectory()) {
            if (!SKIP_DIRS.has(name)) walk(join(dir, name), relPath, depth + 1);
          } else if (e.isFile()) out.push(relPath);
          else if (e.isSymbolicLink()) {
            // A link to a file is listed; a link to a folder is not followed.
            try {
              if (statSync(join(dir, name)).isFile()) out.push(relPath);
            } catch {
              // dangling or looping link
            }
          }
        }
      };
      walk(this.root, '', 0);
      this.fileList = out.sort();
    }
    return this.fileList;
  }
}

/** Reads `size` bytes of an open file, as `readFileSync` does; a file reporting size 0 is read to its end. */
function readAll(fd: number, size: number): Buffer {
  if (size > 0) {
    const buf = Buffer.allocUnsafe(size);
    let length = 0;
    while (length < size) {
      const n = readSync(fd, buf, length, size - length, null);
      if (n === 0) break;
      length += n;
    }
    return length === size ? buf : buf.subarray(0, length);
  }
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks);
}
