/**
 * A custom collection's items, with equality indexes on the fields its queries filter by. Without them every query
 * not on `_id` tests every item, and a site that queries its outbox or claim records per send slows down as the
 * collection grows (quadratically over a run).
 *
 * An index is built the first time a query filters a field with `eq` or `hasSome`, and from then on every write
 * (`set`, `delete`, and loading a whole state, which is a series of `set`s) keeps it current. Answers never change:
 * an index only narrows the items a query tests, the query's whole filter still runs on each of them, and they come
 * out in collection order, as a scan meets them.
 */
import { isDate, reader, type Filter, type Item } from './data-filter';

/** An item and its place in collection order (insertion order; an update keeps the place, as a Map's `set` does). */
interface Slot {
  item: Item;
  readonly ordinal: number;
}

/** The items holding one value: kept in collection order, re-sorted lazily after an update adds an older item. */
interface Bucket {
  slots: Set<Slot>;
  lastOrdinal: number;
  sorted: boolean;
}

/**
 * The key an equality condition looks up, mirroring the filter's `eq` test (data-filter.ts `equalTo`): strings,
 * numbers and booleans by value (a Map already keeps `1` and `'1'` apart), Dates by time in a map of their own so a
 * Date never meets the number of its milliseconds. Anything else (null, objects, NaN, an invalid Date) equals
 * nothing, so it has no key.
 */
type Key = { readonly dates: false; readonly value: string | number | boolean } | { readonly dates: true; readonly value: number };

function keyOf(value: unknown): Key | undefined {
  if (typeof value === 'string' || typeof value === 'boolean') return { dates: false, value };
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : { dates: false, value };
  if (typeof value === 'object' && isDate(value)) {
    const time = value.getTime();
    return Number.isNaN(time) ? undefined : { dates: true, value: time };
  }
  return undefined;
}

/** One field's index: every value an item holds there (each element of an Array) → the items holding it. */
class FieldIndex {
  readonly #read: (item: Item) => unknown;
  readonly #values = new Map<string | number | boolean, Bucket>();
  readonly #dates = new Map<number, Bucket>();

  constructor(field: string) {
    this.#read = reader(field);
  }

  /** The keys an item is found under: what the filter's `eq` tests it against (the value, or each Array element). */
  keys(item: Item): Key[] {
    const value = this.#read(item);
    if (value === undefined || value === null) return [];
    const keys: Key[] = [];
    for (const element of Array.isArray(value) ? (value as unknown[]) : [value]) {
      const key = keyOf(element);
      if (key) keys.push(key);
    }
    return keys;
  }

  add(slot: Slot, keys: readonly Key[] = this.keys(slot.item)): void {
    for (const key of keys) {
      const map = this.#map(key);
      let bucket = map.get(key.value);
      if (!bucket) {
        bucket = { slots: new Set(), lastOrdinal: -1, sorted: true };
        map.set(key.value, bucket);
      }
      if (bucket.slots.has(slot)) continue;
      if (slot.ordinal < bucket.lastOrdinal) bucket.sorted = false;
      else bucket.lastOrdinal = slot.ordinal;
      bucket.slots.add(slot);
    }
  }

  remove(slot: Slot, keys: readonly Key[] = this.keys(slot.item)): void {
    for (const key of keys) {
      const map = this.#map(key);
      const bucket = map.get(key.value);
      if (!bucket) continue;
      bucket.slots.delete(slot);
      // Values come and go (one per intent, per claim…): an empty bucket is dropped so the index does not grow forever.
      if (bucket.slots.size === 0) map.delete(key.value);
    }
  }

  /** The bucket of one wanted value, in collection order; undefined when no item holds it. */
  lookUp(wanted: unknown): Bucket | undefined {
    const key = keyOf(wanted);
    if (!key) return undefined;
    const bucket = this.#map(key).get(key.value);
    if (bucket && !bucket.sorted) {
      bucket.slots = new Set([...bucket.slots].sort(byOrdinal));
      bucket.sorted = true;
    }
    return bucket;
  }

