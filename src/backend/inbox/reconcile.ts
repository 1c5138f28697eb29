import { adoptionId, fenceUnended, lastPossibleSend, liveAttempt, mayHaveSent, roundState, sentToOf, type HeldAttempt } from './attempts';
import type { DeliveryDependencies } from './delivery';
import { isInboxError } from './errors';
import { claimedBy, personsCapClaims } from './frequency-cap';
import { contentSignature, type DeliveredResult, type Intent } from './intent';
import { isSameMessage, sendsSameMessage } from './message-match';
import { recipientKey, resolveRecipients, type Recipient } from './participant';
import type { CapClaim, DeliveryRecord, MessageAdoption, SeenMessage, SentTo } from './ports';

/** Clocks of this container and of Wix may differ a little: a message stamped slightly before an attempt still counts. */
const CLOCK_SKEW_MS = 60_000;
/**
 * Messages per page when reconciliation reads a conversation. It reads on, page after page, back to the start of the
 * oldest round it decides for: a message older than that cannot be one of them, and a busy conversation (more than a
 * page of messages since the attempt) must not hide one that is.
 */
const PAGE_SIZE = 50;
/** Most unfinished look-alike intents considered at once; beyond it, reconciliation waits (never guesses). */
const RIVAL_LIMIT = 1000;

export interface Target {
  readonly conversationId: string;
  readonly recipient: Recipient;
  readonly newConversation: boolean;
}

export type Reconciled =
  /** A message of ours was found (or adopted): nothing is sent. */
  | { readonly adopted: DeliveredResult }
  /** Nothing of ours can be there: send. */
  | { readonly send: true }
  /**
   * Decide on a later attempt: another intent sending the same words to this person is mid-attempt, may still send, or
   * adopted a message at the same moment (`onAnother`: its progress decides, so the wait does not use up one of this
   * round's attempts), or the conversation was merged away or is crowded with look-alikes.
   */
  | { readonly wait: true; readonly onAnother?: true };

/**
 * An earlier attempt may have put our message in the conversation without anyone recording it (a lost answer, a
 * worker stopped after sending). Decide, the same way whoever decides, which of the unrecorded messages with our
 * words is ours — or that none is and we send.
 *
 * Every intent that may own such a message (it had an attempt that may have sent and has not finished, and — for a
 * capped template — holds a claim on the person's cap) is one of the "claimants"; the unclaimed messages (same direction and words, not recorded by any attempt or adoption, not
 * older than the claimants' rounds) are ranked oldest first, the claimants by key, and the claimant of rank i adopts
 * message i (atomically: insert `message:<id>`), or sends when there are fewer messages than its rank. Contents are
 * identical, so any such matching gives each intent one message and each message one intent. Conversations other than
 * the current one that a claimant's lost send went to (recorded as `sentTo`) are read too and matched first (`match`).
 *
 * Safe against workers still running, in this order: the conversation is read first, so any message in it was sent by
 * an attempt claimed before the look-alike intents are read; a look-alike with a live attempt makes us wait, and so does
 * one whose attempt could still send when the conversation was read (its message may be missing from it); every
 * other unended attempt is fenced before its message can be taken, so its worker can never record it afterwards.
 */
