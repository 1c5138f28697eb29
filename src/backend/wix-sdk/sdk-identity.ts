import type { auth } from '@wix/essentials';
import type { members } from '@wix/members';
import type { Caller, Identity, SessionMember } from '../inbox/ports';
import { translateWixError } from '../wix/translate-error';

type TokenInfo = auth.TokenInfo;

export interface SdkIdentitySources {
  /** Who the active token is (`auth.getTokenInfo` from `@wix/essentials`): decided by Wix from the session. */
  readonly tokenInfo: () => Promise<IdentityToken>;
  /** The calling member's own record, read as the caller (never elevated): `members.getCurrentMember`. */
  readonly currentMember: (options: { fieldsets: 'FULL'[] }) => Promise<{ member?: SdkSessionMember | null }>;
}

/** What the identity reads of the member's own record: who they are, and the names they gave (for a greeting). */
type SdkSessionMember = Pick<members.Member, '_id' | 'contactId' | 'loginEmail' | 'contact' | 'profile'>;

/** What the identity reads of `auth.TokenInfo`; `active` is optional so a source may leave it out (then active). */
type IdentityToken = Pick<TokenInfo, 'subjectType' | 'subjectId'> & Partial<Pick<TokenInfo, 'active'>>;

export interface SdkIdentityOptions {
  /**
   * The Wix user IDs (a `USER` token's `subjectId`) that are this site's admins. A `USER` token is any Wix user with
   * access to the site — its owner or a collaborator in any role — and says nothing about their permissions, so only
   * the users named here are admins; other Wix users are anonymous visitors. Empty (the default): no Wix user is.
   */
  readonly adminUserIds?: readonly string[];
}

/**
 * The caller, from the session only. The site's own app or API key (`APP`) and the Wix users the site names
 * (`adminUserIds`) are admins; a member is read as themselves for their contact and login email; anyone else — other
 * Wix users, a token Wix reports inactive — is a visitor, keyed by the visitor ID a visitor token carries ('' when
 * there is none: access.ts then keys no per-visitor limit).
 */
export function sdkIdentity(sources: SdkIdentitySources, options: SdkIdentityOptions = {}): Identity {
  const adminUserIds = new Set(options.adminUserIds ?? []);
  return {
    async currentCaller(): Promise<Caller> {
      let token: IdentityToken;
      try {
        token = await sources.tokenInfo();
      } catch (error) {
        throw translateWixError(error, 'getMember');
      }
      if (token.active === false) return { kind: 'visitor', visitorId: '' };
      if (token.subjectType === 'APP' || (token.subjectType === 'USER' && adminUserIds.has(token.subjectId))) return { kind: 'admin' };
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
    /**
     * A member token names the member; their own record (read as them, beside the token: one round trip for both)
     * gives their names. Any other token — a visitor's, a Wix user's, an inactive one — is no member.
     */
    async sessionMember(): Promise<SessionMember | undefined> {
      const reading = sources.currentMember({ fieldsets: ['FULL'] });
      // Read as the caller and only read: when the token is no member's, its outcome is nobody's to report.
      reading.catch(() => undefined);
      let token: IdentityToken;
      try {
        token = await sources.tokenInfo();
      } catch (error) {
        throw translateWixError(error, 'getMember');
      }
      if (token.active === false || token.subjectType !== 'MEMBER') return undefined;
      let member: SdkSessionMember | null | undefined;
      try {
        ({ member } = await reading);
      } catch (error) {
        throw translateWixError(error, 'getMember');
      }
      if (!member?._id) return undefined;
      const firstName = member.contact?.firstName;
      const nickname = member.profile?.nickname;
      const contactId = member.contactId;
      return { memberId: member._id, ...(contactId ? { contactId } : {}), ...(firstName ? { firstName } : {}), ...(nickname ? { nickname } : {}) };
    },
  };
}
