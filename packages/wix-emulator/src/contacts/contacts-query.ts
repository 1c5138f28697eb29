import type { ContactRecord } from './contacts-model';
import { compileLogical } from '../data/filter-logic';
import { applicationError, validationError } from '../kernel/wix-errors';

/**
 * The wix-crm-backend contacts query: a filter tree, sorting and paging, checked against the documented field/operator
 * table (WCD `Contacts/guides/Sort, Filter, and Search.md`) so code using an unsupported combination fails here as it
 * would on Wix, with the Contacts API's query error codes (`UNSUPPORTED_FILTER_OPERATOR`, `ILLEGAL_LIMIT`, …).
 */
export type Comparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'startsWith';
export type Filter =
  | { readonly op: Comparison; readonly field: string; readonly value: unknown }
  | { readonly op: 'between'; readonly field: string; readonly start: unknown; readonly end: unknown }
  | { readonly op: 'hasSome' | 'hasAll'; readonly field: string; readonly values: readonly unknown[] }
  /** `$exists` of the REST/SDK query (Velo's builder has no `exists()`): the field holds a value, or none. */
  | { readonly op: 'exists'; readonly field: string; readonly value: boolean }
  | { readonly op: 'and' | 'or'; readonly filters: readonly Filter[] }
  | { readonly op: 'not'; readonly filter: Filter };
export type FieldOperator = Comparison | 'between' | 'hasSome' | 'hasAll' | 'exists';