  #map(key: Key): Map<string | number | boolean, Bucket> {
    return (key.dates ? this.#dates : this.#values) as Map<string | number | boolean, Bucket>;
  }
}

const byOrdinal = (a: Slot, b: Slot): number => a.ordinal - b.ordinal;

/** Groups merged one by one while there are this few: each merge is linear, no sort. */
const FEW_GROUPS = 8;

/**
 * The union of a plan's groups in collection order, each item once (an item found twice — in two buckets of an
 * Array field, or by two parts of an `or` — counts once). A few groups are merged in one linear pass each, so a
 * `hasSome` over two large buckets costs their size, not the collection's. Many groups are sorted together; when
 * they hold more than half the collection that costs more than testing every item in order, so: undefined (scan).
 */
function inCollectionOrder(plan: Plan, collectionSize: number): Slot[] | undefined {
  if (plan.groups.length <= FEW_GROUPS) {
    let merged: Slot[] = [];
    for (const group of plan.groups) merged = mergeOrdered(merged, Array.from(group));
    return merged;
  }
  if (plan.size > collectionSize / 2) return undefined;
  const all = new Set<Slot>();
  for (const group of plan.groups) for (const slot of group) all.add(slot);
  return [...all].sort(byOrdinal);
}

/** Two lists in collection order as one, the items both hold once. */
function mergeOrdered(a: readonly Slot[], b: readonly Slot[]): Slot[] {
  const merged: Slot[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Slot;
    const y = b[j] as Slot;
    if (x.ordinal < y.ordinal) {
      merged.push(x);
      i += 1;
    } else if (y.ordinal < x.ordinal) {
      merged.push(y);
      j += 1;
    } else {
      merged.push(x);
      i += 1;
      j += 1;
    }
  }
  for (; i < a.length; i += 1) merged.push(a[i] as Slot);
  for (; j < b.length; j += 1) merged.push(b[j] as Slot);
  return merged;
}

/**
 * The items a filter can match, as found by the indexes: some groups of slots (each in collection order) whose union
 * holds every match, and how many slots they hold in all (an upper bound when groups overlap).
 */
interface Plan {
  readonly groups: readonly Iterable<Slot>[];
  readonly size: number;
}

/**
 * The items of one custom collection by `_id`, in collection order, with the same reading surface as the Map it
 * replaces (`get`, `has`, `values`, iteration by `[id, item]`), plus `candidates(filter)`.
 */
export class IndexedItems {
  readonly #slots = new Map<string, Slot>();
  readonly #indexes = new Map<string, FieldIndex>();
  #nextOrdinal = 0;

  get size(): number {
    return this.#slots.size;
  }

  has(id: string): boolean {
    return this.#slots.has(id);
  }

  get(id: string): Item | undefined {
    return this.#slots.get(id)?.item;
  }

