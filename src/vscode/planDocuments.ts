import * as vscode from 'vscode';

/** URI scheme of the read-only documents holding plans and reports. */
export const PLAN_SCHEME = 'dubbo-topology';

/**
 * Plans and reports (deploy, NFS and reachability plans, reachability and registry reports) as
 * read-only Markdown documents of the extension's own scheme: nothing to save when they close. A
 * document is named by its title (the Markdown's first heading): showing the same plan again
 * re-uses its document, with the new text.
 */
export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    // After a reload the editor may come back before any command has run again.
    return this.texts.get(uri.toString()) ?? `# ${titleOf(uri)}\n\n${vscode.l10n.t('Run the command again to see this document.')}\n`;
  }

  /** Puts `markdown` in the document named by its first heading and shows it. */
  async show(markdown: string, options: { preview?: boolean } = {}): Promise<vscode.TextDocument> {
    const uri = planUri(planTitle(markdown) ?? 'Dubbo Topology');
    const key = uri.toString();
    const changed = this.texts.get(key) !== markdown;
    this.texts.set(key, markdown);
    if (changed) this.emitter.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    // An open document takes the new text once VS Code has asked for it again.
    if (doc.getText() !== markdown) doc = await waitForText(doc, markdown);
    if (doc.languageId !== 'markdown') doc = await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    await vscode.window.showTextDocument(doc, { preview: options.preview ?? false });
    return doc;
  }

  dispose(): void {
    this.emitter.dispose();
    this.texts.clear();
  }
}

/** The first `# ` heading of a Markdown text. */
export function planTitle(markdown: string): string | undefined {
  const m = /^# +(.+?) *$/m.exec(markdown);
  return m?.[1];
}

/** A name usable as the last segment of a URI path (the editor tab shows it). */
function planUri(title: string): vscode.Uri {
  const name = title.replace(/[\\/]/g, '∕').replace(/\s+/g, ' ').trim() || 'plan';
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${name}.md` });
}

function titleOf(uri: vscode.Uri): string {
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return base.replace(/\.md$/, '');
}

function waitForText(doc: vscode.TextDocument, text: string): Promise<vscode.TextDocument> {
  return new Promise((resolve) => {
    const done = (d: vscode.TextDocument) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(d);
    };
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === doc.uri.toString() && e.document.getText() === text) done(e.document);
    });
    // The change event may have come before the subscription; the text is then already there.
    const timer = setTimeout(() => done(doc), 2000);
    if (doc.getText() === text) done(doc);
  });
}

/** Registers the provider of the plan documents. */
export function registerPlanDocuments(context: vscode.ExtensionContext): PlanDocuments {
  const plans = new PlanDocuments();
  context.subscriptions.push(plans, vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, plans));
  return plans;
}
