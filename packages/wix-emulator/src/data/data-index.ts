/**
 * A custom collection's items, with equality indexes on the fields its queries filter by. Without them every query
 * not on `_id` tests every item, and a site that queries its orders or claim records per request slows down as the
 * collection grows (quadratically over a run).
 *
 * An index is built the first time a query filters a field with `eq` or `hasSome`, and from then on every write
 * (`set`, `delete`, and loading a whole state, which is a series of `set`s) keeps it current. Answers never change:
 * an index only narrows the items a query tests, the query's whole filter still runs on each of them, and each
 * carries its place in collection order (`ordinal`), which the query uses wherever a scan would use the order it
 * meets the items in.
 */
import { isDate, reader, type Filter, type Item } from './data-filter';

/** An item with its place in collection order: what the query engine gets from the indexes or a scan. */
export interface Ranked {
  readonly item: Item;
  readonly ordinal: number;
}

/**
 * Where a query looks and what is left to test there: groups of candidates (each item in one group only), and the
 * part of the filter the indexes did not already settle — a condition an index answered exactly (`eq` / `hasSome`
 * finds precisely the items it holds for) is not tested again on each candidate.
 */
export interface Candidates {
  readonly groups: readonly Iterable<Ranked>[];
  readonly filter: Filter | undefined;
}

/** An item and its place in collection order (insertion order; an update keeps the place, as a Map's `set` does). */
interface Slot extends Ranked {
  item: Item;
}

/** The items holding one value: most values (a key, a message ID) have one, so a lone item is stored as it is. */
type Bucket = Slot | Set<Slot>;

const slotsOf = (bucket: Bucket): Iterable<Slot> => (bucket instanceof Set ? bucket : [bucket]);
const sizeOf = (bucket: Bucket): number => (bucket instanceof Set ? bucket.size : 1);

/**
 * The value an equality condition looks up, mirroring the filter's `eq` test (data-filter.ts `equalTo`): strings,
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
  /** Whether some item ever held two values here (an Array): only then can one item be in two buckets. */
  multiValued = false;

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
    if (keys.length > 1) this.multiValued = true;
    for (const key of keys) {
      const map = this.#map(key);
      const bucket = map.get(key.value);
      if (bucket === undefined) map.set(key.value, slot);
      else if (bucket instanceof Set) bucket.add(slot);
      else if (bucket !== slot) map.set(key.value, new Set([bucket, slot]));
    }
  }

  remove(slot: Slot, keys: readonly Key[] = this.keys(slot.item)): void {
    for (const key of keys) {
      const map = this.#map(key);
      const bucket = map.get(key.value);
      // Values come and go (one per intent, per claim…): an emptied bucket is dropped so the index does not grow forever.
      if (bucket === slot) map.delete(key.value);
      else if (bucket instanceof Set) {
        bucket.delete(slot);
        if (bucket.size === 0) map.delete(key.value);
      }
    }
  }

  /** The items holding `wanted`; undefined when none does. */
  lookUp(wanted: unknown): Bucket | undefined {
    const key = keyOf(wanted);
    return key && this.#map(key).get(key.value);
  }

  #map(key: Key): Map<string | number | boolean, Bucket> {
    return (key.dates ? this.#dates : this.#values) as Map<string | number | boolean, Bucket>;
  }
}

/**
 * The items a filter can match, as the indexes find them: groups of slots whose union holds every match, and how
 * many slots they hold in all (an upper bound when groups overlap).
 */
interface Plan {
  readonly groups: readonly Iterable<Slot>[];
  readonly size: number;
  /** No item is in two groups. */
  readonly disjoint: boolean;
  /** The condition the groups hold exactly the items of, when there is one (an `eq` / `hasSome`). */
  readonly exact?: Filter;
}

/**
 * The items of one custom collection by `_id`, in collection order, with the same reading surface as the Map it
 * replaces (`get`, `has`, `values`, iteration by `[id, item]`), plus `select(filter)`.
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

  /**
   * Where `filter` can match, as the indexes find it (not in collection order: each item carries its ordinal). An
   * `eq` / `hasSome` on a field (or on `_id`) finds the items holding those values; `and` takes its most selective
   * indexable part, and leaves the rest of the filter to test; `or` takes the union of its parts when every part is
   * indexable. With nothing an index can use: every item, and the whole filter. Either way the answer is a scan's.
   */
  select(filter: Filter | undefined): Candidates {
    const plan = this.#plan(filter);
    if (!plan) return { groups: [this.#slots.values()], filter };
    const groups = plan.disjoint || plan.groups.length < 2 ? plan.groups : [eachOnce(plan.groups)];
    return { groups, filter: plan.exact ? without(filter, plan.exact) : filter };
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
        return { groups, size, disjoint: false };
      }
      case 'eq':
        // `eq(field, null)` matches the items *without* a value: no index holds those.
        if (filter.value === null || filter.value === undefined) return undefined;
        return { ...this.#lookUp(filter.field, [filter.value]), exact: filter };
      case 'hasSome':
        return { ...this.#lookUp(filter.field, filter.values), exact: filter };
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
      return { groups: found.length === 0 ? [] : [found], size: found.length, disjoint: true };
    }
    const index = this.#indexFor(field);
    const buckets = new Set<Bucket>();
    let size = 0;
    for (const value of values) {
      const bucket = index.lookUp(value);
      if (bucket !== undefined && !buckets.has(bucket)) {
        buckets.add(bucket);
        size += sizeOf(bucket);
      }
    }
    return { groups: [...buckets].map(slotsOf), size, disjoint: !index.multiValued };
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

/** The slots of several groups, each once (an item may be in two buckets of an Array field, or in two parts of an `or`). */
function* eachOnce(groups: readonly Iterable<Slot>[]): Iterable<Slot> {
  const seen = new Set<Slot>();
  for (const group of groups) {
    for (const slot of group) {
      if (seen.has(slot)) continue;
      seen.add(slot);
      yield slot;
    }
  }
}

/** `filter` with `settled` (one of its conditions, reached through `and`s only) taken out: what is left to test. */
function without(filter: Filter | undefined, settled: Filter): Filter | undefined {
  if (filter === settled || !filter) return undefined;
  if (filter.op !== 'and') return filter;
  const rest = filter.filters.map((part) => without(part, settled)).filter((part): part is Filter => part !== undefined);
  if (rest.length === filter.filters.length && rest.every((part, i) => part === filter.filters[i])) return filter;
  return rest.length === 0 ? undefined : { op: 'and', filters: rest };
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
 * The rows of an app collection `filter` can match, each with its place in the list. A row list its source caches
 * (frozen, handed out again until a row changes) gets indexes of its own, built on first use and dropped with the
 * list; a list made afresh for each query is scanned, since indexing it would cost more than the scan.
 */
export function rowCandidates(rows: readonly Item[], filter: Filter | undefined): Candidates {
  if (!Object.isFrozen(rows)) return { groups: [rows.map((item, ordinal) => ({ item, ordinal }))], filter };
  let indexed = rowIndexes.get(rows);
  if (!indexed) {
    indexed = new IndexedItems();
    for (const row of rows) indexed.set(String(row._id), row);
    rowIndexes.set(rows, indexed);
  }
  return indexed.select(filter);
}
