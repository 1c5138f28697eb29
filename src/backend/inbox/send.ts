import { addressedNow } from './address-check';
import { attemptId, liveAttempt, lookBackAfter, lookBackUnsafeUntil, newestRoundRow, ownsClaim, readRound, type RoundState } from './attempts';
import { applyResult, deliver, endedBy, saveCache, saveFinished, type Delivery, type DeliveryDependencies } from './delivery';
import { InboxError, isInboxError } from './errors';
import { contentSignature, intentFingerprint, isFinished, laterRoundRow, type DeliveredResult, type Intent, type IntentGate } from './intent';
import { readCapAhead, readContactCapAhead, type CapAhead } from './frequency-cap';
import { DEFAULT_VISIBILITY } from './message';
import type { TemplateCatalog } from './owner-wording';
import { recipientKey, resolveRecipient, type ParticipantKind, type Recipient } from './participant';
import { validateQuery, type ParticipantQuery } from './participant-query';
import type { CapClaim, MessageDirection, MessageVisibility, ParticipantId, RateDecision } from './ports';
import { prepareForPerson } from './template-message';

export interface SendDependencies extends DeliveryDependencies {
  /** The site's templates (configuration and the owner's CMS rows); the code's templates when absent. */
  readonly templates?: TemplateCatalog;
}

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

/**
 * Who a send reaches, when the caller has just learned it (a visitor's acknowledgement resolves the email before its
 * limits; a member naming themselves was read by the session): the send then does not look the person up again.
 */
export interface KnownRecipient {
  readonly recipient: Recipient;
  /** Look the conversation up beside the intent insert (false when the key most likely names an earlier send). */
  readonly conversationAhead?: boolean;
  /**
   * With `conversationAhead`: the lookup the caller already started, a round trip before the insert (a visitor's
   * acknowledgement to a contact starts it beside its limit takes). The contact's re-check (`addressedNow`) then runs
   * beside the intent insert instead of after it.
   */
  readonly lookedUp?: Promise<{ readonly conversationId: string; readonly newConversation: boolean }>;
  /**
   * The once-per-24h link to claim beside the intent insert, for this send's key: the caller read the chain first and
   * made the key name that link (welcome-back.ts), so no other send can ever hold a claim under this key.
   */
  readonly capClaim?: CapClaim;
  /**
   * A limit slot taken beside the intent insert (a visitor's acknowledgement: the person's own limit): the intent is
   * stored gated on it (Intent.gate), and nothing is sent unless the slot is held: `take` allowed it, or a later
   * take under the same owner did (after this one failed).
   */
  readonly gate?: IntentGate & { readonly take: Promise<RateDecision> };
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
  /** The site switched the template off (inbox.config.js or the owner's CMS row): nothing was written or sent. */
  | (ResultBase & { readonly status: 'skipped'; readonly reason: 'switched-off' })
  | (ResultBase & {
      /** Not delivered yet (Wix kept failing within this call's time): the outbox holds it and the job retries. */
      readonly status: 'queued';
      readonly attempts: number;
      readonly nextAttemptAt: Date;
      readonly lastErrorCode?: string;
    });

const MAX_KEY_LENGTH = 200;

/**
 * A send's answer with what only the calling backend code needs (a visitor's acknowledgement counts its limit slots by
 * it, access.ts); site code sees the `result` alone (sendToParticipant).
 */
export interface ReportedSend {
  readonly result: SendResult;
  /**
   * This call stored the intent: its insert created the row, or the row carries this call's token (the insert's answer
   * was lost). Whoever stores an acknowledgement's intent is the call whose slots count it; another call answered for
   * that intent sent nothing of its own unless it took the intent over.
   */
  readonly own: boolean;
  /** The gate of the round answered for, when it is gated (round 0 of a visitor's acknowledgement, Intent.gate). */
  readonly gate?: IntentGate;
}

/**
 * Send a message to whoever `query` names, exactly once per idempotency key, losing nothing:
 * the intent is inserted into the outbox (which also claims the first attempt) while the recipient is resolved, then
 * getOrCreateConversation → sendMessage → the attempt's result is recorded, retried with backoff within this call's
 * time budget; what is still undelivered stays queued for the scheduled job. When nothing fails: four round trips and
 * seven Wix calls to a member, five and eight to a contact (read again after the lookup: address-check.ts). Permanent
 * failures (bad input, nobody to send to) throw an InboxError; the intent is kept as `dead`.
 */
export async function sendToParticipant(
  deps: SendDependencies,
  query: ParticipantQuery,
  message: unknown,
  options: SendOptions = {},
  known?: KnownRecipient,
): Promise<SendResult> {
  return (await sendReporting(deps, query, message, options, known)).result;
}

/** sendToParticipant, reporting whether this call stored the intent and the gate of the round it answers for. */
export async function sendReporting(
  deps: SendDependencies,
  query: ParticipantQuery,
  message: unknown,
  options: SendOptions = {},
  known?: KnownRecipient,
): Promise<ReportedSend> {
  const { prepared, recipient: early = known?.recipient } = await prepareForPerson(deps, message, query, known?.recipient);
  validateQuery(query);
  const key = options.idempotencyKey ?? `auto:${globalThis.crypto.randomUUID()}`;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new InboxError('INVALID_INPUT', `An idempotency key is a string of 1 to ${MAX_KEY_LENGTH} characters.`, { field: 'options.idempotencyKey' });
  }
  if (prepared.switchedOff) return { result: { key, deduplicated: false, status: 'skipped', reason: 'switched-off' }, own: false };
  // A delayed template waits in the outbox until its due time; the job sends it (see Intent.notBefore).
  const notBefore = prepared.delayMs ? new Date(deps.clock.now().getTime() + prepared.delayMs) : undefined;
  const direction = options.direction ?? 'BUSINESS_TO_PARTICIPANT';
  const visibility = options.visibility ?? DEFAULT_VISIBILITY;
  const now = deps.clock.now();
  const token = globalThis.crypto.randomUUID();
  const fresh: Intent = {
    key,
    fingerprint: intentFingerprint({ content: prepared.content, direction, visibility }),
    signature: contentSignature(prepared.content),
    query,
    content: prepared.content,
    direction,
    visibility,
    sendNotifications: options.sendNotifications ?? true,
    ...(prepared.template ? { template: prepared.template } : {}),
    ...(notBefore ? { notBefore } : {}),
    ...(known?.gate ? { gate: storedGate(known.gate) } : {}),
    token,
    createdAt: now,
    status: 'pending',
    round: 0,
    attempts: notBefore ? 0 : 1,
    updatedAt: now,
    // If this call stops before recording an outcome, the job takes the intent once the first attempt's lease is over.
    nextAttemptAt: notBefore ?? new Date(now.getTime() + deps.settings.leaseMs),
  };

