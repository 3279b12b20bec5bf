import * as vscode from 'vscode';
import type { AnalyzerContext } from '../core/analyzer';
import type { Diagnostic } from '../core/types';
import type { Topology } from '../core/topology/model';

/**
 * The extension's current view of the workspace, shared by every feature (tree, diagram, deploy,
 * NFS): the parsed topology and the latest diagnostics of all files, refreshed on edit and save.
 */
export interface TopologyState {
  /** Folder holding dubbo-topology.yaml, or undefined when the workspace has none. */
  readonly root: vscode.Uri | undefined;
  /** The parsed topology (possibly partial when the file has errors). */
  readonly topology: Topology | undefined;
  /** All findings of the last analysis, localized, with workspace-relative file paths. */
  readonly diagnostics: readonly Diagnostic[];
  /** Fires after every re-analysis. */
  readonly onDidChange: vscode.Event<void>;
  /** Absolute URI of a workspace-relative path. */
  uri(file: string): vscode.Uri;
  /** The analyzer context of the last analysis (reads editor buffers), when there is one. */
  readonly context?: AnalyzerContext;
  /**
   * The diagram graph of the last analysis as UTF-8 JSON, made off the extension host's thread;
   * undefined when it cannot be made there (the graph is then built with `context`).
   */
  workerGraph?(): Promise<Uint8Array | undefined>;
  /** Resolves once the workspace has been analyzed at least once. */
  analyzed?(): Promise<void>;
}

/**
 * The topology a command works on. A command run right after activation waits for the first
 * analysis instead of reporting a missing topology; when there is none, says so and returns undefined.
 */
export async function topologyForCommand(state: TopologyState): Promise<Topology | undefined> {
  if (!state.topology) await state.analyzed?.();
  if (!state.topology || !state.root) {
    void vscode.window.showWarningMessage(vscode.l10n.t('No dubbo-topology.yaml in this workspace.'));
    return undefined;
  }
  return state.topology;
}
