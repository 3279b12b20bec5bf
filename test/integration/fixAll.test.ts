import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { api, ours, ruleOf, waitFor, workspaceUri } from './support';

// nginx.conf of the example has two safe fixes that stay in the file (the invalid octet, the connect
// timeout) and one that is not safe (marking 华东2's servers as backup).
suite('Fix all safe problems', () => {
  const actionsAt = (uri: vscode.Uri, range: vscode.Range, kind?: string) =>
    vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind);
  const editsOf = (a: vscode.CodeAction) =>
    a.edit!.entries().flatMap(([uri, list]) => list.map((e) => `${vscode.workspace.asRelativePath(uri, false)}:${e.range.start.line + 1} ${e.newText}`));

  test('source.fixAll.dubboTopology applies the safe fixes of the file, and only those', async () => {
    const uri = workspaceUri('nginx', 'nginx.conf');
    const doc = await vscode.workspace.openTextDocument(uri);
    const { model } = await api();
    await waitFor('nginx.conf analyzed', () => model.isAnalyzed('nginx/nginx.conf') && ours(uri).length >= 3);
    const actions = await actionsAt(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.dubboTopology');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind?.value]),
      [['Fix all safe Dubbo Topology problems in this file', 'source.fixAll.dubboTopology']],
    );
    assert.deepEqual(editsOf(actions[0]).sort(), ['nginx/nginx.conf:13 139.159.250.207', 'nginx/nginx.conf:31 75s']);
    // Offered among the quick fixes of a problem, too.
    const invalid = ours(uri).find((d) => ruleOf(d) === 'ip-invalid')!;
    const quick = await actionsAt(uri, invalid.range);
    assert.ok(quick.some((a) => a.title === 'Fix all safe Dubbo Topology problems in this file'), quick.map((a) => a.title).join('; '));
    // A file with no safe fix of its own offers none.
    const exportsUri = workspaceUri('dubbo-topology.yaml');
    await vscode.workspace.openTextDocument(exportsUri);
    assert.deepEqual(await actionsAt(exportsUri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.dubboTopology'), []);
    assert.equal(doc.isDirty, false, 'nothing was applied');
  });
});

suite('Fix All Safe Problems in the Workspace', () => {
  /** Every file of the workspace folder, relative path → text. */
  function snapshot(dir: string, rel = ''): Map<string, string> {
    const out = new Map<string, string>();
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) for (const [k, v] of snapshot(dir, r)) out.set(k, v);
      else if (e.isFile()) out.set(r, readFileSync(join(dir, r), 'utf8'));
    }
    return out;
  }

  test('applies what lint --fix does, across files, as one edit', async () => {
    const { model } = await api();
    await waitFor('the topology to load', () => model.topology);
    const root = model.root!.fsPath;
    const before = snapshot(root);
    // The reference: the CLI's --fix on a copy of the same files.
    const copy = mkdtempSync(join(tmpdir(), 'dt-fixall-'));
    for (const [f, text] of before) {
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      writeFileSync(join(copy, f), text);
    }
    const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
    spawnSync(process.execPath, [cli, 'lint', copy, '--fix', '--format', 'json'], { encoding: 'utf8' });
    const expected = snapshot(copy);
    try {
      const result = await vscode.commands.executeCommand<{ files: number; edits: number; applied: boolean; message?: string; question?: string }>('dubboTopology.fixAllWorkspace', { preview: false });
      assert.ok(result?.applied, JSON.stringify(result));
      // What the notification says once the fixes are in.
      assert.ok(result.edits > 1 && result.files > 1, JSON.stringify(result));
      assert.equal(result.message, `Applied ${result.edits} safe fixes in ${result.files} files.`);
      // And what the confirmation asks before: no "fix(es)".
      assert.equal(result.question, `Apply ${result.edits} safe fixes in ${result.files} files?`);
      for (const d of vscode.workspace.textDocuments) if (d.isDirty) await d.save();
      const after = snapshot(root);
      const changed = [...after].filter(([f, t]) => before.get(f) !== t).map(([f]) => f).sort();
      assert.ok(changed.includes('nginx/nginx.conf') && changed.includes('dubbo-topology.yaml'), changed.join(', '));
      assert.equal(result.files, changed.length);
      for (const [f, t] of after) assert.equal(t, expected.get(f), `${f} differs from what lint --fix wrote`);
    } finally {
      // Back as it was, through the editor (open documents included), for the suites that follow.
      const undo = new vscode.WorkspaceEdit();
      for (const [f, t] of snapshot(root)) {
        if (before.has(f) && before.get(f) !== t) undo.replace(vscode.Uri.file(join(root, f)), new vscode.Range(0, 0, 1e6, 0), before.get(f)!);
      }
      await vscode.workspace.applyEdit(undo);
      for (const d of vscode.workspace.textDocuments) if (d.isDirty) await d.save();
      await vscode.commands.executeCommand('dubboTopology.refresh');
      const diff = [...snapshot(root)].filter(([f, t]) => before.get(f) !== t).map(([f]) => f);
      assert.deepEqual(diff, [], 'the workspace is restored');
    }
  });
});