  // The insert and the resolution are independent: one round trip for both. When the caller already knows who is
  // reached, the conversation is looked up in that round too (or was, a round earlier, by the caller): it is not a
  // send, and nothing is sent before the insert has answered that the intent is stored and ours.
  const lookAhead = early && known?.conversationAhead && !notBefore ? early : undefined;
  const ahead = lookAhead && (known?.lookedUp ?? deps.inbox.getOrCreateConversation(lookAhead.participantId));
  // The re-check of a contact after the lookup (address-check.ts) starts the moment the lookup answers: beside
  // the insert when the caller looked up early, else right after it, as the first attempt would. It only reads (or,
  // for a member now, looks the member's conversation up): a key that names an earlier send still sends nothing.
  const checked = lookAhead && ahead?.then(({ conversationId, newConversation }) => addressedNow(deps, { conversationId, recipient: lookAhead, newConversation }));
  // A once-per-24h cap's newest link is read then too; the claim itself waits until the intent is known to be ours —
  // unless the key names the link (capClaim): then the link is inserted beside the intent (see claimBeside).
  const capAhead = lookAhead && capBeside(deps, key, prepared.template, lookAhead, known?.capClaim);
  // Awaited only when the intent is ours: a failure otherwise is nobody's to report.
  checked?.catch(() => undefined);
  capAhead?.newest?.catch(() => undefined);
  capAhead?.claimed?.answer.catch(() => undefined);
  capAhead?.asContact?.catch(() => undefined);
  const [created, resolved] = await Promise.allSettled([deps.outbox.create(fresh), early ?? resolveRecipient(deps.directory, query)]);
  if (created.status === 'rejected') throw created.reason;
  const recipient = resolved.status === 'fulfilled' ? { ok: true as const, value: resolved.value } : { ok: false as const, error: resolved.reason as unknown };
  const stored = created.value;
  if (stored.created || stored.existing.token === token) {
    if (notBefore) return ownReport(resultOf(fresh, false), fresh);
    const held = { round: 0, attempt: 1, token, mustReconcile: false, startedAt: now };
    const gate = known?.gate?.take;
    const delivery = await deliver(deps, fresh, { budgetMs: deps.settings.callBudgetMs }, { held, recipient, ...(checked ? { target: checked } : {}), ...(capAhead ? { capAhead } : {}), ...(gate ? { gate } : {}) });
    return ownReport(answer(delivery), delivery.intent);
  }
  const existing = stored.existing;
  if (intentFingerprint(existing) !== fresh.fingerprint || !(await sameRecipient(deps, existing.query, query, recipient))) {
    throw new InboxError('IDEMPOTENCY_CONFLICT', 'This idempotency key was already used for a different message or recipient.', {
      field: 'options.idempotencyKey',
    });
  }
  return again(deps, existing, now);
}

