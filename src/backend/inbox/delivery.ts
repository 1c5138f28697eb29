import { addressedNow } from './address-check';
import { attemptId, claimNext, newestRoundRow, ownsClaim, readRound, recordResult, resultId, type HeldAttempt, type RoundState } from './attempts';
import { backoffDelay, type DeliverySettings } from './backoff';
import { InboxError, isInboxError } from './errors';
import { holdsCap, releaseCap, type CapAhead } from './frequency-cap';
import { ungated, type DeliveredResult, type Intent, type IntentGate } from './intent';
import { recipientKey, resolveRecipient, type Recipient } from './participant';
import type { AttemptResult, Clock, DeliveryLog, Directory, Inbox, OutboxStore, RateDecision, RateLimiter, SentTo } from './ports';
import { formerAddress, reconcile, type Target } from './reconcile';
import type { SentWrites, SentWritten } from './sent-batch';

export interface DeliveryDependencies {
  /**
   * Reads a gated intent's limit slot (Intent.gate), and takes it again when it is not held; only visitors'
   * acknowledgements are gated.
   */
  readonly rateLimiter?: Pick<RateLimiter, 'holds' | 'look'>;
  readonly directory: Directory;
  readonly inbox: Inbox;
  readonly outbox: OutboxStore;
  readonly deliveries: DeliveryLog;
  readonly clock: Clock;
  readonly settings: DeliverySettings;
  /** Uniform in [0, 1): jitter. */
  readonly random: () => number;
}

export interface DeliverOptions {
  /** Time this call may spend on attempts and waits; past it the intent is left for the job. */
  readonly budgetMs: number;
  /** The least delay before the next attempt (the job sets its own interval: one attempt per run). */
  readonly minRetryDelayMs?: number;
  /**
   * How a sent attempt's result and row are written: by default each with its own call, side by side; a broadcast
   * writes them in bulk (sent-batch.ts), with the same answers per attempt.
   */
  readonly sentWrites?: SentWrites;
}

export interface Delivery {
  readonly intent: Intent;
  readonly error?: unknown;
  /** Another worker holds this intent, or ended its round: the answer comes from what is recorded. */
  readonly contended?: boolean;
}

/** How a first attempt starts when the caller already holds it (send.ts: the intent insert is its claim). */
export interface FirstAttempt {
  readonly held: HeldAttempt;
  /** When the held attempt was claimed (default: when `deliver` starts). */
  readonly claimedAt?: Date;
  /** Resolved alongside the intent insert: the recipient, or why resolution failed. */
  readonly recipient?: { readonly ok: true; readonly value: Recipient } | { readonly ok: false; readonly error: unknown };
  /**
   * Where the first attempt sends: the recipient's conversation, looked up before or beside the intent insert, and
   * already checked by `addressedNow` (send.ts starts the check the moment the lookup answers). First attempt only.
   */
  readonly target?: Promise<Target>;
  /** The template's once-per-24h chain as read (or claimed) beside the intent insert: first attempt only. */
  readonly capAhead?: CapAhead;
  /** The inserting call's own take of the intent's gate slot (Intent.gate), made beside the insert. */
  readonly gate?: Promise<RateDecision>;
}

type AttemptRun =
  /**
   * `cached`: the outbox row already reads this outcome (written beside the result insert). `refused`: the round
   * ended dead because a take of its gate slot was refused (Intent.gate), nothing sent.
   */
  | { readonly result: AttemptResult; readonly cached?: boolean; readonly refused?: InboxError }
  | { readonly error: unknown; readonly maySent: boolean; readonly recipient?: Recipient; readonly sentTo?: SentTo };

/**
 * Makes attempts at one intent until its round ends (sent, skipped, dead), another worker holds it, or the time
 * budget runs out (then it is left `retrying` for the scheduled job). Every exclusive step is an insert (see
 * attempts.ts); the outbox row is only a cache of the outcome, written after it is recorded.
 */
