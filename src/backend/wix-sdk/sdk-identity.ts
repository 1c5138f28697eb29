import type { auth } from '@wix/essentials';
import type { members } from '@wix/members';
import type { Caller, Identity } from '../inbox/ports';
import { translateWixError } from '../wix/translate-error';

type TokenInfo = auth.TokenInfo;

export interface SdkIdentitySources {
  /** Who the active token is (`auth.getTokenInfo` from `@wix/essentials`): decided by Wix from the session. */
  readonly tokenInfo: () => Promise<Pick<TokenInfo, 'subjectType' | 'subjectId'> & Partial<Pick<TokenInfo, 'active'>>>;
  /** The calling member's own record, read as the caller (never elevated): `members.getCurrentMember`. */
  readonly currentMember: (options: { fieldsets: 'FULL'[] }) => Promise<{ member?: Pick<members.Member, '_id' | 'contactId' | 'loginEmail'> | null }>;
}

/**
 * The caller, from the session only; an inactive token (`active: false`) is an anonymous visitor. A Wix user (`USER`: the site's owner or a collaborator) and the site's own app or
 * API key (`APP`) are admins; a member is read as themselves for their contact and login email; anyone else is a
 * visitor, keyed by the visitor ID the token carries ('' when there is none: access.ts then keys no per-visitor limit).
 */
export function sdkIdentity(sources: SdkIdentitySources): Identity {
  return {
    async currentCaller(): Promise<Caller> {
      let token: Pick<TokenInfo, 'subjectType' | 'subjectId'> & Partial<Pick<TokenInfo, 'active'>>;
      try {
        token = await sources.tokenInfo();
      } catch (error) {
        throw translateWixError(error, 'getMember');
      }
      // A token Wix reports as no longer active grants nothing: the caller is an anonymous visitor, whatever it names.
      if (token.active === false) return { kind: 'visitor', visitorId: '' };
      if (token.subjectType === 'USER' || token.subjectType === 'APP') return { kind: 'admin' };
      if (token.subjectType === 'MEMBER') {
        try {
          const { member } = await sources.currentMember({ fieldsets: ['FULL'] });
          if (!member?._id) throw new Error('getCurrentMember returned no member for a member token');
          return { kind: 'member', memberId: member._id, contactId: member.contactId ?? undefined, loginEmail: member.loginEmail ?? undefined };
        } catch (error) {
          throw translateWixError(error, 'getMember');
        }
      }
      return { kind: 'visitor', visitorId: token.subjectType === 'VISITOR' ? token.subjectId : '' };
    },
  };
}
