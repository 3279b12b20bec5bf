import { isMap, isScalar, YAMLMap, type Node, type Pair } from 'yaml';

/** An entry with nothing under it, and the keys after it that are its fields, written at its own indentation. */
export interface Unindented {
  owner: Pair<Node, Node | null>;
  fields: Pair<Node, Node | null>[];
  /** How far in the neighbouring entries indent their fields (2 when none tells). */
  step: number;
}

/** The fields of each kind of entry (the schema's), and the one every entry of the kind has. */
export interface EntryKinds {
  region: { fields: ReadonlySet<string>; required: string };
  host: { fields: ReadonlySet<string>; required: string };
  service: { fields: ReadonlySet<string>; required: string };
  share: { fields: ReadonlySet<string>; required: string };
}

/**
 * Regions, hosts, services and shares whose fields are written at their own indentation:
 *
 *     app-2:
 *     internal: 172.16.8.102
 *     services: [order]
 *
 * Valid YAML, read as an empty `app-2` and more entries beside it: a host named `internal`, one
 * named `services`, each judged by the schema as a host. The entry has nothing under it, and the keys
 * after it are fields of its kind (not an entry of that kind itself: one holding the field every such
 * entry has is one). Each such entry is returned with its fields, and the fields are moved under it
 * in the tree (the schema and the model then read what was meant); the caller reports them once.
 */
export function readUnindented(root: Node | null, kinds: EntryKinds, columnOf: (offset: number) => number): Unindented[] {
  const out: Unindented[] = [];
  if (!isMap(root)) return out;
  const regions = root.get('regions', true);
  out.push(...inCollection(regions, kinds.region, columnOf));
  if (isMap(regions)) {
    for (const p of regions.items as Pair<Node, Node | null>[]) if (isMap(p.value)) out.push(...inCollection(p.value.get('hosts', true), kinds.host, columnOf));
  }
  out.push(...inCollection(root.get('services', true), kinds.service, columnOf));
  out.push(...inCollection(root.get('shares', true), kinds.share, columnOf));
  return out;
}

function isEmpty(n: Node | null): boolean {
  return n === null || (isScalar(n) && n.value === null && !n.anchor && !n.tag);
}

function inCollection(collection: unknown, kind: { fields: ReadonlySet<string>; required: string }, columnOf: (offset: number) => number): Unindented[] {
  if (!isMap(collection) || collection.flow) return [];
  const items = collection.items as Pair<Node, Node | null>[];
  const out: Unindented[] = [];
  let step: number | undefined;
  const isField = (p: Pair<Node, Node | null>): boolean =>
    isScalar(p.key) && kind.fields.has(String(p.key.value)) && !(isMap(p.value) && p.value.has(kind.required));
  for (let i = 0; i < items.length; i++) {
    const owner = items[i];
    if (!isScalar(owner.key) || !isEmpty(owner.value) || kind.fields.has(String(owner.key.value))) continue;
    let j = i + 1;
    while (j < items.length && isField(items[j])) j++;
    if (j === i + 1) continue;
    const fields = items.slice(i + 1, j);
    const last = fields[fields.length - 1];
    const end = (last.value ?? last.key)?.range;
    const start = fields[0].key.range;
    if (!start || !end) continue;
    step ??= stepOf(
      items.filter((p) => !isField(p)),
      columnOf,
    );
    const map = new YAMLMap<Node, Node | null>();
    map.items = fields;
    map.range = [start[0], end[2], end[2]];
    owner.value = map;
    items.splice(i + 1, fields.length);
    out.push({ owner, fields, step });
  }
  return out;
}

/** How far in from its key the first entry with a block mapping of fields further in writes them. */
function stepOf(items: Pair<Node, Node | null>[], columnOf: (offset: number) => number): number {
  for (const p of items) {
    const v = p.value;
    const first = isMap(v) && !v.flow ? (v.items[0]?.key as Node | undefined)?.range?.[0] : undefined;
    const own = p.key.range?.[0];
    if (first === undefined || own === undefined) continue;
    const step = columnOf(first) - columnOf(own);
    if (step > 0) return step;
  }
  return 2;
}
