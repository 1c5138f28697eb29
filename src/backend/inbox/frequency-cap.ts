import { mayHaveSent } from './attempts';
import { InboxError } from './errors';
import { isFinished, type Intent } from './intent';
import { recipientKey, type Recipient } from './participant';
import type { AttemptResult, CapClaim, Clock, DeliveryLog, DeliveryRecord } from './ports';
import type { FrequencyCap } from './template-registry';
import { MAX_CLOCK_SKEW_MS } from './visitor-limits';

/**
 * How long a once-per-24h claim holds, as one container's clock judges another's stamp: a day plus the most two
 * containers' clocks may disagree (visitor-limits.ts), so no real 24 hours ever hold two sends. The price is up to a
 * minute more between two sends as one clock sees it.
 */
const CAP_DAY_MS = 24 * 60 * 60 * 1000 + MAX_CLOCK_SKEW_MS;

/**
 * Whether `intent` may send its template to `recipient` now, claimed atomically (wix-data insert, first writer wins):
 * - once-per-participant: one claim `cap:<template>:<who>`, forever;
 * - once-per-24h: a chain `cap:<template>:<who>:<seq>`; the next link may only be claimed 24 h after the newest, so
 *   two sends can never both pass in any 24 hours, however many race (a fixed daily window would let two through
 *   around midnight, and renewing an old claim by reading then saving it lets every racer through).
 * A claim names its intent and round (claimedBy): a retry within the round still holds it; a new round (the key sent
 * again after its replay window, or a dead message retried) is a new send and claims anew.
 *
 * A member is also the contact they were before signing up, whose claims were made under the contact's chain: the
 * cap is held only when that chain allows it too. It is read beside the member's own chain and decided before the
 * member's claim is inserted, so a send the contact's chain refuses never holds the member's (a contact's send that
 * follows the person to the member after a sign-up then finds the member's chain free, and one of the two goes out).
 * Only a link inserted beside its intent (welcome-back.ts) is in before that read answers: it stays when the contact's
 * chain refuses (docs/decisions/0029-a-third-review.md).
 */
export async function holdsCap(log: DeliveryLog, context: CapContext, intent: Intent, recipient: Recipient, ahead: CapAhead = {}, contactOf?: MemberContact): Promise<boolean> {
  const { clock } = context;
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return true;
  const at = clock.now();
  const asContact = asContactBefore(log, template.name, recipient, ahead, contactOf);
  const allowed = asContact.then((claim) => !refuses(claim, template.frequency, intent, at));
  // Settled below in every branch; marked handled so a branch that answers early leaves no unhandled rejection.
  allowed.catch(() => undefined);
  const chain = capChain(template.name, recipient);
  if (template.frequency === 'once-per-participant') {
    if (!(await allowed)) return false;
    const there = await log.insert({ id: `cap:${chain}`, kind: 'cap', chain, seq: 0, at, ...capOwner(intent) });
    return there === undefined || claimedBy(there, intent);
  }
  const claimed = ahead.claimed;
  if (claimed && claimed.link.chain === chain && claimedBy(claimed.link, intent)) {
    // Inserted beside the intent by a caller that had read the chain first (welcome-back.ts): that insert decided.
    const [answered, free] = await Promise.all([claimed.answer.then((there) => ({ there }), () => undefined), allowed]);
    if (answered) return free && (answered.there === undefined || claimedBy(answered.there, intent));
    // Its answer was lost: whether it was written is read from the chain below, as for any claim.
  }
  // Read ahead by a caller that knew the recipient before the intent was stored: the newest link is the same either way
  // (the insert below decides, and a link claimed since makes it collide).
  const [newest, free] = await Promise.all([ahead.newest ?? log.latestCap(chain), allowed]);
  if (newest && claimedBy(newest, intent)) return free;
  const seq = nextSeq(newest, at) ?? (free && newest ? await pastAVoidLink(log, context, intent, asContact, newest, at) : undefined);
  if (seq === undefined || !free) return false;
  const there = await log.insert(capLink(chain, seq, capOwner(intent), at));
  return there === undefined || claimedBy(there, intent);
}

