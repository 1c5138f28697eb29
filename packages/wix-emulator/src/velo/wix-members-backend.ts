/**
 * Emulated `wix-members-backend` (the parts the site uses): `members.getMember`, `currentMember.getMember` and
 * `currentMember.getRoles`. Who is logged in comes from the current caller, never from an argument.
 */
import type { CurrentMember, Members } from 'wix-members-backend';
import { activeSite } from '../kernel/active-site';

export const members = {
  getMember: (id: string, options?: Members.FieldsetOptions) => activeSite().members.getMember(id, options),
} satisfies Pick<Members, 'getMember'>;

export const currentMember = {
  getMember: (options?: Members.FieldsetOptions) => activeSite().members.getCurrentMember(options, 'backend'),
  getRoles: () => activeSite().members.getRoles(),
} satisfies Pick<CurrentMember, 'getMember' | 'getRoles'>;

export default { members, currentMember };
