// The inbox's site event handlers. Wix calls handlers only from `backend/events.js`, declared there as
// `export function X(event)`: events.ts delegates to these, and in a site built with `npm run build -- --site` the
// block the build manages imports this module inside each handler. Handlers elevate inside the adapters; they run
// without a visitor session.
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

