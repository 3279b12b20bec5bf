import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import { api, EXTENSION_ID, ours, ruleOf, waitFor } from '../support';

// This session's extension is the .vsix made by scripts/package.mjs, installed with
// `--install-extension` as a user installs it: whatever the package lacks fails here, not on a
// user's machine.

// This file is out/test/integration/installed/package.test.js of the work tree.
const workTree = resolve(__dirname, '..', '..', '..', '..');

function installed(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext;
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => !f.split(sep).includes('node_modules'));
}

/** Every string of the manifest that names a file of the extension (`./…`). */
function referencedFiles(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('./')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) referencedFiles(v, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) referencedFiles(v, out);
  }
  return out;
}

suite('The packaged extension, installed from its .vsix', () => {
  test('is the installed copy, of the work tree’s version, with bundles and no sources', () => {
    const ext = installed();
    assert.notEqual(realpathSync(ext.extensionPath), realpathSync(workTree));
    const manifest = JSON.parse(readFileSync(join(ext.extensionPath, 'package.json'), 'utf8')) as { version: string };
    const ours = JSON.parse(readFileSync(join(workTree, 'package.json'), 'utf8')) as { version: string };
    assert.equal(manifest.version, ours.version);
    const files = filesUnder(ext.extensionPath);
    const unwanted = files.filter((f) => /\.(ts|map)$/.test(f) || /^(src|test|bench|scripts|examples|out|webview)(\/|$)/.test(f.split(sep).join('/')));
    assert.deepEqual(unwanted, [], 'sources, tests and source maps stay out of the package');
    for (const bundle of ['extension.js', 'lintWorker.js', 'ssh2.js', 'webview.js', 'cli.js', 'cliMain.js']) {
      assert.ok(files.includes(join('dist', bundle)), `dist/${bundle} is in the package`);
    }
  });

  test('every file the manifest names is in the package, and the files the extension loads at run time', () => {
    const ext = installed();
    const manifest = ext.packageJSON as Record<string, unknown>;
    const named = [...referencedFiles(manifest), `./${String(manifest.icon)}`];
    assert.ok(named.length >= 5, `the manifest names files: ${named.join(', ')}`);
    const runtime = ['./media/diagram.css', './l10n/bundle.l10n.zh-cn.json', './package.nls.json', './package.nls.zh-cn.json'];
    const missing = [...named, ...runtime].filter((f) => !existsSync(join(ext.extensionPath, f)));
    assert.deepEqual(missing, []);
    assert.ok(relative(ext.extensionPath, join(ext.extensionPath, String(manifest.main))).startsWith('dist'));
  });

  test('activates and lints the example: diagnostics, the tree', async () => {
    const { model, tree } = await api();
    assert.ok(installed().isActive);
    await waitFor('the topology to load', () => model.topology);
    assert.deepEqual(
      tree.getChildren().slice(0, 2).map((n) => String(tree.getTreeItem(n).label)),
      ['华东1', '华东2'],
    );
    const uri = model.uri('nginx/nginx.conf');
    await vscode.workspace.openTextDocument(uri);
    const d = await waitFor('ip-invalid in nginx.conf', () => ours(uri).find((x) => ruleOf(x) === 'ip-invalid'));
    assert.match(d.message, /139\.159\.257\.207/);
    const registry = model.uri('api/src/main/resources/applicationContext.xml');
    await waitFor('dubbo-registry-unreachable in the api consumer', () => ours(registry).some((x) => ruleOf(x) === 'dubbo-registry-unreachable'));
  });

  test('opens the diagram', async () => {
    const isDiagram = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dubboTopology.diagram');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isDiagram);
    await vscode.commands.executeCommand('dubboTopology.openDiagram');
    try {
      await waitFor('the diagram tab', () => tabs()[0]);
    } finally {
      for (const t of tabs()) await vscode.window.tabGroups.close(t);
    }
  });

  test('its SSH bundle loads on its own', () => {
    // The extension loads dist/ssh2.js on its first SSH connection; the package must carry all it needs.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ssh2 = require(join(installed().extensionPath, 'dist', 'ssh2.js')) as { Client?: unknown };
    assert.equal(typeof ssh2.Client, 'function');
  });
});
