import { backoffDelay, type DeliverySettings } from './backoff';
import { InboxError, isInboxError } from './errors';
import { contentSignature, type DeliveredResult, type Intent } from './intent';
import { resolveParticipantId, type ResolvedParticipant } from './participant';
import type { Clock, DeliveryLog, Directory, Inbox, OutboxStore } from './ports';

export interface DeliveryDependencies {
  readonly directory: Directory;
  readonly inbox: Inbox;
  readonly outbox: OutboxStore;
  readonly deliveries: DeliveryLog;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  /** Uniform in [0, 1): jitter. */
  readonly random: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** Clocks of this container and of Wix may differ a little: a message stamped slightly before our attempt still counts. */
const CLOCK_SKEW_MS = 60_000;
/** How far back reconciliation reads a conversation. */
const RECONCILE_DEPTH = 50;

/**
 * Makes attempts at one intent until it is delivered, skipped, dead, or the time budget runs out (then it is left
 * `retrying` for the scheduled job, with its next attempt time). Every state change is saved before the next step.
 */
export interface DeliverOptions {
  /** Time this call may spend on attempts and waits; past it the intent is left for the job. */
  readonly budgetMs: number;
  /** The least delay before the next attempt (the job sets its own interval: one attempt per run). */
  readonly minRetryDelayMs?: number;
}

export interface Delivery {
  readonly intent: Intent;
  readonly error?: unknown;
  /** Another worker took this attempt first: the intent was left to them. */
  readonly contended?: boolean;
}

export async function deliver(deps: DeliveryDependencies, intent: Intent, options: DeliverOptions): Promise<Delivery> {
  const startedAt = deps.clock.now().getTime();
  for (;;) {
    const attemptStartedAt = deps.clock.now().getTime();
    const outcome = await attemptOnce(deps, intent, options);
    if (outcome === 'done') return { intent };
    if (outcome === 'contended') return { intent, contended: true };
    const { error } = outcome;
    if (!isRetryable(error) || intent.attempts >= deps.settings.maxAttempts) {
      await markDead(deps, intent, error);
      return { intent, error };
    }
    const delay = Math.max(
      options.minRetryDelayMs ?? 0,
      backoffDelay(deps.settings, intent.attempts, deps.random, isInboxError(error) ? error.retryAfterMs : undefined),
    );
    const now = await scheduleRetry(deps, intent, error, delay);
    // Stop when waiting plus another attempt as long as this one would overrun the budget.
    const attemptMs = now.getTime() - attemptStartedAt;
    if (now.getTime() + delay + attemptMs - startedAt > options.budgetMs) return { intent, error };
    await deps.clock.sleep(delay);
  }
}

/** One attempt: reconcile a possibly-sent message, resolve, respect the cap, look the conversation up, send. */
async function attemptOnce(deps: DeliveryDependencies, intent: Intent, options: DeliverOptions): Promise<'done' | 'contended' | { error: unknown }> {
  // Exactly one worker per attempt (a web-method call, a retried call, the job): whoever inserts its lease row first.
  // Reads of the outbox can be stale; this insert cannot. A lease outlives a worker that died holding it only for
  // `leaseMs`, so the intent is never stuck.
  const lease = `lease:${intent.key}:${intent.round ?? 0}:${intent.attempts + 1}`;
  if (!(await deps.deliveries.claim(lease, deps.clock.now(), deps.settings.leaseMs))) {
    return 'contended';
  }
  intent.attempts += 1;
  try {
    if (intent.inFlight) {
      const found = await reconcile(deps, intent);
      if (found) {
        await complete(deps, intent, found);
        return 'done';
      }
    }
    const participant = await resolveParticipantId(deps.directory, intent.query);
    if (!(await holdsCap(deps, intent, participant))) {
      intent.status = 'skipped';
      intent.result = { skipped: true, participantId: participant.participantId, kind: participant.kind };
      intent.completedAt = deps.clock.now();
      intent.updatedAt = intent.completedAt;
      await deps.outbox.save(intent);
      return 'done';
    }
    const delivered = await sendTo(deps, intent, participant);
    await complete(deps, intent, delivered);
    return 'done';
  } catch (error) {
    if (!isInboxError(error)) {
      // Not a Wix failure the adapters translated: a bug. Leave the intent for a later attempt (or give it up at the
      // attempt cap) and let the error surface.
      if (intent.attempts >= deps.settings.maxAttempts) await markDead(deps, intent, error);
      else await scheduleRetry(deps, intent, error, Math.max(options.minRetryDelayMs ?? 0, backoffDelay(deps.settings, intent.attempts, deps.random)));
      throw error;
    }
    return { error };
  }
}

async function scheduleRetry(deps: DeliveryDependencies, intent: Intent, error: unknown, delay: number): Promise<Date> {
  const now = deps.clock.now();
  intent.status = 'retrying';
  intent.lastError = describe(error);
  intent.nextAttemptAt = new Date(now.getTime() + delay);
  intent.updatedAt = now;
  await deps.outbox.save(intent);
  return now;
}

async function sendTo(deps: DeliveryDependencies, intent: Intent, participant: ResolvedParticipant, afterMerge = false): Promise<DeliveredResult> {
  const { conversationId, newConversation } = await deps.inbox.getOrCreateConversation(participant.participantId);
  if (intent.staleConversationIds.includes(conversationId)) {
    throw new InboxError('INBOX_UNAVAILABLE', 'Inbox still answers with a conversation it reported gone.', {
      upstream: { status: 404, code: 'CONVERSATION_NOT_FOUND' },
      retryable: true,
    });
  }
  const now = deps.clock.now();
  // Write-ahead: from here on the outcome may be unknown; the next attempt must look before it sends again.
  intent.inFlight = { conversationId, startedAt: now, participantId: participant.participantId, kind: participant.kind, newConversation };
  intent.nextAttemptAt = new Date(now.getTime() + deps.settings.leaseMs);
  intent.updatedAt = now;
  await deps.outbox.save(intent);
  try {
    const { messageId } = await deps.inbox.sendMessage(
      conversationId,
      { content: intent.content, direction: intent.direction, visibility: intent.visibility },
      { sendNotifications: intent.sendNotifications, ...(intent.direction === 'PARTICIPANT_TO_BUSINESS' ? { sendAs: 'PARTICIPANT' as const } : {}) },
    );
    return { conversationId, messageId, participantId: participant.participantId, kind: participant.kind, newConversation };
  } catch (error) {
    if (!(isInboxError(error) && error.conversationGone)) throw error;
    // Merged between lookup and send: nothing was written there. Who is the participant now? Send once, there;
    // a second merge in the same attempt is left to the next attempt.
    intent.staleConversationIds.push(conversationId);
    intent.inFlight = undefined;
    if (afterMerge) throw new InboxError(error.code, error.message, { upstream: error.upstream ?? {}, retryable: true, cause: error });
    const again = await resolveParticipantId(deps.directory, intent.query);
    return sendTo(deps, intent, again, true);
  }
}

/**
 * The last attempt may have reached Wix without us hearing back. Look for the message it would have produced — same
 * direction, same content, not older than the attempt, not already claimed by another intent — before sending again.
 */
async function reconcile(deps: DeliveryDependencies, intent: Intent): Promise<DeliveredResult | undefined> {
  const inFlight = intent.inFlight;
  if (!inFlight) return undefined;
  let target = { conversationId: inFlight.conversationId, participantId: inFlight.participantId, kind: inFlight.kind, newConversation: inFlight.newConversation };
  let seen;
  try {
    seen = await deps.inbox.recentMessages(target.conversationId, RECONCILE_DEPTH);
  } catch (error) {
    if (!(isInboxError(error) && error.conversationGone)) throw error;
    // Merged since: its history now lives in the participant's current conversation.
    const participant = await resolveParticipantId(deps.directory, intent.query);
    const { conversationId, newConversation } = await deps.inbox.getOrCreateConversation(participant.participantId);
    target = { conversationId, participantId: participant.participantId, kind: participant.kind, newConversation };
    seen = await deps.inbox.recentMessages(conversationId, RECONCILE_DEPTH);
  }
  const signature = contentSignature(intent.content);
  const since = inFlight.startedAt.getTime() - CLOCK_SKEW_MS;
  const unclaimed: string[] = [];
  for (const message of seen) {
    if (message.direction !== intent.direction || contentSignature(message.content) !== signature) continue;
    if (message.createdAt && message.createdAt.getTime() < since) continue;
    const owner = await deps.outbox.keyOfMessage(message.messageId);
    if (owner === intent.key) return { ...target, messageId: message.messageId };
    if (owner === undefined) unclaimed.push(message.messageId);
  }
  if (unclaimed.length === 0) return undefined;
  // Other intents sending the same words to the same person may own some of these messages without having recorded
  // it yet. Adopt one only when there are more such messages than such intents; otherwise decide later.
  const rivals = await deps.outbox.countInFlight(target.conversationId, signature, intent.key);
  if (unclaimed.length <= rivals) {
    throw new InboxError('INBOX_UNAVAILABLE', 'Cannot tell yet whether an earlier attempt was delivered.', { retryable: true });
  }
  for (const messageId of unclaimed.reverse()) {
    // Oldest first; the claim makes sure two reconciling intents never adopt the same message.
    if (await deps.deliveries.claim(`message:${messageId}`, deps.clock.now(), Number.POSITIVE_INFINITY, intent.key)) {
      return { ...target, messageId };
    }
  }
  return undefined;
}

async function complete(deps: DeliveryDependencies, intent: Intent, result: DeliveredResult): Promise<void> {
  const now = deps.clock.now();
  const done: Intent = { ...intent, status: 'sent', result, inFlight: undefined, lastError: undefined, completedAt: now, updatedAt: now };
  await deps.outbox.save(done);
  // Only once it is stored: if the save failed, the intent keeps its in-flight marker and the retry reconciles.
  Object.assign(intent, done);
}

async function markDead(deps: DeliveryDependencies, intent: Intent, error: unknown): Promise<void> {
  const now = deps.clock.now();
  intent.status = 'dead';
  intent.lastError = describe(error);
  intent.deadReason = isRetryable(error) ? `attempts exhausted (${intent.attempts})` : `permanent failure: ${intent.lastError.code}`;
  intent.completedAt = now;
  intent.updatedAt = now;
  if (intent.capKey) {
    await deps.deliveries.release(intent.capKey);
    intent.capKey = undefined;
  }
  await deps.outbox.save(intent);
}

/** Claims the template's frequency cap for this participant once per intent; false when an earlier delivery holds it. */
async function holdsCap(deps: DeliveryDependencies, intent: Intent, participant: ResolvedParticipant): Promise<boolean> {
  if (!intent.template || intent.template.frequency === 'every-time' || intent.capKey) return true;
  const who = 'memberId' in participant.participantId ? `member:${participant.participantId.memberId}` : `contact:${participant.participantId.contactId}`;
  const key = `template:${intent.template.name}:${who}`;
  const windowMs = intent.template.frequency === 'once-per-participant' ? Number.POSITIVE_INFINITY : DAY_MS;
  // Owned by this intent: if the worker stops before the intent is saved, the next attempt still holds the cap.
  if (!(await deps.deliveries.claim(key, deps.clock.now(), windowMs, intent.key))) return false;
  intent.capKey = key;
  return true;
}

export function isRetryable(error: unknown): boolean {
  return isInboxError(error) && (error.retryable || error.code === 'RATE_LIMITED');
}

function describe(error: unknown): NonNullable<Intent['lastError']> {
  if (isInboxError(error)) return { code: error.code, ...(error.upstream ? { upstream: error.upstream } : {}) };
  return { code: 'INBOX_UNAVAILABLE' };
}
