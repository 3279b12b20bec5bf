import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { defaultAnalyzers } from '../../../src/core/analyzers';
import { createContext, lintWorkspace, type LintResult } from '../../../src/core/engine';
import { nginxAnalyzer } from '../../../src/core/nginx/analyzer';
import { NodeWorkspace } from '../../../src/core/nodeWorkspace';
import type { Diagnostic } from '../../../src/core/types';
import { api, EXTENSION_ID, ours, ruleOf, waitFor } from '../support';

// This session's VS Code runs with the display language 中文(简体) (see scripts/codeServer.mjs): what
// the extension shows must be what its Chinese catalogs say — the rules' messages as the CLI prints
// them with `--locale zh-cn`, the editor's own texts from l10n/bundle.l10n.zh-cn.json, the
// contributions' titles from package.nls.zh-cn.json.

function extensionFile(...parts: string[]): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return join(ext.extensionPath, ...parts);
}

const json = (file: string): Record<string, string> => JSON.parse(readFileSync(extensionFile(file), 'utf8')) as Record<string, string>;

/** The Chinese text of one of the editor's own strings, `{0}`… filled in. */
function bundle(key: string, ...args: string[]): string {
  const text = json('l10n/bundle.l10n.zh-cn.json')[key];
  assert.ok(text, `l10n/bundle.l10n.zh-cn.json translates "${key}"`);
  return text.replace(/\{(\d+)\}/g, (_, i: string) => args[Number(i)]);
}

const CJK = /[\u4e00-\u9fff]/;

function folder(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  if (!f) throw new Error('no workspace folder');
  return f.uri.fsPath;
}

function lintAs(locale: string): LintResult {
  const r = lintWorkspace(new NodeWorkspace(folder()), { locale, analyzers: defaultAnalyzers });
  if (!r) throw new Error('no dubbo-topology.yaml in the workspace');
  return r;
}

const key = (file: string, line: number, character: number, rule: string) => `${file}:${line}:${character}:${rule}`;

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

suite('The editor in Chinese (Simplified)', () => {
  test('VS Code runs in zh-cn', () => {
    assert.equal(vscode.env.language, 'zh-cn');
  });

  test("every diagnostic of the example reads as the CLI's --locale zh-cn report, related locations too", async () => {
    const { model } = await api();
    const expected = lintAs('zh-cn').diagnostics;
    const english = new Map(lintAs('en').diagnostics.map((d) => [key(d.file, d.range.start.line, d.range.start.character, d.rule), d.message]));
    assert.ok(expected.length >= 10, `the example has findings (${expected.length})`);
    const byFile = new Map<string, Diagnostic[]>();
    for (const d of expected) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
    for (const [file, want] of byFile) {
      const uri = model.uri(file);
      const got = await waitFor(`${want.length} diagnostics in ${file}`, () => {
        const ds = ours(uri);
        return ds.length === want.length ? ds : undefined;
      });
      const shown = new Map(got.map((d) => [key(file, d.range.start.line, d.range.start.character, ruleOf(d)), d]));
      for (const w of want) {
        const k = key(file, w.range.start.line, w.range.start.character, w.rule);
        const d = shown.get(k);
        assert.ok(d, `${k} is shown`);
        assert.equal(d.message, w.message, k);
        assert.notEqual(d.message, english.get(k), `${k} is not the English message`);
        assert.match(d.message, CJK, k);
        // The rule's link opens its Chinese page.
        assert.ok(typeof d.code === 'object' && String(d.code.target).endsWith(`/docs/rules/zh-cn/${w.rule}.md`), `${k}: ${JSON.stringify(d.code)}`);
        assert.deepEqual(
          (d.relatedInformation ?? []).map((r) => r.message),
          (w.related ?? []).map((r) => r.message),
          `${k}: related locations`,
        );
      }
    }
  });

  test('quick fixes carry the Chinese titles of the fixes and of the editor’s own actions', async () => {
    const { model } = await api();
    const file = 'nginx/nginx.conf';
    const want = lintAs('zh-cn').diagnostics.find((d) => d.file === file && d.rule === 'ip-invalid');
    assert.ok(want && want.fixes.length > 0, 'ip-invalid with a fix in nginx.conf');
    const uri = model.uri(file);
    await vscode.workspace.openTextDocument(uri);
    const d = await waitFor('ip-invalid in nginx.conf', () => ours(uri).find((x) => ruleOf(x) === 'ip-invalid'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
    const titles = actions.map((a) => a.title);
    for (const fix of want.fixes) assert.ok(titles.includes(fix.title), `"${fix.title}" among ${titles.join(' | ')}`);
    assert.ok(titles.includes(bundle('Disable {0} for this line', 'ip-invalid')), titles.join(' | '));
  });

  test('hovers are written in Chinese', async () => {
    const { model } = await api();
    const file = 'nginx/nginx.conf';
    const uri = model.uri(file);
    const doc = await vscode.workspace.openTextDocument(uri);
    const line = doc.getText().split('\n').findIndex((l) => l.includes('139.159.257.207'));
    const position = new vscode.Position(line, doc.lineAt(line).text.indexOf('139.159.257.207') + 2);
    await waitFor('ip-invalid in nginx.conf', () => ours(uri).some((x) => ruleOf(x) === 'ip-invalid'));
    const shown = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position));
    const r = lintAs('zh-cn');
    const ctx = createContext(new NodeWorkspace(folder()), r.topology);
    const hoverIn = (locale: 'zh-cn' | 'en') => nginxAnalyzer.hover?.(file, doc.getText(), { line: position.line, character: position.character }, ctx, locale)?.markdown;
    const zh = hoverIn('zh-cn');
    assert.ok(zh && CJK.test(zh), `a Chinese hover from the core: ${zh}`);
    assert.notEqual(zh, hoverIn('en'));
    assert.ok(shown.includes(zh), `the editor shows the core's Chinese hover:\n${shown}`);
  });

  test('the tree view and the contributed titles are in Chinese', async () => {
    const { tree, model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const labels = tree.getChildren().map((n) => String(tree.getTreeItem(n).label));
    assert.ok(labels.includes(bundle('NFS shares')), labels.join(', '));
    // VS Code puts the translated title in the manifest it hands to extensions, with the original beside it.
    const zh = json('package.nls.zh-cn.json');
    const en = json('package.nls.json');
    type Title = string | { value: string; original: string };
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { commands: { command: string; title: Title }[] } };
    const commands = manifest.contributes.commands;
    assert.ok(commands.length >= 20);
    for (const c of commands) {
      const id = `command.${c.command.replace(/^dubboTopology\./, '')}`;
      assert.deepEqual(c.title, { value: zh[id], original: en[id] }, `${c.command}'s title`);
    }
  });

  test('the diagram opens under its Chinese title', async () => {
    const isDiagram = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('dubboTopology.diagram');
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter(isDiagram);
    await vscode.commands.executeCommand('dubboTopology.openDiagram');
    try {
      const tab = await waitFor('the diagram tab', () => tabs()[0]);
      assert.equal(tab.label, bundle('Topology Diagram'));
    } finally {
      for (const t of tabs()) await vscode.window.tabGroups.close(t);
    }
  });
});
