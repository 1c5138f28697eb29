import { BoundedList } from './bounded-list';
import type { Caller } from './caller';

export interface JournalEntry {
  readonly seq: number;
  readonly at: string;
  /** `<service>.<operation>`, e.g. `inbox.sendMessage`. */
  readonly operation: string;
  readonly caller: Caller;
  readonly elevated: boolean;
  readonly args: readonly unknown[];
  readonly outcome: 'ok' | 'error';
  readonly result?: unknown;
  readonly error?: { readonly message: string; readonly status?: number; readonly code?: string };
  /** The operation's effect happened even though the caller got an error (an injected lost response). */
  readonly applied: boolean;
  /** Emulated time from the call to its answer (injected latency, and whatever moved the clock meanwhile). */
  readonly latencyMs: number;
}

/** How many calls the journal keeps whole (with copies of their arguments and results) unless told otherwise. */
export const DEFAULT_RETAINED_ENTRIES = 10_000;

export interface JournalOptions {
  /**
   * How many of the latest calls are kept whole (default 10,000), or `'all'`: a test that reads the whole history of
   * a long run asks for it. Counts (`count`, `recorded`) cover every call either way.
   */
  readonly retain?: number | 'all';
}

/**
 * Every emulated API call, in order: what tests assert on instead of mocking internals. Entries hold their own copies
 * of the arguments and the result (`snapshot`), so a caller changing what it passed or got back later does not
 * rewrite history.
 *
 * Whole entries are kept for the latest calls only (`retain`): a long run (a soak of 100,000 sends makes about a
 * million calls) would otherwise hold a copy of every argument and result it ever made. Counters per operation and
 * outcome cover every call since the last `clear()`.
 */
export class Journal {
  enabled = true;
  readonly #entries: BoundedList<JournalEntry>;
  readonly #counts = new Map<string, { ok: number; error: number }>();
  #recorded = 0;
  #seq = 0;

  constructor(options: JournalOptions = {}) {
    this.#entries = new BoundedList(options.retain ?? DEFAULT_RETAINED_ENTRIES);
  }

  /** Keeps copies of `args` and `result`, taken when the call completes (what the operation worked with). */
  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.#seq += 1;
    if (!this.enabled) return;
    this.#recorded += 1;
    const counts = this.#counts.get(entry.operation) ?? { ok: 0, error: 0 };
    counts[entry.outcome] += 1;
    this.#counts.set(entry.operation, counts);
    if (this.#entries.limit === 0) return;
    this.#entries.push({ seq: this.#seq, ...entry, args: snapshot(entry.args), result: snapshot(entry.result) });
  }

  /** The entries kept (the latest `retention` calls), oldest first; optionally one operation's, or those passing a test. */
  entries(filter?: string | ((entry: JournalEntry) => boolean)): JournalEntry[] {
    const kept = this.#entries.toArray();
    if (filter === undefined) return kept;
    const keep = typeof filter === 'string' ? (e: JournalEntry) => e.operation === filter : filter;
    return kept.filter(keep);
  }

  /** The newest entry kept, without copying the others. */
  last(): JournalEntry | undefined {
    return this.#entries.last();
  }

  /** Calls of `operation` (with that outcome) since the last `clear()`, whether or not their entries are still kept. */
  count(operation: string, outcome?: JournalEntry['outcome']): number {
    const counts = this.#counts.get(operation);
    if (!counts) return 0;
    return outcome === undefined ? counts.ok + counts.error : counts[outcome];
  }

  /** Calls recorded since the last `clear()`. */
  get recorded(): number {
    return this.#recorded;
  }

  /** Entries kept whole right now (at most `retention`). */
  get retained(): number {
    return this.#entries.size;
  }

  /** How many of the latest calls are kept whole (`Infinity` when all are). */
  get retention(): number {
    return this.#entries.limit;
  }

  /** Keeps the latest `limit` calls whole from now on, or every call (`'all'`); entries beyond a lower limit go. */
  retain(limit: number | 'all'): void {
    this.#entries.setLimit(limit);
  }

  clear(): void {
    this.#entries.clear();
    this.#counts.clear();
    this.#recorded = 0;
  }
}

/**
 * A deep copy of call data for the journal: plain objects (of any realm), arrays and Dates are copied, with their
 * prototypes kept; anything else (class instances, functions, maps) is kept as it is, since API arguments and results
 * are plain data and a test value of another kind should stay the object the test knows. Cheaper than
 * `structuredClone`, and it never throws on a function.
 */
export function snapshot<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(snapshot) as T;
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Date]') {
    const DateOf = (value as unknown as Date).constructor as DateConstructor;
    return new DateOf((value as unknown as Date).getTime()) as T;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  // A plain object's prototype is some realm's Object.prototype (whose own prototype is null), or null.
  if (tag !== '[object Object]' || (proto !== null && Object.getPrototypeOf(proto) !== null)) return value;
  const copy = Object.create(proto as object | null) as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const field = snapshot((value as Record<string, unknown>)[key]);
    if (key === '__proto__') Object.defineProperty(copy, key, { value: field, enumerable: true, writable: true, configurable: true });
    else copy[key] = field;
  }
  return copy as T;
}