/**
 * What the send learns of a once-per-24h chain beside its intent insert: the newest link, or — when the caller made the
 * key name the next link (`capClaim`) — that link, inserted at once. A claim made before the insert answers is safe
 * only because of that key: whoever sends under it, this call or the worker it finds on the key, sends for that link
 * and no other, and a call on an older key never inserts it.
 *
 * The link is never given back by this call, even when the intent insert fails: another call on the same key may hold
 * the intent, and a link given back under it would let a second greeting through within the day. A link whose intent
 * was never stored is picked up by the next login on that key instead (welcome-back.ts stores the intent then). A
 * link for a key whose intent is finished already (a greeting that died and gave its link back) stays: it holds the cap
 * for up to a day with nothing sent — the safe side of a cap, and what the day's key did before (it replayed the dead
 * outcome until midnight).
 */
function capBeside(deps: SendDependencies, key: string, template: Intent['template'], recipient: Recipient, claim: CapClaim | undefined): CapAhead | undefined {
  // A member's contact named by the session or the resolution: the claims made to that contact are read now too.
  const asContact = readContactCapAhead(deps.deliveries, template, recipient);
  const contactSide = asContact ? { asContact } : {};
  if (claim && template?.frequency === 'once-per-24h') {
    if (claim.intentKey !== key) throw new Error('A cap link claimed beside an intent must name that intent.');
    return { claimed: { link: claim, answer: deps.deliveries.insert(claim) }, ...contactSide };
  }
  const newest = readCapAhead(deps.deliveries, template, recipient);
  return newest || asContact ? { ...(newest ? { newest } : {}), ...contactSide } : undefined;
}

/** What this call reports of an intent it stored: its own, gated as the round answered for is. */
function ownReport(result: SendResult, intent: Intent): ReportedSend {
  const gate = gateOf(intent);
  return { result, own: true, ...(gate ? { gate } : {}) };
}

/** What this call reports of an intent another call stored: not its own, gated as the round answered for is. */
function foundReport(result: SendResult, intent?: Intent): ReportedSend {
  const gate = intent && gateOf(intent);
  return { result, own: false, ...(gate ? { gate } : {}) };
}

/** The gate of the intent's current round: round 0 only (a later round is never gated, laterRoundRow). */
function gateOf(intent: Intent): IntentGate | undefined {
  return intent.round === 0 ? intent.gate : undefined;
}

/** A key seen before: replay its outcome, wait for the worker on it, take it over, or start a new round. */
async function again(deps: SendDependencies, existing: Intent, now: Date): Promise<ReportedSend> {
  // A delayed intent before its due time: the job sends it; nothing is attempted now (a duplicate trigger sends nothing).
  if (existing.notBefore !== undefined && existing.notBefore.getTime() > now.getTime() && !isFinished(existing)) return foundReport(resultOf(existing, true), existing);
  // A finished cache is true of its round (it is written after the outcome is recorded); an unfinished one may be
  // stale. So may a `dead` one about to be replayed: a stale write of an earlier round's death can land over a newer
  // round an admin's Retry started, when every put-back fails (delivery.ts saveFinished). Replayed as it reads, the
  // caller would be told a message was given up that the newer round delivered. So a dead row within its replay window
  // is checked against its records first (one read, only on a dead replay); sent and skipped rows are replayed as they
  // read (nothing retries them before their replay window ends: newRound's own claim handles a stale one after it).
  let state: RoundState | undefined;
  if (!isFinished(existing)) {
    state = await readRound(deps.deliveries, existing);
    if (state.outcome) {
      // A dead outcome may be retried by an admin before this write lands (saveFinished).
      applyResult(existing, state.outcome);
      await saveFinished(deps, existing);
    }
  } else if (existing.status === 'dead' && withinReplayWindow(deps, existing, now)) {
    state = await readRound(deps.deliveries, existing);
    if (state.round > existing.round) existing = await newerThanStaleDead(deps, existing, state, now);
  }
  if (isFinished(existing)) {
    if (withinReplayWindow(deps, existing, now)) return foundReport(replay(existing));
    return foundReport(await newRound(deps, existing, now));
  }
  if (state && liveAttempt(state, now, deps.settings) !== undefined) return foundReport(resultOf(existing, true), existing);
  const delivery = await deliver(deps, existing, { budgetMs: deps.settings.callBudgetMs }, undefined, state);
  return foundReport(answer(delivery), delivery.intent);
}

