// Your backend code (events.js, jobs, http-functions, your own modules):
//   import { sendMessage, resolveParticipants } from 'backend/inbox-api';
import type { MessageInput } from './inbox/message-input';
import { resolveParticipants as resolveWith, resolveParticipantId, type Resolution, type ResolvedParticipant } from './inbox/participant';
import type { ParticipantQuery } from './inbox/participant-query';
import { sendToParticipant, type SendOptions, type SendResult } from './inbox/send';
import { inboxDependencies } from './wix/composition';

/**
 * The inbox for trusted backend code. Unlike the web methods, which decide from the visitor's session what a page may
 * do (and treat an event handler or a job, which has no session, as a visitor), these act as the site itself: any
 * participant, any template, every option. Never re-export them from a web module.
 */

/** Resolve → get or create the conversation → send, exactly once per `options.idempotencyKey` (pass one: an event ID, an order ID). */
export function sendMessage(query: ParticipantQuery, message: MessageInput, options?: SendOptions): Promise<SendResult> {
  return sendToParticipant(inboxDependencies(), query, message, options);
}

/** Who one query names, as Inbox must address them; throws an InboxError (PARTICIPANT_NOT_FOUND, …) otherwise. */
export function resolveParticipant(query: ParticipantQuery): Promise<ResolvedParticipant> {
  return resolveParticipantId(inboxDependencies().directory, query);
}

/** Many queries at once (one contacts query and one or two members queries per 100); each answers `{ ok, value | error }`, in input order. */
export function resolveParticipants(queries: readonly ParticipantQuery[]): Promise<Resolution[]> {
  return resolveWith(inboxDependencies().directory, queries);
}
