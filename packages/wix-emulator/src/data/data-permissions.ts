import { mayUseAdminApis, type CallContext } from '../kernel/caller';

/**
 * Collection permissions, per action, as the CMS sets them: `Anyone`, `SiteMember` (logged-in members),
 * `SiteMemberAuthor` (logged-in members, and only on items whose `_owner` they are) or `Admin`.
 * App collections use `None` for actions nobody may perform (their writes).
 */
export type PermissionLevel = 'Anyone' | 'SiteMember' | 'SiteMemberAuthor' | 'Admin';
export type DataAction = 'read' | 'insert' | 'update' | 'remove';
export type CollectionPermissions = Readonly<Record<DataAction, PermissionLevel | 'None'>>;

/** Everything, only the items the caller owns, or nothing (→ WD_PERMISSION_DENIED). */
export type Access = { readonly scope: 'all' } | { readonly scope: 'own'; readonly ownerId: string } | undefined;

/**
 * What the caller may touch for one action. Admins, `elevate`d calls, scheduled jobs (they run as Admin) and
 * `suppressAuth` pass every level except `None`. Event handlers have no session: they act as an anonymous visitor.
 */
export function accessFor(level: PermissionLevel | 'None', context: CallContext, suppressAuth: boolean): Access {
  if (level === 'None') return undefined;
  if (level === 'Anyone' || mayUseAdminApis(context, suppressAuth)) return { scope: 'all' };
  const { caller } = context;
  if (caller.kind !== 'member') return undefined;
  if (level === 'SiteMember') return { scope: 'all' };
  if (level === 'SiteMemberAuthor') return { scope: 'own', ownerId: caller.memberId };
  return undefined;
}

/** The `_owner` Wix stamps on an inserted item: the logged-in member, or the site user for an admin session. */
export function ownerIdOf(context: CallContext): string | undefined {
  const { caller } = context;
  if (caller.kind === 'member') return caller.memberId;
  if (caller.kind === 'admin') return caller.userId;
  return undefined;
}

/** Whether a privileged call may set `_owner` itself (backend code writing on a member's behalf). */
export function mayChooseOwner(context: CallContext, suppressAuth: boolean): boolean {
  return mayUseAdminApis(context, suppressAuth);
}
