import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileProblem, Workspace } from './analyzer';
import { ChangeJournal } from './changes';
import { applyEdits } from './fixes';
import type { TextEdit } from './types';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.dubbo-topology']);

/** Folders deeper than this below the root are not listed. */
const MAX_DEPTH = 32;

/** Bytes looked at to tell a binary file from text. */
const SNIFF_BYTES = 8000;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes file bytes: a UTF-8 BOM is dropped; a file with a NUL byte in its first 8,000 bytes is
 * binary (no text); an XML file that is not UTF-8 is read in the encoding its declaration names;
 * other bytes that are not UTF-8 (a GBK comment) are decoded with U+FFFD in their place and reported
 * as `not-utf8`.
 */
export function decodeFile(buf: Buffer): { text?: string; problem?: FileProblem; bom?: true } {
  const sniff = buf.subarray(0, Math.min(buf.length, SNIFF_BYTES));
  if (sniff.includes(0)) return { problem: { kind: 'binary', size: buf.length } };
  let text: string;
  let problem: FileProblem | undefined;
  try {
    text = utf8.decode(buf);
  } catch {
    // An XML file may say which encoding it is in (`<?xml version="1.0" encoding="GBK"?>`), as
    // Spring's parser reads it: then it is no encoding problem.
    const declared = declaredXmlEncoding(buf);
    if (declared !== undefined) return { text: declared };
    text = buf.toString('utf8');
    const bad = text.indexOf('\ufffd');
    problem = { kind: 'not-utf8', size: buf.length, offset: bad < 0 ? 0 : bad };
  }
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    if (problem?.kind === 'not-utf8' && problem.offset !== undefined) problem.offset = Math.max(0, problem.offset - 1);
    return { text, problem, bom: true };
  }
  return { text, problem };
}

/** The encoding an XML declaration names when it is not UTF-8 (or a UTF-16/32 form), else undefined. */
function declaredLabel(buf: Buffer): string | undefined {
  const head = buf.toString('latin1', 0, Math.min(buf.length, 200));
  const label = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1];
  if (label === undefined || /^(utf-?8|utf-?16.*|utf-?32.*|ucs-?[24].*)$/i.test(label)) return undefined;
  return label;
}

/**
 * The text of an XML file decoded with the encoding its declaration names (GBK, GB18030, Big5,
 * ISO-8859-1, ...), when that is not UTF-8 and the bytes are valid in it; else undefined.
 */
