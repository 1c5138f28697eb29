import type { Item } from './data-filter';

/**
 * Wix Data is eventually consistent: "The Wix Data API is eventually consistent … typically a few seconds"; a read
 * passes `consistentRead: true` to read the primary and see the latest writes (dev.wix.com/api/sdk/data/eventual-consistency;
 * the `consistentRead` read options of `@wix/data` and of Velo's `wix-data` query/get).
 *
 * The emulator models the replica a read without `consistentRead` may hit: it answers with the collection as it was
 * `ms` milliseconds ago on the emulated clock. Every write of a custom collection remembers the item as it was before,
 * for as long as a lagging read could still see that version. Off (0) by default, so that tests reading their own
 * writes through the Velo shims keep the behaviour they were written for; the reliability and chaos suites turn it on.
 */
export class ReadLag {
  #ms = 0;
  /** Per collection and item: the writes of the last `ms`, oldest first, each with the version it replaced. */
  readonly #recent = new Map<string, Map<string, { atMs: number; before: Item | undefined }[]>>();

  get ms(): number {
    return this.#ms;
  }

  set ms(value: number) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError('read lag must be a non-negative number of milliseconds');
    this.#ms = value;
    if (value === 0) this.#recent.clear();
  }

  /** A read that may be served stale: lag is on and the caller did not ask for `consistentRead`. */
  applies(options: { readonly consistentRead?: boolean } | undefined): boolean {
    return this.#ms > 0 && options?.consistentRead !== true;
  }

  /** Records a write of `id` at `atMs`; `before` is the stored version it replaced (undefined for an insert). */
  wrote(collection: string, id: string, before: Item | undefined, atMs: number): void {
    if (this.#ms === 0) return;
    let items = this.#recent.get(collection);
    if (!items) this.#recent.set(collection, (items = new Map()));
    const writes = items.get(id) ?? [];
    writes.push({ atMs, before });
    items.set(id, writes);
  }

  /**
   * The collection as a lagging replica sees it at `nowMs`: items written since `nowMs - ms` in the version they had
   * before their first such write (absent if they were inserted since). Order: untouched items first, in `current`'s
   * order, then the older versions.
   */
  *view(collection: string, current: Iterable<Item>, nowMs: number): Iterable<Item> {
    const items = this.#recent.get(collection);
    if (!items) {
      yield* current;
      return;
    }
    const since = nowMs - this.#ms;
    const stale = new Map<string, Item | undefined>();
    for (const [id, writes] of items) {
      // Writes older than the lag are visible everywhere by now: forget them.
      while (writes.length > 0 && (writes[0] as { atMs: number }).atMs <= since) writes.shift();
      if (writes.length === 0) items.delete(id);
      else stale.set(id, (writes[0] as { before: Item | undefined }).before);
    }
    for (const item of current) if (!stale.has(String(item._id))) yield item;
    for (const before of stale.values()) if (before !== undefined) yield before;
  }

  clear(): void {
    this.#recent.clear();
  }
}
