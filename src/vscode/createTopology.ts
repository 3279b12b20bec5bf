import * as vscode from 'vscode';
import { TOPOLOGY_FILE } from '../core/topology/parse';
import { starterTopology } from '../core/topology/starter';
import type { WorkspaceModel } from './workspaceModel';

/** Dubbo Topology: Create Topology File — writes a commented starter into the workspace folder. */
export function registerCreateTopology(context: vscode.ExtensionContext, model: WorkspaceModel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('dubboTopology.createTopology', async (folder?: vscode.Uri) => {
      const folders = vscode.workspace.workspaceFolders ?? [];
      let target = folder ?? folders[0]?.uri;
      if (!folder && folders.length > 1) {
        const pick = await vscode.window.showWorkspaceFolderPick({ placeHolder: vscode.l10n.t('Folder for {0}', TOPOLOGY_FILE) });
        if (!pick) return;
        target = pick.uri;
      }
      if (!target) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the topology file lives in a workspace folder.'));
        return;
      }
      const uri = vscode.Uri.joinPath(target, TOPOLOGY_FILE);
      try {
        await vscode.workspace.fs.stat(uri);
        void vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists; opening it.', TOPOLOGY_FILE));
      } catch {
        const zh = vscode.env.language.toLowerCase().startsWith('zh');
        await vscode.workspace.fs.writeFile(uri, Buffer.from(starterTopology(zh ? 'zh-cn' : 'en'), 'utf8'));
      }
      await vscode.window.showTextDocument(uri);
      await model.refresh();
    }),
  );
}
