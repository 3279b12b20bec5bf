import * as vscode from 'vscode';
import type { Diagnostic } from '../core/types';
import { normalizeLocale } from '../core/l10n';
import { docsUrl } from '../core/rules/meta';
import { diagnosticKey, keyOf, toRange, toSeverity } from './convert';
import type { WorkspaceModel } from './workspaceModel';

/** Publishes the model's findings as VS Code diagnostics, keeping their fixes for code actions. */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('dubbo-topology');
  private readonly byKey = new Map<string, Diagnostic>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly model: WorkspaceModel) {
    this.sub = model.onDidChange(() => this.publish());
  }

  /** The core diagnostic behind a VS Code diagnostic, if it is one of ours. */
  lookup(uri: vscode.Uri, d: vscode.Diagnostic): Diagnostic | undefined {
    const file = this.model.relative(uri);
    const rule = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
    return file === undefined ? undefined : this.byKey.get(diagnosticKey(file, rule, d.range, d.message));
  }

  /** Core diagnostics last published per file (unchanged files are left alone: the engine reuses them). */
  private published = new Map<string, readonly Diagnostic[]>();
  private root: string | undefined;

  private publish(): void {
    const root = this.model.root?.toString();
    if (root !== this.root) {
      this.collection.clear();
      this.byKey.clear();
      this.published.clear();
      this.root = root;
    }
    const perFile = new Map<string, Diagnostic[]>();
    for (const d of this.model.diagnostics) {
      const list = perFile.get(d.file);
      if (list) list.push(d);
      else perFile.set(d.file, [d]);
    }
    for (const [file, old] of this.published) {
      if (perFile.has(file)) continue;
      this.collection.delete(this.model.uri(file));
      for (const d of old) this.byKey.delete(keyOf(d));
      this.published.delete(file);
    }
    // Each rule's page in the display language (a Chinese page for zh-cn).
    const locale = normalizeLocale(vscode.env.language);
    for (const [file, list] of perFile) {
      const old = this.published.get(file);
      if (old && old.length === list.length && old.every((d, i) => d === list[i])) continue;
      for (const d of old ?? []) this.byKey.delete(keyOf(d));
      const vds = list.map((d) => {
        const vd = new vscode.Diagnostic(toRange(d.range), d.message, toSeverity(d.severity));
        vd.source = 'dubbo-topology';
        vd.code = { value: d.rule, target: vscode.Uri.parse(docsUrl(d.rule, locale)) };
        if (d.related.length > 0) {
          vd.relatedInformation = d.related.map(
            (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(this.model.uri(r.file), toRange(r.range)), r.message),
          );
        }
        this.byKey.set(keyOf(d), d);
        return vd;
      });
      this.collection.set(this.model.uri(file), vds);
      this.published.set(file, list);
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}
