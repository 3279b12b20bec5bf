/**
 * Where Spring finds a resource location in the workspace, as far as the workspace can tell:
 * `classpath:` and `classpath*:` against the resources folder of the file naming it (the nearest
 * folder named `resources` above it, as Maven and Gradle lay out `src/main/resources`; else the
 * file's own folder), `file:` as a path (an absolute one below the workspace root, a relative one
 * from the root), and a plain location relative to the file naming it (a leading `/` as well). Used
 * for Spring XML's `<import resource>` and Spring Boot's `spring.config.import`. A `classpath:` file
 * its own module lacks is looked for in the other modules' resources folders too (`elsewhereOnClasspath`).
 */

import { nearest } from './ip';
import { TextCache } from './text';

const mentions = new TextCache<boolean>(16384);

/**
 * Whether a file's text may import another (it names `import`: the usual file does not), remembered
 * per file while its text is the same, so that each run of the editor need not scan every config again.
 */
export function mayImport(file: string, text: string): boolean {
  return mentions.get(file, text, () => text.includes('import'));
}

/** `a/b/../c/./d` → `a/c/d`; undefined when it climbs above the workspace root. */
function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

/** The folder of a workspace path, with a trailing `/` (empty for the root). */
function folderOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/') + 1);
}

/** The classpath root of a file: the nearest folder named `resources` above it, else its own folder. */
function resourcesRoot(file: string): string {
  const folder = folderOf(file);
  const i = `/${folder}`.lastIndexOf('/resources/');
  return i < 0 ? folder : folder.slice(0, i + 'resources/'.length);
}

/** The workspace path a location names (a pattern when it has wildcards), or undefined when not followed. */
export function importPath(importer: string, location: string, root: string): string | undefined {
  const loc = location.trim();
  if (loc === '' || loc.includes('${')) return undefined;
  let base: string;
  let rest: string;
  const cp = /^classpath\*?:/.exec(loc);
  if (cp) {
    base = resourcesRoot(importer);
    rest = loc.slice(cp[0].length);
  } else if (loc.startsWith('file:')) {
    rest = loc.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    if (rest.startsWith('/')) {
      const top = `${root.replace(/\/+$/, '')}/`;
      if (!rest.startsWith(top)) return undefined;
      rest = rest.slice(top.length);
    }
    base = '';
  } else if (/^[a-z][a-z0-9+.-]+:/i.test(loc)) {
    // Another URL (http:, jar:): nothing of the workspace.
    return undefined;
  } else {
    base = folderOf(importer);
    rest = loc;
  }
  return normalize(base + rest.replace(/^\/+/, ''));
}

/** Whether a location is read from the classpath (`classpath:` or `classpath*:`). */
export function isClasspath(location: string): boolean {
  return /^\s*classpath\*?:/.test(location);
}

const rootsOf = new WeakMap<readonly string[], { roots: string[]; have: Set<string> }>();

/**
 * The classpath roots of a workspace file list — each module's resources folder (the innermost folder
 * named `resources` above a file, as `src/main/resources`) — and the list as a set; made once per list.
 */
function classpathRoots(files: readonly string[]): { roots: string[]; have: Set<string> } {
  let r = rootsOf.get(files);
  if (!r) {
    const roots = new Set<string>();
    for (const f of files) {
      const i = `/${f}`.lastIndexOf('/resources/');
      if (i >= 0) roots.add(f.slice(0, i + 'resources/'.length));
    }
    r = { roots: [...roots].sort(), have: new Set(files) };
    rootsOf.set(files, r);
  }
  return r;
}

/**
 * For a classpath location whose file is not in its own module (`path`, as importPath reads it for
 * `importer`): the same file below another module's resources folder, if the workspace holds one.
 * Spring finds it there when the importing module depends on that one (its jar on the classpath),
 * which the workspace does not say; such a location is not reported as missing.
 */
export function elsewhereOnClasspath(path: string, importer: string, files: readonly string[]): string | undefined {
  const own = resourcesRoot(importer);
  if (!path.startsWith(own)) return undefined;
  const rest = path.slice(own.length);
  const { roots, have } = classpathRoots(files);
  for (const r of roots) if (r !== own && have.has(r + rest)) return r + rest;
  return undefined;
}

/**
 * For an imported path that is not there: its file name, and the nearest name (one or two edits away)
 * among the files of the folder it points into, if any — the slip a quick fix can mend.
 */
export function nearestSibling(path: string, files: () => readonly string[]): { name: string; guess: string | undefined } | undefined {
  const slash = path.lastIndexOf('/');
  const folder = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  if (name === '') return undefined;
  const names = files().filter((x) => x.startsWith(folder) && !x.includes('/', folder.length)).map((x) => x.slice(folder.length));
  return { name, guess: nearest(name, names) };
}
