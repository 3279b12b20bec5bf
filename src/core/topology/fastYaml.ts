import { Document, isScalar, Pair, Scalar, YAMLMap, YAMLSeq, type ScalarTag } from 'yaml';

/**
 * A single-pass reader for the plain YAML that topology files are written in, building the `yaml`
 * library's own nodes (YAMLMap, YAMLSeq, Pair, Scalar) with the values and `range`s that the
 * library's `parseDocument` gives them, so the code that walks the tree cannot tell the two apart.
 *
 * The `yaml` library stays the parser of record: this reader returns `undefined` for anything it is
 * not certain to read exactly as the library does, and the caller then parses with the library.
 * Accepted: a block mapping at the root; block mappings with plain or quoted keys; block sequences
 * (items: a scalar, a one-line flow collection, or a mapping starting on the item's line); one-line
 * flow mappings and sequences; plain, single- and double-quoted scalars on one line; comments and
 * blank lines; spaces as indentation; LF or CRLF line ends. Everything else (documents markers,
 * directives, anchors, aliases, tags, block scalars, multi-line scalars or flow collections,
 * explicit keys, empty sequence items, tabs, control characters, any syntax error) is left to the
 * library. Duplicate keys are kept as separate pairs, as the library does with `uniqueKeys: false`.
 *
 * Only what the topology reader uses is reproduced: node classes, scalar values (typed by the
 * library's own YAML 1.2 core schema tags), key order, `range` ([start, value end, node end]) of
 * every node, and `flow` on flow collections; not comments, `type`, `source` or `spaceBefore`.
 */

/** The options the topology file is parsed with, by this reader and by the library. */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: false } as const;

type Node = Scalar | YAMLMap | YAMLSeq;

/** Thrown to give up on the input: the library reads it instead. */
class Outside {}
const OUTSIDE = new Outside();
const outside = (): never => {
  throw OUTSIDE;
};

const MAX_DEPTH = 100;

const SP = 32;
const NL = 10;
const CR = 13;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQ = 34;
const SQ = 39;
const COMMA = 44;
const BACKSLASH = 92;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/*
 * The nodes are made without the library's constructors. Each of them defines, on every node, a
 * non-enumerable symbol naming the node's type (and a collection's schema) with
 * `Object.defineProperty`, which took about a third of this reader's time. Here those properties are
 * defined once, on a prototype put between the library class's own prototype and the nodes: the nodes
 * are still instances of the library's classes, with their methods, and the library's `isMap`,
 * `isScalar`, ... still recognize them. Their own enumerable properties are the constructors' (`value`;
 * `key`, `value`; `items`).
 */
class FastScalar {
  value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}
class FastPair {
  key: unknown;
  value: unknown;
  constructor(key: unknown, value: unknown) {
    this.key = key;
    this.value = value;
  }
}
class FastMap {
  items: unknown[] = [];
}
class FastSeq {
  items: unknown[] = [];
}

/** Puts, under `made`'s prototype, the prototype of `sample`'s class with the non-enumerable own properties of `sample`. */
function madeLike(made: { prototype: object }, sample: object): void {
  const layer: object = Object.create(Object.getPrototypeOf(sample) as object);
  for (const key of Reflect.ownKeys(sample)) {
    const d = Object.getOwnPropertyDescriptor(sample, key)!;
    if (!d.enumerable) Object.defineProperty(layer, key, d);
  }
  Object.setPrototypeOf(made.prototype, layer);
}

const scalar = (value: unknown): Scalar => new FastScalar(value) as unknown as Scalar;
const pair = (key: Node, value: Node): Pair<Node, Node> => new FastPair(key, value) as unknown as Pair<Node, Node>;
const yamlMap = (): YAMLMap => new FastMap() as unknown as YAMLMap;
const yamlSeq = (): YAMLSeq => new FastSeq() as unknown as YAMLSeq;

