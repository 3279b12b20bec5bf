// Entry point that VS Code loads as `extensionTestsPath`: runs every compiled integration suite
// (out/test/integration/**/*.test.js) with mocha's TDD interface (suite/test/suiteSetup) inside
// the extension host.
//
// Each editor session runs the suites of one folder: `restricted/` when the workspace is not trusted
// (Restricted Mode), `zh-cn/` when VS Code's display language is Chinese (Simplified), `installed/`
// when the extension under test is the packaged .vsix installed in the editor rather than this work
// tree; the suites outside those folders run in a trusted workspace, in English, on the work tree.
// The harness (test/editor.test.mjs) opens all four.
//
// Every result is written as one line `@@editor-test {json}` through console.log; the workbench
// forwards extension-host console output to the page, where the harness reads it back and
// reports each test to `node --test`.
import * as path from 'node:path';
import * as fs from 'node:fs';
import { inspect } from 'node:util';
import * as vscode from 'vscode';
import type MochaTypes from 'mocha';
import { EXTENSION_ID } from './support';

// mocha 12 is published as an ES module; its CommonJS build loads synchronously in the extension host.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaTypes;

export const RESULT_PREFIX = '@@editor-test ';

export interface EditorTestEvent {
  type: 'start' | 'pass' | 'fail' | 'pending' | 'end';
  title?: string;
  fullTitle?: string;
  file?: string;
  durationMs?: number;
  error?: { name?: string; message: string; stack?: string; expected?: string; actual?: string };
  trusted?: boolean;
  total?: number;
  passes?: number;
  failures?: number;
  pending?: number;
}

function emit(event: EditorTestEvent): void {
  console.log(RESULT_PREFIX + JSON.stringify(event));
}

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

function describeError(err: unknown): EditorTestEvent['error'] {
  if (err instanceof Error) {
    const e = err as Error & { expected?: unknown; actual?: unknown; generatedMessage?: boolean };
    const out: EditorTestEvent['error'] = { name: e.name, message: e.message, stack: e.stack };
    // A generated assertion message already shows both values; a custom one does not.
    if (e.generatedMessage === false && ('expected' in e || 'actual' in e)) {
      out.expected = inspect(e.expected, { depth: 4 });
      out.actual = inspect(e.actual, { depth: 4 });
    }
    return out;
  }
  return { message: String(err) };
}

const SESSION_FOLDERS = ['restricted', 'zh-cn', 'installed'];

/** The folder of the suites this editor session runs ('' for the default session). */
function sessionFolder(): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  // This file is out/test/integration/index.js of the work tree.
  const workTree = path.resolve(__dirname, '..', '..', '..');
  if (ext && fs.realpathSync(ext.extensionPath) !== fs.realpathSync(workTree)) return 'installed';
  if (vscode.env.language.toLowerCase() === 'zh-cn') return 'zh-cn';
  return vscode.workspace.isTrusted ? '' : 'restricted';
}

function folderOf(root: string, file: string): string {
  const first = path.relative(root, file).split(path.sep)[0];
  return SESSION_FOLDERS.includes(first) ? first : '';
}

export function run(): Promise<void> {
  const trusted = vscode.workspace.isTrusted;
  const root = __dirname;
  const session = sessionFolder();
  const files = findTests(root).filter((f) => folderOf(root, f) === session);

  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const f of files) mocha.addFile(f);

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        emit({
          type: 'end',
          trusted,
          passes: runner.stats?.passes ?? 0,
          failures,
          pending: runner.stats?.pending ?? 0,
        });
        if (failures > 0) reject(new Error(`${failures} editor test(s) failed`));
        else resolve();
      });
      emit({ type: 'start', trusted, total: runner.total });
      const base = (t: MochaTypes.Runnable) => ({
        title: t.title,
        fullTitle: t.fullTitle(),
        file: t.file ? path.relative(root, t.file) : undefined,
        trusted,
      });
      runner.on('pass', (t) => emit({ type: 'pass', ...base(t), durationMs: t.duration }));
      runner.on('fail', (t, err) => emit({ type: 'fail', ...base(t), durationMs: t.duration, error: describeError(err) }));
      runner.on('pending', (t) => emit({ type: 'pending', ...base(t) }));
    } catch (err) {
      emit({ type: 'fail', title: 'load integration suites', fullTitle: 'load integration suites', trusted, error: describeError(err) });
      reject(err);
    }
  });
}
