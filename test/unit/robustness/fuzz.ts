import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LineIndex } from '../../../src/core/text';
import type { Diagnostic, Range } from '../../../src/core/types';

const inCI = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

/** Property runs: FUZZ_RUNS, else 10,000 (1,000 in CI). `share` scales it for slower properties. */
export function runs(share = 1): number {
  const base = Number(process.env.FUZZ_RUNS) || (inCI ? 1000 : 10_000);
  return Math.max(1, Math.round(base * share));
}

/**
 * fast-check parameters: FUZZ_SEED replays a failure (fast-check prints the seed and path of a
 * failing run in its error).
 */
export function params(share = 1): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
  return { numRuns: runs(share), ...(seed === undefined ? {} : { seed }) };
}

/** One edit of a mutation: insert, delete or replace at a position (taken modulo the length). */
export interface Mutation {
  kind: 0 | 1 | 2;
  at: number;
  text: string;
}

export function mutation(alphabet: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 3 })),
  });
}

export function applyMutations(base: string, ms: readonly Mutation[]): string {
  let s = base;
  for (const m of ms) {
    const at = s.length === 0 ? 0 : m.at % (s.length + 1);
    if (m.kind === 0) s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 1) s = s.slice(0, at) + s.slice(at + 1 + (m.at % 3));
    else s = s.slice(0, at) + m.text + s.slice(at + m.text.length);
  }
  return s;
}

/** A text that is either a mutation of one of `bases` or built from `alphabet` tokens. */
export function textFrom(bases: readonly string[], alphabet: readonly string[], maxTokens = 60): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(fc.constantFrom(...bases), fc.array(mutation(alphabet), { minLength: 1, maxLength: 8 }))
      .map(([b, ms]) => applyMutations(b, ms)),
    fc.array(fc.constantFrom(...alphabet), { maxLength: maxTokens }).map((a) => a.join('')),
    fc.string({ maxLength: 200, unit: 'binary' }),
  );
}

/** Whether a range lies inside `text`: ordered, on existing lines, within each line's length. */
export function rangeInside(r: Range, idx: LineIndex): boolean {
  const ok = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0 && p.line < idx.lineCount && p.character <= idx.lineText(p.line).length;
  const ordered = r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character);
  return ok(r.start) && ok(r.end) && ordered;
}

function isRange(v: unknown): v is Range {
  const r = v as Range;
  return typeof r === 'object' && r !== null && typeof r.start === 'object' && r.start !== null && typeof r.start.line === 'number' && typeof r.end?.line === 'number';
}

const OFFSET_KEY = /^(start|end|offset|tagEnd|closeOffset|terminatorOffset)$|[a-z](Start|End)$/;

/**
 * Asserts that every range (`{start: {line, character}, end}`) and every offset field (`start`,
 * `end`, `offset`, `…Start`, `…End` holding a number) reachable from `root` lies inside `text`.
 */
export function assertAllInside(root: unknown, text: string, what: string): void {
  const idx = new LineIndex(text);
  const seen = new Set<object>();
  const visit = (v: unknown, path: string) => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (isRange(v)) {
      assert.ok(rangeInside(v, idx), `${what}: range ${path} ${JSON.stringify(v)} is outside the text (${idx.lineCount} lines)`);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) visit(x, `${path}[${String(k)}]`);
      return;
    }
    if (v instanceof LineIndex) return;
    for (const [k, x] of Object.entries(v)) {
      if (typeof x === 'number' && OFFSET_KEY.test(k)) {
        assert.ok(Number.isInteger(x) && x >= 0 && x <= text.length, `${what}: offset ${path}.${k} = ${x} is outside 0..${text.length}`);
      } else visit(x, `${path}.${k}`);
    }
    // Values computed on demand (getters of a class, such as a node's range) are checked too.
    for (let proto = Object.getPrototypeOf(v); proto && proto !== Object.prototype && proto !== Array.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const [k, desc] of Object.entries(Object.getOwnPropertyDescriptors(proto))) {
        if (desc.get) visit((v as Record<string, unknown>)[k], `${path}.${k}`);
      }
    }
  };
  visit(root, '$');
}

/** Asserts that every diagnostic (and related location and fix edit) lies inside its file's text. */
export function assertDiagnosticsInside(ds: readonly Diagnostic[], read: (file: string) => string | undefined): void {
  const indexes = new Map<string, LineIndex>();
  const idx = (file: string) => {
    let i = indexes.get(file);
    if (!i) {
      const t = read(file);
      assert.ok(t !== undefined, `a diagnostic points into ${file}, which does not exist`);
      i = new LineIndex(t);
      indexes.set(file, i);
    }
    return i;
  };
  for (const d of ds) {
    assert.ok(rangeInside(d.range, idx(d.file)), `${d.rule} in ${d.file}: ${JSON.stringify(d.range)} is outside the file`);
    for (const r of d.related) assert.ok(rangeInside(r.range, idx(r.file)), `${d.rule}: related ${r.file} ${JSON.stringify(r.range)} is outside the file`);
    for (const f of d.fixes) {
      for (const e of f.edits) assert.ok(rangeInside(e.range, idx(e.file)), `${d.rule}: fix "${f.title}" edits ${e.file} ${JSON.stringify(e.range)} outside the file`);
    }
  }
}
