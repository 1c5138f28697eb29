// Called from the master page: when a member logs in, greet them in Wix Inbox. The backend sends `welcome-back` at
// most once in any 24 hours, so logging in repeatedly sends nothing more.
//
// `@wix/site` `authentication.onLogin` replaces the deprecated `wix-members-frontend` one. Its handler receives
// nothing, and nothing is needed: the backend reads the member (and the name they gave) from the session, so the page
// does not read the member first — one round trip less than asking who logged in and passing that on.
import { authentication } from '@wix/site';
import { welcomeBack } from 'backend/inbox.web';

/** Registers the login handler; call it once per page load (the master page's `$w.onReady`). */
export function greetMembersOnLogin(): void {
  // Wix ignores what the handler returns; returning the greeting's promise keeps a failure visible (not swallowed).
  authentication.onLogin(() => greet());
}

async function greet(): Promise<void> {
  const result = await welcomeBack();
  // A greeting is best-effort: the member's session goes on either way. The code is enough to diagnose.
  if (!result.ok) console.warn('welcome-back not sent:', result.error.code);
}
