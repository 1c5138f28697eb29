import type { DeliverySettings } from './backoff';
import { laterRoundRow, type Intent } from './intent';
import type { AttemptClaim, AttemptResult, Clock, DeliveryLog, DeliveryRecord, LookBack, SentTo } from './ports';

/**
 * The attempts of one intent's round, as the delivery records tell them (the outbox cache is never trusted here).
 * Attempt numbers are claimed contiguously (a worker claims `last + 1` of what it read), so attempt n existing means
 * attempts 1 … n−1 exist too.
 */
export interface RoundState {
  readonly round: number;
  /** attempt number → when and by whom it was claimed. */
  readonly attempts: ReadonlyMap<number, { readonly at: Date; readonly token: string }>;
  readonly results: ReadonlyMap<number, AttemptResult>;
  /** The highest attempt claimed. */
  readonly last: number;
  /** The result that ended the round (sent, skipped or dead), if any. */
  readonly outcome: AttemptResult | undefined;
  /** When the round's first attempt was claimed. */
  readonly startedAt: Date;
  /** An earlier round's message this round must look for first (its attempt 1's claim says so, or the records do). */
  readonly lookBack?: LookBack;
}

export const attemptId = (key: string, round: number, n: number) => `attempt:${key}:${round}:${n}`;
export const resultId = (key: string, round: number, n: number) => `result:${key}:${round}:${n}`;
export const adoptionId = (messageId: string) => `message:${messageId}`;

/**
 * Whether an attempt claim's insert answer says the worker with `token` holds it: written by this insert (undefined),
 * or found carrying its token (its own claim, whose answer was lost).
 */
export function ownsClaim(there: DeliveryRecord | undefined, token: string): boolean {
  return there === undefined || (there.kind === 'attempt' && there.token === token);
}

/** Builds the state of `intent`'s newest round from its records (the intent row is attempt 1 of round 0). */
export function roundState(intent: Intent, records: readonly DeliveryRecord[]): RoundState {
  let round = intent.round;
  for (const r of records) if ((r.kind === 'attempt' || r.kind === 'result') && r.intentKey === intent.key) round = Math.max(round, r.round);
  const attempts = new Map<number, { at: Date; token: string }>();
  // The intent row is attempt 1 of round 0, except for broadcast and delayed intents, whose attempt 1 is claimed like any other.
  if (round === 0 && intent.broadcast === undefined && intent.notBefore === undefined) attempts.set(1, { at: intent.createdAt, token: intent.token });
  const results = new Map<number, AttemptResult>();
  let lookBack: LookBack | undefined;
  for (const r of records) {
    if (r.kind === 'attempt' && r.intentKey === intent.key && r.round === round) attempts.set(r.attempt, { at: r.at, token: r.token });
    if (r.kind === 'attempt' && r.intentKey === intent.key && r.round === round && r.attempt === 1 && r.lookBack) lookBack = r.lookBack;
    if (r.kind === 'result' && r.intentKey === intent.key && r.round === round) results.set(r.attempt, r);
  }
  const last = Math.max(0, ...attempts.keys(), ...results.keys());
  const outcome = [...results.values()].find((r) => r.status === 'sent' || r.status === 'skipped' || r.status === 'dead');
  // Whoever claims a round's first attempt — the call that started it, or the job after that call's claim failed —
  // looks for a dead earlier round's unrecorded message: read from the records when the claim does not carry it
  // (claimNext then writes it into the claim it makes).
  if (!lookBack && round > 0) lookBack = lookBackAfter({ ...intent, round: round - 1 }, records, { onlyAfterDead: true });
  return { round, attempts, results, last, outcome, startedAt: attempts.get(1)?.at ?? intent.createdAt, ...(lookBack ? { lookBack } : {}) };
}

/**
 * What a new round after `ended` (a row read `dead`, or a round its records show dead) must look for first: when an
 * attempt of that round may have sent, its message may be in the conversation with no record, and sent blindly the new
 * round would be a second copy. Read from the key's records up to that round (the new round's own are left out); what
 * that round itself looked back to is carried on, so a chain of dead rounds looks back to the first.
 */
export function lookBackAfter(ended: Intent, records: readonly DeliveryRecord[], options: { onlyAfterDead?: boolean } = {}): LookBack | undefined {
  const upTo = records.filter((r) => !(r.kind === 'attempt' || r.kind === 'result') || r.round <= ended.round);
  const state = roundState(ended, upTo);
  // Read from the records alone (no row saying dead), only a round they show ended dead is looked back to.
  if (options.onlyAfterDead && state.outcome?.status !== 'dead') return undefined;
  // The last attempt's own `dead` result carries maySent when it called sendMessage and lost the answer.
  const mayHave = [...state.results.values()].filter((r) => mayHaveSent(r) || r.maySent === true);
  if (mayHave.length === 0 && !state.lookBack) return undefined;
  const sinceMs = Math.min(state.startedAt.getTime(), state.lookBack?.sinceMs ?? Number.POSITIVE_INFINITY);
  const fenced = [...state.results].flatMap(([n, r]) => (r.status === 'fenced' ? [state.attempts.get(n)?.at.getTime() ?? r.at.getTime()] : []));
  const fencedClaimMs = Math.max(state.lookBack?.fencedClaimMs ?? Number.NEGATIVE_INFINITY, ...fenced);
  return {
    sinceMs,
    sentTo: [...(state.lookBack?.sentTo ?? []), ...mayHave.flatMap((r) => (r.sentTo ? [r.sentTo] : []))],
    ...(Number.isFinite(fencedClaimMs) ? { fencedClaimMs } : {}),
  };
}