export async function reconcile(deps: DeliveryDependencies, intent: Intent, held: HeldAttempt, target: Target): Promise<Reconciled> {
  const signature = contentSignature(intent.content);
  // The current conversation, and every other one an earlier attempt of this round sent to (the participant may have
  // been addressed differently then: a contact who has since become a member was sent to in a detached conversation).
  const places = [target, ...elsewhere([target], held.sentBefore ?? [])];
  const isAlike = (m: SeenMessage) => isSameMessage(intent, m);
  // Any message of this round was sent after it started; older ones are read only if an older look-alike needs them.
  const readSince = new Date(held.startedAt.getTime() - CLOCK_SKEW_MS);
  const readAt = deps.clock.now().getTime();
  const found = await readPlaces(deps, places, true, readSince);
  // A merged conversation's history lives in the participant's thread: when this attempt's conversation is brand new,
  // it is not there (the person signed up while this attempt addressed them as a contact). Decide on a later attempt.
  if (found.gone && target.newConversation) return { wait: true };
  if (!found.some(({ message }) => isAlike(message))) return { send: true };

  const sentWhere = (sentTo: readonly SentTo[]) => new Set(sentTo.map((s) => s.conversationId));
  const claimants = [{ key: intent.key, round: held.round, startedAt: held.startedAt, sentTo: sentWhere(held.sentBefore ?? []) }];
  // Where rival claimants' lost sends went.
  const rivalSentTo: SentTo[] = [];
  const unfinished = await deps.outbox.unfinishedAlike(signature, intent.direction, intent.key, RIVAL_LIMIT);
  if (unfinished.length >= RIVAL_LIMIT) return { wait: true };
  if (unfinished.length > 0) {
    // Who each look-alike reaches (it may name the same person another way: by email, by member ID…).
    const me = recipientKey(target.recipient.participantId);
    // The stored signature covers the words only: the look-alikes are those sending exactly this message.
    const same = unfinished.filter((i) => sendsSameMessage(i, intent));
    const reached = await resolveRecipients(deps.directory, same.map((i) => i.query));
    const rivals = same.filter((_, n) => {
      const r = reached[n];
      return r?.ok === true && recipientKey(r.value.participantId) === me;
    });
    const capped = cappedHolders(deps, rivals, target.recipient);
    const records = rivals.length > 0 ? await deps.deliveries.ofIntents(rivals.map((r) => r.key)) : [];
    const now = deps.clock.now();
    for (const rival of rivals) {
      const state = roundState(rival, records);
      if (state.outcome) continue;
      if (liveAttempt(state, now, deps.settings) !== undefined) return { wait: true, onAnother: true };
      const fenced = await fenceUnended(deps.deliveries, deps.clock, rival.key, state);
      if ('ended' in fenced) continue;
      if (fenced.maySent || [...state.results.values()].some(mayHaveSent)) {
        if (!(await mayHoldCap(capped, rival, state.round))) continue;
        // Its message is ranked among those read only if it was sent before the read. An attempt that was still sending
        // then (its lost answer recorded since, or its lease running out since) may have sent after: ranked now, it
        // would take another's message while its own stays unseen, and that other sends a third. Decide later.
        // A fenced attempt, or one without a result, may send until the stale-worker bound (staleWorkerMs, as its own
        // round's fencer waits: 0009), not only until its lease runs out: a worker stalled past its lease sends later.
        const sentBy = lastPossibleSend(state, deps.settings.staleWorkerMs);
        if (sentBy !== undefined && sentBy + CLOCK_SKEW_MS >= readAt) return { wait: true, onAnother: true };
        // A round after a dead one (its look-back) takes the dead round's message too: it is ranked from that round's
        // start and where its sends went, and waits, as its own attempts do, on a worker of it that may still send.
        const { lookBack } = state;
        if (lookBack?.fencedClaimMs !== undefined && lookBack.fencedClaimMs + deps.settings.staleWorkerMs + CLOCK_SKEW_MS >= readAt) return { wait: true, onAnother: true };
        const sentTo = [...(lookBack?.sentTo ?? []), ...sentToOf([...state.results.values()]), ...fenced.sentTo];
        const startedAt = lookBack ? new Date(Math.min(state.startedAt.getTime(), lookBack.sinceMs)) : state.startedAt;
        claimants.push({ key: rival.key, round: state.round, startedAt, sentTo: sentWhere(sentTo) });
        rivalSentTo.push(...sentTo);
      }
    }
  }
  // Every claimant decides on the messages of the same conversations: a rival's lost send may sit where this intent
  // never sent (it addressed the person before a sign-up). Those rivals are fenced: nothing new can arrive there
  // unrecorded but from a stale worker (the same limit as in the current conversation).
  const more = elsewhere(places, rivalSentTo);
  if (more.length > 0) {
    const theirs = await readPlaces(deps, more, false, readSince);
    if (theirs.gone && target.newConversation) return { wait: true };
    found.push(...theirs);
  }
  const earliest = Math.min(...claimants.map((c) => c.startedAt.getTime())) - CLOCK_SKEW_MS;
  if (earliest < readSince.getTime()) {
    // A look-alike's round began before this one: its message may sit further back than what was read. Only messages
    // older than the first read are taken from this one (they were there before the look-alikes were read).
    const read = [...places, ...more];
    const older = await readPlaces(deps, read, false, new Date(earliest));
    const seen = new Set(found.map(({ message }) => message.messageId));
    const before = older.filter(({ message }) => message.createdAt !== undefined && message.createdAt < readSince && !seen.has(message.messageId));
    found.unshift(...before.sort((x, y) => (x.message.createdAt?.getTime() ?? 0) - (y.message.createdAt?.getTime() ?? 0)));
  }
  const alikeFound = found.filter(({ message }) => isAlike(message));
  const placeOf = new Map(alikeFound.map(({ message, place }) => [message.messageId, place]));
  const alike = alikeFound.map(({ message }) => message);

  // Read after the rivals were fenced: every message an attempt recorded is owned by now. So is every message a row
  // reads `sent` with, though no record names it: a sent attempt writes its row beside its result insert (in bulk in
  // the job), and when that insert fails and the `retrying` row write after it fails too, the row keeps reading `sent`
  // with the message while its records say the round never ended. Such an intent is no claimant (`unfinishedAlike`
  // goes by the row's status) and nothing will attempt it again (the job lists unfinished rows only; a resend replays
  // the row): its message is its own. A row that stops reading `sent` before this read was written `retrying` after
  // its `failed` result, so its intent reconciles for itself later and finds whatever this one adopts owned.
  // Rows are read beside the records: one more call, no more round trips, on this path only.
  const ids = alike.map((m) => m.messageId);
  const [owners, rows] = await Promise.all([deps.deliveries.ownersOf(ids), deps.outbox.naming(ids)]);
  // This round's own adoption; or an earlier round's of this key that no sent result records (it adopted the message,
  // then its result write failed and the round ended dead): that message is this key's, and a round looking back to it
  // (AttemptClaim.lookBack) takes it rather than send a second copy (chaos, dead-keys story, seed 368).
  const mine = owners.find(
    (o): o is MessageAdoption =>
      o.kind === 'message' &&
      o.intentKey === intent.key &&
      (o.round === held.round || (o.round < held.round && !owners.some((r) => r.kind === 'result' && r.intentKey === intent.key && r.round === o.round && r.status === 'sent'))),
  );
  if (mine) return { adopted: delivered(placeOf.get(mine.messageId) ?? target, mine.messageId) };
  const adopt = async (message: SeenMessage): Promise<Reconciled> => {
    const adoption: MessageAdoption = {
      id: adoptionId(message.messageId),
      kind: 'message',
      intentKey: intent.key,
      round: held.round,
      messageId: message.messageId,
      at: deps.clock.now(),
    };
    const there = await deps.deliveries.insert(adoption);
    if (there && !(there.kind === 'message' && there.intentKey === intent.key && there.round === held.round)) return { wait: true, onAnother: true };
    return { adopted: delivered(placeOf.get(message.messageId) ?? target, message.messageId) };
  };
  // This intent's own row for this round names one of these messages, and no record gives it to anyone: a worker of
  // this very round sent it (its row was written beside a result insert that failed). Every other intent counts it
  // as this one's (by the row, below), so this one takes that very message: ranked with the others instead, it could
  // take a look-alike's message while its row goes on naming this one, and that look-alike would find both owned and
  // send again.
  const ownRow = rows.find((row) => row.key === intent.key && row.round === held.round);
  const ownSend = ownRow && sentMessageOf(ownRow).find((id) => !owners.some((o) => ownedMessage(o) === id));
  const ownMessage = ownSend === undefined ? undefined : alike.find((m) => m.messageId === ownSend);
  if (ownMessage) return adopt(ownMessage);
  const owned = new Set([
    ...owners.flatMap((o) => {
      const id = ownedMessage(o);
      return id === undefined ? [] : [id];
    }),
    // This intent's own row for this round names a message of this very round: it is left to the matching below.
    // Another row's message counts as owned, unless the records show that row's round owning a different message
    // (it adopted one before its row, naming its own lost send, was read): a round owns one message, and the one the
    // row names is then nobody's.
    ...rows.flatMap((row) => (row.key === intent.key && row.round === held.round ? [] : sentMessageOf(row).filter((id) => !ownsAnother(owners, row, id)))),
  ]);
  // A rival that already adopted one of these messages has its message (its record of it may still be on the way), and
  // so does one whose row names one of them (counted owned above): ranked again, it would take a second.
  const settled = new Set([
    ...owners.flatMap((o) => (o.kind === 'message' ? [`${o.intentKey}:${o.round}`] : [])),
    ...rows.flatMap((row) => (sentMessageOf(row).some((id) => !ownsAnother(owners, row, id)) ? [`${row.key}:${row.round}`] : [])),
  ]);
  const seeking = claimants.filter((c) => c.key === intent.key || !settled.has(`${c.key}:${c.round}`));
  const since = Math.min(...seeking.map((c) => c.startedAt.getTime())) - CLOCK_SKEW_MS;
  const unclaimed = alike.filter((m) => !owned.has(m.messageId) && (m.createdAt === undefined || m.createdAt.getTime() >= since));
  const message = match(seeking, unclaimed, (m) => placeOf.get(m.messageId)?.conversationId ?? target.conversationId, target.conversationId).get(intent.key);
  if (!message) return { send: true };
  return adopt(message);
}

