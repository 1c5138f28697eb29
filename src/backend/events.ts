// Wix calls these by name when site events happen (Velo backend events). Nothing here is imported by pages.
// This project's own site has no other handlers, so it re-exports the inbox's; a site of yours gets the same exports
// merged into its events.js by `npm run build -- --site` (composed with any handler of the same name it has).
export {
  wixMembers_onMemberCreated,
  wixCrm_onFormSubmit,
  wixForms_onSubmissionCreated,
  wixCrmInbox_onMessageSentToBusiness,
  wixCrmInbox_onConversationConversationsMerged,
} from './inbox-events';
