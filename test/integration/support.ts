import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DubboTopologyApi } from '../../src/vscode/extension';

export const EXTENSION_ID = 'dubbo-topology.dubbo-topology';

/** The running extension's API (activates it if needed). */
export async function api(): Promise<DubboTopologyApi> {
  const ext = vscode.extensions.getExtension<DubboTopologyApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed`);
  return ext.activate();
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Our diagnostics of a file, as `rule@line` (0-based). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dubbo-topology');
}

export function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Runs `fn` with a `dubboTopology.*` setting changed in the workspace, and restores it after. */
export async function withSetting<T>(key: string, value: unknown, fn: () => Promise<T>): Promise<T> {
  const config = vscode.workspace.getConfiguration('dubboTopology');
  await config.update(key, value, vscode.ConfigurationTarget.Workspace);
  try {
    return await fn();
  } finally {
    await config.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

/**
 * Reverts `doc` to its text on disk and waits until it is clean. The command reverts the active
 * editor, so the document is shown first: a cleanup must not revert whatever else is in front.
 */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  if (!doc.isDirty) return;
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await waitFor(`${vscode.workspace.asRelativePath(doc.uri)} reverted`, () => !doc.isDirty);
}

/**
 * Writes `files` (workspace-relative path → text) and the topology as `edit` changes it, refreshes,
 * and waits until `ready` holds of the new topology; resolves to what undoes all of it (the topology
 * as it was, the files deleted) and waits until `ready` no longer holds.
 */
export async function changeTopology(
  edit: (yaml: string) => string,
  files: Record<string, string>,
  ready: (t: NonNullable<DubboTopologyApi['model']['topology']>) => boolean,
): Promise<() => Promise<void>> {
  const { model } = await api();
  const topo = model.uri('dubbo-topology.yaml');
  const original = Buffer.from(await vscode.workspace.fs.readFile(topo)).toString('utf8');
  const yaml = edit(original);
  if (yaml === original) throw new Error('the topology edit changed nothing');
  for (const [path, text] of Object.entries(files)) await vscode.workspace.fs.writeFile(model.uri(path), Buffer.from(text, 'utf8'));
  await vscode.workspace.fs.writeFile(topo, Buffer.from(yaml, 'utf8'));
  await model.refresh();
  await waitFor('the changed topology', () => model.topology !== undefined && ready(model.topology));
  return async () => {
    await vscode.workspace.fs.writeFile(topo, Buffer.from(original, 'utf8'));
    for (const path of Object.keys(files)) await vscode.workspace.fs.delete(model.uri(path));
    await model.refresh();
    await waitFor('the topology as it was', () => model.topology !== undefined && !ready(model.topology));
  };
}

/** Plans open read-only, in documents of the extension's own scheme: nothing to save when they close. */
export function assertPlanDocument(doc: vscode.TextDocument, title: string): void {
  assert.equal(doc.uri.scheme, 'dubbo-topology', `${doc.uri.toString()} is a document of the extension`);
  assert.equal(doc.isUntitled, false);
  assert.equal(doc.isDirty, false, 'nothing to save');
  assert.equal(doc.languageId, 'markdown');
  assert.equal(doc.uri.path.slice(doc.uri.path.lastIndexOf('/') + 1), `${title}.md`, 'the tab is named by the plan');
}
