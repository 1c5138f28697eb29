import { cacheNotWritten } from './delivery';
import { isInboxError } from './errors';
import type { Intent } from './intent';
import type { AttemptResult, Clock, DeliveryLog, OutboxStore } from './ports';

/**
 * How an attempt whose message went out writes its `sent` result and its `sent` row. The answers are those of the two
 * single writes made side by side: the result that stands (this one, or the one another worker inserted first), and
 * whether the row was rewritten (false when Wix refused it: the job refreshes it later).
 */
export interface SentWrites {
  write(result: AttemptResult, row: Intent, claimedAt: Date): Promise<SentWritten>;
}

export type SentWritten = readonly [recorded: PromiseSettledResult<AttemptResult>, cached: PromiseSettledResult<boolean>];

/**
 * The writes of many sent attempts, one bulk insert of results and one bulk update of rows per batch
 * (docs/decisions/0027-broadcast-writes-in-bulk.md). Each result is still its own exclusive insert and each row its
 * own update, so every attempt gets exactly the answer its two single writes would have given.
 *
 * A batch is written when it holds `size` attempts, when its oldest attempt was claimed `holdMs` ago (checked on each
 * `write` and `tick`), and from `close` on at every write: a claim stays unresulted for at most about `holdMs`, well
 * within its lease, so another worker finds it live and leaves it alone.
 */
export class SentBatch implements SentWrites {
  readonly #waiting: { result: AttemptResult; row: Intent; claimedAt: number; settle: (written: SentWritten) => void }[] = [];
  #closed = false;

  constructor(
    private readonly store: { readonly deliveries: DeliveryLog; readonly outbox: OutboxStore; readonly clock: Clock },
    private readonly size: number,
    private readonly holdMs: number,
  ) {
    if (!(size >= 1 && size <= 1000)) throw new RangeError('A batch holds 1 to 1,000 attempts (one wix-data bulk call)');
  }

  write(result: AttemptResult, row: Intent, claimedAt: Date): Promise<SentWritten> {
    return new Promise((settle) => {
      this.#waiting.push({ result, row, claimedAt: claimedAt.getTime(), settle });
      this.tick();
    });
  }

  /** Writes the batch now if it is full, old enough, or the batch is closed. */
  tick(): void {
    const oldest = this.#waiting.reduce((min, w) => Math.min(min, w.claimedAt), Number.POSITIVE_INFINITY);
    const due = this.#closed || this.#waiting.length >= this.size || this.store.clock.now().getTime() - oldest >= this.holdMs;
    if (this.#waiting.length > 0 && due) void this.#flush();
  }

  /** Writes what waits now (a caller with nothing else to do: the attempts waiting on it would otherwise wait on). */
  flush(): void {
    if (this.#waiting.length > 0) void this.#flush();
  }

  /** Nothing more is coming soon: what waits is written now, and every later write is written at once. */
  close(): void {
    this.#closed = true;
    this.tick();
  }

  async #flush(): Promise<void> {
    const batch = this.#waiting.splice(0, this.size);
    // Never rejects: each attempt is settled with its own answers, whatever the calls did.
    const [results, rows] = await Promise.all([
      settledAll(() => this.store.deliveries.insertMany(batch.map((w) => w.result)), batch.length),
      settledAll(() => this.store.outbox.saveMany(batch.map((w) => w.row)), batch.length),
    ]);
    batch.forEach((w, n) => {
      const inserted = results[n] as PromiseSettledResult<AttemptResult | undefined>;
      const saved = rows[n] as PromiseSettledResult<void>;
      // As `recordResult`: the record that was there first stands, else this one.
      const recorded: PromiseSettledResult<AttemptResult> =
        inserted.status === 'rejected' ? inserted : { status: 'fulfilled', value: inserted.value?.kind === 'result' ? inserted.value : w.result };
      w.settle([recorded, cachedAnswer(saved)]);
    });
    // A batch larger than `size` waited meanwhile: write the rest too.
    this.tick();
  }
}

/** As `saveCache`: a Wix failure writing the row is reported, not thrown (the job refreshes it); anything else is a bug, this item's rejection. */
function cachedAnswer(saved: PromiseSettledResult<void>): PromiseSettledResult<boolean> {
  if (saved.status === 'fulfilled') return { status: 'fulfilled', value: true };
  if (!isInboxError(saved.reason)) return saved;
  return { status: 'fulfilled', value: cacheNotWritten(saved.reason) };
}

/** The per-item answers of a bulk call; a call that threw instead (a bug in a store) rejects every item with it. */
async function settledAll<T>(call: () => Promise<PromiseSettledResult<T>[]>, count: number): Promise<PromiseSettledResult<T>[]> {
  try {
    return await call();
  } catch (error) {
    return Array.from({ length: count }, () => ({ status: 'rejected' as const, reason: error }));
  }
}
