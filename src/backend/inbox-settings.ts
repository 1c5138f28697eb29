import { DEFAULT_VISITOR_LIMITS, type VisitorLimits } from './inbox/visitor-limits';
import type { EventSettings } from './inbox/event-handlers';

/** Site-wide switches for the inbox event handlers. Change and publish to apply. */
export const INBOX_SETTINGS: EventSettings = {
  autoAcknowledge: false,
};

/** How often anonymous visitors may make the site send its form acknowledgement (RATE_LIMITED past these). */
export const VISITOR_LIMITS: VisitorLimits = DEFAULT_VISITOR_LIMITS;

/**
 * The Wix user IDs of this site's admins, for the SDK adapter family (wix-sdk/site-family.ts). Wix gives a web method
 * called from the dashboard or the editor's preview a `USER` token for any Wix user with access to the site — owner or
 * collaborator in any role — and nothing in it tells them apart, so only the users listed here are admins to velo-inbox.
 * Empty: no Wix user is (the site's own backend, jobs and events, are admins through its `APP` token either way).
 */
export const ADMIN_USER_IDS: readonly string[] = [];
