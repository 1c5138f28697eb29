import { dataErrors } from './data-errors';
import { compileFilter, isDate, readPath, sortItems, type Filter, type Item, type SortKey } from './data-filter';
import type { Candidates, Ranked } from './data-index';
import { FirstSorted } from './data-top-k';

/** What a `wixData.query(collection)` builder has collected when it runs. */
export interface QuerySpec {
  readonly collection: string;
  readonly filter?: Filter;
  readonly sort: readonly SortKey[];
  readonly limit: number;
  readonly skip: number;
  /** Fields named in `include()`. */
  readonly include: readonly string[];
  /** Builder misuse (bad limit, wrong argument types, …): Wix's client reports it when the query runs. */
  readonly problems: readonly string[];
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

export function emptySpec(collection: string): QuerySpec {
  return { collection, sort: [], limit: DEFAULT_LIMIT, skip: 0, include: [], problems: [] };
}

/** One page of a query, plus how many items match in all (for `totalCount` and `hasNext()`). */
export interface QueryPage<T = Item> {
  readonly items: T[];
  readonly total: number;
}

/**
 * Fails the way Wix does before any data is read: collected builder problems, then `include()` of a field that is
 * not a reference field — the emulator's collections have no schema, so no field is one.
 */
export function checkSpec(spec: QuerySpec): void {
  if (spec.problems.length > 0) throw dataErrors.queryInvalid(spec.collection, spec.problems);
  const [included] = spec.include;
  if (included !== undefined) {
    throw dataErrors.queryInvalid(spec.collection, [
      `WDE0020: Provided property [${included}] is not a multi-reference field.`,
    ]);
  }
}

/**
 * The page a query asks for, and how many items match, in one pass over the candidates (each with its place in
 * collection order, met in any order): matches are counted and offered to a bounded top-k (data-top-k.ts); none is
 * collected or sorted beyond the page's end. A `due` page of 50 over thousands of candidates costs one test each.
 */
export function pageOf(candidates: Candidates, visible: ((item: Item) => boolean) | undefined, spec: QuerySpec): QueryPage {
  const test = compileFilter(candidates.filter);
  const first = new FirstSorted<Item>(spec.sort, spec.skip + spec.limit);
  let total = 0;
  for (const group of candidates.groups) {
    for (const { item, ordinal } of group) {
      if ((visible === undefined || visible(item)) && test(item)) {
        total += 1;
        first.offer(item, ordinal);
      }
    }
  }
  return { items: first.result().slice(spec.skip), total };
}

/** The candidates that pass the filter left to test and `visible`, in collection order (count and distinct need them all). */
export function selectRanked(candidates: Candidates, visible?: (item: Item) => boolean): Item[] {
  const test = compileFilter(candidates.filter);
  const matching: Ranked[] = [];
  let ordered = true;
  for (const group of candidates.groups) {
    for (const candidate of group) {
      if ((visible === undefined || visible(candidate.item)) && test(candidate.item)) {
        if (ordered && matching.length > 0 && (matching[matching.length - 1] as Ranked).ordinal > candidate.ordinal) ordered = false;
        matching.push(candidate);
      }
    }
  }
  if (!ordered) matching.sort((a, b) => a.ordinal - b.ordinal);
  return matching.map((m) => m.item);
}

/**
 * `distinct(field)`: the field's distinct values among the matching items, in query order, paged like `find()`.
 * Array values contribute their elements.
 */
export function runDistinct(matching: readonly Item[], spec: QuerySpec, field: string): QueryPage<unknown> {
  const values: unknown[] = [];
  const seen = new Set<unknown>();
  for (const item of sortItems(matching, spec.sort)) {
    const value = readPath(item, field);
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v === undefined || v === null) continue;
      const key = isDate(v) ? `date:${v.getTime()}` : v;
      if (seen.has(key)) continue;
      seen.add(key);
      values.push(v);
    }
  }
  return {
    items: values.slice(spec.skip, spec.skip + spec.limit),
    total: values.length,
  };
}