export async function deliver(deps: DeliveryDependencies, intent: Intent, options: DeliverOptions, first?: FirstAttempt, state?: RoundState): Promise<Delivery> {
  const startedAt = deps.clock.now().getTime();
  const token = first?.held.token ?? globalThis.crypto.randomUUID();
  let held = first?.held;
  let prepared = first?.recipient;
  let targetAhead = first?.target;
  let capAhead = first?.capAhead;
  // Whether the intent's gate slot is held, asked once per call: by this call's own take, or by reading the slot (and
  // taking it again when it is not held).
  let gate: Promise<RateDecision | boolean> | undefined = first?.gate;
  const passes = async (): Promise<RateDecision | boolean> => {
    // A gate guards round 0 only, the visitor's own call: a later round (an admin's retry, a resend) is never limited,
    // even when the row it was read from is a stale round-0 row that still carries the gate.
    if (!intent.gate || intent.round > 0) return true;
    if (!deps.rateLimiter) throw new TypeError('a gated intent needs the rate limiter to read its slot');
    gate ??= heldOrTaken(deps.rateLimiter, intent.gate);
    try {
      return await gate;
    } catch (error) {
      // Unknown (the take's answer or the read was lost): the next attempt reads the slot again.
      gate = undefined;
      throw error;
    }
  };
  // When the attempt held now was claimed (no later than this): a batched write must land within its lease.
  let claimedAt = first?.claimedAt ?? deps.clock.now();
  const writeSent = (result: AttemptResult, row: Intent): Promise<SentWritten> =>
    options.sentWrites ? options.sentWrites.write(result, row, claimedAt) : writeSentNow(deps, result, row);
  // Conversations Wix reported gone during this call: never sent to again by it.
  const gone = new Set<string>();
  for (;;) {
    const attemptStartedAt = deps.clock.now().getTime();
    if (!held) {
      claimedAt = deps.clock.now();
      const claim = await claimNext(deps.deliveries, deps.clock, deps.settings, intent, token, state);
      state = undefined;
      if ('ended' in claim) {
        // Ended before this claim: read then, or minutes ago by the job's listing (a newer round may follow it).
        applyResult(intent, claim.ended);
        await saveFinished(deps, intent);
        return { intent, contended: true };
      }
      if ('busy' in claim) return { intent, contended: true };
      held = claim.held;
    }
    intent.round = held.round;
    intent.attempts = held.attempt;
    const run = await attemptOnce(deps, intent, held, writeSent, prepared, gone, targetAhead, capAhead, passes);
    prepared = undefined;
    targetAhead = undefined;
    capAhead = undefined;
    if ('result' in run) {
      if (run.result.status === 'fenced') return { intent, contended: true };
      applyResult(intent, run.result);
      // A dead row may be retried by an admin at once (saveFinished); sent and skipped ones only after the replay window.
      if (!run.cached) await (run.result.status === 'dead' ? saveFinished(deps, intent) : saveCache(deps, intent));
      return { intent, ...(run.refused && run.result.status === 'dead' ? { error: run.refused } : {}) };
    }
    const { error, maySent, sentTo } = run;
    // A wait on another worker's progress (InboxError.waiting) is no failure of this round: it is recorded so, and
    // neither it nor an earlier wait counts among the round's attempts.
    const waited = isInboxError(error) && error.waiting;
    const dead = !isRetryable(error) || (!waited && held.attempt - (held.waits ?? 0) >= deps.settings.maxAttempts);
    const described = describe(error);
    const ended = await recordResult(deps.deliveries, {
      id: resultId(intent.key, held.round, held.attempt),
      kind: 'result',
      intentKey: intent.key,
      round: held.round,
      attempt: held.attempt,
      at: deps.clock.now(),
      status: dead ? 'dead' : 'failed',
      maySent,
      ...(sentTo ? { sentTo } : {}),
      ...(waited ? { waited: true } : {}),
      error: described,
      ...(dead ? { deadReason: isRetryable(error) ? `attempts exhausted (${held.attempt - (held.waits ?? 0)})` : `permanent failure: ${described.code}` } : {}),
    });
    if (ended.status === 'fenced') return { intent, contended: true, error };
    if (ended.status === 'sent' || ended.status === 'skipped') {
      // This attempt's own outcome was written after all (the answer to that insert was lost): it stands.
      applyResult(intent, ended);
      await saveCache(deps, intent);
      return { intent };
    }
    if (dead) {
      // Given back only when no attempt of this round may have reached Wix: a greeting that may be there holds the cap.
      // Only this round's claim is given back (releaseCap): each round claims the cap for itself (claimedBy), and an
      // earlier round's claim stays with whatever that round may have sent (a retried dead greeting whose lost answer
      // reached the person).
      if (run.recipient && !maySent && !held.mustReconcile) await releaseCap(deps.deliveries, intent, run.recipient);
      applyResult(intent, ended);
      await saveFinished(deps, intent);
      if (!isInboxError(error)) throw error;
      return { intent, error };
    }
    const delay = Math.max(
      options.minRetryDelayMs ?? 0,
      backoffDelay(deps.settings, held.attempt, deps.random, isInboxError(error) ? error.retryAfterMs : undefined),
    );
    const now = deps.clock.now();
    intent.status = 'retrying';
    intent.lastError = described;
    intent.nextAttemptAt = new Date(now.getTime() + delay);
    intent.updatedAt = now;
    await saveCache(deps, intent);
    // Not a Wix failure the adapters translated: a bug. The intent waits for a later attempt; the error surfaces.
    if (!isInboxError(error)) throw error;
    // Stop when waiting plus another attempt as long as this one would overrun the budget.
    const attemptMs = now.getTime() - attemptStartedAt;
    if (now.getTime() + delay + attemptMs - startedAt > options.budgetMs) return { intent, error };
    await deps.clock.sleep(delay);
    // This worker ended attempt n itself, so attempts 1 … n all have results: claim n + 1 without reading them again.
    const next = held.attempt + 1;
    claimedAt = deps.clock.now();
    const taken = await deps.deliveries.insert({ id: attemptId(intent.key, held.round, next), kind: 'attempt', intentKey: intent.key, round: held.round, attempt: next, at: deps.clock.now(), token });
    if (!ownsClaim(taken, token)) return { intent, contended: true, error };
    const sentBefore = [...(held.sentBefore ?? []), ...(sentTo ? [sentTo] : [])];
    const waits = (held.waits ?? 0) + (waited ? 1 : 0);
    held = { ...held, attempt: next, mustReconcile: held.mustReconcile || maySent, ...(sentBefore.length > 0 ? { sentBefore } : {}), ...(waits > 0 ? { waits } : {}) };
  }
}

