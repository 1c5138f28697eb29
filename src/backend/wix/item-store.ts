/**
 * The wix-data operations the module's stores (outbox, claims, rate-limit slots, housekeeping) use. Velo's `wix-data`
 * and the SDK's `@wix/data` items offer the same operations and the same query builder; each family binds its own
 * module here (with its own way of acting as admin), so the stores are written once (item-stores.ts, item-outbox.ts).
 */
export type Item = Record<string, unknown>;

export interface ItemStore {
  /** Fails for an `_id` that exists: the one atomic "first writer wins" wix-data offers. */
  insert(collection: string, item: Item & { readonly _id: string }): Promise<unknown>;
  /**
   * Inserts up to 1,000 items in one call. An item whose `_id` exists is skipped (not overwritten; both modules count it
   * in `skipped`, the SDK's client drops its WDE0074 from `errors`); other refused items are in `errors`.
   */
  bulkInsert(collection: string, items: readonly (Item & { readonly _id: string })[]): Promise<BulkInserted>;
  /**
   * Replaces up to 1,000 items whole in one call. An item whose `_id` is not in the collection is skipped (never
   * inserted; the SDK's client drops its WDE0073 from `errors`); other refused items are in `errors`.
   */
  bulkUpdate(collection: string, items: readonly (Item & { readonly _id: string })[]): Promise<BulkUpdated>;
  get(collection: string, id: string): Promise<Item | null>;
  /** Replaces the whole item. */
  update(collection: string, item: Item & { readonly _id: string }): Promise<unknown>;
  save(collection: string, item: Item & { readonly _id: string }): Promise<unknown>;
  /** Resolves null when the item is not there (Wix's data client recovers WDE0073 the same way): removing is idempotent. */
  remove(collection: string, id: string): Promise<unknown>;
  query(collection: string): ItemQuery;
}

export interface BulkInserted {
  readonly insertedItemIds: readonly string[];
  readonly errors: readonly unknown[];
}

export interface BulkUpdated {
  readonly updatedItemIds: readonly string[];
  readonly errors: readonly unknown[];
}

export interface ItemQuery {
  eq(field: string, value: string | number | Date): ItemQuery;
  ne(field: string, value: string | number | Date | boolean): ItemQuery;
  hasSome(field: string, values: readonly string[]): ItemQuery;
  le(field: string, value: Date): ItemQuery;
  lt(field: string, value: Date): ItemQuery;
  gt(field: string, value: string | Date): ItemQuery;
  startsWith(field: string, prefix: string): ItemQuery;
  ascending(field: string): ItemQuery;
  descending(field: string): ItemQuery;
  limit(limit: number): ItemQuery;
  or(other: ItemQuery): ItemQuery;
  and(other: ItemQuery): ItemQuery;
  find(): Promise<{ items: Item[] }>;
  count(): Promise<number>;
}

/** The builder both wix-data modules return, as far as the stores use it. */
export interface WixDataBuilder<Self> {
  eq(field: string, value: string | number | Date): Self;
  ne(field: string, value: string | number | Date | boolean): Self;
  hasSome(field: string, values: string[]): Self;
  le(field: string, value: Date): Self;
  lt(field: string, value: Date): Self;
  gt(field: string, value: string | Date): Self;
  startsWith(field: string, prefix: string): Self;
  ascending(field: string): Self;
  descending(field: string): Self;
  limit(limit: number): Self;
  or(other: Self): Self;
  and(other: Self): Self;
}

/**
 * Wraps a module's query builder; `run` says how the finished query executes (Velo passes `suppressAuth`, the SDK runs
 * it as built, elevated or as the API-key client).
 */
export function wrapQuery<B extends WixDataBuilder<B>>(
  builder: B,
  run: { find(query: B): Promise<{ items: unknown[] }>; count(query: B): Promise<number> },
): ItemQuery {
  const wrap = (next: B): ItemQuery => wrapQuery(next, run);
  const query: ItemQuery = {
    eq: (field, value) => wrap(builder.eq(field, value)),
    ne: (field, value) => wrap(builder.ne(field, value)),
    hasSome: (field, values) => wrap(builder.hasSome(field, [...values])),
    le: (field, value) => wrap(builder.le(field, value)),
    lt: (field, value) => wrap(builder.lt(field, value)),
    gt: (field, value) => wrap(builder.gt(field, value)),
    startsWith: (field, prefix) => wrap(builder.startsWith(field, prefix)),
    ascending: (field) => wrap(builder.ascending(field)),
    descending: (field) => wrap(builder.descending(field)),
    limit: (limit) => wrap(builder.limit(limit)),
    or: (other) => wrap(builder.or(unwrap(other))),
    and: (other) => wrap(builder.and(unwrap(other))),
    find: async () => ({ items: (await run.find(builder)).items as Item[] }),
    count: () => run.count(builder),
  };
  BUILDERS.set(query, builder);
  return query;
}

// Which builder a wrapped query holds, so `or` and `and` can combine two wrapped queries of one module.
const BUILDERS = new WeakMap<ItemQuery, unknown>();
function unwrap<B>(query: ItemQuery): B {
  const builder = BUILDERS.get(query);
  if (builder === undefined) throw new TypeError('or() and and() take a query built by the same item store');
  return builder as B;
}
