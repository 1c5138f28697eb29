// The inbox's site event handlers. Wix calls handlers only from `backend/events.js`: that file re-exports these (in a
// site built with `npm run build -- --site`, inside the block the build manages). Handlers elevate inside the
// adapters; they run without a visitor session.
import { createEventHandlers } from './inbox/event-handlers';
import { family } from './inbox-family';
import { INBOX_SETTINGS } from './inbox-settings';

const handlers = createEventHandlers(family.dependencies(), { info: (message, details) => console.info(message, details) }, INBOX_SETTINGS);

export const wixMembers_onMemberCreated = handlers.wixMembers_onMemberCreated;
export const wixCrm_onFormSubmit = handlers.wixCrm_onFormSubmit;
export const wixForms_onSubmissionCreated = handlers.wixForms_onSubmissionCreated;
export const wixCrmInbox_onMessageSentToBusiness = handlers.wixCrmInbox_onMessageSentToBusiness;
export const wixCrmInbox_onConversationConversationsMerged = handlers.wixCrmInbox_onConversationConversationsMerged;

/** The event names velo-inbox handles: the build merges exactly these into a site's events.js. */
export const INBOX_EVENT_NAMES = [
  'wixMembers_onMemberCreated',
  'wixCrm_onFormSubmit',
  'wixForms_onSubmissionCreated',
  'wixCrmInbox_onMessageSentToBusiness',
  'wixCrmInbox_onConversationConversationsMerged',
] as const;

/**
 * One handler that runs a site's own handler, then velo-inbox's, for the same event: the build composes them this way
 * when a site's events.js already exports a handler velo-inbox needs (Wix calls one export per event name). Both always
 * run; the site's error, if any, is thrown after velo-inbox's handler has run, so neither hides the other.
 */
export function runSiteHandlerThen<E>(siteHandler: (event: E) => unknown, inboxHandler: (event: E) => unknown): (event: E) => Promise<void> {
  return async (event: E) => {
    let siteFailure: { error: unknown } | undefined;
    try {
      await siteHandler(event);
    } catch (error) {
      siteFailure = { error };
    }
    await inboxHandler(event);
    if (siteFailure) throw siteFailure.error;
  };
}