/**
 * One attempt: resolve, respect the cap, look the conversation up, reconcile if an earlier attempt may have sent,
 * send, record. Answers the recorded result, or the failure (and whether a message may have gone out).
 */
async function attemptOnce(
  deps: DeliveryDependencies,
  intent: Intent,
  held: HeldAttempt,
  writeSent: (result: AttemptResult, row: Intent) => Promise<SentWritten>,
  prepared: FirstAttempt['recipient'],
  gone: Set<string>,
  targetAhead?: FirstAttempt['target'],
  capAhead?: FirstAttempt['capAhead'],
  passes: () => Promise<RateDecision | boolean> = async () => true,
): Promise<AttemptRun> {
  let maySent = false;
  let recipient: Recipient | undefined;
  // Where sendMessage was called, if it was: recorded with a "may have sent" failure for later attempts to look.
  let sentTo: SentTo | undefined;
  // The error of a sendMessage that Wix answered 429 (blocked: nothing written).
  let throttledSend: unknown;
  const send = async (conversationId: string): Promise<string> => {
    try {
      return await sendOnce(deps, intent, conversationId);
    } catch (error) {
      if (isInboxError(error) && error.upstream?.status === 429) throttledSend = error;
      throw error;
    }
  };
  const sendingTo = (t: Target) => ({ conversationId: t.conversationId, participantId: t.recipient.participantId, kind: t.recipient.kind, newConversation: t.newConversation });
  const base = { kind: 'result' as const, intentKey: intent.key, round: held.round, attempt: held.attempt, id: resultId(intent.key, held.round, held.attempt) };
  try {
    if (prepared && !prepared.ok) throw prepared.error;
    recipient = prepared?.value ?? (await resolveRecipient(deps.directory, intent.query));
    const who = recipient;
    const contactOf = (memberId: string) => deps.directory.memberContactId(memberId);
    // The cap was held for whom the send resolved to. A sign-up since moves the send to the member, whose own chain
    // decides as well: the member may have had this template today by member ID, or be sent it again later today.
    // (The contact's claim stays: every later send to them now resolves to the member's chain.)
    const capContext = { clock: deps.clock, staleWorkerMs: deps.settings.staleWorkerMs, rowOf: (key: string) => deps.outbox.get(key) };
    const capStillHeld = async (t: Target): Promise<boolean> =>
      recipientKey(t.recipient.participantId) === recipientKey(who.participantId) || holdsCap(deps.deliveries, capContext, intent, t.recipient, {}, contactOf);
    // Written only once nothing of this round can have gone out: no earlier attempt may have sent, or reconciling
    // found none of its messages (noneSent: a cap link of a round that ended so is void, frequency-cap.ts linkFate).
    const skippedFor = async (t: Target): Promise<AttemptRun> => ({
      result: await recordResult(deps.deliveries, { ...base, at: deps.clock.now(), status: 'skipped', noneSent: true, skipped: { participantId: t.recipient.participantId, kind: t.recipient.kind } }),
    });
    const lookUp = async (): Promise<Target> => {
      const { conversationId, newConversation } = await deps.inbox.getOrCreateConversation(who.participantId);
      return { conversationId, recipient: who, newConversation };
    };
    // The cap claim and the conversation lookup are independent: one round trip for both.
    const [capHeld, looked] = await Promise.all([holdsCap(deps.deliveries, capContext, intent, who, capAhead, contactOf), targetAhead ?? lookUp()]);
    // Held back by the cap. When an earlier attempt may have sent, the conversation is read first (below): its message
    // there is this round's, recorded sent, and a round that ends skipped then says truly that nothing went out.
    if (!capHeld && !held.mustReconcile) return skippedFor({ conversationId: looked.conversationId, recipient: who, newConversation: looked.newConversation });
    // A contact's conversation may be one of its own beside a member's thread (a sign-up since resolution).
    // A target looked up ahead was checked as soon as its lookup answered (send.ts), beside the intent insert.
    let target: Target = targetAhead ? looked : await addressedNow(deps, looked);
    if (gone.has(target.conversationId)) throw stillGone();
    if (held.mustReconcile) {
      let found;
      try {
        const elsewhere = held.unknownDestination ? await formerAddress(deps, target) : undefined;
        found = await reconcile(deps, intent, elsewhere ? { ...held, sentBefore: [...(held.sentBefore ?? []), elsewhere] } : held, target);
      } catch (error) {
        if (!(isInboxError(error) && error.conversationGone)) throw error;
        // Merged since the lookup: its history now lives in the participant's current conversation.
        recipient = await resolveRecipient(deps.directory, intent.query);
        const current = await deps.inbox.getOrCreateConversation(recipient.participantId);
        target = await addressedNow(deps, { conversationId: current.conversationId, recipient, newConversation: current.newConversation });
        found = await reconcile(deps, intent, held, target);
      }
      if ('adopted' in found) return { result: await recordSent(deps, base, found.adopted) };
      if ('wait' in found) {
        // Not `maySent`: this attempt never called sendMessage (the round's earlier results still say it may have sent,
        // so the next attempt reconciles). Recorded so, the wait's time would read as this intent's latest possible
        // send (attempts.ts lastPossibleSend), and every look-alike reconciling within a minute would wait in turn,
        // each wait renewing the other's, until both die at their last attempt.
        throw new InboxError('INBOX_UNAVAILABLE', 'Cannot tell yet whether an earlier attempt was delivered.', { retryable: true, ...(found.onAnother ? { waiting: true } : {}) });
      }
      const now = deps.clock.now();
      if (held.unsafeUntil && held.unsafeUntil > now) {
        // A worker this intent fenced may still be about to send: sending now could make two. Look again later.
        maySent = true;
        throw new InboxError('INBOX_UNAVAILABLE', 'An earlier attempt may still be under way.', {
          retryable: true,
          waiting: true,
          retryAfterMs: held.unsafeUntil.getTime() - now.getTime(),
        });
      }
    }
    // Nothing of this intent went out: it is about to be sent to whoever the person is now.
    if (!capHeld) return await skippedFor({ ...target, recipient: who });
    if (!(await capStillHeld(target))) return await skippedFor(target);
    recipient = target.recipient;
    // A gated send (a visitor's acknowledgement, Intent.gate) goes out only while its limit slot is held. A take of
    // its slot was refused: the round ends dead, nothing sent (an earlier attempt that sent was found by reconciling).
    const gate = await passes();
    if (gate === false || (gate !== true && !gate.allowed)) {
      const retryAfterMs = typeof gate === 'object' && !gate.allowed ? gate.retryAfterMs : undefined;
      const refused = new InboxError('RATE_LIMITED', 'Too many messages right now. Please try again later.', retryAfterMs === undefined ? {} : { retryAfterMs });
      const ended = await recordResult(deps.deliveries, { ...base, at: deps.clock.now(), status: 'dead', maySent: false, error: { code: 'RATE_LIMITED' }, deadReason: 'its visitor limit refused it' });
      return { result: ended, refused };
    }
    let messageId: string;
    try {
      maySent = true;
      sentTo = sendingTo(target);
      messageId = await send(target.conversationId);
    } catch (error) {
      // Wix documents no error for a send to a conversation merged away: besides its 404, any refusal (4xx) of a
      // conversation this attempt just looked up may mean the person changed type in between. Resolve once more.
      const refused = isInboxError(error) && !error.conversationGone && isClientRefusal(error);
      if (!(isInboxError(error) && (error.conversationGone || refused))) throw error;
      // Merged between lookup and send: nothing was written there. Who is the participant now? Send once, there;
      // a second merge in the same attempt is left to the next attempt.
      maySent = held.mustReconcile;
      sentTo = undefined;
      const again = await resolveRecipient(deps.directory, intent.query);
      const moved = await deps.inbox.getOrCreateConversation(again.participantId);
      // The same conversation again: not a merge, the refusal stands (a message Wix will not take is permanent).
      if (refused && moved.conversationId === target.conversationId) throw error;
      gone.add(target.conversationId);
      if (gone.has(moved.conversationId)) throw stillGone();
      target = await addressedNow(deps, { conversationId: moved.conversationId, recipient: again, newConversation: moved.newConversation });
      if (!(await capStillHeld(target))) return await skippedFor(target);
      recipient = target.recipient;
      if (gone.has(target.conversationId)) throw stillGone();
      maySent = true;
      sentTo = sendingTo(target);
      messageId = await send(target.conversationId);
    }
    const delivered: DeliveredResult = { conversationId: target.conversationId, messageId, participantId: target.recipient.participantId, kind: target.recipient.kind, newConversation: target.newConversation };
    // The cache is written beside the result insert, not after it: the message went out, so a row reading `sent` with
    // its ID is true whichever record wins (a fencer that raced this attempt adopts this very message). A delivered
    // send then leaves nothing for the job, and a resend reads its outcome from the row alone.
    // Settled both before going on: when the record fails, the `retrying` cache written next must land after this one.
    const [recorded, cached] = await writeSent(sentResult(deps, base, delivered), deliveredRow(deps, intent, base, delivered));
    if (recorded.status === 'rejected') throw recorded.reason;
    const rowTrue = cached.status === 'fulfilled' && cached.value && recorded.value.status === 'sent' && recorded.value.messageId === messageId;
    if (cached.status === 'rejected') throw cached.reason;
    return { result: recorded.value, cached: rowTrue };
  } catch (error) {
    // A send rejected outright (a 4xx other than a merge) wrote nothing; anything else after the call may have.
    if (maySent && isInboxError(error) && !error.retryable && error.code !== 'RATE_LIMITED' && error.upstream?.status !== undefined && error.upstream.status < 500) maySent = false;
    // Nor did a sendMessage Wix answered 429: Wix documents it as a request that was blocked (its quotas: "any
    // additional requests … are blocked and you receive a 429"; its REST errors: "resource usage was exhausted"), never
    // as one processed late. The next attempt need not read the conversation back: one retry, not a reconciliation.
    // Only sendMessage's own 429: a 429 on the result insert after a send that went through says nothing of the send.
    if (maySent && error === throttledSend) maySent = false;
    return { error, maySent, ...(recipient ? { recipient } : {}), ...(maySent && sentTo ? { sentTo } : {}) };
  }
}

