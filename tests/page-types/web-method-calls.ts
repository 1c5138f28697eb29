// Compile-time checks of page code calling the web methods, under the page tsconfig (`npm run typecheck`). Each
// `@ts-expect-error` fails the typecheck if the call it marks ever compiles. Runtime validation is tested in
// tests/web-modules/ (a page's types are no guarantee of what reaches the backend).
import { resolveParticipantId, sendToParticipant, welcomeBack } from 'backend/inbox.web';
import * as legacy from 'backend/inbox.jsw';

export async function pageCalls(email: string, memberId: string): Promise<void> {
  // What pages do: compiles.
  await sendToParticipant({ email }, { template: 'form-received', vars: { name: 'Ann', formName: 'Contact us' } });
  await sendToParticipant({ email, name: 'Ann' }, { template: 'form-received' });
  await sendToParticipant({ memberId }, { template: 'welcome-back', vars: { name: 'Ann' } });
  await sendToParticipant({ email }, 'Plain text', { sendNotifications: false, idempotencyKey: 'order-1' });
  await resolveParticipantId({ phone: '+47 22 00 00 00' });
  const result = await sendToParticipant({ email }, 'Hi');
  if (!result.ok) void result.error.code;
  const greeted = await welcomeBack();
  if (greeted.ok) void (greeted.value.status satisfies 'sent' | 'queued' | 'skipped');

  // A misspelt key.
  // @ts-expect-error -- `emial` is not a participant query key
  await sendToParticipant({ emial: email }, 'Hi');
  // @ts-expect-error -- a query needs one identifying key
  await resolveParticipantId({});
  // @ts-expect-error -- no such template in the registry
  await sendToParticipant({ email }, { template: 'form-recieved' });
  // @ts-expect-error -- template variables are words or numbers
  await sendToParticipant({ email }, { template: 'welcome', vars: { name: { first: 'Ann' } } });
  // @ts-expect-error -- `notify` is not a send option
  await sendToParticipant({ email }, 'Hi', { notify: true });
  // @ts-expect-error -- visibility is BUSINESS_AND_PARTICIPANT or BUSINESS
  await sendToParticipant({ email }, 'Hi', { visibility: 'EVERYONE' });
  // @ts-expect-error -- the greeting takes nothing from the page: who and their name come from the session
  await welcomeBack({ memberId }, { name: 'Ann' });
  // @ts-expect-error -- the legacy module has the same types
  await legacy.sendToParticipant({ emial: email }, 'Hi');
}
