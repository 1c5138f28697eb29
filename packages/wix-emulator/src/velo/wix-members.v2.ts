// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an import cannot load an ambient declaration file
/// <reference path="./wix-members.v2.d.ts" />
import type { members as VeloMembers } from 'wix-members.v2';
import { activeSite } from '../kernel/active-site';
import { fieldsetsOf, toV1Member } from '../rest/members-wire';

/**
 * `wix-members.v2` for site code under test: the active emulated site's members, in the Members v1 shape the module
 * shares with `@wix/members` (`contact` rather than the legacy `contactDetails`; `contactId` in every fieldset).
 */
export const members = {
  getMember: async (id, options) => {
    const member = await activeSite().members.getMember(id, { fieldsets: ['FULL'] });
    return toV1Member(member, fieldsetsOf(options?.fieldsets)) as VeloMembers.Member;
  },
} satisfies Pick<typeof VeloMembers, 'getMember'>;
