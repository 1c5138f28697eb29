/**
 * Emulated `wix-users-backend` `currentUser` (deprecated module, still documented). `id`, `role` and `loggedIn` are
 * read from the current caller at the moment they are accessed, as each backend request has its own user.
 */
import type { User } from 'wix-users-backend';
import { activeSite } from '../kernel/active-site';
import { currentContext } from '../kernel/caller';
import { applicationError } from '../kernel/wix-errors';

export const currentUser = {
  /** Admin: the user ID; member: the member ID; visitor: the visitor ID. */
  get id(): string {
    const { caller } = currentContext();
    switch (caller.kind) {
      case 'admin':
        return caller.userId;
      case 'member':
        return caller.memberId;
      case 'visitor':
        return caller.visitorId;
      case 'system':
        // Event handlers and jobs run without a session: there is no user to name (stricter than the docs).
        throw applicationError(401, 'UNAUTHORIZED', 'No user session in a backend event or job');
    }
  },
  get role(): 'Admin' | 'Member' | 'Visitor' {
    const { kind } = currentContext().caller;
    return kind === 'admin' ? 'Admin' : kind === 'member' ? 'Member' : 'Visitor';
  },
  get loggedIn(): boolean {
    const { kind } = currentContext().caller;
    return kind === 'admin' || kind === 'member';
  },
  getEmail: () => activeSite().members.currentUserEmail(),
  getRoles: () => activeSite().members.currentUserRoles(),
} satisfies Pick<User, 'id' | 'role' | 'loggedIn' | 'getEmail' | 'getRoles'>;

export default { currentUser };