/** Until when a worker fenced in the round a look-back follows may still send (undefined when none was, or it is past). */
export function lookBackUnsafeUntil(lookBack: LookBack | undefined, settings: DeliverySettings, now: Date): Date | undefined {
  if (lookBack?.fencedClaimMs === undefined) return undefined;
  const until = new Date(lookBack.fencedClaimMs + settings.staleWorkerMs);
  return until > now ? until : undefined;
}

/** `intent`'s row as the newest round `state` read, pending: what a row left behind a newer round is put back as. */
export function newestRoundRow(intent: Intent, state: RoundState, now: Date, nextAttemptAt: Date): Intent {
  return laterRoundRow(intent, state.round, Math.max(1, state.last), now, nextAttemptAt);
}

export async function readRound(log: DeliveryLog, intent: Intent): Promise<RoundState> {
  return roundState(intent, await log.ofIntents([intent.key]));
}

/** An attempt still within its lease and without a result: its worker may be about to send. */
export function liveAttempt(state: RoundState, now: Date, settings: DeliverySettings): number | undefined {
  for (const [n, claim] of state.attempts) {
    if (!state.results.has(n) && now.getTime() - claim.at.getTime() < settings.leaseMs) return n;
  }
  return undefined;
}

/**
 * The latest moment an attempt of the round `state` read, that may have sent, could have called sendMessage (ms, by
 * its worker's clock): a `failed` result its own worker wrote came after its send; a fenced attempt, or one without a
 * result, could send until `unsafeMs` after its claim (reconcile.ts passes staleWorkerMs: a worker may stall past its
 * lease and still send; 0009 guards a fenced worker that long).
 */
export function lastPossibleSend(state: RoundState, unsafeMs: number): number | undefined {
  let last: number | undefined;
  const upTo = (ms: number) => {
    if (last === undefined || ms > last) last = ms;
  };
  for (const [n, claim] of state.attempts) {
    const result = state.results.get(n);
    if (!mayHaveSent(result)) continue;
    upTo(result && result.status !== 'fenced' ? result.at.getTime() : claim.at.getTime() + unsafeMs);
  }
  for (const [n, result] of state.results) if (!state.attempts.has(n) && mayHaveSent(result)) upTo(result.at.getTime());
  return last;
}

/** Whether an ended attempt may have put a message in the conversation that nobody recorded. */
export function mayHaveSent(result: AttemptResult | undefined): boolean {
  return result === undefined || result.status === 'fenced' || (result.status === 'failed' && result.maySent === true);
}

export interface HeldAttempt {
  readonly round: number;
  readonly attempt: number;
  readonly token: string;
  /** An earlier attempt of this round may have sent: look in the conversation before sending. */
  readonly mustReconcile: boolean;
  /** Where earlier attempts of this round that may have sent called sendMessage: reconciliation looks there too. */
  readonly sentBefore?: readonly SentTo[];
  /**
   * An earlier attempt of this round may have sent and nothing says where: it was fenced (its worker died or stalled
   * before recording anything). Reconciliation also looks where that worker could have addressed the person.
   */
  readonly unknownDestination?: boolean;
  readonly startedAt: Date;
  /** How many earlier attempts of this round only waited on another worker (AttemptResult.waited): not counted. */
  readonly waits?: number;
  /**
   * A fenced attempt's worker may still be running until then: it can no longer record a message, but it may still
   * send one. Until then, an attempt that finds nothing to adopt waits instead of sending anew.
   */
  readonly unsafeUntil?: Date;
}

export type Claim =
  | { readonly held: HeldAttempt }
  /** The round has ended: this is how. */
  | { readonly ended: AttemptResult }
  /** Another worker holds a live attempt (or won the race for the next one). */
  | { readonly busy: true };

/**
 * Claims the next attempt of the intent's round, after ending every earlier attempt that has no result: an attempt
 * whose worker is gone gets a `fenced` result, so that worker can never record a success afterwards (its insert is
 * taken) and whatever it may have sent is reconciled instead. Never claims beside a live attempt.
 */
