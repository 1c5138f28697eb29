// Called from the master page: when a member logs in, greet them in Wix Inbox. The backend sends `welcome-back` at
// most once a day per member, so logging in repeatedly sends nothing more.
//
// `@wix/site` `authentication.onLogin` replaces the deprecated `wix-members-frontend` one: its handler receives
// nothing, so the member is read from `@wix/site-members` `currentMember` (the FULL fieldset by default, so
// `contactDetails` is there).
import { authentication } from '@wix/site';
import { currentMember } from '@wix/site-members';
import { sendToParticipant } from 'backend/inbox.web';

type Member = Awaited<ReturnType<typeof currentMember.getMember>>;

/** Registers the login handler; call it once per page load (the master page's `$w.onReady`). */
export function greetMembersOnLogin(): void {
  // Wix ignores what the handler returns; returning the greeting's promise keeps a failure visible (not swallowed).
  authentication.onLogin(() => greet());
}

async function greet(): Promise<void> {
  // The typings promise a Member, the docs say `undefined` when nobody is logged in: handle both.
  const member: Member | undefined = await currentMember.getMember();
  if (!member?._id) return;
  const name = member.contactDetails?.firstName ?? member.profile?.nickname ?? '';
  const result = await sendToParticipant({ memberId: member._id }, { template: 'welcome-back', vars: { name } });
  // A greeting is best-effort: the member's session goes on either way. The code is enough to diagnose.
  if (!result.ok) console.warn('welcome-back not sent:', result.error.code);
}