/**
 * Whether a gated intent may be sent: its slot is held by its owner, or — not held — a take of it under the same owner
 * is allowed now. "Not held" means no take of it ever landed: the inserting call's take failed (a 503 writes nothing),
 * or the call stopped before making it. Neither is a refusal, so the slot is taken again, through the limit it names
 * (a take like any other: 0005's bound holds, and the sliding window counts it from now), and only a refused take ends
 * the round dead. A take whose answer was lost although its row landed is found by the read first; a row that lands
 * after the read (a stalled take) only counts one acknowledgement twice — the safe side of a limit. A refusal the
 * inserting call met itself was recorded dead by that call: no later worker gets here for that round.
 * Not held and no limit recorded (an intent stored before it was): refused, as then. One more query and one insert,
 * only when the slot is not held.
 */
async function heldOrTaken(limiter: Pick<RateLimiter, 'holds' | 'look'>, gate: IntentGate): Promise<RateDecision | boolean> {
  if (await limiter.holds(gate.key, gate.owner)) return true;
  if (gate.limit === undefined || gate.windowMs === undefined) return false;
  const [standing] = await limiter.look([{ key: gate.key, limit: gate.limit, windowMs: gate.windowMs }]);
  if (!standing) throw new TypeError('a reading answers every limit it was asked about');
  if (!standing.open) return { allowed: false, retryAfterMs: standing.retryAfterMs, heldBy: standing.heldBy };
  return standing.take(gate.owner);
}

