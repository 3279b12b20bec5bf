import * as vscode from 'vscode';
import type { Diagnostic } from '../core/types';
import { docsUrl } from '../core/rules/meta';
import { diagnosticKey, toRange, toSeverity } from './convert';
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

  private publish(): void {
    this.collection.clear();
    this.byKey.clear();
    const perFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of this.model.diagnostics) {
      const vd = new vscode.Diagnostic(toRange(d.range), d.message, toSeverity(d.severity));
      vd.source = 'dubbo-topology';
      vd.code = { value: d.rule, target: vscode.Uri.parse(docsUrl(d.rule)) };
      if (d.related.length > 0) {
        vd.relatedInformation = d.related.map(
          (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(this.model.uri(r.file), toRange(r.range)), r.message),
        );
      }
      this.byKey.set(diagnosticKey(d.file, d.rule, d.range, d.message), d);
      perFile.set(d.file, [...(perFile.get(d.file) ?? []), vd]);
    }
    for (const [file, list] of perFile) this.collection.set(this.model.uri(file), list);
  }

  dispose(): void {
    this.sub.dispose();
    this.collection.dispose();
  }
}
