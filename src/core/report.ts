import { sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliMessages, oneLine } from './cliMessages';
import { allRules } from './rules/catalog';
import { docsUrl } from './rules/meta';
import type { Diagnostic, Locale, Range, SeveritySetting } from './types';

/** 1-based line/column, end exclusive, columns in UTF-16 code units (cli.md). */
function oneBased(r: Range) {
  return { line: r.start.line + 1, column: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/**
 * The `--format json` report: one line, for programs to read (not indented: on a big workspace
 * indentation added a third to the output and ~5% to the whole lint's time).
 */
export function toJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({
    diagnostics: diagnostics.map((d) => ({
      file: d.file,
      ...oneBased(d.range),
      severity: d.severity,
      rule: d.rule,
      message: d.message,
      fixes: d.fixes.map((f) => ({
        title: f.title,
        safe: f.safe,
        edits: f.edits.map((e) => ({ file: e.file, ...oneBased(e.range), newText: e.newText })),
      })),
    })),
  });
}

/** The `--format text` report: `file:line:col severity rule message`, one per line, then a summary. */
export function toText(diagnostics: readonly Diagnostic[], locale: Locale): string {
  const lines = diagnostics.map((d) => {
    const p = oneBased(d.range);
    return `${oneLine(d.file)}:${p.line}:${p.column} ${d.severity} ${d.rule} ${oneLine(d.message)}`;
  });
  const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
  lines.push(cliMessages(locale).summary(count('error'), count('warning'), count('info') + count('hint')));
  return lines.join('\n');
}

/** How a run was set up, for SARIF's `invocations` and `originalUriBaseIds`. */
export interface SarifRun {
  /** The folder linted (absolute): what `SRCROOT` stands for. */
  root?: string;
  /** Rules set in the topology's `rules:` (their severity or `off`). */
  settings?: ReadonlyMap<string, SeveritySetting>;
}

/**
 * A workspace-relative path as a SARIF `uri` (a relative URI reference): each segment
 * percent-encoded, so a space, `#`, `?` or a Chinese folder name stays part of the path.
 */
export function sarifUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

export function toSarif(diagnostics: readonly Diagnostic[], locale: Locale, version: string, setup: SarifRun = {}): string {
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const rules = allRules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description[locale] ?? r.description.en },
    helpUri: docsUrl(r.id, locale),
    defaultConfiguration: { level: r.severity === 'off' ? 'none' : level(r.severity), enabled: r.severity !== 'off' },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const region = (r: Range) => {
    const p = oneBased(r);
    return { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'dubbo-topology',
            version,
            informationUri: 'https://github.com/dubbo-topology/dubbo-topology',
            rules,
          },
        },
        ...(setup.root ? { originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(setup.root.endsWith(sep) ? setup.root : setup.root + sep).href } } } : {}),
        // The topology's `rules:`: what the results' levels follow rather than the defaults above.
        ...(setup.settings?.size
          ? {
              invocations: [
                {
                  executionSuccessful: true,
                  ruleConfigurationOverrides: [...setup.settings]
                    .filter(([id]) => ruleIndex.has(id))
                    .map(([id, setting]) => ({
                      descriptor: { id, index: ruleIndex.get(id) },
                      configuration: setting === 'off' ? { enabled: false, level: 'none' } : { enabled: true, level: level(setting) },
                    })),
                },
              ],
            }
          : {}),
        columnKind: 'utf16CodeUnits',
        results: diagnostics.map((d) => ({
          ruleId: d.rule,
          ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
          level: level(d.severity),
          message: { text: d.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(d.file), uriBaseId: 'SRCROOT' }, region: region(d.range) } }],
          ...(d.related.length
            ? {
                relatedLocations: d.related.map((r, i) => ({
                  id: i,
                  message: { text: r.message },
                  physicalLocation: { artifactLocation: { uri: sarifUri(r.file), uriBaseId: 'SRCROOT' }, region: region(r.range) },
                })),
              }
            : {}),
          ...(d.fixes.length
            ? {
                fixes: d.fixes.map((f) => ({
                  description: { text: f.title },
                  artifactChanges: groupByFile(f.edits).map(([file, edits]) => ({
                    artifactLocation: { uri: sarifUri(file), uriBaseId: 'SRCROOT' },
                    replacements: edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })),
                  })),
                })),
              }
            : {}),
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

function groupByFile<T extends { file: string }>(edits: T[]): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const e of edits) m.set(e.file, [...(m.get(e.file) ?? []), e]);
  return [...m];
}
