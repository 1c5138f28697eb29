import { dataErrors } from './data-errors';
import { fieldConditions, type FieldFilter, type Item, type SortKey } from './data-filter';
import type { CollectionPermissions } from './data-permissions';
import type { QuerySpec } from './data-query';

/** Where app collections get their rows: read at query time, so they are always current. */
export interface AppCollectionSources {
  /**
   * One row per site member, as `Members/PrivateMembersData` holds it (`_id` = member ID). The rows may be shared
   * with the source (the members service caches them): read them, never change them.
   */
  readonly privateMembersData: () => readonly Readonly<Record<string, unknown>>[];
}

interface FieldRule {
  readonly ops: readonly FieldFilter['op'][];
  readonly sortable: boolean;
}

/**
 * A Wix app collection: fixed permissions (writes `None`), a lower query limit where documented, the field/operator
 * table from its "Collection Fields" page, and rows derived from another service. Fields the page lists without
 * their operators get the operators every documented field of that collection shares, and no sorting (stricter).
 */
export interface AppCollection {
  readonly name: string;
  readonly permissions: CollectionPermissions;
  readonly maxLimit: number;
  /** For `SiteMemberAuthor` reads: the field holding the row's author. */
  readonly ownerField: string;
  readonly fields: Readonly<Record<string, FieldRule>>;
  readonly otherFields: FieldRule;
  /** Current rows, in the collection's order. Shared: read them, copy what is handed out. */
  readonly rows: (sources: AppCollectionSources) => readonly Readonly<Item>[];
}

const READ_ONLY = { insert: 'None', update: 'None', remove: 'None' } as const;

/** https://dev.wix.com/docs/velo/apis/wix-members-v2/private-members-data-collection-fields (deprecated by Wix). */
const privateMembersData: AppCollection = {
  name: 'Members/PrivateMembersData',
  permissions: { read: 'SiteMemberAuthor', ...READ_ONLY },
  maxLimit: 1000,
  // A member is the author of their own row: the row's _id is their member ID.
  ownerField: '_id',
  fields: {
    _id: { ops: ['eq', 'ne', 'hasSome'], sortable: true },
    loginEmail: { ops: ['eq', 'ne', 'hasSome'], sortable: true },
    name: { ops: ['eq', 'ne', 'hasSome'], sortable: true },
  },
  otherFields: { ops: ['eq', 'ne', 'hasSome'], sortable: false },
  rows: (sources) => sources.privateMembersData(),
};

/**
 * https://dev.wix.com/docs/velo/api-reference/wix-members-backend/full-data-collection-fields: Admin read, "query up
 * to 100 items … more … will result in an error". Only the documented fields the members rows can fill are present.
 */
const fullData: AppCollection = {
  name: 'Members/FullData',
  permissions: { read: 'Admin', ...READ_ONLY },
  maxLimit: 100,
  ownerField: '_id',
  fields: {
    _id: { ops: ['eq', 'hasSome'], sortable: false },
    loginEmail: { ops: ['eq', 'hasSome'], sortable: false },
    firstName: { ops: ['eq', 'hasSome'], sortable: true },
    lastName: { ops: ['eq', 'hasSome'], sortable: true },
  },
  otherFields: { ops: ['eq', 'hasSome'], sortable: false },
  rows: (sources) =>
    sources.privateMembersData().map((row) => {
      const full: Item = { _id: row._id, loginEmail: row.loginEmail };
      if (row.firstName !== undefined) full.firstName = row.firstName;
      if (row.lastName !== undefined) full.lastName = row.lastName;
      if (typeof row.mainPhone === 'string') full.phone = row.mainPhone;
      return full;
    }),
};

export const APP_COLLECTIONS: ReadonlyMap<string, AppCollection> = new Map(
  [privateMembersData, fullData].map((c) => [c.name, c]),
);

/** Rejects what the app collection does not support: a limit above its maximum, unsupported filters or sorts. */
export function checkAppQuery(app: AppCollection, spec: Pick<QuerySpec, 'limit' | 'filter' | 'sort'>): void {
  if (spec.limit > app.maxLimit) {
    throw dataErrors.appCollectionRejects(app.name, `limit cannot exceed ${app.maxLimit} (got ${spec.limit}).`);
  }
  for (const { field, op } of fieldConditions(spec.filter)) {
    const rule = app.fields[field] ?? app.otherFields;
    if (!rule.ops.includes(op)) {
      throw dataErrors.appCollectionRejects(app.name, `field [${field}] does not support the ${op} filter.`);
    }
  }
  checkAppSort(app, spec.sort);
}

function checkAppSort(app: AppCollection, sort: readonly SortKey[]): void {
  for (const { field } of sort) {
    if (!(app.fields[field] ?? app.otherFields).sortable) {
      throw dataErrors.appCollectionRejects(app.name, `field [${field}] cannot be sorted.`);
    }
  }
}
