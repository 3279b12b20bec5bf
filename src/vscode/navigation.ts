import * as vscode from 'vscode';
import type { AnalyzerContext, Workspace } from '../core/analyzer';
import { normalizeLocale } from '../core/l10n';
import {
  type AddressOwner,
  type AddressReference,
  addressesOfHost,
  addressReferences,
  changeAddress,
  type HintOwner,
  inlayHints,
  ipLiteralAt,
  ownerRef,
  ownersInFile,
  type PlainAddressChange,
  plainChange,
} from '../core/navigation';
import type { Host } from '../core/topology/model';
import { hostsInRegions } from '../core/topology/reach';
import { renameId, sameRefs, topologyRefAt, topologyRefs, type IdChange, type TopologyRef } from '../core/topology/references';
import { fromPosition, fromRange, toPosition, toRange } from './convert';
import { analyzerOf } from './languageFeatures';
import type { WorkspaceModel } from './workspaceModel';

/**
 * Navigation in every file the analysis examines and in the topology itself.
 * - By address: an inlay hint after each IP naming its host, Go to Definition (the host's
 *   `internal:`/`external:` in the topology), Find All References (every file that writes a host's
 *   address, judged from each file's vantage hosts), Rename (a host's address changed in the topology
 *   and every config at once).
 * - By id, inside `dubbo-topology.yaml`: Go to Definition from a host or service named in `services:`,
 *   `registry:`, `uses:`, `server:`, `clients:` or `via:` to its key; Find All References; Rename
 *   everywhere the topology names it. On a host's key, references list its id and both addresses
 *   (also the command **Find All References of a Host**, from the tree). The files the topology
 *   names are links.
 */
