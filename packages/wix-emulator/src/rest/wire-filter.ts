import type { Filter as ContactsFilter } from '../contacts/contacts-query';
import type { Filter as DataFilter } from '../data/data-filter';
import { decodeItem } from '../data/data-state';
import type { MemberFilter } from '../members/members-query';
import { validationError } from '../kernel/wix-errors';
import { fieldFromWire } from './wire';

/**
 * Wix's REST filter language (`{ field: value }`, `{ field: { $op: value } }`, `$and`, `$or`, `$not`), parsed once
 * into a neutral tree, then mapped onto each service's own filter with the operators that service supports. An
 * operator a service does not support is a 400, never silently ignored.
 */
export type WireCondition = { readonly field: string; readonly operator: string; readonly value: unknown };
export type WireFilter =
  | WireCondition
  | { readonly op: 'and' | 'or'; readonly filters: readonly WireFilter[] }
  | { readonly op: 'not'; readonly filter: WireFilter };

export function parseWireFilter(value: unknown, path = 'query.filter'): WireFilter | undefined {
  if (value === undefined || value === null) return undefined;
  const filter = parseNode(value, path);
  return filter === MATCH_ALL ? undefined : filter;
}

/** An empty filter matches everything, also inside `$or` (`{ $or: [{}, …] }` is true): an `and` of nothing. */
const MATCH_ALL: WireFilter = { op: 'and', filters: [] };

function parseNode(value: unknown, path: string): WireFilter {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validationError(path, 'must be an object');
  const parts: WireFilter[] = [];
  for (const [key, operand] of Object.entries(value)) {
    if (key === '$and' || key === '$or') {
      parts.push({ op: key === '$and' ? 'and' : 'or', filters: listOf(operand, `${path}.${key}`) });
    } else if (key === '$not') {
      // The SDK sends `$not: [filter]`; the REST reference shows `$not: filter`.
      const inner = Array.isArray(operand) ? listOf(operand, `${path}.$not`) : [parseNode(operand, `${path}.$not`)];
      parts.push({ op: 'not', filter: inner.length === 1 ? (inner[0] as WireFilter) : { op: 'and', filters: inner } });
    } else if (key.startsWith('$')) {
      throw validationError(path, `unknown operator ${key}`);
    } else if (isOperatorObject(operand)) {
      for (const [operator, v] of Object.entries(operand)) parts.push({ field: key, operator, value: v });
    } else {
      parts.push({ field: key, operator: '$eq', value: operand });
    }
  }
  if (parts.length === 0) return MATCH_ALL;
  return parts.length === 1 ? (parts[0] as WireFilter) : { op: 'and', filters: parts };
}

function listOf(operand: unknown, path: string): WireFilter[] {
  if (!Array.isArray(operand)) throw validationError(path, 'must be an array');
  return operand.map((f, i) => parseNode(f, `${path}[${i}]`));
}

/** `{ $gt: 1 }` is an operator object; `{ $date: '…' }` is a value. */
function isOperatorObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k.startsWith('$')) && !(keys.length === 1 && keys[0] === '$date');
}

function mapFilter<F>(filter: WireFilter | undefined, condition: (c: WireCondition) => F, combine: {
  and: (filters: F[]) => F;
  or: (filters: F[]) => F;
  not: (filter: F) => F;
}): F | undefined {
  if (!filter) return undefined;
  const walk = (f: WireFilter): F => {
    if ('operator' in f) return condition(f);
    if (f.op === 'not') return combine.not(walk(f.filter));
    return f.op === 'and' ? combine.and(f.filters.map(walk)) : combine.or(f.filters.map(walk));
  };
  return walk(filter);
}

const unsupported = (c: WireCondition, service: string) =>
  validationError('query.filter', `operator ${c.operator} is not supported on ${service} field "${c.field}"`);

const arrayOf = (c: WireCondition): unknown[] => {
  if (!Array.isArray(c.value)) throw validationError('query.filter', `${c.operator} on "${c.field}" needs an array`);
  return c.value;
};

const COMPARISONS: Readonly<Record<string, 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'>> = {
  $eq: 'eq',
  $ne: 'ne',
  $gt: 'gt',
  $gte: 'ge',
  $lt: 'lt',
  $lte: 'le',
};

const ARRAY_OPERATOR_CONTACT_FIELDS: ReadonlySet<string> = new Set(['info.labelKeys']);

