import { currentMember } from 'wix-members-backend';
import { currentUser } from 'wix-users-backend';
import type { Caller, Identity } from '../inbox/ports';
import { translateWixError } from './translate-error';

/**
 * The caller, from the backend session only (reference §10: `wix-users-backend` currentUser, currentMember.getMember).
 * Admin is decided by `currentUser.role === 'Admin'`, which Wix sets for the site's owner only. Member roles are never
 * consulted: a site's own member role may well be titled "Admin" (a forum badge) and must grant nothing.
 */
export const veloIdentity: Identity = {
  async currentCaller(): Promise<Caller> {
    const role = currentUser.role;
    if (role === 'Admin') return { kind: 'admin' };
    if (role === 'Member' || currentUser.loggedIn) {
      try {
        const member = await currentMember.getMember({ fieldsets: ['FULL'] });
        return { kind: 'member', memberId: member._id, contactId: member.contactId, loginEmail: member.loginEmail };
      } catch (error) {
        throw translateWixError(error, 'getMember');
      }
    }
    // No visitor ID (a request without a session cookie): '' — access.ts must then not key a per-visitor limit on it.
    const visitorId = currentUser.id;
    return { kind: 'visitor', visitorId: typeof visitorId === 'string' ? visitorId : '' };
  },
};
