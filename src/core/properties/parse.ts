import { LineIndex } from '../text';
import type { Range } from '../types';
import { expandProfiles, isActivationKey, profileGroupsOf } from './profiles';

/** One `key=value` entry of a Java .properties file, with where its key and value are written. */
export interface PropertyEntry {
  key: string;
  value: string;
  keyRange: Range;
  valueRange: Range;
  /** The whole logical line (may span continuation lines). */
  range: Range;
  /**
   * The file offset of each character of the value, and of its end (`value.length + 1` numbers),
   * when the value is not written as it reads (escapes, continuation lines). Undefined otherwise.
   */
  valueOffsets?: number[];
  /** The Spring Boot document it is in (`---` in YAML, `#---` in properties), from 0. */
  document?: number;
  /**
   * Where each part of the key is written, as file offsets, when the parts are written apart (a
   * YAML key nested under its parents). Undefined for a properties line, whose key is written whole.
   */
  segments?: KeySegment[];
}

/** One part of a key as written (`protocol` of `dubbo.protocol.port`), with its offsets. */
export interface KeySegment {
  text: string;
  start: number;
  end: number;
}

export interface PropertiesFile {
  entries: PropertyEntry[];
  /** Last definition of each key wins, as java.util.Properties does. */
  byKey: Map<string, PropertyEntry>;
  /**
   * Every Spring Boot document of the file, those left out too, when a document is limited to a
   * profile or platform (see `activeDocuments`): what `withProfiles` reads the file again from.
   */
  documents?: readonly PropertyEntry[][];
  /** The profiles this reading is for, when `documents` is set. */
  profiles?: ReadonlySet<string>;
  /**
   * For a reading with profiles set from outside the file (`withProfiles`), or without the keys a
   * file read after it sets (`withoutKeys`): the file's own reading.
   */
  own?: PropertiesFile;
}

/**
 * Parses the java.util.Properties text format: `#`/`!` comments, `=`, `:` or whitespace
 * separators, backslash escapes and line continuations. Never throws.
 *
 * Spring Boot (2.4+) splits such a file into documents at a line `#---` or `!---` (see
 * `DocumentStarts`); a document that applies only to a profile or a cloud platform
 * (`spring.config.activate.on-profile`, `spring.profiles`, ...) is left out, as in Spring Boot YAML:
 * by default Spring reads the others. A plain Java properties file has no such keys.
 */
export function parseProperties(text: string): PropertiesFile {
  const idx = new LineIndex(text);
  const entries: PropertyEntry[] = [];
  const byKey = new Map<string, PropertyEntry>();
  const documents = new DocumentStarts();
  let conditional = false;
  let line = 0;
  const n = idx.lineCount;
  while (line < n) {
    const first = idx.lineText(line);
    const lead = leadingBlanks(first);
    if (lead === first.length) {
      line++;
      continue;
    }
    if (first[lead] === '#' || first[lead] === '!') {
      documents.comment(first, lead, entries.length);
      line++;
      continue;
    }
    documents.entry(entries.length);
    // Join continuation lines (odd number of trailing backslashes).
    const startLine = line;
    let logical = first;
    const segments: { line: number; offsetInLogical: number; lead: number }[] = [
      { line, offsetInLogical: 0, lead: 0 },
    ];
    while (endsWithContinuation(logical) && line + 1 < n) {
      logical = logical.slice(0, -1);
      line++;
      const next = idx.lineText(line);
      const nextLead = leadingBlanks(next);
      segments.push({ line, offsetInLogical: logical.length, lead: nextLead });
      logical += next.slice(nextLead);
    }
    if (endsWithContinuation(logical)) logical = logical.slice(0, -1);
    const endLine = line;
    line++;

    const toOffset = (o: number) => {
      let seg = segments[0];
      for (const s of segments) if (s.offsetInLogical <= o) seg = s;
      return idx.offsetAt({ line: seg.line, character: 0 }) + seg.lead + (o - seg.offsetInLogical);
    };
    const toPos = (o: number) => idx.positionAt(toOffset(o));

    let i = leadingBlanks(logical);
    const keyStart = i;
    // Runs without escapes are sliced whole.
    let key = '';
    let run = i;
    while (i < logical.length) {
      const c = logical[i];
      if (c === '\\' && i + 1 < logical.length) {
        const [ch, len] = unescape(logical, i);
        key += logical.slice(run, i) + ch;
        i += len;
        run = i;
        continue;
      }
      if (c === '=' || c === ':' || c === ' ' || c === '\t' || c === '\f') break;
      i++;
    }
    key += logical.slice(run, i);
    const keyEnd = i;
    while (i < logical.length && isBlank(logical[i])) i++;
    if (i < logical.length && (logical[i] === '=' || logical[i] === ':')) i++;
    while (i < logical.length && isBlank(logical[i])) i++;
    const valueStart = i;
    let value = '';
    run = i;
    // Logical offsets of the value's characters where an escape shortens it (file offsets below).
    let logicalAt: number[] | undefined;
    while (i < logical.length) {
      if (logical[i] === '\\' && i + 1 < logical.length) {
        logicalAt ??= Array.from({ length: value.length }, (_, k) => valueStart + k);
        for (let k = run; k < i; k++) logicalAt.push(k);
        const [ch, len] = unescape(logical, i);
        value += logical.slice(run, i) + ch;
        logicalAt.push(i);
        i += len;
        run = i;
      } else i++;
    }
    if (logicalAt) for (let k = run; k < i; k++) logicalAt.push(k);
    value += logical.slice(run, i);
    logicalAt?.push(logical.length);
    const entry: PropertyEntry = {
      key,
      value,
      keyRange: { start: toPos(keyStart), end: toPos(keyEnd) },
      valueRange: { start: toPos(valueStart), end: toPos(logical.length) },
      range: { start: { line: startLine, character: 0 }, end: { line: endLine, character: idx.lineText(endLine).length } },
    };
    // Where the value is not written as it reads, each character's place in the file.
    if (logicalAt || endLine > startLine) {
      const offsets = (logicalAt ?? Array.from({ length: value.length + 1 }, (_, k) => valueStart + k)).map(toOffset);
      if (offsets[offsets.length - 1] - offsets[0] !== value.length) entry.valueOffsets = offsets;
    }
    entries.push(entry);
    byKey.set(key, entry);
    if (isActivationKey(key)) conditional = true;
  }
  if (!conditional) return { entries, byKey };
  const bounds = [0, ...documents.starts, entries.length];
  const docs: PropertyEntry[][] = [];
  for (let d = 0; d + 1 < bounds.length; d++) docs.push(entries.slice(bounds[d], bounds[d + 1]));
  return activeDocuments(docs);
}

