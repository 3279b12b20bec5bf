import * as vscode from 'vscode';
import type { Analyzer, AnalyzerContext, CompletionEntry } from '../core/analyzer';
import { defaultAnalyzers } from '../core/analyzers';
import { normalizeLocale } from '../core/l10n';
import type { DocumentSymbolEntry, SymbolKind } from '../core/symbols';
import { fromPosition, toRange } from './convert';
import type { FeatureAnswers } from './lintProtocol';
import type { WorkspaceModel } from './workspaceModel';

/**
 * The analyzer that examined a document in the last run, if any: as the run says, not by asking each
 * analyzer's file list again here (the nginx one would build the include forest on this thread).
 */
export function analyzerOf(model: WorkspaceModel, doc: vscode.TextDocument): { a: Analyzer; file: string } | undefined {
  const file = model.relative(doc.uri);
  if (file === undefined || !model.context) return undefined;
  const name = model.examinerOf(file);
  const a = name === undefined ? undefined : defaultAnalyzers.find((x) => x.name === name);
  return a && { a, file };
}

/** Routes hovers, completion, Go to Definition, references and outlines to the analyzer that examines the file. */
export function registerLanguageFeatures(model: WorkspaceModel): vscode.Disposable[] {
  const locale = () => normalizeLocale(vscode.env.language);
  const analyzerFor = (doc: vscode.TextDocument) => analyzerOf(model, doc);
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  // Hovers, completion, Go to Definition and references are answered by the lint worker when it made
  // the last analysis (see WorkspaceModel.askWorker), else here.
  const ask = async <K extends 'hover' | 'complete' | 'definition' | 'references'>(
    kind: K,
    doc: vscode.TextDocument,
    position: vscode.Position,
    here: (a: Analyzer, file: string, text: string, ctx: AnalyzerContext) => FeatureAnswers[K],
  ): Promise<FeatureAnswers[K] | undefined> => {
    const found = analyzerFor(doc);
    if (!found?.a[kind] || !model.context) return undefined;
    const text = doc.getText();
    const remote = await model.askWorker({ kind, analyzer: found.a.name, file: found.file, text, position: fromPosition(position), locale: locale() });
    if (remote) return remote.value;
    const ctx = model.context;
    return ctx && here(found.a, found.file, text, ctx);
  };
  const hover = vscode.languages.registerHoverProvider(selector, {
    async provideHover(doc, position) {
      const h = await ask('hover', doc, position, (a, file, text, ctx) => a.hover?.(file, text, fromPosition(position), ctx, locale()));
      if (!h) return undefined;
      const md = new vscode.MarkdownString(h.markdown);
      md.isTrusted = false;
      return new vscode.Hover(md, toRange(h.range));
    },
  });
  const completion = vscode.languages.registerCompletionItemProvider(
    selector,
    {
      async provideCompletionItems(doc, position) {
        const entries = await ask('complete', doc, position, (a, file, text, ctx) => a.complete?.(file, text, fromPosition(position), ctx, locale()) ?? []);
        return entries?.map(toItem);
      },
    },
    '<',
    ' ',
    '"',
    ':',
    '.',
    '$',
    '{',
    '/',
  );
  const definition = vscode.languages.registerDefinitionProvider(selector, {
    async provideDefinition(doc, position) {
      const d = await ask('definition', doc, position, (a, file, text, ctx) => a.definition?.(file, text, fromPosition(position), ctx));
      if (!d) return undefined;
      return d.targets.map(
        (t): vscode.LocationLink => ({ originSelectionRange: toRange(d.range), targetUri: model.uri(t.file), targetRange: toRange(t.range) }),
      );
    },
  });
  const references = vscode.languages.registerReferenceProvider(selector, {
    async provideReferences(doc, position, context) {
      const places = await ask('references', doc, position, (a, file, text, ctx) => a.references?.(file, text, fromPosition(position), ctx));
      return places?.filter((r) => context.includeDeclaration || !r.definition).map((r) => new vscode.Location(model.uri(r.file), toRange(r.range)));
    },
  });
  const symbols = vscode.languages.registerDocumentSymbolProvider(selector, {
    async provideDocumentSymbols(doc) {
      const file = model.relative(doc.uri);
      // The topology is read from the editor's text: the outline follows every keystroke.
      if (file !== undefined && file === model.topology?.file) return (await model.topologyOutline(doc, file)).symbols.map(toSymbol);
      const found = analyzerFor(doc);
      return found?.a.symbols?.(found.file, doc.getText()).map(toSymbol);
    },
  });
  return [hover, completion, definition, references, symbols];
}

const SYMBOL_KIND: Record<SymbolKind, vscode.SymbolKind> = {
  region: vscode.SymbolKind.Namespace,
  host: vscode.SymbolKind.Class,
  service: vscode.SymbolKind.Module,
  share: vscode.SymbolKind.Struct,
  block: vscode.SymbolKind.Namespace,
  server: vscode.SymbolKind.Class,
  location: vscode.SymbolKind.Method,
  upstream: vscode.SymbolKind.Interface,
  element: vscode.SymbolKind.Field,
};

function toSymbol(s: DocumentSymbolEntry): vscode.DocumentSymbol {
  const out = new vscode.DocumentSymbol(s.name, s.detail, SYMBOL_KIND[s.kind], toRange(s.range), toRange(s.selectionRange));
  out.children = s.children.map(toSymbol);
  return out;
}

const KIND: Record<CompletionEntry['kind'], vscode.CompletionItemKind> = {
  element: vscode.CompletionItemKind.Class,
  attribute: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  address: vscode.CompletionItemKind.Value,
  directive: vscode.CompletionItemKind.Keyword,
  upstream: vscode.CompletionItemKind.Reference,
  property: vscode.CompletionItemKind.Variable,
};

function toItem(e: CompletionEntry): vscode.CompletionItem {
  const item = new vscode.CompletionItem(e.label, KIND[e.kind]);
  item.detail = e.detail;
  if (e.documentation) item.documentation = new vscode.MarkdownString(e.documentation);
  if (e.insertText !== undefined) item.insertText = e.snippet ? new vscode.SnippetString(e.insertText) : e.insertText;
  if (e.range) item.range = toRange(e.range);
  return item;
}