function declaredXmlEncoding(buf: Buffer): string | undefined {
  // An ASCII-compatible encoding only: the declaration itself was just read as ASCII.
  const label = declaredLabel(buf);
  if (label === undefined) return undefined;
  try {
    return new TextDecoder(label, { fatal: true }).decode(buf);
  } catch {
    return undefined;
  }
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
  /** Whether the file on disk begins with a BOM (known from a read, or from its first bytes). */
  private readonly boms = new Map<string, boolean>();
  /** What changed since a version: an overlay replaced, a file forgotten. */
  private readonly journal = new ChangeJournal();

  /** Unsaved editor contents by relative path: our own map, so every change goes through `setOverlay` or `updateOverlay`. */
  private overlay: Map<string, string>;

  constructor(
    readonly root: string,
    overlay: ReadonlyMap<string, string> = new Map(),
    private readonly maxFileBytes = 8 * 1024 * 1024,
  ) {
    this.overlay = new Map(overlay);
  }

  /** Replaces the unsaved editor contents (the disk cache is kept); later changes to `overlay` are not seen. */
  setOverlay(overlay: ReadonlyMap<string, string>): void {
    const old = this.overlay;
    const next = new Map(overlay);
    for (const [f, text] of next) {
      const was = old.get(f);
      if (was === undefined) this.noteBuffer(f);
      else if (was !== text) this.journal.noteFile(f);
    }
    for (const f of old.keys()) if (!next.has(f)) this.noteBuffer(f);
    this.overlay = next;
  }

  /**
   * Changes some of the unsaved editor contents: a text replaces a file's buffer (or opens one),
   * `null` closes it. The others stay as they are, so the cost follows the changes, not the number of
   * buffers.
   */
  updateOverlay(changes: Iterable<readonly [string, string | null]>): void {
    for (const [f, text] of changes) {
      const was = this.overlay.get(f);
      if (was === (text ?? undefined)) continue;
      if (text === null) this.overlay.delete(f);
      else this.overlay.set(f, text);
      if (was === undefined || text === null) this.noteBuffer(f);
      else this.journal.noteFile(f);
    }
  }

  /**
   * A buffer opened or closed. For a file not on disk that is a file created or deleted: what names
   * it (an include, an import) may now find it or not, which is not known file by file.
   */
  private noteBuffer(f: string): void {
    if (this.disk(f) === undefined) this.journal.noteUnknown();
    else this.journal.noteFile(f);
  }

  version(): number {
    return this.journal.version();
  }

  changedSince(version: number): ReadonlySet<string> | undefined {
    return this.journal.since(version);
  }

  /**
   * Forgets what was read: one file (after a change on disk), or everything. Creating or deleting
   * a file also forgets the file list.
   */
  invalidate(file?: string, listChanged = false): void {
    if (file === undefined || listChanged) this.journal.noteUnknown();
    else this.journal.noteFile(file);
    if (file === undefined) {
      this.cache.clear();
      this.problems.clear();
      this.boms.clear();
      this.fileList = undefined;
      return;
    }
    this.cache.delete(file);
    this.problems.delete(file);
    this.boms.delete(file);
    if (listChanged) this.fileList = undefined;
  }

  /** The unsaved editor contents of a file, if it has a buffer (undefined: it reads from the disk). */
  bufferOf(file: string): string | undefined {
    return this.overlay.get(file);
  }

  read(file: string): string | undefined {
    const o = this.overlay.get(file);
    if (o !== undefined) return o;
    return this.disk(file);
  }

  /** The text of a file on disk, read once (until `invalidate`). */
  private disk(file: string): string | undefined {
    const cached = this.cache.get(file);
    if (cached !== undefined) return cached ?? undefined;
    let text: string | undefined;
    // The size is asked of the open file (a path is looked up once: on a bench workspace of 3,000
    // files, a stat by path before each read cost ~10 ms of a ~50 ms read).
    let fd: number | undefined;
    try {
      fd = openSync(join(this.root, file), OPEN_FLAGS);
      const st = fstatSync(fd);
      if (st.isFile()) {
        if (st.size > this.maxFileBytes) this.problems.set(file, { kind: 'too-large', size: st.size, limit: this.maxFileBytes });
        else {
          const r = readText(fd);
          text = r.text;
          if (r.problem) this.problems.set(file, r.problem);
          this.boms.set(file, r.bom === true);
        }
      }
    } catch (e) {
      text = undefined;
      // A file that is not there reads as undefined with no problem; one that is there and cannot be
      // read says why.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.problems.set(file, { kind: 'unreadable', reason: code ?? String(e) });
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

  hasBom(file: string): boolean {
    let bom = this.boms.get(file);
    if (bom === undefined) {
      // An open document's text comes from the editor: the file's first bytes tell.
      bom = false;
      try {
        const fd = openSync(join(this.root, file), 'r');
        try {
          const head = Buffer.alloc(3);
          bom = readSync(fd, head, 0, 3, 0) === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
        } finally {
          closeSync(fd);
        }
      } catch {
        // missing or unreadable: no BOM to speak of
      }
      this.boms.set(file, bom);
    }
    return bom;
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

/** Read-only; without blocking, should the name be a FIFO (it is not read: not a regular file). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The bytes of an open file, from its start. */
function readAll(fd: number): Buffer {
  const size = fstatSync(fd).size;
  const buf = Buffer.alloc(size);
  let n = 0;
  while (n < size) {
    const got = readSync(fd, buf, n, size - n, n);
    if (got === 0) break;
    n += got;
  }
  return buf.subarray(0, n);
}

/**
 * Reads a text file (by path or open descriptor) as `decodeFile` would, on Node's native UTF-8 path: only a text that may be
 * binary (a NUL early on) or not UTF-8 (a replacement character) is read again as bytes and decoded
 * exactly.
 */
export function readText(file: string | number): { text?: string; problem?: FileProblem; bom?: true } {
  const text = readFileSync(file, 'utf8');
  if (text.lastIndexOf('\0', SNIFF_BYTES - 1) >= 0 || text.includes('\ufffd')) {
    // An open file is read again from its start (reading it as text left its position at the end).
    return decodeFile(typeof file === 'number' ? readAll(file) : readFileSync(file));
  }
  return text.charCodeAt(0) === 0xfeff ? { text: text.slice(1), bom: true } : { text };
}

/** Why `editFile` left a file as it was. */
export type FixRefusal =
  /** The bytes are not UTF-8 (a GBK comment): written back as UTF-8 they would be garbled. */
  | { reason: 'not-utf8' }
  /** An XML file declaring another encoding, and edits with characters outside ASCII. */
  | { reason: 'encoding'; detail: string }
  /** The file's text is no longer the text the edits were computed on. */
  | { reason: 'changed' }
  /** Reading or writing failed (the error's message). */
  | { reason: 'io'; detail: string };

/**
 * Applies edits to a file on disk, as `lint --fix` does: only when its text is still `expected` (what
 * the lint read), keeping its byte order mark and line endings, and never re-encoding what is not
 * UTF-8. Positions are those of the text without the BOM, as `NodeWorkspace.read` gives it.
 */
export function editFile(path: string, expected: string, edits: TextEdit[]): { applied: TextEdit[] } | FixRefusal {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    return { reason: 'io', detail: e instanceof Error ? e.message : String(e) };
  }
  let text: string;
  try {
    // The decoder drops a leading BOM (and says nothing of it): it is put back when writing.
    text = utf8.decode(buf);
  } catch {
    return { reason: 'not-utf8' };
  }
  if (text !== expected) return { reason: 'changed' };
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  // A declaration naming another encoding, in bytes that are ASCII so far (else they were not UTF-8).
  const declared = bom ? undefined : declaredLabel(buf);
  if (declared !== undefined && edits.some((e) => !isAscii(e.newText))) return { reason: 'encoding', detail: declared };
  const r = applyEdits(text, edits);
  if (r.text === text) return { applied: [] };
  try {
    writeFileSync(path, bom ? `\ufeff${r.text}` : r.text);
  } catch (e) {
    return { reason: 'io', detail: e instanceof Error ? e.message : String(e) };
  }
  return { applied: r.applied };
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
