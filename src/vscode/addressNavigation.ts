import * as vscode from 'vscode';
import type { AnalyzerContext, Workspace } from '../core/analyzer';
import { normalizeLocale } from '../core/l10n';
import {
  type AddressOwner,
  addressesOfHost,
  addressHints,
  addressReferences,
  changeAddress,
  hostKeyAt,
  ipLiteralAt,
  ownerLabel,
  ownersInFile,
} from '../core/navigation';
import { fromPosition, fromRange, toPosition, toRange } from './convert';
import { analyzerOf } from './languageFeatures';
import type { WorkspaceModel } from './workspaceModel';

/**
 * Navigation by address in every file the analysis examines and in the topology itself: an inlay
 * hint after each IP naming its host, Go to Definition (the host's `internal:`/`external:` in the
 * topology), Find All References (every file that writes a host's address, judged from each file's
 * vantage hosts), and Rename (a host's address changed in the topology and every config at once).
 */
export function registerAddressNavigation(model: WorkspaceModel): vscode.Disposable[] {
  const locale = () => normalizeLocale(vscode.env.language);
  /** The file and analyzer context for a document the last analysis knows, with open editors' text read first. */
  const scope = (doc: vscode.TextDocument): { file: string; ctx: AnalyzerContext } | undefined => {
    const file = model.relative(doc.uri);
    const ctx = model.context;
    if (file === undefined || !ctx || (file !== ctx.topology.file && !model.isAnalyzed(file))) return undefined;
    return { file, ctx: { ...ctx, ws: liveWorkspace(model, ctx.ws) } };
  };
  /** The addresses under the cursor: an IP's owners, or both addresses of the host whose key it is. */
  const targetsAt = (doc: vscode.TextDocument, position: vscode.Position) => {
    const s = scope(doc);
    if (!s) return undefined;
    const text = doc.getText();
    const lit = ipLiteralAt(text, doc.offsetAt(position));
    if (lit) {
      const range = new vscode.Range(doc.positionAt(lit.start), doc.positionAt(lit.end));
      return { ...s, range, literal: text.slice(lit.start, lit.end), owners: ownersInFile(s.ctx, s.file, lit.ip, fromRange(range)) };
    }
    const host = s.file === s.ctx.topology.file ? hostKeyAt(s.ctx.topology, fromPosition(position)) : undefined;
    return host ? { ...s, range: toRange(host.keyRange), literal: undefined, owners: addressesOfHost(host) } : undefined;
  };
  const location = (o: AddressOwner, ctx: AnalyzerContext) => new vscode.Location(model.uri(ctx.topology.file), toRange(o.definition.range));

  const hintsChanged = new vscode.EventEmitter<void>();
  const selector: vscode.DocumentSelector = { scheme: 'file' };
  return [
    hintsChanged,
    model.onDidChange(() => hintsChanged.fire()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('dubboTopology.inlayHints')) hintsChanged.fire();
    }),
    vscode.languages.registerInlayHintsProvider(selector, {
      onDidChangeInlayHints: hintsChanged.event,
      provideInlayHints(doc, range) {
        const config = vscode.workspace.getConfiguration('dubboTopology');
        const s = scope(doc);
        if (!s) return [];
        const hints = config.get<boolean>('inlayHints.placeholders', true) ? placeholderHints(model, doc, s.ctx, range) : [];
        if (!config.get<boolean>('inlayHints.addresses', true)) return hints;
        const addresses = addressHints(s.ctx, s.file, doc.getText(), locale(), fromRange(range)).map((h) => {
          const parts = h.owners.map((o, i) => {
            const part = new vscode.InlayHintLabelPart(`${i > 0 ? ' | ' : ''}${ownerLabel([o], locale())}`);
            part.location = location(o, s.ctx);
            part.tooltip = ownerTooltip(o, s.ctx);
            return part;
          });
          const hint = new vscode.InlayHint(toPosition(h.position), parts, vscode.InlayHintKind.Type);
          hint.paddingLeft = true;
          return hint;
        });
        return [...hints, ...addresses].sort((a, b) => a.position.compareTo(b.position));
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      provideDefinition(doc, position) {
        const t = targetsAt(doc, position);
        if (!t?.literal) return undefined;
        return t.owners.map((o) => location(o, t.ctx));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      provideReferences(doc, position, context) {
        const t = targetsAt(doc, position);
        if (!t || t.owners.length === 0) return undefined;
        return addressReferences(t.ctx, model.analyzedFiles(), t.owners)
          .filter((r) => context.includeDeclaration || !r.definition)
          .map((r) => new vscode.Location(model.uri(r.file), toRange(r.range)));
      },
    }),
    vscode.languages.registerRenameProvider(selector, {
      prepareRename(doc, position) {
        const t = targetsAt(doc, position);
        if (!t?.literal) throw new Error(vscode.l10n.t('Rename works on the IP address of a host of the topology.'));
        const owner = soleOwner(t.literal, t.owners);
        return { range: t.range, placeholder: owner.definition.ip?.text ?? t.literal };
      },
      provideRenameEdits(doc, position, newName) {
        const t = targetsAt(doc, position);
        if (!t?.literal) return undefined;
        const change = changeAddress(t.ctx, model.analyzedFiles(), soleOwner(t.literal, t.owners), newName);
        if (!change.ok) throw new Error(refusal(change, newName));
        const edit = new vscode.WorkspaceEdit();
        for (const e of change.edits) edit.replace(model.uri(e.file), toRange(e.range), e.newText);
        return edit;
      },
    }),
  ];
}

