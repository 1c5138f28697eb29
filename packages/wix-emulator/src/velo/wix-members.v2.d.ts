/**
 * Velo `wix-members.v2` — no package declares it for Velo (corvid-types stops at legacy modules), so it is declared here
 * in terms of the `@wix/members` SDK types, as the Velo reference generates both from one API. Only what the emulator
 * implements is declared: the Members API's `getMember` (the successor of the deprecated `wix-members-backend`
 * `members.getMember`).
 */
declare module 'wix-members.v2' {
  import type { members as sdkMembers } from '@wix/members';

  export namespace members {
    type Member = sdkMembers.Member;
    type GetMemberOptions = sdkMembers.GetMemberOptions;

    /** Fieldsets `PUBLIC` (default: ID, `contactId`, profile), `EXTENDED`, `FULL`. Rejects (404) for an unknown ID. */
    function getMember(_id: string, options?: GetMemberOptions): Promise<Member>;
  }
}