/** The library's schema and options for a document parsed with YAML_OPTIONS: its core schema tags type plain scalars. */
let typing: { tags: ScalarTag[]; options: Document['options'] } | undefined;
function typingOf(): NonNullable<typeof typing> {
  if (!typing) {
    const doc = new Document(undefined, YAML_OPTIONS);
    const tags = doc.schema.tags.filter((t): t is ScalarTag => !t.collection && t.default === true && !!t.test);
    // A tag that applies to keys only would type keys differently from values: not handled here.
    if (doc.schema.tags.some((t) => t.default === 'key') || doc.schema.compat) tags.length = 0;
    madeLike(FastScalar, new Scalar(null));
    madeLike(FastPair, new Pair(null));
    madeLike(FastMap, new YAMLMap(doc.schema));
    madeLike(FastSeq, new YAMLSeq(doc.schema));
    typing = { tags, options: doc.options };
  }
  return typing;
}

/**
 * The root mapping of `text` read as `parseDocument(text, YAML_OPTIONS).contents`, or `undefined`
 * when the text is outside the subset read here (including any text the library reports an error
 * for). Never throws.
 */
export function fastParseYaml(text: string): YAMLMap | undefined {
  try {
    return readYaml(text);
  } catch {
    return undefined;
  }
}

/** As `fastParseYaml`, but an unexpected exception (a defect here) propagates: for tests. */
export function readYaml(text: string): YAMLMap | undefined {
  const t = typingOf();
  if (t.tags.length === 0) return undefined;
  try {
    return new Reader(text, t.tags, t.options).document();
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class Reader {
  private readonly n: number;
  /** Per line: start offset, end of its text (before `\n` or `\r\n`), start of the next line, leading spaces, kind. */
  private readonly ls: Int32Array;
  private readonly le: Int32Array;
  private readonly ln: Int32Array;
  private readonly ind: Int32Array;
  private readonly kind: Uint8Array;
  /** The next content line nobody has read yet (`n` at the end). */
  private at = 0;
  /**
   * The greatest indentation of the comment lines between the last node read and line `at` that
   * are not part of that node (-1 when there are none). They become the end of the innermost
   * collection closed by line `at` whose indentation they reach, as in the library.
   */
  private trailing = -1;
  /** Where the last scalar, key or flow collection read ends. */
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly s: string,
    private readonly tags: ScalarTag[],
    private readonly options: Document['options'],
  ) {
    const len = s.length;
    let lines = 1;
    for (let i = 0; i < len; i++) {
      const c = s.charCodeAt(i);
      if (c === NL) lines++;
      else if (c < SP) {
        if (c !== CR || s.charCodeAt(i + 1) !== NL) outside();
      } else if (c >= 0x7f && (c <= 0x9f || c === 0xfeff || c === 0x2028 || c === 0x2029)) outside();
    }
    if (len > 0 && s.charCodeAt(len - 1) === NL) lines--;
    this.n = lines;
    this.ls = new Int32Array(lines);
    this.le = new Int32Array(lines);
    this.ln = new Int32Array(lines);
    this.ind = new Int32Array(lines);
    this.kind = new Uint8Array(lines);
    let start = 0;
    for (let k = 0; k < lines; k++) {
      let nl = s.indexOf('\n', start);
      if (nl === -1) nl = len;
      const end = nl > start && s.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      let i = start;
      while (i < end && s.charCodeAt(i) === SP) i++;
      this.ls[k] = start;
      this.le[k] = end;
      this.ln[k] = nl < len ? nl + 1 : len;
      this.ind[k] = i - start;
      if (i === end) this.kind[k] = BLANK;
      else if (s.charCodeAt(i) === HASH) this.kind[k] = COMMENT;
      else {
        this.kind[k] = CONTENT;
        if (i === start) {
          const c = s.charCodeAt(i);
          // Document markers and directives.
          if (c === 37 || ((c === DASH || c === 46) && (s.startsWith('---', i) || s.startsWith('...', i)))) outside();
        }
      }
      start = this.ln[k];
    }
  }

  document(): YAMLMap {
    const first = this.skipTrivia(0);
    if (first === this.n || this.ind[first] !== 0 || this.isSeqItem(first)) outside();
    const root = this.map(0, first, this.ls[first]);
    if (this.at !== this.n) outside();
    return root;
  }

  private skipTrivia(k: number): number {
    while (k < this.n && this.kind[k] !== CONTENT) k++;
    return k;
  }

  /** Whether content line `k` starts with a block sequence indicator. */
  private isSeqItem(k: number): boolean {
    const c = this.ls[k] + this.ind[k];
    return this.s.charCodeAt(c) === DASH && (c + 1 === this.le[k] || this.s.charCodeAt(c + 1) === SP);
  }

  /** The first offset from `i` on that is not a space (at most `end`). */
  private skipSpaces(i: number, end: number): number {
    while (i < end && this.s.charCodeAt(i) === SP) i++;
    return i;
  }

  /** A block mapping whose items start at column `col`, the first key at `keyPos` on line `li`. */
  private map(col: number, li: number, keyPos: number): YAMLMap {
    if (++this.depth > MAX_DEPTH) outside();
    const map = yamlMap();
    const start = keyPos;
    let lastEnd: number;
    for (;;) {
      const le = this.le[li];
      const key = this.key(keyPos, le);
      const colon = this.pos;
      const p = this.skipSpaces(colon + 1, le);
      let value: Node;
      if (p < le && this.s.charCodeAt(p) !== HASH) {
        value = this.inline(p, le);
        (value.range as number[])[2] = this.ln[li];
        this.after(value, col, li + 1);
      } else {
        const next = this.skipTrivia(li + 1);
        if (next < this.n && (this.ind[next] > col || (this.ind[next] === col && this.isSeqItem(next)))) {
          value = this.isSeqItem(next) ? this.seq(this.ind[next], next) : this.map(this.ind[next], next, this.ls[next] + this.ind[next]);
        } else {
          value = scalar(null);
          value.range = [p, p, this.emptyEnd(li, colon, p, next, col)];
          this.at = next;
          this.trailing = -1;
        }
      }
      map.items.push(pair(key, value));
      lastEnd = (value.range as number[])[2];
      const next = this.at;
      if (next < this.n && this.ind[next] >= col) {
        if (this.ind[next] > col || this.isSeqItem(next)) outside();
        li = next;
        keyPos = this.ls[next] + col;
        this.trailing = -1;
        continue;
      }
      break;
    }
    this.depth--;
    map.range = [start, lastEnd, this.close(col, lastEnd)];
    return map;
  }

  /** A block sequence whose `-` indicators are at column `col`, the first on line `li`. */
  private seq(col: number, li: number): YAMLSeq {
    if (++this.depth > MAX_DEPTH) outside();
    const seq = yamlSeq();
    const start = this.ls[li] + col;
    let lastEnd: number;
    for (;;) {
      const le = this.le[li];
      const p = this.skipSpaces(this.ls[li] + col + 1, le);
      if (p >= le) outside(); // an empty item
      const c = this.s.charCodeAt(p);
      if (c === HASH || (c === DASH && (p + 1 === le || this.s.charCodeAt(p + 1) === SP))) outside();
      let item: Node;
      if (this.isKey(p, le)) item = this.map(p - this.ls[li], li, p);
      else {
        item = this.inline(p, le);
        (item.range as number[])[2] = this.ln[li];
        this.after(item, col, li + 1);
      }
      seq.items.push(item);
      lastEnd = (item.range as number[])[2];
      const next = this.at;
      if (next < this.n && this.ind[next] >= col) {
        if (this.ind[next] === col && this.isSeqItem(next)) {
          li = next;
          this.trailing = -1;
          continue;
        }
        if (this.ind[next] > col) outside();
        // A key at the column of this sequence: it belongs to the mapping this sequence is a value of.
      }
      break;
    }
    this.depth--;
    seq.range = [start, lastEnd, this.close(col, lastEnd)];
    return seq;
  }

  /**
   * The end of a block collection at column `col` closed by line `at`: the library keeps the
   * comment lines before that line in the collection when one of them is indented at least as deep
   * (and the collection is not at column 0), otherwise hands them to the enclosing collection.
   */
  private close(col: number, lastEnd: number): number {
    if (this.trailing >= 0 && col !== 0 && this.trailing >= col) {
      this.trailing = -1;
      return this.at < this.n ? this.ls[this.at] + this.ind[this.at] : this.s.length;
    }
    return lastEnd;
  }

  /**
   * After a node that ends line `k - 1` inside a collection at column `col`: comment lines indented
   * deeper than `col` right after it (blank lines between allowed) extend the node's end, as in the
   * library; the remaining blank and comment lines up to the next content line are noted in `trailing`.
   */
  private after(node: Node, col: number, k: number): void {
    const range = node.range as number[];
    for (; k < this.n && this.kind[k] !== CONTENT; k++) {
      if (this.kind[k] === COMMENT) {
        if (this.ind[k] > col) range[2] = this.ln[k];
        else break;
      }
    }
    let t = -1;
    for (; k < this.n && this.kind[k] !== CONTENT; k++) if (this.kind[k] === COMMENT && this.ind[k] > t) t = this.ind[k];
    this.at = k;
    this.trailing = t;
  }

  /**
   * The end of the empty value of the key on line `li` (its `:` at `colon`, the value's position
   * `p`), followed by trivia up to content line `next`, in a mapping at column `col`. The library
   * ends an empty value at its position unless comments belong to it: then after the last token
   * that does, where the comments not indented past the mapping and separated by a line break go
   * to the next key instead.
   */
  private emptyEnd(li: number, colon: number, p: number, next: number, col: number): number {
    const le = this.le[li];
    let any = p < le;
    for (let k = li + 1; k < next && !any; k++) if (this.kind[k] === COMMENT) any = true;
    if (!any) return p;
    // The tokens the library collects between the `:` and the next key: 0 space, 1 comment, 2 newline, 3 the `:`.
    const type: number[] = [3];
    const end: number[] = [colon + 1];
    const indent: number[] = [col];
    const push = (ty: number, e: number, i: number) => {
      type.push(ty);
      end.push(e);
      indent.push(i);
    };
    if (p > colon + 1) push(0, p, col);
    if (p < le) push(1, le, col);
    if (this.ln[li] > le) push(2, this.ln[li], col);
    for (let k = li + 1; k < next; k++) {
      if (this.ind[k] > 0) push(0, this.ls[k] + this.ind[k], 0);
      if (this.kind[k] === COMMENT) push(1, this.le[k], this.ind[k]);
      if (this.ln[k] > this.le[k]) push(2, this.ln[k], 0);
    }
    if (next < this.n && this.ind[next] > 0) push(0, this.ls[next] + this.ind[next], 0);
    let keep = type.length;
    if (next < this.n && this.ind[next] === col && !this.isSeqItem(next)) {
      const nl: number[] = [];
      for (let i = 0; i < type.length; i++) {
        if (type[i] === 2) nl.push(i);
        else if (type[i] === 1) {
          if (indent[i] > col) nl.length = 0;
        } else if (type[i] === 3) nl.length = 0;
      }
      if (nl.length >= 2) keep = nl[1];
    }
    for (let i = keep - 1; i >= 0; i--) if (type[i] === 1) return end[keep - 1];
    return p;
  }

  /** Whether a block sequence item at `p` is an implicit key (`key:` followed by a space or the line end). */
  private isKey(p: number, le: number): boolean {
    const s = this.s;
    const c = s.charCodeAt(p);
    let i: number;
    if (c === DQ || c === SQ) {
      this.quoted(p, le);
      i = this.skipSpaces(this.pos, le);
      return s.charCodeAt(i) === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP);
    }
    if (c === LBRACKET || c === LBRACE) return false;
    for (i = p; i < le; i++) {
      const ch = s.charCodeAt(i);
      if (ch === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP)) return true;
      if (ch === SP && s.charCodeAt(i + 1) === HASH) return false;
    }
    return false;
  }

  /** An implicit key at `p`; `pos` is then at its `:`. */
  private key(p: number, le: number): Scalar {
    const s = this.s;
    const c = s.charCodeAt(p);
    if (c === DQ || c === SQ) {
      const node = this.quoted(p, le);
      const i = this.skipSpaces(this.pos, le);
      if (s.charCodeAt(i) !== COLON || (i + 1 < le && s.charCodeAt(i + 1) !== SP)) outside();
      this.pos = i;
      return node;
    }
    if (!this.plainStart(p, le, false)) outside();
    let i = p;
    for (;; i++) {
      if (i >= le) outside(); // no `:`: not a key
      const ch = s.charCodeAt(i);
      if (ch === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP)) break;
      if (ch === SP && s.charCodeAt(i + 1) === HASH) outside();
    }
    let e = i;
    while (s.charCodeAt(e - 1) === SP) e--;
    const node = this.plain(s.slice(p, e));
    node.range = [p, e, e];
    this.pos = i;
    return node;
  }

  /** A value on one line in block context, at `p`: a scalar or a flow collection, then at most a comment. */
  private inline(p: number, le: number): Node {
    const s = this.s;
    const c = s.charCodeAt(p);
    let node: Node;
    if (c === DQ || c === SQ) node = this.quoted(p, le);
    else if (c === LBRACKET || c === LBRACE) node = this.flow(p, le);
    else {
      if (!this.plainStart(p, le, false)) outside();
      let end = p;
      for (let i = p; i < le; i++) {
        const ch = s.charCodeAt(i);
        if (ch === SP) {
          if (s.charCodeAt(i + 1) === HASH) break;
        } else {
          if (ch === COLON && (i + 1 === le || s.charCodeAt(i + 1) === SP)) outside(); // a mapping in a compact value
          end = i + 1;
        }
      }
      node = this.plain(s.slice(p, end));
      node.range = [p, end, end];
      return node;
    }
    const e = this.pos;
    const k = this.skipSpaces(e, le);
    if (k < le && (k === e || s.charCodeAt(k) !== HASH)) outside();
    return node;
  }

  /** Whether a plain scalar may start at `p` (otherwise an indicator or a reserved character is there). */
  private plainStart(p: number, le: number, inFlow: boolean): boolean {
    const s = this.s;
    switch (s.charCodeAt(p)) {
      case DASH: {
        if (p + 1 >= le) return false;
        const n = s.charCodeAt(p + 1);
        return n !== SP && !(inFlow && (n === COMMA || n === LBRACKET || n === RBRACKET || n === LBRACE || n === RBRACE));
      }
      case 63: // ?
      case COLON:
      case COMMA:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
      case HASH:
      case 38: // &
      case 42: // *
      case 33: // !
      case 124: // |
      case 62: // >
      case SQ:
      case DQ:
      case 37: // %
      case 64: // @
      case 96: // `
        return false;
    }
    return true;
  }

  /** A plain scalar typed by the core schema, as the library types it. */
  private plain(text: string): Scalar {
    const c = text.charCodeAt(0);
    // Only these can start a null, bool, int or float of the core schema; anything else is a string.
    const maybeTyped =
      (c >= 48 && c <= 57) || c === 43 || c === DASH || c === 46 || c === 126 || c === 110 || c === 78 || c === 116 || c === 84 || c === 102 || c === 70;
    if (maybeTyped) {
      for (const tag of this.tags) {
        if (tag.test!.test(text)) {
          const v = tag.resolve(text, outside, this.options);
          return isScalar(v) ? (v as Scalar) : scalar(v);
        }
      }
    }
    return scalar(text);
  }

  /** A quoted scalar on one line at `p`; `pos` is then after its closing quote. */
  private quoted(p: number, le: number): Scalar {
    const s = this.s;
    let out = '';
    let i = p + 1;
    let from = i;
    if (s.charCodeAt(p) === SQ) {
      for (;;) {
        if (i >= le) outside();
        if (s.charCodeAt(i) === SQ) {
          if (i + 1 < le && s.charCodeAt(i + 1) === SQ) {
            out += s.slice(from, i + 1);
            i += 2;
            from = i;
            continue;
          }
          break;
        }
        i++;
      }
    } else {
      for (;;) {
        if (i >= le) outside();
        const c = s.charCodeAt(i);
        if (c === DQ) break;
        if (c === BACKSLASH) {
          out += s.slice(from, i);
          if (i + 1 >= le) outside();
          const x = s[i + 1];
          const simple = ESCAPES.get(x);
          if (simple !== undefined) {
            out += simple;
            i += 2;
          } else if (x === 'x' || x === 'u' || x === 'U') {
            const n = x === 'x' ? 2 : x === 'u' ? 4 : 8;
            const hex = s.slice(i + 2, i + 2 + n);
            if (i + 2 + n > le || !/^[0-9a-fA-F]+$/.test(hex)) outside();
            const code = parseInt(hex, 16);
            if (code > 0x10ffff) outside();
            out += String.fromCodePoint(code);
            i += 2 + n;
          } else outside();
          from = i;
          continue;
        }
        i++;
      }
    }
    out += s.slice(from, i);
    const node = scalar(out);
    node.range = [p, i + 1, i + 1];
    this.pos = i + 1;
    return node;
  }

  /** A flow collection on one line at `p`; `pos` is then after its closing bracket. */
  private flow(p: number, le: number): YAMLMap | YAMLSeq {
    if (++this.depth > MAX_DEPTH) outside();
    const s = this.s;
    const isMap = s.charCodeAt(p) === LBRACE;
    const close = isMap ? RBRACE : RBRACKET;
    const coll = isMap ? yamlMap() : yamlSeq();
    coll.flow = true;
    let i = this.skipSpaces(p + 1, le);
    if (s.charCodeAt(i) === close) i++;
    else {
      for (;;) {
        let value: Node;
        if (isMap) {
          const c = s.charCodeAt(i);
          let key: Scalar;
          if (c === DQ || c === SQ) key = this.quoted(i, le);
          else {
            key = this.flowPlain(i, le);
            key.range = [i, this.pos, this.pos];
          }
          const k = this.pos;
          if (s.charCodeAt(k) !== COLON || k + 1 >= le || s.charCodeAt(k + 1) !== SP) outside();
          value = this.flowNode(this.skipSpaces(k + 1, le), le);
          (coll as YAMLMap).items.push(pair(key, value));
        } else {
          value = this.flowNode(i, le);
          (coll as YAMLSeq).items.push(value);
        }
        const j = this.skipSpaces(this.pos, le);
        (value.range as number[])[2] = j;
        const c = s.charCodeAt(j);
        if (j < le && c === COMMA) {
          i = this.skipSpaces(j + 1, le);
          if (i >= le || s.charCodeAt(i) === close) outside(); // a trailing or empty entry
          continue;
        }
        if (j < le && c === close) {
          i = j + 1;
          break;
        }
        outside();
      }
    }
    this.depth--;
    coll.range = [p, i, this.skipSpaces(i, le)];
    this.pos = i;
    return coll;
  }

  /** A value inside a flow collection at `p`; `pos` is then after it. */
  private flowNode(p: number, le: number): Node {
    if (p >= le) outside();
    const c = this.s.charCodeAt(p);
    if (c === LBRACKET || c === LBRACE) return this.flow(p, le);
    if (c === DQ || c === SQ) return this.quoted(p, le);
    const node = this.flowPlain(p, le);
    node.range = [p, this.pos, this.pos];
    return node;
  }

  /** A plain scalar inside a flow collection at `p`; `pos` is then after its last character. */
  private flowPlain(p: number, le: number): Scalar {
    if (p >= le || !this.plainStart(p, le, true)) outside();
    const s = this.s;
    let end = p;
    for (let i = p; i < le; i++) {
      const ch = s.charCodeAt(i);
      if (ch === COMMA || ch === LBRACKET || ch === RBRACKET || ch === LBRACE || ch === RBRACE) break;
      if (ch === SP) {
        if (s.charCodeAt(i + 1) === HASH) break;
        continue;
      }
      if (ch === COLON) {
        const n = i + 1 < le ? s.charCodeAt(i + 1) : SP;
        if (n === SP || n === COMMA || n === LBRACKET || n === RBRACKET || n === LBRACE || n === RBRACE) break;
      }
      end = i + 1;
    }
    this.pos = end;
    return this.plain(s.slice(p, end));
  }
}

/** Double-quoted escapes of one character. */
const ESCAPES = new Map<string, string>([
  ['0', '\0'],
  ['a', '\x07'],
  ['b', '\b'],
  ['e', '\x1b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['N', '\u0085'],
  ['_', '\u00a0'],
  ['L', '\u2028'],
  ['P', '\u2029'],
  [' ', ' '],
  ['"', '"'],
  ['/', '/'],
  ['\\', '\\'],
]);
