import * as vscode from 'vscode';
import { applyEdits, planSafeFixes } from '../core/fixes';
import type { TextEdit } from '../core/types';
import { toRange, toWorkspaceEdit } from './convert';
import type { DiagnosticsPublisher } from './diagnostics';
import type { WorkspaceModel } from './workspaceModel';

/**
 * Quick fixes for our diagnostics (each fix's edits, possibly across files) and per-line suppression;
 * **Fix all safe problems** of a document, as a quick fix and as `source.fixAll.dubboTopology` (for
 * `editor.codeActionsOnSave`): the fixes `lint --fix` would apply there, those that stay in the file.
 */
export class FixProvider implements vscode.CodeActionProvider {
  static readonly fixAllKind = vscode.CodeActionKind.SourceFixAll.append('dubboTopology');
  static readonly kinds = [vscode.CodeActionKind.QuickFix, FixProvider.fixAllKind];

  constructor(
    private readonly model: WorkspaceModel,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !context.only.intersects(vscode.CodeActionKind.QuickFix)) {
      const all = context.only.contains(FixProvider.fixAllKind) ? this.fixAll(doc, FixProvider.fixAllKind) : undefined;
      return all ? [all] : [];
    }
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
    const ours = context.diagnostics.filter((vd) => vd.source === 'dubbo-topology').length;
    const all = ours > 0 ? this.fixAll(doc, vscode.CodeActionKind.QuickFix) : undefined;
    // Worth offering when it does more than the fix at hand.
    if (all && all.fixes > 1) actions.push(all);
    return actions;
  }

  /**
   * One action applying the first fix of every diagnostic of the document when it is safe and stays
   * in the document, without overlaps — only while the diagnostics were computed on the document's
   * current text (right after typing they may not be yet: nothing is offered then).
   */
  private fixAll(doc: vscode.TextDocument, kind: vscode.CodeActionKind): (vscode.CodeAction & { fixes: number }) | undefined {
    const file = this.model.relative(doc.uri);
    const text = doc.getText();
    if (file === undefined || this.model.context?.ws.read(file) !== text) return undefined;
    const plan = planSafeFixes(this.model.diagnostics, (f) => (f === file ? text : undefined), file);
    const edits = plan.edits.get(file);
    if (!edits) return undefined;
    const { applied } = applyEdits(text, edits);
    if (applied.length === 0) return undefined;
    const action = Object.assign(new vscode.CodeAction(vscode.l10n.t('Fix all safe Dubbo Topology problems in this file'), kind), { fixes: plan.fixes });
    action.edit = toWorkspaceEdit(applied, (f) => this.model.uri(f));
    return action;
  }
}

/** What **Fix All Safe Problems in the Workspace** did. */
export interface FixAllResult {
  files: number;
  edits: number;
  applied: boolean;
  /** What the notification said once the fixes were in. */
  message?: string;
  /** What the confirmation asks (or would ask, when it is not shown). */
  question?: string;
}

/** `Apply 3 safe fixes in 2 files?` */
function applyQuestion(edits: number, files: number): string {
  if (edits === 1) return vscode.l10n.t('Apply {0} safe fix in {1} file?', edits, files);
  if (files === 1) return vscode.l10n.t('Apply {0} safe fixes in {1} file?', edits, files);
  return vscode.l10n.t('Apply {0} safe fixes in {1} files?', edits, files);
}

/** `Applied 3 safe fixes in 2 files.` */
function appliedMessage(edits: number, files: number): string {
  if (edits === 1) return vscode.l10n.t('Applied {0} safe fix in {1} file.', edits, files);
  if (files === 1) return vscode.l10n.t('Applied {0} safe fixes in {1} file.', edits, files);
  return vscode.l10n.t('Applied {0} safe fixes in {1} files.', edits, files);
}

/**
 * **Fix All Safe Problems in the Workspace**: what `lint --fix` does, as one edit of the open
 * workspace, undoable. A modal asks first: apply, or review in the refactor preview (where VS Code
 * lists each change for the user to tick). The analysis is brought up to date first, so the edits
 * match the texts they were computed on. `{ preview: false }` applies without asking (tests). Once
 * applied, a notification says how many fixes went into how many files.
 */
export function registerFixAllCommand(model: WorkspaceModel): vscode.Disposable {
  return vscode.commands.registerCommand('dubboTopology.fixAllWorkspace', async (opts: { preview?: false } = {}): Promise<FixAllResult | undefined> => {
    await model.refresh();
    const ctx = model.context;
    if (!ctx) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No dubbo-topology.yaml in this workspace.'));
      return undefined;
    }
    const open = new Map(vscode.workspace.textDocuments.map((d) => [model.relative(d.uri), d.getText()]));
    const changes: { file: string; edits: TextEdit[] }[] = [];
    const textOf = (file: string) => open.get(file) ?? ctx.ws.read(file);
    for (const [file, list] of planSafeFixes(model.diagnostics, textOf).edits) {
      const { applied } = applyEdits(textOf(file)!, list);
      if (applied.length > 0) changes.push({ file, edits: applied });
    }
    const edits = changes.reduce((n, c) => n + c.edits.length, 0);
    if (edits === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No problem in the workspace has a safe fix.'));
      return { files: 0, edits: 0, applied: false };
    }
    let review = false;
    const question = applyQuestion(edits, changes.length);
    if (opts.preview !== false) {
      const apply = vscode.l10n.t('Apply');
      const preview = vscode.l10n.t('Review in Preview');
      const pick = await vscode.window.showInformationMessage(
        question,
        { modal: true, detail: changes.map((c) => c.file).join('\n') },
        apply,
        preview,
      );
      if (pick === undefined) return { files: changes.length, edits, applied: false, question };
      review = pick === preview;
    }
    const edit = new vscode.WorkspaceEdit();
    const label = vscode.l10n.t('Safe fixes of Dubbo Topology');
    for (const c of changes) for (const e of c.edits) edit.replace(model.uri(c.file), toRange(e.range), e.newText, { needsConfirmation: review, label });
    const applied = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    // After the refactor preview the user has seen (and chosen) each change; after Apply, say what was done.
    if (!applied || review) return { files: changes.length, edits, applied, question };
    const message = appliedMessage(edits, changes.length);
    void vscode.window.showInformationMessage(message);
    return { files: changes.length, edits, applied, message, question };
  });
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