/** A 4xx other than a rate limit or a timeout: Wix refused the request and wrote nothing. */
function isClientRefusal(error: InboxError): boolean {
  const status = error.upstream?.status;
  return !error.retryable && error.code !== 'RATE_LIMITED' && status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429;
}

function stillGone(): InboxError {
  return new InboxError('INBOX_UNAVAILABLE', 'Inbox still answers with a conversation it reported gone.', {
    upstream: { status: 404, code: 'CONVERSATION_NOT_FOUND' },
    retryable: true,
  });
}

async function sendOnce(deps: DeliveryDependencies, intent: Intent, conversationId: string): Promise<string> {
  const { messageId } = await deps.inbox.sendMessage(
    conversationId,
    { content: intent.content, direction: intent.direction, visibility: intent.visibility },
    { sendNotifications: intent.sendNotifications, ...(intent.direction === 'PARTICIPANT_TO_BUSINESS' ? { sendAs: 'PARTICIPANT' as const } : {}) },
  );
  return messageId;
}

type ResultBase = Pick<AttemptResult, 'kind' | 'intentKey' | 'round' | 'attempt' | 'id'>;

function sentResult(deps: DeliveryDependencies, base: ResultBase, delivered: DeliveredResult): AttemptResult {
  return { ...base, at: deps.clock.now(), status: 'sent', messageId: delivered.messageId, delivered };
}

