import * as path from 'node:path';
import * as vscode from 'vscode';
import { chooseTopology, settingTarget, settingValueFor } from '../core/topology/choice';
import { SELECT_TOPOLOGY_COMMAND, type WorkspaceModel } from './workspaceModel';

interface TopologyItem extends vscode.QuickPickItem {
  /** The file to use; undefined: clear the setting (the default choice). */
  file: string | undefined;
}

/**
 * Dubbo Topology: Select Topology File… — a quick pick of every dubbo-topology.yaml of the workspace
 * (the one in use marked), saved as `dubboTopology.topologyFile` in the workspace settings; the
 * model re-roots on the change. A test or another command may pass the file (a URI, or a path as
 * the setting takes it) instead of picking; resolves to the topology file in use afterwards.
 */
export function registerSelectTopology(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SELECT_TOPOLOGY_COMMAND, async (given?: vscode.Uri | string): Promise<vscode.Uri | undefined> => {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      if (folders.length === 0) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the topology file lives in a workspace folder.'));
        return undefined;
      }
      let file: string | undefined;
      if (given instanceof vscode.Uri) file = given.fsPath;
      else if (typeof given === 'string') file = settingTarget(given, folders);
      else {
        const picked = await pick(model, folders);
        if (!picked) return undefined;
        file = picked.file;
      }
      const config = vscode.workspace.getConfiguration('dubboTopology');
      await config.update('topologyFile', file === undefined ? undefined : settingValueFor(file, folders), vscode.ConfigurationTarget.Workspace);
      await model.refresh();
      return model.topologyFile;
    }),
  );
}

async function pick(model: WorkspaceModel, folders: string[]): Promise<TopologyItem | undefined> {
  const files = await model.findTopologyFiles();
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There is no dubbo-topology.yaml in this workspace.'));
    return undefined;
  }
  const current = model.topologyFile?.fsPath;
  const setting = vscode.workspace.getConfiguration('dubboTopology').get<string>('topologyFile', '') ?? '';
  const items: (TopologyItem | (vscode.QuickPickItem & { kind: vscode.QuickPickItemKind.Separator }))[] = files.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri),
    description: current !== undefined && path.resolve(uri.fsPath) === path.resolve(current) ? `$(check) ${vscode.l10n.t('in use')}` : undefined,
    file: uri.fsPath,
  }));
  if (setting.trim()) {
    // Back to the default choice: what it would pick with the setting cleared.
    const auto = chooseTopology({ folders, candidates: files.map((u) => u.fsPath), setting: '', settingExists: false }).file;
    items.push(
      { label: '', kind: vscode.QuickPickItemKind.Separator },
      {
        label: vscode.l10n.t('Automatic'),
        description: auto ? vscode.workspace.asRelativePath(vscode.Uri.file(auto)) : undefined,
        detail: vscode.l10n.t('Clear dubboTopology.topologyFile: a workspace folder root first, else the shallowest file.'),
        file: undefined,
      },
    );
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Select Topology File'),
    placeHolder: vscode.l10n.t('The dubbo-topology.yaml the checks, the tree and the diagram use'),
  });
  return chosen && 'file' in chosen ? chosen : undefined;
}
