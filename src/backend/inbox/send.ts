import { deliver, type DeliveryDependencies } from './delivery';
import { InboxError } from './errors';
import { intentFingerprint, isFinished, type DeliveredResult, type Intent } from './intent';
import { DEFAULT_VISIBILITY } from './message';
import { prepareMessage } from './message-input';
import type { ParticipantKind } from './participant';
import { validateQuery, type ParticipantQuery } from './participant-query';
import type { MessageDirection, MessageVisibility, ParticipantId } from './ports';

export type SendDependencies = DeliveryDependencies;

export interface SendOptions {
  /** Default `BUSINESS_AND_PARTICIPANT`; `BUSINESS` keeps the message inside the dashboard. */
  readonly visibility?: MessageVisibility;
  /** Default true: the participant is told about the message (Wix's own default is false). */
  readonly sendNotifications?: boolean;
  /** Default business → participant. Recording what a participant submitted uses the other direction. */
  readonly direction?: MessageDirection;
  /**
   * Sends with the same key within the replay window (default 24 h) are sent once: later ones answer the first result
   * with `deduplicated: true`. Derive it from what triggered the send (an event ID, a form submission ID). Without one,
   * every call is a new message.
   */
  readonly idempotencyKey?: string;
}

interface ResultBase {
  readonly key: string;
  /** True when this answer replays an earlier send with the same key: nothing was sent now. */
  readonly deduplicated: boolean;
}

export type SendResult =
  | (ResultBase & { readonly status: 'sent' } & DeliveredResult)
  | (ResultBase & {
      /** A template's frequency cap held the message back; nothing was sent. */
      readonly status: 'skipped';
      readonly reason: 'frequency-cap';
      readonly participantId: ParticipantId;
      readonly kind: ParticipantKind;
    })
  | (ResultBase & {
      /** Not delivered yet (Wix kept failing within this call's time): the outbox holds it and the job retries. */
      readonly status: 'queued';
      readonly attempts: number;
      readonly nextAttemptAt: Date;
      readonly lastErrorCode?: string;
    });

const MAX_KEY_LENGTH = 200;

/**
 * Send a message to whoever `query` names, exactly once per idempotency key, losing nothing:
 * the intent is written to the outbox first, then resolve → getOrCreateConversation → sendMessage, retried with backoff
 * within this call's time budget; what is still undelivered stays queued for the scheduled job.
 * Permanent failures (bad input, nobody to send to) throw an InboxError; the intent is kept as `dead` with the reason.
 */
export async function sendToParticipant(
  deps: SendDependencies,
  query: ParticipantQuery,
  message: unknown,
  options: SendOptions = {},
): Promise<SendResult> {
  const prepared = prepareMessage(message);
  validateQuery(query);
  const key = options.idempotencyKey ?? `auto:${globalThis.crypto.randomUUID()}`;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InboxError('INVALID_INPUT', `An idempotency key is a string of 1 to ${MAX_KEY_LENGTH} characters.`, { field: 'options.idempotencyKey' });
  }
  const direction = options.direction ?? 'BUSINESS_TO_PARTICIPANT';
  const visibility = options.visibility ?? DEFAULT_VISIBILITY;
  const now = deps.clock.now();
  const fresh: Intent = {
    key,
    fingerprint: intentFingerprint({ query, content: prepared.content, direction, visibility }),
    query,
    content: prepared.content,
    direction,
    visibility,
    sendNotifications: options.sendNotifications ?? true,
    ...(prepared.template ? { template: prepared.template } : {}),
    status: 'pending',
    round: 0,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    // Held by this call while it works; the job only takes intents whose time has come.
    nextAttemptAt: new Date(now.getTime() + deps.settings.leaseMs),
    staleConversationIds: [],
  };

  const created = await deps.outbox.create(fresh);
  let intent = fresh;
  if (!created.created) {
    const existing = created.existing;
    if (existing.fingerprint !== fresh.fingerprint) {
      throw new InboxError('IDEMPOTENCY_CONFLICT', 'This idempotency key was already used for a different message or recipient.', {
        field: 'options.idempotencyKey',
      });
    }
    const replay = replayOf(deps, existing, now);
    if (replay) return replay;
    intent = await takeOver(deps, existing, fresh, now);
  }
  const { intent: done, error, contended } = await deliver(deps, intent, { budgetMs: deps.settings.callBudgetMs });
  if (contended) {
    // Someone else is on this intent right now: answer with what the outbox says.
    const current = (await deps.outbox.get(key)) ?? done;
    return resultOf(current, true);
  }
  if (done.status === 'dead') throw error;
  return resultOf(done, false);
}

/** The answer for a key seen before, or undefined when this call should (re)deliver it. */
function replayOf(deps: SendDependencies, existing: Intent, now: Date): SendResult | undefined {
  if (isFinished(existing)) {
    const age = now.getTime() - (existing.completedAt ?? existing.updatedAt).getTime();
    if (age >= deps.settings.replayWindowMs) return undefined;
    if (existing.status === 'dead') {
      throw new InboxError(existing.lastError?.code ?? 'INBOX_UNAVAILABLE', 'An earlier send with this idempotency key failed and was given up.', {
        ...(existing.lastError?.upstream ? { upstream: existing.lastError.upstream } : {}),
      });
    }
    return resultOf(existing, true);
  }
  // Someone is delivering it right now (its lease has not run out): don't race them.
  if (existing.status === 'pending' && existing.nextAttemptAt.getTime() > now.getTime()) return resultOf(existing, true);
  return undefined;
}

/** Takes a queued (or expired) intent over for an attempt now, under this call's lease. */
async function takeOver(deps: SendDependencies, existing: Intent, fresh: Intent, now: Date): Promise<Intent> {
  // A finished intent older than the replay window starts over as a new send with the same key, in a new round
  // (numbered from what is stored, so two calls restarting it at once contend for the same attempt).
  const intent: Intent = isFinished(existing) ? { ...fresh, round: (existing.round ?? 0) + 1 } : existing;
  intent.status = 'pending';
  intent.nextAttemptAt = new Date(now.getTime() + deps.settings.leaseMs);
  intent.updatedAt = now;
  await deps.outbox.save(intent);
  return intent;
}

function resultOf(intent: Intent, deduplicated: boolean): SendResult {
  const base = { key: intent.key, deduplicated };
  if (intent.status === 'sent' && intent.result && 'messageId' in intent.result) return { ...base, status: 'sent', ...intent.result };
  if (intent.status === 'skipped' && intent.result) {
    return { ...base, status: 'skipped', reason: 'frequency-cap', participantId: intent.result.participantId, kind: intent.result.kind };
  }
  return {
    ...base,
    status: 'queued',
    attempts: intent.attempts,
    nextAttemptAt: intent.nextAttemptAt,
    ...(intent.lastError ? { lastErrorCode: intent.lastError.code } : {}),
  };
}