/** The analyzer's own hints (the value of each `${placeholder}` in Dubbo XML). */
function placeholderHints(model: WorkspaceModel, doc: vscode.TextDocument, ctx: AnalyzerContext, range: vscode.Range): vscode.InlayHint[] {
  const found = analyzerOf(model, doc);
  if (!found?.a.hints) return [];
  return found.a.hints(found.file, doc.getText(), ctx, normalizeLocale(vscode.env.language), fromRange(range)).map((h) => {
    const hint = new vscode.InlayHint(toPosition(h.position), h.label);
    if (h.tooltip) hint.tooltip = new vscode.MarkdownString(h.tooltip);
    hint.paddingLeft = true;
    return hint;
  });
}

function soleOwner(literal: string, owners: AddressOwner[]): AddressOwner {
  if (owners.length === 0) throw new Error(vscode.l10n.t('No host of the topology has the address {0}.', literal));
  if (owners.length > 1) {
    const hosts = owners.map((o) => `${o.host.id} (${o.host.region.name})`).join(', ');
    throw new Error(vscode.l10n.t('{0} is the address of several hosts ({1}): change it in the topology file, at the host it belongs to.', literal, hosts));
  }
  return owners[0];
}

function refusal(change: Exclude<ReturnType<typeof changeAddress>, { ok: true }>, newName: string): string {
  switch (change.reason) {
    case 'not-ip':
      return vscode.l10n.t('{0} is not an IP address.', newName.trim());
    case 'other-family':
      return vscode.l10n.t('An IPv4 address cannot become an IPv6 address, or the other way round.');
    case 'same':
      return vscode.l10n.t('The address is already {0}.', newName.trim());
    case 'taken':
      return change.role === 'external'
        ? vscode.l10n.t('{0} is already the external address of {1}.', newName.trim(), change.host!.id)
        : vscode.l10n.t('{0} is already the internal address of {1} in {2}.', newName.trim(), change.host!.id, change.host!.region.name);
  }
}

function ownerTooltip(o: AddressOwner, ctx: AnalyzerContext): vscode.MarkdownString {
  const line = o.definition.range.start.line + 1;
  const text =
    o.role === 'internal'
      ? vscode.l10n.t('The internal address of **{0}** ({1}), defined in {2}:{3}. Reachable only inside {1}.', o.host.id, o.host.region.name, ctx.topology.file, line)
      : vscode.l10n.t('The external address of **{0}** ({1}), defined in {2}:{3}.', o.host.id, o.host.region.name, ctx.topology.file, line);
  return new vscode.MarkdownString(text);
}

/** The analysis's workspace, with the current text of open editors in place of what it last read. */
function liveWorkspace(model: WorkspaceModel, ws: Workspace): Workspace {
  const open = new Map<string, string>();
  for (const doc of vscode.workspace.textDocuments) {
    const rel = model.relative(doc.uri);
    if (rel !== undefined) open.set(rel, doc.getText());
  }
  return {
    root: ws.root,
    read: (file) => open.get(file) ?? ws.read(file),
    files: () => ws.files(),
  };
}
