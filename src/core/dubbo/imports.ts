import type { AnalyzerContext, Workspace } from '../analyzer';
import type { Service, Topology } from '../topology/model';
import { changedSince, type Stamp, stampOf } from '../changes';
import { parseCached } from './model';
import { elsewhereOnClasspath, importPath, isClasspath, mayImport } from '../springResources';
import { attr, type XmlAttribute, type XmlDocument, type XmlElement } from './xml';

/**
 * Spring's `<import resource="…"/>`: the bean definitions of another XML file read as part of the
 * importing one (`DefaultBeanDefinitionDocumentReader`). A service's configuration is thus its listed
 * XML and every file these import, at any depth: the imported files are judged from the service's
 * hosts, with placeholders resolved as for the service.
 *
 * Locations are found in the workspace as Spring finds them at run time, as far as the workspace can
 * tell: `classpath:` and `classpath*:` against the importing file's resources folder (the nearest
 * folder named `resources` above it, as Maven and Gradle lay out `src/main/resources`; else the
 * importing file's folder; a `classpath:` file the importing module lacks is read from another
 * module's resources folder that holds it), `file:` as a path (an absolute one below the workspace
 * root, a relative one from the root), and a plain location relative to the importing file (a leading
 * `/` as well, as Spring reads it). Ant-style patterns (`*`, `**`, `?`) match workspace files. A
 * location holding a `${placeholder}` (Spring resolves it when the service starts) or another URL is
 * not followed.
 */

export const SPRING_BEANS_NS = 'http://www.springframework.org/schema/beans';

/** One `<import resource>` and the workspace files it names. */
export interface SpringImport {
  el: XmlElement;
  a: XmlAttribute;
  /** The workspace path (or pattern) Spring would read, when the location is one followed here. */
  path?: string;
  /**
   * The workspace files it names (none: no such file in the workspace). For a `classpath:` file its
   * own module lacks, the same file below another module's resources folder (`elsewhereOnClasspath`).
   */
  files: string[];
}

/** Whether an element is Spring's `<import>` (in the beans namespace, or in none: a DTD-based file). */
function isImport(el: XmlElement): boolean {
  return el.local === 'import' && (el.ns === SPRING_BEANS_NS || !el.ns);
}

