// Wix calls these by name when site events happen (Velo backend events). Nothing here is imported by pages.
// Handlers elevate inside the adapters; they run without a visitor session.
import { createEventHandlers } from './inbox/event-handlers';
import { family } from './inbox-family';
import { INBOX_SETTINGS } from './inbox-settings';

const handlers = createEventHandlers(family.dependencies(), { info: (message, details) => console.info(message, details) }, INBOX_SETTINGS);

export const wixMembers_onMemberCreated = handlers.wixMembers_onMemberCreated;
export const wixCrm_onFormSubmit = handlers.wixCrm_onFormSubmit;
export const wixForms_onSubmissionCreated = handlers.wixForms_onSubmissionCreated;
export const wixCrmInbox_onMessageSentToBusiness = handlers.wixCrmInbox_onMessageSentToBusiness;
export const wixCrmInbox_onConversationConversationsMerged = handlers.wixCrmInbox_onConversationConversationsMerged;
