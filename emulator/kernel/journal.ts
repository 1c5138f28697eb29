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

/**
 * Every emulated API call, in order: what tests assert on instead of mocking internals. Entries hold their own copies
 * of the arguments and the result (`snapshot`), so a caller changing what it passed or got back later does not
 * rewrite history.
 */
export class Journal {
  enabled = true;
  readonly #entries: JournalEntry[] = [];
  #seq = 0;

  /** Keeps copies of `args` and `result`, taken when the call completes (what the operation worked with). */
  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.#seq += 1;
    if (!this.enabled) return;
    this.#entries.push({ seq: this.#seq, ...entry, args: snapshot(entry.args), result: snapshot(entry.result) });
  }

  entries(filter?: string | ((entry: JournalEntry) => boolean)): JournalEntry[] {
    if (filter === undefined) return [...this.#entries];
    const keep = typeof filter === 'string' ? (e: JournalEntry) => e.operation === filter : filter;
    return this.#entries.filter(keep);
  }

  count(operation: string, outcome?: JournalEntry['outcome']): number {
    let n = 0;
    for (const e of this.#entries) if (e.operation === operation && (outcome === undefined || e.outcome === outcome)) n += 1;
    return n;
  }

  clear(): void {
    this.#entries.length = 0;
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
