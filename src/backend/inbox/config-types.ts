// The types of a site's inbox.config.js, for editors. In this project they are the schema's own (config-schema.ts);
// in a site repo this file is JavaScript and the JSDoc below carries them (the file's `@type` comment names it).
// tests/inbox/site-config.test.ts checks that the JSDoc names every key the schema knows.
import type { InboxConfigInput } from './config-schema';

export type InboxConfig = InboxConfigInput;

/**
 * @typedef {Object} InboxConfig
 * @property {{ welcomeOnSignUp?: boolean, formRecord?: boolean, loginGreeting?: boolean, autoAcknowledgement?: boolean }} [automatic]
 *   Messages the site sends by itself; false sends and writes nothing.
 * @property {Record<string, TemplateSettings>} [templates] Per template key: switch, delay and wording.
 * @property {{ perVisitor?: RateRule, allVisitors?: RateRule, perRecipient?: RateRule, doubleSubmitMinutes?: number }} [visitorLimits]
 * @property {{ finishedMessagesDays?: number, deliveryRecordsDays?: number }} [retention]
 * @property {{ cacheSeconds?: number }} [ownerWording] How long InboxTemplates rows are cached.
 * @property {string[]} [adminUserIds] Wix user IDs that are admins (Wix SDK adapter family).
 */

/**
 * @typedef {Object} TemplateSettings
 * @property {boolean} [enabled] false: sends of this template answer `skipped`.
 * @property {number} [delayMinutes] Send this many minutes after the trigger (0 to 43200), by the hourly job.
 * @property {string} [title] `{{var}}` only inside an optional `[[…]]` segment.
 * @property {string[]} [textLines] At most 10 lines of at most 512 characters.
 * @property {string[]} [vars] Only for a template the site adds.
 * @property {'every-time' | 'once-per-participant' | 'once-per-24h'} [frequency]
 * @property {('member' | 'visitor')[]} [callableBy] Besides admins, who may send it from a page.
 */

/**
 * @typedef {Object} RateRule
 * @property {number} [count] At most this many …
 * @property {number} [windowMinutes] … in any span of this many minutes.
 */

/** Which version of these types a site's editor sees: the JSDoc above survives the build only attached to a value. */
export const CONFIG_TYPES_VERSION = 1;
