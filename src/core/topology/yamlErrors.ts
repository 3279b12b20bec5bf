import type { MessageRef } from '../types';

/**
 * What the `yaml` library's error says, in the words of the topology-syntax messages: `detail` fills
 * the `yaml` message ("YAML syntax error: {detail}"), as a message of its own (`yaml/<CODE>` or
 * `yaml/<CODE>/<shape>` in rules/topology/topologySyntax.ts, both languages) when the error's code
 * and wording are known here, else as the library's English text, verbatim. `closing` is the
 * character a quote or bracket left open lacks, for the finding to sit where it opens.
 */
export interface YamlErrorText {
  detail: MessageRef | string;
  closing?: string;
}

type Data = Record<string, string>;
type Reading = { id: string; data?: Data; closing?: string };

/** One wording of a code: the library's message (its first line), and what to say instead. */
type Shape = [RegExp, (m: RegExpExecArray) => Reading | undefined];

const plain =
  (id: string): Shape[1] =>
  () => ({ id });

const OPENER: Record<string, string> = { ']': '[', '}': '{' };
const KIND_CLOSE: Record<string, string> = { sequence: ']', map: '}' };

/** A flow collection left open: `[` ... with no `]`. The kind the library names must agree with the character. */
const flow =
  (id: string): Shape[1] =>
  (m) =>
    KIND_CLOSE[m[1]] === m[2] ? { id, data: { open: OPENER[m[2]], close: m[2] }, closing: m[2] } : undefined;