/**
 * What a cap is decided by beside the claims: the clock, the stale-worker bound (how long a worker's writes may still
 * land: an intent insert after its link, a first attempt unrecorded), and the outbox row of an intent (whether a
 * link's intent was ever stored).
 */
export interface CapContext {
  readonly clock: Clock;
  readonly staleWorkerMs: number;
  rowOf(key: string): Promise<Intent | undefined>;
}

/**
 * The member's next link for a send that holds the day's link of the contact's chain and now goes to the member that
 * contact became, when the member's newest link, less than a day old, belongs to a greeting that never goes out.
 * A login's link is inserted beside its intent, before the contact's chain answers (welcome-back.ts), and stays when
 * that chain refuses it. Without this, the two would hold each other back and nobody would be greeted that day, though
 * both may have been answered `queued` (the chaos greeting story, seeds 5940 and 6788).
 * As the link's records tell its round (linkFate):
 * - ended `skipped` or `dead` with no attempt that may have reached Wix: it never sends (its later rounds claim anew
 *   and find this send's link), so this send takes the link after it. The greeting before that link was claimed at
 *   least a day before it, so the day still counts between every two greetings;
 * - sent, or any attempt that may have sent: it holds the day, and this send is refused, as before;
 * - under way with nothing sent yet: its next check meets this send's contact link and ends it, unless it already
 *   passed its check. Undecided: this attempt fails (retryable, nothing sent) and the next one reads it again, rather
 *   than ending skipped beside a greeting that is about to be skipped too (the job attempts both at once);
 * - ended `skipped` after reading the conversation (`noneSent`: an attempt held back by the cap reconciles first when
 *   an earlier one may have sent, delivery.ts): void too, whatever its earlier attempts were (a worker that died);
 * - no records at all: its intent insert may still land, or its first attempt be under way (the intent row is that
 *   attempt, recorded only when it ends): undecided while the link is younger than the stale-worker bound and the
 *   allowed skew (a login stalled past a lease between its link and its intent insert would otherwise send beside this
 *   one, on a read of the contact's chain made before this send claimed it). Older, its outbox row tells: stored and
 *   unfinished, its worker stopped and the job takes it over (undecided); finished with no record, it may have sent
 *   and nothing will record more (holds); never stored (a login whose intent insert failed), it never
 *   sends unless a later login resumes it (0026), and a resumed greeting claims the link after it first, which is
 *   this send's: void.
 * One read of the link's records (and of its row when they are empty), only on this refusal: never on a send the
 * chains allow, and never for a send that does not hold the contact's link.
 */
async function pastAVoidLink(log: DeliveryLog, context: CapContext, intent: Intent, asContact: Promise<CapClaim | undefined>, newest: CapClaim, at: Date): Promise<number | undefined> {
  if (!claimedBy(await asContact, intent)) return undefined;
  let fate = linkFate(newest, await log.ofIntents([newest.intentKey]));
  if (fate === 'unrecorded') {
    const fresh = at.getTime() - newest.at.getTime() < context.staleWorkerMs + MAX_CLOCK_SKEW_MS;
    fate = fresh ? 'undecided' : unrecordedFate(await context.rowOf(newest.intentKey));
  }
  if (fate === 'undecided') throw new InboxError('INBOX_UNAVAILABLE', 'Another greeting of the day is still being decided.', { retryable: true, waiting: true });
  return fate === 'void' ? newest.seq + 1 : undefined;
}

/**
 * The fate of a link past the stale-worker bound with no record, by its intent's row: never stored, void; unfinished,
 * the job will attempt it and record how it ends (undecided); finished with no record (its result inserts failed and
 * its row was written beside them), it may have sent and nothing will ever record more: it holds the day (waiting on
 * it would wait for ever).
 */
function unrecordedFate(row: Intent | undefined): 'void' | 'holds' | 'undecided' {
  if (!row) return 'void';
  return isFinished(row) ? 'holds' : 'undecided';
}