export async function claimNext(log: DeliveryLog, clock: Clock, settings: DeliverySettings, intent: Intent, token: string, state?: RoundState): Promise<Claim> {
  const current = state ?? (await readRound(log, intent));
  if (current.outcome) return { ended: current.outcome };
  const live = liveAttempt(current, clock.now(), settings);
  // This worker's own claim whose insert answer was lost is still this worker's.
  const mine = live !== undefined && current.attempts.get(live)?.token === token;
  if (live !== undefined && !mine) return { busy: true };
  const n = mine && live !== undefined ? live : current.last + 1;
  const claim: AttemptClaim = {
    id: attemptId(intent.key, current.round, n),
    kind: 'attempt',
    intentKey: intent.key,
    round: current.round,
    attempt: n,
    at: clock.now(),
    token,
    // Attempt 1 of a round after a dead one carries its look-back, as newRound's claim does.
    ...(n === 1 && current.lookBack ? { lookBack: current.lookBack } : {}),
  };
  if (!mine) {
    const taken = await log.insert(claim);
    if (!ownsClaim(taken, token)) return { busy: true };
  }
  const others = { ...current, attempts: new Map([...current.attempts].filter(([k]) => k !== n)) };
  const fenced = await fenceUnended(log, clock, intent.key, others);
  if ('ended' in fenced) return fenced;
  const fencedHere = fenced.lastFencedClaim ? new Date(fenced.lastFencedClaim.getTime() + settings.staleWorkerMs) : undefined;
  const fencedBefore = lookBackUnsafeUntil(current.lookBack, settings, clock.now());
  const unsafeUntil = fencedHere && fencedBefore ? (fencedHere > fencedBefore ? fencedHere : fencedBefore) : (fencedHere ?? fencedBefore);
  const sentBefore = [...(current.lookBack?.sentTo ?? []), ...sentToOf([...current.results.values()]), ...fenced.sentTo];
  const startedAt = current.attempts.size > 0 ? current.startedAt : claim.at;
  const waits = [...current.results.values()].filter((r) => r.waited === true).length;
  return {
    held: {
      ...(waits > 0 ? { waits } : {}),
      round: current.round,
      attempt: n,
      token,
      mustReconcile: fenced.maySent || [...current.results.values()].some(mayHaveSent) || current.lookBack !== undefined,
      ...(sentBefore.length > 0 ? { sentBefore } : {}),
      ...(fenced.maySent || [...current.results.values()].some((r) => r.status === 'fenced') ? { unknownDestination: true } : {}),
      // A round none of whose attempts was claimed before this one starts now: nothing of it can be older. (Falling
      // back to the intent's creation let a later round's reconciliation adopt an earlier round's message whose
      // records housekeeping had removed.)
      // An earlier round's unrecorded message (lookBack) is looked for back to that round's start.
      startedAt: current.lookBack ? new Date(Math.min(startedAt.getTime(), current.lookBack.sinceMs)) : startedAt,
      ...(unsafeUntil && unsafeUntil > clock.now() ? { unsafeUntil } : {}),
    },
  };
}

/** Where the results that may have sent called sendMessage (those that know it). */
export function sentToOf(results: readonly AttemptResult[]): SentTo[] {
  return results.flatMap((r) => (mayHaveSent(r) && r.sentTo ? [r.sentTo] : []));
}

/**
 * Fences every attempt of `state` without a result; reports whether one may have sent (and where, when a result
 * written meanwhile says so), or how the round ended.
 */
export async function fenceUnended(
  log: DeliveryLog,
  clock: Clock,
  key: string,
  state: RoundState,
): Promise<{ maySent: boolean; lastFencedClaim: Date | undefined; sentTo: SentTo[] } | { ended: AttemptResult }> {
  let maySent = false;
  const sentTo: SentTo[] = [];
  let lastFencedClaim: Date | undefined;
  const fencedAt = (n: number) => {
    const at = state.attempts.get(n)?.at;
    if (at && (!lastFencedClaim || at > lastFencedClaim)) lastFencedClaim = at;
  };
  for (const [n, result] of state.results) if (result.status === 'fenced') fencedAt(n);
  for (const n of state.attempts.keys()) {
    if (state.results.has(n)) continue;
    const fence: AttemptResult = { id: resultId(key, state.round, n), kind: 'result', intentKey: key, round: state.round, attempt: n, at: clock.now(), status: 'fenced' };
    const there = await log.insert(fence);
    const result = there?.kind === 'result' ? there : fence;
    if (result.status === 'sent' || result.status === 'skipped' || result.status === 'dead') return { ended: result };
    if (mayHaveSent(result)) maySent = true;
    sentTo.push(...sentToOf([result]));
    if (result.status === 'fenced') fencedAt(n);
  }
  return { maySent, lastFencedClaim, sentTo };
}

/**
 * Records how the held attempt ended. Answers the result that stands: this one, or — when another worker fenced the
 * attempt first — theirs (`fenced`), in which case this worker's outcome does not count.
 */
export async function recordResult(log: DeliveryLog, result: AttemptResult): Promise<AttemptResult> {
  const there = await log.insert(result);
  return there?.kind === 'result' ? there : result;
}