export function registerNavigation(model: WorkspaceModel): vscode.Disposable[] {
  const locale = () => normalizeLocale(vscode.env.language);
  /** The file and analyzer context for a document the last analysis knows, with open editors' text read first. */
  const scope = (doc: vscode.TextDocument): { file: string; ctx: AnalyzerContext } | undefined => {
    const file = model.relative(doc.uri);
    const ctx = model.context;
    if (file === undefined || !ctx || (file !== ctx.topology.file && !model.isAnalyzed(file))) return undefined;
    return { file, ctx: { ...ctx, ws: liveWorkspace(model, ctx.ws) } };
  };
  /** The address under the cursor and its owners, if any. */
  const addressAt = (doc: vscode.TextDocument, position: vscode.Position) => {
    const s = scope(doc);
    if (!s) return undefined;
    const text = doc.getText();
    const lit = ipLiteralAt(text, doc.offsetAt(position));
    if (!lit) return undefined;
    const range = new vscode.Range(doc.positionAt(lit.start), doc.positionAt(lit.end));
    return { ...s, range, literal: text.slice(lit.start, lit.end), owners: ownersInFile(s.ctx, s.file, lit.ip, fromRange(range)) };
  };
  /** The host or service id under the cursor in the topology, read from the editor's current text. */
  const idAt = async (doc: vscode.TextDocument, position: vscode.Position) => {
    const s = scope(doc);
    if (!s || s.file !== s.ctx.topology.file) return undefined;
    const refs = (await model.topologyOutline(doc, s.file)).refs;
    const ref = topologyRefAt(refs, fromPosition(position));
    return ref && { ...s, refs, ref };
  };
  const location = (o: AddressOwner, ctx: AnalyzerContext) => new vscode.Location(model.uri(ctx.topology.file), toRange(o.definition.range));
  // Every file of the workspace is read for these: the lint worker answers them from the texts it
  // holds when it made the last analysis, else they are worked out here.
  const referencesOf = async (ctx: AnalyzerContext, owners: AddressOwner[]): Promise<AddressReference[]> =>
    (await model.askWorker({ kind: 'addressRefs', owners: owners.map(ownerRef) }))?.value ?? addressReferences(ctx, model.analyzedFiles(), owners);
  const changeOf = async (ctx: AnalyzerContext, owner: AddressOwner, newText: string): Promise<PlainAddressChange> =>
    (await model.askWorker({ kind: 'changeAddress', owner: ownerRef(owner), newText }))?.value ??
    plainChange(changeAddress(ctx, model.analyzedFiles(), owner, newText));

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
      async provideInlayHints(doc, range) {
        const config = vscode.workspace.getConfiguration('dubboTopology');
        const want = { placeholders: config.get<boolean>('inlayHints.placeholders', true), addresses: config.get<boolean>('inlayHints.addresses', true) };
        const s = scope(doc);
        if (!s || (!want.placeholders && !want.addresses)) return [];
        const found = analyzerOf(model, doc);
        const text = doc.getText();
        // Answered by the lint worker when it made the last analysis (the first hints of a file in a
        // big workspace read what it already holds), else here.
        const request = { kind: 'hints', analyzer: found?.a.name, file: s.file, text, range: fromRange(range), locale: locale(), ...want } as const;
        const hints = (await model.askWorker(request))?.value ?? inlayHints(s.ctx, found?.a, s.file, text, request.locale, request.range, want);
        const topologyFile = model.uri(s.ctx.topology.file);
        return hints.map((h) => {
          if (!('owners' in h)) {
            const hint = new vscode.InlayHint(toPosition(h.position), h.label);
            if (h.tooltip) hint.tooltip = new vscode.MarkdownString(h.tooltip);
            hint.paddingLeft = true;
            return hint;
          }
          const parts = h.owners.map((o, i) => {
            const part = new vscode.InlayHintLabelPart(`${i > 0 ? ' | ' : ''}${o.label}`);
            part.location = new vscode.Location(topologyFile, toRange(o.definition));
            part.tooltip = ownerTooltip(o, s.ctx.topology.file);
            return part;
          });
          const hint = new vscode.InlayHint(toPosition(h.position), parts, vscode.InlayHintKind.Type);
          hint.paddingLeft = true;
          return hint;
        });
      },
    }),
    vscode.languages.registerDefinitionProvider(selector, {
      async provideDefinition(doc, position) {
        const a = addressAt(doc, position);
        if (a) return a.owners.map((o) => location(o, a.ctx));
        const t = await idAt(doc, position);
        if (!t || t.ref.definition) return undefined;
        return sameRefs(t.refs, t.ref)
          .filter((r) => r.definition)
          .map((r) => new vscode.Location(doc.uri, toRange(r.range)));
      },
    }),
    vscode.languages.registerReferenceProvider(selector, {
      async provideReferences(doc, position, context) {
        const a = addressAt(doc, position);
        const t = a ? undefined : await idAt(doc, position);
        const ctx = a?.ctx ?? t?.ctx;
        if (!ctx) return undefined;
        const places = a ? await referencesOf(ctx, a.owners) : t ? await placesOf(ctx, t.refs, t.ref, referencesOf) : [];
        return places.filter((r) => context.includeDeclaration || !r.definition).map((r) => new vscode.Location(model.uri(r.file), toRange(r.range)));
      },
    }),
    vscode.languages.registerDocumentLinkProvider(selector, {
      async provideDocumentLinks(doc) {
        const s = scope(doc);
        if (!s || s.file !== s.ctx.topology.file) return [];
        const links = (await model.topologyOutline(doc, s.file)).links;
        // Only files that exist: a missing one is reported as a finding, not offered as a link.
        const existing = new Set(s.ctx.ws.files());
        return links
          .filter((l) => existing.has(l.file))
          .map((l) => new vscode.DocumentLink(toRange(l.range), model.uri(l.file)));
      },
    }),
    vscode.commands.registerCommand('dubboTopology.findHostReferences', async (arg?: { type: 'host'; host: Host } | string) => {
      const ctx = model.context;
      if (!ctx) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No dubbo-topology.yaml in this workspace.'));
        return undefined;
      }
      const id =
        typeof arg === 'string'
          ? arg
          : arg?.type === 'host'
            ? arg.host.id
            : (
                await vscode.window.showQuickPick(
                  ctx.topology.hosts.map((h) => ({ label: h.id, description: `${h.region.name} · ${[h.internal?.text, h.external?.text].filter(Boolean).join(' · ')}` })),
                  { placeHolder: vscode.l10n.t('Find the references of which host?') },
                )
              )?.label;
      const host = id === undefined ? undefined : ctx.topology.hostById.get(id);
      if (!host) return undefined;
      const live = { ...ctx, ws: liveWorkspace(model, ctx.ws) };
      const locations = (await placesOf(live, topologyRefs(ctx.topology), { kind: 'host', id: host.id }, referencesOf)).map(
        (r) => new vscode.Location(model.uri(r.file), toRange(r.range)),
      );
      const uri = model.uri(ctx.topology.file);
      await vscode.commands.executeCommand('editor.action.showReferences', uri, toRange(host.keyRange).start, locations);
      return locations;
    }),
    vscode.languages.registerRenameProvider(selector, {
      async prepareRename(doc, position) {
        const a = addressAt(doc, position);
        if (a) return { range: a.range, placeholder: soleOwner(a.literal, a.owners).definition.ip?.text ?? a.literal };
        const t = await idAt(doc, position);
        if (t) return { range: toRange(t.ref.range), placeholder: t.ref.id };
        const found = analyzerOf(model, doc);
        const k = found?.a.renameTarget?.(found.file, doc.getText(), fromPosition(position));
        if (k) return { range: toRange(k.range), placeholder: k.name };
        throw new Error(vscode.l10n.t('Rename works on the IP address of a host, on a placeholder key, and in the topology on a host or service id.'));
      },
      async provideRenameEdits(doc, position, newName) {
        const edit = new vscode.WorkspaceEdit();
        const a = addressAt(doc, position);
        if (a) {
          const change = await changeOf(a.ctx, soleOwner(a.literal, a.owners), newName);
          if (!change.ok) throw new Error(refusal(change, newName));
          for (const e of change.edits) edit.replace(model.uri(e.file), toRange(e.range), e.newText);
          return edit;
        }
        const t = await idAt(doc, position);
        if (!t) {
          const found = analyzerOf(model, doc);
          const ctx = model.context;
          if (!found?.a.rename || !ctx) return undefined;
          const request = { kind: 'rename', analyzer: found.a.name, file: found.file, text: doc.getText(), position: fromPosition(position), newName, locale: locale() } as const;
          const remote = await model.askWorker(request);
          const r = remote ? remote.value : found.a.rename(found.file, request.text, request.position, newName, ctx, request.locale);
          if (!r) return undefined;
          if ('refused' in r) throw new Error(r.refused);
          for (const e of r.edits) edit.replace(model.uri(e.file), toRange(e.range), e.newText);
          return edit;
        }
        const change = renameId(t.refs, t.ref, newName);
        if (!change.ok) throw new Error(idRefusal(change.reason, t.ref, newName.trim()));
        for (const e of change.edits) edit.replace(doc.uri, toRange(e.range), e.newText);
        return edit;
      },
    }),
  ];
}

