import * as vscode from 'vscode';
import { DiagnosticsPublisher } from './diagnostics';
import { FixProvider, registerFixAllCommand } from './codeActions';
import { TopologyCodeLenses } from './codeLens';
import { registerCreateTopology } from './createTopology';
import { registerDiagram } from './diagramPanel';
import { registerNavigation } from './navigation';
import { registerLanguageFeatures } from './languageFeatures';
import { registerRemoteCommandsLazily } from './lazyCommands';
import { registerPlanDocuments } from './planDocuments';
import { registerSelectTopology } from './selectTopology';
import { registerTree, type TopologyTreeProvider } from './tree';
import { WorkspaceModel } from './workspaceModel';

/** What `activate` returns: used by the integration tests to look inside. */
export interface DubboTopologyApi {
  model: WorkspaceModel;
  tree: TopologyTreeProvider;
}

/** Wiring only: every feature registers itself with the shared workspace model. */
export async function activate(context: vscode.ExtensionContext): Promise<DubboTopologyApi> {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Dubbo Topology', { log: true });
  const model = new WorkspaceModel(log);
  const publisher = new DiagnosticsPublisher(model);
  context.subscriptions.push(log, model, publisher);

  const tree = registerTree(context, model);
  registerCreateTopology(context, model);
  registerSelectTopology(context, model);
  registerDiagram(context, model);
  const plans = registerPlanDocuments(context);
  // Deploy, NFS, registry and reachability: loaded when the first of them runs.
  registerRemoteCommandsLazily(context, model, plans);
  context.subscriptions.push(
    registerFixAllCommand(model),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new FixProvider(model, publisher), {
      providedCodeActionKinds: FixProvider.kinds,
    }),
    ...registerLanguageFeatures(model),
    ...registerNavigation(model),
  );
  const lenses = new TopologyCodeLenses(model);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider({ scheme: 'file', pattern: '**/dubbo-topology.yaml' }, lenses));

  // Activation waits for the topology folder only; the first analysis runs after it, sliced.
  await model.locate();
  void model.refresh();
  log.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
  return { model, tree };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