  /** Stores `item` under `id`: a new `_id` goes last, an existing one keeps its place; every index follows. */
  set(id: string, item: Item): this {
    const slot = this.#slots.get(id);
    if (!slot) {
      const added: Slot = { item, ordinal: this.#nextOrdinal++ };
      this.#slots.set(id, added);
      for (const index of this.#indexes.values()) index.add(added);
      return this;
    }
    const previous = slot.item;
    slot.item = item;
    for (const index of this.#indexes.values()) {
      const before = index.keys(previous);
      const after = index.keys(item);
      // Most updates leave the indexed fields as they were (a retry count, a date): then the buckets stay untouched.
      if (sameKeys(before, after)) continue;
      index.remove(slot, before);
      index.add(slot, after);
    }
    return this;
  }

  delete(id: string): boolean {
    const slot = this.#slots.get(id);
    if (!slot) return false;
    for (const index of this.#indexes.values()) index.remove(slot);
    return this.#slots.delete(id);
  }

  *values(): IterableIterator<Item> {
    for (const slot of this.#slots.values()) yield slot.item;
  }

  *[Symbol.iterator](): IterableIterator<[string, Item]> {
    for (const [id, slot] of this.#slots) yield [id, slot.item];
  }

  /** Which fields have an index now (for tests and the bench). */
  indexedFields(): string[] {
    return [...this.#indexes.keys()];
  }

  /**
   * The items `filter` can match, in collection order, as the indexes find them: an `eq` / `hasSome` on a field (or
   * on `_id`) finds the items holding those values; `and` takes its most selective indexable part; `or` the union of
   * its parts when every part is indexable. Undefined when nothing can use an index (the caller then scans every
   * item). A superset of the matches: the caller still tests the whole filter on each.
   */
  candidates(filter: Filter | undefined): Item[] | undefined {
    const plan = this.#plan(filter);
    if (!plan) return undefined;
    const [only, ...others] = plan.groups;
    if (!only) return [];
    if (others.length === 0) return Array.from(only, (slot) => slot.item);
    return inCollectionOrder(plan, this.#slots.size)?.map((slot) => slot.item);
  }

  #plan(filter: Filter | undefined): Plan | undefined {
    if (!filter) return undefined;
    switch (filter.op) {
      case 'and': {
        let best: Plan | undefined;
        for (const part of filter.filters) {
          const plan = this.#plan(part);
          if (plan && (!best || plan.size < best.size)) best = plan;
        }
        return best;
      }
      case 'or': {
        const groups: Iterable<Slot>[] = [];
        let size = 0;
        for (const part of filter.filters) {
          const plan = this.#plan(part);
          if (!plan) return undefined;
          groups.push(...plan.groups);
          size += plan.size;
        }
        return { groups, size };
      }
      case 'eq':
        // `eq(field, null)` matches the items *without* a value: no index holds those.
        if (filter.value === null || filter.value === undefined) return undefined;
        return this.#lookUp(filter.field, [filter.value]);
      case 'hasSome':
        return this.#lookUp(filter.field, filter.values);
      default:
        return undefined;
    }
  }

  /** The groups holding any of `values` in `field`; `_id` is looked up in the items themselves. */
  #lookUp(field: string, values: readonly unknown[]): Plan {
    if (field === '_id') {
      const found: Slot[] = [];
      for (const value of new Set(values)) {
        const slot = typeof value === 'string' ? this.#slots.get(value) : undefined;
        if (slot) found.push(slot);
      }
      return { groups: found.sort(byOrdinal).map((slot) => [slot]), size: found.length };
    }
    const index = this.#indexFor(field);
    const buckets = new Set<Bucket>();
    let size = 0;
    for (const value of values) {
      const bucket = index.lookUp(value);
      if (bucket && !buckets.has(bucket)) {
        buckets.add(bucket);
        size += bucket.slots.size;
      }
    }
    return { groups: [...buckets].map((bucket) => bucket.slots), size };
  }

  #indexFor(field: string): FieldIndex {
    let index = this.#indexes.get(field);
    if (!index) {
      index = new FieldIndex(field);
      for (const slot of this.#slots.values()) index.add(slot);
      this.#indexes.set(field, index);
    }
    return index;
  }
}

function sameKeys(a: readonly Key[], b: readonly Key[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] as Key;
    const y = b[i] as Key;
    if (x.dates !== y.dates || x.value !== y.value) return false;
  }
  return true;
}

/** Indexes over row lists a source caches (a frozen list: the same rows until something changes), by list. */
const rowIndexes = new WeakMap<readonly Item[], IndexedItems>();

/**
 * The rows of an app collection `filter` can match, in row order. A row list its source caches (frozen, handed out
 * again until a row changes) gets indexes of its own, built on first use and dropped with the list; a list made
 * afresh for each query is scanned, since indexing it would cost more than the scan.
 */
export function rowCandidates(rows: readonly Item[], filter: Filter | undefined): Iterable<Item> {
  if (!Object.isFrozen(rows)) return rows;
  let indexed = rowIndexes.get(rows);
  if (!indexed) {
    indexed = new IndexedItems();
    for (const row of rows) indexed.set(String(row._id), row);
    rowIndexes.set(rows, indexed);
  }
  return indexed.candidates(filter) ?? rows;
}
