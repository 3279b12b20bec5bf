/**
 * Core data types shared by every analyzer, the engine, the CLI and the editor adapters.
 * Positions are 0-based; `character` counts UTF-16 code units (as VS Code and SARIF do).
 * This module, like everything under src/core, must not import `vscode`.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';
export type Locale = 'en' | 'zh-cn';

/** A message before localization: a template id of the rule (or `common`) and its values. */
export interface MessageRef {
  id: string;
  /**
   * Values for `{name}` slots; a nested MessageRef is localized and inserted, a list of them is
   * localized and joined with `; `.
   */
  data?: Record<string, string | number | MessageRef | MessageRef[]>;
}

export interface TextEdit {
  /** Workspace-relative path, `/` separators. */
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: MessageRef;
  /** A safe fix is applied by `lint --fix`; an unsafe one only on request in the editor. */
  safe: boolean;
  edits: TextEdit[];
}

export interface RelatedInfo {
  file: string;
  range: Range;
  message: MessageRef;
}

/** What an analyzer reports. The engine localizes it and applies severity and suppression. */
export interface Finding {
  rule: string;
  file: string;
  range: Range;
  message: MessageRef;
  fixes?: Fix[];
  related?: RelatedInfo[];
  /**
   * The line a `dubbo-topology-disable-next-line` comment must precede to silence this finding.
   * Defaults to `range.start.line`. XML analyzers set it to the line where the element starts.
   */
  anchorLine?: number;
  /**
   * A finding-specific severity (e.g. a hint variant of a warning rule). Used unless the user set
   * the rule's severity explicitly; an `off` rule stays off.
   */
  severity?: Severity;
  /**
   * `severity` holds even when the user set the rule's severity: advice beside the rule's verdict
   * rather than the verdict (`same-region-external-ip` on a literal that suits no single region).
   * Setting the rule `off` still silences it.
   */
  fixedSeverity?: boolean;
}

/** A finding after localization and severity resolution: what the CLI prints and the editor shows. */
export interface Diagnostic {
  rule: string;
  file: string;
  range: Range;
  severity: Severity;
  message: string;
  fixes: LocalizedFix[];
  related: { file: string; range: Range; message: string }[];
}

export interface LocalizedFix {
  title: string;
  safe: boolean;
  edits: TextEdit[];
}
