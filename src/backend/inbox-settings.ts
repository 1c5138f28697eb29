// The site's settings, read once from its own `inbox.config.js` (written by velo-inbox's build once, then the site's
// to edit) and checked: a setting it breaks stops the backend with CONFIG_INVALID naming the key and the rule.
// velo-inbox's own tests load a fixture configuration in its place (jest.config.js), so a site's choices never change them.
import siteConfig from './inbox.config';
import { eventSettings, loadInboxConfig, type InboxConfig } from './inbox/config';
import type { EventSettings } from './inbox/event-handlers';
import type { VisitorLimits } from './inbox/visitor-limits';

export const INBOX_CONFIG: InboxConfig = loadInboxConfig(siteConfig);

/** The event handlers' switches (`automatic` in inbox.config.js). */
export const INBOX_SETTINGS: EventSettings = eventSettings(INBOX_CONFIG);

/** How often anonymous visitors may make the site send its form acknowledgement (RATE_LIMITED past these). */
export const VISITOR_LIMITS: VisitorLimits = INBOX_CONFIG.visitorLimits;

/**
 * The Wix user IDs of this site's admins, for the SDK adapter family (wix-sdk/site-family.ts). Wix gives a web method
 * called from the dashboard or the editor's preview a `USER` token for any Wix user with access to the site — owner or
 * collaborator in any role — and nothing in it tells them apart, so only the users listed here are admins to velo-inbox.
 * Empty: no Wix user is (the site's own backend, jobs and events, are admins through its `APP` token either way).
 */
export const ADMIN_USER_IDS: readonly string[] = INBOX_CONFIG.adminUserIds;