/** The message a delivery record owns: a sent result's, or an adoption's. */
function ownedMessage(record: DeliveryRecord): string | undefined {
  return record.kind === 'message' || record.kind === 'result' ? record.messageId : undefined;
}

/** Whether the records read show the row's key and round owning a message other than `messageId`. */
function ownsAnother(owners: readonly DeliveryRecord[], row: Intent, messageId: string): boolean {
  return owners.some((o) => (o.kind === 'message' || o.kind === 'result') && o.intentKey === row.key && o.round === row.round && o.messageId !== undefined && o.messageId !== messageId);
}

/** The newest claims of the person's chains, per capped template among the look-alikes (read beside their records). */
type CapHolders = ReadonlyMap<string, Promise<CapClaim[]>>;

/**
 * Starts reading, for each capped template the look-alikes send, the newest claims of the person's chains (the member's
 * and the contact's they were). Read after the conversation: a greeting found there was sent under a claim made before
 * it, so that claim is among these. A failed read fails the reconciliation (it is retried), never admits a look-alike.
 */
function cappedHolders(deps: DeliveryDependencies, rivals: readonly Intent[], recipient: Recipient): CapHolders {
  const holders = new Map<string, Promise<CapClaim[]>>();
  for (const { template } of rivals) {
    if (!template || template.frequency === 'every-time' || holders.has(template.name)) continue;
    const read = personsCapClaims(deps.deliveries, template.name, recipient, (memberId) => deps.directory.memberContactId(memberId));
    // Awaited only when a look-alike of this template may have sent; marked handled so an unread failure is not reported.
    read.catch(() => undefined);
    holders.set(template.name, read);
  }
  return holders;
}

