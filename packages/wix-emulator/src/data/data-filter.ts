/**
 * wix-data filter semantics (WCD `wix-data/WixDataFilter.service.json`):
 * - values only match values of the same type (a number stored as a String never equals the Number);
 * - `eq`, `ne`, `hasSome`, `hasAll` compare strings case-sensitively; `contains`, `startsWith`, `endsWith` do not;
 * - on an Array property a condition holds when any element satisfies it (`ne`: when none equals the value);
 * - strings compare lexicographically by code unit (`"Text"` < `"text"`), Dates by time;
 * - `between(start, end)` is `>= start` and `< end`; `isEmpty` is null, undefined or a missing property.
 * Field names may be dotted paths into nested objects.
 */

import { compileLogical } from './filter-logic';

export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';
export type TextMatch = 'contains' | 'startsWith' | 'endsWith';

export type Filter =
  | { readonly op: Comparison | TextMatch; readonly field: string; readonly value: unknown }
  | { readonly op: 'between'; readonly field: string; readonly start: unknown; readonly end: unknown }
  | { readonly op: 'hasSome' | 'hasAll'; readonly field: string; readonly values: readonly unknown[] }
  | { readonly op: 'isEmpty' | 'isNotEmpty'; readonly field: string }
  | { readonly op: 'and' | 'or'; readonly filters: readonly Filter[] }
  | { readonly op: 'not'; readonly filter: Filter };

export type FieldFilter = Exclude<Filter, { op: 'and' | 'or' | 'not' }>;

export interface SortKey {
  readonly field: string;
  readonly order: 'asc' | 'desc';
}

export type Item = Record<string, unknown>;

/**
 * Realm-independent Date test (as Wix's own client does it): `structuredClone` returns Dates of the host realm, which
 * `instanceof Date` misses when code runs in another one (a test runner's VM context).
 */
export function isDate(value: unknown): value is Date {
  // Every filter test and sort comparison asks this: primitives and this realm's Dates are answered without the
  // (slower) tag lookup, which only objects of another realm need.
  if (typeof value !== 'object' || value === null) return false;
  return value instanceof Date || Object.prototype.toString.call(value) === '[object Date]';
}

/** The raw value at a dotted path; arrays met on the way are searched element by element. */
export function readPath(item: unknown, path: string): unknown {
  return readSegments(item, path.split('.'));
}

