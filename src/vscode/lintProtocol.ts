import type { Analyzer, CompletionEntry, DefinitionResult, HoverResult } from '../core/analyzer';
import type { SeverityCounts } from '../core/diagram/graph';
import type { Topology } from '../core/topology/model';
import type { AddressReference, OwnerRef, PlainAddressChange, PlainHint } from '../core/navigation';
import type { TopologyOutline } from '../core/topology/references';
import type { Diagnostic, Locale, Position, Range, SeveritySetting } from '../core/types';

/**
 * A hover, completion, Go to Definition, Find All References or Rename asked of the analyzer that examined `file`, with the
 * editor's text of it, answered in the context of the worker's last completed analysis; or the
 * file's inlay hints inside `range` (its analyzer's own when `placeholders`, the addresses' owners
 * when `addresses`); or where a host's addresses are written, and the edits changing one; or the
 * outline, links and ids of a topology text.
 */
export type FeatureRequest =
  | { kind: 'hover' | 'complete' | 'definition' | 'references'; analyzer: string; file: string; text: string; position: Position; locale: Locale }
  | { kind: 'rename'; analyzer: string; file: string; text: string; position: Position; newName: string; locale: Locale }
  | { kind: 'hints'; analyzer?: string; file: string; text: string; range?: Range; locale: Locale; placeholders: boolean; addresses: boolean }
  /** Every place the addresses are written, in the files of the last analysis. */
  | { kind: 'addressRefs'; owners: OwnerRef[] }
  /** The edits changing one address everywhere, or why it cannot be changed. */
  | { kind: 'changeAddress'; owner: OwnerRef; newText: string }
  /** The topology file's outline, links and ids, read from the editor's text of it (any topology). */
  | { kind: 'outline'; file: string; text: string };

export interface FeatureAnswers {
  hover: HoverResult | undefined;
  complete: CompletionEntry[];
  definition: DefinitionResult | undefined;
  references: ReturnType<NonNullable<Analyzer['references']>>;
  rename: ReturnType<NonNullable<Analyzer['rename']>>;
  hints: PlainHint[];
  /** Undefined when an address is not the worker's as named (its last analysis read another topology). */
  addressRefs: AddressReference[] | undefined;
  changeAddress: PlainAddressChange | undefined;
  outline: TopologyOutline;
}

/** Messages between the workspace model (extension host thread) and the lint worker thread. */

export type ToWorker =
  | {
      type: 'lint';
      id: number;
      root: string;
      maxFileBytes: number;
      /**
       * Unsaved editor contents by workspace-relative path, as changes to those of the request before
       * (`null`: the buffer is gone); with `overlayReset`, the whole set.
       */
      overlay: [string, string | null][];
      overlayReset: boolean;
      locale: string;
      ruleOverrides: Record<string, SeveritySetting>;
      /**
       * Whether the worker, once idle after its first analysis, warms the analysis up on a built-in
       * sample (`WarmUp`); false stops a warm-up under way.
       */
      warmUp: boolean;
      /**
       * Whether the worker, once idle after an analysis, collects V8's young generation (see
       * `youngCollector`), so that the next analysis does not stop for it.
       */
      collectWhenIdle: boolean;
      /**
       * The file in the editor's focus, workspace-relative: with `warmUp`, the worker warms up on it
       * once idle (`FileWarmUp`), the first file of each kind.
       */
      focus?: string;
    }
  | { type: 'cancel'; id: number }
  | { type: 'feature'; id: number; request: FeatureRequest }
  /** The problem counts of the diagram's region, host and service nodes for the last analysis (the tree's). */
  | { type: 'counts'; id: number }
  /** The diagram graph of the last analysis, as UTF-8 JSON (what the diagram panel shows). */
  | { type: 'graph'; id: number }
  /** A file changed on disk (`file` undefined: forget everything); `listChanged` when created or deleted. */
  | { type: 'invalidate'; file?: string; listChanged: boolean }
  /** Another file in the editor's focus, between analyses (as `focus` of a lint request). */
  | { type: 'focus'; file: string };

export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number; file?: string }
  | {
      type: 'result';
      id: number;
      /** No dubbo-topology.yaml in the root. */
      missing?: boolean;
      /** Set when the topology differs from the one sent last. */
      topology?: Topology;
      /** Files with diagnostics, in report order; undefined: the same as in the last result. */
      order?: string[];
      /** Files whose diagnostics changed since the last result, with all of their diagnostics. */
      changed: [string, Diagnostic[]][];
      /** The files examined (see LintResult); undefined: the same as in the last result. */
      files?: string[];
      /** Set when it differs from the one sent last: the analyzer examining each file (see LintResult). */
      examinedBy?: [string, string][];
      analyzed: number;
      reused: number;
      ms: number;
      errors: string[];
    }
  | { type: 'cancelled'; id: number }
  /**
   * A warm-up is done: `analyses` analyses of the built-in sample, or of the workspace with keystrokes
   * typed into `file` (`FileWarmUp`); `ms` of work on this thread in all.
   */
  | { type: 'warm'; analyses: number; ms: number; file?: string }
  /** The young generation was collected, idle after an analysis, in `ms`. */
  | { type: 'collected'; ms: number }
  /** The answer to a feature request (`failed`: the analyzer threw, with its error). */
  | { type: 'feature'; id: number; answer?: FeatureAnswers[FeatureRequest['kind']]; failed?: string }
  /** By node id; undefined before any analysis (`failed`: building the graph threw, with its error). */
  | { type: 'counts'; id: number; counts?: [string, SeverityCounts][]; failed?: string }
  /**
   * The `DiagramGraph` as UTF-8 JSON, its buffer transferred rather than copied; undefined before any
   * analysis (`failed`: building the graph threw, with its error).
   */
  | { type: 'graph'; id: number; json?: Uint8Array; failed?: string };
