/**
 * The latest `limit` things pushed, oldest first: the journal's entries and the event log. A long run (a soak makes
 * hundreds of thousands of calls and events) must not keep every one of them; tests that want them all say so.
 * Once full, each push takes the oldest one's place (a ring), so nothing is copied on the way.
 */
export class BoundedList<T> {
  #items: T[] = [];
  /** Where the oldest item is once the ring is full. */
  #head = 0;
  #limit: number;

  constructor(limit: number | 'all') {
    this.#limit = checkedLimit(limit);
  }

  get size(): number {
    return this.#items.length;
  }

  /** How many items are kept (`Infinity`: all). */
  get limit(): number {
    return this.#limit;
  }

  push(item: T): void {
    if (this.#limit === 0) return;
    if (this.#items.length < this.#limit) {
      this.#items.push(item);
      return;
    }
    this.#items[this.#head] = item;
    this.#head = (this.#head + 1) % this.#items.length;
  }

  /** A copy of the kept items, oldest first. */
  toArray(): T[] {
    if (this.#head === 0) return [...this.#items];
    return [...this.#items.slice(this.#head), ...this.#items.slice(0, this.#head)];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    if (this.#items.length === 0) return undefined;
    return this.#items[(this.#head + this.#items.length - 1) % this.#items.length];
  }

  /** Keeps the latest `limit` from now on (`'all'`: every one); a lower limit drops the oldest at once. */
  setLimit(limit: number | 'all'): void {
    const kept = this.toArray();
    this.#limit = checkedLimit(limit);
    this.#items = kept.slice(Math.max(0, kept.length - this.#limit));
    this.#head = 0;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

function checkedLimit(limit: number | 'all'): number {
  if (limit === 'all') return Number.POSITIVE_INFINITY;
  if (!Number.isInteger(limit) || limit < 0) throw new RangeError(`Keeps a whole number of entries or 'all', got ${String(limit)}`);
  return limit;
}