function readSegments(item: unknown, segments: readonly string[]): unknown {
  const values = collect(item, segments);
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

/**
 * `readPath` for one field, with the path split once. A plain field name of an item (an object) reads as the
 * property itself, which is what `readPath` answers for it, without the walk.
 */
export function reader(path: string): (item: Item) => unknown {
  const segments = path.split('.');
  if (segments.length === 1) return (item) => item[path];
  return (item) => readSegments(item, segments);
}

function collect(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((element) => collect(element, segments));
  if (value === null || typeof value !== 'object' || isDate(value)) return [];
  const [head, ...rest] = segments;
  return collect((value as Item)[head as string], rest);
}

/**
 * What a condition is tested against: the value itself, or each element when it is an Array (none when the value is
 * null or missing). `holds` asks whether any of them passes `test`, without building the list.
 */
function holds(value: unknown, test: (candidate: unknown) => boolean): boolean {
  if (value === undefined || value === null) return false;
  return Array.isArray(value) ? value.some(test) : test(value);
}

function candidateCount(value: unknown): number {
  if (value === undefined || value === null) return 0;
  return Array.isArray(value) ? value.length : 1;
}

function sameType(a: unknown, b: unknown): boolean {
  const ta = typeof a;
  const tb = typeof b;
  // Only objects can be Dates: the realm-independent Date test runs only when one side is an object.
  if (ta === 'object' || tb === 'object') return isDate(a) && isDate(b);
  return ta === tb && (ta === 'string' || ta === 'number' || ta === 'boolean');
}

/** Negative, zero or positive for two values of the same comparable type; undefined when they cannot be compared. */
function compareSame(a: unknown, b: unknown): number | undefined {
  if (!sameType(a, b) || typeof a === 'boolean') return undefined;
  // Same type by now: an object on either side is a Date on both.
  const x = typeof a === 'object' ? (a as Date).getTime() : (a as string | number);
  const y = typeof b === 'object' ? (b as Date).getTime() : (b as string | number);
  return order(x, y);
}

function order(x: string | number, y: string | number): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Equality of a stored value with `wanted`: same type only, Dates by time. The test is built once per query, with
 * `wanted`'s type settled here rather than again for every stored value.
 */
function equalTo(wanted: unknown): (v: unknown) => boolean {
  if (typeof wanted === 'object') {
    if (!isDate(wanted)) return () => false;
    const time = wanted.getTime();
    return (v) => typeof v === 'object' && isDate(v) && v.getTime() === time;
  }
  if (typeof wanted === 'string' || typeof wanted === 'number' || typeof wanted === 'boolean') return (v) => v === wanted;
  return () => false;
}

/** `(v) => compareSame(v, bound)`, likewise prepared once per query. */
function compareTo(bound: unknown): (v: unknown) => number | undefined {
  if (typeof bound === 'object') {
    if (!isDate(bound)) return () => undefined;
    const time = bound.getTime();
    return (v) => (typeof v === 'object' && isDate(v) ? order(v.getTime(), time) : undefined);
  }
  if (typeof bound === 'string' || typeof bound === 'number') {
    const kind = typeof bound;
    return (v) => (typeof v === kind ? order(v as string | number, bound) : undefined);
  }
  // Booleans are equal-only; other types never compare.
  return () => undefined;
}

export type ItemTest = (item: Item) => boolean;

/**
 * The filter as one predicate, built once per query: paths are split and operands prepared here, so testing an item
 * allocates nothing for a plain field.
 */
export function compileFilter(filter: Filter | undefined): ItemTest {
  return compileLogical<Item, Filter>(filter, compileField);
}

function compileField(filter: FieldFilter): ItemTest {
  const read = reader(filter.field);
  const when = (test: (value: unknown) => boolean): ItemTest => (item) => holds(read(item), test);
  switch (filter.op) {
    case 'isEmpty':
      return (item) => {
        const value = read(item);
        return value === undefined || value === null;
      };
    case 'isNotEmpty':
      return (item) => {
        const value = read(item);
        return value !== undefined && value !== null;
      };
    case 'eq': {
      const wanted = filter.value;
      if (wanted === null || wanted === undefined) return (item) => candidateCount(read(item)) === 0;
      return when(equalTo(wanted));
    }
    case 'ne': {
      const wanted = filter.value;
      if (wanted === null || wanted === undefined) return (item) => candidateCount(read(item)) > 0;
      const test = when(equalTo(wanted));
      return (item) => !test(item);
    }
    case 'gt': {
      const compare = compareTo(filter.value);
      return when((v) => (compare(v) ?? 0) > 0);
    }
    case 'ge': {
      const compare = compareTo(filter.value);
      return when((v) => (compare(v) ?? -1) >= 0);
    }
    case 'lt': {
      const compare = compareTo(filter.value);
      return when((v) => (compare(v) ?? 0) < 0);
    }
    case 'le': {
      const compare = compareTo(filter.value);
      return when((v) => (compare(v) ?? 1) <= 0);
    }
    case 'between': {
      const fromStart = compareTo(filter.start);
      const toEnd = compareTo(filter.end);
      return when((v) => (fromStart(v) ?? -1) >= 0 && (toEnd(v) ?? 0) < 0);
    }
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const op = filter.op;
      const needle = String(filter.value).toLowerCase();
      return when((v) => typeof v === 'string' && textMatches(op, v, needle));
    }
    case 'hasSome': {
      const tests = filter.values.map(equalTo);
      return (item) => {
        const value = read(item);
        for (const test of tests) if (holds(value, test)) return true;
        return false;
      };
    }
    case 'hasAll': {
      const tests = filter.values.map(equalTo);
      return (item) => {
        const value = read(item);
        for (const test of tests) if (!holds(value, test)) return false;
        return true;
      };
    }
  }
}

/** Case-insensitive text match; `needle` comes lower-cased (once per query). */
function textMatches(op: TextMatch, value: string, needle: string): boolean {
  const haystack = value.toLowerCase();
  if (op === 'contains') return haystack.includes(needle);
  return op === 'startsWith' ? haystack.startsWith(needle) : haystack.endsWith(needle);
}

/**
 * Sort rank of a value's type when a field holds mixed types (the database's BSON order: missing < numbers <
 * strings < objects < arrays < booleans < dates). Items without a value rank lowest, as the docs say.
 */
function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return 1;
  if (typeof value === 'string') return 2;
  if (Array.isArray(value)) return 4;
  if (typeof value === 'boolean') return 5;
  if (isDate(value)) return 6;
  return 3;
}

export function compareForSort(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return compareSame(a, b) ?? 0;
}

/** Multi-key sort; ties keep the collection's order, so paging through equal keys is stable. */
export function sortItems<T extends Item>(items: readonly T[], sort: readonly SortKey[]): T[] {
  if (sort.length === 0) return [...items];
  const readers = sort.map(({ field }) => reader(field));
  // Each item's sort values are read once, not again in every comparison.
  return items
    .map((item, index) => ({ item, index, keys: readers.map((read) => read(item)) }))
    .sort((x, y) => {
      for (const [i, { order }] of sort.entries()) {
        const result = compareForSort(x.keys[i], y.keys[i]);
        if (result !== 0) return order === 'asc' ? result : -result;
      }
      return x.index - y.index;
    })
    .map(({ item }) => item);
}

/** Every field a filter tree names, with the operator used on it (app collections check these against their table). */
export function fieldConditions(filter: Filter | undefined): { field: string; op: FieldFilter['op'] }[] {
  if (!filter) return [];
  switch (filter.op) {
    case 'and':
    case 'or':
      return filter.filters.flatMap(fieldConditions);
    case 'not':
      return fieldConditions(filter.filter);
    default:
      return [{ field: filter.field, op: filter.op }];
  }
}