/** Whether a finished row's outcome is still answered as it is (its replay window), rather than sent again. */
function withinReplayWindow(deps: SendDependencies, finished: Intent, now: Date): boolean {
  return now.getTime() - (finished.completedAt ?? finished.updatedAt).getTime() < deps.settings.replayWindowMs;
}

/**
 * A `dead` row of round r whose records show a newer round: a stale write that hid the round an admin's Retry started.
 * The row is repaired and this send goes on from the newer round: as it ended (written as saveFinished writes every
 * finished row a later round may follow, and then replayed or sent again by its own replay window), or, under way,
 * put back `pending` as that round, due now, so the job lists it again (then waited for or taken over, as any
 * unfinished row). A failed repair is reported, not thrown (the answer comes from the records either way).
 */
async function newerThanStaleDead(deps: SendDependencies, stale: Intent, state: RoundState, now: Date): Promise<Intent> {
  const newer = newestRoundRow(stale, state, now, now);
  if (!state.outcome) {
    await saveCache(deps, newer);
    return newer;
  }
  const ended = endedBy(newer, state.outcome);
  await saveFinished(deps, ended);
  return ended;
}

/**
 * A finished key reused after its replay window sends again, as round r + 1 (so does a dead message an admin retries,
 * retry-dead.ts): whoever inserts its first attempt's claim makes it (two calls restarting it at once contend for the
 * same insert).
 *
 * The outbox row is moved to the new round first: the job lists rows by status, so a round claimed while its row
 * still reads `sent` would be seen by nobody if this call stopped (a failed cache write, a lost claim answer) — and
 * every later call would replay the finished cache. A failed move throws before anything is claimed or sent.
 * After the claim the row is read back (beside the resolution, no extra round trip): housekeeping may have removed it
 * between the move and the claim, and then this call puts it back (retention.ts, the other half of that handshake).
 */
export async function newRound(deps: SendDependencies, existing: Intent, now: Date): Promise<SendResult> {
  const round = existing.round + 1;
  const token = globalThis.crypto.randomUUID();
  // After a dead round, its message may be in the conversation unrecorded (a lost answer no attempt could check): the
  // new round looks there first, every attempt of it (the claim carries it). One read, only after a dead round.
  const lookBack = existing.status === 'dead' ? lookBackAfter(existing, await deps.deliveries.ofIntents([existing.key])) : undefined;
  // Not gated (laterRoundRow): a later round is an admin's retry or a resend, never the visitor's call that took the slot.
  const intent = laterRoundRow(existing, round, 1, now, new Date(now.getTime() + deps.settings.leaseMs));
  await deps.outbox.save(intent);
  const taken = await deps.deliveries.insert({ id: attemptId(existing.key, round, 1), kind: 'attempt', intentKey: existing.key, round, attempt: 1, at: now, token, ...(lookBack ? { lookBack } : {}) });
  if (!ownsClaim(taken, token)) return roundTaken(deps, existing, round, now);
  const [row, resolved] = await Promise.allSettled([deps.outbox.get(intent.key), resolveRecipient(deps.directory, intent.query)]);
  if (row.status === 'rejected' || row.value === undefined) await keepRow(deps, intent);
  // A stale write of an earlier round (the job refreshing a lagging row it listed minutes ago, a worker's dead row)
  // may have landed between the move and the claim: the row would read finished, the job would never list it, and
  // this round would be lost if this call leaves it queued. Moved again; a writer after this read sees the claim
  // (saveFinished) and moves it itself. A failure here is reported, not thrown: the attempt below writes the row too.
  else if (!showsRound(row.value, round)) await saveCache(deps, intent);
  const recipient = resolved.status === 'fulfilled' ? { ok: true as const, value: resolved.value } : { ok: false as const, error: resolved.reason as unknown };
  const unsafeUntil = lookBackUnsafeUntil(lookBack, deps.settings, now);
  const held = lookBack
    ? {
        round,
        attempt: 1,
        token,
        mustReconcile: true,
        startedAt: new Date(Math.min(now.getTime(), lookBack.sinceMs)),
        ...(lookBack.sentTo.length > 0 ? { sentBefore: lookBack.sentTo } : {}),
        ...(unsafeUntil ? { unsafeUntil } : {}),
      }
    : { round, attempt: 1, token, mustReconcile: false, startedAt: now };
  return answer(await deliver(deps, intent, { budgetMs: deps.settings.callBudgetMs }, { held, recipient }));
}

