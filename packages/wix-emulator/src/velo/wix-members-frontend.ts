// tsc drops a .d.ts that shares a .ts file's base name from its include globs; this reference puts it in the program.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./wix-members-frontend.d.ts" />
/**
 * Emulated `wix-members-frontend`: `currentMember.getMember/getRoles`, `authentication.onLogin/logout`. Login itself
 * is the test control `site.members.logIn(memberId)`, which runs the registered handlers as the member.
 */
import type { Authentication, CurrentMember } from 'wix-members-frontend';
import { activeSite } from '../kernel/active-site';

export const currentMember = {
  getMember: (options?: CurrentMember.FieldsetOptions) => activeSite().members.getCurrentMember(options, 'frontend'),
  getRoles: () => activeSite().members.getRoles(),
} satisfies CurrentMember;

export const authentication = {
  /** Handlers belong to the site active when the page registered them (each emulated site has its own pages). */
  onLogin: async (handler: Authentication.LoginHandler): Promise<void> => {
    activeSite().members.addLoginListener(() => handler(currentMember));
  },
  logout: () => activeSite().members.logout(),
} satisfies Authentication;

export default { currentMember, authentication };