/**
 * What the round a claim names did with it, as its records tell: `void` (never sends), `holds`, `undecided`, or
 * `unrecorded` (no attempt of it recorded yet).
 */
function linkFate(claim: CapClaim, records: readonly DeliveryRecord[]): 'void' | 'holds' | 'undecided' | 'unrecorded' {
  const round = claim.round ?? 0;
  const results = new Map<number, AttemptResult>();
  let last = 0;
  for (const r of records) {
    if ((r.kind !== 'attempt' && r.kind !== 'result') || r.intentKey !== claim.intentKey || r.round !== round) continue;
    last = Math.max(last, r.attempt);
    if (r.kind === 'result') results.set(r.attempt, r);
  }
  if (last === 0) return 'unrecorded';
  const ended = [...results.values()];
  if (ended.some((r) => r.status === 'sent')) return 'holds';
  if (ended.some((r) => r.status === 'skipped' && r.noneSent === true)) return 'void';
  // Under way, even with an attempt that may have sent (fenced, a lost answer): the cap holds its next attempt back,
  // and one held back after a possible send reads the conversation first (delivery.ts), so the round ends `sent` or
  // `skipped` with `noneSent`. Read as holding now, this send would end skipped for good beside a link found void a
  // moment later.
  if (!ended.some((r) => r.status === 'skipped' || r.status === 'dead')) return 'undecided';
  if (ended.some((r) => r.maySent === true || mayHaveSent(r))) return 'holds';
  // Ended: attempts are claimed one after another, so each before the last has its result (fenced if its worker died).
  for (let n = 1; n <= last; n += 1) if (!results.has(n)) return 'holds';
  return 'void';
}

/** Whom a cap claim names: an intent's key, round and token. */
export type CapOwner = Pick<CapClaim, 'intentKey' | 'round' | 'intentToken'>;

function capOwner(intent: Intent): CapOwner {
  return { intentKey: intent.key, round: intent.round, intentToken: intent.token };
}

/**
 * Whether `claim` was made for this round of this intent: it names the intent's key, its round (a claim without one
 * was written before rounds were recorded: round 0's) and, when it records one, the intent's token. A claim of an
 * earlier round, or of an earlier intent stored under the same key (housekeeping removed it; claims are kept for ever),
 * is an earlier send's: riding on it would let the key send again past the cap.
 */
export function claimedBy(claim: DeliveryRecord | undefined, intent: Pick<Intent, 'key' | 'round' | 'token'>): boolean {
  if (claim?.kind !== 'cap' || claim.intentKey !== intent.key || (claim.round ?? 0) !== intent.round) return false;
  return claim.intentToken === undefined || claim.intentToken === intent.token;
}

/** Reads a member's contact ID (a `getMember` read) when no resolution or session named it. */
export type MemberContact = (memberId: string) => Promise<string | undefined>;

/** The newest claim of the contact a member was before signing up, for the same template; undefined for a contact. */
function asContactBefore(log: DeliveryLog, template: string, recipient: Recipient, ahead: CapAhead, contactOf: MemberContact | undefined): Promise<CapClaim | undefined> {
  if (!('memberId' in recipient.participantId)) return Promise.resolve(undefined);
  if (ahead.asContact) return ahead.asContact;
  const memberId = recipient.participantId.memberId;
  return (async () => {
    const contactId = recipient.contactId ?? (await contactOf?.(memberId));
    return contactId === undefined ? undefined : log.latestCap(contactChain(template, contactId));
  })();
}

/** Whether a claim of the person's other chain stands in the way: another intent's, for ever or for a day. */
function refuses(claim: CapClaim | undefined, frequency: FrequencyCap, intent: Intent, at: Date): boolean {
  if (!claim || claimedBy(claim, intent)) return false;
  return frequency === 'once-per-participant' || (frequency === 'once-per-24h' && at.getTime() - claim.at.getTime() < CAP_DAY_MS);
}