/** Contacts v4: field names as the wire sends them (`id`, `createdDate`) map back to the service's. */
export function toContactsFilter(filter: WireFilter | undefined): ContactsFilter | undefined {
  return mapFilter<ContactsFilter>(filter, (c) => {
    const field = fieldFromWire(c.field);
    const comparison = COMPARISONS[c.operator];
    if (comparison) return { op: comparison, field, value: c.value };
    if (c.operator === '$startsWith') return { op: 'startsWith', field, value: c.value };
    if (c.operator === '$in') return { op: 'hasSome', field, values: arrayOf(c) };
    if (c.operator === '$exists') {
      if (typeof c.value !== 'boolean') throw validationError('query.filter', `$exists on "${c.field}" needs true or false`);
      return { op: 'exists', field, value: c.value };
    }
    // The v4 reference lists the array operators for the label keys only (emails and phones take `$in`).
    if (!ARRAY_OPERATOR_CONTACT_FIELDS.has(field)) throw unsupported(c, 'contact');
    if (c.operator === '$hasSome') return { op: 'hasSome', field, values: arrayOf(c) };
    if (c.operator === '$hasAll') return { op: 'hasAll', field, values: arrayOf(c) };
    throw unsupported(c, 'contact');
  }, logical());
}

/** Members v1: `$eq $ne $gt $gte $lt $lte $startsWith $in $exists`. */
export function toMembersFilter(filter: WireFilter | undefined): MemberFilter | undefined {
  return mapFilter<MemberFilter>(filter, (c) => {
    const field = fieldFromWire(c.field);
    const comparison = COMPARISONS[c.operator];
    if (comparison) return { op: comparison, field, value: c.value };
    if (c.operator === '$startsWith') return { op: 'startsWith', field, value: c.value };
    if (c.operator === '$in') return { op: 'in', field, values: arrayOf(c) };
    if (c.operator === '$exists' && typeof c.value === 'boolean') return { op: 'exists', field, value: c.value };
    throw unsupported(c, 'member');
  }, logical());
}

/**
 * Wix Data: field names are the item's own (`_id` stays `_id`); values may be `{ $date }`. The SDK sends
 * `isEmpty(f)` as `{ f: null }` and `isNotEmpty(f)` as `{ f: { $ne: null } }`.
 */
export function toDataFilter(filter: WireFilter | undefined): DataFilter | undefined {
  return mapFilter<DataFilter>(filter, (c) => {
    const field = c.field;
    const value = decodeValue(c.value);
    if (c.operator === '$eq' && value === null) return { op: 'isEmpty', field };
    if (c.operator === '$ne' && value === null) return { op: 'isNotEmpty', field };
    if (c.operator === '$exists' && typeof value === 'boolean') return { op: value ? 'isNotEmpty' : 'isEmpty', field };
    const comparison = COMPARISONS[c.operator];
    if (comparison) return { op: comparison, field, value };
    if (c.operator === '$contains') return { op: 'contains', field, value };
    if (c.operator === '$startsWith') return { op: 'startsWith', field, value };
    if (c.operator === '$endsWith') return { op: 'endsWith', field, value };
    if (c.operator === '$in' || c.operator === '$hasSome') return { op: 'hasSome', field, values: arrayOf({ ...c, value }) };
    if (c.operator === '$hasAll') return { op: 'hasAll', field, values: arrayOf({ ...c, value }) };
    throw unsupported(c, 'data item');
  }, logical());
}

function decodeValue(value: unknown): unknown {
  return (decodeItem({ value }) as { value: unknown }).value;
}

function logical<F extends { readonly op: string }>(): {
  and: (filters: F[]) => F;
  or: (filters: F[]) => F;
  not: (filter: F) => F;
} {
  return {
    and: (filters) => ({ op: 'and', filters }) as unknown as F,
    or: (filters) => ({ op: 'or', filters }) as unknown as F,
    not: (filter) => ({ op: 'not', filter }) as unknown as F,
  };
}

/** `sort: [{ fieldName, order }]` → the services' sort keys (ASC by default, as Wix). */
export function parseWireSort(value: unknown, rename: (field: string) => string): { field: string; order: 'asc' | 'desc' }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw validationError('query.sort', 'must be an array');
  return value.map((entry: unknown, i) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    if (typeof e.fieldName !== 'string' || e.fieldName === '') throw validationError(`query.sort[${i}].fieldName`, 'must be a string');
    if (e.order !== undefined && e.order !== 'ASC' && e.order !== 'DESC') {
      throw validationError(`query.sort[${i}].order`, 'must be ASC or DESC');
    }
    return { field: rename(e.fieldName), order: e.order === 'DESC' ? 'desc' : 'asc' };
  });
}
