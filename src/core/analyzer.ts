import type { Finding, Locale, Position, Range, TextEdit } from './types';
import type { Host, Service, Share, Topology } from './topology/model';
import type { PropertiesFile } from './properties/parse';
import type { DocumentSymbolEntry } from './symbols';
import type { TopologyPart } from './topology/meaning';

/**
 * What analyzers read: a workspace abstraction so the same code runs on disk (CLI), on open
 * editor buffers (extension) and on in-memory fixtures (tests).
 */
export interface Workspace {
  /** Absolute path of the workspace root (the folder holding dubbo-topology.yaml). */
  readonly root: string;
  /** Contents of a workspace-relative file (`/` separators), or undefined if it does not exist. */
  read(file: string): string | undefined;
  /** Every file below the root, workspace-relative, sorted; skips node_modules, .git, dist, out. */
  files(): string[];
  /** Why a file reads as undefined (or reads with replacement characters), when the workspace knows. */
  problem?(file: string): FileProblem | undefined;
  /**
   * Whether the file on disk begins with a UTF-8 byte order mark, which `read` leaves out (nginx and
   * Java's properties loader read it as part of the first word), when the workspace knows.
   */
  hasBom?(file: string): boolean;
  /**
   * A number that grows whenever a file's text may change (an editor buffer replaced, a file changed
   * on disk); undefined (or no such method) when the workspace keeps no track (see `ChangeJournal`).
   */
  version?(): number | undefined;
  /**
   * The files whose text may differ from what they read at `version`; undefined when that is not
   * known — always when a file was created or deleted since (answers about which files exist are
   * kept while this is known).
   */
  changedSince?(version: number): ReadonlySet<string> | undefined;
}

/** A file the workspace could not read as text, or only in part. */
export type FileProblem =
  | { kind: 'too-large'; size: number; limit: number }
  | { kind: 'binary'; size: number }
  /** Bytes that are not UTF-8 (e.g. a GBK comment); `offset` is the first replacement character. */
  | { kind: 'not-utf8'; size: number; offset?: number }
  /** The file is there but cannot be opened or read (permissions, a symbolic link loop): the error code. */
  | { kind: 'unreadable'; reason: string };

/** Where a placeholder's value came from, for related information and fixes. */
export interface Resolution {
  value: string;
  /**
   * `host` / `region` properties in the topology, a properties file, the service's `deploy.env` in
   * the topology (an environment variable, which Spring also resolves placeholders from), or the
   * `${key:default}`.
   */
  origin: 'host' | 'region' | 'properties' | 'env' | 'default';
  /** Where the value is written (undefined for a default, which sits in the using file itself). */
  file?: string;
  range?: Range;
}

/** A host from which a file's addresses are judged, with the service or share that makes it so. */
export interface Vantage {
  host: Host;
  service?: Service;
  share?: Share;
}

export interface AnalyzerContext {
  readonly ws: Workspace;
  readonly topology: Topology;
  /** Vantage hosts of a config file (see topology-format.md, "Vantage hosts"). */
  vantage(file: string): Vantage[];
  /**
   * Resolves `${key}` for one vantage host of `file`: host properties > region properties > the
   * service's key-value files (in `readOrder`, the last wins; each read with the Spring profiles
   * active on that host, see `properties`) > its `deploy.env` (as Spring reads environment
   * variables: `zk.address` also as `ZK_ADDRESS`) > `fallback`.
   */
  resolve(key: string, vantage: Vantage, fallback?: string): Resolution | undefined;
  /**
   * Parsed properties file (cached per engine run). With a vantage host: the file as that host reads
   * it, when the Spring profiles active there (`activeProfiles` in engine.ts, else the service's files'
   * own `spring.profiles.active`) choose among its documents, less the keys a file the service reads
   * after it sets (`readOrder`); otherwise, and without one, the file's own reading.
   */
  properties(file: string, vantage?: Vantage): PropertiesFile | undefined;
  /**
   * The key-value files (`.properties`, Spring Boot YAML) the service of a vantage host reads there,
   * lowest precedence first: its `config:` ones, then its `properties:` (a later one winning), less
   * the profile-specific files (`application-dr.yml`) of profiles not active on the host, each such
   * file after the plain one of its folder (see `springReadOrder`).
   */
  readOrder(vantage: Vantage): readonly string[];
  /**
   * The key-value files some host of a service reads only because a file it reads imports them
   * (`spring.config.import`, at any depth), in the order first read; they are judged from those hosts.
   */
  configImports(service: Service): readonly string[];
  /**
   * Where the service of a vantage host reads keys there that the workspace does not hold, as written:
   * imports of other sources (`optional:nacos:order.yml`) or not followed, imported files the workspace
   * lacks that must be there for the service to start, and configuration servers its keys name
   * (`spring.cloud.nacos.config.server-addr=…`; properties/imports.ts). A key with no value in the
   * workspace may be set there.
   */
  unknownSources(vantage: Vantage): readonly string[];
  /**
   * Rules set `off` for this run whose checks need not run at all (their findings would be dropped
   * when reported). Only a run without a cache skips them: the editor keeps its findings across
   * setting changes, so it runs every check and applies severities when reporting.
   */
  readonly skipped?: ReadonlySet<string>;
}

