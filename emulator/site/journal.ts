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
}

/** Every emulated API call, in order: what tests assert on instead of mocking internals. */
export class Journal {
  enabled = true;
  readonly #entries: JournalEntry[] = [];
  #seq = 0;

  record(entry: Omit<JournalEntry, 'seq'>): void {
    this.#seq += 1;
    if (this.enabled) this.#entries.push({ seq: this.#seq, ...entry });
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
