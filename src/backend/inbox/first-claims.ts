import { attemptId, ownsClaim, resultId } from './attempts';
import { isInboxError } from './errors';
import type { AttemptResult, Clock, DeliveryLog, DeliveryRecord } from './ports';

/** A person's first-attempt claim as the bulk insert answered it. */
export interface FirstClaim {
  /** When the claim was stamped: its lease runs from here. */
  readonly at: Date;
  /** What `DeliveryLog.insert` would have answered: undefined (this call's), the record there first, or the error. */
  readonly taken: PromiseSettledResult<DeliveryRecord | undefined>;
}

/**
 * The first attempts of a broadcast's intents, claimed in bulk just ahead of the workers that make them
 * (docs/decisions/0028-first-attempts-claimed-in-bulk.md): one wix-data `bulkInsert` of `attempt:<key>:0:1` claims
 * the next people in order, and the workers that reach them find their claims made. Each item is still its own "first
 * writer wins" insert: a second start of the same broadcast, asking for the same people, finds them taken by this
 * start's token.
 *
 * A claim must be reached while it is fresh (`freshMs`). The first claim takes a person for every worker (they all
 * start at once). After it, a claim takes as many people as the workers went on to in the latest quarter of `freshMs`
 * (at least one, at most `perCall`: at full speed a round of workers, at 2 sends a second about 7), and it is made as
 * soon as the last person claimed is taken, so that it is under way before the worker going on next asks for it. If
 * the pace holds, a claim is reached within about a quarter of `freshMs`. One reached later anyway
 * (a slow answer, a long pause for Wix's rate limit) is not sent on: its worker ends it with `unsentResult` and claims
 * the next attempt (broadcast.ts).
 */
export class FirstClaims {
  readonly #claims = new Map<number, Promise<FirstClaim>>();
  /** The people workers have taken (each once, in order). */
  readonly #taken = new Set<number>();
  /** When workers went on to a next person within the latest quarter of `freshMs`, oldest first: their pace. */
  readonly #goneOnAt: number[] = [];

  constructor(
    private readonly store: { readonly deliveries: DeliveryLog; readonly clock: Clock },
    private readonly keys: readonly string[],
    private readonly token: string,
    private readonly limits: { readonly workers: number; readonly perCall: number; readonly freshMs: number },
  ) {
    if (!(limits.perCall >= 1 && limits.perCall <= 1000)) throw new RangeError('A bulk claim holds 1 to 1,000 people (one wix-data bulk call)');
    if (!(limits.freshMs > 0)) throw new RangeError('A claim needs some time to be reached in (freshMs > 0)');
  }

  /** Whether a claim is still fresh enough to send on: reached within `freshMs` of its stamp. */
  isFresh(claim: FirstClaim): boolean {
    return this.store.clock.now().getTime() - claim.at.getTime() < this.limits.freshMs;
  }

  /** keys[index]'s claim: made now, with the people after it not claimed yet, unless an earlier call made it. */
  take(index: number): Promise<FirstClaim> {
    if (index < 0 || index >= this.keys.length) throw new RangeError(`no person ${index} in this broadcast`);
    this.#taken.add(index);
    // Each worker's first person is the start, all at once; every later one is a worker going on at its pace.
    if (this.#taken.size > this.limits.workers) this.#goneOnAt.push(this.store.clock.now().getTime());
    if (!this.#claims.has(index)) this.#claimFrom(index);
    // The last person claimed is taken: once the workers' pace is known, the next claim is made now, so that the worker
    // going on next finds it made rather than waiting for it.
    const next = index + 1;
    if (this.#taken.size > this.limits.workers && next < this.keys.length && !this.#claims.has(next)) this.#claimFrom(next);
    return this.#claims.get(index) as Promise<FirstClaim>;
  }

  /** How many people one claim takes now: every worker's at the start, then as many as they went on to lately. */
  #roundSize(): number {
    const { perCall, freshMs } = this.limits;
    if (this.#taken.size <= this.limits.workers) return perCall;
    const since = this.store.clock.now().getTime() - freshMs / 4;
    while ((this.#goneOnAt[0] ?? since) < since) this.#goneOnAt.shift();
    return Math.max(1, Math.min(perCall, this.#goneOnAt.length));
  }

  #claimFrom(first: number): void {
    const at = this.store.clock.now();
    const size = this.#roundSize();
    const people: number[] = [];
    for (let i = first; i < this.keys.length && people.length < size; i += 1) if (!this.#claims.has(i)) people.push(i);
    const records = people.map((i) => claimRecord(this.keys[i] as string, at, this.token));
    // insertMany answers per item and never rejects for a Wix failure; a throw is a bug, every item's rejection.
    const answers = this.store.deliveries.insertMany(records).catch((error: unknown) => records.map(() => ({ status: 'rejected' as const, reason: error })));
    people.forEach((i, n) => {
      this.#claims.set(
        i,
        answers.then((all) => ({ at, taken: all[n] ?? { status: 'rejected', reason: new Error('bulk insert answered fewer items than sent') } })),
      );
    });
  }

  /**
   * Ends, with nothing sent, every claim of this start that no worker took (the budget ran out first): one bulk insert
   * of `failed` results without `maySent`, so the job's attempt need not look for a message first. A claim this insert
   * misses (a Wix failure) simply runs out: the job fences it and reconciles, slower but just as exactly-once.
   * Answers how many claims it ended; a failure that is not Wix's (a bug) is thrown.
   */
  async endUntaken(): Promise<number> {
    const ours: number[] = [];
    for (const [i, claim] of this.#claims) {
      if (this.#taken.has(i)) continue;
      const { taken } = await claim;
      if (taken.status === 'fulfilled' && ownsClaim(taken.value, this.token)) ours.push(i);
    }
    if (ours.length === 0) return 0;
    const at = this.store.clock.now();
    const answers = await this.store.deliveries.insertMany(ours.map((i) => unsentResult(this.keys[i] as string, at)));
    let ended = 0;
    for (const answer of answers) {
      if (answer.status === 'rejected' && !isInboxError(answer.reason)) throw answer.reason;
      if (answer.status === 'fulfilled' && answer.value === undefined) ended += 1;
    }
    return ended;
  }
}

function claimRecord(key: string, at: Date, token: string): DeliveryRecord {
  return { id: attemptId(key, 0, 1), kind: 'attempt', intentKey: key, round: 0, attempt: 1, at, token };
}

/**
 * How a first attempt ends when its worker gives it up before calling Wix: `failed`, and not `maySent`, which is true
 * (sendMessage was never called for it). The next attempt is then claimed as after any failure, with nothing to reconcile.
 */
export function unsentResult(key: string, at: Date): AttemptResult {
  return { id: resultId(key, 0, 1), kind: 'result', intentKey: key, round: 0, attempt: 1, at, status: 'failed', maySent: false };
}