/** An Ant-style pattern (`**` any folders, `*` within a name, `?` one character) as a regular expression. */
function antPattern(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      const slash = pattern[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** The `<import>` elements of a Spring XML document and the workspace files each names. */
export function springImports(ws: Workspace, file: string, doc: XmlDocument): SpringImport[] {
  const out: SpringImport[] = [];
  const limit = doc.error ? doc.error.offset : Infinity;
  for (const el of doc.elements) {
    if (!isImport(el) || el.tagEnd > limit) continue;
    const a = attr(el, 'resource');
    if (!a) continue;
    const path = importPath(file, a.value, ws.root);
    let files: string[] = [];
    if (path !== undefined && path !== '') {
      if (/[*?]/.test(path)) {
        const re = antPattern(path);
        files = ws.files().filter((f) => re.test(f));
      } else if (ws.read(path) !== undefined) files = [path];
      else if (isClasspath(a.value)) {
        // Its own module lacks it: the one another module holds, which Spring reads when the
        // importing module depends on that one.
        const other = elsewhereOnClasspath(path, file, ws.files());
        if (other !== undefined) files = [other];
      }
    }
    out.push({ el, a, path, files });
  }
  return out;
}

/** An `<import resource>` naming one file (no pattern) that the workspace does not hold. */
export interface MissingImport extends SpringImport {
  path: string;
}

/**
 * The imports of a Spring XML document that Spring would fail on at start-up as far as the workspace
 * can tell: a location followed here naming one file (no pattern) that is not in the workspace.
 * `classpath*:` is left out (Spring takes no match as none), as are locations not followed and a
 * `classpath:` file another module's resources folder holds (`elsewhereOnClasspath`).
 */
export function missingImports(ws: Workspace, file: string, doc: XmlDocument): MissingImport[] {
  return missingOf(springImports(ws, file, doc));
}

function missingOf(imports: SpringImport[]): MissingImport[] {
  return imports.filter(
    (i): i is MissingImport =>
      i.path !== undefined &&
      i.path !== '' &&
      i.files.length === 0 &&
      !/[*?]/.test(i.path) &&
      !/^\s*classpath\*:/.test(i.a.value),
  );
}

/** A `classpath:` import of one file (no pattern) that its own module lacks: it was looked for in the other modules. */
function lookedElsewhere(i: SpringImport): boolean {
  return i.path !== undefined && i.path !== '' && !/[*?]/.test(i.path) && isClasspath(i.a.value) && i.files[0] !== i.path;
}

/** What the findings of a file depend on through imports that are not there (see missingImportLookups). */
export interface ImportLookups {
  /** The workspace paths of its missing imports: its findings change when one appears. */
  paths: string[];
  /**
   * Whether it has a `classpath:` import its own module lacks, looked for in the other modules: its
   * findings change when files are created or deleted anywhere.
   */
  elsewhere: boolean;
}

/** The lookups of a file that imports nothing missing, shared: not to be changed. */
export const NO_LOOKUPS: ImportLookups = Object.freeze({ paths: [], elsewhere: false }) as ImportLookups;

/** The lookups of a Spring XML file's `<import resource>`s (see missingImports). */
export function missingImportLookups(ctx: AnalyzerContext, file: string): ImportLookups {
  const text = ctx.ws.read(file);
  if (text === undefined || !file.endsWith('.xml') || !mayImport(file, text)) return NO_LOOKUPS;
  const imports = springImports(ctx.ws, file, parseCached(file, text));
  return {
    paths: missingOf(imports).map((i) => i.path),
    elsewhere: imports.some(lookedElsewhere),
  };
}

/** The answer for a file or service that imports nothing, shared: not to be changed. */
const NONE: string[] = [];

/** Per analysis: the answers so far, and the workspace's stamp when it began to ask. */
interface Memo {
  byFile: Map<string, string[]>;
  byService: Map<Service, string[]>;
  stamp: Stamp | undefined;
}

const perContext = new WeakMap<AnalyzerContext, Memo>();

function memo(ctx: AnalyzerContext): Memo {
  let m = perContext.get(ctx);
  if (!m) perContext.set(ctx, (m = { byFile: new Map(), byService: new Map(), stamp: stampOf(ctx.ws) }));
  return m;
}

/** The files an XML file imports directly, in document order (once per analysis). */
export function importsOf(ctx: AnalyzerContext, file: string): string[] {
  const m = memo(ctx).byFile;
  let out = m.get(file);
  if (out) return out;
  const text = ctx.ws.read(file);
  // Parsed only when it may hold one (the usual file holds none).
  if (text === undefined || !mayImport(file, text)) {
    m.set(file, NONE);
    return NONE;
  }
  out = [];
  const seen = new Set<string>();
  for (const i of springImports(ctx.ws, file, parseCached(file, text))) {
    for (const f of i.files) {
      if (seen.has(f)) continue;
      seen.add(f);
      out.push(f);
    }
  }
  m.set(file, out);
  return out;
}

/**
 * The XML files a service's listed XML configs import, at any depth, in the order Spring meets them,
 * without the listed ones; an import cycle ends where it comes back (once per analysis).
 */
export function serviceImports(ctx: AnalyzerContext, s: Service): string[] {
  const { byService: m, stamp } = memo(ctx);
  let out = m.get(s);
  if (out) return out;
  // Asked of every service on every run: the answer of an earlier run is kept while the workspace
  // says none of the files it was read from changed.
  let kept = keptImports.get(ctx.topology);
  if (!kept) keptImports.set(ctx.topology, (kept = new Map()));
  const last = kept.get(s);
  if (last && stamp) {
    const changed = changedSince(ctx.ws, last.stamp);
    if (changed && !last.read.some((f) => changed.has(f))) {
      last.stamp = stamp;
      m.set(s, last.files);
      return last.files;
    }
  }
  out = importedBy(ctx, s);
  m.set(s, out);
  if (stamp) kept.set(s, { stamp, files: out, read: out.length === 0 ? listedXml(s) : [...listedXml(s), ...out] });
  else kept.delete(s);
  return out;
}

/** The answers of `serviceImports` across runs, with the workspace stamp they were last good at and the files they read. */
const keptImports = new WeakMap<Topology, Map<Service, { stamp: Stamp; files: string[]; read: string[] }>>();

function listedXml(s: Service): string[] {
  return s.config.map((c) => c.value).filter((f) => f.toLowerCase().endsWith('.xml'));
}

/** `serviceImports`, read from the texts. */
function importedBy(ctx: AnalyzerContext, s: Service): string[] {
  // The usual service imports nothing: answered without a list.
  if (!s.config.some((c) => c.value.toLowerCase().endsWith('.xml') && importsOf(ctx, c.value).length > 0)) return NONE;
  const out: string[] = [];
  const listed = listedXml(s);
  const seen = new Set(listed);
  const visit = (file: string) => {
    for (const f of importsOf(ctx, file)) {
      if (seen.has(f) || !f.toLowerCase().endsWith('.xml')) continue;
      seen.add(f);
      out.push(f);
      visit(f);
    }
  };
  for (const f of listed) visit(f);
  return out;
}