/**
 * Whether a look-alike that may have sent can own a message: a capped template goes out only under a claim on the
 * person's cap, so one that no newest claim names (for its round) never held the cap — it stopped before claiming, or
 * the cap held it back — and it will end skipped, never adopting a message. Counting it a claimant would give it the
 * rank of the intent that does hold the cap, whose own lost greeting would then be sent again. Only the newest claims
 * are read: this intent holds the cap, so an older link is more than a day old, and a look-alike still sending under it
 * is the bound the cap already has for a greeting queued past its day.
 */
async function mayHoldCap(capped: CapHolders, rival: Intent, round: number): Promise<boolean> {
  const claims = rival.template ? capped.get(rival.template.name) : undefined;
  if (!claims) return true;
  return (await claims).some((claim) => claimedBy(claim, { key: rival.key, round, token: rival.token }));
}

/**
 * Which unclaimed message (oldest first) each seeking claimant takes, decided the same way by every claimant. First,
 * each other conversation (in ID order) gives its messages to the claimants whose lost sends went there, by key: a
 * message there can only be one of theirs. Then the claimants left rank the current conversation's messages by key,
 * the claimant of rank i taking message i: contents are identical, so any such matching gives every intent one message
 * and every message one intent. A claimant without a message sends.
 */
function match(
  seeking: readonly { readonly key: string; readonly sentTo: ReadonlySet<string> }[],
  unclaimed: readonly SeenMessage[],
  conversationOf: (m: SeenMessage) => string,
  current: string,
): Map<string, SeenMessage> {
  const byKey = [...seeking].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const taken = new Map<string, SeenMessage>();
  const elsewhereIds = [...new Set(unclaimed.map(conversationOf).filter((id) => id !== current))].sort();
  for (const id of elsewhereIds) {
    const here = unclaimed.filter((m) => conversationOf(m) === id);
    const senders = byKey.filter((c) => !taken.has(c.key) && c.sentTo.has(id));
    senders.forEach((c, i) => {
      const m = here[i];
      if (m) taken.set(c.key, m);
    });
  }
  const inCurrent = unclaimed.filter((m) => conversationOf(m) === current);
  byKey.filter((c) => !taken.has(c.key)).forEach((c, i) => {
    const m = inCurrent[i];
    if (m) taken.set(c.key, m);
  });
  return taken;
}