export { isActivationKey };

/**
 * The documents Spring Boot reads, in order, and their keys (a later document overrides an earlier
 * one): those no activation key limits, and those for an active profile. The active profiles are
 * `active` when given — `spring.profiles.active` set outside the file (a system property, an
 * environment variable), which replaces the file's own — else those the file activates itself
 * (`spring.profiles.active` in a document of the first kind); `spring.profiles.include` there adds
 * profiles either way; with none, Spring's `default` profile; the file's `spring.profiles.group.*`
 * adds each active group's members. A document for a cloud platform, or
 * whose profile expression is not read here, is left out. Each entry is marked with its document.
 */
export function activeDocuments(docs: readonly PropertyEntry[][], active?: readonly string[]): PropertiesFile {
  let profiles = new Set<string>(active);
  const plain = new Map<string, PropertyEntry>();
  for (const doc of docs) {
    if (doc.some((e) => isActivationKey(e.key))) continue;
    for (const e of doc) {
      plain.set(e.key, e);
      if (e.key === 'spring.profiles.active' && !active) profiles.clear();
      if ((e.key === 'spring.profiles.active' && !active) || e.key === 'spring.profiles.include') for (const p of e.value.split(',')) if (p.trim()) profiles.add(p.trim());
    }
  }
  if (profiles.size === 0) profiles.add('default');
  // The groups the file defines add their members (to profiles given from outside as well: a list
  // expanded already is left as it is).
  const groups = profileGroupsOf({ byKey: plain });
  if (groups.size > 0) profiles = new Set(expandProfiles(profiles, groups));
  const entries: PropertyEntry[] = [];
  const byKey = new Map<string, PropertyEntry>();
  docs.forEach((doc, d) => {
    const limits = doc.filter((e) => isActivationKey(e.key));
    if (limits.length > 0 && !limits.every((e) => (e.key === 'spring.config.activate.on-profile' || e.key === 'spring.profiles') && profilesMatch(e.value, profiles))) return;
    for (const e of doc) {
      e.document = d;
      entries.push(e);
      byKey.set(e.key, e);
    }
  });
  return { entries, byKey, documents: docs, profiles };
}

const views = new WeakMap<PropertiesFile, Map<string, PropertiesFile>>();

/**
 * The file as Spring Boot reads it when `spring.profiles.active` is set to `active` outside it (see
 * `activeDocuments`): the file's own reading when that is the same (or the file has no profile
 * documents, or `active` is undefined), else one reading per set of profiles, kept with the file.
 */
