import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Workspace } from './analyzer';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', '.dubbo-topology']);

/**
 * A workspace on disk. `overlay` supplies unsaved editor contents by relative path; a file
 * larger than `maxFileBytes` or unreadable reads as undefined.
 */
export class NodeWorkspace implements Workspace {
  private fileList: string[] | undefined;
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    readonly root: string,
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
    private readonly maxFileBytes = 8 * 1024 * 1024,
  ) {}

  read(file: string): string | undefined {
    const o = this.overlay.get(file);
    if (o !== undefined) return o;
    if (this.cache.has(file)) return this.cache.get(file);
    let text: string | undefined;
    try {
      const p = join(this.root, file);
      const st = statSync(p);
      if (st.isFile() && st.size <= this.maxFileBytes) {
        text = readFileSync(p, 'utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
    } catch {
      text = undefined;
    }
    this.cache.set(file, text);
    return text;
  }

  files(): string[] {
    if (!this.fileList) {
      const out: string[] = [];
      const walk = (dir: string, depth: number) => {
        if (depth > 32) return;
        let names: string[];
        try {
          names = readdirSync(dir);
        } catch {
          return;
        }
        for (const name of names) {
          const p = join(dir, name);
          let st;
          try {
            st = statSync(p);
          } catch {
            continue;
          }
          if (st.isDirectory()) {
            if (!SKIP_DIRS.has(name)) walk(p, depth + 1);
          } else if (st.isFile()) out.push(relative(this.root, p).split(sep).join('/'));
        }
      };
      walk(this.root, 0);
      this.fileList = out.sort();
    }
    return this.fileList;
  }
}