/**
 * The round a new round would be was claimed by another call: a resend or Retry racing this one (under way: `queued`,
 * as ever), or — when the row this call read was stale, a finished row written over a newer round that every put-back
 * failed to undo (delivery.ts saveFinished) — a round that ended long ago. The records decide, read only here: an
 * ended round's outcome is written to the row and answers within its replay window, and past it this send is the
 * round after that one.
 */
async function roundTaken(deps: SendDependencies, existing: Intent, round: number, now: Date): Promise<SendResult> {
  const state = await readRound(deps.deliveries, existing);
  // Under way, or (never with reads that see every write) not yet read: queued to whoever holds it. Only a round at
  // least as new as the one taken is answered for or followed, so each new round this leads to is a later one.
  if (!state.outcome || state.round < round) return resultOf(laterRoundRow(existing, Math.max(round, state.round), Math.max(1, state.last), now, now), true);
  const ended = endedBy(existing, state.outcome);
  await saveFinished(deps, ended);
  if (withinReplayWindow(deps, ended, now)) return replay(ended);
  return newRound(deps, ended, now);
}

/** What an intent stores of its gate: the slot and the limit it is taken under, not this call's take. */
function storedGate({ take: _thisCallsTake, ...gate }: IntentGate & { readonly take: Promise<RateDecision> }): IntentGate {
  return gate;
}

/** Puts the row of a round this call holds back when housekeeping removed it (or it cannot be read to tell). */
async function keepRow(deps: SendDependencies, intent: Intent): Promise<void> {
  const stored = await deps.outbox.create(intent);
  if (!stored.created && !showsRound(stored.existing, intent.round)) await deps.outbox.save(intent);
}

/**
 * Whether a row read back just after claiming attempt 1 of `round` shows that round to the job: nothing of the round
 * can be decided yet, so a finished row, or one of an earlier round, is a stale write that hides it.
 */
function showsRound(row: Intent, round: number): boolean {
  return row.round >= round && !isFinished(row);
}

/** Whether two queries reach the same person: the same words, or resolved to the same participant. */
async function sameRecipient(deps: SendDependencies, stored: ParticipantQuery, asked: ParticipantQuery, resolved: { ok: true; value: Recipient } | { ok: false; error: unknown }): Promise<boolean> {
  const a = validateQuery(stored);
  const b = validateQuery(asked);
  if (a.by === b.by && a.value === b.value) return true;
  if (!resolved.ok) {
    if (isInboxError(resolved.error) && resolved.error.code === 'PARTICIPANT_NOT_FOUND') return false;
    throw resolved.error;
  }
  const before = await resolveRecipient(deps.directory, stored).catch((error: unknown) => {
    if (isInboxError(error) && error.code === 'PARTICIPANT_NOT_FOUND') return undefined;
    throw error;
  });
  return before !== undefined && recipientKey(before.participantId) === recipientKey(resolved.value.participantId);
}

function replay(existing: Intent): SendResult {
  if (existing.status === 'dead') {
    throw new InboxError(existing.lastError?.code ?? 'INBOX_UNAVAILABLE', 'An earlier send with this idempotency key failed and was given up.', {
      ...(existing.lastError?.upstream ? { upstream: existing.lastError.upstream } : {}),
    });
  }
  return resultOf(existing, true);
}

function answer(delivery: Delivery): SendResult {
  const { intent } = delivery;
  if (delivery.contended) {
    // Someone else holds the intent or ended its round: answer with what is recorded.
    if (intent.status === 'dead') return replay(intent);
    return resultOf(intent, true);
  }
  if (intent.status === 'dead') throw delivery.error;
  return resultOf(intent, false);
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