/** Text taken from the library's message into ours: short, on one line. */
function excerpt(s: string, max = 40): string {
  const line = s.split(/\r?\n/)[0];
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/**
 * The wordings of each code a topology can meet, as the library (yaml 2.x) writes them; parsed with
 * `strict: false`, the library's warnings are not errors and are left out. A wording not listed, or a
 * code not listed (IMPOSSIBLE, the library's own slips), keeps the library's text.
 */
const SHAPES: Record<string, Shape[]> = {
  BAD_INDENT: [
    [/^All mapping items must start at the same column$/, plain('yaml/BAD_INDENT/mapping')],
    [/^Flow (sequence|map) in block collection must be sufficiently indented and end with a ([\]}])$/, flow('yaml/BAD_INDENT/flow')],
  ],
  MISSING_CHAR: [
    [/^Missing closing (["'])quote$/, (m) => ({ id: 'yaml/MISSING_CHAR/quote', data: { quote: m[1] }, closing: m[1] })],
    [/^Flow (sequence|map) must end with a ([\]}])$/, flow('yaml/MISSING_CHAR/flow')],
    [/^Missing , (?:or : )?between flow (sequence|map) items$/, (m) => ({ id: 'yaml/MISSING_CHAR/comma', data: { open: OPENER[KIND_CLOSE[m[1]]], close: KIND_CLOSE[m[1]] } })],
    [/^Implicit map keys need to be followed by map values$/, plain('yaml/MISSING_CHAR/colon')],
    [/^Sequence item without - indicator$/, plain('yaml/MISSING_CHAR/dash')],
    [/^Tags and anchors must be separated from the next token by white space$/, plain('yaml/MISSING_CHAR/space')],
    [/^Missing newline after block sequence props$/, plain('yaml/MISSING_CHAR/newline')],
    [/^Missing directives-end(?:\/doc-start)? indicator line$/, plain('yaml/MISSING_CHAR/documentStart')],
    [/^Block collection cannot start on same line with directives-end marker$/, plain('yaml/MISSING_CHAR/documentStartLine')],
  ],
  MULTILINE_IMPLICIT_KEY: [[/^Implicit keys need to be on a single line$/, plain('yaml/MULTILINE_IMPLICIT_KEY')]],
  BLOCK_AS_IMPLICIT_KEY: [
    [/^Nested mappings are not allowed in compact mappings$/, plain('yaml/BLOCK_AS_IMPLICIT_KEY/compact')],
    [/^A block sequence may not be used as an implicit map key$/, plain('yaml/BLOCK_AS_IMPLICIT_KEY/sequence')],
  ],
  DUPLICATE_KEY: [[/^Map keys must be unique$/, plain('yaml/DUPLICATE_KEY')]],
  UNEXPECTED_TOKEN: [
    [/^Unexpected , in flow (?:sequence|map)$/, plain('yaml/UNEXPECTED_TOKEN/comma')],
    [
      // The composer's wording: the token's type, and its text as JSON.
      /^Unexpected ([\w-]+) token in YAML (?:stream|document): ("(?:[^"\\]|\\.)*")$/,
      (m): Reading | undefined => {
        let text: unknown;
        try {
          text = JSON.parse(m[2]);
        } catch {
          return undefined;
        }
        if (typeof text !== 'string' || text.trim() === '') return undefined;
        const close = m[1] === 'flow-seq-end' ? ']' : m[1] === 'flow-map-end' ? '}' : undefined;
        return close && text === close
          ? { id: 'yaml/UNEXPECTED_TOKEN/close', data: { close, open: OPENER[close] } }
          : { id: 'yaml/UNEXPECTED_TOKEN/token', data: { text: excerpt(text) } };
      },
    ],
    [/^Unexpected [\w-]+ at node end$/, plain('yaml/UNEXPECTED_TOKEN/afterValue')],
    [/^Unexpected block-seq-ind on same line with key$/, plain('yaml/UNEXPECTED_TOKEN/dashOnKeyLine')],
    [/^Block scalar header includes extra characters: ([|>])/, (m) => ({ id: 'yaml/UNEXPECTED_TOKEN/blockHeader', data: { indicator: m[1] } })],
  ],
  BAD_SCALAR_START: [
    [/^Plain value cannot start with (?:reserved character|directive indicator character|flow indicator character|block scalar indicator) (\S)$/, (m) => ({ id: 'yaml/BAD_SCALAR_START', data: { char: m[1] } })],
  ],
  TAB_AS_INDENT: [[/^Tabs are not allowed as indentation$/, plain('yaml/TAB_AS_INDENT')]],
  ALIAS_PROPS: [[/^An alias node must not specify any properties$/, plain('yaml/ALIAS_PROPS')]],
  BAD_ALIAS: [
    [/^Alias cannot be an empty string$/, plain('yaml/BAD_ALIAS/alias')],
    [/^Anchor cannot be an empty string$/, plain('yaml/BAD_ALIAS/anchor')],
  ],
  MULTIPLE_ANCHORS: [[/^A node can have at most one anchor$/, plain('yaml/MULTIPLE_ANCHORS')]],
  MULTIPLE_TAGS: [[/^A node can have at most one tag$/, plain('yaml/MULTIPLE_TAGS')]],
  BAD_PROP_ORDER: [[/^Anchors and tags must be after the (\S+) indicator$/, (m) => ({ id: 'yaml/BAD_PROP_ORDER', data: { indicator: m[1] } })]],
  BAD_DQ_ESCAPE: [
    // The library quotes what follows the backslash as far as the escape would reach (`\Users\dep` for
    // `\U`, which takes 8 hex digits): shown up to the next backslash or quote.
    [/^Invalid escape sequence (\\[^\\"]*)/, (m) => ({ id: 'yaml/BAD_DQ_ESCAPE', data: { escape: excerpt(m[1], 10) } })],
  ],
  BLOCK_IN_FLOW: [[/^Block collections are not allowed within flow collections$/, plain('yaml/BLOCK_IN_FLOW')]],
  MULTIPLE_DOCS: [[/^Source contains multiple documents/, plain('yaml/MULTIPLE_DOCS')]],
  BAD_DIRECTIVE: [
    [/^%(YAML|TAG) directive should contain exactly (?:one|two) parts?$/, (m) => ({ id: 'yaml/BAD_DIRECTIVE', data: { name: m[1] } })],
    [/^Unsupported YAML version /, () => ({ id: 'yaml/BAD_DIRECTIVE', data: { name: 'YAML' } })],
  ],
  // The composer's stack overflow on collections nested thousands deep (whatever the engine calls it).
  RESOURCE_EXHAUSTION: [[/(?:call stack|recursion)/i, plain('yaml/RESOURCE_EXHAUSTION')]],
  TAG_RESOLVE_FAILED: [
    [/^Could not resolve tag: (\S+)$/, (m) => ({ id: 'yaml/TAG_RESOLVE_FAILED', data: { tag: excerpt(m[1]) } })],
    [/^The (\S+) tag has no suffix$/, (m) => ({ id: 'yaml/TAG_RESOLVE_FAILED', data: { tag: excerpt(m[1]) } })],
  ],
};

/** The library's message on one line, without the position its pretty errors append. */
function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** A library error (its `code` and `message`) told in the topology-syntax messages; see YamlErrorText. */
export function describeYamlError(code: string | undefined, message: string): YamlErrorText {
  const text = firstLine(message);
  for (const [re, read] of (code !== undefined && Object.hasOwn(SHAPES, code) ? SHAPES[code] : [])) {
    const m = re.exec(text);
    const r = m ? read(m) : undefined;
    if (r) return { detail: { id: r.id, data: r.data ?? {} }, ...(r.closing ? { closing: r.closing } : {}) };
  }
  return { detail: text };
}
