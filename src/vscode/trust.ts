import * as vscode from 'vscode';

/**
 * Whether the workspace is trusted; in Restricted Mode, says why the command does not run
 * (`message`), offering to manage trust. For every command that runs anything on a host.
 */
export function trustedOrExplain(message: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(message, manage).then((pick) => (pick === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}
