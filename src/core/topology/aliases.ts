import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node, type Pair } from 'yaml';
import type { MessageRef } from '../types';

/** A problem with an alias, at the alias, as a `topology-syntax` message of its own. */
export interface AliasProblem {
  pos: [number, number];
  message: MessageRef;
}

/** More nodes than this once the aliases are followed: refused (a "billion laughs" document). */
export const MAX_EXPANDED_NODES = 100_000;

/**
 * Makes the library's tree read as YAML means it: every alias (`*name`) is replaced by the node its
 * anchor (`&name`) marks, so the schema check and the model see the value and not an `Alias` (a
 * shared node then has two parents; findings about it point at where it is written). An alias with
 * no anchor before it, or inside the node it names, stays an alias and is reported; when following
 * the aliases would make the document larger than MAX_EXPANDED_NODES, none is followed.
 */
export function resolveAliases(doc: Document, root: Node | null): AliasProblem[] {
  const problems: AliasProblem[] = [];
  const slots: { set: (n: Node) => void; target: Node }[] = [];
  const size = new Map<unknown, number>();
  const onStack = new Set<unknown>();
  const seen = new Set<Alias>();
  const problem = (a: Alias, id: string) => {
    if (seen.has(a)) return;
    seen.add(a);
    const [s, e] = a.range ?? [0, 1];
    problems.push({ pos: [s, e], message: { id, data: { name: a.source } } });
  };
  // Iterative depth-first walk of the tree as it reads with the aliases followed, counting the nodes.
  interface Frame {
    node: unknown;
    kids: { node: unknown; set: (n: Node) => void }[];
    i: number;
    total: number;
  }
  const frame = (node: unknown): Frame => {
    onStack.add(node);
    const kids: Frame['kids'] = [];
    if (isMap(node)) {
      for (const p of node.items as Pair<unknown, unknown>[]) {
        kids.push({ node: p.key, set: (n) => (p.key = n) });
        kids.push({ node: p.value, set: (n) => (p.value = n) });
      }
    } else if (isSeq(node)) {
      node.items.forEach((it, i) => kids.push({ node: it, set: (n) => (node.items[i] = n) }));
    }
    return { node, kids, i: 0, total: 1 };
  };
  const stack: Frame[] = [frame(root)];
  while (stack.length > 0) {
    const f = stack[stack.length - 1];
    if (f.i === f.kids.length) {
      stack.pop();
      onStack.delete(f.node);
      size.set(f.node, f.total);
      if (stack.length > 0) stack[stack.length - 1].total += f.total;
      continue;
    }
    const k = f.kids[f.i++];
    let node = k.node;
    if (isAlias(node)) {
      const target = node.resolve(doc) as Node | undefined;
      if (!target) {
        // A `*` with no name at all is the library's error already (BAD_ALIAS).
        if (node.source !== '') problem(node, 'aliasUnknown');
        continue;
      }
      if (onStack.has(target)) {
        problem(node, 'aliasLoop');
        continue;
      }
      slots.push({ set: k.set, target });
      node = target;
    }
    const known = size.get(node);
    if (known !== undefined) f.total += known;
    else if (isMap(node) || isSeq(node)) stack.push(frame(node));
    else f.total += 1;
  }
  if ((size.get(root) ?? 0) > MAX_EXPANDED_NODES) {
    problems.length = 0;
    const first = findAlias(root);
    problems.push({ pos: first?.range ? [first.range[0], first.range[1]] : [0, 1], message: { id: 'aliasTooLarge', data: { limit: MAX_EXPANDED_NODES } } });
    return problems;
  }
  for (const s of slots) s.set(s.target);
  return problems;
}

function findAlias(root: Node | null): Alias | undefined {
  const todo: unknown[] = [root];
  while (todo.length > 0) {
    const n = todo.pop();
    if (isAlias(n)) return n;
    if (isMap(n)) for (let i = n.items.length - 1; i >= 0; i--) todo.push(n.items[i].value, n.items[i].key);
    else if (isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) todo.push(n.items[i]);
  }
  return undefined;
}

/**
 * Expands YAML merge keys: a plain `<<` key whose value is a mapping, or a sequence of mappings,
 * gives the mapping every key of those it does not write itself (the first mapping listed wins).
 * A `<<` of any other value, or a quoted "<<", stays an ordinary key. Run after `resolveAliases`.
 */
export function expandMergeKeys(root: Node | null, text: string): void {
  const done = new Set<unknown>();
  const todo: { node: unknown; after: boolean }[] = [{ node: root, after: false }];
  while (todo.length > 0) {
    const { node, after } = todo.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (!after) {
      if (done.has(node)) continue;
      done.add(node);
      todo.push({ node, after: true });
      if (isMap(node)) for (const p of node.items) todo.push({ node: p.value, after: false });
      else for (const it of node.items) todo.push({ node: it, after: false });
      continue;
    }
    if (isMap(node)) merge(node.items as Pair<unknown, unknown>[], text);
  }
}

function merge(items: Pair<unknown, unknown>[], text: string): void {
  const isMerge = (p: Pair<unknown, unknown>) =>
    isScalar(p.key) && p.key.value === '<<' && p.key.range !== undefined && p.key.range !== null && text[p.key.range[0]] === '<';
  const sourcesOf = (v: unknown): Pair<unknown, unknown>[][] | undefined => {
    if (isMap(v)) return [v.items as Pair<unknown, unknown>[]];
    if (isSeq(v) && v.items.length > 0 && v.items.every((x) => isMap(x))) return v.items.map((x) => (x as { items: Pair<unknown, unknown>[] }).items);
    return undefined;
  };
  if (!items.some((p) => isMerge(p) && sourcesOf(p.value))) return;
  const keyOf = (p: Pair<unknown, unknown>) => (isScalar(p.key) ? p.key.value : p.key);
  const kept = items.filter((p) => !(isMerge(p) && sourcesOf(p.value)));
  const have = new Set(kept.map(keyOf));
  const merged: Pair<unknown, unknown>[] = [];
  for (const p of items) {
    const sources = isMerge(p) ? sourcesOf(p.value) : undefined;
    if (!sources) continue;
    for (const source of sources) {
      for (const q of source) {
        const k = keyOf(q);
        if (!have.has(k)) {
          have.add(k);
          merged.push(q);
        }
      }
    }
  }
  items.splice(0, items.length, ...kept, ...merged);
}
