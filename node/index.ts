/**
 * velo-inbox for plain Node (headless, self-hosted): the package's one entry, for `require('velo-inbox')` and
 * `import { createInbox } from 'velo-inbox'` alike. It is the SDK adapter family on a `@wix/sdk` client; the Wix site's
 * own code (web methods, events, the job) is not part of it.
 */
export { createInbox } from '../src/backend/wix-sdk/headless';
export type { HeadlessInbox, HeadlessInboxOptions } from '../src/backend/wix-sdk/headless';
export { INBOX_ERROR_CODES, InboxError, isInboxError } from '../src/backend/inbox/errors';
export type { InboxErrorCode, PublicError } from '../src/backend/inbox/errors';
export type { ParticipantQuery } from '../src/backend/inbox/participant-query';
export type { SendOptions, SendResult } from '../src/backend/inbox/send';
export type { BroadcastOptions, BroadcastRecipients, BroadcastResult } from '../src/backend/inbox/broadcast';
export type { BroadcastStatus } from '../src/backend/inbox/broadcast-status';
export type { DrainOptions, DrainReport } from '../src/backend/inbox/drain';