/** What a send learned of its template's once-per-24h chain before its first attempt (send.ts). */
export interface CapAhead {
  /** The chain's newest link, read beside the intent insert. */
  readonly newest?: Promise<CapClaim | undefined>;
  /** The link the send inserted beside its intent, and that insert's answer (undefined: this send wrote it). */
  readonly claimed?: { readonly link: CapClaim; readonly answer: Promise<DeliveryRecord | undefined> };
  /** A member's: the newest claim of the contact they were, read beside the intent insert (see holdsCap). */
  readonly asContact?: Promise<CapClaim | undefined>;
}

/**
 * The seq of the link a once-per-24h chain may take after `newest` at `at`, or undefined while `newest` is younger than
 * 24 h and the allowed clock skew (CAP_DAY_MS: `newest` may have been stamped by a container behind this one).
 */
export function nextSeq(newest: CapClaim | undefined, at: Date): number | undefined {
  if (newest && at.getTime() - newest.at.getTime() < CAP_DAY_MS) return undefined;
  return (newest?.seq ?? 0) + 1;
}

/** Link `seq` of a once-per-24h chain, claimed for one round of one intent. */
export function capLink(chain: string, seq: number, owner: CapOwner, at: Date): CapClaim {
  return { id: `cap:${chain}:${seq}`, kind: 'cap', chain, seq, at, ...owner };
}

/** The chain of claims a template's cap keeps for one person. */
export function capChain(template: string, recipient: Recipient): string {
  return `${template}:${recipientKey(recipient.participantId)}`;
}

/** The chain of the contact a member was before signing up. */
function contactChain(template: string, contactId: string): string {
  return capChain(template, { participantId: { contactId }, kind: 'contact' });
}

/** Reads a once-per-24h chain's newest link ahead of holdsCap (undefined: nothing to read for this template). */
export function readCapAhead(log: DeliveryLog, template: Intent['template'], recipient: Recipient): Promise<CapClaim | undefined> | undefined {
  return template?.frequency === 'once-per-24h' ? log.latestCap(capChain(template.name, recipient)) : undefined;
}

/**
 * Reads ahead of holdsCap the newest claim of the contact a member was, when the member's contact is known (a
 * resolution or the session named it) and the template is capped; undefined otherwise (holdsCap reads it itself).
 */
export function readContactCapAhead(log: DeliveryLog, template: Intent['template'], recipient: Recipient): Promise<CapClaim | undefined> | undefined {
  if (!template || template.frequency === 'every-time' || !('memberId' in recipient.participantId) || recipient.contactId === undefined) return undefined;
  return log.latestCap(contactChain(template.name, recipient.contactId));
}

/**
 * The newest claims of one person's chains for a template: the chain of whom `recipient` names and, for a member, the
 * chain of the contact they were (its ID read when nothing named it). Reconciliation asks it (a failure path) to tell
 * which look-alike greetings ever held the cap: one read per chain, side by side.
 */
export async function personsCapClaims(log: DeliveryLog, template: string, recipient: Recipient, contactOf: MemberContact): Promise<CapClaim[]> {
  const own = log.latestCap(capChain(template, recipient));
  // Settled below; marked handled so a failure of the other read leaves no unhandled rejection.
  own.catch(() => undefined);
  const [mine, asContact] = await Promise.all([own, asContactBefore(log, template, recipient, {}, contactOf)]);
  return [mine, asContact].filter((c): c is CapClaim => c !== undefined);
}

/**
 * Gives back the cap the intent's current round claimed when that round is given up having sent nothing, so a later
 * send can greet the participant.
 */
export async function releaseCap(log: DeliveryLog, intent: Intent, recipient: Recipient): Promise<void> {
  const template = intent.template;
  if (!template || template.frequency === 'every-time') return;
  const newest = await log.latestCap(capChain(template.name, recipient));
  // Only this round's own claim: another send's greeting stands, and so does an earlier round's — the caller knows
  // only that this round sent nothing, and an earlier round's greeting (a lost answer) may have reached the person.
  if (newest && claimedBy(newest, intent)) await log.release(newest.id);
}
