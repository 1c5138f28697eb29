import { currentMember, type CurrentMember } from 'wix-members-backend';
import { currentUser } from 'wix-users-backend';
import type { Caller, Identity, SessionMember } from '../inbox/ports';
import { translateWixError } from './translate-error';

/**
 * The role `currentMember.getRoles()` adds for the site owner or a contributor with admin permissions ("an additional
 * role where `name` is `Admin`"; its ID in the reference's example, wix-code-docs wix-members-backend CurrentMember
 * getRoles). Matched by this ID, never by title: a site's own member role may well be titled "Admin" (a forum badge)
 * and must grant nothing. Should Wix ever give the role another ID, admins are treated as members: less, never more.
 */
export const ADMIN_ROLE_ID = '00000000-0000-0000-0000-000000000001';

/**
 * The caller, from the backend session only, through the documented successors of the deprecated `wix-users-backend`
 * `currentUser` (wix-members-backend: "This function replaces the deprecated wix-users-backend.currentUser"):
 * `currentMember.getRoles()` resolves for a logged-in member or an admin (with the Admin role) and rejects for anyone
 * else; `currentMember.getMember()` names the member.
 *
 * The visitor ID has no successor in Velo's members APIs: it is still read from `currentUser.id`, the one deprecated
 * source kept (docs/decisions/0019-wix-fidelity-review.md). A failed role check makes the caller a visitor, who may
 * only read (docs/decisions/0006-visitor-calls-only-read.md): a failure never grants more.
 */
export const veloIdentity: Identity = {
  async currentCaller(): Promise<Caller> {
    let roles: CurrentMember.Role[];
    try {
      roles = await currentMember.getRoles();
    } catch {
      return visitor();
    }
    if (roles.some((role) => role._id === ADMIN_ROLE_ID)) return { kind: 'admin' };
    try {
      const member = await currentMember.getMember({ fieldsets: ['FULL'] });
      return { kind: 'member', memberId: member._id, contactId: member.contactId, loginEmail: member.loginEmail };
    } catch (error) {
      throw translateWixError(error, 'getMember');
    }
  },
  sessionMember,
  /**
   * `currentUser.id` is the member ID for a logged-in member and costs no call (the visitor ID below comes from it
   * too). A hint only: a visitor's ID here names no chain anyone holds, and nothing is written before
   * `sessionMember` has answered who is logged in.
   */
  sessionMemberIdHint(): string | undefined {
    try {
      const id: unknown = currentUser.id;
      return typeof id === 'string' && id !== '' ? id : undefined;
    } catch {
      return undefined;
    }
  },
};

/**
 * The logged-in member, read as themselves with `currentMember.getMember` (FULL: the contact's first name is there).
 * Nobody logged in is no member: the call answers nothing (as the frontend one documents) or refuses with a 4xx, and
 * either way there is no member to act for. Any other failure is Wix failing, reported as such.
 */
async function sessionMember(): Promise<SessionMember | undefined> {
  let member: Awaited<ReturnType<typeof currentMember.getMember>> | undefined;
  try {
    member = await currentMember.getMember({ fieldsets: ['FULL'] });
  } catch (error) {
    const failure = translateWixError(error, 'getMember');
    const status = failure.upstream?.status;
    if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429) return undefined;
    throw failure;
  }
  if (!member?._id) return undefined;
  return { memberId: member._id, ...textOf('contactId', member.contactId), ...textOf('firstName', member.contactDetails?.firstName), ...textOf('nickname', member.profile?.nickname) };
}

function textOf<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === 'string' && value !== '' ? ({ [key]: value } as Partial<Record<K, string>>) : {};
}

/** No visitor ID (a request without a session cookie): '' — access.ts must then not key a per-visitor limit on it. */
function visitor(): Caller {
  let visitorId: unknown;
  try {
    visitorId = currentUser.id;
  } catch {
    visitorId = undefined;
  }
  return { kind: 'visitor', visitorId: typeof visitorId === 'string' ? visitorId : '' };
}
