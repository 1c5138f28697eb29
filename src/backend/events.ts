// Wix calls these by name when site events happen (Velo backend events). Nothing here is imported by pages.
// Wix dispatches only handlers declared as `export function X(event)` or `export const X = (event) => …` in
// events.js; re-exports, `export { a as X }` and exports computed by an expression are never called (Wix's "Module
// Export Syntax" page). So each handler is declared here in that form and delegates to the inbox's.
// A site of yours gets the same declarations merged into its events.js by `npm run build -- --site`.
import * as inbox from './inbox-events';

type EventOf<K extends keyof typeof inbox> = (typeof inbox)[K] extends (event: infer E) => unknown ? E : never;

export function wixMembers_onMemberCreated(event: EventOf<'wixMembers_onMemberCreated'>) {
  return inbox.wixMembers_onMemberCreated(event);
}

export function wixCrm_onFormSubmit(event: EventOf<'wixCrm_onFormSubmit'>) {
  return inbox.wixCrm_onFormSubmit(event);
}

export function wixForms_onSubmissionCreated(event: EventOf<'wixForms_onSubmissionCreated'>) {
  return inbox.wixForms_onSubmissionCreated(event);
}

export function wixCrmInbox_onMessageSentToBusiness(event: EventOf<'wixCrmInbox_onMessageSentToBusiness'>) {
  return inbox.wixCrmInbox_onMessageSentToBusiness(event);
}

export function wixCrmInbox_onConversationConversationsMerged(event: EventOf<'wixCrmInbox_onConversationConversationsMerged'>) {
  return inbox.wixCrmInbox_onConversationConversationsMerged(event);
}
