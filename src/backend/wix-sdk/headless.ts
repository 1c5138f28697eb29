import type { WixClient } from '@wix/sdk';
import { sendToMany, type BroadcastOptions, type BroadcastRecipients, type BroadcastResult } from '../inbox/broadcast';
import { broadcastStatus, type BroadcastStatus } from '../inbox/broadcast-status';
import { drainOutbox, type DrainOptions, type DrainReport } from '../inbox/drain';
import type { ParticipantQuery } from '../inbox/participant-query';
import { resolveParticipantId, resolveParticipants, type Resolution, type ResolvedParticipant } from '../inbox/participant';
import type { Identity } from '../inbox/ports';
import { DEFAULT_RETENTION, purgeExpired, type RetentionSettings } from '../inbox/retention';
import { sendToParticipant, type SendOptions, type SendResult } from '../inbox/send';
import type { CompositionOptions } from '../wix/assemble';
import { sdkFamily } from './composition';
import { SDK_MODULES } from './modules';

/**
 * velo-inbox for a backend outside Wix (headless, self-hosted Node): the SDK family on a `createClient` client.
 *
 *   const client = createClient({ auth: ApiKeyStrategy({ apiKey, siteId }) });
 *   const inbox = createInbox({ client });
 *   await inbox.send({ email: 'jo@example.com' }, 'Your order shipped', { idempotencyKey: `shipped:${orderId}` });
 *   // and on a schedule (hourly is what a Wix site does): await inbox.drain();
 *
 * An API-key client acts as the site's admin, so everything here is admin-level: deciding who may trigger a send is the
 * host application's job (the site's web methods do it from the session; a server has no Wix session to read).
 */
export interface HeadlessInboxOptions extends CompositionOptions {
  /** Any client of `@wix/sdk`; the modules this needs are bound with `client.use`, whatever it was created with. */
  readonly client: Pick<WixClient, 'use'>;
}

export interface HeadlessInbox {
  /** Who the query names, as Inbox must address them (member over contact, member by member ID). */
  resolve(query: ParticipantQuery): Promise<ResolvedParticipant>;
  /** Many queries, one lookup round per 100; results keep input order and a bad input fails alone. */
  resolveMany(queries: readonly ParticipantQuery[]): Promise<Resolution[]>;
  /** Outbox first, then resolve → get or create the conversation → send, once per idempotency key. */
  send(query: ParticipantQuery, message: unknown, options?: SendOptions): Promise<SendResult>;
  /**
   * One message to many people (a list of queries, or everyone with a contact label), each exactly once per broadcast
   * ID; what does not fit in the time budget is left to `drain`.
   */
  sendToMany(recipients: BroadcastRecipients, message: unknown, options?: BroadcastOptions): Promise<BroadcastResult>;
  /** A broadcast's counts (pending, sent, skipped, dead, total) for a progress bar. */
  broadcastStatus(broadcastId: string): Promise<BroadcastStatus>;
  /** One attempt for every due intent in the outbox; run it on a schedule. */
  drain(options?: Partial<DrainOptions>): Promise<DrainReport>;
  /** Removes finished intents, old leases and past rate-limit slots (run beside `drain`). */
  purge(settings?: RetentionSettings): ReturnType<typeof purgeExpired>;
}

/** An API key is the site's admin; nothing here acts for a visitor or member. */
const apiKeyIdentity: Identity = { currentCaller: async () => ({ kind: 'admin' }) };

export function createInbox(options: HeadlessInboxOptions): HeadlessInbox {
  const { client, ...composition } = options;
  const family = sdkFamily(client.use(SDK_MODULES), apiKeyIdentity);
  const deps = family.dependencies(composition);
  return {
    resolve: (query) => resolveParticipantId(deps.directory, query),
    resolveMany: (queries) => resolveParticipants(deps.directory, queries),
    send: (query, message, sendOptions) => sendToParticipant(deps, query, message, sendOptions),
    sendToMany: (recipients, message, broadcastOptions) => sendToMany(deps, recipients, message, broadcastOptions),
    broadcastStatus: (broadcastId) => broadcastStatus(deps, broadcastId),
    drain: (drainOptions) => drainOutbox(deps, drainOptions),
    purge: (settings = DEFAULT_RETENTION) => purgeExpired(family.housekeeping, deps.clock, settings),
  };
}
