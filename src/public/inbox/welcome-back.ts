// Called from the master page: when a member logs in, greet them in Wix Inbox. The backend sends `welcome-back` at
// most once a day per member, so logging in repeatedly sends nothing more.
import { authentication } from 'wix-members-frontend';
import { sendToParticipant } from 'backend/inbox.web';

/** Registers the login handler; call it once per page load (the master page's `$w.onReady`). */
export function greetMembersOnLogin(): void {
  authentication.onLogin(async (loggedIn) => {
    const member = await loggedIn.getMember();
    if (!member?._id) return;
    const name = member.contactDetails?.firstName ?? member.profile?.nickname ?? '';
    const result = await sendToParticipant({ memberId: member._id }, { template: 'welcome-back', vars: { name } });
    // A greeting is best-effort: the member's session goes on either way. The code is enough to diagnose.
    if (!result.ok) console.warn('welcome-back not sent:', result.error.code);
  });
}