export interface Analyzer extends LanguageFeatures {
  readonly name: string;
  /** Workspace-relative files this analyzer examines. */
  files(ctx: AnalyzerContext): string[];
  /** Analyze one file. Must never throw for any input text; syntax problems become findings. */
  analyze(file: string, text: string, ctx: AnalyzerContext): Finding[];
  /**
   * Findings about the workspace as a whole rather than one of `files` (a registry's, on its service
   * in the topology), made once per run even when no file is examined. With a cache they are reused
   * while the topology and `sharedState` are the same: they may read only what those cover.
   */
  analyzeWorkspace?(ctx: AnalyzerContext): Finding[];
  /**
   * Other workspace files whose text the findings of `file` depend on (besides the file itself and
   * the topology), so a cached result is reused only while they are unchanged. Default: the other
   * `config:` and `properties:` files of the services listing `file`.
   */
  dependencies?(file: string, ctx: AnalyzerContext): string[];
  /**
   * A summary of what this analyzer reads across the whole workspace beyond `dependencies` (e.g.
   * which registry every Dubbo service uses): cached findings are reused only while it is unchanged.
   */
  sharedState?(ctx: AnalyzerContext): string;
  /**
   * The parts of the topology beyond its regions, hosts and services that this analyzer's findings
   * depend on (see topologyMeaning); all of them when not given. An edit of the topology in none of
   * them keeps its cached findings (but those that point into the topology file).
   */
  topologyParts?: readonly TopologyPart[];
}

/** Hover content computed in the core; the editor renders `markdown` as a MarkdownString. */
export interface HoverResult {
  range: Range;
  markdown: string;
}

export type CompletionKind = 'element' | 'attribute' | 'value' | 'address' | 'directive' | 'upstream' | 'property';

/** A completion proposal computed in the core; the editor maps it to a CompletionItem. */
export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (defaults to label); may be a snippet when `snippet` is true. */
  insertText?: string;
  snippet?: boolean;
  /** Range to replace (defaults to the word at the cursor). */
  range?: Range;
}

/** Where what is under the cursor is defined: `range` is what the editor underlines. */
export interface DefinitionResult {
  range: Range;
  targets: { file: string; range: Range }[];
}

/** An inlay hint: `label` shown at `position`. */
export interface InlayHintEntry {
  position: Position;
  label: string;
  /** Longer text for the hint's tooltip (Markdown). */
  tooltip?: string;
}

/** Optional editor features of an analyzer, pure so they are unit-testable. */
export interface LanguageFeatures {
  hover?(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): HoverResult | undefined;
  complete?(file: string, text: string, position: Position, ctx: AnalyzerContext, locale: Locale): CompletionEntry[];
  definition?(file: string, text: string, position: Position, ctx: AnalyzerContext): DefinitionResult | undefined;
  /** The file's outline. */
  symbols?(file: string, text: string): DocumentSymbolEntry[];
  /** Every place that names what is under the cursor (its definitions marked), for Find All References. */
  references?(file: string, text: string, position: Position, ctx: AnalyzerContext): { file: string; range: Range; definition: boolean }[] | undefined;
  /** Inlay hints inside `range` (the whole file when undefined). */
  hints?(file: string, text: string, ctx: AnalyzerContext, locale: Locale, range?: Range): InlayHintEntry[];
  /** What Rename would rename under the cursor: where its name is written and the name. */
  renameTarget?(file: string, text: string, position: Position): { range: Range; name: string } | undefined;
  /** The edits renaming what is under the cursor, across files; or why it cannot be renamed (localized). */
  rename?(file: string, text: string, position: Position, newName: string, ctx: AnalyzerContext, locale: Locale): { edits: TextEdit[] } | { refused: string } | undefined;
}
