/**
 * wix-data filter semantics (WCD `wix-data/WixDataFilter.service.json`):
 * - values only match values of the same type (a number stored as a String never equals the Number);
 * - `eq`, `ne`, `hasSome`, `hasAll` compare strings case-sensitively; `contains`, `startsWith`, `endsWith` do not;
 * - on an Array property a condition holds when any element satisfies it (`ne`: when none equals the value);
 * - strings compare lexicographically by code unit (`"Text"` < `"text"`), Dates by time;
 * - `between(start, end)` is `>= start` and `< end`; `isEmpty` is null, undefined or a missing property.
 * Field names may be dotted paths into nested objects.
 */
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
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** The raw value at a dotted path; arrays met on the way are searched element by element. */
export function readPath(item: unknown, path: string): unknown {
  const values = collect(item, path.split('.'));
  return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
}

function collect(value: unknown, segments: readonly string[]): unknown[] {
  if (segments.length === 0) return value === undefined ? [] : [value];
  if (Array.isArray(value)) return value.flatMap((element) => collect(element, segments));
  if (value === null || typeof value !== 'object' || isDate(value)) return [];
  const [head, ...rest] = segments;
  return collect((value as Item)[head as string], rest);
}

/** What a condition is tested against: the value itself, or each element when it is an Array. */
function candidates(item: Item, field: string): unknown[] {
  const value = readPath(item, field);
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function sameType(a: unknown, b: unknown): boolean {
  if (isDate(a) || isDate(b)) return isDate(a) && isDate(b);
  return typeof a === typeof b && (typeof a === 'string' || typeof a === 'number' || typeof a === 'boolean');
}

function equal(a: unknown, b: unknown): boolean {
  if (!sameType(a, b)) return false;
  return isDate(a) ? a.getTime() === (b as Date).getTime() : a === b;
}

/** Negative, zero or positive for two values of the same comparable type; undefined when they cannot be compared. */
function compareSame(a: unknown, b: unknown): number | undefined {
  if (!sameType(a, b) || typeof a === 'boolean') return undefined;
  const x = isDate(a) ? a.getTime() : (a as string | number);
  const y = isDate(b) ? b.getTime() : (b as string | number);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function matches(item: Item, filter: Filter | undefined): boolean {
  if (!filter) return true;
  switch (filter.op) {
    case 'and':
      return filter.filters.every((f) => matches(item, f));
    case 'or':
      return filter.filters.some((f) => matches(item, f));
    case 'not':
      return !matches(item, filter.filter);
    default:
      return matchesField(item, filter);
  }
}

function matchesField(item: Item, filter: FieldFilter): boolean {
  if (filter.op === 'isEmpty' || filter.op === 'isNotEmpty') {
    const value = readPath(item, filter.field);
    const empty = value === undefined || value === null;
    return filter.op === 'isEmpty' ? empty : !empty;
  }
  const values = candidates(item, filter.field);
  const holds = (test: (value: unknown) => boolean) => values.some(test);
  switch (filter.op) {
    case 'eq':
      if (filter.value === null || filter.value === undefined) return values.length === 0;
      return holds((v) => equal(v, filter.value));
    case 'ne':
      if (filter.value === null || filter.value === undefined) return values.length > 0;
      return !holds((v) => equal(v, filter.value));
    case 'gt':
      return holds((v) => (compareSame(v, filter.value) ?? 0) > 0);
    case 'ge':
      return holds((v) => (compareSame(v, filter.value) ?? -1) >= 0);
    case 'lt':
      return holds((v) => (compareSame(v, filter.value) ?? 0) < 0);
    case 'le':
      return holds((v) => (compareSame(v, filter.value) ?? 1) <= 0);
    case 'between':
      return holds((v) => (compareSame(v, filter.start) ?? -1) >= 0 && (compareSame(v, filter.end) ?? 0) < 0);
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return holds((v) => typeof v === 'string' && textMatches(filter.op as TextMatch, v, String(filter.value)));
    case 'hasSome':
      return filter.values.some((wanted) => holds((v) => equal(v, wanted)));
    case 'hasAll':
      return filter.values.every((wanted) => holds((v) => equal(v, wanted)));
  }
}

function textMatches(op: TextMatch, value: string, wanted: string): boolean {
  const haystack = value.toLowerCase();
  const needle = wanted.toLowerCase();
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

function compareForSort(a: unknown, b: unknown): number {
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return compareSame(a, b) ?? 0;
}

/** Multi-key sort; ties keep the collection's order, so paging through equal keys is stable. */
export function sortItems<T extends Item>(items: readonly T[], sort: readonly SortKey[]): T[] {
  if (sort.length === 0) return [...items];
  return items
    .map((item, index) => ({ item, index }))
    .sort((x, y) => {
      for (const { field, order } of sort) {
        const result = compareForSort(readPath(x.item, field), readPath(y.item, field));
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