/** The conversations of `sentTo` not among `read`, each once. */
function elsewhere(read: readonly Target[], sentTo: readonly SentTo[]): Target[] {
  const places = new Map<string, Target>();
  for (const s of sentTo) {
    if (read.some((r) => r.conversationId === s.conversationId) || places.has(s.conversationId)) continue;
    places.set(s.conversationId, { conversationId: s.conversationId, recipient: { participantId: s.participantId, kind: s.kind }, newConversation: s.newConversation });
  }
  return [...places.values()];
}

/**
 * The recent messages of each place, oldest first, with where each was found. The first place is the current
 * conversation when `current` is set: a failure there is the attempt's (a merge since the lookup is handled by it).
 */
async function readPlaces(
  deps: DeliveryDependencies,
  places: readonly Target[],
  current: boolean,
  since: Date,
): Promise<{ message: SeenMessage; place: Target }[] & { gone?: boolean }> {
  // Every read is waited for, even after one fails: none is left running once the attempt has moved on.
  const settled = await Promise.allSettled(
    places.map((place, n) => (current && n === 0 ? deps.inbox.recentMessages(place.conversationId, PAGE_SIZE, since) : readEarlier(deps, place, since))),
  );
  const seen: SeenMessage[][] = [];
  for (const read of settled) {
    if (read.status === 'rejected') throw read.reason;
    seen.push(read.value);
  }
  // recentMessages is newest first.
  const found: { message: SeenMessage; place: Target }[] & { gone?: boolean } = places.flatMap((place, n) =>
    [...(seen[n] ?? [])].reverse().map((message) => ({ message, place })),
  );
  found.gone = seen.some((s) => s === GONE);
  return found;
}

/** What readEarlier answers for a conversation Wix reports gone (merged: its history lives on in the participant's thread). */
const GONE: SeenMessage[] = [];


async function readEarlier(deps: DeliveryDependencies, place: Target, since: Date): Promise<SeenMessage[]> {
  try {
    return await deps.inbox.recentMessages(place.conversationId, PAGE_SIZE, since);
  } catch (error) {
    if (isInboxError(error) && error.conversationGone) return GONE;
    throw error;
  }
}

/**
 * Where a worker that left no record could have sent, other than `target`: a member reached now may have been a contact
 * when that worker resolved them, and a send by contact ID after the sign-up lands in a conversation of its own. That
 * conversation is looked up by that contact ID (one this lookup opens is new and holds nothing); the reconcile path only.
 */
export async function formerAddress(deps: DeliveryDependencies, target: Target): Promise<SentTo | undefined> {
  if (!('memberId' in target.recipient.participantId)) return undefined;
  const contactId = await deps.directory.memberContactId(target.recipient.participantId.memberId);
  if (contactId === undefined) return undefined;
  const conversation = await deps.inbox.getOrCreateConversation({ contactId });
  if (conversation.newConversation || conversation.conversationId === target.conversationId) return undefined;
  return { conversationId: conversation.conversationId, participantId: { contactId }, kind: 'contact', newConversation: false };
}

/** The message a row reads `sent` with, if it does. */
function sentMessageOf(row: Intent): string[] {
  return row.status === 'sent' && row.result && 'messageId' in row.result ? [row.result.messageId] : [];
}

function delivered(target: Target, messageId: string): DeliveredResult {
  return {
    conversationId: target.conversationId,
    messageId,
    participantId: target.recipient.participantId,
    kind: target.recipient.kind,
    newConversation: target.newConversation,
  };
}