function recordSent(deps: DeliveryDependencies, base: ResultBase, delivered: DeliveredResult): Promise<AttemptResult> {
  return recordResult(deps.deliveries, sentResult(deps, base, delivered));
}

/** The outbox row as delivered (a copy: the caller's intent follows the record that wins). */
function deliveredRow(deps: DeliveryDependencies, intent: Intent, base: ResultBase, delivered: DeliveredResult): Intent {
  const row: Intent = { ...intent };
  applyResult(row, sentResult(deps, base, delivered));
  return row;
}

/** The result insert and the row write of one sent attempt, side by side, each settled. */
async function writeSentNow(deps: DeliveryDependencies, result: AttemptResult, row: Intent): Promise<SentWritten> {
  return Promise.allSettled([recordResult(deps.deliveries, result), saveCache(deps, row)]);
}

/** A copy of `intent` whose cache fields say what `result` decided. */
export function endedBy(intent: Intent, result: AttemptResult): Intent {
  const ended: Intent = { ...intent };
  applyResult(ended, result);
  return ended;
}

/** Copies what a recorded result decided into the intent's cache fields. */
export function applyResult(intent: Intent, result: AttemptResult): void {
  intent.round = result.round;
  intent.attempts = Math.max(intent.attempts, result.attempt);
  intent.updatedAt = result.at;
  if (result.status === 'sent' && result.delivered) {
    intent.status = 'sent';
    intent.result = result.delivered;
    intent.lastError = undefined;
    intent.completedAt = result.at;
  } else if (result.status === 'skipped' && result.skipped) {
    intent.status = 'skipped';
    intent.result = { skipped: true, ...result.skipped };
    intent.completedAt = result.at;
  } else if (result.status === 'dead') {
    intent.status = 'dead';
    if (result.error) intent.lastError = result.error;
    if (result.deadReason) intent.deadReason = result.deadReason;
    intent.completedAt = result.at;
  }
}

