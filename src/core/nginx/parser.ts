import { LineIndex } from '../text';
import type { Range } from '../types';

/**
 * An nginx configuration parser that reads text the way nginx does (`ngx_conf_read_token` and
 * `ngx_conf_parse` in src/core/ngx_conf_file.c) and keeps positions, quoting and comments, in the
 * spirit of nginxinc/crossplane's JSON. Syntax errors are returned as data with nginx's own message
 * text at the place nginx reports them; parsing goes on after an error so the rest of the file can
 * still be analyzed. `*_by_lua_block` bodies are kept as raw text. Nothing here throws.
 */

export interface NginxArg {
  /** The value nginx sees: quotes removed, `\"` `\'` `\\` `\t` `\r` `\n` unescaped. */
  value: string;
  /** The text as written, quotes included. */
  raw: string;
  quote?: '"' | "'";
  /** The closing quote is missing (the token ran to the end of the file). */
  unterminated?: boolean;
  start: number;
  end: number;
  range: Range;
}

export interface NginxDirective {
  kind: 'directive';
  /** The directive name (the value of the first token). */
  name: string;
  nameToken: NginxArg;
  args: NginxArg[];
  /** `;` or `{`; undefined when an error cut the directive short. */
  terminator?: ';' | '{';
  /** Offset of the terminator. */
  terminatorOffset?: number;
  /** Children of a block directive. */
  block?: NginxNode[];
  /** Body of a `*_by_lua_block`, verbatim, between the braces. */
  rawBody?: { text: string; start: number; end: number; range: Range };
  /** Offset of the block's closing `}` (undefined when missing). */
  closeOffset?: number;
  start: number;
  end: number;
  range: Range;
}

export interface NginxComment {
  kind: 'comment';
  /** Text after `#`, without the line break. */
  text: string;
  start: number;
  end: number;
  range: Range;
}

export type NginxNode = NginxDirective | NginxComment;

export interface NginxSyntaxError {
  /** nginx's message, without the ` in file:line` suffix. */
  message: string;
  /** Where nginx reports it (its line is nginx's line). */
  offset: number;
  range: Range;
  /** Where the unclosed quote or block starts, when that is the cause. */
  related?: { kind: 'quote' | 'block'; offset: number; range: Range };
}

export interface NginxConfig {
  file: string;
  text: string;
  lines: LineIndex;
  nodes: NginxNode[];
  errors: NginxSyntaxError[];
}

/** Blocks nested deeper than this are reported and skipped, so walking the tree cannot overflow the stack. */
const MAX_DEPTH = 200;

/** nginx's token buffer (NGX_CONF_BUFFER): a longer token is an error. */
const CONF_BUFFER = 4096;

/** Blocks whose contents nginx reads with a custom handler: a nested `{` is an error there. */
const HANDLER_BLOCKS = new Set(['types', 'map', 'geo', 'split_clients', 'charset_map']);

interface Stmt {
  rc: 'ok' | 'block' | 'done' | 'eof' | 'cut';
  args: NginxArg[];
  term?: number;
  before: NginxComment[];
  after: NginxComment[];
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
}

/** UTF-8 length of the UTF-16 code unit at i (a surrogate pair counts 4 on its first half). */
function utf8Len(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0x80) return 1;
  if (c < 0x800) return 2;
  if (c >= 0xd800 && c <= 0xdbff) return 4;
  if (c >= 0xdc00 && c <= 0xdfff) return 0;
  return 3;
}

/** The value nginx stores for a token's text (its unescaping loop). */
export function unescapeToken(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; ) {
    if (s[i] === '\\') {
      const nx = s[i + 1];
      if (nx === '"' || nx === "'" || nx === '\\') i++;
      else if (nx === 't' || nx === 'r' || nx === 'n') {
        out += nx === 't' ? '\t' : nx === 'r' ? '\r' : '\n';
        i += 2;
        continue;
      }
    }
    out += s[i++];
  }
  return out;
}

