/**
 * Whether two diagnostics say the same: rule, file, range, severity, message, fixes and related
 * places, as a reader of them (the editor) sees them. A file analyzed again after a keystroke
 * elsewhere in it usually reports what it reported before, in new objects; the editor need not be
 * sent them again.
 */
import type { Diagnostic, LocalizedFix, Range } from './types';

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameFix(a: LocalizedFix, b: LocalizedFix): boolean {
  if (a.title !== b.title || a.safe !== b.safe || a.edits.length !== b.edits.length) return false;
  for (let i = 0; i < a.edits.length; i++) {
    const x = a.edits[i];
    const y = b.edits[i];
    if (x.file !== y.file || x.newText !== y.newText || !sameRange(x.range, y.range)) return false;
  }
  return true;
}

export function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  if (a === b) return true;
  if (a.rule !== b.rule || a.file !== b.file || a.severity !== b.severity || a.message !== b.message || !sameRange(a.range, b.range)) return false;
  if (a.fixes.length !== b.fixes.length || a.related.length !== b.related.length) return false;
  for (let i = 0; i < a.fixes.length; i++) if (!sameFix(a.fixes[i], b.fixes[i])) return false;
  for (let i = 0; i < a.related.length; i++) {
    const x = a.related[i];
    const y = b.related[i];
    if (x.file !== y.file || x.message !== y.message || !sameRange(x.range, y.range)) return false;
  }
  return true;
}

/** Whether two lists of diagnostics say the same, in the same order. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i], b[i])) return false;
  return true;
}
