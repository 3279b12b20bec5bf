import { commonPrefix, commonSuffix, StringTable } from '../strings';
import { LINK_DIRECTIVES } from './linkNames';
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
  /** Offset just after the name token as written (its closing quote included). */
  readonly nameEnd: number;
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
  /**
   * What ties files and backends together, so that following includes and collecting upstreams
   * need not walk every directive: the directives of LINK_DIRECTIVES (linkNames.ts: `include`,
   * `upstream`, `proxy_pass` and the other passes, `resolver`, `listen`, zone declarations, buffer
   * sizes, header lists, ...) and the
   * directives inside `upstream` blocks, in reading order, each with its enclosing block directives (outermost first;
   * arrays shared by siblings).
   */
  links: { directives: NginxDirective[]; parents: NginxDirective[][] };
}

const NO_PARENTS: NginxDirective[] = [];

/** Blocks nested deeper than this are reported and skipped, so walking the tree cannot overflow the stack. */
const MAX_DEPTH = 200;

/** nginx's token buffer (NGX_CONF_BUFFER): a longer token is an error. */
const CONF_BUFFER = 4096;

/** Blocks whose contents nginx reads with a custom handler: a nested `{` is an error there. */
const HANDLER_BLOCKS = new Set(['types', 'map', 'num_map', 'geo', 'split_clients', 'charset_map']);

/** What `Lexer.read` found: nginx's NGX_OK, NGX_CONF_BLOCK_START, NGX_CONF_BLOCK_DONE, NGX_CONF_FILE_DONE, or a cut. */
const OK = 0;
const BLOCK = 1;
const DONE = 2;
const EOF = 3;
const CUT = 4;

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const SEMI = 59;
const LBRACE = 123;
const RBRACE = 125;
const HASH = 35;
const BACKSLASH = 92;
const DQUOTE = 34;
const SQUOTE = 39;
const DOLLAR = 36;
const RPAREN = 41;

/** Directive names and short arguments, shared by every parsed file (see StringTable). */
const TOKENS = new StringTable(8192, 24);