/**
 * Writes the cache. The delivery records already hold the decision, so a failed write costs only a look by the job
 * (the intent stays listed as due); it is reported, not retried.
 */
export async function saveCache(deps: DeliveryDependencies, intent: Intent): Promise<boolean> {
  try {
    await deps.outbox.save(intent);
    return true;
  } catch (error) {
    return cacheNotWritten(error);
  }
}

/**
 * Writes a finished row (sent, skipped, dead) from an outcome that a newer round may already follow: one read minutes
 * ago (the job refreshing a row it listed), or a dead one (an admin may retry it the moment its record is there, and
 * the owner panel shows it dead from its records). wix-data `update` replaces the whole row, so such a write landing
 * after a new round moved the row (send.ts newRound) would hide that round from the job for good: the job lists only
 * unfinished rows. So, as housekeeping and newRound do (decision 0020), this writes and then reads the key's records:
 * a round claimed beyond the one written puts the row back as that round, `pending` (never a finished status: a
 * pending row is never wrong for long, it costs the job one look). newRound reads its row back after its claim, so
 * whichever of the two goes second sees the other. Only on these paths: a delivered send still writes its row once.
 * The records are read back whatever the write answered: a write whose answer was lost (a 504) may have landed, and a
 * landed stale row over a newer round is exactly what this guards against (the read is one more call, on failure only).
 * The put-back is retried once when it fails: a stale finished row left over the newer round would never be listed
 * again. When every write fails, the row reads whatever landed last. The newer round's own row is listed as before.
 * A stale finished row is not: the job never looks at it again and the owner panel still shows the message as it
 * reads (dead, with its Retry), though nothing is decided wrongly (the records hold the newer round). The owner's next
 * Retry reads the records, answers not retried, and puts the row back as the newer round (retry-dead.ts); so does a
 * resend after the replay window (newRound moves the row first).
 * Answers whether the row was written and shows the newest round (false when not: reported, as saveCache does).
 */
export async function saveFinished(deps: DeliveryDependencies, intent: Intent): Promise<boolean> {
  const written = await saveCache(deps, intent);
  let newest: RoundState;
  try {
    newest = await readRound(deps.deliveries, intent);
  } catch (error) {
    cacheNotWritten(error);
    // Unknown whether a round was claimed meanwhile: the row is left to the job (due now), which refreshes it again
    // from the records. Without the gate: the job may find a newer round (an admin's retry), which is never gated.
    await saveCache(deps, { ...ungated(intent), status: 'retrying', nextAttemptAt: deps.clock.now() });
    return false;
  }
  if (newest.round <= intent.round) return written;
  const now = deps.clock.now();
  const later = newestRoundRow(intent, newest, now, new Date(now.getTime() + deps.settings.leaseMs));
  // Retried once: this is the write that keeps the newer round listed (a failed one reported by saveCache).
  return (await saveCache(deps, later)) || (await saveCache(deps, later));
}

/** A cache write that failed: a Wix failure is reported and answered `false` (the job refreshes the row); anything else is a bug and is thrown. */
export function cacheNotWritten(error: unknown): false {
  if (!isInboxError(error)) throw error;
  console.warn('velo-inbox: outbox cache not updated; the job will refresh it', error.code);
  return false;
}

export function isRetryable(error: unknown): boolean {
  return isInboxError(error) && (error.retryable || error.code === 'RATE_LIMITED');
}

function describe(error: unknown): NonNullable<Intent['lastError']> {
  if (isInboxError(error)) return { code: error.code, ...(error.upstream ? { upstream: error.upstream } : {}) };
  return { code: 'INBOX_UNAVAILABLE' };
}
