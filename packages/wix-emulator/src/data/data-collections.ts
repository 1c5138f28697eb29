import type { CollectionPermissions, PermissionLevel } from './data-permissions';
import { applicationError, type WixApiError } from '../kernel/wix-errors';

/**
 * The Data Collections API (`wix-data.v2` `collections`, SDK `@wix/data` `collections`): what the emulator implements of
 * it — create a collection, read one — in the API's own shapes. Roles map to the permission levels `wix-data` checks.
 */
export type CollectionRole = 'ADMIN' | 'SITE_MEMBER_AUTHOR' | 'SITE_MEMBER' | 'ANYONE';

export interface DataCollectionSpec {
  readonly _id: string;
  readonly displayName?: string;
  readonly fields: readonly { readonly key: string; readonly type: string; readonly displayName?: string }[];
  readonly permissions: Readonly<Record<'read' | 'insert' | 'update' | 'remove', CollectionRole>>;
}

export interface DataCollectionView {
  readonly _id: string;
  readonly displayName: string;
  readonly collectionType: 'NATIVE' | 'WIX_APP';
  readonly fields: { key: string; type: string; displayName?: string }[];
  readonly permissions: Record<'read' | 'insert' | 'update' | 'remove', CollectionRole>;
}

const LEVEL_OF: Record<CollectionRole, PermissionLevel> = {
  ADMIN: 'Admin',
  SITE_MEMBER_AUTHOR: 'SiteMemberAuthor',
  SITE_MEMBER: 'SiteMember',
  ANYONE: 'Anyone',
};
const ROLE_OF = Object.fromEntries(Object.entries(LEVEL_OF).map(([role, level]) => [level, role])) as Record<PermissionLevel, CollectionRole>;

/** The API refuses a collection without an ID, a field or all four permissions ("If any of these are missing, the collection isn't created"). */
export function checkCollectionSpec(spec: unknown): DataCollectionSpec {
  const s = (spec ?? {}) as Partial<DataCollectionSpec>;
  const missing: string[] = [];
  if (typeof s._id !== 'string' || s._id === '') missing.push('collection.id');
  if (!Array.isArray(s.fields) || s.fields.length === 0 || s.fields.some((f) => typeof f?.key !== 'string' || typeof f?.type !== 'string')) {
    missing.push('collection.fields');
  }
  for (const action of ['read', 'insert', 'update', 'remove'] as const) {
    if (!(s.permissions?.[action] && s.permissions[action] in LEVEL_OF)) missing.push(`collection.permissions.${action}`);
  }
  if (missing.length > 0) throw invalidCollection(missing);
  return s as DataCollectionSpec;
}

export function toPermissions(roles: DataCollectionSpec['permissions']): CollectionPermissions {
  return { read: LEVEL_OF[roles.read], insert: LEVEL_OF[roles.insert], update: LEVEL_OF[roles.update], remove: LEVEL_OF[roles.remove] };
}

export function toRoles(permissions: CollectionPermissions): DataCollectionView['permissions'] {
  const role = (level: PermissionLevel | 'None') => (level === 'None' ? 'ADMIN' : ROLE_OF[level]);
  return { read: role(permissions.read), insert: role(permissions.insert), update: role(permissions.update), remove: role(permissions.remove) };
}

function invalidCollection(fields: readonly string[]): WixApiError {
  return applicationError(400, 'INVALID_ARGUMENT', `Missing or invalid: ${fields.join(', ')}`, { fields });
}

/** Creating an ID that exists. UNCONFIRMED code: the emulator answers 409 ALREADY_EXISTS (callers must treat it as "there"). */
export function collectionExists(id: string): WixApiError {
  return applicationError(409, 'ALREADY_EXISTS', `Collection ${id} already exists`, { collectionId: id });
}

/** Reading an ID that does not exist. UNCONFIRMED code: 404 with wix-data's WDE0025 ("collection does not exist"). */
export function collectionMissing(id: string): WixApiError {
  return applicationError(404, 'WDE0025', `The ${id} collection does not exist.`, { collectionId: id });
}
