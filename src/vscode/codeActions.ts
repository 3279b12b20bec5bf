import * as vscode from 'vscode';
import { toWorkspaceEdit } from './convert';
import type { DiagnosticsPublisher } from './diagnostics';
import type { WorkspaceModel } from './workspaceModel';

/** Quick fixes for our diagnostics (each fix's edits, possibly across files) and per-line suppression. */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly model: WorkspaceModel,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const vd of context.diagnostics) {
      if (vd.source !== 'dubbo-topology') continue;
      const d = this.publisher.lookup(doc.uri, vd);
      if (!d) continue;
      d.fixes.forEach((fix, i) => {
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [vd];
        a.edit = toWorkspaceEdit(fix.edits, (f) => this.model.uri(f));
        a.isPreferred = i === 0 && fix.safe;
        actions.push(a);
      });
      const suppress = suppressionEdit(doc, vd.range.start.line, d.rule);
      if (suppress) {
        const a = new vscode.CodeAction(
          vscode.l10n.t('Disable {0} for this line', d.rule),
          vscode.CodeActionKind.QuickFix,
        );
        a.diagnostics = [vd];
        a.edit = suppress;
        actions.push(a);
      }
    }
    return actions;
  }
}

/** Inserts `dubbo-topology-disable-next-line RULE` above a line, in the file's comment syntax. */
function suppressionEdit(doc: vscode.TextDocument, line: number, rule: string): vscode.WorkspaceEdit | undefined {
  const name = doc.uri.path.toLowerCase();
  const text = doc.lineAt(line).text;
  const indent = text.slice(0, text.length - text.trimStart().length);
  let comment: string;
  if (name.endsWith('.xml')) comment = `<!-- dubbo-topology-disable-next-line ${rule} -->`;
  else comment = `# dubbo-topology-disable-next-line ${rule}`;
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, new vscode.Position(line, 0), `${indent}${comment}\n`);
  return edit;
}