export function withProfiles(file: PropertiesFile, active: readonly string[] | undefined): PropertiesFile {
  const own = file.own ?? file;
  if (!active || !own.documents) return own;
  const key = active.join(',');
  let byKey = views.get(own);
  if (!byKey) views.set(own, (byKey = new Map()));
  let view = byKey.get(key);
  if (!view) {
    const read = activeDocuments(own.documents, active);
    const same = read.profiles!.size === own.profiles!.size && [...read.profiles!].every((p) => own.profiles!.has(p));
    view = same ? own : { ...read, own };
    byKey.set(key, view);
  }
  return view;
}

/**
 * Whether a profile expression of `on-profile` holds for the active profiles: a list (any of them), each
 * a name, `!name`, or names joined by `|` (any) or `&` (all). False for what is not read here (parentheses).
 */
function profilesMatch(expression: string, active: ReadonlySet<string>): boolean {
  const one = (p: string): boolean | undefined => {
    const t = p.trim();
    if (!/^!?[\w.-]+$/.test(t)) return undefined;
    return t.startsWith('!') ? !active.has(t.slice(1)) : active.has(t);
  };
  return expression.split(',').some((part) => {
    if (part.includes('|') && part.includes('&')) return false;
    const words = part.split(part.includes('&') ? '&' : '|').map(one);
    if (words.some((w) => w === undefined)) return false;
    return part.includes('&') ? words.every(Boolean) : words.some(Boolean);
  });
}

const SEPARATOR = /^[#!]---[ \t\f]*$/;

/**
 * Where Spring Boot's properties loader (`OriginTrackedPropertiesLoader`) starts a new document: at
 * a line of `#---` or `!---` (no indent, trailing blanks allowed) unless the comment line before it
 * (blank lines aside) begins with the same character; a comment right after a separator joins the
 * next lines to the document before it again. `starts` holds the index of each later document's
 * first entry.
 */
class DocumentStarts {
  readonly starts: number[] = [];
  private lastComment = '';
  /** A separator was read and no entry has followed. */
  private pending = false;

  comment(line: string, lead: number, entryCount: number): void {
    const c = line[lead];
    if (lead === 0 && c !== this.lastComment && SEPARATOR.test(line)) {
      // An empty first document is no document.
      if (entryCount > 0) this.pending = true;
      return;
    }
    this.pending = false;
    this.lastComment = c;
  }

  entry(entryCount: number): void {
    this.lastComment = '';
    if (!this.pending) return;
    this.pending = false;
    if (entryCount > (this.starts[this.starts.length - 1] ?? 0)) this.starts.push(entryCount);
  }
}

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\f';
}

/** Length of the run of spaces, tabs and form feeds a line starts with. */
function leadingBlanks(s: string): number {
  let i = 0;
  while (i < s.length && isBlank(s[i])) i++;
  return i;
}

function endsWithContinuation(s: string): boolean {
  let k = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === '\\'; i--) k++;
  return k % 2 === 1;
}

function unescape(s: string, i: number): [string, number] {
  const c = s[i + 1];
  switch (c) {
    case 't':
      return ['\t', 2];
    case 'n':
      return ['\n', 2];
    case 'r':
      return ['\r', 2];
    case 'f':
      return ['\f', 2];
    case 'u': {
      const hex = s.slice(i + 2, i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
      return ['u', 2];
    }
    default:
      return [c, 2];
  }
}

const withoutViews = new WeakMap<PropertiesFile, Map<string, PropertiesFile>>();

/**
 * A reading of a file less the keys `later` sets (a file Spring reads after it, which wins): the
 * reading itself when it sets none of them, else one view per set of keys, kept with the reading.
 * Its `own` is the file's own reading, as for `withProfiles`.
 */
export function withoutKeys(file: PropertiesFile, later: ReadonlySet<string>): PropertiesFile {
  if (later.size === 0) return file;
  const gone: string[] = [];
  for (const k of file.byKey.keys()) if (later.has(k)) gone.push(k);
  if (gone.length === 0) return file;
  const key = gone.sort().join('\u0000');
  let views = withoutViews.get(file);
  if (!views) withoutViews.set(file, (views = new Map()));
  let view = views.get(key);
  if (!view) {
    const drop = new Set(gone);
    const byKey = new Map<string, PropertyEntry>();
    for (const [k, e] of file.byKey) if (!drop.has(k)) byKey.set(k, e);
    view = { ...file, entries: file.entries.filter((e) => !drop.has(e.key)), byKey, own: file.own ?? file };
    views.set(key, view);
  }
  return view;
}
