import { currentMember } from 'wix-members-backend';
import { currentUser } from 'wix-users-backend';
import type { Caller, Identity } from '../inbox/ports';

/**
 * The caller, from the backend session only (reference: currentMember.getRoles / getMember, currentUser).
 * getRoles rejects for anonymous visitors; admins (owner, admin contributors) carry an extra role `Admin`.
 */
export const veloIdentity: Identity = {
  async currentCaller(): Promise<Caller> {
    let roles: readonly { title?: string; name?: string }[];
    try {
      roles = await currentMember.getRoles();
    } catch {
      // Rejection is how getRoles says "nobody is logged in": the caller is an anonymous visitor.
      return { kind: 'visitor', visitorId: currentUser.id };
    }
    // The docs describe the admin role by `name`; the declared Role type calls the field `title`. Accept either.
    if (roles.some((role) => (role.title ?? role.name) === 'Admin')) return { kind: 'admin' };
    const member = await currentMember.getMember({ fieldsets: ['FULL'] });
    return { kind: 'member', memberId: member._id, contactId: member.contactId, loginEmail: member.loginEmail };
  },
};
