import * as vscode from 'vscode';
import type { Diagnostic, Range, Severity, TextEdit } from '../core/types';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function fromPosition(p: vscode.Position): { line: number; character: number } {
  return { line: p.line, character: p.character };
}

export function toPosition(p: { line: number; character: number }): vscode.Position {
  return new vscode.Position(p.line, p.character);
}

export function fromRange(r: vscode.Range): Range {
  return { start: fromPosition(r.start), end: fromPosition(r.end) };
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Identity of a diagnostic across the core/editor boundary (used to find its fixes). */
export function diagnosticKey(file: string, rule: string, r: Range | vscode.Range, message: string): string {
  return `${file}|${rule}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${message}`;
}

export function toWorkspaceEdit(edits: readonly TextEdit[], uri: (file: string) => vscode.Uri): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(uri(e.file), toRange(e.range), e.newText);
  return we;
}

export function keyOf(d: Diagnostic): string {
  return diagnosticKey(d.file, d.rule, d.range, d.message);
}
