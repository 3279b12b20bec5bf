import type * as vscode from 'vscode';
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
}
