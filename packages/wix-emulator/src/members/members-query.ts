import { compileLogical, type Test } from '../data/filter-logic';
import { validationError } from '../kernel/wix-errors';
import type { ContactView } from '../contacts/contacts-model';
import type { MemberRecord } from './members-model';

/**
 * The Members API query (`@wix/members` `queryMembers`, REST `POST /members/v1/members/query`): a filter over the
 * fields the SDK's `MemberQuerySpec` declares filterable, sorting on its sortable fields, offset paging up to 100.
 * Strings compare exactly (case-sensitive): Wix does not document case-folding for `loginEmail`, so the stricter
 * reading makes site code normalise emails itself.
 */
export type MemberComparison = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'startsWith';
export type MemberFilter =
  | { readonly op: MemberComparison; readonly field: string; readonly value: unknown }
  | { readonly op: 'in'; readonly field: string; readonly values: readonly unknown[] }
  | { readonly op: 'exists'; readonly field: string; readonly value: boolean }
  | { readonly op: 'and' | 'or'; readonly filters: readonly MemberFilter[] }
  | { readonly op: 'not'; readonly filter: MemberFilter };

export interface MemberQuerySpec {
  readonly filter?: MemberFilter;
  readonly sort: readonly { readonly field: string; readonly order: 'asc' | 'desc' }[];
  readonly limit: number;
  readonly skip: number;
}

export const MEMBERS_DEFAULT_LIMIT = 50;
export const MEMBERS_MAX_LIMIT = 100;

type Read = (record: MemberRecord, contact: ContactView | undefined) => string | undefined;

/** SDK `MemberQuerySpec` filterable fields (`id` arrives as `_id` once the wire renames are undone). */
const FILTERABLE: Readonly<Record<string, Read>> = {
  _id: (r) => r._id,
  loginEmail: (r) => r.loginEmail,
  status: (r) => r.status,
  contactId: (r) => r.contactId,
  privacyStatus: (r) => r.privacyStatus,
  'contact.firstName': (_r, c) => c?.info.name?.first,
  'contact.lastName': (_r, c) => c?.info.name?.last,
  'profile.nickname': (r) => r.profile.nickname,
  'profile.slug': (r) => r.profile.slug,
};

const SORTABLE: Readonly<Record<string, Read>> = {
  'profile.nickname': (r) => r.profile.nickname,
  'contact.firstName': (_r, c) => c?.info.name?.first,
  'contact.lastName': (_r, c) => c?.info.name?.last,
  _createdDate: (r) => r._createdDate,
  lastLoginDate: (r) => r.lastLoginDate,
};

export interface MemberRow {
  readonly record: MemberRecord;
  readonly contact: ContactView | undefined;
}

export function validateMemberQuery(spec: MemberQuerySpec): void {
  if (!Number.isInteger(spec.limit) || spec.limit < 0 || spec.limit > MEMBERS_MAX_LIMIT) {
    throw validationError('query.paging.limit', `must be an integer from 0 to ${MEMBERS_MAX_LIMIT}`);
  }
  if (!Number.isInteger(spec.skip) || spec.skip < 0) throw validationError('query.paging.offset', 'must be a non-negative integer');
  for (const [i, key] of spec.sort.entries()) {
    if (!SORTABLE[key.field]) throw validationError(`query.sort[${i}].fieldName`, `"${key.field}" is not sortable`);
  }
}

export function compileMemberFilter(filter: MemberFilter | undefined): Test<MemberRow> {
  return compileLogical<MemberRow, MemberFilter>(filter, (condition) => {
    const read = FILTERABLE[condition.field];
    if (!read) throw validationError('query.filter', `"${condition.field}" is not a filterable member field`);
    const value = (row: MemberRow) => read(row.record, row.contact);
    switch (condition.op) {
      case 'in': {
        const wanted = new Set(condition.values);
        return (row) => wanted.has(value(row));
      }
      case 'exists':
        return (row) => (value(row) !== undefined) === condition.value;
      default: {
        const target = condition.value;
        if (typeof target !== 'string') throw validationError('query.filter', `"${condition.field}" compares with strings only`);
        return compare(condition.op, target, value);
      }
    }
  });
}

function compare(op: MemberComparison, target: string, value: (row: MemberRow) => string | undefined): Test<MemberRow> {
  switch (op) {
    case 'eq':
      return (row) => value(row) === target;
    case 'ne':
      return (row) => value(row) !== target;
    case 'startsWith':
      return (row) => value(row)?.startsWith(target) ?? false;
    case 'gt':
      return (row) => defined(value(row), (v) => v > target);
    case 'ge':
      return (row) => defined(value(row), (v) => v >= target);
    case 'lt':
      return (row) => defined(value(row), (v) => v < target);
    case 'le':
      return (row) => defined(value(row), (v) => v <= target);
  }
}

const defined = (v: string | undefined, test: (v: string) => boolean): boolean => v !== undefined && test(v);

/** Sorted copy: the spec's keys in order, then member creation order (stable), missing values first. */
export function sortMembers(rows: readonly MemberRow[], spec: MemberQuerySpec): MemberRow[] {
  const keys = spec.sort.map((key) => ({ read: SORTABLE[key.field] as Read, sign: key.order === 'desc' ? -1 : 1 }));
  return [...rows].sort((a, b) => {
    for (const { read, sign } of keys) {
      const x = read(a.record, a.contact) ?? '';
      const y = read(b.record, b.contact) ?? '';
      if (x !== y) return (x < y ? -1 : 1) * sign;
    }
    return 0;
  });
}