class Lexer {
  pos = 0;
  byte = 0;
  readonly errors: NginxSyntaxError[] = [];
  /** An unterminated quote or too-long token swallowed the rest: report nothing more at the end. */
  swallowed = false;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
  ) {}

  error(message: string, offset: number, related?: { kind: 'quote' | 'block'; offset: number }): void {
    this.errors.push({
      message,
      offset,
      range: this.lines.rangeOf(offset, Math.min(offset + 1, this.text.length)),
      related: related && { ...related, range: this.lines.rangeOf(related.offset, related.offset + 1) },
    });
  }

  private arg(rawStart: number, valueStart: number, valueEnd: number, rawEnd: number, quote?: '"' | "'", unterminated?: boolean): NginxArg {
    return {
      value: unescapeToken(this.text.slice(valueStart, valueEnd)),
      raw: this.text.slice(rawStart, rawEnd),
      quote,
      unterminated: unterminated || undefined,
      start: rawStart,
      end: rawEnd,
      range: this.lines.rangeOf(rawStart, rawEnd),
    };
  }

  private comment(start: number, end: number): NginxComment {
    let e = end;
    if (e > start && this.text[e - 1] === '\r') e--;
    return { kind: 'comment', text: this.text.slice(start + 1, e), start, end: e, range: this.lines.rangeOf(start, e) };
  }

  /** One statement, as ngx_conf_read_token returns it, with recovery instead of stopping. */
  read(): Stmt {
    const t = this.text;
    const n = t.length;
    const args: NginxArg[] = [];
    const before: NginxComment[] = [];
    const after: NginxComment[] = [];
    let needSpace = false;
    let lastSpace = true;
    let sharp = false;
    let variable = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let start = this.pos;
    let startByte = this.byte;
    let tokStart = this.pos;
    let commentStart = -1;
    let tooLong = false;
    const out = (rc: Stmt['rc'], term?: number): Stmt => ({ rc, args, term, before, after });
    const endComment = (end: number) => {
      (args.length === 0 ? before : after).push(this.comment(commentStart, end));
    };

    for (;;) {
      if (this.pos >= n) {
        if (sharp) endComment(n);
        if (args.length > 0 || !lastSpace) {
          if (!lastSpace) {
            const q = dQuoted ? '"' : sQuoted ? "'" : undefined;
            args.push(this.arg(tokStart, start, n, n, q, q !== undefined));
          }
          if (!tooLong && !this.swallowed) {
            const related = dQuoted || sQuoted ? { kind: 'quote' as const, offset: tokStart } : undefined;
            this.error('unexpected end of file, expecting ";" or "}"', n, related);
          }
          this.swallowed = true;
          return out('cut');
        }
        return out('eof');
      }

      const len = utf8Len(t, this.pos);
      if (!tooLong && this.byte + Math.max(len, 1) - 1 - startByte >= CONF_BUFFER) {
        // nginx reports this at the line where the token started.
        tooLong = true;
        if (dQuoted || sQuoted) {
          this.error(`too long parameter, probably missing terminating "${dQuoted ? '"' : "'"}" character`, start, {
            kind: 'quote',
            offset: tokStart,
          });
        } else {
          this.error(`too long parameter "${t.slice(start, start + 10)}..." started`, start);
        }
      }
      const ch = t[this.pos];
      this.pos++;
      this.byte += len;
      const at = this.pos - 1;

      if (ch === '\n' && sharp) {
        sharp = false;
        endComment(at);
      }
      if (sharp) continue;
      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (isSpace(ch)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (ch === ';') return out('ok', at);
        if (ch === '{') return out('block', at);
        if (ch === ')') {
          lastSpace = true;
          needSpace = false;
        } else {
          this.error(`unexpected "${ch}"`, at);
          if (ch === '}') {
            this.pos--;
            this.byte -= len;
            return out('cut');
          }
          // Go on as if a space separated the quoted token from this character.
          lastSpace = true;
          needSpace = false;
        }
      }

      if (lastSpace) {
        start = at;
        startByte = this.byte - len;
        tooLong = false;
        if (isSpace(ch)) continue;
        switch (ch) {
          case ';':
          case '{':
            if (args.length === 0) {
              this.error(`unexpected "${ch}"`, at);
              if (ch === '{') return out('block', at);
              continue;
            }
            return out(ch === '{' ? 'block' : 'ok', at);
          case '}':
            if (args.length !== 0) {
              this.error('unexpected "}"', at);
              this.pos--;
              this.byte -= len;
              return out('cut');
            }
            return out('done', at);
          case '#':
            sharp = true;
            commentStart = at;
            continue;
          case '\\':
            quoted = true;
            lastSpace = false;
            tokStart = at;
            continue;
          case '"':
          case "'":
            start++;
            startByte++;
            if (ch === '"') dQuoted = true;
            else sQuoted = true;
            lastSpace = false;
            tokStart = at;
            continue;
          case '$':
            variable = true;
            lastSpace = false;
            tokStart = at;
            continue;
          default:
            lastSpace = false;
            tokStart = at;
        }
      } else {
        if (ch === '{' && variable) continue;
        variable = false;
        if (ch === '\\') {
          quoted = true;
          continue;
        }
        if (ch === '$') {
          variable = true;
          continue;
        }
        let found = false;
        let quote: '"' | "'" | undefined;
        if (dQuoted) {
          if (ch === '"') {
            dQuoted = false;
            needSpace = true;
            found = true;
            quote = '"';
          }
        } else if (sQuoted) {
          if (ch === "'") {
            sQuoted = false;
            needSpace = true;
            found = true;
            quote = "'";
          }
        } else if (isSpace(ch) || ch === ';' || ch === '{') {
          lastSpace = true;
          found = true;
        }
        if (found) {
          args.push(this.arg(tokStart, start, at, quote ? at + 1 : at, quote));
          if (ch === ';') return out('ok', at);
          if (ch === '{') return out('block', at);
        }
      }
    }
  }

  /** Reads a Lua block body after its `{`; returns the offset of the closing `}` or -1. */
  readLua(): number {
    const t = this.text;
    let depth = 1;
    let i = this.pos;
    const longClose = (from: number): number => {
      // `[`, `=`*, `[` opens a long bracket; returns the index after its closing bracket or -1.
      const m = /^\[(=*)\[/.exec(t.slice(from, from + 64));
      if (!m) return -2;
      const close = `]${m[1]}]`;
      const e = t.indexOf(close, from + m[0].length);
      return e < 0 ? -1 : e + close.length;
    };
    while (i < t.length) {
      const ch = t[i];
      if (ch === '-' && t[i + 1] === '-') {
        const lc = longClose(i + 2);
        if (lc === -1) break;
        if (lc >= 0) {
          i = lc;
          continue;
        }
        const nl = t.indexOf('\n', i);
        i = nl < 0 ? t.length : nl + 1;
        continue;
      }
      if (ch === '[') {
        const lc = longClose(i);
        if (lc === -1) break;
        if (lc >= 0) {
          i = lc;
          continue;
        }
      }
      if (ch === '"' || ch === "'") {
        i++;
        while (i < t.length && t[i] !== ch && t[i] !== '\n') i += t[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if (ch === '{') depth++;
      if (ch === '}') {
        depth--;
        if (depth === 0) {
          this.setPos(i + 1);
          return i;
        }
      }
      i++;
    }
    this.setPos(t.length);
    return -1;
  }

  private setPos(p: number): void {
    for (let i = this.pos; i < p; i++) this.byte += utf8Len(this.text, i);
    this.pos = p;
  }
}

/** Parses one configuration file. Never throws. */
export function parseNginx(file: string, text: string): NginxConfig {
  const lines = new LineIndex(text);
  const lx = new Lexer(text, lines);

  /** Reads past a block nested too deeply to keep (without recursion); returns its closing `}`. */
  const skipBlock = (): number | undefined => {
    let depth = 1;
    for (;;) {
      const st = lx.read();
      if (st.rc === 'eof') return undefined;
      if (st.rc === 'block') {
        if (/_by_lua_block$/.test(st.args[0]?.value ?? '')) lx.readLua();
        else depth++;
      } else if (st.rc === 'done' && --depth === 0) return st.term;
    }
  };

  const parseBlock = (inBlock: boolean, handlerBlock: boolean, open?: number, depth = 0): { nodes: NginxNode[]; close?: number } => {
    const nodes: NginxNode[] = [];
    for (;;) {
      const st = lx.read();
      nodes.push(...st.before);
      if (st.rc === 'done') {
        if (!inBlock) {
          lx.error('unexpected "}"', st.term!);
          continue;
        }
        return { nodes, close: st.term };
      }
      if (st.rc === 'eof') {
        if (inBlock && !lx.swallowed) {
          lx.error('unexpected end of file, expecting "}"', text.length, open !== undefined ? { kind: 'block', offset: open } : undefined);
          lx.swallowed = true;
        }
        return { nodes };
      }
      const [nameToken, ...args] = st.args;
      const name = nameToken?.value ?? '';
      const first = nameToken ?? { value: '', raw: '', start: st.term!, end: st.term!, range: lines.rangeOf(st.term!, st.term!) };
      const d: NginxDirective = {
        kind: 'directive',
        name,
        nameToken: first,
        args,
        start: first.start,
        end: first.end,
        range: first.range,
      };
      if (st.rc === 'ok' || st.rc === 'block') {
        d.terminator = st.rc === 'ok' ? ';' : '{';
        d.terminatorOffset = st.term;
        d.end = st.term! + 1;
      } else if (args.length > 0) {
        d.end = args[args.length - 1].end;
      }
      if (st.rc === 'block') {
        if (handlerBlock) lx.error('unexpected "{"', st.term!);
        if (/_by_lua_block$/.test(name)) {
          const bodyStart = st.term! + 1;
          const close = lx.readLua();
          const bodyEnd = close >= 0 ? close : text.length;
          d.rawBody = { text: text.slice(bodyStart, bodyEnd), start: bodyStart, end: bodyEnd, range: lines.rangeOf(bodyStart, bodyEnd) };
          if (close >= 0) {
            d.closeOffset = close;
            d.end = close + 1;
          } else {
            lx.error('unexpected end of file, expecting "}"', text.length, { kind: 'block', offset: st.term! });
            lx.swallowed = true;
            d.end = text.length;
          }
        } else if (depth >= MAX_DEPTH) {
          // Real configurations nest a handful of levels; deeper input is kept out of the tree.
          lx.error(`blocks nested deeper than ${MAX_DEPTH} levels are not analyzed`, st.term!);
          const close = skipBlock();
          d.block = [];
          d.closeOffset = close;
          d.end = close !== undefined ? close + 1 : text.length;
          if (close === undefined && !lx.swallowed) {
            lx.error('unexpected end of file, expecting "}"', text.length, { kind: 'block', offset: st.term! });
            lx.swallowed = true;
          }
        } else {
          const inner = parseBlock(true, handlerBlock || HANDLER_BLOCKS.has(name), st.term, depth + 1);
          d.block = inner.nodes;
          d.closeOffset = inner.close;
          d.end = inner.close !== undefined ? inner.close + 1 : text.length;
        }
      }
      d.range = lines.rangeOf(d.start, d.end);
      nodes.push(d, ...st.after);
    }
  };

  const { nodes } = parseBlock(false, false);
  return { file, text, lines, nodes, errors: lx.errors };
}

// ---- Printing ----------------------------------------------------------------------------------

/** Quotes a value when nginx would not read it back as one token with the same value. */
export function quoteArg(value: string): string {
  if (value !== '' && !/[\s;{}"'\\#]/.test(value)) return value;
  if (/^\$\{\w+\}$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function printArg(a: NginxArg): string {
  return a.raw && !a.unterminated ? a.raw : quoteArg(a.value);
}

/**
 * Prints nodes as configuration text (one directive or comment per line, blocks indented).
 * Parsing the result gives the same directives, arguments and comments.
 */
export function printNginx(nodes: readonly NginxNode[], indent = '    ', level = 0): string {
  let out = '';
  const pad = indent.repeat(level);
  for (const node of nodes) {
    if (node.kind === 'comment') {
      out += `${pad}#${node.text}\n`;
      continue;
    }
    const head = [printArg(node.nameToken), ...node.args.map(printArg)].join(' ');
    if (node.rawBody) {
      out += `${pad}${head} {${node.rawBody.text}}\n`;
    } else if (node.block) {
      out += `${pad}${head} {\n${printNginx(node.block, indent, level + 1)}${pad}}\n`;
    } else {
      out += `${pad}${head};\n`;
    }
  }
  return out;
}

// ---- Queries -----------------------------------------------------------------------------------

/** Visits every directive depth-first with its ancestors (outermost first). */
export function walkDirectives(nodes: readonly NginxNode[], fn: (d: NginxDirective, parents: NginxDirective[]) => void, parents: NginxDirective[] = []): void {
  for (const n of nodes) {
    if (n.kind !== 'directive') continue;
    fn(n, parents);
    if (n.block) walkDirectives(n.block, fn, [...parents, n]);
  }
}

/** The innermost directive whose text span contains `offset`, with its ancestors. */
export function directiveAt(nodes: readonly NginxNode[], offset: number): { directive?: NginxDirective; parents: NginxDirective[] } {
  let found: NginxDirective | undefined;
  let chain: NginxDirective[] = [];
  walkDirectives(nodes, (d, parents) => {
    if (offset >= d.start && offset <= d.end) {
      found = d;
      chain = parents;
    }
  });
  return { directive: found, parents: chain };
}

/** The block directives that enclose `offset` (outermost first), whether or not a directive is there. */
export function enclosingBlocks(nodes: readonly NginxNode[], offset: number): NginxDirective[] {
  const out: NginxDirective[] = [];
  let list: readonly NginxNode[] | undefined = nodes;
  while (list) {
    const b: NginxDirective | undefined = list.find(
      (n): n is NginxDirective =>
        n.kind === 'directive' && n.block !== undefined && n.terminatorOffset !== undefined && offset > n.terminatorOffset && (n.closeOffset === undefined || offset <= n.closeOffset),
    );
    if (!b) break;
    out.push(b);
    list = b.block;
  }
  return out;
}