/**
 * Where a host or service is named: everywhere the topology names its id (`idRefs`, read from the
 * editor's current text) and, for a host, everywhere its addresses are written (judged against the
 * last analysis's topology, which the configs were judged against).
 */
async function placesOf(
  ctx: AnalyzerContext,
  idRefs: readonly TopologyRef[],
  ref: Pick<TopologyRef, 'kind' | 'id'>,
  referencesOf: (ctx: AnalyzerContext, owners: AddressOwner[]) => Promise<AddressReference[]>,
) {
  const ids = sameRefs(idRefs, ref).map((r) => ({ file: ctx.topology.file, range: r.range, definition: r.definition }));
  const host = ref.kind === 'host' ? ctx.topology.hostById.get(ref.id) : undefined;
  return [...ids, ...(host ? await referencesOf(ctx, addressesOfHost(host)) : [])];
}

function idRefusal(reason: Exclude<IdChange, { ok: true }>['reason'], ref: TopologyRef, newId: string): string {
  const host = ref.kind === 'host';
  switch (reason) {
    case 'invalid':
      return vscode.l10n.t('{0} is not a usable id: letters, digits, and . _ - after the first character.', newId);
    case 'same':
      return vscode.l10n.t('The id is already {0}.', newId);
    case 'undefined':
      return host
        ? vscode.l10n.t('No host {0} is defined in the topology: define it, or correct the reference.', ref.id)
        : vscode.l10n.t('No service {0} is defined in the topology: define it, or correct the reference.', ref.id);
    case 'taken':
      return host ? vscode.l10n.t('A host {0} exists already.', newId) : vscode.l10n.t('A service {0} exists already.', newId);
  }
}

function soleOwner(literal: string, owners: AddressOwner[]): AddressOwner {
  if (owners.length === 0) throw new Error(vscode.l10n.t('No host of the topology has the address {0}.', literal));
  if (owners.length > 1) {
    const hosts = hostsInRegions(owners.map((o) => o.host), normalizeLocale(vscode.env.language));
    throw new Error(vscode.l10n.t('{0} is the address of several hosts ({1}): change it in the topology file, at the host it belongs to.', literal, hosts));
  }
  return owners[0];
}

function refusal(change: Extract<PlainAddressChange, { ok: false }>, newName: string): string {
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
        : vscode.l10n.t('{0} is already the internal address of {1} in {2}.', newName.trim(), change.host!.id, change.host!.region);
  }
}

function ownerTooltip(o: HintOwner, topologyFile: string): vscode.MarkdownString {
  const line = o.definition.start.line + 1;
  const text =
    o.role === 'internal'
      ? vscode.l10n.t('The internal address of **{0}** ({1}), defined in {2}:{3}. Reachable only inside {1}.', o.host, o.region, topologyFile, line)
      : vscode.l10n.t('The external address of **{0}** ({1}), defined in {2}:{3}.', o.host, o.region, topologyFile, line);
  return new vscode.MarkdownString(text);
}

/** The analysis's workspace, with the current text of open editors in place of what it last read. */
function liveWorkspace(model: WorkspaceModel, ws: Workspace): Workspace {
  // Read on first use: when the lint worker answers, nothing here reads a file.
  let open: Map<string, string> | undefined;
  const texts = () => {
    if (!open) {
      open = new Map();
      for (const doc of vscode.workspace.textDocuments) {
        const rel = model.relative(doc.uri);
        if (rel !== undefined) open.set(rel, doc.getText());
      }
    }
    return open;
  };
  return {
    root: ws.root,
    read: (file) => texts().get(file) ?? ws.read(file),
    files: () => ws.files(),
  };
}