export interface QuerySpec {
  readonly filter?: Filter;
  readonly sort: readonly { readonly field: string; readonly order: 'asc' | 'desc' }[];
  readonly limit: number;
  readonly skip: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

type Kind = 'string' | 'email' | 'date';
interface FieldSpec {
  readonly kind: Kind;
  readonly ops: readonly FieldOperator[];
  readonly sortable: boolean;
  readonly read: (c: ContactRecord) => readonly (string | undefined)[];
}

// `exists` on the fields the v4 "Sort, Filter, and Search" table lists `$exists` for (dev.wix.com/docs/rest/api-reference/
// contacts/contacts/contact-v4/sort-filter-and-search): IDs and text fields, not dates.
const TEXT: readonly FieldOperator[] = ['eq', 'ne', 'hasSome', 'startsWith', 'exists'];
const DATES: readonly FieldOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between'];
const ENUM: readonly FieldOperator[] = ['eq', 'ne', 'hasSome'];
const field = (kind: Kind, ops: readonly FieldOperator[], sortable: boolean, read: FieldSpec['read']): FieldSpec => ({
  kind,
  ops,
  sortable,
  read,
});
const extended = (c: ContactRecord, key: string) => {
  const value = c.info.extendedFields[key];
  return [value === undefined || value === null ? undefined : String(value)];
};

const FIELDS: Readonly<Record<string, FieldSpec>> = {
  _id: field('string', ['eq', 'ne', 'hasSome', 'exists'], false, (c) => [c._id]),
  _createdDate: field('date', DATES, true, (c) => [c._createdDate]),
  _updatedDate: field('date', DATES, false, (c) => [c._updatedDate]),
  'lastActivity.activityDate': field('date', DATES, true, (c) => [c.lastActivity.activityDate]),
  'primaryInfo.email': field('email', TEXT, true, (c) => [c.info.emails.find((e) => e.primary)?.email]),
  'primaryInfo.phone': field('string', TEXT, false, (c) => [c.info.phones.find((p) => p.primary)?.phone]),
  'info.name.first': field('string', TEXT, true, (c) => [c.info.name?.first]),
  'info.name.last': field('string', TEXT, true, (c) => [c.info.name?.last]),
  'info.emails.email': field('email', TEXT, false, (c) => c.info.emails.map((e) => e.email)),
  'info.phones.phone': field('string', TEXT, false, (c) => c.info.phones.map((p) => p.phone)),
  'info.company': field('string', TEXT, true, (c) => [c.info.company]),
  'info.jobTitle': field('string', TEXT, true, (c) => [c.info.jobTitle]),
  'info.birthdate': field('date', DATES, true, (c) => [c.info.birthdate]),
  'info.locale': field('string', [...ENUM, 'exists'], false, (c) => [c.info.locale]),
  'info.labelKeys': field('string', ['hasSome', 'hasAll'], false, (c) => c.info.labelKeys),
  'info.extendedFields.members.membershipStatus': field('string', ENUM, false, (c) =>
    extended(c, 'members.membershipStatus'),
  ),
  'info.extendedFields.emailSubscriptions.subscriptionStatus': field('string', ENUM, false, (c) =>
    extended(c, 'emailSubscriptions.subscriptionStatus'),
  ),
};

const CUSTOM_PREFIX = 'info.extendedFields.custom.';

function fieldSpec(name: string): FieldSpec {
  const known = FIELDS[name];
  if (known) return known;
  if (name.startsWith(CUSTOM_PREFIX) && name.length > CUSTOM_PREFIX.length) {
    const key = name.slice('info.extendedFields.'.length);
    return field('string', ENUM, false, (c) => extended(c, key));
  }
  throw applicationError(400, 'UNSUPPORTED_FILTER_FIELD_UNKNOWN', `Field "${name}" cannot be queried`, { field: name });
}

/** Rejects what Wix rejects: unknown fields, operators a field does not support, bad limits, unsortable fields. */
export function validateSpec(spec: QuerySpec): void {
  if (!Number.isInteger(spec.limit) || spec.limit < 1 || spec.limit > MAX_LIMIT) {
    throw applicationError(400, 'ILLEGAL_LIMIT', `limit must be an integer between 1 and ${MAX_LIMIT}`, {
      limit: spec.limit,
    });
  }
  if (!Number.isInteger(spec.skip) || spec.skip < 0) throw validationError('paging.offset', 'must be a non-negative integer');
  for (const { field: name } of spec.sort) {
    if (!FIELDS[name]?.sortable) {
      throw applicationError(400, 'UNSUPPORTED_SORT_FIELD', `Contacts cannot be sorted by "${name}"`, { field: name });
    }
  }
  if (spec.filter) validateFilter(spec.filter);
}

function validateFilter(filter: Filter): void {
  switch (filter.op) {
    case 'and':
    case 'or':
      filter.filters.forEach(validateFilter);
      return;
    case 'not':
      validateFilter(filter.filter);
      return;
    default: {
      const spec = fieldSpec(filter.field);
      if (!spec.ops.includes(filter.op)) {
        throw applicationError(400, 'UNSUPPORTED_FILTER_OPERATOR', `"${filter.op}" is not supported on "${filter.field}"`, {
          field: filter.field,
          operator: filter.op,
        });
      }
      // Its value is a boolean by type; the wire parser checks what arrives over REST.
      if (filter.op === 'exists') return;
      const values =
        filter.op === 'between' ? [filter.start, filter.end] : 'values' in filter ? filter.values : [filter.value];
      if ('values' in filter && !Array.isArray(filter.values)) {
        throw applicationError(400, 'UNSUPPORTED_FILTER_VALUE_TYPE', `"${filter.op}" needs an array`, { field: filter.field });
      }
      for (const value of values) {
        if (comparable(spec.kind, value) === undefined) {
          throw applicationError(400, 'UNSUPPORTED_FILTER_VALUE_TYPE', `Unsupported value for "${filter.field}"`, {
            field: filter.field,
          });
        }
      }
    }
  }
}

/** Normalizes a stored or queried value for comparison; undefined when the value has the wrong type. */
function comparable(kind: Kind, value: unknown): string | number | undefined {
  if (kind === 'date') {
    const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }
  if (typeof value !== 'string') return undefined;
  return kind === 'email' ? value.toLowerCase() : value;
}

export type RecordTest = (record: ContactRecord) => boolean;

/**
 * The filter as one predicate, built once per query: field specs and wanted values are resolved here, not again for
 * every contact. Call after `validateSpec` (unknown fields throw).
 */
export function compileFilter(filter: Filter | undefined): RecordTest {
  return compileLogical<ContactRecord, Filter>(filter, compileField);
}

function compileField(filter: Exclude<Filter, { op: 'and' | 'or' | 'not' }>): RecordTest {
  const spec = fieldSpec(filter.field);
  const storedOf = (record: ContactRecord): (string | number)[] => {
    const stored: (string | number)[] = [];
    for (const raw of spec.read(record)) {
      if (raw === undefined) continue;
      const value = comparable(spec.kind, raw);
      if (value !== undefined) stored.push(value);
    }
    return stored;
  };
  const wanted = (value: unknown) => comparable(spec.kind, value);
  // Range operators are only accepted on date fields (validateSpec), whose values compare as epoch milliseconds.
  const bound = (value: unknown) => wanted(value) as number;
  const numbers = (record: ContactRecord) => storedOf(record) as number[];
  // On list fields (emails, phones, labels) a condition holds when any element satisfies it; `ne` is its negation.
  switch (filter.op) {
    case 'eq': {
      const value = wanted(filter.value);
      return (record) => storedOf(record).includes(value as string | number);
    }
    case 'ne': {
      const value = wanted(filter.value);
      return (record) => !storedOf(record).includes(value as string | number);
    }
    case 'gt': {
      const limit = bound(filter.value);
      return (record) => numbers(record).some((v) => v > limit);
    }
    case 'ge': {
      const limit = bound(filter.value);
      return (record) => numbers(record).some((v) => v >= limit);
    }
    case 'lt': {
      const limit = bound(filter.value);
      return (record) => numbers(record).some((v) => v < limit);
    }
    case 'le': {
      const limit = bound(filter.value);
      return (record) => numbers(record).some((v) => v <= limit);
    }
    case 'between': {
      const start = bound(filter.start);
      const end = bound(filter.end);
      return (record) => numbers(record).some((v) => v >= start && v < end);
    }
    case 'startsWith': {
      const prefix = String(wanted(filter.value));
      return (record) => storedOf(record).some((v) => typeof v === 'string' && v.startsWith(prefix));
    }
    case 'hasSome': {
      const values = filter.values.map(wanted) as (string | number)[];
      return (record) => {
        const stored = storedOf(record);
        return values.some((value) => stored.includes(value));
      };
    }
    case 'hasAll': {
      const values = filter.values.map(wanted) as (string | number)[];
      return (record) => {
        const stored = storedOf(record);
        return values.every((value) => stored.includes(value));
      };
    }
    case 'exists': {
      const present = filter.value;
      return (record) => (storedOf(record).length > 0) === present;
    }
  }
}

/**
 * A condition every match must meet that the contacts' indexes can answer: `_id`, or an email (`info.emails.email`,
 * or `primaryInfo.email`, which is one of them) by `eq`/`hasSome`, alone or inside a top-level `and`. Email values come
 * back lower-cased, as they compare. Undefined when the filter has none: the query then scans every contact.
 */
export function indexedCondition(filter: Filter | undefined): { by: 'id' | 'email'; values: string[] } | undefined {
  if (!filter) return undefined;
  if (filter.op === 'and') {
    for (const part of filter.filters) {
      const condition = indexedCondition(part);
      if (condition) return condition;
    }
    return undefined;
  }
  if (filter.op !== 'eq' && filter.op !== 'hasSome') return undefined;
  const by = filter.field === '_id' ? 'id' : EMAIL_FIELDS.has(filter.field) ? 'email' : undefined;
  const values: readonly unknown[] = 'values' in filter ? filter.values : [filter.value];
  if (by === undefined || !values.every((value): value is string => typeof value === 'string')) return undefined;
  return { by, values: by === 'email' ? values.map((value) => value.toLowerCase()) : [...values] };
}

const EMAIL_FIELDS: ReadonlySet<string> = new Set(['info.emails.email', 'primaryInfo.email']);

/**
 * Sorts by the query's keys; without any, newest first (`_createdDate` descending), as documented. Ties keep creation
 * order in the direction of the first key, so contacts created at the same emulated instant still page stably.
 */
export function sortRecords(records: readonly ContactRecord[], spec: QuerySpec): ContactRecord[] {
  const sort = spec.sort.length > 0 ? spec.sort : [{ field: '_createdDate', order: 'desc' as const }];
  const direction = sort[0]?.order === 'desc' ? -1 : 1;
  const keys = sort.map(({ field: name, order }) => ({ info: fieldSpec(name), order }));
  // Each contact's sort values are read once, not again in every comparison.
  const keyed = records.map((record, index) => ({
    record,
    index,
    values: keys.map(({ info }) => comparable(info.kind, info.read(record)[0])),
  }));
  const compare = (a: (typeof keyed)[number], b: (typeof keyed)[number]): number => {
    for (const [i, { order }] of keys.entries()) {
      const x = a.values[i];
      const y = b.values[i];
      if (x === y) continue;
      // Contacts without the value sort before those with it in ascending order.
      const result = x === undefined ? -1 : y === undefined ? 1 : x < y ? -1 : 1;
      return order === 'asc' ? result : -result;
    }
    return 0;
  };
  return keyed.sort((a, b) => compare(a, b) || direction * (a.index - b.index)).map(({ record }) => record);
}