function isSpaceCode(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF;
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
  if (s.indexOf('\\') < 0) return s;
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

// Nodes keep their offsets and compute line/character ranges when asked (most never are: only the
// places a finding points at). They are kept small: a workspace holds thousands of parsed files.

/** Token flags: how it was quoted, whether its value differs from its text. */
const F_DQUOTE = 1;
const F_SQUOTE = 2;
const F_UNTERMINATED = 4;
/** The text differs from the value: quotes, escapes, or a token cut at the end of the file. */
const F_RAW = 8;

class Token implements NginxArg {
  readonly #lines: LineIndex;
  readonly #flags: number;
  readonly value: string;
  readonly start: number;
  readonly end: number;

  constructor(lines: LineIndex, value: string, start: number, end: number, flags: number) {
    this.#lines = lines;
    this.#flags = flags;
    this.value = value;
    this.start = start;
    this.end = end;
  }

  get raw(): string {
    return this.#flags === 0 ? this.value : this.#lines.text.slice(this.start, this.end);
  }

  get quote(): '"' | "'" | undefined {
    return this.#flags & F_DQUOTE ? '"' : this.#flags & F_SQUOTE ? "'" : undefined;
  }

  get unterminated(): true | undefined {
    return this.#flags & F_UNTERMINATED ? true : undefined;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.start, this.end);
  }

  /** This token in another version of the text, `delta` further on. */
  moved(lines: LineIndex, delta: number): Token {
    return new Token(lines, this.value, this.start + delta, this.end + delta, this.#flags);
  }
}

class Directive implements NginxDirective {
  declare readonly kind: 'directive';
  readonly #lines: LineIndex;
  readonly nameEnd: number;
  readonly #nameFlags: number;
  #nameToken: NginxArg | undefined;
  readonly name: string;
  args: NginxArg[];
  terminatorOffset: number | undefined;
  block: NginxNode[] | undefined;
  rawBody: { text: string; start: number; end: number; range: Range } | undefined;
  closeOffset: number | undefined;
  start: number;
  end: number;

  constructor(lines: LineIndex, name: string, start: number, nameEnd: number, nameFlags: number, args: NginxArg[]) {
    this.#lines = lines;
    this.nameEnd = nameEnd;
    this.#nameFlags = nameFlags;
    this.#nameToken = undefined;
    this.name = name;
    this.args = args;
    this.terminatorOffset = undefined;
    this.block = undefined;
    this.rawBody = undefined;
    this.closeOffset = undefined;
    this.start = start;
    this.end = nameEnd;
  }

  get nameToken(): NginxArg {
    return (this.#nameToken ??= new Token(this.#lines, this.name, this.start, this.nameEnd, this.#nameFlags));
  }

  get terminator(): ';' | '{' | undefined {
    return this.terminatorOffset === undefined ? undefined : this.#lines.text.charCodeAt(this.terminatorOffset) === SEMI ? ';' : '{';
  }

  get range(): Range {
    return this.#lines.rangeOf(this.start, this.end);
  }

  /**
   * This directive in another version of the text, read from `lines`, with its offsets from `at` on
   * `delta` further and `block` as its children. A Lua body moves whole (it is never split).
   */
  moved(lines: LineIndex, at: number, delta: number, block: NginxNode[] | undefined): Directive {
    const shift = (o: number) => (o >= at ? o + delta : o);
    const args = new Array<NginxArg>(this.args.length);
    for (let i = 0; i < args.length; i++) {
      const a = this.args[i] as Token;
      args[i] = a.start >= at ? a.moved(lines, delta) : a;
    }
    const d = new Directive(lines, this.name, shift(this.start), shift(this.nameEnd), this.#nameFlags, args);
    d.terminatorOffset = this.terminatorOffset === undefined ? undefined : shift(this.terminatorOffset);
    d.block = block;
    if (this.rawBody) {
      const start = shift(this.rawBody.start);
      const end = shift(this.rawBody.end);
      d.rawBody = { text: this.rawBody.text, start, end, range: lines.rangeOf(start, end) };
    }
    d.closeOffset = this.closeOffset === undefined ? undefined : shift(this.closeOffset);
    d.end = shift(this.end);
    return d;
  }
}
Object.defineProperty(Directive.prototype, 'kind', { value: 'directive' });

class Comment implements NginxComment {
  declare readonly kind: 'comment';
  readonly #lines: LineIndex;
  readonly text: string;
  readonly start: number;
  readonly end: number;

  constructor(lines: LineIndex, text: string, start: number, end: number) {
    this.#lines = lines;
    this.text = text;
    this.start = start;
    this.end = end;
  }

  get range(): Range {
    return this.#lines.rangeOf(this.start, this.end);
  }

  /** This comment in another version of the text, `delta` further on. */
  moved(lines: LineIndex, delta: number): Comment {
    return new Comment(lines, this.text, this.start + delta, this.end + delta);
  }
}
Object.defineProperty(Comment.prototype, 'kind', { value: 'comment' });

class Lexer {
  pos = 0;
  byte = 0;
  readonly errors: NginxSyntaxError[] = [];
  /** An unterminated quote or too-long token swallowed the rest: report nothing more at the end. */
  swallowed = false;

  // The statement `read` found: its tokens (five numbers each in `spans`: raw start, value start,
  // value end, raw end, flags), the offset of `;`, `{` or `}`, and the comments before its first
  // token and after it.
  ntok = 0;
  readonly spans: number[] = [];
  term = -1;
  before: NginxComment[] | undefined = undefined;
  after: NginxComment[] | undefined = undefined;

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

  private push(rawStart: number, valueStart: number, valueEnd: number, rawEnd: number, flags: number): void {
    const o = this.ntok++ * 5;
    const sp = this.spans;
    sp[o] = rawStart;
    sp[o + 1] = valueStart;
    sp[o + 2] = valueEnd;
    sp[o + 3] = rawEnd;
    sp[o + 4] = flags;
  }

  /** The value of token `i` of the statement, and whether unescaping changed it. */
  value(i: number): string {
    const o = i * 5;
    return unescapeToken(TOKENS.slice(this.text, this.spans[o + 1], this.spans[o + 2]));
  }

  /** Flags of token `i`, with F_RAW when `value` is not the token's whole text. */
  flags(i: number, value: string): number {
    const o = i * 5;
    const sp = this.spans;
    const differs = sp[o] !== sp[o + 1] || sp[o + 3] !== sp[o + 2] || value.length !== sp[o + 2] - sp[o + 1];
    return sp[o + 4] | (differs ? F_RAW : 0);
  }

  token(i: number): NginxArg {
    const o = i * 5;
    const value = this.value(i);
    return new Token(this.lines, value, this.spans[o], this.spans[o + 3], this.flags(i, value));
  }

  private comment(start: number, end: number): void {
    let e = end;
    if (e > start && this.text.charCodeAt(e - 1) === CR) e--;
    const c = new Comment(this.lines, this.text.slice(start + 1, e), start, e);
    if (this.ntok === 0) (this.before ??= []).push(c);
    else (this.after ??= []).push(c);
  }

  /** One statement, as ngx_conf_read_token returns it, with recovery instead of stopping. */
  read(): number {
    const t = this.text;
    const n = t.length;
    this.ntok = 0;
    this.term = -1;
    this.before = undefined;
    this.after = undefined;
    let pos = this.pos;
    let byte = this.byte;
    let needSpace = false;
    let lastSpace = true;
    let sharp = false;
    let variable = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let start = pos;
    let startByte = byte;
    let tokStart = pos;
    let commentStart = -1;
    let tooLong = false;

    for (;;) {
      if (pos >= n) {
        this.pos = pos;
        this.byte = byte;
        if (sharp) this.comment(commentStart, n);
        if (this.ntok > 0 || !lastSpace) {
          if (!lastSpace) this.push(tokStart, start, n, n, dQuoted ? F_DQUOTE | F_UNTERMINATED : sQuoted ? F_SQUOTE | F_UNTERMINATED : 0);
          if (!tooLong && !this.swallowed) {
            const related = dQuoted || sQuoted ? { kind: 'quote' as const, offset: tokStart } : undefined;
            this.error('unexpected end of file, expecting ";" or "}"', n, related);
          }
          this.swallowed = true;
          return CUT;
        }
        return EOF;
      }

      const c = t.charCodeAt(pos);
      const len = c < 0x80 ? 1 : utf8Len(t, pos);
      if (!tooLong && byte + (len > 1 ? len : 1) - 1 - startByte >= CONF_BUFFER) {
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
      pos++;
      byte += len;
      const at = pos - 1;

      if (c === LF && sharp) {
        sharp = false;
        this.comment(commentStart, at);
      }
      if (sharp) continue;
      if (quoted) {
        quoted = false;
        continue;
      }

      if (needSpace) {
        if (isSpaceCode(c)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (c === SEMI || c === LBRACE) {
          this.pos = pos;
          this.byte = byte;
          this.term = at;
          return c === SEMI ? OK : BLOCK;
        }
        if (c === RPAREN) {
          lastSpace = true;
          needSpace = false;
        } else {
          this.error(`unexpected "${t[at]}"`, at);
          if (c === RBRACE) {
            this.pos = pos - 1;
            this.byte = byte - len;
            return CUT;
          }
          // Go on as if a space separated the quoted token from this character.
          lastSpace = true;
          needSpace = false;
        }
      }

      if (lastSpace) {
        start = at;
        startByte = byte - len;
        tooLong = false;
        if (isSpaceCode(c)) {
          // A run of blanks: each would only move the start of the next token.
          while (pos < n && isSpaceCode(t.charCodeAt(pos))) {
            pos++;
            byte++;
          }
          start = pos - 1;
          startByte = byte - 1;
          continue;
        }
        switch (c) {
          case SEMI:
          case LBRACE:
            if (this.ntok === 0) {
              this.error(`unexpected "${t[at]}"`, at);
              if (c === LBRACE) {
                this.pos = pos;
                this.byte = byte;
                this.term = at;
                return BLOCK;
              }
              continue;
            }
            this.pos = pos;
            this.byte = byte;
            this.term = at;
            return c === LBRACE ? BLOCK : OK;
          case RBRACE:
            if (this.ntok !== 0) {
              this.error('unexpected "}"', at);
              this.pos = pos - 1;
              this.byte = byte - len;
              return CUT;
            }
            this.pos = pos;
            this.byte = byte;
            this.term = at;
            return DONE;
          case HASH:
            sharp = true;
            commentStart = at;
            continue;
          case BACKSLASH:
            quoted = true;
            lastSpace = false;
            tokStart = at;
            continue;
          case DQUOTE:
          case SQUOTE:
            start++;
            startByte++;
            if (c === DQUOTE) dQuoted = true;
            else sQuoted = true;
            lastSpace = false;
            tokStart = at;
            continue;
          case DOLLAR:
            variable = true;
            lastSpace = false;
            tokStart = at;
            continue;
          default:
            lastSpace = false;
            tokStart = at;
        }
      } else {
        if (c === LBRACE && variable) continue;
        variable = false;
        if (c === BACKSLASH) {
          quoted = true;
          continue;
        }
        if (c === DOLLAR) {
          variable = true;
          continue;
        }
        if (dQuoted) {
          if (c === DQUOTE) {
            dQuoted = false;
            needSpace = true;
            this.push(tokStart, start, at, at + 1, F_DQUOTE);
          }
        } else if (sQuoted) {
          if (c === SQUOTE) {
            sQuoted = false;
            needSpace = true;
            this.push(tokStart, start, at, at + 1, F_SQUOTE);
          }
        } else if (isSpaceCode(c) || c === SEMI || c === LBRACE) {
          lastSpace = true;
          this.push(tokStart, start, at, at, 0);
          if (c !== SEMI && c !== LBRACE) continue;
          this.pos = pos;
          this.byte = byte;
          this.term = at;
          return c === SEMI ? OK : BLOCK;
        } else {
          // The rest of an unquoted token: ASCII characters that change no state are taken as a
          // run, up to where the token would become too long (the loop above reports that).
          while (pos < n) {
            const x = t.charCodeAt(pos);
            if (x >= 0x80 || isSpaceCode(x) || x === SEMI || x === LBRACE || x === BACKSLASH || x === DOLLAR) break;
            if (!tooLong && byte - startByte >= CONF_BUFFER) break;
            pos++;
            byte++;
          }
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

function isLuaBlockName(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

/** Reads past a block nested too deeply to keep (without recursion); returns its closing `}`. */
function skipBlock(lx: Lexer): number | undefined {
  let depth = 1;
  for (;;) {
    const rc = lx.read();
    if (rc === EOF) return undefined;
    if (rc === BLOCK) {
      if (lx.ntok > 0 && isLuaBlockName(lx.value(0))) lx.readLua();
      else depth++;
    } else if (rc === DONE && --depth === 0) return lx.term;
  }
}

/**
 * Reads statements into `nodes` up to the `}` that closes the block (its offset is returned) or the
 * end of the file (undefined). `parents` are the enclosing block directives, outermost first.
 */
function parseBlock(
  lx: Lexer,
  links: NginxConfig['links'],
  nodes: NginxNode[],
  parents: NginxDirective[],
  inBlock: boolean,
  handlerBlock: boolean,
  open: number,
  depth: number,
): number | undefined {
  const { text, lines } = lx;
  const inUpstream = parents.length > 0 && parents[parents.length - 1].name === 'upstream';
  for (;;) {
    const rc = lx.read();
    if (lx.before !== undefined) for (const c of lx.before) nodes.push(c);
    if (rc === DONE) {
      if (!inBlock) {
        lx.error('unexpected "}"', lx.term);
        continue;
      }
      return lx.term;
    }
    if (rc === EOF) {
      if (inBlock && !lx.swallowed) {
        lx.error('unexpected end of file, expecting "}"', text.length, open >= 0 ? { kind: 'block', offset: open } : undefined);
        lx.swallowed = true;
      }
      return undefined;
    }
    const term = lx.term;
    const after = lx.after;
    const ntok = lx.ntok;
    let args: NginxArg[] = [];
    if (ntok > 1) {
      args = new Array<NginxArg>(ntok - 1);
      for (let i = 1; i < ntok; i++) args[i - 1] = lx.token(i);
    }
    let d: Directive;
    if (ntok > 0) {
      const name = lx.value(0);
      d = new Directive(lines, name, lx.spans[0], lx.spans[3], lx.flags(0, name), args);
    } else d = new Directive(lines, '', term, term, 0, args);
    const name = d.name;
    if (inUpstream || LINK_DIRECTIVES.has(name)) {
      links.directives.push(d);
      links.parents.push(parents);
    }
    if (rc === OK || rc === BLOCK) {
      d.terminatorOffset = term;
      d.end = term + 1;
    } else if (args.length > 0) {
      d.end = args[args.length - 1].end;
    }
    if (rc === BLOCK) {
      if (handlerBlock) lx.error('unexpected "{"', term);
      if (isLuaBlockName(name)) {
        const bodyStart = term + 1;
        const close = lx.readLua();
        const bodyEnd = close >= 0 ? close : text.length;
        d.rawBody = { text: text.slice(bodyStart, bodyEnd), start: bodyStart, end: bodyEnd, range: lines.rangeOf(bodyStart, bodyEnd) };
        if (close >= 0) {
          d.closeOffset = close;
          d.end = close + 1;
        } else {
          lx.error('unexpected end of file, expecting "}"', text.length, { kind: 'block', offset: term });
          lx.swallowed = true;
          d.end = text.length;
        }
      } else if (depth >= MAX_DEPTH) {
        // Real configurations nest a handful of levels; deeper input is kept out of the tree.
        lx.error(`blocks nested deeper than ${MAX_DEPTH} levels are not analyzed`, term);
        const close = skipBlock(lx);
        d.block = [];
        d.closeOffset = close;
        d.end = close !== undefined ? close + 1 : text.length;
        if (close === undefined && !lx.swallowed) {
          lx.error('unexpected end of file, expecting "}"', text.length, { kind: 'block', offset: term });
          lx.swallowed = true;
        }
      } else {
        const block: NginxNode[] = [];
        const close = parseBlock(lx, links, block, [...parents, d], true, handlerBlock || HANDLER_BLOCKS.has(name), term, depth + 1);
        // Kept at its size: the list grew by push, with room to spare, and grows no more.
        d.block = block.slice();
        d.closeOffset = close;
        d.end = close !== undefined ? close + 1 : text.length;
      }
    }
    nodes.push(d);
    if (after !== undefined) for (const c of after) nodes.push(c);
  }
}

/** Parses one configuration file. Never throws. */
export function parseNginx(file: string, text: string): NginxConfig {
  const lines = new LineIndex(text);
  const lx = new Lexer(text, lines);
  const links: NginxConfig['links'] = { directives: [], parents: [] };
  const nodes: NginxNode[] = [];
  parseBlock(lx, links, nodes, NO_PARENTS, false, false, -1, 0);
  return { file, text, lines, nodes, errors: lx.errors, links };
}

// ---- Re-parsing after an edit --------------------------------------------------------------------

/**
 * How many versions of a file's text the nodes of a re-parsed configuration may still read from
 * (each keeps its text and line index alive); past it `reparseNginx` parses the file whole again.
 */
const MAX_VERSIONS = 8;
const versionsOf = new WeakMap<NginxConfig, number>();

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || c === CR) return true;
  }
  return false;
}

/** A node after the edit, `delta` further on, read from `lines` (its block moved with it). */
function movedNode(n: NginxNode, lines: LineIndex, delta: number): NginxNode {
  if (n.kind === 'comment') return (n as Comment).moved(lines, delta);
  const block = n.block?.map((c) => movedNode(c, lines, delta));
  return (n as Directive).moved(lines, n.start, delta, block);
}

/** The directives of LINK_DIRECTIVES and those inside `upstream` blocks, as `parseBlock` collects them. */
function collectLinks(nodes: readonly NginxNode[], parents: NginxDirective[], links: NginxConfig['links']): void {
  const inUpstream = parents.length > 0 && parents[parents.length - 1].name === 'upstream';
  for (const n of nodes) {
    if (n.kind !== 'directive') continue;
    if (inUpstream || LINK_DIRECTIVES.has(n.name)) {
      links.directives.push(n);
      links.parents.push(parents);
    }
    if (n.block !== undefined && n.block.length > 0) collectLinks(n.block, [...parents, n], links);
  }
}

/**
 * Parses `text`, a later version of the text `prev` was parsed from, giving what `parseNginx` gives,
 * or undefined when the change is not one it re-parses in part. It re-reads only the body of the
 * innermost block around the change: the text before that body and after it reads as before (nginx's
 * reading starts afresh after a `{` and after the `}` that closes it), so the nodes before it are
 * kept and those after it moved. Taken when `prev` had no syntax error and the new body reads without
 * one up to a `}` where the old one closed; otherwise undefined.
 */
export function reparseNginx(prev: NginxConfig, text: string): NginxConfig | undefined {
  const old = prev.text;
  if (prev.errors.length > 0 || old === text) return undefined;
  const versions = versionsOf.get(prev) ?? 1;
  if (versions >= MAX_VERSIONS) return undefined;
  // The changed span: old [from, oldEnd) became new [from, newEnd).
  const from = commonPrefix(old, text);
  const tail = commonSuffix(old, text, Math.min(old.length, text.length) - from);
  const oldEnd = old.length - tail;
  const newEnd = text.length - tail;
  const delta = text.length - old.length;

  // The block directives around the change, outermost first; the last one's body is re-read.
  const path: Directive[] = [];
  let list: readonly NginxNode[] = prev.nodes;
  for (;;) {
    let inner: Directive | undefined;
    for (const n of list) {
      if (n.kind !== 'directive' || n.block === undefined || n.rawBody !== undefined) continue;
      if (n.terminatorOffset !== undefined && n.closeOffset !== undefined && n.terminatorOffset < from && oldEnd <= n.closeOffset) {
        inner = n as Directive;
        break;
      }
    }
    if (!inner) break;
    path.push(inner);
    list = inner.block!;
  }
  if (path.length === 0) return undefined;

  const lines = new LineIndex(text);
  // After the change the nodes read as before; with the same offsets and line starts they are kept.
  const keepAfter = delta === 0 && !hasLineBreak(old, from, oldEnd) && !hasLineBreak(text, from, newEnd);
  const inner = path[path.length - 1];
  const open = inner.terminatorOffset!;
  const lx = new Lexer(text, lines);
  lx.pos = open + 1;
  const copies: Directive[] = path.map((d) => d.moved(lines, oldEnd, delta, undefined));
  let handler = false;
  for (const d of path) handler ||= HANDLER_BLOCKS.has(d.name);
  const body: NginxNode[] = [];
  const close = parseBlock(lx, { directives: [], parents: [] }, body, copies, true, handler, open, path.length);
  if (lx.errors.length > 0 || close !== inner.closeOffset! + delta) return undefined;
  copies[copies.length - 1].block = body.slice();

  // The lists around the body: nodes before the change kept, the one on the path replaced, later ones moved.
  const around = (nodes: readonly NginxNode[], onPath: NginxNode, copy: NginxNode): NginxNode[] | undefined => {
    const out = new Array<NginxNode>(nodes.length);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i];
      if (n === onPath) out[i] = copy;
      // A comment ends at its line break, which a change right after it would extend.
      else if (n.end + (n.kind === 'comment' ? 2 : 0) <= from) out[i] = n;
      else if (n.start >= oldEnd) out[i] = keepAfter ? n : movedNode(n, lines, delta);
      else return undefined;
    }
    return out;
  };
  for (let k = path.length - 2; k >= 0; k--) {
    const block = around(path[k].block!, path[k + 1], copies[k + 1]);
    if (!block) return undefined;
    copies[k].block = block;
  }
  const nodes = around(prev.nodes, path[0], copies[0]);
  if (!nodes) return undefined;
  const links: NginxConfig['links'] = { directives: [], parents: [] };
  collectLinks(nodes, NO_PARENTS, links);
  const config: NginxConfig = { file: prev.file, text, lines, nodes, errors: [], links };
  versionsOf.set(config, versions + 1);
  return config;
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
